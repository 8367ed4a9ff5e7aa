#!/usr/bin/python3
"""tests/e2e/cli.py - end-to-end tests of the `admit` command line.

Run from anywhere; the binary under test is $ADMIT (default: ./admit of the
repository).  Prints one "ok N - ..." / "not ok N - ..." line per check and
ends with "N passed, M failed"; exits 1 when anything failed.

Uses only the standard library and /usr/bin/python3's jsonschema
(python3-jsonschema).
"""
import copy
import json
import os
import pty
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ADMIT = os.path.abspath(os.environ.get("ADMIT") or os.path.join(ROOT, "admit"))
EXAMPLE = os.path.join(ROOT, "examples", "admission-2023.json")
EXAMPLE_REC = os.path.join(ROOT, "examples", "recognition-2024.json")
MIB = 1024 * 1024
ANSI = "\x1b["

passed = 0
failed = 0
number = 0


class Run:
    """The outcome of one command."""

    def __init__(self, argv, rc, out, err):
        self.argv, self.rc, self.out, self.err = argv, rc, out, err

    @property
    def both(self):
        return self.out + self.err

    @property
    def flat(self):
        """stdout + stderr with every run of white space made one space (reports wrap)."""
        return " ".join(self.both.split())

    def json(self):
        return json.loads(self.out)

    def describe(self):
        def cut(s, n=3000):
            return s if len(s) <= n else s[:n] + "\n...(%d more characters)" % (len(s) - n)
        cmd = " ".join(a if re.match(r"^[\w./=:,+-]+$", a) else repr(a) for a in self.argv)
        return "command: %s\nexit code: %s\nstdout:\n%s\nstderr:\n%s" % (
            cmd, self.rc, cut(self.out), cut(self.err))


def base_env(**extra):
    env = dict(os.environ)
    env["NO_COLOR"] = "1"
    env.pop("ADMIT_LANG", None)
    env.pop("COLUMNS", None)
    for k, v in extra.items():
        if v is None:
            env.pop(k, None)
        else:
            env[k] = v
    return env


def run(args, stdin=None, env=None, cwd=ROOT, binary=None):
    argv = [binary or ADMIT] + list(args)
    p = subprocess.run(argv, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       env=env or base_env(), cwd=cwd, timeout=300)
    return Run(argv, p.returncode, p.stdout.decode("utf-8", "replace"),
               p.stderr.decode("utf-8", "replace"))


def run_pty(args, env):
    """Run with stdout on a pseudo-terminal; returns (exit code, output)."""
    master, slave = pty.openpty()
    p = subprocess.Popen([ADMIT] + list(args), stdout=slave, stderr=subprocess.DEVNULL,
                         env=env, cwd=ROOT)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:   # EIO once the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    rc = p.wait(timeout=300)
    return rc, b"".join(chunks).decode("utf-8", "replace")


def check(description, condition, detail=""):
    global passed, failed, number
    number += 1
    if condition:
        passed += 1
        print("ok %d - %s" % (number, description))
    else:
        failed += 1
        print("not ok %d - %s" % (number, description))
        if detail:
            for line in str(detail).splitlines():
                print("#   " + line)
    sys.stdout.flush()


def check_run(description, r, condition):
    check(description, condition, r.describe())


def skip(description, why):
    global passed, number
    number += 1
    passed += 1
    print("ok %d - %s # SKIP %s" % (number, description, why))


def contains_all(text, needles):
    return all(n in text for n in needles)


def wide_lines(text):
    """Lines longer than 80 characters (Unicode characters, not bytes)."""
    return [l for l in text.split("\n") if len(l) > 80]


# ---------------------------------------------------------------- fixtures

TMP = tempfile.mkdtemp(prefix="admit-e2e-cli-")
with open(EXAMPLE, encoding="utf-8") as f:
    EXAMPLE_TEXT = f.read()
BASE = json.loads(EXAMPLE_TEXT)


def write(name, content):
    path = os.path.join(TMP, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if isinstance(content, (dict, list)):
        content = json.dumps(content, ensure_ascii=False, indent=1)
    if isinstance(content, str):
        content = content.encode("utf-8")
    with open(path, "wb") as f:
        f.write(content)
    return path


def variant(name, change):
    d = copy.deepcopy(BASE)
    change(d)
    return write(name, d)


def padded(total):
    """The example with an x_ key padding it to exactly `total` bytes."""
    s = EXAMPLE_TEXT.rstrip()
    assert s.endswith("}")
    head, tail = s[:-1] + ',\n "x_pad": "', '"\n}'
    n = total - len(head.encode()) - len(tail.encode())
    data = (head + "a" * n + tail).encode()
    assert len(data) == total
    return data


def nested(levels):
    """The example with nesting exactly `levels` deep (top-level object = 1)."""
    d = copy.deepcopy(BASE)
    v = []
    cur = v
    for _ in range(levels - 3):   # top object, candidate, then the arrays
        cur.append([])
        cur = cur[0]
    d["candidate"]["x_deep"] = v
    return d


def set_path(d, dotted, value):
    keys = dotted.split(".")
    for k in keys[:-1]:
        d = d[k]
    d[keys[-1]] = value


F = {}
F["ok"] = write("ok.json", EXAMPLE_TEXT)
F["young"] = variant("young.json", lambda d: set_path(d, "candidate.birth_date", "2005-06-14"))
F["incomplete"] = variant("incomplete.json", lambda d: d.update(awareness_course=None))
F["nickname"] = variant("nickname.json", lambda d: set_path(d, "candidate.nickname", "Anh"))
F["x_note"] = variant("x_note.json", lambda d: set_path(d, "candidate.x_note", "ghi chú"))
F["enum"] = variant("enum.json", lambda d: d.update(procedure="adoption"))
F["date"] = variant("date.json", lambda d: set_path(d, "candidate.birth_date", "1996-02-30"))
F["type"] = variant("type.json", lambda d: set_path(d, "branch_vote.present", "13"))
F["children1000"] = variant("children1000.json", lambda d: set_path(
    d, "candidate.children", [{"birth_date": "2020-01-01", "policy_exempt": True}] * 1000))
F["children1001"] = variant("children1001.json", lambda d: set_path(
    d, "candidate.children", [{"birth_date": "2020-01-01", "policy_exempt": True}] * 1001))


def old_edition(d):
    d["branch_vote"]["date"] = "2010-05-10"
    d["grassroots_vote"]["date"] = "2010-05-18"
    d["decision"] = None
    d["ceremony"] = None


F["old"] = variant("old.json", old_edition)
F["as_of"] = variant("as_of.json", lambda d: d.update(as_of="2023-05-01"))
F["badjson"] = write("badjson.json", '{"format": "admit.dossier/1",\n  "id": }\n')
F["utf8"] = write("utf8.json", EXAMPLE_TEXT.encode("utf-8").replace(
    "Nguyễn Thị Minh Anh".encode("utf-8"), b"Nguy\xff\xfen Th\xc3 Minh Anh", 1))
F["dup"] = write("dup.json", EXAMPLE_TEXT.replace(
    '"gender": "female"', '"gender": "female", "gender": "male"', 1))
F["exact"] = write("exact.json", padded(MIB))
F["huge"] = write("huge.json", padded(MIB + 1))
F["deep64"] = write("deep64.json", nested(64))
F["deep65"] = write("deep65.json", nested(65))
F["missing_file"] = os.path.join(TMP, "no-such-dossier.json")
assert EXAMPLE_TEXT.count('"gender": "female"') == 1

CATALOG = [r["id"] for r in json.load(open(os.path.join(ROOT, "rules", "catalog.json")))["rules"]]
STATUSES = ["pass", "fail", "needs_approval", "missing", "pending", "warn", "not_applicable", "error"]


def load_validator():
    try:
        from jsonschema import Draft7Validator
    except ImportError as e:   # reported as a failure below
        return None, str(e)
    with open(os.path.join(ROOT, "schemas", "result.schema.json"), encoding="utf-8") as f:
        schema = json.load(f)
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER), None


