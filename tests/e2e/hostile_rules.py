#!/usr/bin/env python3
"""tests/e2e/hostile_rules.py: hostile rules in a copy of the real rulebook.

Committees will ship their own rule files, so a rule must never change what
another rule computes, stall a batch or take the process down.  Each case
below is one rule, `hostile.case`, added first in the catalog of a copy of
rules/ (so it runs before every other rule and any tampering would show in
their results), that attacks the sandbox in one way: reading its outcome
back (metatables on hint and facts), work done in C (table.sort, gmatch,
gsub, concat, unpack, insert/remove, byte, utf8.*, tonumber, rawequal,
string.pack, huge string comparisons), the shared helper modules, output
that is not bounded or not UTF-8, what an `anchor` or a `cite_at` returns
(not a day, not a string, 512 bytes and more), and plugin calls (a registry whose
`memberships` is a recursive view).  For every case `admit check`:

  - exits 3 (an engine-level error in a rule), writes nothing on stderr
    (no crash, no sanitizer report), and its output is valid UTF-8 JSON;
  - gives `hostile.case` the status `error` with a message naming the reason;
  - gives every other rule exactly the entry the untouched rulebook gives;
  - ends: within NO_END seconds (15, 5 times that in a sanitized build),
    far past every limit of the engine, so that a run which escaped them all
    fails; how long each run took is printed, not asserted (well under the
    2-second wall clock for what is charged, just past it for what only the
    clock can stop).

A few cases load hostile code at file level (tampering while the rulebook
loads): the rulebook must then be refused (exit 3, the file named).

Environment: ADMIT (the binary), ADMIT_BUILD (its build directory; a
directory named build-san means a sanitized build), HOSTILE_NO_END (seconds
instead of 15; 0: no bound but the hang guard, HANG seconds a run, for
mutation testing on a loaded machine, where a slow run must not count as a
failure: which limit stopped a rule is still asserted through its message).
Prints "ok N - ..." /
"not ok N - ..." and ends with "N passed, M failed".
"""
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ADMIT = os.environ.get("ADMIT", os.path.join(ROOT, "admit"))
BUILD = os.environ.get("ADMIT_BUILD", os.path.join(ROOT, "build"))
DOSSIER = os.path.join(ROOT, "examples", "admission-2023.json")
SANITIZED = os.path.basename(os.path.normpath(BUILD)) == "build-san"
SLOW = 5.0 if SANITIZED else 1.0      # sanitizers slow the VM down several times
HANG = 60                              # seconds after which a run counts as hung
# seconds (times SLOW) past every limit of the engine; 0: only HANG bounds a run
NO_END = float(os.environ.get("HOSTILE_NO_END") or 15.0)

CITE = '{["2011"]="t",["2016"]="t",["2021"]="t",["2025a"]="t",["2025b"]="t"}'

