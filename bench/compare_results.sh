#!/bin/sh
# bench/compare_results.sh [--rules-edited] OLD_ADMIT NEW_ADMIT [N] - the
# results of two admit builds on bench's generated corpus, compared byte for byte.
#
# A performance change must not change a single result (issue 11).  Build the
# old tree and the new one (each binary with its own plugins/ beside it, as
# `make` leaves them), then e.g.:
#
#     git worktree add /tmp/base main && make -C /tmp/base -j2 all
#     bench/compare_results.sh /tmp/base/build/admit build/admit
#
# On a corpus of N (default 2000) dossiers from bench/gen_corpus.py (seed
# 20231; d*.json plus the same dossiers as one JSON Lines file) it runs, with
# each binary:
#   1. admit check --format json, Vietnamese, the as_of of each dossier;
#   2. admit check --format jsonl --lang en --as-of 2025-06-01;
#   3. admit check -v (the text report, every criterion), --as-of 2024-01-15;
#   4. admit audit --full -j 2 over the JSON Lines: results.jsonl, summary.json;
#      and the default, brief audit (what passes or does not apply says only
#      so), over the JSON Lines and, --as-of 2031-01-01, over the variants;
#   5. admit check --format json examples/*.json;
#   6. admit check --format jsonl, both languages, --as-of 2015-06-01 and
#      2031-01-01, over the variants bench/gen_variants.py makes of the first
#      60 dossiers (a person's finding or status, an introducer's status, an
#      opinion's date changed: outcomes that fail, warn and miss);
# and compares the outputs and exit statuses with cmp.
#
# Ignored, and only these:
# - "sha256" of each entry of "plugins": a plugin whose code changed is
#   another file with another digest, which is the point of that field (the
#   digests that differ are printed, not hidden; the ruleset digest is
#   compared);
# - the run's clock in the audit's summary.json ("started", "seconds",
#   "records_per_second"), the "chạy lúc TIME" of report.html's footer, and
#   report.xlsx's docProps/core.xml (its creation time); the workbook's other
#   members are compared unzipped.
# With --rules-edited, for a change that edits the rule files but must not
# change what they decide: also the ruleset digests (every digest a result's
# "ruleset" names, wherever it appears: results, summary, reports), which
# identify the rule files' bytes and so must differ; both sides' are printed.
#
# Exit 0: identical; 1: a result differs (a diff excerpt is printed); 2: usage.
set -eu

RULES_EDITED=0
if [ "${1:-}" = --rules-edited ]; then
    RULES_EDITED=1
    shift
fi
[ $# -ge 2 ] || { sed -n '2,3p' "$0" >&2; exit 2; }
OLD=$1 NEW=$2 N=${3:-2000}
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-/usr/bin/python3}
WORK=${COMPARE_DIR:-$(mktemp -d /tmp/admit-compare.XXXXXX)}
CORPUS=$WORK/corpus
mkdir -p "$WORK"
for a in "$OLD" "$NEW"; do
    [ -x "$a" ] || { echo "compare_results: $a is not an executable" >&2; exit 2; }
done

if [ ! -f "$CORPUS/MANIFEST.tsv" ]; then
    "$PYTHON" bench/gen_corpus.py --seed 20231 "$N" "$CORPUS" >/dev/null
fi
if [ ! -d "$WORK/variants" ]; then
    "$PYTHON" bench/gen_variants.py "$CORPUS" "$WORK/variants" >/dev/null
fi
"$PYTHON" - "$CORPUS" "$WORK/corpus.jsonl" <<'PY'
import glob, json, sys
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for f in sorted(glob.glob(sys.argv[1] + "/d*.json")):
        out.write(json.dumps(json.load(open(f, encoding="utf-8")), ensure_ascii=False) + "\n")
PY