VALIDATOR, VALIDATOR_ERROR = load_validator()


def schema_errors(obj):
    if VALIDATOR is None:
        return ["jsonschema unavailable: %s" % VALIDATOR_ERROR]
    items = obj if isinstance(obj, list) else [obj]
    errors = []
    for i, item in enumerate(items):
        for e in VALIDATOR.iter_errors(item):
            errors.append("[%d] %s: %s" % (i, "/".join(map(str, e.absolute_path)), e.message[:300]))
    return errors


VERDICT_EXIT = {"eligible": 0, "ready": 0, "not_eligible": 1, "incomplete": 1, "error": 3}


def parse_json(text):
    try:
        return json.loads(text)
    except ValueError:
        return {}


def result_for(obj, rule):
    for e in obj.get("results", []):
        if e["rule"] == rule:
            return e
    return None


# ---------------------------------------------------------------- help and usage

def test_help():
    r = run(["--help"])
    check_run("admit --help exits 0 and lists the commands", r,
              r.rc == 0 and contains_all(r.out, ["check", "test", "version", "--help"]))
    r = run(["--help", "--lang", "en"])
    check_run("admit --help --lang en is in English", r, r.rc == 0 and "Usage: admit" in r.out)
    r = run(["check", "--help"])
    check_run("admit check --help exits 0 and mentions its options", r,
              r.rc == 0 and contains_all(r.out, ["--format", "--lang", "--as-of", "-v", "--verbose",
                                                 "--color", "--rules", "--plugins", "--profile"]))
    r = run(["check", "--help", "--lang=en"])
    check_run("admit check --help --lang=en is in English", r,
              r.rc == 0 and "Usage: admit check" in r.out and "Exit codes" in r.out)
    r = run(["test", "--help"])
    check_run("admit test --help exits 0 and mentions its options", r,
              r.rc == 0 and contains_all(r.out, ["--coverage-min", "--rules", "--plugins", "--lang"]))
    r = run([])
    check_run("admit alone exits 2 and prints the usage on stderr", r,
              r.rc == 2 and "admit" in r.err and "check" in r.err and r.out == "")


def test_unknown_command_and_option():
    cases = [
        ("vi (default)", [], {}, "không có lệnh", "tùy chọn không hợp lệ"),
        ("--lang en", ["--lang", "en"], {}, "unknown command", "unknown option"),
        ("--lang=en", ["--lang=en"], {}, "unknown command", "unknown option"),
        ("ADMIT_LANG=en", [], {"ADMIT_LANG": "en"}, "unknown command", "unknown option"),
    ]
    for label, lang, env, cmd_text, opt_text in cases:
        r = run(["frobnicate"] + lang, env=base_env(**env))
        check_run("unknown command exits 2 and names it, %s" % label, r,
                  r.rc == 2 and '"frobnicate"' in r.err and cmd_text in r.err)
        r = run(["check", "--frobnicate"] + lang + [EXAMPLE], env=base_env(**env))
        check_run("unknown option exits 2 and names it, %s" % label, r,
                  r.rc == 2 and '"--frobnicate"' in r.err and opt_text in r.err)
    r = run(["check", "--lang", "en", "--format", "yaml", EXAMPLE])
    check_run("--format yaml exits 2 naming the value and the option", r,
              r.rc == 2 and '"yaml"' in r.err and "--format" in r.err)
    r = run(["check", "--lang", "fr", EXAMPLE])
    check_run("--lang fr exits 2 naming the value", r, r.rc == 2 and '"fr"' in r.err)
    r = run(["check", EXAMPLE, "--as-of"])
    check_run("an option without its value exits 2 naming the option", r,
              r.rc == 2 and "--as-of" in r.err)
    r = run(["check"])
    check_run("admit check without a file exits 2", r, r.rc == 2 and r.err != "")
    r = run(["check", "--lang", "en"])
    check_run("admit check without a file says so in English", r,
              r.rc == 2 and "at least one dossier file" in r.err)


# ---------------------------------------------------------------- text report