# name, Lua body of check(d, ctx), needles of the error message, seconds expected
# (None: the default, 1.5 s, well under the 2 s wall clock; printed, not asserted), extra
# command-line arguments.
#
# Which limit stopped a rule is asserted through its message; how long the run took is
# only printed: timings belong in benchmarks, and a loaded machine stretches them.  A run
# is a failure only past NO_END seconds, far beyond every limit, where it would have
# escaped them all.
CASES = [
    # -- 1. outcomes are read raw, never through a rule's metamethods ------------
    ("hint_index_loop",
     'return ctx.pass({}, "ok", setmetatable({}, {__index = function() while true do end end}))',
     ["hint", "metatable"], None, []),
    ("hint_index_error",
     'return ctx.pass({}, "ok", setmetatable({}, {__index = function() error("boom") end}))',
     ["hint", "metatable"], None, []),
    ("hint_index_alloc",
     'local t = {} return ctx.pass({}, "ok", setmetatable({}, {__index = function() '
     'while true do t[#t + 1] = ("x"):rep(1e6) end end}))',
     ["hint", "metatable"], None, []),
    ("hint_not_a_day",
     'return ctx.pass({}, "ok", {latest = "2024-01-01"})',
     ["hint.latest"], None, []),
    ("facts_index",
     'return ctx.pass(setmetatable({}, {__index = function() while true do end end, '
     '__pairs = function() while true do end end}))',
     ["metatable"], None, []),
    ("facts_nested_metatable",
     'return ctx.pass({a = setmetatable({}, {__len = function() while true do end end})})',
     ["metatable"], None, []),
    ("outcome_forged_status",
     'local o = ctx.pass({}) o.status = "error" return o',
     ["cannot be changed"], None, []),
    ("missing_paths_metatable",
     'local n = 0 return ctx.missing(setmetatable({}, {__len = function() return 2 end, '
     '__index = function(_, i) n = n + 1 return "candidate.x" .. n end}))',
     None, None, []),   # paths are copied under the rule's limits: a valid `missing`
    # -- 2. work done in C is charged or bounded -----------------------------------
    ("table_functions_on_dossier",
     'local u = {table.unpack(d.introducers)} '
     'local ids = {} for i = 1, #d.introducers do ids[i] = tostring(i) end '
     'return ctx.pass({n = #u, s = table.concat(ids, ","), '
     'm = select("#", table.unpack(d.introducers, 1, 2))})',
     None, None, []),   # the charged wrappers accept dossier arrays as the originals do
    ("sort_numbers",
     'local t = {} for i = 1, 1e6 do t[i] = -i end while true do table.sort(t) end',
     ["instruction budget"], None, []),
    ("sort_long_strings",
     'local s = ("a"):rep(1e6) local t = {} for i = 1, 300 do t[i] = s end '
     'while true do table.sort(t) end',
     ["instruction budget"], None, []),
    ("sort_comparator",
     'local t = {} for i = 1, 1e5 do t[i] = i end '
     'while true do table.sort(t, function(a, b) return a > b end) end',
     ["instruction budget"], None, []),
    ("gmatch_exhausted",
     'local it = ("a"):rep(1e6):gmatch("b") while true do it() end',
     ["instruction budget"], None, []),
    ("gsub_replacement",
     'local s = ("a"):rep(1e5) s:gsub("", ("%0"):rep(1e6)) return ctx.pass({})',
     ["instruction budget"], None, []),
    ("concat_loop",
     'local t = {} for i = 1, 1e5 do t[i] = "" end while true do table.concat(t) end',
     ["instruction budget"], None, []),
    ("unpack_loop",
     'local t = {} while true do table.unpack(t, 1, 1e5) end',
     ["instruction budget"], None, []),
    ("insert_remove_loop",
     'local t = {} for i = 1, 1e5 do t[i] = i end '
     'while true do table.insert(t, 1, 0) table.remove(t, 1) end',
     ["instruction budget"], None, []),
    ("move_loop",
     'local t = {} while true do table.move(t, 1, 1e6, 2) end',
     ["instruction budget"], None, []),
    ("byte_loop",
     'local s = ("a"):rep(1e5) while true do s:byte(1, -1) end',
     ["instruction budget"], None, []),
    ("char_loop",
     'local t = {} for i = 1, 1e5 do t[i] = 65 end while true do string.char(table.unpack(t)) end',
     ["instruction budget"], None, []),
    ("utf8_len_loop",
     'local s = ("a"):rep(1e6) while true do utf8.len(s) end',
     ["instruction budget"], None, []),
    ("utf8_offset_loop",
     'local s = ("a"):rep(1e6) while true do utf8.offset(s, 1e6) end',
     ["instruction budget"], None, []),
    ("utf8_codepoint_loop",
     'local s = ("a"):rep(1e5) while true do utf8.codepoint(s, 1, -1) end',
     ["instruction budget"], None, []),
    ("utf8_codes_iterator",
     'local s = "a" .. ("\\x80"):rep(1e6) local f = utf8.codes(s) while true do f(s, 1) end',
     ["instruction budget"], None, []),
    ("tonumber_loop",
     'local s = (" "):rep(1e6) .. "1" while true do tonumber(s) end',
     ["instruction budget"], None, []),
    ("packsize_loop",
     'local f = ("b"):rep(1e5) while true do string.packsize(f) end',
     ["instruction budget"], None, []),
    ("rawequal_loop",
     'local a, b = ("a"):rep(1e7), ("a"):rep(1e7) while true do rawequal(a, b) end',
     ["instruction budget"], None, []),
    ("select_loop",
     'local t = {} for i = 1, 1e5 do t[i] = i end while true do select("#", table.unpack(t)) end',
     ["instruction budget"], None, []),
    ("max_loop",
     'local t = {} for i = 1, 1e5 do t[i] = i end while true do math.max(table.unpack(t)) end',
     ["instruction budget"], None, []),
    # The VM compares two long strings in one instruction: the clock ends it
    # (how precisely the watchdog does so is measured, in CPU time, by
    # test_watchdog_on_time in tests/unit/test_sandbox.c; here the wall time
    # of a whole run on a shared machine only shows that it ends).
    ("compare_long_strings",
     'local a = ("a"):rep(1e7) for i = 1, 1e9 do local _ = a < a end',
     ["time limit of 2000 ms exceeded"], 3.0, []),
    ("equal_long_strings",
     'local a, b = ("a"):rep(7e6), ("a"):rep(7e6) '
     'for i = 1, 1e9 do local _ = a == b end',
     ["time limit of 2000 ms exceeded"], 3.0, []),
    # -- 3. shared modules and state are read-only ---------------------------------
    ("module_write",
     'local votes = require "votes" votes.contradiction = function() return "forged" end '
     'return ctx.pass({})',
     ["read-only", "contradiction"], None, []),
    ("module_nested_write",
     'local authority = require "authority" authority.cite["2021"] = "forged" return ctx.pass({})',
     ["read-only", "2021"], None, []),
    ("module_pairs_write",
     'for _, v in pairs(require "sources") do if type(v) == "table" then '
     'for k in pairs(v) do v[k] = "forged" end end end return ctx.pass({})',
     ["read-only"], None, []),
    ("module_dates_write",
     'local dates = require "dates" dates.parse = function() return 0 end return ctx.pass({})',
     ["read-only"], None, []),
    ("ctx_write",
     'ctx.pass = function() end return ctx.fail("ok", {})',
     ["read-only"], None, []),
    ("plugins_write",
     'plugins.vncal.is_working_day = function() return false end return ctx.pass({})',
     ["read-only"], None, []),
    ("string_metatable",
     'getmetatable("").__index.rep = nil return ctx.pass({})',
     ["attempt to index a boolean value"], None, []),
    ("string_library_write",
     'string.format = nil return ctx.pass({})',
     ["read-only"], None, []),
    ("dossier_write",
     'd.candidate.birth_date = 0 return ctx.pass({})',
     ["read-only"], None, []),
    ("debug_upvalues",
     'return ctx.pass({up = debug.getupvalue((require "votes").facts, 1)})',
     ["global 'debug'"], None, []),
    ("outcome_metatable",   # an outcome is a userdata: Lua code cannot set its metatable
     'local o = ctx.pass({}) setmetatable(o, {}) return o',
     ["setmetatable", "table expected"], None, []),
    ("outcome_read",        # ... but reads as the table it was
     'local o = ctx.fail("too_young", {a = 1}) '
     'if o.status == "fail" and o.code == "too_young" and o.facts.a == 1 and o.hint == nil '
     'and o.other == nil and ctx.pass({}).code == "ok" '
     'and ctx.missing("x").paths[1] == "x" then error("read as it was") end return o',
     ["read as it was"], None, []),
    # -- 4. what leaves a rule is bounded and valid --------------------------------
    ("facts_invalid_utf8",
     'return ctx.pass({name = "\\xff\\xfe"})',
     ["not valid UTF-8"], None, []),
    ("facts_key_invalid_utf8",
     'return ctx.pass({["k\\xc3"] = 1})',
     ["not valid UTF-8"], None, []),
    ("facts_overlong_utf8",
     'return ctx.pass({name = "\\xc0\\xaf"})',
     ["not valid UTF-8"], None, []),
    ("facts_surrogate",
     'return ctx.pass({name = "\\xed\\xa0\\x80"})',
     ["not valid UTF-8"], None, []),
    ("facts_shared_tables",
     'local t = {1} for level = 1, 4 do local n = {} for i = 1, 100 do n[i] = t end t = n end '
     'return ctx.pass({big = t})',
     ["facts too large"], None, []),
    ("facts_long_string",
     'return ctx.pass({s = ("x"):rep(1e6)})',
     ["facts too large"], None, []),
    ("facts_cycle",
     'local t = {} t.self = t return ctx.pass({t = t})',
     ["nest deeper"], None, []),
    ("facts_dossier_copies",
     'local t = {} for i = 1, 5000 do t[i] = d end return ctx.pass({copies = t})',
     ["facts too large"], None, []),
    ("missing_million",
     'local t = {} for i = 1, 1e6 do t[i] = "candidate.birth_date" end return ctx.missing(t)',
     ["at most 256"], None, []),
    ("missing_invalid_utf8",
     'return ctx.missing({"candidate.\\xff"})',
     ["not valid UTF-8"], None, []),
    ("missing_long_path",
     'return ctx.missing({("a"):rep(1e4)})',
     ["512 bytes"], None, []),
    ("code_invalid_utf8",
     'return ctx.fail("o\\xff", {})',
     ["not valid UTF-8"], None, []),
    ("code_too_long",
     'return ctx.fail(("k"):rep(200), {})',
     ["message code"], None, []),
    ("error_invalid_utf8",
     'error("bad \\xff\\xfe bytes")',
     ["bad ?? bytes"], None, []),
    ("error_cut_utf8",
     'error(("\\u{1EA1}"):rep(400))',
     ["\u1ea1"], None, []),
]