run() {  # run SIDE ADMIT
    side=$WORK/$1 admit=$2
    rm -rf "$side" && mkdir -p "$side"
    # shellcheck disable=SC2046
    set -- $(ls "$CORPUS"/d*.json)
    rc=0; "$admit" check --format json "$@" >"$side/check.json" 2>"$side/check.err" || rc=$?
    echo "$rc" >"$side/check.rc"
    rc=0; "$admit" check --format jsonl --lang en --as-of 2025-06-01 "$@" >"$side/check-en.jsonl" \
        2>"$side/check-en.err" || rc=$?
    echo "$rc" >"$side/check-en.rc"
    rc=0; NO_COLOR=1 "$admit" check -v --color never --as-of 2024-01-15 "$@" >"$side/check.txt" \
        2>"$side/check-txt.err" || rc=$?
    echo "$rc" >"$side/check-txt.rc"
    rc=0; "$admit" audit --full -j 2 --progress never --out "$side/audit" "$WORK/corpus.jsonl" \
        >"$side/audit.out" 2>"$side/audit.err" || rc=$?
    echo "$rc" >"$side/audit.rc"
    rc=0; "$admit" audit -j 2 --progress never --out "$side/audit-brief" "$WORK/corpus.jsonl" \
        >"$side/audit-brief.out" 2>"$side/audit-brief.err" || rc=$?
    echo "$rc" >"$side/audit-brief.rc"
    rc=0; "$admit" audit -j 2 --progress never --as-of 2031-01-01 --out "$side/variants-brief" \
        "$WORK/variants" >"$side/variants-brief.out" 2>"$side/variants-brief.err" || rc=$?
    echo "$rc" >"$side/variants-brief.rc"
    rc=0; "$admit" check --format json examples/*.json >"$side/examples.json" 2>"$side/examples.err" \
        || rc=$?
    echo "$rc" >"$side/examples.rc"
    # shellcheck disable=SC2046
    set -- $(ls "$WORK"/variants/v*.json)
    : >"$side/variants.jsonl"
    for as_of in 2015-06-01 2031-01-01; do
        for lang in vi en; do
            rc=0; "$admit" check --format jsonl --lang "$lang" --as-of "$as_of" "$@" \
                >>"$side/variants.jsonl" 2>>"$side/variants.err" || rc=$?
            echo "$rc" >>"$side/variants.rc"
        done
    done
}

run old "$OLD"
run new "$NEW"

# Normalise only the plugin digests (and with --rules-edited the ruleset
# digests); print which ones differed.
"$PYTHON" - "$RULES_EDITED" "$WORK/old" "$WORK/new" <<'PY'
import os, re, sys, zipfile
DIGEST = re.compile(r'("sha256":\s*")([0-9a-f]{64})(")')
TEXT_DIGEST = re.compile(r'(sha256[: ]+)([0-9a-f]{64})')
CLOCK = re.compile(r'("(?:started|seconds|records_per_second)":\s*)("[^"]*"|[0-9.]+)')
STAMP = re.compile(r'(chạy lúc |run at )\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ')
RULESET = re.compile(r'"ruleset":\s*"sha256:([0-9a-f]{64})"')
rules_edited = sys.argv[1] == "1"
seen, rulesets = {}, {}
for side in sys.argv[2:]:
    # The ruleset digests this side's results name, to be hidden everywhere.
    names = set()
    if rules_edited:
        for root, _, files in os.walk(side):
            for name in files:
                if name.endswith((".json", ".jsonl")):
                    text = open(os.path.join(root, name), encoding="utf-8", errors="replace").read()
                    names.update(RULESET.findall(text))
    rulesets[os.path.basename(side)] = names
    hide = re.compile("|".join(sorted(names))) if names else None
    for root, _, files in os.walk(side):
        for name in files:
            path = os.path.join(root, name)
            if name.endswith(".norm"):
                continue
            if name.endswith(".xlsx"):
                with zipfile.ZipFile(path) as z, open(path + ".norm", "wb") as out:
                    for member in sorted(z.namelist()):
                        if member != "docProps/core.xml":
                            body = z.read(member)
                            if hide is not None:
                                body = re.sub(hide.pattern.encode(), b"<ruleset digest>", body)
                            out.write(member.encode() + b"\n" + body + b"\n")
                continue
            data = open(path, encoding="utf-8", errors="surrogateescape").read()
            def plug(m, side=side, path=path):
                seen.setdefault(os.path.basename(side), set()).add(m.group(2))
                return m.group(1) + "<plugin digest>" + m.group(3)
            # Only the digests inside a "plugins" array: the ruleset digest stays.
            out, pos = [], 0
            for pm in re.finditer(r'"plugins":\s*\[[^\]]*\]', data):
                out.append(data[pos:pm.start()])
                out.append(DIGEST.sub(plug, pm.group(0)))
                pos = pm.end()
            out.append(data[pos:])
            data = "".join(out)
            if hide is not None:
                data = hide.sub("<ruleset digest>", data)
            if name == "summary.json":
                data = CLOCK.sub(lambda m: m.group(1) + "<clock>", data)
            if name == "report.html":
                data = STAMP.sub(lambda m: m.group(1) + "<clock>", data)
            open(path + ".norm", "w", encoding="utf-8", errors="surrogateescape").write(data)
old, new = seen.get("old", set()), seen.get("new", set())
if old != new:
    print("compare_results: plugin digests differ (ignored): old %s, new %s"
          % (sorted(d[:12] for d in old - new), sorted(d[:12] for d in new - old)))
if rules_edited:
    print("compare_results: ruleset digests (ignored, --rules-edited): old %s, new %s"
          % (sorted(d[:12] for d in rulesets.get("old", ())),
             sorted(d[:12] for d in rulesets.get("new", ()))))
PY

status=0
for f in check.json check.rc check-en.jsonl check-en.rc check.txt check-txt.rc check.err check-en.err \
         check-txt.err audit/results.jsonl audit/summary.json audit/report.csv audit/report.html \
         audit/report.xlsx audit.rc audit-brief/results.jsonl audit-brief/summary.json \
         audit-brief.rc variants-brief/results.jsonl variants-brief/summary.json \
         variants-brief.rc examples.json examples.rc variants.jsonl variants.err variants.rc; do
    if [ ! -e "$WORK/old/$f" ] && [ ! -e "$WORK/new/$f" ]; then
        continue
    fi
    if cmp -s "$WORK/old/$f.norm" "$WORK/new/$f.norm" 2>/dev/null || \
       { [ ! -e "$WORK/old/$f.norm" ] && cmp -s "$WORK/old/$f" "$WORK/new/$f"; }; then
        printf '  same  %-30s %10d bytes\n' "$f" "$(wc -c <"$WORK/new/$f")"
    else
        printf '  DIFF  %s\n' "$f"
        diff "$WORK/old/$f.norm" "$WORK/new/$f.norm" | head -20
        status=1
    fi
done
n="$(ls "$CORPUS"/d*.json | wc -l) dossiers and $(ls "$WORK"/variants/v*.json | wc -l) variants"
if [ "$status" = 0 ]; then
    echo "compare_results: identical on $n (outputs in $WORK)"
else
    echo "compare_results: RESULTS DIFFER on $n (outputs in $WORK)"
fi
exit "$status"
