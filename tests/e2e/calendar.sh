#!/usr/bin/env bash
# tests/e2e/calendar.sh - `admit calendar`: outputs, JSON shapes (calendar.md),
# exit codes, --holidays and ADMIT_HOLIDAYS.  The binary is $ADMIT (default
# ./admit of the repository).  Prints "ok"/"not ok" per check and ends with
# "N passed, M failed".
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
admit=${ADMIT:-$root/admit}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset ADMIT_HOLIDAYS ADMIT_LANG
passed=0
failed=0

# run ARGS...: run admit calendar, keeping stdout, stderr and the exit code.
run() {
  "$admit" calendar "$@" >"$tmp/out" 2>"$tmp/err"
  rc=$?
}

ok() { passed=$((passed + 1)); echo "ok - $1"; }
not_ok() {
  failed=$((failed + 1))
  echo "not ok - $1"
  sed 's/^/#   out: /' "$tmp/out"
  sed 's/^/#   err: /' "$tmp/err"
}

# expect NAME RC EXACT_STDOUT ARGS...: exit code and the whole stdout.
expect() {
  local name=$1 want_rc=$2 want_out=$3
  shift 3
  run "$@"
  if [ "$rc" -eq "$want_rc" ] && [ "$(cat "$tmp/out")" = "$want_out" ]; then ok "$name"; else not_ok "$name (exit $rc)"; fi
}

# expect_err NAME RC TEXT ARGS...: exit code, and TEXT in stderr.
expect_err() {
  local name=$1 want_rc=$2 text=$3
  shift 3
  run "$@"
  if [ "$rc" -eq "$want_rc" ] && grep -qF -- "$text" "$tmp/err"; then ok "$name"; else not_ok "$name (exit $rc)"; fi
}

# expect_has NAME TEXT ARGS...: exit 0 and TEXT in stdout.
expect_has() {
  local name=$1 text=$2
  shift 2
  run "$@"
  if [ "$rc" -eq 0 ] && grep -qF -- "$text" "$tmp/out"; then ok "$name"; else not_ok "$name (exit $rc)"; fi
}

# -- lunar and solar ---------------------------------------------------------
expect "lunar: the JSON of calendar.md" 0 \
  '{"solar":"2007-02-17","lunar":{"year":2007,"month":1,"day":1,"leap":false},"can_chi":"Đinh Hợi"}' \
  lunar 2007-02-17 --format json
expect "lunar: English text as calendar.md shows it" 0 '2007-02-17  lunar 2007-01-01  (Đinh Hợi)' \
  lunar 2007-02-17 --lang en
expect "lunar: Vietnamese text by default" 0 '2007-02-17  âm lịch 2007-01-01  (Đinh Hợi)' \
  lunar 2007-02-17
expect "lunar: a leap month" 0 '2020-06-20  âm lịch 2020-04-29 nhuận  (Canh Tý)' lunar 2020-06-20
expect "lunar: 1985 (Vietnam's Tết a month before China's)" 0 \
  '{"solar":"1985-01-21","lunar":{"year":1985,"month":1,"day":1,"leap":false},"can_chi":"Ất Sửu"}' \
  lunar 1985-01-21 --format json
expect "solar: the same object, for the date found" 0 \
  '{"solar":"2020-05-23","lunar":{"year":2020,"month":4,"day":1,"leap":true},"can_chi":"Canh Tý"}' \
  solar 2020-04-01 --leap --format json
expect "solar: Tết 2025" 0 '2025-01-29  lunar 2025-01-01  (Ất Tỵ)' solar 2025-01-01 --lang en
expect_err "solar: a leap month the year lacks: exit 2" 2 "lunar year 2023 has no leap month 4" \
  solar 2023-04-01 --leap --lang en
expect_err "solar: day 30 of a 29-day month: exit 2" 2 "no lunar date 2023-01-30" \
  solar 2023-01-30 --lang en
expect_err "solar: month 13: exit 2" 2 "is not a lunar date" solar 2023-13-01 --lang en
expect_err "lunar: before 1968: exit 2 naming the range" 2 "1968-01-01 to 2100-12-31" \
  lunar 1967-12-31 --lang en
expect_err "lunar: after 2100: exit 2 naming the range (vi)" 2 "từ 1968-01-01 đến 2100-12-31" \
  lunar 2101-01-01
expect_err "lunar: not a date: exit 2 naming the range" 2 "covers 1968-01-01 to 2100-12-31" \
  lunar 2023-02-30 --lang en
expect_err "solar: before the range: exit 2" 2 "1968-01-01 to 2100-12-31" solar 1960-01-01 --lang en

