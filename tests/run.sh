#!/usr/bin/env bash
# tests/run.sh BUILD: run every test suite against the build in BUILD and end
# with one line totalling them all: "N passed, M failed".
#
# Suites: the cmocka unit tests (BUILD/tests/test_*), the rulebook's own cases
# (admit test tests/rules), the cases that need a member registry (admit test
# --registry BUILD/test-registry.db tests/rules-registry), and the end-to-end
# tests (tests/e2e/*.sh, *.py),
# each of which ends its output with its own "N passed, M failed" line.
# A suite that dies without its summary counts as one failure.
set -u
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2
export ADMIT="$root/$build/admit"
export ADMIT_BUILD="$root/$build"
export ADMIT_TEST_PLUGINS="$root/$build/tests/plugins"
export NO_COLOR=1
unset ADMIT_LANG
passed=0
failed=0
log_dir="$root/$build/test-logs"
mkdir -p "$log_dir"

# add_counts NAME OUTPUT_FILE EXIT_CODE: read a suite's own totals.
add_counts() {
  local name=$1 file=$2 rc=$3 p f line
  line=$(grep -E '^([A-Za-z]+: )?[0-9]+ passed, [0-9]+ failed' "$file" | tail -n 1)
  if [ -n "$line" ]; then
    p=$(sed -E 's/^([A-Za-z]+: )?([0-9]+) passed.*/\2/' <<<"$line")
    f=$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")
  else
    # cmocka prints a summary per group: add them up
    p=$(grep -oE '\[  PASSED  \] [0-9]+' "$file" | grep -oE '[0-9]+$' | awk '{s += $1} END {print s + 0}')
    f=$(grep -oE '\[  FAILED  \] [0-9]+' "$file" | grep -oE '[0-9]+$' | awk '{s += $1} END {print s + 0}')
    p=${p:-0}
    f=${f:-0}
    if [ -z "$(grep -E '\[  (PASSED|FAILED)  \]' "$file")" ]; then
      f=1   # no summary at all: the suite crashed
    fi
  fi
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
    f=1     # a non-zero exit with nothing failed is still a failure
  fi
  passed=$((passed + p))
  failed=$((failed + f))
  printf '%-28s %4d passed, %d failed\n' "$name" "$p" "$f"
  if [ "$f" -ne 0 ]; then
    sed 's/^/    | /' "$file" | tail -n 60
  fi
}

for t in "$build"/tests/test_*; do
  [ -x "$t" ] || continue
  name=$(basename "$t")
  "$t" >"$log_dir/$name.log" 2>&1
  add_counts "unit/$name" "$log_dir/$name.log" $?
done

# The rule cases run twice, without and with a member registry; the second
# run adds its coverage to the first's and requires 100% of the union.
coverage_state="$root/$build/rules-coverage.json"
rm -f "$coverage_state"
"$ADMIT" test --coverage-state "$coverage_state" tests/rules >"$log_dir/rules.log" 2>&1
add_counts "rules (admit test)" "$log_dir/rules.log" $?

# The registry the second suite uses: schemas/registry.sql, then the rows of
# tests/fixtures/registry.sql (python3's sqlite3: the sqlite3 CLI is optional).
registry_db="$root/$build/test-registry.db"
rm -f "$registry_db"
if /usr/bin/python3 - "$registry_db" schemas/registry.sql tests/fixtures/registry.sql \
     >"$log_dir/rules-registry.log" 2>&1 <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for script in sys.argv[2:]:
    with open(script, encoding="utf-8") as f:
        db.executescript(f.read())
db.commit()
db.close()
PY
then
  "$ADMIT" test --registry "$registry_db" --coverage-state "$coverage_state" \
    --coverage-min 100 tests/rules-registry >"$log_dir/rules-registry.log" 2>&1
  add_counts "rules (with --registry)" "$log_dir/rules-registry.log" $?
else
  add_counts "rules (with --registry)" "$log_dir/rules-registry.log" 1
fi

for t in tests/e2e/*.sh tests/e2e/*.py; do
  [ -f "$t" ] || continue
  name=$(basename "$t")
  case "$t" in
    *.py) /usr/bin/python3 "$t" >"$log_dir/$name.log" 2>&1 ;;
    *) bash "$t" >"$log_dir/$name.log" 2>&1 ;;
  esac
  add_counts "e2e/$name" "$log_dir/$name.log" $?
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
