#!/usr/bin/python3
"""tests/e2e/rulebook_doc.py - docs/rulebook.md matches the rulebook.

- The generated parts (editions, parameters, catalog) are what
  docs/gen/rulebook_doc.py writes from rules/ and `admit rules list` now: a
  change to the rules without `make docs-rulebook` fails here.
- The check itself can fail: a copy with one generated cell changed is
  reported stale.
- The hand-written parts name every rule id of `admit rules list` and every
  parameter of rules/params.json exactly once, and nothing else.
- README.md links the page.

The binary under test is $ADMIT (default ./admit).  Standard library only.
Ends with "N passed, M failed"; exits 1 when anything failed.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ADMIT = os.path.abspath(os.environ.get("ADMIT") or os.path.join(ROOT, "admit"))
DOC = os.path.join(ROOT, "docs", "rulebook.md")
TOOL = os.path.join(ROOT, "docs", "gen", "rulebook_doc.py")

passed = 0
failed = 0


def check(ok, name, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print("ok - " + name)
    else:
        failed += 1
        print("not ok - " + name)
        for line in str(detail).splitlines()[:20]:
            print("    # " + line)


def run_tool(*args):
    p = subprocess.run([sys.executable, TOOL, "--admit", ADMIT, *args],
                       capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout + p.stderr


def section(text, title):
    """The lines of the section headed `title` up to the next heading of the same or higher level."""
    m = re.search(r"^(#+) " + re.escape(title) + r"\n", text, re.M)
    if m is None:
        return ""
    end = re.compile(r"^#{1,%d} " % len(m.group(1)), re.M).search(text, m.end())
    return text[m.end():end.start() if end else len(text)]


def main():
    with open(DOC, encoding="utf-8") as f:
        text = f.read()

    rc, out = run_tool("--check", DOC)
    check(rc == 0, "docs/rulebook.md is up to date (make docs-rulebook)", out)

    # The check notices a stale page.
    stale = text.replace("| raise only |", "| lower only |", 1)
    check(stale != text, "the page has a parameter a profile may raise")
    with tempfile.NamedTemporaryFile("w", suffix=".md", delete=False, encoding="utf-8") as f:
        f.write(stale)
        copy = f.name
    rc, out = run_tool("--check", copy)
    os.unlink(copy)
    check(rc == 1 and "is stale" in out, "a changed generated cell is reported stale", out)

    # Every rule described by hand, once.
    p = subprocess.run([ADMIT, "rules", "list", "--format", "json"], capture_output=True, text=True)
    ids = [r["id"] for r in json.loads(p.stdout)["rules"]]
    check(len(ids) >= 48, "admit rules list gives the catalog (%d rules)" % len(ids))
    checks = section(text, "What each rule checks")
    described = re.findall(r"^- `([a-z_]+\.[a-z_]+)`:", checks, re.M)
    missing = sorted(set(ids) - set(described))
    unknown = sorted(set(described) - set(ids))
    twice = sorted({i for i in described if described.count(i) > 1})
    check(not missing, "every rule is described", missing)
    check(not unknown, "no description of a rule that does not exist", unknown)
    check(not twice, "each rule described once", twice)

    # Every parameter explained by hand, once.
    with open(os.path.join(ROOT, "rules", "params.json"), encoding="utf-8") as f:
        params = list(json.load(f)["params"])
    explained = []
    for line in section(text, "Parameters").splitlines():
        m = re.match(r"^- ((?:`[a-z_0-9.]+`(?:,| and)? ?)+)\(", line)
        if m:
            explained += re.findall(r"`([a-z_0-9.]+)`", m.group(1))
    check(sorted(set(params) - set(explained)) == [], "every parameter is explained",
          sorted(set(params) - set(explained)))
    check(sorted(set(explained) - set(params)) == [], "no explanation of an unknown parameter",
          sorted(set(explained) - set(params)))
    check(len(explained) == len(set(explained)), "each parameter explained once")

    # Every edition has its paragraph.
    with open(os.path.join(ROOT, "rules", "editions.json"), encoding="utf-8") as f:
        editions = [e["id"] for e in json.load(f)["editions"]]
    told = re.findall(r"^- \*\*`([0-9a-z]+)`\*\*", section(text, "Editions of the regulations"), re.M)
    check(told == editions, "every edition, in order, says what it brought", told)

    # A key such as a rule's step or title becomes a column when rules carry it.
    import importlib.util
    spec = importlib.util.spec_from_file_location("rulebook_doc", TOOL)
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    fake = [{"id": "x.one", "severity": "process", "procedures": ["admission"], "file": "x",
             "step": "branch_vote", "editions": [{"edition": "2021", "cite": "C"}]},
            {"id": "x.two", "severity": "advisory", "procedures": ["recognition"], "file": "x",
             "editions": []}]
    lines = tool.catalog_block(fake, ["2016", "2021"])
    check("| rule | severity | procedures | step | citation by edition |" in lines and
          "| `x.one` | process | admission | branch_vote | 2016: *not encoded*<br>2021: C |" in lines and
          "| `x.two` | advisory | recognition |  | 2016–2021: *not encoded* |" in lines,
          "a step column appears with the key; editions without a citation are marked", "\n".join(lines))

    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        check("docs/rulebook.md" in f.read(), "README.md links docs/rulebook.md")

    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