def test_text_report():
    r = run(["check", EXAMPLE])
    lines = r.out.split("\n")
    check_run("check example exits 0", r, r.rc == 0)
    check_run("text report starts with the dossier and the verdict (vi)", r,
              len(lines) > 2 and lines[0].startswith("Hồ sơ DT-SLDTBXH-2023-004")
              and lines[1] == "Kết luận: ĐỦ ĐIỀU KIỆN")
    check_run("text report names the candidate", r, "Nguyễn Thị Minh Anh" in lines[0])
    for args, env in ((["--lang", "en"], {}), (["--lang=en"], {}), ([], {"ADMIT_LANG": "en"})):
        r = run(["check"] + args + [EXAMPLE], env=base_env(**env))
        lines = r.out.split("\n")
        check_run("English verdict line with %s" % (" ".join(args) or "ADMIT_LANG=en"), r,
                  r.rc == 0 and len(lines) > 2 and lines[0].startswith("Dossier DT-SLDTBXH-2023-004")
                  and lines[1] == "Verdict: ELIGIBLE")
    r = run(["check", "--lang", "vi", EXAMPLE], env=base_env(ADMIT_LANG="en"))
    check_run("--lang vi wins over ADMIT_LANG=en", r, "Kết luận: ĐỦ ĐIỀU KIỆN" in r.out)

    r = run(["check", EXAMPLE])
    check_run("without -v, passes are not listed", r, "age.min" not in r.out and "-v" in r.out)
    r = run(["check", "-v", EXAMPLE])
    check_run("-v lists passes (age.min under Đạt)", r,
              r.rc == 0 and re.search(r"^Đạt \(\d+\)$", r.out, re.M) is not None
              and re.search(r"^  ✓ age\.min:", r.out, re.M) is not None)
    r = run(["check", "--verbose", "--lang", "en", EXAMPLE])
    check_run("--verbose lists passes in English (Met)", r,
              r.rc == 0 and re.search(r"^Met \(\d+\)$", r.out, re.M) is not None
              and "age.min" in r.out)

    r = run(["check", "-v", EXAMPLE])
    check_run("no ANSI escapes with NO_COLOR and a pipe", r, ANSI not in r.out)
    r = run(["check", "-v", EXAMPLE], env=base_env(NO_COLOR=None))
    check_run("no ANSI escapes when output is not a terminal (NO_COLOR unset)", r, ANSI not in r.out)
    r = run(["check", "--color", "never", EXAMPLE], env=base_env(NO_COLOR=None))
    check_run("--color never: no ANSI escapes", r, ANSI not in r.out)
    r = run(["check", "--color", "always", EXAMPLE])
    check_run("--color always emits ANSI escapes (even with NO_COLOR)", r,
              r.rc == 0 and ANSI in r.out and "\x1b[0m" in r.out)
    r = run(["check", "--color=always", "--format", "json", EXAMPLE])
    check_run("--color always never colours JSON", r, r.rc == 0 and ANSI not in r.out)
    rc, out = run_pty(["check", EXAMPLE], base_env(NO_COLOR=None))
    check("colour on a terminal by default", rc == 0 and ANSI in out, "exit %d\n%s" % (rc, out[:2000]))
    rc, out = run_pty(["check", EXAMPLE], base_env(NO_COLOR="1"))
    check("NO_COLOR=1: no colour even on a terminal", rc == 0 and ANSI not in out and "ĐỦ ĐIỀU KIỆN" in out,
          "exit %d\n%s" % (rc, out[:2000]))

    # every line fits in 80 columns, in both languages, with and without -v
    for name in ("ok", "young", "incomplete"):
        for lang in ("vi", "en"):
            for verbose in ([], ["-v"]):
                r = run(["check", "--lang", lang] + verbose + [F[name]], env=base_env(COLUMNS="80"))
                wide = wide_lines(r.out)
                check("text report of %s, %s%s, fits 80 columns" % (name, lang, " -v" if verbose else ""),
                      r.rc in (0, 1) and not wide,
                      r.describe() + "\nwide lines:\n" + "\n".join("%d: %s" % (len(l), l) for l in wide))
                check_run("text report of %s, %s%s: no doubled blank line, no trailing space" % (
                              name, lang, " -v" if verbose else ""), r,
                          "\n\n\n" not in r.out and re.search(r" +$", r.out, re.M) is None
                          and r.out.endswith("\n") and not r.out.endswith("\n\n")
                          and "\n\n(-v" not in r.out)
    for lang in ("vi", "en"):
        r = run(["check", "-v", "--lang", lang, EXAMPLE_REC, F["nickname"], F["ok"]],
                env=base_env(COLUMNS="80"))
        wide = wide_lines(r.out)
        check("recognition + invalid + admission reports, %s, fit 80 columns" % lang,
              r.rc == 2 and not wide,
              r.describe() + "\nwide lines:\n" + "\n".join("%d: %s" % (len(l), l) for l in wide))
    r = run(["check", EXAMPLE_REC])
    check_run("recognition example: eligible, recognition named", r,
              r.rc == 0 and "công nhận đảng viên chính thức" in r.flat and "ĐỦ ĐIỀU KIỆN" in r.out)


# ---------------------------------------------------------------- JSON report