# Hostile code at file level (while the rulebook loads): refused, file named.
LOAD_CASES = [
    ("load_module_write",
     'local votes = require "votes"\nvotes.contradiction = function() return "forged" end\n',
     ["hostile.lua", "read-only"]),
    ("load_string_lib",
     'string.rep = function() return "" end\n',
     ["hostile.lua", "read-only"]),
]

# The registry plugin: `memberships` a view over a recursive CTE that never ends.
REGISTRY_VIEW = """
CREATE VIEW memberships(member_id, national_id, full_name, admitted_on, official_since,
                        left_on, left_reason) AS
  WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r)
  SELECT 'M' || x, 'N' || x, 'name', '2000-01-01', '2001-01-01', NULL, NULL
  FROM r WHERE x < 0;
"""

passed = failed = n = 0


def report(ok, what, detail=""):
    global passed, failed, n
    n += 1
    if ok:
        passed += 1
        print(f"ok {n} - {what}")
    else:
        failed += 1
        print(f"not ok {n} - {what}")
        for line in str(detail).splitlines()[:40]:
            print(f"#   {line}")


def too_long(rc, secs):
    """Why a run of `secs` seconds (rc None: killed at HANG) ended too late, or None:
    hung, or past NO_END seconds (times SLOW), where it escaped every limit."""
    if rc is None:
        return f"took {secs:.2f} s: hung"
    if NO_END > 0 and secs > NO_END * SLOW:
        return f"took {secs:.2f} s, more than {NO_END * SLOW:.1f} s"
    return None


