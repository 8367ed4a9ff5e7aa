#!/usr/bin/python3
"""gen_variants.py - variants of generated dossiers that fail, warn and miss.

    /usr/bin/python3 bench/gen_variants.py [--count N] CORPUS_DIR OUTDIR

bench/gen_corpus.py makes dossiers meant to pass or to fail one criterion
each; a rule's branches for a finding, an exemption or a stale paper are
rarely reached there.  This writes, for each of the first N (default 60)
dossiers d*.json of CORPUS_DIR, one variant per change below into OUTDIR
(v00001.json, ...), so that bench/compare_results.sh can compare two builds
on the outcomes these branches give:

- each person verified (verification.persons): finding "disqualifying",
  "concern", or none; status "exempt", "pending", or none (half of them
  without a name, so that messages name them by position);
- each introducer: not official when signing, official only after signing,
  disciplined (without a name), no status; together only since the signing
  (too short), together by residence; a replacement named after the signing,
  one named before it but short of the months (without a name), one whose
  resolution is undated;
- each opinion: dated long before (stale), or undated.

Every variant is valid input.  Deterministic; standard library only.
"""

import argparse
import copy
import glob
import json
import os
import random


def persons_variants(dossier):
    persons = (dossier.get("verification") or {}).get("persons") or []
    rng = random.Random(len(persons))
    changes = [("finding", value) for value in ("disqualifying", "concern", None)]
    changes += [("status", value) for value in ("exempt", "pending", None)]
    for k in range(len(persons)):
        for field, value in changes:
            variant = copy.deepcopy(dossier)
            person = variant["verification"]["persons"][k]
            if value is None:
                person.pop(field, None)
            else:
                person[field] = value
            if field == "status" and rng.random() < 0.5:
                person.pop("name", None)
            yield variant


def introducer_variants(dossier):
    changes = ("probationary", "official_after", "disciplined", "no_status",
               "together_short", "residence", "replacement_late", "replacement_exempt",
               "replacement_undated")
    for k in range(len(dossier.get("introducers") or [])):
        for change in changes:
            variant = copy.deepcopy(dossier)
            introducer = variant["introducers"][k]
            if change == "probationary":
                introducer["status_at_signing"] = "probationary"
            elif change == "official_after":
                introducer["official_since"] = "2030-01-01"
            elif change == "disciplined":
                introducer["disciplined"] = True
                introducer.pop("name", None)
            elif change == "no_status":
                introducer.pop("status_at_signing", None)
            elif change == "together_short":
                introducer["together_since"] = introducer.get("signed_on")
            elif change == "residence":
                introducer["basis"] = "residence"
            elif change == "replacement_late":
                introducer["replacement"] = True
                introducer["replacement_resolution_date"] = "2030-01-01"
            elif change == "replacement_exempt":
                introducer["replacement"] = True
                introducer["replacement_resolution_date"] = "2000-01-01"
                introducer["together_since"] = introducer.get("signed_on")
                introducer.pop("name", None)
            else:
                introducer["replacement"] = True
                introducer.pop("replacement_resolution_date", None)
            yield variant


def opinion_variants(dossier):
    for k in range(len(dossier.get("opinions") or [])):
        variant = copy.deepcopy(dossier)
        variant["opinions"][k]["date"] = "2010-01-01"
        yield variant
        variant = copy.deepcopy(dossier)
        variant["opinions"][k].pop("date", None)
        yield variant


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=60)
    parser.add_argument("corpus")
    parser.add_argument("outdir")
    args = parser.parse_args()
    os.makedirs(args.outdir, exist_ok=True)
    written = 0
    for path in sorted(glob.glob(os.path.join(args.corpus, "d*.json")))[:args.count]:
        with open(path, encoding="utf-8") as f:
            dossier = json.load(f)
        for make in (persons_variants, introducer_variants, opinion_variants):
            for variant in make(dossier):
                written += 1
                name = os.path.join(args.outdir, "v%05d.json" % written)
                with open(name, "w", encoding="utf-8") as out:
                    json.dump(variant, out, ensure_ascii=False)
    print(written)


if __name__ == "__main__":
    main()