def test_json():
    r = run(["check", "--format", "json", EXAMPLE])
    try:
        obj = r.json()
    except ValueError as e:
        check_run("--format json prints JSON (%s)" % e, r, False)
        return
    check_run("--format json with one file prints one object", r, r.rc == 0 and isinstance(obj, dict))
    errs = schema_errors(obj)
    check("one result validates against schemas/result.schema.json", not errs, "\n".join(errs[:20]))
    check("format is admit.result/1, dossier id, procedure, verdict eligible",
          obj.get("format") == "admit.result/1" and obj.get("dossier") == "DT-SLDTBXH-2023-004"
          and obj.get("procedure") == "admission" and obj.get("verdict") == "eligible",
          json.dumps({k: obj.get(k) for k in ("format", "dossier", "procedure", "verdict")}))
    results = obj.get("results", [])
    tally = {s: 0 for s in STATUSES}
    for e in results:
        tally[e["status"]] = tally.get(e["status"], 0) + 1
    check("counts equal the tally of the results' statuses", obj.get("counts") == tally,
          "counts %s\ntally  %s" % (obj.get("counts"), tally))
    ids = [e["rule"] for e in results]
    in_catalog = [i for i in ids if i in CATALOG]
    check("every catalog rule is in the results, in catalog order",
          in_catalog == CATALOG and len(ids) == len(set(ids)),
          "missing: %s\norder: %s" % ([c for c in CATALOG if c not in ids], ids))
    check("plugins is a list", isinstance(obj.get("plugins"), list), repr(obj.get("plugins")))
    check("profile is [\"central\"]", obj.get("profile") == ["central"], repr(obj.get("profile")))
    ruleset = obj.get("ruleset", "")
    check("ruleset is sha256:<64 hex>", re.fullmatch(r"sha256:[0-9a-f]{64}", ruleset or "") is not None,
          repr(ruleset))
    r2 = run(["check", "--format", "json", EXAMPLE])
    check("ruleset is identical across two runs",
          r2.rc == 0 and json.loads(r2.out).get("ruleset") == ruleset, r2.describe())
    v = run(["version"])
    check_run("admit version reports the same ruleset digest", v, ("rules " + ruleset) in v.out)
    engine = obj.get("engine", "")
    check_run("engine field matches admit version", v,
              re.fullmatch(r"admit \d+\.\d+\.\d+\S*", engine) is not None and v.out.startswith(engine + "\n"))

    # several files: an array in input order
    r = run(["check", "--format", "json", EXAMPLE, EXAMPLE_REC])
    arr = r.json() if r.out.lstrip().startswith("[") else None
    check_run("--format json with two files prints an array of two, in input order", r,
              r.rc == 0 and isinstance(arr, list) and len(arr) == 2
              and [a.get("dossier") for a in arr] == ["DT-SLDTBXH-2023-004", "DT-SLDTBXH-2024-REC-004"])
    if isinstance(arr, list):
        errs = schema_errors(arr)
        check("each item of the array validates against the schema", not errs, "\n".join(errs[:20]))
        for a in arr:
            tally = {s: 0 for s in STATUSES}
            for e in a.get("results", []):
                tally[e["status"]] += 1
            check("counts match the tally for %s" % a.get("dossier"), a.get("counts") == tally,
                  "counts %s\ntally  %s" % (a.get("counts"), tally))
    r = run(["check", "--format", "json", EXAMPLE_REC, EXAMPLE])
    arr = r.json() if r.rc == 0 else None
    check_run("reversed input order gives the reversed array", r,
              isinstance(arr, list) and [a.get("dossier") for a in arr]
              == ["DT-SLDTBXH-2024-REC-004", "DT-SLDTBXH-2023-004"])

    # reproducibility
    args = ["check", "--format", "json", "--as-of", "2024-06-01", EXAMPLE, EXAMPLE_REC, F["young"]]
    a, b = run(args), run(args)
    check("JSON output is byte-identical across two runs with the same --as-of",
          a.rc == 1 and a.out == b.out and a.out != "", a.describe() + "\n---\n" + b.describe())
    a, b = run(["check", "-v", "--as-of", "2024-06-01", EXAMPLE]), run(["check", "-v", "--as-of", "2024-06-01", EXAMPLE])
    check("text output is byte-identical across two runs", a.rc == 0 and a.out == b.out, a.describe())
    r = run(["check", "--format", "json", "--lang", "en", EXAMPLE])
    obj = r.json() if r.rc == 0 else {}
    vi = run(["check", "--format", "json", EXAMPLE])
    vi_obj = vi.json() if vi.rc == 0 else {}
    en_msg = (result_for(obj, "age.min") or {}).get("message", "")
    vi_msg = (result_for(vi_obj, "age.min") or {}).get("message", "")
    check_run("--lang en gives other (English) messages in JSON, same statuses", r,
              en_msg != "" and vi_msg != "" and en_msg != vi_msg and not schema_errors(obj)
              and [e["status"] for e in obj.get("results", [])]
              == [e["status"] for e in vi_obj.get("results", [])])


# ---------------------------------------------------------------- stdin

def test_stdin():
    r = run(["check", "-"], stdin=EXAMPLE_TEXT.encode())
    check_run("check - reads the dossier from stdin", r,
              r.rc == 0 and "Kết luận: ĐỦ ĐIỀU KIỆN" in r.out)
    with open(F["date"], "rb") as f:
        bad = f.read()
    r = run(["check", "--lang", "en", "-"], stdin=bad)
    check_run("an invalid dossier on stdin is named <stdin>", r,
              r.rc == 2 and re.search(r"<stdin>:\d+:\d+: candidate\.birth_date", r.flat) is not None)
    r = run(["check", "--format", "json", "-"], stdin=bad)
    obj = r.json() if r.rc == 2 else {}
    check_run("JSON input error from stdin has input \"<stdin>\"", r,
              obj.get("input") == "<stdin>" and obj.get("input_error", {}).get("path") == "candidate.birth_date")
    r = run(["check", "--format", "json", EXAMPLE, "-"], stdin=EXAMPLE_TEXT.encode())
    arr = r.json() if r.rc == 0 else None
    check_run("a file and stdin together give an array of two", r,
              isinstance(arr, list) and len(arr) == 2 and not schema_errors(arr))
    r = run(["check", "--lang", "en", "-"], stdin=padded(MIB + 1))
    check_run("1 MiB + 1 byte on stdin is rejected (exit 2)", r,
              r.rc == 2 and "<stdin>" in r.flat and "too large" in r.flat)


# ---------------------------------------------------------------- exit codes

