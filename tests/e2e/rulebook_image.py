#!/usr/bin/env python3
"""tests/e2e/rulebook_image.py: the shipped rulebook's build-time image is
used only for the shipped rulebook's very bytes.

admit carries what loading the rulebook it was built from computes (the
message catalogue, the dossier schema without its annotations, the schema's
array names: engine/rulebook_image.h) and uses it when the rulebook it reads
has the same texts, byte for byte; any other rulebook is loaded from its
files.  Through `admit check --rules COPY` on a copy of rules/:

  - an untouched copy in another folder: the same result, byte for byte, as
    the shipped rulebook (same digest: the image is the catalogue);
  - a copy with one message text changed: the new text is shown, in both
    languages, where the old one was, and nothing else changes but the
    ruleset's digest;
  - a copy whose only change is a comment in a rule file: the same result but
    the digest (the catalogue loaded from the files equals the image);
  - a copy with a message file that does not load: refused as before, the
    file named.

Environment: ADMIT (the binary).  Ends with "N passed, M failed".
"""
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "lib"))
import tap  # noqa: E402
from tap import check  # noqa: E402
from admit_e2e import ADMIT, scratch  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DOSSIER = os.path.join(ROOT, "examples", "admission-2023.json")
AS_OF = "2026-01-01"


def run(lang, rules=None):
    cmd = [ADMIT, "check", "--format", "json", "--lang", lang, "--as-of", AS_OF]
    if rules is not None:
        cmd += ["--rules", rules]
    p = subprocess.run(cmd + [DOSSIER], capture_output=True, env=dict(os.environ, NO_COLOR="1"))
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


def without_digest(text):
    doc = json.loads(text)
    doc.pop("ruleset", None)
    return doc


def copy_rules(tmp, name):
    path = os.path.join(tmp, name)
    shutil.copytree(os.path.join(ROOT, "rules"), path)
    return path


def main():
    tmp = scratch("admit-image-")
    shipped = {lang: run(lang) for lang in ("vi", "en")}
    for lang, (rc, out, err) in shipped.items():
        check(rc == 0 and out and not err, f"shipped rulebook ({lang}) checks", (rc, err))

    same = copy_rules(tmp, "same")
    for lang in ("vi", "en"):
        rc, out, err = run(lang, same)
        check((rc, out, err) == shipped[lang],
              f"an untouched copy gives the shipped result byte for byte ({lang})", err or out[:500])

    edited = copy_rules(tmp, "edited")
    path = os.path.join(edited, "messages", "age.json")
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    old = doc["age.min.ok"]
    doc["age.min.ok"] = {"vi": "TUỔI ĐÃ SỬA " + old["vi"], "en": "AGE EDITED " + old["en"]}
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
    for lang, mark in (("vi", "TUỔI ĐÃ SỬA "), ("en", "AGE EDITED ")):
        rc, out, err = run(lang, edited)
        got = without_digest(out) if rc == 0 else {}
        want = without_digest(shipped[lang][1])
        shown = [e for e in got.get("results", []) if e.get("message", "").startswith(mark)]
        check(rc == 0 and [e["rule"] for e in shown] == ["age.min"],
              f"an edited message is shown from the copy's file ({lang})", err or out[:800])
        for e in shown:
            e["message"] = e["message"][len(mark):]
        check(got == want, f"nothing else changes with the edited message ({lang})")
        check(rc == 0 and json.loads(out)["ruleset"] != json.loads(shipped[lang][1])["ruleset"],
              f"the edited rulebook has its own digest ({lang})")

    commented = copy_rules(tmp, "commented")
    with open(os.path.join(commented, "age.lua"), "a", encoding="utf-8") as f:
        f.write("\n-- a comment: the catalogue is loaded from the files, and equal\n")
    rc, out, err = run("vi", commented)
    check(rc == 0 and without_digest(out) == without_digest(shipped["vi"][1]),
          "a rule file's comment changes nothing but the digest", err or out[:500])

    broken = copy_rules(tmp, "broken")
    with open(os.path.join(broken, "messages", "age.json"), "a", encoding="utf-8") as f:
        f.write("{")
    rc, out, err = run("en", broken)
    check(rc != 0 and "age.json" in err and not out, "a broken message file is refused, named",
          (rc, err))
    tap.finish()


if __name__ == "__main__":
    main()
