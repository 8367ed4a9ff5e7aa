#!/usr/bin/python3
"""tests/e2e/robust_io.py - input and output defects found by fuzzing and review.

Each check names the defect it guards against: a \\u0000 that truncated
strings, write errors on standard output that were ignored, a WAL-mode
registry that left side files, an evaluation date before birth, misspelled
test parameters, an overflowing coverage count, `registry init -`, a
dossier with no dated step, and the fuzzers' regression inputs
(tests/fuzz/regressions/, replayed through the commands they came from).

The binary under test is $ADMIT (default ./admit).  Ends with
"N passed, M failed"; exits 1 when anything failed.
"""
import atexit
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ADMIT = os.path.abspath(os.environ.get("ADMIT") or os.path.join(ROOT, "admit"))
EXAMPLE = os.path.join(ROOT, "examples", "admission-2023.json")

passed = failed = 0


def run(*args, cwd=None, stdin=None, stdout=subprocess.PIPE):
    env = dict(os.environ, NO_COLOR="1")
    env.pop("ADMIT_LANG", None)
    p = subprocess.run([ADMIT, *args], cwd=cwd or ROOT, env=env, stdin=stdin, stdout=stdout,
                       stderr=subprocess.PIPE, timeout=120)
    out = p.stdout.decode("utf-8", "replace") if p.stdout is not None else ""
    return p.returncode, out, p.stderr.decode("utf-8", "replace")


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print("ok - " + name)
    else:
        failed += 1
        print("not ok - " + name)
        if detail:
            print("    " + detail.replace("\n", "\n    ")[:3000])


def expect(name, result, code, *texts, stream="err"):
    rc, out, err = result
    where = " ".join((err if stream == "err" else out).split())   # reports wrap
    ok = rc == code and all(t in where for t in texts)
    check(name, ok, "exit %s (want %s)\nstdout: %s\nstderr: %s\nwanted in %s: %r"
          % (rc, code, out[:1500], err[:1500], stream, texts))


def example_text():
    with open(EXAMPLE, encoding="utf-8") as f:
        return f.read()


tmp = tempfile.mkdtemp(prefix="admit-robust-")
atexit.register(shutil.rmtree, tmp, True)   # the test leaves nothing in /tmp