def test_exit_codes():
    r = run(["check", "--format", "json", F["young"]])
    obj = r.json() if r.out.strip() else {}
    e = result_for(obj, "age.min") or {}
    check_run("17 at the branch meeting: exit 1, not_eligible", r,
              r.rc == 1 and obj.get("verdict") == "not_eligible")
    check("age.min fails with hint earliest", e.get("status") == "fail"
          and re.fullmatch(r"\d{4}-\d{2}-\d{2}", (e.get("hint") or {}).get("earliest", "")) is not None
          and e["hint"]["earliest"] == "2023-06-01", json.dumps(e, ensure_ascii=False))
    check("not_eligible result validates against the schema", not schema_errors(obj),
          "\n".join(schema_errors(obj)[:20]))
    r = run(["check", F["young"]])
    check_run("text report: KHÔNG ĐỦ ĐIỀU KIỆN, age.min under Không đạt, earliest date", r,
              r.rc == 1 and "Kết luận: KHÔNG ĐỦ ĐIỀU KIỆN" in r.out and "✗ age.min:" in r.out
              and "01/06/2023" in r.out)
    r = run(["check", "--lang", "en", F["young"]])
    check_run("English report: NOT ELIGIBLE, Met from: 2023-06-01", r,
              r.rc == 1 and "Verdict: NOT ELIGIBLE" in r.out and "Met from: 2023-06-01" in r.out)

    r = run(["check", "--format", "json", F["incomplete"]])
    obj = r.json() if r.out.strip() else {}
    missing = [e for e in obj.get("results", []) if e["status"] == "missing"]
    check_run("awareness_course null: exit 1, incomplete", r,
              r.rc == 1 and obj.get("verdict") == "incomplete")
    check("a missing result lists \"awareness_course\"",
          any("awareness_course" in e.get("missing", []) for e in missing),
          json.dumps(missing, ensure_ascii=False, indent=1))
    check("incomplete result validates against the schema", not schema_errors(obj),
          "\n".join(schema_errors(obj)[:20]))
    r = run(["check", F["incomplete"]])
    section = r.out.split("Thiếu hồ sơ (", 1)[-1].split("\n\n", 1)[0]
    check_run("text report: CHƯA ĐỦ HỒ SƠ, the missing item names awareness_course", r,
              r.rc == 1 and "Kết luận: CHƯA ĐỦ HỒ SƠ" in r.out and "? train.awareness:" in section
              and "awareness_course" in section)
    r = run(["check", "--lang", "en", F["incomplete"]])
    section = r.out.split("Missing evidence (", 1)[-1].split("\n\n", 1)[0]
    check_run("English report: INCOMPLETE, the missing item names awareness_course", r,
              r.rc == 1 and "Verdict: INCOMPLETE" in r.out and "? train.awareness:" in section
              and "awareness_course" in section)

    r = run(["check", EXAMPLE, F["young"]])
    check_run("eligible + not_eligible: exit 1", r, r.rc == 1)
    r = run(["check", F["young"], EXAMPLE])
    check_run("not_eligible + eligible: exit 1", r, r.rc == 1)
    r = run(["check", F["incomplete"], F["date"]])
    check_run("incomplete + invalid: exit 2", r, r.rc == 2)
    r = run(["check", F["date"], EXAMPLE])
    check_run("invalid + eligible: exit 2 and the eligible one is still reported", r,
              r.rc == 2 and "ĐỦ ĐIỀU KIỆN" in r.out
              and re.search(re.escape(F["date"]) + r":\d+:\d+: candidate\.birth_date", r.err) is not None)
    r = run(["check", "--format", "json", F["young"], F["date"]])
    check_run("not_eligible + invalid with --format json: exit 2", r, r.rc == 2)
    r = run(["check", EXAMPLE, EXAMPLE_REC])
    check_run("two eligible dossiers: exit 0", r, r.rc == 0 and r.out.count("ĐỦ ĐIỀU KIỆN") == 2)


# ---------------------------------------------------------------- invalid input

INVALID = [
    # key, description, vi needles, en needles
    ("badjson", "bad JSON (line and column)",
     [":2:9:", "JSON"], [":2:9:", "invalid JSON"]),
    ("utf8", "invalid UTF-8 bytes in a name",
     ["UTF-8", ":11:"], ["invalid UTF-8", ":11:"]),
    ("huge", "a 1 MiB + 1 byte file",
     ["quá lớn", "1048576"], ["too large", "1048576"]),
    ("deep65", "nesting 65 levels deep",
     ["64", ":"], ["nested too deeply", "64"]),
    ("children1001", "an array of 1001 items",
     ["candidate.children", "1001", "1000"], ["candidate.children", "1001", "at most 1000"]),
    ("nickname", "an unknown key candidate.nickname",
     ["candidate.nickname", '"nickname"', "full_name"], ["candidate.nickname", 'unknown key "nickname"', "allowed"]),
    ("enum", "an unknown enum value (procedure adoption)",
     ["procedure", '"adoption"', "admission", "recognition"],
     ["procedure", '"adoption" is not one of', "admission", "recognition"]),
    ("date", "an impossible date 1996-02-30",
     ['candidate.birth_date: "1996-02-30" không phải là ngày hợp lệ'],
     ['candidate.birth_date: "1996-02-30" is not a valid date']),
    ("type", "a string where an integer is expected",
     ["branch_vote.present", "số nguyên"], ["branch_vote.present", "expected an integer", "string"]),
    ("dup", "a duplicate key",
     ["candidate.gender", '"gender"', "hai lần"], ["candidate.gender", 'key "gender" appears twice']),
    ("old", "a branch vote before 2011-11-01",
     ["2010-05-10", "2011-11-01"], ["no edition covers", "2010-05-10", "2011-11-01"]),
    ("missing_file", "a file that does not exist",
     ["không đọc được"], ["cannot read"]),
]


def json_needles(needles):
    """The text needles of INVALID as a JSON input_error words them: the
    location is in its path ("line 2, column 9"), not a FILE:LINE:COLUMN prefix."""
    return [n.replace(":2:9:", "line 2, column 9").replace(":11:", "line 11") for n in needles]


