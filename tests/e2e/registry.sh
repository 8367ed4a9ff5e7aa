#!/usr/bin/env bash
# tests/e2e/registry.sh: the member registry end to end (docs/registry.md):
# `admit registry init`, then `admit check --registry DB` on
# examples/admission-2023.json, whose introducer DV-0012345 signed on
# 2023-02-25, and the registry files admit must refuse with exit code 2.
#
# Env: ADMIT (default ./admit).  Uses /usr/bin/python3's sqlite3 to fill and
# inspect registries.  Ends with one line: "N passed, M failed".
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 2
ADMIT=${ADMIT:-$root/admit}
PY=/usr/bin/python3
DOSSIER=examples/admission-2023.json
export NO_COLOR=1
unset ADMIT_LANG

tmp=$(mktemp -d)
locker=
cleanup() {
  [ -n "$locker" ] && kill "$locker" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok - $1"; }
fail() {
  failed=$((failed + 1))
  echo "not ok - $1"
  [ -f "$tmp/err" ] && sed 's/^/    # stderr: /' "$tmp/err" | head -n 5
}

# run CMD...: run it, keeping stdout, stderr and the exit code.
run() {
  "$@" >"$tmp/out" 2>"$tmp/err"
  code=$?
}

# expect_code NAME CODE: the last run exited with CODE.
expect_code() {
  if [ "$code" -eq "$2" ]; then pass "$1: exit $2"; else fail "$1: exit $code, expected $2"; fi
}

# expect_text NAME out|err TEXT: the last run's stdout or stderr contains TEXT.
expect_text() {
  if grep -qF -- "$3" "$tmp/$2"; then pass "$1: $2 says \"$3\""
  else fail "$1: $2 lacks \"$3\""; sed 's/^/    # /' "$tmp/$2" | head -n 5; fi
}

# sql DB STATEMENT...: run statements on a registry.
sql() {
  "$PY" - "$@" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for statement in sys.argv[2:]:
    db.execute(statement)
db.commit()
db.close()
PY
}

# rule FIELD: FIELD of intro.registry in the JSON result of the last run
# (a JSON value, compact), or "absent".
rule() {
  "$PY" - "$tmp/out" "$1" <<'PY'
import json, sys
try:
    result = json.load(open(sys.argv[1], encoding="utf-8"))
except ValueError:
    print("absent")
    sys.exit(0)
entry = next((r for r in result.get("results", []) if r.get("rule") == "intro.registry"), {})
value = entry.get(sys.argv[2], "absent")
print(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True))
PY
}

# expect_rule NAME FIELD VALUE
expect_rule() {
  local got
  got=$(rule "$2")
  if [ "$got" = "$3" ]; then pass "$1: intro.registry $2 = $3"
  else fail "$1: intro.registry $2 = $got, expected $3"; fi
}

db="$tmp/members.db"

# -- admit registry init ---------------------------------------------------

run "$ADMIT" registry init "$db" --lang en
expect_code "init" 0
expect_text "init" out "Created the empty member registry $db"
tables=$("$PY" -c 'import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print(",".join(r[0] for r in db.execute("SELECT name FROM sqlite_master"
                                         " WHERE sql IS NOT NULL ORDER BY name")),
      db.execute("SELECT count(*) FROM memberships").fetchone()[0])' "$db" 2>&1)
if [ "$tables" = "memberships,memberships_national_id 0" ]; then pass "init: empty registry with the DDL"
else fail "init: the file holds \"$tables\""; fi
same=$("$PY" -c 'import sqlite3, sys
made = sqlite3.connect(sys.argv[1])
ref = sqlite3.connect(":memory:")
ref.executescript(open(sys.argv[2], encoding="utf-8").read())
query = "SELECT type, name, sql FROM sqlite_master ORDER BY name"
print(list(made.execute(query)) == list(ref.execute(query)))' "$db" schemas/registry.sql 2>&1)
if [ "$same" = "True" ]; then pass "init: the schema is schemas/registry.sql"
else fail "init: the schema differs from schemas/registry.sql ($same)"; fi

run "$ADMIT" registry init "$db" --lang en
expect_code "init over an existing file" 2
expect_text "init over an existing file" err "\"$db\" already exists"
run "$ADMIT" registry init "$db"
expect_text "init over an existing file, in Vietnamese" err "đã tồn tại"

run "$ADMIT" registry init "$tmp/no/such/dir.db" --lang en
expect_code "init in a missing directory" 2
expect_text "init in a missing directory" err "cannot be created"

run "$ADMIT" registry init
expect_code "init without FILE" 2
run "$ADMIT" registry drop "$tmp/x.db"
expect_code "an unknown registry subcommand" 2
run "$ADMIT" registry --help --lang en
expect_code "registry --help" 0
expect_text "registry --help" out "admit registry init FILE"

run "$ADMIT" registry init "$tmp/other.db" --plugins none --lang en
expect_code "init without the plugin" 3
expect_text "init without the plugin" err "the registry plugin is not loaded"

# -- admit check --registry ------------------------------------------------

sql "$db" "INSERT INTO memberships VALUES ('DV-0012345', '001080000001', 'Trần Văn Bình',
           '2011-05-19', '2012-05-19', NULL, NULL)"