def write(name, text):
    path = os.path.join(tmp, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


# -- \u0000 in strings -------------------------------------------------------
text = example_text()
value_nul = write("value-nul.json", text.replace('"id": "DT-SLDTBXH-2023-004"',
                                                 '"id": "DT-SLDTBXH-2023-004\\u0000-REVOKED"', 1))
expect("\\u0000 in a value is refused with line:column", run("check", "--lang", "en", value_nul),
       2, ":3:29:", "\\u0000", "expected a character other than NUL")
key_nul = write("key-nul.json", text.replace('"birth_date"', '"birth_date\\u0000note"', 1))
expect("\\u0000 in a key is refused", run("check", "--lang", "en", key_nul), 2, "\\u0000")
expect("\\u0000 is refused in Vietnamese too", run("check", value_nul), 2, ":3:29:",
       "ký tự NUL")
expect("an escaped backslash before u0000 is text, not NUL",
       run("check", "--lang", "en", write("escaped.json", text.replace(
           '"id": "DT-SLDTBXH-2023-004"', '"id": "DT-SLDTBXH-2023-004\\\\u0000"', 1))),
       0, "DT-SLDTBXH-2023-004\\u0000", stream="out")

# -- write errors on standard output ----------------------------------------
if os.path.exists("/dev/full"):
    for args in (["check", EXAMPLE], ["check", "--format", "json", EXAMPLE],
                 ["check", "--format", "json", EXAMPLE, EXAMPLE], ["timeline", EXAMPLE],
                 ["timeline", "--format", "json", EXAMPLE], ["rules", "list"], ["version"],
                 ["test", "tests/rules/age.min.json"], ["calendar", "holidays", "2024"]):
        with open("/dev/full", "w") as full:
            rc, out, err = run(*args, "--lang", "en", stdout=full)
        check("write error is reported: admit %s > /dev/full" % " ".join(args),
              rc == 3 and "cannot write output" in err, "exit %s\nstderr: %s" % (rc, err))
    with open("/dev/full", "w") as full:
        rc, out, err = run("check", EXAMPLE, stdout=full)
    check("the write error speaks Vietnamese by default", rc == 3 and "lỗi ghi đầu ra" in err, err)

# -- registry in WAL mode ----------------------------------------------------
wal_dir = os.path.join(tmp, "wal")
os.mkdir(wal_dir)
db_path = os.path.join(wal_dir, "m.db")
db = sqlite3.connect(db_path)
for script in ("schemas/registry.sql", "tests/fixtures/registry.sql"):
    with open(os.path.join(ROOT, script), encoding="utf-8") as f:
        db.executescript(f.read())
db.execute("PRAGMA journal_mode=WAL")
db.commit()
db.close()
rc, out, err = run("check", "--lang", "en", "--registry", db_path, EXAMPLE)
check("a WAL-mode registry is read", rc == 0, "exit %s\n%s%s" % (rc, out, err))
check("reading a WAL-mode registry leaves no -wal/-shm files beside it",
      sorted(os.listdir(wal_dir)) == ["m.db"], str(os.listdir(wal_dir)))
# A writer with changes not yet checkpointed: an immutable read would miss them.
writer = sqlite3.connect(db_path)
writer.execute("PRAGMA wal_autocheckpoint=0")
writer.execute("CREATE TABLE pending (x)")
writer.commit()
expect("a WAL registry with pending changes is refused, saying why",
       run("check", "--lang", "en", "--registry", db_path, EXAMPLE), 2, "WAL mode", "m.db-wal")
writer.close()

# -- a valid date outside the calendar's years ---------------------------------
late_vote = write("vote-2101.json", example_text().replace('"date": "2023-05-10"', '"date": "2101-01-01"', 1))
rc, out, err = run("check", "--lang", "en", "--format", "json", "--as-of", "2101-06-01", late_vote)
try:
    entry = [e for e in json.loads(out)["results"] if e["rule"] == "decision.deadline"][0]
except (ValueError, IndexError, KeyError):
    entry = {}
check("a branch vote in 2101: decision.deadline is not_applicable (outside_calendar), not error",
      rc in (0, 1) and entry.get("status") == "not_applicable"
      and "outside the years the holiday calendar covers" in entry.get("message", "")
      and entry.get("facts", {}).get("outside_date") == "2101-01-01",
      "exit %s\n%s\n%s" % (rc, json.dumps(entry, ensure_ascii=False), err))

# -- the evaluation date before the candidate's birth ------------------------
expect("check: as_of before the birth date is an input error at as_of",
       run("check", "--lang", "en", "--as-of", "1990-01-01", EXAMPLE), 2, "as_of",
       "before the candidate's birth (1996-08-14)")
expect("timeline: as_of before the birth date is an input error",
       run("timeline", "--lang", "en", "--as-of", "1990-01-01", EXAMPLE), 2, "as_of",
       "before the candidate's birth")
rc, out, err = run("check", "--lang", "en", "--as-of", "1996-08-14", EXAMPLE)
check("as_of on the birth date itself is not refused", rc in (0, 1) and "as_of" not in out,
      "exit %s\n%s%s" % (rc, out, err))

# -- registry init - ----------------------------------------------------------
init_dir = os.path.join(tmp, "init")
os.mkdir(init_dir)
expect("registry init - is refused", run("registry", "init", "-", "--lang", "en", cwd=init_dir),
       2, "\"-\" is not a file name here")
check("registry init - creates no file named -", not os.path.exists(os.path.join(init_dir, "-")))

# -- rule test files ----------------------------------------------------------
case_file = write("params.json", json.dumps({
    "base": EXAMPLE,
    "cases": [{"name": "a misspelled parameter",
               "params": {"docs.freshnes_months": 6},
               "patch": {},
               "expect": {"rules": {"docs.freshness": "pass"}}}]}))
rc, out, err = run("test", "--lang", "en", case_file)
check("a misspelled parameter fails the case, with did you mean",
      rc == 1 and 'no parameter "docs.freshnes_months"' in out
      and 'did you mean "docs.freshness_months"' in out and "0 passed, 1 failed" in out,
      "exit %s\n%s%s" % (rc, out, err))

state = write("state.json", "{}")
rc, out, err = run("test", "--coverage-state", state, "tests/rules/age.min.json")
with open(state, encoding="utf-8") as f:
    saved = json.load(f)
saved["rules"]["age.min"]["cases"] = 1e300
with open(state, "w", encoding="utf-8") as f:
    json.dump(saved, f)
expect("a coverage count of 1e300 is refused",
       run("test", "--lang", "en", "--coverage-state", state, "tests/rules/age.min.json"), 2,
       "rules.age.min.cases", "expected a whole number")

# -- a dossier with no dated step (qsort of nothing) ---------------------------
minimal = write("minimal.json", json.dumps({
    "format": "admit.dossier/1", "id": "MIN-1", "procedure": "admission",
    "organisation": json.loads(text)["organisation"],
    "candidate": {"full_name": "Nguyễn Văn A", "birth_date": "1990-01-01"},
    "as_of": "2024-01-01"}))
rc, out, err = run("timeline", "--lang", "en", minimal)
check("timeline of a dossier with no dated step", rc == 0 and "Steps in the dossier" in out,
      "exit %s\n%s%s" % (rc, out, err))

# -- the fuzzers' regressions ---------------------------------------------------
reg_dir = os.path.join(ROOT, "tests", "fuzz", "regressions")
for name in sorted(os.listdir(reg_dir)) if os.path.isdir(reg_dir) else []:
    path = os.path.join(reg_dir, name)
    target = name.split("-", 1)[0]
    if target in ("json", "dossier"):
        args = ["check", "--lang", "en", path]
    elif target == "eval":   # the eval target builds the timeline too
        args = ["check", "--lang", "en", path]
        rc, out, err = run("timeline", "--lang", "en", path)
        check("fuzz regression %s (timeline): no crash (exit 0-2)" % name,
              rc in (0, 1, 2) and "runtime error" not in err and "Sanitizer" not in err,
              "exit %s\nstderr: %s" % (rc, err[:2000]))
    elif target == "ruletest":
        args = ["test", "--lang", "en", path]
    elif target == "coverage":
        # the harness's "@DIGEST@" is this rulebook's digest (docs/fuzzing.md)
        copy = write("state-" + name, open(path, encoding="utf-8").read().replace(
            "@DIGEST@", saved["ruleset"]))
        args = ["test", "--lang", "en", "--coverage-state", copy, "tests/rules/age.min.json"]
    else:
        continue
    rc, out, err = run(*args)
    check("fuzz regression %s: no crash (exit 0-2)" % name,
          rc in (0, 1, 2) and "runtime error" not in err and "Sanitizer" not in err,
          "exit %s\nstderr: %s" % (rc, err[:2000]))

print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
