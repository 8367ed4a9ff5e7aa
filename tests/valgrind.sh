#!/usr/bin/env bash
# tests/valgrind.sh BUILD: the unit tests and end-to-end runs of BUILD/admit
# under valgrind (memcheck).  Used by `make valgrind`.
#
# A run passes when it exits with its expected code and valgrind reported
# nothing: no invalid access, no use of uninitialised memory, no definitely
# or indirectly lost block.  Blocks still reachable at exit (plugins loaded
# with dlopen, libc and Lua internals) are not errors.
#
# One line per run, "ok N - ..." or "not ok N - ..." (with the valgrind
# excerpt), then "N passed, M failed"; exit 1 when anything failed.
set -u
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2
export ADMIT="$root/$build/admit"
export ADMIT_BUILD="$root/$build"
export ADMIT_TEST_PLUGINS="$root/$build/tests/plugins"
export NO_COLOR=1
unset ADMIT_LANG

if ! command -v valgrind >/dev/null 2>&1; then
  echo "not ok 1 - valgrind is not installed (make deps)"
  echo "0 passed, 1 failed"
  exit 1
fi
if [ ! -x "$ADMIT" ]; then
  echo "not ok 1 - no $ADMIT (make BUILD=$build)"
  echo "0 passed, 1 failed"
  exit 1
fi

# --show-leak-kinds matches --errors-for-leak-kinds so that, with -q, the
# valgrind log is empty unless something counts as an error.
VALGRIND=(valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect
          --show-leak-kinds=definite,indirect --track-origins=no -q)
log_dir="$root/$build/valgrind-logs"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/admit-valgrind.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$log_dir"
n=0
passed=0
failed=0

# vg NAME EXPECTED_CODES COMMAND...: run COMMAND under valgrind; its stdout and
# stderr go to $log_dir/NAME.log, valgrind's own report to NAME.vg.
# EXPECTED_CODES is a list like "0" or "0 1".
vg() {
  local name=$1 expected=$2 rc ok=0 code
  shift 2
  n=$((n + 1))
  local file
  file=$(printf '%s' "$name" | tr -c 'A-Za-z0-9._-' '_')
  local log="$log_dir/$file.log" vglog="$log_dir/$file.vg"
  local follow=()
  [ -n "${VG_FOLLOW:-}" ] && follow=(--trace-children=yes)   # a test that execs itself
  "${VALGRIND[@]}" "${follow[@]}" --log-file="$vglog" "$@" >"$log" 2>&1 </dev/null
  rc=$?
  for code in $expected; do
    [ "$rc" -eq "$code" ] && ok=1
  done
  # with -q valgrind writes only what it found
  if [ -s "$vglog" ]; then
    ok=0
  fi
  if [ "$ok" -eq 1 ]; then
    passed=$((passed + 1))
    echo "ok $n - $name"
  else
    failed=$((failed + 1))
    echo "not ok $n - $name (exit $rc, expected $expected)"
    echo "#   command: $*"
    if [ -s "$vglog" ]; then
      sed 's/^/#   | /' "$vglog" | head -n 80
    else
      tail -n 30 "$log" | sed 's/^/#   > /'
    fi
  fi
}

for t in "$build"/tests/test_*; do
  [ -x "$t" ] && [ -f "$t" ] || continue
  case $(basename "$t") in
    # runs its tests from a copy of itself (exec): valgrind must follow it
    test_serve_pool) VG_FOLLOW=1 vg "unit/$(basename "$t")" 0 "$t" ;;
    *) vg "unit/$(basename "$t")" 0 "$t" ;;
  esac
done

for f in examples/*.json; do
  name=$(basename "$f" .json)
  # eligible or not: the verdict is not what is tested here
  vg "check $name (text)" "0 1" "$ADMIT" check -v "$f"
  vg "check $name (json)" "0 1" "$ADMIT" check --format json --lang en "$f"
done

sed 's/"birth_date": "1996-08-14"/"birth_date": "1996-02-30"/' examples/admission-2023.json \
  >"$tmp/invalid-date.json"
printf '{"format": "admit.dossier/1",\n  "id": }\n' >"$tmp/bad-json.json"
vg "check invalid date (text)" 2 "$ADMIT" check "$tmp/invalid-date.json"
vg "check invalid inputs among several (json)" 2 \
  "$ADMIT" check --format json examples/admission-2023.json "$tmp/invalid-date.json" \
  "$tmp/bad-json.json" "$tmp/no-such-file.json"
vg "check --rules /nonexistent" 3 "$ADMIT" check --rules /nonexistent examples/admission-2023.json
# the shipped plugins (rules need vncal) and a test plugin, loaded with dlopen
if [ -f "$ADMIT_TEST_PLUGINS/minimal.so" ]; then
  mkdir -p "$tmp/plugins"
  if [ -d "$build/plugins" ]; then
    cp -R "$build/plugins/." "$tmp/plugins/"
  fi
  cp "$ADMIT_TEST_PLUGINS/minimal.so" "$tmp/plugins/"
  vg "check with the shipped plugins and a test plugin" "0" \
    "$ADMIT" check --plugins "$tmp/plugins" examples/admission-2023.json
fi
vg "check --plugins none" "0 1 3" "$ADMIT" check --plugins none examples/admission-2023.json
vg "test tests/rules" 0 "$ADMIT" test tests/rules
vg "version" 0 "$ADMIT" version

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
