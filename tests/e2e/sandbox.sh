#!/usr/bin/env bash
# tests/e2e/sandbox.sh: rules that attack the sandbox, end to end.
#
# `admit check` with the rulebook tests/fixtures/evil-rules: every evil.* rule
# (an endless loop, unbounded allocation, a pathological pattern, io/os/debug/
# load/string.dump, the shared metatables, a raised error, a bad return, ...)
# must give an `error` entry for itself alone whose message names the reason;
# good.after, the last rule, must still pass; the verdict is "error", the
# exit code 3, the process does not crash, and the whole run is quick.
# Run from anywhere; ADMIT is the binary (default ./admit of the repository).
#
# Prints "ok N - ..." / "not ok N - ..." and ends with "N passed, M failed".
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 2
ADMIT=${ADMIT:-./admit}
PY=/usr/bin/python3
RULES=tests/fixtures/evil-rules
DOSSIER=examples/admission-2023.json
export NO_COLOR=1
unset ADMIT_LANG

tmp=$(mktemp -d "${TMPDIR:-/tmp}/admit-sandbox.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
n=0
passed=0
failed=0

ok() {
  n=$((n + 1))
  passed=$((passed + 1))
  echo "ok $n - $1"
}

not_ok() {
  n=$((n + 1))
  failed=$((failed + 1))
  echo "not ok $n - $1"
  [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/#   /'
}

# check DESCRIPTION COMMAND...: ok when COMMAND succeeds; its output explains a failure.
check() {
  local what=$1 out
  shift
  if out=$("$@" 2>&1); then
    ok "$what"
  else
    not_ok "$what" "$out"
  fi
}

# now_ms: a monotonic-enough clock in milliseconds.
now_ms() {
  echo $(($(date +%s%N) / 1000000))
}

# entry FILE INDEX RULE STATUS [NEEDLE...]: in the result at INDEX of FILE (a
# result, or an array of results), the entry of RULE has STATUS and a message
# containing every NEEDLE.
entry() {
  $PY - "$@" <<'EOF'
import json, sys
path, index, rule, status, needles = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5:]
doc = json.load(open(path, encoding="utf-8"))
result = doc[index] if isinstance(doc, list) else doc
found = [e for e in result["results"] if e["rule"] == rule]
if len(found) != 1:
    sys.exit(f"{len(found)} entries for {rule}")
e = found[0]
if e["status"] != status:
    sys.exit(f"{rule}: status {e['status']!r}, expected {status!r}; message: {e['message']}")
missing = [s for s in needles if s not in e["message"]]
if missing:
    sys.exit(f"{rule}: message {e['message']!r} does not contain {missing}")
EOF
}

if [ ! -x "$ADMIT" ]; then
  not_ok "$ADMIT is not an executable (make)"
  echo "$passed passed, $((failed)) failed"
  exit 1
fi

# -- one dossier, JSON -------------------------------------------------------
marker=/tmp/admit-sandbox-escaped   # what evil.os would create
had_marker=0
[ -e "$marker" ] && had_marker=1
start=$(now_ms)
"$ADMIT" check --format json --lang en --plugins none --rules "$RULES" "$DOSSIER" \
  >"$tmp/one.json" 2>"$tmp/one.err"
rc=$?
elapsed=$(($(now_ms) - start))

if [ "$rc" -eq 3 ]; then
  ok "exit code 3 (an engine-level error in a rule)"
else
  not_ok "exit code 3 (got $rc)" "$(head -c 2000 "$tmp/one.err")"
fi
if [ "$elapsed" -lt 10000 ]; then
  ok "the whole run takes under 10 s (${elapsed} ms)"
else
  not_ok "the whole run takes under 10 s (${elapsed} ms)"
fi
if [ ! -s "$tmp/one.err" ]; then
  ok "nothing on stderr (no crash, no sanitizer report)"
else
  not_ok "nothing on stderr" "$(head -c 2000 "$tmp/one.err")"
fi
check "the output is one result with verdict \"error\"" $PY -c '
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
if r.get("verdict") != "error":
    sys.exit("verdict %r" % r.get("verdict"))
' "$tmp/one.json"
check "one entry per catalog rule, in catalog order, good.after last" $PY -c '
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
catalog = [c["id"] for c in json.load(open(sys.argv[2], encoding="utf-8"))["rules"]]
got = [e["rule"] for e in r["results"]]
if got != catalog:
    sys.exit("entries %s\ncatalog %s" % (got, catalog))
if catalog[-1] != "good.after":
    sys.exit("good.after is not last in the catalog")
errors = [e["rule"] for e in r["results"] if e["status"] == "error"]
evil = [c for c in catalog if c.startswith("evil.")]
if errors != evil:
    sys.exit("errors %s, expected exactly the evil rules %s" % (errors, evil))
' "$tmp/one.json" "$RULES/catalog.json"

# rule | what its message must contain (|-separated needles)
expectations=(
  "evil.loop|instruction budget of 20000000 exceeded"
  "evil.pcall_loop|instruction budget"
  "evil.alloc|memory cap"
  "evil.alloc_loop|instruction budget"
  "evil.find|is too costly|.-.-.-.-.-b"
  "evil.find_loop|instruction budget"
  "evil.plain_find|is too costly"
  "evil.rep|string.rep result too large"
  "evil.move|instruction budget"
  "evil.io|attempt to index a nil value (global 'io')"
  "evil.os|attempt to index a nil value (global 'os')"
  "evil.debug|attempt to index a nil value (global 'debug')"
  "evil.load|attempt to call a nil value (global 'load')"
  "evil.dump|attempt to call a nil value (field 'dump')"
  "evil.metatable|attempt to modify a read-only table (field 'rep')"
  "evil.gc|__gc is not available to rules"
  "evil.stash|kept the dossier for the next evaluation"
  "evil.error|rule evil.error, line |boom"
  "evil.badreturn|check returned a table, not an outcome"
  "evil.badcode|\"undeclared\"|does not declare"
  "evil.dossier_write|the dossier is read-only"
  "evil.hint|metatable"
  "evil.sort|instruction budget"
  "evil.gmatch|instruction budget"
  "evil.utf8|is not valid UTF-8"
  "evil.explode|facts too large"
)
for line in "${expectations[@]}"; do
  IFS='|' read -r -a parts <<<"$line"
  rule=${parts[0]}
  check "$rule: error, \"${parts[1]}\"" entry "$tmp/one.json" 0 "$rule" error "${parts[@]:1}"
done
check "good.after still passes after them" entry "$tmp/one.json" 0 good.after pass
if [ "$had_marker" -eq 1 ]; then
  ok "# skip $marker existed before the run"
elif [ ! -e "$marker" ]; then
  ok "evil.os created nothing ($marker)"
else
  not_ok "evil.os created $marker"
fi

# -- the same rulebook in text -------------------------------------------------
"$ADMIT" check --lang en --plugins none --rules "$RULES" "$DOSSIER" >"$tmp/one.txt" 2>&1
rc=$?
if [ "$rc" -eq 3 ]; then
  ok "text report: exit code 3"
else
  not_ok "text report: exit code 3 (got $rc)" "$(head -c 2000 "$tmp/one.txt")"
fi
check "text report: verdict ERROR, every evil rule with its reason" $PY -c '
import sys
text = open(sys.argv[1], encoding="utf-8").read()
flat = " ".join(text.split())   # the report wraps long lines
problems = []
if "Verdict: ERROR" not in text:
    problems.append("no \"Verdict: ERROR\"")
for needle in ["evil.loop: instruction budget of 20000000 exceeded",
               "evil.alloc: memory cap", "evil.find: rule evil.find, line", "is too costly",
               "evil.io: rule evil.io, line", "(global '"'"'io'"'"')", "evil.gc: rule evil.gc, line",
               "evil.error: rule evil.error, line", "boom",
               "evil.dossier_write: rule evil.dossier_write, line", "the dossier is read-only"]:
    if needle not in flat:
        problems.append("missing %r" % needle)
if ".lua:" in flat:
    problems.append("a Lua source position (FILE.lua:LINE:) is left in the report")
for needle in []:
    if needle not in flat:
        problems.append("missing %r" % needle)
if problems:
    sys.exit("\n".join(problems) + "\n---\n" + text[:3000])
' "$tmp/one.txt"

# -- two evaluations in one process ---------------------------------------------
# evil.stash keeps the first dossier; using it in the second evaluation must
# be an error (the first dossier may be freed), not a read of freed memory.
"$ADMIT" check --format json --lang en --plugins none --rules "$RULES" "$DOSSIER" "$DOSSIER" \
  >"$tmp/two.json" 2>"$tmp/two.err"
rc=$?
if [ "$rc" -eq 3 ] && [ ! -s "$tmp/two.err" ]; then
  ok "two dossiers: exit code 3, nothing on stderr"
else
  not_ok "two dossiers: exit code 3, nothing on stderr (got $rc)" "$(head -c 2000 "$tmp/two.err")"
fi
check "two dossiers: a dossier kept from the first evaluation is refused in the second" \
  entry "$tmp/two.json" 1 evil.stash error "kept from an earlier evaluation"
check "two dossiers: the second evaluation is otherwise the same as the first" $PY -c '
import json, re, sys
a, b = json.load(open(sys.argv[1], encoding="utf-8"))
# Which limit ends a runaway rule first (its budget, the memory cap or the
# wall-clock backstop) depends on the machine'"'"'s speed at that moment: the
# first evaluation'"'"'s messages are asserted above; here what matters is that
# nothing one evaluation left behind changes the next.
limit = re.compile(r"^(instruction budget|memory cap|time limit) of .* exceeded$")
said = lambda m: "a limit exceeded" if limit.match(m) else m
strip = lambda r: [(e["rule"], e["status"], said(e["message"])) for e in r["results"] if e["rule"] != "evil.stash"]
if strip(a) != strip(b):
    sys.exit("first:  %s\nsecond: %s" % (strip(a), strip(b)))
' "$tmp/two.json"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
