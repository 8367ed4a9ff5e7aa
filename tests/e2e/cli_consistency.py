#!/usr/bin/python3
"""tests/e2e/cli_consistency.py - the command line is one consistent interface.

For every command `admit --help` lists: its --help and `admit help CMD` agree,
every option its help names is accepted and every option it accepts is in its
help (tried against every option any command knows), --format values are the
ones its help lists, the bash completion and the manual page know the same
options, and docs/cli.md describes them.  Then: "did you mean", invalid
values naming the valid ones, --format json of version and test, JSON Lines
and the total line of check, one wording for input errors, wrapping to
COLUMNS or the terminal and not in a pipe, rule titles, no English in
Vietnamese output (rules list, a rule's run-time error, a rule-file error),
the manual page rendering without warnings and the completion completing.

The binary under test is $ADMIT (default ./admit of the repository).  Prints
"ok N - ..." / "not ok N - ..." and ends with "N passed, M failed"; exits 1
when anything failed.
"""
import fcntl
import json
import os
import pty
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import termios

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ADMIT = os.path.abspath(os.environ.get("ADMIT") or os.path.join(ROOT, "admit"))
EXAMPLE = os.path.join(ROOT, "examples", "admission-2023.json")
YOUNG = os.path.join(ROOT, "examples", "admission-2023-too-young.json")
REC = os.path.join(ROOT, "examples", "recognition-2024.json")
COMPLETION = os.path.join(ROOT, "completion", "admit.bash")
MANPAGE = os.path.join(ROOT, "man", "admit.1")
CLI_DOC = os.path.join(ROOT, "docs", "cli.md")

passed = failed = 0
TMP = tempfile.mkdtemp(prefix="admit-e2e-consistency-")


class Run:
    def __init__(self, argv, rc, out, err):
        self.argv, self.rc, self.out, self.err = argv, rc, out, err

    def describe(self):
        return "command: %s\nexit code: %s\nstdout:\n%s\nstderr:\n%s" % (
            " ".join(self.argv), self.rc, self.out[:3000], self.err[:3000])


def env_with(**extra):
    env = dict(os.environ)
    env["NO_COLOR"] = "1"
    for k in ("ADMIT_LANG", "COLUMNS", "ADMIT_HOLIDAYS"):
        env.pop(k, None)
    for k, v in extra.items():
        env[k] = v
    return env


def run(args, env=None, cwd=ROOT):
    argv = [ADMIT] + list(args)
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd,
                       env=env or env_with(), timeout=300)
    return Run(argv, p.returncode, p.stdout.decode("utf-8", "replace"),
               p.stderr.decode("utf-8", "replace"))


