#!/bin/sh
# tests/tsan.sh BUILD - `admit audit` under ThreadSanitizer (`make tsan`).
#
# BUILD holds an admit built with -fsanitize=thread.  A generated corpus
# (bench/gen_corpus.py, 240 dossiers) is audited as JSON Lines with -j 4 and
# a member registry (the registry plugin's shared connection is queried from
# every worker), then with -j 1; any data race stops the run (halt_on_error)
# and the two results.jsonl must be byte-identical; the same with
# --compare-profile (every profile's chain in every worker).  A few minutes at most
# on two cores.  Ends with "N passed, M failed".
set -u
BUILD=${1:-build-tsan}
cd "$(dirname "$0")/.."
ADMIT=$BUILD/admit
TMP=$(mktemp -d /tmp/admit-tsan-XXXXXX)
trap 'rm -rf "$TMP"' EXIT
export TSAN_OPTIONS="halt_on_error=1 exitcode=66 second_deadlock_stack=1"
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok - $1"; }
bad() { failed=$((failed + 1)); echo "not ok - $1"; }

python3 bench/gen_corpus.py --seed 11 240 "$TMP/corpus" >/dev/null || exit 1
python3 - "$TMP/corpus" "$TMP/corpus.jsonl" <<'PY'
import json, os, sys
names = sorted(n for n in os.listdir(sys.argv[1]) if n.endswith(".json"))
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for n in names:
        with open(os.path.join(sys.argv[1], n), encoding="utf-8") as f:
            out.write(json.dumps(json.load(f), ensure_ascii=False) + "\n")
PY
"$ADMIT" registry init "$TMP/registry.db" >/dev/null 2>&1 &&
    "$ADMIT" registry import --registry "$TMP/registry.db" examples/registry-members.csv \
        >/dev/null 2>&1 || true
REG=""
[ -s "$TMP/registry.db" ] && REG="--registry $TMP/registry.db"

# shellcheck disable=SC2086
"$ADMIT" audit --as-of 2026-01-01 $REG -j 4 --out "$TMP/j4" "$TMP/corpus.jsonl" "$TMP/corpus" \
    2>"$TMP/j4.err"
rc=$?
if [ $rc -eq 0 ]; then ok "audit -j 4 under ThreadSanitizer: no data race"
else bad "audit -j 4 under ThreadSanitizer exited $rc"; head -60 "$TMP/j4.err"; fi
# shellcheck disable=SC2086
"$ADMIT" audit --as-of 2026-01-01 $REG -j 1 --out "$TMP/j1" "$TMP/corpus.jsonl" "$TMP/corpus" \
    2>"$TMP/j1.err"
if cmp -s "$TMP/j1/results.jsonl" "$TMP/j4/results.jsonl"; then ok "-j 4 and -j 1 give the same bytes"
else bad "-j 4 and -j 1 differ"; fi
# Every worker holds every profile's chain and evaluates each record twice:
# as its committee selects, and under a proposed profile.
"$ADMIT" audit --as-of 2026-01-01 -j 4 --compare-profile dang-uy-so-mau --out "$TMP/c4" \
    "$TMP/corpus.jsonl" 2>"$TMP/c4.err"
rc=$?
if [ $rc -eq 0 ] && [ -s "$TMP/c4/compare.jsonl" ]; then
    ok "audit -j 4 --compare-profile under ThreadSanitizer: no data race"
else bad "audit -j 4 --compare-profile under ThreadSanitizer exited $rc"; head -60 "$TMP/c4.err"; fi
"$ADMIT" audit --as-of 2026-01-01 -j 1 --compare-profile dang-uy-so-mau --out "$TMP/c1" \
    "$TMP/corpus.jsonl" 2>"$TMP/c1.err"
if cmp -s "$TMP/c1/compare.jsonl" "$TMP/c4/compare.jsonl"; then
    ok "--compare-profile: -j 4 and -j 1 give the same compare.jsonl"
else bad "--compare-profile: -j 4 and -j 1 differ"; fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