run "$ADMIT" check --registry "$db" --format json --lang en "$DOSSIER"
expect_rule "introducer official since 2012" status pass
expect_rule "introducer official since 2012" facts \
  '{"anchor_date": "2023-05-10", "member_ids": ["DV-0012345"], "not_official_member_ids": [], "unknown_member_ids": []}'
expect_rule "introducer official since 2012" cite \
  "Điều lệ Đảng 2011, Điều 4.2; Quy định 24-QĐ/TW (30/07/2021), điểm 3.2.1; sổ đảng viên (registry)"
expect_text "introducer official since 2012" out "The member registry confirms"
run "$ADMIT" check --registry "$db" --format json "$DOSSIER"
expect_text "introducer official since 2012, in Vietnamese" out "Sổ đảng viên xác nhận người giới thiệu (DV-0012345)"

run "$ADMIT" version --registry "$db"
expect_text "version with a registry" out "plugin registry 1.0.0 sha256:"

sql "$db" "UPDATE memberships SET official_since = NULL"
run "$ADMIT" check --registry "$db" --format json --lang en "$DOSSIER"
expect_code "introducer probationary in the registry" 1
expect_rule "introducer probationary in the registry" status fail
expect_text "introducer probationary in the registry" out \
  "the introducer Trần Văn Bình (card DV-0012345) was not an official member on the day of signing, 2023-02-25"

sql "$db" "DELETE FROM memberships"
run "$ADMIT" check --registry "$db" --format json --lang en "$DOSSIER"
expect_code "introducer not in the registry" 1
expect_rule "introducer not in the registry" status fail
verdict=$("$PY" -c 'import json, sys; print(json.load(open(sys.argv[1]))["verdict"])' "$tmp/out" 2>&1)
if [ "$verdict" = not_eligible ]; then pass "introducer not in the registry: verdict not_eligible"
else fail "introducer not in the registry: verdict $verdict, expected not_eligible"; fi
expect_text "introducer not in the registry" out "has no member with card number DV-0012345"
run "$ADMIT" check --registry "$db" --lang en "$DOSSIER"
expect_text "introducer not in the registry, text report" out "DV-0012345"

run "$ADMIT" check --format json --lang en "$DOSSIER"
expect_rule "no registry" status not_applicable
expect_text "no registry" out "there is no member registry to check the introducers against"

# -- registries admit refuses: exit 2, a message naming the file -----------

printf 'member_id,full_name\nDV-0012345,Trần Văn Bình\n' >"$tmp/members.csv"
run "$ADMIT" check --registry "$tmp/members.csv" --format json --lang en "$DOSSIER"
expect_code "a text file as registry" 2
expect_text "a text file as registry" err "the registry file \"$tmp/members.csv\" is not a SQLite database"
if [ -s "$tmp/out" ]; then fail "a text file as registry: no result is printed"
else pass "a text file as registry: no result is printed"; fi
run "$ADMIT" check --registry "$tmp/members.csv" "$DOSSIER"
expect_code "a text file as registry, in Vietnamese" 2
expect_text "a text file as registry, in Vietnamese" err "không phải là cơ sở dữ liệu SQLite"

run "$ADMIT" check --registry "$tmp/absent.db" --lang en "$DOSSIER"
expect_code "a registry that does not exist" 2
expect_text "a registry that does not exist" err "the registry file \"$tmp/absent.db\" does not exist"
if [ -e "$tmp/absent.db" ]; then fail "a registry that does not exist: it is not created"
else pass "a registry that does not exist: it is not created"; fi

sql "$tmp/wrong.db" "CREATE TABLE members (id TEXT)"
run "$ADMIT" check --registry "$tmp/wrong.db" --lang en "$DOSSIER"
expect_code "a SQLite file of another schema" 2
expect_text "a SQLite file of another schema" err "has no table memberships"

sql "$tmp/partial.db" "CREATE TABLE memberships (member_id TEXT, full_name TEXT)"
run "$ADMIT" check --registry "$tmp/partial.db" --lang en "$DOSSIER"
expect_code "a memberships table without the columns" 2
expect_text "a memberships table without the columns" err \
  "lacks the columns: national_id, admitted_on, official_since, left_on, left_reason"

run "$ADMIT" test --registry "$tmp/members.csv" tests/rules/intro.registry.json
expect_code "admit test with a bad registry" 2

# A writer holds an exclusive lock: admit waits a second, then refuses.
"$PY" - "$db" "$tmp/locked" <<'PY' &
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN EXCLUSIVE")
open(sys.argv[2], "w").close()
time.sleep(60)
PY
locker=$!
for _ in $(seq 50); do [ -e "$tmp/locked" ] && break; sleep 0.1; done
run "$ADMIT" check --registry "$db" --lang en "$DOSSIER"
expect_code "a locked registry" 2
expect_text "a locked registry" err "is locked by another program"
kill "$locker" 2>/dev/null
wait "$locker" 2>/dev/null
locker=

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