def test_invalid_input():
    for key, what, vi, en in INVALID:
        path = F[key]
        for lang, needles in (("vi", vi), ("en", en)):
            r = run(["check", "--lang", lang, path])
            check_run("%s: exit 2, names the file and says what is wrong on stderr (%s)" % (what, lang), r,
                      r.rc == 2 and r.err.startswith("admit: " + path + ":") and r.out == ""
                      and contains_all(r.err, needles))
        r = run(["check", "--format", "json", "--lang", "en", path])
        obj = r.json() if r.out.strip().startswith("{") else {}
        ie = obj.get("input_error") or {}
        check_run("%s: JSON input_error object (en)" % what, r,
                  r.rc == 2 and obj.get("format") == "admit.result/1" and obj.get("input") == path
                  and isinstance(ie.get("path"), str) and isinstance(ie.get("message"), str)
                  and contains_all(ie.get("path", "") + ": " + ie.get("message", ""), json_needles(en))
                  and not schema_errors(obj))

    # paths and boundaries
    r = run(["check", "--format", "json", F["date"]])
    obj = r.json() if r.rc == 2 else {}
    check_run("impossible date: input_error.path is candidate.birth_date", r,
              (obj.get("input_error") or {}).get("path") == "candidate.birth_date")
    r = run(["check", "--format", "json", F["nickname"]])
    obj = r.json() if r.rc == 2 else {}
    check_run("unknown key: input_error.path is candidate.nickname", r,
              (obj.get("input_error") or {}).get("path") == "candidate.nickname")
    r = run(["check", F["x_note"]])
    check_run("candidate.x_note is accepted (exit 0)", r, r.rc == 0 and "ĐỦ ĐIỀU KIỆN" in r.out)
    r = run(["check", F["exact"]])
    check_run("exactly 1 MiB is accepted", r, r.rc == 0)
    r = run(["check", F["deep64"]])
    check_run("nesting exactly 64 levels deep is accepted", r, r.rc == 0)
    r = run(["check", F["children1000"]])
    check_run("an array of exactly 1000 items is accepted", r, r.rc == 0)

    # several files with --format json: every input keeps its place
    files = [EXAMPLE, F["date"], F["missing_file"], F["young"], F["badjson"], F["nickname"]]
    r = run(["check", "--format", "json", "--lang", "en"] + files)
    arr = r.json() if r.out.lstrip().startswith("[") else None
    ok = r.rc == 2 and isinstance(arr, list) and len(arr) == len(files)
    if ok:
        expect = [("result", "DT-SLDTBXH-2023-004"), ("error", F["date"]), ("error", F["missing_file"]),
                  ("result", "DT-SLDTBXH-2023-004"), ("error", F["badjson"]), ("error", F["nickname"])]
        for item, (kind, name) in zip(arr, expect):
            if kind == "result":
                ok = ok and item.get("dossier") == name and "input_error" not in item
            else:
                ok = ok and item.get("input") == name and set(item) == {
                    "format", "dossier", "input", "input_error"} and item.get("format") == "admit.result/1" \
                    and set(item["input_error"]) == {"path", "message"}
    check_run("--format json with invalid inputs among several: every file has its place, in order", r, ok)
    if isinstance(arr, list):
        errs = schema_errors(arr)
        check("the mixed array validates against the schema", not errs, "\n".join(errs[:20]))
        check("input_error paths: candidate.birth_date, candidate.nickname",
              len(arr) == 6 and arr[1].get("input_error", {}).get("path") == "candidate.birth_date"
              and arr[5].get("input_error", {}).get("path") == "candidate.nickname",
              json.dumps(arr[1:3] + arr[4:], ensure_ascii=False, indent=1)[:3000])


# ---------------------------------------------------------------- --as-of

def test_as_of():
    r = run(["check", "--format", "json", "--as-of", "2024-01-02", EXAMPLE])
    obj = r.json() if r.rc == 0 else {}
    check_run("--as-of appears in the result's as_of", r, obj.get("as_of") == "2024-01-02")
    r = run(["check", "--format", "json", F["as_of"]])
    obj = r.json() if r.out.strip() else {}
    check_run("the dossier's as_of is used without --as-of", r, obj.get("as_of") == "2023-05-01")
    r = run(["check", "--format", "json", "--as-of=2024-01-02", F["as_of"]])
    obj = r.json() if r.out.strip() else {}
    check_run("--as-of=DATE overrides the dossier's as_of", r, obj.get("as_of") == "2024-01-02")
    r = run(["check", "--as-of", "2024-01-02", EXAMPLE])
    check_run("the text report shows the evaluation date", r, r.rc == 0 and "Ngày đánh giá: 02/01/2024" in r.out)
    for bad in ("2024-02-30", "tomorrow", "2024-1-2", ""):
        r = run(["check", "--lang", "en", "--as-of", bad, EXAMPLE])
        check_run("invalid --as-of %r exits 2 naming the option and the value" % bad, r,
                  r.rc == 2 and "--as-of" in r.err and ('"%s"' % bad) in r.err and r.out == "")


# ---------------------------------------------------------------- rules, plugins, profiles

def test_rules_plugins_profiles():
    r = run(["check", "--rules", "/nonexistent", EXAMPLE])
    check_run("--rules /nonexistent exits 3 naming the directory", r,
              r.rc == 3 and "/nonexistent" in r.err)
    plugdir = os.path.join(TMP, "plugins-bad")
    os.makedirs(plugdir)
    write("plugins-bad/bad.so", "this is not an ELF file\n")
    for lang in ("vi", "en"):
        r = run(["check", "--lang", lang, "--plugins", plugdir, EXAMPLE])
        check_run("--plugins with a non-ELF bad.so exits 3 naming the file (%s)" % lang, r,
                  r.rc == 3 and "bad.so" in r.err)
    r = run(["check", "--plugins", os.path.join(TMP, "no-such-plugin-dir"), EXAMPLE])
    check_run("--plugins with a missing directory exits 3 naming it", r,
              r.rc == 3 and "no-such-plugin-dir" in r.err)
    # Without plugins, rules that need one (vncal's working days) may report
    # `error`: the run still evaluates, and exits as its verdict says.
    r = run(["check", "--plugins", "none", "--format", "json", EXAMPLE])
    obj = parse_json(r.out)
    check_run("--plugins none works: a result with no plugin, exit code as its verdict", r,
              isinstance(obj, dict) and obj.get("plugins") == [] and not schema_errors(obj)
              and r.rc == VERDICT_EXIT.get(obj.get("verdict")))
    test_plugins = os.environ.get("ADMIT_TEST_PLUGINS") or os.path.join(os.path.dirname(
        os.path.realpath(ADMIT)), "tests", "plugins")
    minimal = os.path.join(test_plugins, "minimal.so")
    if os.path.exists(minimal):
        d = os.path.join(TMP, "plugins-good")
        os.makedirs(d)
        shutil.copy(minimal, d)
        r = run(["check", "--plugins", d, "--format", "json", EXAMPLE])
        obj = parse_json(r.out)
        plugins = (obj.get("plugins") if isinstance(obj, dict) else None) or []
        check_run("--plugins with a good plugin lists it with name, version and sha256", r,
                  r.rc == VERDICT_EXIT.get(obj.get("verdict")) and len(plugins) == 1 and plugins[0].get("name") == "minimal"
                  and re.fullmatch(r"[0-9a-f]{64}", plugins[0].get("sha256", "")) is not None
                  and not schema_errors(obj))
        v = run(["version", "--plugins", d])
        check_run("admit version lists the loaded plugin", v,
                  v.rc == 0 and re.search(r"^plugin minimal \S+ sha256:[0-9a-f]{64} ", v.out, re.M) is not None)
    else:
        skip("--plugins with a good plugin", "no %s (make the test plugins)" % minimal)
    r = run(["check", "--profile", "central", EXAMPLE])
    check_run("--profile central works", r, r.rc == 0 and "ĐỦ ĐIỀU KIỆN" in r.out)
    r = run(["check", "--profile", "nope", EXAMPLE])
    check_run("--profile nope exits 2 naming it", r, r.rc == 2 and '"nope"' in r.err)
    r = run(["check", "--lang", "en", "--profile=nope", EXAMPLE])
    check_run("--profile=nope exits 2 (en)", r, r.rc == 2 and 'unknown profile "nope"' in r.err)