# -- holidays ----------------------------------------------------------------
run holidays 2023 --format json --holidays none
if [ "$rc" -eq 0 ] && /usr/bin/python3 - "$tmp/out" <<'EOF'
import json, sys
days = json.load(open(sys.argv[1]))
assert isinstance(days, list) and days
for d in days:
    assert list(d) == ["date", "name", "kind"], d
    assert d["kind"] in ("holiday", "compensatory", "announced"), d
assert {"date": "2023-05-02", "name": "Nghỉ bù", "kind": "compensatory"} in days
assert {"date": "2023-05-03", "name": "Nghỉ bù", "kind": "compensatory"} in days
assert {"date": "2023-04-29", "name": "Giỗ Tổ Hùng Vương", "kind": "holiday"} in days
assert [d["date"] for d in days] == sorted(d["date"] for d in days)
EOF
then ok "holidays: JSON array of {date, name, kind}"; else not_ok "holidays: JSON array of {date, name, kind}"; fi
expect_has "holidays: text lines (vi)" '2023-05-02 T3   Nghỉ bù  (nghỉ bù)' holidays 2023 --holidays none
expect_has "holidays: text lines (en)" '2023-09-02 Sat  Quốc khánh  (holiday)' \
  holidays 2023 --holidays none --lang en
expect_err "holidays: 2006 is out of range: exit 2" 2 "2007 to 2100" holidays 2006 --lang en
expect_err "holidays: not a year: exit 2" 2 "is not a year" holidays twenty --lang en

# -- working days --------------------------------------------------------------
expect "add-working-days: Friday + 1 = Monday" 0 '{"date":"2024-11-04"}' \
  add-working-days 2024-11-01 1 --format json --holidays none
expect "add-working-days: text" 0 '2025-01-02' add-working-days 2024-12-31 1 --holidays none
expect "working-days: the JSON shape" 0 '{"working_days":1}' \
  working-days 2024-11-01 2024-11-04 --format json --holidays none
expect "working-days: text" 0 '249' working-days 2022-12-31 2023-12-31 --holidays none
expect_err "add-working-days: N not an integer: exit 2" 2 "is not an integer" \
  add-working-days 2024-11-01 one --lang en
expect_err "add-working-days: past 2100: exit 2" 2 "2007-01-01 to 2100-12-31" \
  add-working-days 2100-12-30 10 --lang en
expect_err "working-days: 2006: exit 2" 2 "2007-01-01 to 2100-12-31" \
  working-days 2006-12-01 2007-01-05 --lang en

# -- announced schedules -------------------------------------------------------
mkdir "$tmp/hol"
printf '# test\n2024-04-29\toff\tNghỉ hoán đổi\n2024-05-04\twork\tLàm bù\n' >"$tmp/hol/2024.tsv"
expect "--holidays DIR: the announced days" 0 \
  '[{"date":"2024-04-29","name":"Nghỉ hoán đổi","kind":"announced"}]' \
  holidays 2024 --holidays "$tmp/hol" --format json
expect "--holidays DIR: a make-up Saturday counts" 0 '2024-05-04' \
  add-working-days 2024-05-03 1 --holidays "$tmp/hol"
ADMIT_HOLIDAYS="$tmp/hol" "$admit" calendar add-working-days 2024-05-03 1 >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ "$rc" -eq 0 ] && [ "$(cat "$tmp/out")" = "2024-05-04" ]; then ok "ADMIT_HOLIDAYS: the same folder"; else not_ok "ADMIT_HOLIDAYS: the same folder"; fi
expect "--holidays none beats ADMIT_HOLIDAYS" 0 '2024-05-06' \
  add-working-days 2024-05-03 1 --holidays none
mkdir "$tmp/bad"
printf '2024-01-01\toff\n2024-02-30\toff\n' >"$tmp/bad/2024.tsv"
expect_err "--holidays with a bad file: refused, naming file and line" 2 "bad/2024.tsv:2:" \
  lunar 2024-01-01 --holidays "$tmp/bad" --lang en
expect_err "--holidays with a missing folder: refused" 2 "cannot be read" \
  lunar 2024-01-01 --holidays "$tmp/nowhere" --lang en
expect_has "the shipped folder loads by default" '2024-' holidays 2024

# -- usage and plugins ---------------------------------------------------------
expect_err "no vncal plugin: exit 3" 3 "vncal plugin is not loaded" \
  lunar 2024-01-01 --plugins "$tmp/hol" --lang en
expect_err "no subcommand: exit 2" 2 "a command is needed" --lang en
expect_err "unknown subcommand: exit 2" 2 "unknown command \"moon\"" moon --lang en
expect_err "too few arguments: exit 2" 2 "expected 2 arguments" working-days 2024-01-01 --lang en
expect_err "--leap outside solar: exit 2" 2 "--leap goes with solar only" \
  lunar 2024-01-01 --leap --lang en
expect_has "--help" "add-working-days" --help

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