def run(rules, extra=()):
    """admit check on DOSSIER with `rules`: (rc, stdout bytes, stderr bytes, seconds)."""
    cmd = [ADMIT, "check", "--format", "json", "--lang", "en", "--rules", rules, *extra, DOSSIER]
    env = dict(os.environ, NO_COLOR="1")
    env.pop("ADMIT_LANG", None)
    t0 = time.monotonic()
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=HANG, env=env)
    except subprocess.TimeoutExpired:
        return None, b"", b"hung: killed after %d s" % HANG, time.monotonic() - t0
    return p.returncode, p.stdout, p.stderr, time.monotonic() - t0


def make_rulebook(tmp):
    """A copy of rules/ with hostile.case first in the catalog; returns its path."""
    rules = os.path.join(tmp, "rules")
    shutil.copytree(os.path.join(ROOT, "rules"), rules)
    path = os.path.join(rules, "catalog.json")
    with open(path, encoding="utf-8") as f:
        catalog = json.load(f)
    catalog["rules"].insert(0, {"id": "hostile.case", "severity": "eligibility",
                                "procedures": ["admission"]})
    with open(path, "w", encoding="utf-8") as f:
        json.dump(catalog, f, ensure_ascii=False, indent=1)
    with open(os.path.join(rules, "messages", "hostile.json"), "w", encoding="utf-8") as f:
        json.dump({f"hostile.case.{code}": {"vi": "quy tắc thù địch: " + code,
                                            "en": "hostile rule: " + code}
                   for code in ("ok", "missing")}, f, ensure_ascii=False)
    return rules