def test_version():
    r = run(["version"])
    abi = None
    with open(os.path.join(ROOT, "plugins", "admit_plugin.h"), encoding="utf-8") as f:
        m = re.search(r"#define\s+ADMIT_PLUGIN_ABI_VERSION\s+(\d+)", f.read())
        abi = m.group(1) if m else None
    check_run("admit version: engine version, Lua 5.4, plugin ABI", r,
              r.rc == 0 and re.match(r"admit \d+\.\d+\.\d+", r.out) is not None
              and "Lua 5.4" in r.out and abi is not None and ("plugin ABI %s" % abi) in r.out)
    r2 = run(["--version"])
    check_run("admit --version is admit version", r2, r2.rc == 0 and r2.out == r.out)
    r = run(["version", "--lang", "en", "--plugins", "none"])
    check_run("admit version --plugins none says no plugins loaded", r,
              r.rc == 0 and "no plugins loaded" in r.out)


# ---------------------------------------------------------------- admit test

def test_rule_tests():
    r = run(["test", "tests/rules"])
    last = r.out.rstrip("\n").split("\n")[-1] if r.out else ""
    m = re.fullmatch(r"(\d+) passed, 0 failed", last)
    check_run("admit test tests/rules exits 0 and ends with N passed, 0 failed", r,
              r.rc == 0 and m is not None and int(m.group(1)) > 0)
    r = run(["test", "--coverage-min", "0", "tests/rules"])
    check_run("admit test --coverage-min 0 passes on tests/rules", r, r.rc == 0)
    for bad in ("101", "-1", "abc", "50%"):
        r = run(["test", "--coverage-min", bad, "tests/rules"])
        check_run("--coverage-min %s exits 2 naming the value" % bad, r,
                  r.rc == 2 and ('"%s"' % bad) in r.err and "--coverage-min" in r.err)

    os.makedirs(os.path.join(TMP, "rt"), exist_ok=True)
    shutil.copy(EXAMPLE, os.path.join(TMP, "rt", "base.json"))
    wrong_case = {"name": "deliberately wrong", "patch": {},
                  "expect": {"verdict": "eligible", "rules": {"age.min": "fail"}}}
    right_case = {"name": "right", "patch": {"candidate": {"birth_date": "2005-06-14"}},
                  "expect": {"verdict": "not_eligible", "rules": {"age.min": "fail"},
                             "hint": {"age.min": {"earliest": "2023-06-01"}}}}
    wrong = write("rt/wrong.json", {"base": "base.json", "cases": [right_case, wrong_case]})
    for lang, needles in (("vi", ["age.min", 'cần "fail"', 'thực tế "pass"']),
                          ("en", ["age.min", 'expected "fail"', 'got "pass"'])):
        r = run(["test", "--lang", lang, wrong])
        last = r.out.rstrip("\n").split("\n")[-1] if r.out else ""
        check_run("a wrong expectation fails, showing rule, expected and actual (%s)" % lang, r,
                  r.rc != 0 and "deliberately wrong" in r.out and contains_all(r.out, needles)
                  and last == "1 passed, 1 failed")
    inline = write("rt/inline.json", {"base": BASE, "cases": [right_case]})
    r = run(["test", inline])
    check_run("an inline base works", r, r.rc == 0 and r.out.rstrip().endswith("1 passed, 0 failed"))
    absolute = write("rt/absolute.json", {"base": EXAMPLE, "cases": [right_case]})
    r = run(["test", absolute])
    check_run("an absolute base path works", r, r.rc == 0 and r.out.rstrip().endswith("1 passed, 0 failed"))
    r = run(["test", "--lang", "en", "--coverage-min", "50", inline])
    check_run("--coverage-min 50 with one rule covered fails and says why", r,
              r.rc != 0 and "below the minimum" in r.out)
    unknown = write("rt/unknown.json", {"base": "base.json", "cases": [
        {"name": "x", "patch": {}, "frobnicate": 1, "expect": {"rules": {"age.min": "pass"}}}]})
    r = run(["test", "--lang", "en", unknown])
    check_run("a test file with an unknown key is refused naming the key", r,
              r.rc != 0 and '"frobnicate"' in r.out and "unknown key" in r.out
              and r.out.rstrip().endswith("0 passed, 1 failed"))
    r = run(["test", os.path.join(TMP, "rt", "no-such-test.json")])
    check_run("a missing test file counts as a failure", r, r.rc != 0 and "no-such-test.json" in r.out)


# ---------------------------------------------------------------- make install