def run_pty(args, columns):
    """stdout on a terminal `columns` wide; returns (exit code, output)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    p = subprocess.Popen([ADMIT] + list(args), stdout=slave, stderr=subprocess.DEVNULL,
                         env=env_with(), cwd=ROOT)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    return p.wait(timeout=300), b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")


def check(description, condition, detail=""):
    global passed, failed
    number = passed + failed + 1
    if condition:
        passed += 1
        print("ok %d - %s" % (number, description))
    else:
        failed += 1
        print("not ok %d - %s" % (number, description))
        for line in str(detail).splitlines()[:80]:
            print("#   " + line)
    sys.stdout.flush()


def longest(text):
    return max((len(l) for l in text.split("\n")), default=0)


# ---------------------------------------------------------------- help and parsers

def commands():
    """The commands `admit --help` lists (the word after two spaces)."""
    r = run(["--help", "--lang", "en"])
    names = re.findall(r"^  ([a-z][a-z-]*)\b", r.out, re.M)
    check("admit --help lists the commands", r.rc == 0 and "check" in names and "help" in names,
          r.describe())
    return [n for n in names if n != "help"]


def help_options(text):
    """{option: takes_value} from the option lines of a help text."""
    options = {}
    for line in text.split("\n"):
        m = re.match(r"^  (?:(-[a-z]), )?(--[a-z][a-z-]*)( \S+)?", line)
        if m:
            options[m.group(2)] = m.group(3) is not None
            if m.group(1):
                options[m.group(1)] = False
    return options


def format_values(text):
    m = re.search(r"^  --format (\S+)", text, re.M)
    return m.group(1).split("|") if m else []


REFUSED = ("unknown option", "does not apply")


def test_help_and_parsers(names):
    helps = {}
    for name in names:
        r = run([name, "--help", "--lang", "en"])
        h = run(["help", name, "--lang", "en"])
        check("%s --help exits 0 and lists options" % name,
              r.rc == 0 and "Usage: admit " + name in r.out and "--help" in r.out, r.describe())
        check("admit help %s is admit %s --help" % (name, name), h.rc == 0 and h.out == r.out,
              h.describe())
        helps[name] = r.out
        vi = run([name, "--help"])
        check("%s --help in Vietnamese by default" % name,
              vi.rc == 0 and "Cách dùng: admit " + name in vi.out and "Tùy chọn:" in vi.out,
              vi.describe())
    every = {}
    for text in helps.values():
        every.update(help_options(text))
    # Options no command should take, as bait for a parser that accepts too much.
    every.update({"--colour": True, "--out": True, "--verbose": False, "--quiet": False,
                  "--stage": True, "--profiles": True, "--trust": True, "-x": False})
    for name, text in helps.items():
        listed = help_options(text)
        wrong = []
        for option, takes_value in sorted(listed.items()):
            args = [name, "--lang", "en", option] + (["1"] if takes_value else []) + ["--help"]
            r = run(args)
            if r.rc not in (0, 2) or any(w in r.err for w in REFUSED):
                wrong.append("%s: %s" % (option, r.err.strip() or "exit %d" % r.rc))
        check("%s accepts every option its help lists (%d)" % (name, len(listed)), not wrong,
              "\n".join(wrong))
        wrong = []
        for option in sorted(set(every) - set(listed)):
            r = run([name, "--lang", "en", option, "1", "--help"])
            if r.rc != 2 or not any(w in r.err for w in REFUSED):
                wrong.append("%s: exit %d, %s" % (option, r.rc, r.err.strip()[:200]))
        check("%s refuses every option its help does not list" % name, not wrong, "\n".join(wrong))
        values = format_values(text)
        if values:
            bad = [v for v in values
                   if run([name, "--lang", "en", "--format", v, "--help"]).rc != 0]
            check("%s: every --format value of its help is accepted (%s)" % (name, ",".join(values)),
                  not bad, bad)
            r = run([name, "--lang", "en", "--format", "xml", "--help"])
            want = '--format: "xml" is not valid; use %s' % ", ".join(values)
            check("%s --format xml is refused naming the valid values" % name,
                  r.rc == 2 and want in r.err, r.describe())
            r = run([name, "--format", "xml", "--help"])
            check("%s --format xml, in Vietnamese" % name,
                  r.rc == 2 and '--format: "xml" không hợp lệ; dùng ' + ", ".join(values) in r.err,
                  r.describe())
    check("jsonl is a format of check only",
          "jsonl" in format_values(helps.get("check", "")) and
          all("jsonl" not in format_values(t) for n, t in helps.items() if n != "check"))
    check("version and test take --format json",
          "json" in format_values(helps.get("version", "")) and
          "json" in format_values(helps.get("test", "")))
    return helps


def completion_options(name):
    p = subprocess.run(["bash", "-c", 'source "$0"; _admit_options "$1"', COMPLETION, name],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    return set(p.stdout.decode().split())


def test_completion_man_docs(helps):
    for name, text in helps.items():
        listed = set(help_options(text))
        got = completion_options(name)
        check("the bash completion offers %s's options as its help lists them" % name,
              got == listed, "help only: %s\ncompletion only: %s" % (
                  sorted(listed - got), sorted(got - listed)))
    with open(MANPAGE, encoding="utf-8") as f:
        man = f.read().replace("\\-", "-")
    docs = open(CLI_DOC, encoding="utf-8").read() if os.path.exists(CLI_DOC) else ""
    every = set()
    for name, text in helps.items():
        every |= set(help_options(text))
        check("the manual page describes %s" % name, ("admit %s" % name) in man or
              ('.BI "%s' % name) in man or ('.B %s' % name) in man)
        check("docs/cli.md describes %s" % name, ("admit %s" % name) in docs)
    missing_man = sorted(o for o in every if o.startswith("--") and o not in man)
    missing_doc = sorted(o for o in every if o.startswith("--") and ("`%s" % o) not in docs)
    check("the manual page names every option", not missing_man, missing_man)
    check("docs/cli.md names every option", not missing_doc, missing_doc)
    for word in ("ADMIT_LANG", "NO_COLOR", "COLUMNS", "ADMIT_HOLIDAYS"):
        check("the manual page and docs/cli.md explain %s" % word, word in man and word in docs)

    # The page renders without a warning.
    if shutil.which("man"):
        p = subprocess.run(["man", "--warnings", "-l", MANPAGE], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, env=dict(os.environ, MANWIDTH="80"), timeout=60)
        out = p.stdout.decode("utf-8", "replace")
        check("man -l renders admit.1 without warnings",
              p.returncode == 0 and p.stderr == b"" and "EXIT STATUS" in out and "ENVIRONMENT" in out,
              p.stderr.decode("utf-8", "replace")[:2000])
    else:
        check("man is installed (TEST_PACKAGES has man-db)", False)
    if shutil.which("groff"):
        p = subprocess.run(["groff", "-ww", "-k", "-man", "-Tutf8", MANPAGE], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=60)
        out = re.sub(r"\x1b\[[0-9;]*m", "", re.sub(r".\x08", "", p.stdout.decode("utf-8", "replace")))
        check("groff -ww renders admit.1 without warnings, Vietnamese intact",
              p.returncode == 0 and p.stderr == b"" and "đảng viên chính thức" in out,
              p.stderr.decode("utf-8", "replace")[:2000])

    p = subprocess.run(["bash", "-n", COMPLETION], stderr=subprocess.PIPE, timeout=60)
    check("the bash completion is valid bash", p.returncode == 0, p.stderr.decode())

    def complete(words, cword):
        script = 'source "$0"; COMP_WORDS=(%s); COMP_CWORD=%d; _admit; echo "${COMPREPLY[@]}"' % (
            " ".join("'%s'" % w for w in words), cword)
        p = subprocess.run(["bash", "-c", script, COMPLETION], stdout=subprocess.PIPE, cwd=ROOT,
                           timeout=60)
        return p.stdout.decode().split()
    check("admit ch<TAB> completes check", complete(["admit", "ch"], 1) == ["check"])
    check("admit check --format <TAB>: text json jsonl html",
          complete(["admit", "check", "--format", ""], 3) == ["text", "json", "jsonl", "html"])
    check("admit version --format <TAB>: text json",
          complete(["admit", "version", "--format", ""], 3) == ["text", "json"])
    check("admit check --lang <TAB>: vi en", complete(["admit", "check", "--lang", ""], 3) == ["vi", "en"])
    check("admit check --fo<TAB>: --format", complete(["admit", "check", "--fo"], 2) == ["--format"])
    check("admit check ex<TAB> completes files",
          "examples" in complete(["admit", "check", "ex"], 2))
    check("admit rules <TAB>: list show", complete(["admit", "rules", ""], 2) == ["list", "show"])


# ---------------------------------------------------------------- behaviour

def test_suggestions():
    r = run(["chek", "--lang", "en"])
    check("a misspelt command: did you mean", r.rc == 2 and 'did you mean "check"' in r.err, r.describe())
    r = run(["chekc"])
    check("a misspelt command, in Vietnamese", r.rc == 2 and 'có phải "check"' in r.err, r.describe())
    r = run(["frobnicate", "--lang", "en"])
    check("a command far from any: no suggestion", r.rc == 2 and "did you mean" not in r.err
          and '"frobnicate"' in r.err, r.describe())
    r = run(["check", "--lang", "en", "--formt", "json", EXAMPLE])
    check("a misspelt option: did you mean", r.rc == 2 and 'did you mean "--format"' in r.err
          and r.out == "", r.describe())
    r = run(["timeline", "--lang", "en", "--as-off=2024-01-01", EXAMPLE])
    check("a misspelt option=value: did you mean", r.rc == 2 and 'did you mean "--as-of"' in r.err,
          r.describe())
    r = run(["check", "--lang", "en", "--leap", EXAMPLE])
    check("an option of another command: it does not apply here", r.rc == 2 and "does not apply" in r.err
          and '"--leap"' in r.err, r.describe())
    r = run(["calendar", "--lang", "en", "--leap=3", "solar", "2024-01-01"])
    check("an option that takes no value given one: said so", r.rc == 2
          and 'option "--leap" takes no value' in r.err, r.describe())
    r = run(["check", "--lang", "en", "-vx", EXAMPLE])
    check("an unknown short option in a bundle is named alone", r.rc == 2
          and 'unknown option "-x"' in r.err, r.describe())
    r = run(["help", "chek", "--lang", "en"])
    check("admit help with a misspelt command: did you mean", r.rc == 2 and 'did you mean "check"' in r.err,
          r.describe())
    r = run(["help"])
    check("admit help alone lists the commands", r.rc == 0 and "check" in r.out and "timeline" in r.out,
          r.describe())
    for option, value, valid in (("--lang", "fr", "use vi, en"), ("--color", "sometimes", "use auto, always, never"),
                                 ("--as-of", "2024-02-30", "use a date YYYY-MM-DD")):
        r = run(["check", "--lang=en", option, value, EXAMPLE])
        check("%s %s is refused saying what is valid" % (option, value),
              r.rc == 2 and ('%s: "%s" is not valid; %s' % (option, value, valid)) in r.err, r.describe())


def test_version_and_test_json():
    r = run(["version", "--format", "json"])
    try:
        v = json.loads(r.out)
    except ValueError:
        v = {}
    check("version --format json: engine, lua, plugin_abi, rules, plugins",
          r.rc == 0 and v.get("format") == "admit.version/1" and re.match(r"\d+\.\d+\.\d+$", v.get("engine", ""))
          and v.get("lua", "").startswith("Lua 5.4") and isinstance(v.get("plugin_abi"), int)
          and v.get("rules", "").startswith("sha256:") and isinstance(v.get("plugins"), list),
          r.describe())
    text = run(["version"])
    check("version text and JSON agree on the rules digest", v.get("rules", "-") in text.out, text.describe())
    r = run(["version", "--format", "json", "--plugins", "none"])
    check("version --format json --plugins none: no plugins", r.rc == 0 and json.loads(r.out)["plugins"] == [],
          r.describe())
    r = run(["test", "--format", "json", "tests/rules/age.min.json"])
    try:
        t = json.loads(r.out)
    except ValueError:
        t = {}
    check("test --format json: totals, coverage, the report",
          r.rc == 0 and t.get("format") == "admit.test/1" and t.get("passed", 0) > 0 and t.get("failed") == 0
          and 0 < t.get("coverage", 0) < 100 and t.get("coverage_min") is None and "age.min" in t.get("report", ""),
          r.describe())
    r = run(["test", "--format", "json", "--coverage-min", "100", "tests/rules/age.min.json"])
    t = json.loads(r.out) if r.out.startswith("{") else {}
    check("test --format json with coverage below the minimum: exit 1, coverage_min given",
          r.rc == 1 and t.get("coverage_min") == 100, r.describe())


def test_check_outputs():
    bad = os.path.join(TMP, "bad.json")
    with open(EXAMPLE, encoding="utf-8") as f:
        d = json.load(f)
    d["candidate"]["birth_date"] = "1996-02-30"
    with open(bad, "w", encoding="utf-8") as f:
        json.dump(d, f, ensure_ascii=False)

    r = run(["check", "--format", "jsonl", EXAMPLE, YOUNG, bad])
    lines = r.out.split("\n")
    objs = []
    for line in lines[:-1]:
        try:
            objs.append(json.loads(line))
        except ValueError:
            objs.append(None)
    arr = run(["check", "--format", "json", EXAMPLE, YOUNG, bad])
    check("check --format jsonl: one compact result per line, as the JSON array has them",
          r.rc == 2 and len(lines) == 4 and lines[-1] == "" and None not in objs
          and objs == json.loads(arr.out), r.describe())
    check("jsonl: the verdicts in order, the invalid input in its place",
          [o.get("verdict") if o else None for o in objs] == ["eligible", "not_eligible", None]
          and objs[2].get("input_error", {}).get("path") == "candidate.birth_date", r.describe())

    r = run(["check", "--lang", "en", EXAMPLE, YOUNG, bad])
    last = r.out.rstrip("\n").split("\n")[-1]
    check("check text with several dossiers ends with a total line (en)",
          r.rc == 2 and last == "3 dossiers: 1 eligible, 1 not eligible, 1 invalid input", r.describe())
    r = run(["check", EXAMPLE, REC, YOUNG])
    last = r.out.rstrip("\n").split("\n")[-1]
    check("check text total line (vi)", r.rc == 1 and last == "3 hồ sơ: 2 đủ điều kiện, 1 không đủ điều kiện",
          r.describe())
    r = run(["check", EXAMPLE])
    check("one dossier: no total line", r.rc == 0 and "hồ sơ:" not in r.out.split("\n")[-2], r.describe())

    # One wording for input errors, whatever the command.
    c = run(["check", bad])
    t = run(["timeline", bad])
    want = 'admit: %s:1:%d: candidate.birth_date: "1996-02-30" không phải là ngày hợp lệ\n' % (
        bad, open(bad, encoding="utf-8").read().index('"1996-02-30"') + 1)
    check("check reports an invalid dossier on stderr: admit: FILE:LINE:COLUMN: PATH: message",
          c.rc == 2 and c.err == want and c.out == "", c.describe())
    check("timeline reports it in the same words", t.rc == 2 and t.err == want and t.out == "", t.describe())
    missing = os.path.join(TMP, "none.json")
    c = run(["check", missing])
    t = run(["timeline", missing])
    check("a missing file: the same line from check and timeline",
          c.rc == 2 and t.rc == 2 and c.err == t.err and c.err.startswith("admit: " + missing + ": "),
          c.describe() + "\n" + t.describe())


def test_width():
    r = run(["check", "-v", YOUNG])
    check("check text in a pipe without COLUMNS does not wrap", r.rc == 1 and longest(r.out) > 80,
          r.describe())
    for columns in (60, 80, 120):
        r = run(["check", "-v", YOUNG], env=env_with(COLUMNS=str(columns)))
        check("COLUMNS=%d: every check line fits" % columns,
              r.rc == 1 and longest(r.out) <= columns and (columns > 80 or longest(r.out) > columns - 15),
              r.describe())
    for lang in ("vi", "en"):
        r = run(["timeline", "--lang", lang, "--as-of", "2024-07-01", REC], env=env_with(COLUMNS="80"))
        check("COLUMNS=80: every timeline line fits (%s)" % lang, r.rc == 0 and longest(r.out) <= 80,
              r.describe())
    rc, out = run_pty(["check", "-v", YOUNG], 64)
    check("on a 64-column terminal, check wraps to 64", rc == 1 and 50 < longest(out) <= 64, out[:3000])
    r = run(["check", "-v", YOUNG], env=env_with(COLUMNS="abc"))
    check("COLUMNS that is not a number is ignored", r.rc == 1 and longest(r.out) > 80, r.describe())


def test_rules_titles_and_language():
    catalog = [c["id"] for c in json.load(open(os.path.join(ROOT, "rules", "catalog.json")))["rules"]]
    titles = {}
    for name in os.listdir(os.path.join(ROOT, "rules", "messages")):
        with open(os.path.join(ROOT, "rules", "messages", name), encoding="utf-8") as f:
            titles.update({k[6:]: v for k, v in json.load(f).items() if k.startswith("title.")})
    no_title = [i for i in catalog if not (titles.get(i, {}).get("vi") and titles.get(i, {}).get("en"))]
    check("every catalog rule has a title in vi and en", not no_title, no_title)
    check("no title for a rule outside the catalog", set(titles) <= set(catalog), set(titles) - set(catalog))
    for lang in ("vi", "en"):
        r = run(["rules", "list", "--lang", lang])
        shown = [l.split()[0] for l in r.out.split("\n")[::2] if l]
        check("rules list (%s) fits 80 columns with no COLUMNS" % lang,
              r.rc == 0 and longest(r.out) <= 80 and shown == catalog, r.describe())
        want = [titles[i][lang] for i in catalog]
        check("rules list (%s) shows each rule's title" % lang,
              all(t in r.out for t in want), r.describe())
    r = run(["rules", "list", "--format", "json"])
    listed = {x["id"]: x.get("title") for x in json.loads(r.out)["rules"]} if r.rc == 0 else {}
    check("rules list --format json gives each rule's title in both languages",
          all(listed.get(i) == {"vi": titles[i]["vi"], "en": titles[i]["en"]} for i in catalog), r.describe())
    r = run(["rules", "list"])
    english = [w for w in ("admission", "recognition", "eligibility", "advisory", "process", "editions")
               if re.search(r"\b%s\b" % w, r.out)]
    check("rules list in Vietnamese has no English word", r.rc == 0 and not english, english)
    r = run(["rules", "show", "age.min"])
    check("rules show in Vietnamese names severity and direction in Vietnamese",
          r.rc == 0 and "điều kiện" in r.out and "eligibility" not in r.out and "direction" not in r.out,
          r.describe())

    # A rule that raises: its id and line, not FILE.lua:LINE; the error in Vietnamese.
    rules = os.path.join(TMP, "rules")
    shutil.copytree(os.path.join(ROOT, "rules"), rules)
    path = os.path.join(rules, "age.lua")
    with open(path, encoding="utf-8") as f:
        src = f.read()
    first = src.index("check = function(d, ctx)") + len("check = function(d, ctx)")
    src = src[:first] + "\n    local nothing = nil; nothing.x = 1" + src[first:]
    with open(path, "w", encoding="utf-8") as f:
        f.write(src)
    r = run(["check", "--rules", rules, EXAMPLE])
    flat = " ".join(r.out.split())
    check("a rule's run-time error names the rule and line, in Vietnamese",
          r.rc == 3 and re.search(r"age\.min: quy tắc age\.min, dòng \d+: truy cập trường của một giá trị nil",
                                  flat) is not None and ".lua:" not in r.out, r.describe())
    r = run(["check", "--lang", "en", "--format", "json", "--rules", rules, EXAMPLE])
    obj = json.loads(r.out) if r.out.startswith("{") else {}
    entry = next((e for e in obj.get("results", []) if e["rule"] == "age.min"), {})
    check("in English and in JSON too: rule age.min, line N",
          entry.get("status") == "error" and re.match(r"rule age\.min, line \d+: attempt to index a nil value",
                                                      entry.get("message", "")) is not None, r.describe())

    # A rule file that does not load: the reason in Vietnamese.
    broken = os.path.join(TMP, "rules-broken")
    shutil.copytree(os.path.join(ROOT, "rules"), broken)
    path = os.path.join(broken, "age.lua")
    with open(path, encoding="utf-8") as f:
        src = f.read()
    with open(path, "w", encoding="utf-8") as f:
        f.write(src.replace('severity = "eligibility"', 'severity = "urgent"', 1))
    r = run(["check", "--rules", broken, EXAMPLE])
    check("a rule file that does not load says why in Vietnamese",
          r.rc == 3 and "severity phải là eligibility, process hoặc advisory" in r.err, r.describe())
    r = run(["check", "--lang", "en", "--rules", broken, EXAMPLE])
    check("and in English", r.rc == 3 and "severity must be eligibility, process or advisory" in r.err,
          r.describe())


def main():
    if not os.access(ADMIT, os.X_OK):
        check("the binary under test exists: %s" % ADMIT, False)
    else:
        names = commands()
        groups = [lambda: test_completion_man_docs(test_help_and_parsers(names)), test_suggestions,
                  test_version_and_test_json, test_check_outputs, test_width,
                  test_rules_titles_and_language]
        for group in groups:
            try:
                group()
            except Exception:
                import traceback
                check("a test group ran to completion", False, traceback.format_exc())
    shutil.rmtree(TMP, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