def write_rule(rules, body, top="", fields=""):
    with open(os.path.join(rules, "hostile.lua"), "w", encoding="utf-8") as f:
        f.write(top)
        f.write('rule {id = "hostile.case", severity = "eligibility", procedures = {"admission"},\n'
                f'      codes = {{"ok", "missing"}}, cite = {CITE}, {fields}\n'
                '      check = function(d, ctx)\n' + body + '\n      end}\n')


def entries(doc):
    return {e["rule"]: e for e in doc.get("results", [])} if isinstance(doc, dict) else {}


def check_case(rules, baseline, name, body, needles, seconds, extra, fields=""):
    write_rule(rules, body, "", fields)
    rc, out, err, secs = run(rules, extra)
    what = f"{name}: only hostile.case is an error"
    problems = []
    if rc != 3 and needles is not None:
        problems.append(f"exit code {rc}, expected 3")
    if err:
        problems.append("stderr: " + err.decode("utf-8", "replace")[:1500])
    try:
        doc = json.loads(out.decode("utf-8", "strict"))
    except (UnicodeDecodeError, ValueError) as e:
        report(False, what, "\n".join(problems + [f"output is not UTF-8 JSON: {e}",
                                                  out[:300].decode("utf-8", "replace")]))
        return
    got = entries(doc)
    hostile = got.pop("hostile.case", None)
    if hostile is None:
        problems.append("no entry for hostile.case")
    elif needles is None:
        if hostile["status"] == "error":
            problems.append(f"hostile.case: unexpected error {hostile['message']!r}")
    else:
        if hostile["status"] != "error":
            problems.append(f"hostile.case: status {hostile['status']!r}, expected error")
        # an anchor or a cite_at in error leaves the entry without a citation
        if name.startswith(("anchor_", "cite_at_")) and hostile.get("cite") is not None:
            problems.append(f"hostile.case: cite {hostile.get('cite')!r}, expected none")
        for needle in needles:
            if needle not in hostile["message"]:
                problems.append(f"hostile.case: message {hostile['message'][:300]!r} "
                                f"does not contain {needle!r}")
    if got != baseline:
        changed = sorted(r for r in set(got) | set(baseline) if got.get(r) != baseline.get(r))
        problems.append(f"other results changed: {changed[:10]}")
        for r in changed[:3]:
            problems.append(f"  {r}: {baseline.get(r)} -> {got.get(r)}")
    late = too_long(rc, secs)   # `seconds` is what a quiet machine takes: shown, not asserted
    if late:
        problems.append(late)
    report(not problems, f"{what} ({secs:.2f} s)", "\n".join(problems))


# An audit's brief lines (no --full) build neither the message nor the facts of
# an entry that passes or does not apply, but judge them as a check does: a rule
# whose facts cannot be reported, or whose code it does not declare, is an error
# shown whole, facts included.  (body of check, status expected)
BRIEF_CASES = [
    ("passes", 'return ctx.pass({months = 3, joined_on = 19000})', "pass"),
    ("not_applicable", 'return ctx.not_applicable("ok", {a = 1})', "not_applicable"),
    ("undeclared_code", 'return ctx.pass({months = 3, joined_on = 19000}, "nope")', "error"),
    ("facts_invalid_utf8", 'return ctx.pass({name = "\\xff"})', "error"),
    ("facts_list", 'return ctx.pass({1, 2})', "error"),
    ("facts_cycle", 'local t = {} t.t = t return ctx.pass({t = t})', "error"),
    ("fails", 'return ctx.fail("missing", {months = 3})', "fail"),
    # a rule's own anchor_date stands (the engine adds one only where the rule gave none)
    ("own_anchor_date", 'return ctx.fail("missing", {anchor_date = 19000})', "fail"),
]