def test_install():
    real = os.path.realpath(ADMIT)
    build_dir = os.path.dirname(real)
    build = os.path.basename(build_dir)
    if os.path.dirname(build_dir) != ROOT or not os.path.isfile(os.path.join(ROOT, "Makefile")):
        skip("make install", "%s is not ROOT/BUILD/admit" % real)
        return
    make = ["make", "--no-print-directory", "-o", "admit", "BUILD=" + build]
    if build == "build-san" or "san" in build:
        make.append("SANITIZE=1")
    env = dict(os.environ)

    def run_make(args):
        p = subprocess.run(make + args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           env=env, timeout=900)
        return Run(make + args, p.returncode, p.stdout.decode("utf-8", "replace"), "")

    # The installed locations are compiled into paths.o, which the Makefile
    # rebuilds when PREFIX changes (BUILD/install-dirs): the binary under test
    # is relinked by the installs below, so put it back as it was afterwards.
    stamp = os.path.join(build_dir, "install-dirs")
    original = open(stamp).read() if os.path.isfile(stamp) else None
    try:
        install_checks(run_make)
    finally:
        prefix_args = []
        if original is not None and original.split()[0].endswith("/share/admit"):
            prefix_args = ["PREFIX=" + original.split()[0][:-len("/share/admit")]]
        r = run_make([os.path.join(build, "admit")] + prefix_args)
        now = open(stamp).read() if os.path.isfile(stamp) else None
        check_run("after the installs, the build under test is back to its own PREFIX", r,
                  r.rc == 0 and now == original and run(["check", EXAMPLE]).rc == 0)


def install_checks(run_make):
    stage = os.path.join(TMP, "stage")
    r = run_make(["install", "DESTDIR=" + stage, "PREFIX=/usr"])
    want = ["usr/bin/admit", "usr/share/admit/rules/catalog.json", "usr/share/admit/rules/editions.json",
            "usr/share/admit/schemas/result.schema.json", "usr/share/admit/schemas/dossier.schema.json",
            "usr/lib/admit/plugins"]
    absent = [w for w in want if not os.path.exists(os.path.join(stage, w))]
    check_run("make install DESTDIR=... PREFIX=/usr installs bin/admit, rules, schemas", r,
              r.rc == 0 and not absent and os.access(os.path.join(stage, "usr/bin/admit"), os.X_OK))
    more = ["usr/share/man/man1/admit.1", "usr/share/bash-completion/completions/admit",
            "usr/share/admit/tests/rules/age.min.json", "usr/share/admit/examples/admission-2023.json",
            "usr/lib/admit/plugins/vncal.so"]
    absent = [w for w in more if not os.path.isfile(os.path.join(stage, w))]
    check("make install puts the manual page, the completion, the rule tests and examples", not absent,
          "missing: %s" % absent)
    staged = os.path.join(stage, "usr", "bin", "admit")
    if os.path.isfile(staged):
        r = run(["version"], cwd="/", binary=staged)
        check_run("the staged admit version runs and loads the installed plugins", r,
                  r.rc == 0 and re.search(r"^plugin vncal .* %s/usr/(bin/\.\./)?lib/admit/plugins/vncal\.so$"
                                             % re.escape(stage), r.out, re.M) is not None)
        r = run(["check", os.path.join(stage, "usr/share/admit/examples/admission-2023.json")],
                cwd="/", binary=staged)
        check_run("the staged admit checks an installed example", r,
                  r.rc == 0 and "Kết luận: ĐỦ ĐIỀU KIỆN" in r.out)
        r = run(["test"], cwd="/", binary=staged)
        last = r.out.rstrip("\n").split("\n")[-1] if r.out else ""
        m = re.fullmatch(r"(\d+) passed, 0 failed", last)
        check_run("the staged admit test runs the shipped rule tests by default, all passing", r,
                  r.rc == 0 and m is not None and int(m.group(1)) > 100)
    r = run_make(["uninstall", "DESTDIR=" + stage, "PREFIX=/usr"])
    left = [os.path.relpath(os.path.join(d, f), stage) for d, _, fs in os.walk(stage) for f in fs]
    left_dirs = [os.path.relpath(d, stage) for d, _, _ in os.walk(stage) if "admit" in os.path.relpath(d, stage)]
    check_run("make uninstall removes every file install put, and admit's folders", r,
              r.rc == 0 and not left and not left_dirs and os.path.isdir(stage))
    if left or left_dirs:
        print("#   left behind: %s" % (left + left_dirs)[:40])

    prefix = os.path.join(TMP, "prefix")
    r = run_make(["install", "DESTDIR=", "PREFIX=" + prefix])
    check_run("make install PREFIX=<temp prefix> succeeds", r,
              r.rc == 0 and os.path.isfile(os.path.join(prefix, "bin", "admit")))
    installed = os.path.join(prefix, "bin", "admit")
    if os.path.isfile(installed):
        r = run(["check", EXAMPLE], cwd="/", binary=installed)
        check_run("the installed admit, run from /, finds its rules and schemas", r,
                  r.rc == 0 and "Kết luận: ĐỦ ĐIỀU KIỆN" in r.out)
        r = run(["check", "--format", "json", EXAMPLE], cwd="/", binary=installed)
        obj = r.json() if r.rc == 0 else {}
        check_run("the installed admit gives a valid JSON result", r,
                  obj.get("verdict") == "eligible" and not schema_errors(obj))
        r = run(["check", F["date"]], cwd="/", binary=installed)
        check_run("the installed admit validates dossiers (its schemas are found)", r,
                  r.rc == 2 and "1996-02-30" in r.flat)


def main():
    if not os.access(ADMIT, os.X_OK):
        check("the binary under test exists: %s" % ADMIT, False)
    else:
        for t in (test_help, test_unknown_command_and_option, test_text_report, test_json, test_stdin,
                  test_exit_codes, test_invalid_input, test_as_of, test_rules_plugins_profiles,
                  test_version, test_rule_tests, test_install):
            try:
                t()
            except Exception:   # a crash in one group is one failure, not the end
                import traceback
                check("%s ran to completion" % t.__name__, False, traceback.format_exc())
    shutil.rmtree(TMP, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