def check_brief_lines(rules, tmp):
    """The hostile rule's entry in an audit's brief line equals a check's,
    less what a brief line leaves out of an entry that passes or does not apply."""
    with open(DOSSIER, encoding="utf-8") as f:
        line = json.dumps(json.load(f), ensure_ascii=False, separators=(",", ":"))
    jsonl = os.path.join(tmp, "one.jsonl")
    with open(jsonl, "w", encoding="utf-8") as f:
        f.write(line + "\n")
    env = dict(os.environ, NO_COLOR="1")
    env.pop("ADMIT_LANG", None)
    for name, body, status in BRIEF_CASES:
        write_rule(rules, body)
        rc, out, err, _ = run(rules, ["--as-of", "2026-01-01"])
        full = entries(json.loads(out or b"{}")).get("hostile.case", {})
        outdir = os.path.join(tmp, "audit-" + name)
        p = subprocess.run([ADMIT, "audit", "--rules", rules, "--lang", "en", "--as-of",
                            "2026-01-01", "--progress", "never", "--force", "-j", "1",
                            "--out", outdir, jsonl], capture_output=True, timeout=HANG, env=env)
        try:
            with open(os.path.join(outdir, "results.jsonl"), encoding="utf-8") as f:
                brief = entries(json.loads(f.readline())).get("hostile.case", {})
        except (OSError, ValueError):
            brief = {}
        want = ({"rule": "hostile.case", "status": status}
                if status in ("pass", "not_applicable") else full)
        own = name != "own_anchor_date" or full.get("facts", {}).get("anchor_date") == "2022-01-08"
        report(full.get("status") == status and brief == want and own,
               f"brief line, {name}: {status}, as admit check judges it",
               f"check: {full}\naudit (exit {p.returncode}): {brief}\n"
               f"{p.stderr.decode('utf-8', 'replace')[:500]}")


def main():
    if not os.access(ADMIT, os.X_OK):
        report(False, f"{ADMIT} is not an executable (make)")
        print(f"{passed} passed, {failed} failed")
        return 1
    tmp = tempfile.mkdtemp(prefix="admit-hostile.")
    try:
        rules = make_rulebook(tmp)
        write_rule(rules, 'return ctx.pass({})')
        rc, out, err, _ = run(rules)
        if rc != 0 or err:
            report(False, "the rulebook with a harmless hostile.case checks the dossier",
                   f"exit {rc}\n{err.decode('utf-8', 'replace')[:2000]}")
            print(f"{passed} passed, {failed} failed")
            return 1
        baseline = entries(json.loads(out))
        baseline.pop("hostile.case")
        report(True, f"baseline: {len(baseline)} other results")
        # The copy gives what the untouched rulebook gives.
        rc, out, err, _ = run(os.path.join(ROOT, "rules"))
        plain = entries(json.loads(out)) if rc == 0 else {}
        report(plain == baseline, "baseline equals the untouched rulebook's results",
               f"exit {rc}" if rc != 0 else "results differ")

        for case in CASES:
            check_case(rules, baseline, *case)

        # A citation computed by the rule is output too.
        check_case(rules, baseline, "cite_at_invalid_utf8", 'return ctx.pass({})',
                   ["cite_at", "UTF-8"], None, [],
                   'cite_at = function(ctx) return "Quy \\xe1\\xba" end,')
        check_case(rules, baseline, "cite_at_too_long", 'return ctx.pass({})',
                   ["cite_at", "512"], None, [],
                   'cite_at = function(ctx) return ("x"):rep(600) end,')
        # "under 512 bytes": 511 is a citation, 512 is refused, never cut
        check_case(rules, baseline, "cite_at_511_bytes", 'return ctx.pass({})',
                   None, None, [], 'cite_at = function(ctx) return ("x"):rep(511) end,')
        check_case(rules, baseline, "cite_at_512_bytes", 'return ctx.pass({})',
                   ["cite_at", "512"], None, [],
                   'cite_at = function(ctx) return ("x"):rep(512) end,')
        check_case(rules, baseline, "cite_at_nul", 'return ctx.pass({})',
                   ["cite_at", "UTF-8"], None, [],
                   'cite_at = function(ctx) return "Quy\\0 định" end,')
        check_case(rules, baseline, "cite_at_raises", 'return ctx.pass({})',
                   ["cite_at: ", "boom"], None, [],
                   'cite_at = function(ctx) error("boom") end,')
        # not a string: the edition's citation stands
        check_case(rules, baseline, "cite_at_number", 'return ctx.pass({})',
                   None, None, [], 'cite_at = function(ctx) return 42 end,')
        # `admit rules show` on a day: a cite_at that answers whatever the edition
        # is asked only on a day some edition covers; before the first, no citation
        write_rule(rules, 'return ctx.pass({})', "",
                   'cite_at = function(ctx) return "cite_at: " .. tostring(ctx.edition) end,')
        for day, want in (("2000-01-01", None), ("2024-01-01", "cite_at: 2021")):
            cmd = [ADMIT, "rules", "show", "hostile.case", "--format", "json", "--lang", "en",
                   "--rules", rules, "--date", day]
            p = subprocess.run(cmd, capture_output=True, timeout=HANG,
                               env=dict(os.environ, NO_COLOR="1"))
            try:
                doc = json.loads(p.stdout)
            except ValueError:
                doc = {}
            listed = doc.get("rules") if isinstance(doc, dict) else None
            shown = (listed[0].get("cite", "(absent)") if isinstance(listed, list) and listed
                     and isinstance(listed[0], dict) else "(no rule listed)")
            report(p.returncode == 0 and shown == want,
                   f"rules show on {day}: citation {want!r}",
                   f"exit {p.returncode}, cite {shown!r}, stderr {p.stderr[:300]!r}")
        # What an anchor returns: a day, nil (not happened: the evaluation
        # date), else an error naming the type.
        check_case(rules, baseline, "anchor_nil", 'return ctx.pass({})',
                   None, None, [], 'anchor = function(d, ctx) return nil end,')
        check_case(rules, baseline, "anchor_string", 'return ctx.pass({})',
                   ["anchor returned a string"], None, [],
                   'anchor = function(d, ctx) return "2023-05-10" end,')
        check_case(rules, baseline, "anchor_fraction", 'return ctx.pass({})',
                   ["anchor returned a number"], None, [],
                   'anchor = function(d, ctx) return 19487.5 end,')
        check_case(rules, baseline, "anchor_too_far", 'return ctx.pass({})',
                   ["anchor returned a number"], None, [],
                   'anchor = function(d, ctx) return 2147483647 end,')
        check_case(rules, baseline, "anchor_too_early", 'return ctx.pass({})',
                   ["anchor returned a number"], None, [],
                   'anchor = function(d, ctx) return -2147483648 end,')
        check_case(rules, baseline, "anchor_raises", 'return ctx.pass({})',
                   ["anchor: ", "boom"], None, [],
                   'anchor = function(d, ctx) error("boom") end,')

        check_brief_lines(rules, tmp)

        for name, top, needles in LOAD_CASES:
            write_rule(rules, 'return ctx.pass({})', top)
            rc, out, err, secs = run(rules)
            text = err.decode("utf-8", "replace")
            ok = rc == 3 and all(s in text for s in needles) and not out
            report(ok, f"{name}: tampering while loading refuses the rulebook ({secs:.2f} s)",
                   f"exit {rc}\nstderr: {text[:1500]}")

        # 5. plugin calls run under the rule's time limit: with a registry whose
        # memberships never end, intro.registry (which asks the registry about
        # each introducer) ends with the time limit, the rest is unchanged.
        db = os.path.join(tmp, "recursive.db")
        con = sqlite3.connect(db)
        con.executescript(REGISTRY_VIEW)
        con.close()
        write_rule(rules, 'return ctx.pass({})')
        rc, out, err, secs = run(rules, ["--registry", db])
        problems = []
        if rc != 3:
            problems.append(f"exit code {rc}, expected 3; {err.decode('utf-8', 'replace')[:500]}")
        else:
            got = entries(json.loads(out or b"{}"))
            e = got.pop("intro.registry", {})
            if e.get("status") != "error" or "time limit of 2000 ms exceeded" not in e.get("message", ""):
                problems.append(f"intro.registry: {e}")
            got.pop("hostile.case", None)
            rest = {r: v for r, v in baseline.items() if r != "intro.registry"}
            if got != rest:
                problems.append("other results changed: " +
                                str(sorted(r for r in rest if got.get(r) != rest[r])[:10]))
        late = too_long(rc, secs)
        if late:
            problems.append(late)
        report(not problems, f"registry_recursive_view: the plugin's query stops at the rule's "
                             f"time limit ({secs:.2f} s)", "\n".join(problems))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
