"""End-to-end tests of what `admit test` can assert (docs/writing-rules.md, "Tests").

Each assertion is shown to pass when it matches the result and to fail, naming
what differs, when it does not: verdict, next_step, rules, codes, cite (exact
and {"contains": ...}), facts, hint (null: absent), missing, and the file-level "expect"
defaults merged into each case.
Prints "ok N - ..." / "not ok N - ..." lines and ends with "N passed, M failed".
"""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "lib"))
import tap  # tests/lib/tap.py: the ok/not ok lines and the summary tests/run.sh reads
from tap import check

ADMIT = os.environ.get("ADMIT", "./admit")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BASE = os.path.join(ROOT, "examples", "admission-2023.json")


def run_file(content):
    """Write a test file, run `admit test --lang en` on it; (exit code, output)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "t.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(content, f, ensure_ascii=False)
        r = subprocess.run([ADMIT, "test", "--lang", "en", path], capture_output=True,
                           text=True, cwd=ROOT)
        return r.returncode, r.stdout + r.stderr


def one_case(expect, patch=None, defaults=None):
    case = {"name": "the case", "patch": patch or {}, "expect": expect}
    content = {"base": BASE, "cases": [case]}
    if defaults is not None:
        content["expect"] = defaults
    return run_file(content)


CITE = "Điều lệ Đảng 2011, Điều 4.3"
RIGHT_AND_WRONG = [
    ("verdict", {"verdict": "eligible"}, {"verdict": "not_eligible"}, "verdict"),
    ("next_step", {"next_step": None}, {"next_step": "ceremony"}, "next_step"),
    ("rules", {"rules": {"vote.branch": "pass"}}, {"rules": {"vote.branch": "fail"}}, "vote.branch"),
    ("codes", {"rules": {"vote.branch": "pass"}, "codes": {"vote.branch": "ok"}},
     {"rules": {"vote.branch": "pass"}, "codes": {"vote.branch": "short"}}, "vote.branch code"),
    ("cite, exact", {"cite": {"vote.branch": CITE}},
     {"cite": {"vote.branch": "Điều lệ Đảng 2011, Điều 4.4"}}, "vote.branch cite"),
    ("cite, exact: a part is not enough", {"cite": {"vote.branch": CITE}},
     {"cite": {"vote.branch": "Điều 4.3"}}, "vote.branch cite"),
    ("cite, contains", {"cite": {"vote.branch": {"contains": "Điều 4.3"}}},
     {"cite": {"vote.branch": {"contains": "Điều 4.4"}}}, "vote.branch cite"),
    ("cite of a rule that gives none", {"cite": {"vote.branch": CITE}},
     {"cite": {"no.such_rule": CITE}}, "no.such_rule cite"),
    ("facts", {"facts": {"vote.branch": {"denominator": 14}}},
     {"facts": {"vote.branch": {"denominator": 15}}}, "vote.branch facts.denominator"),
    ("missing", {"missing": {"vote.branch": []}},
     {"missing": {"vote.branch": ["branch_vote.in_favour"]}}, "vote.branch missing"),
]
for name, right, wrong, label in RIGHT_AND_WRONG:
    rc, out = one_case(right)
    check(rc == 0, f"{name}: a matching expectation passes", out)
    rc, out = one_case(wrong)
    check(rc != 0 and label in out, f"{name}: a wrong expectation fails and names '{label}'", out)

# hint: age.min's earliest date for a candidate too young
young = {"candidate": {"birth_date": "2005-06-14"}}
rc, out = one_case({"rules": {"age.min": "fail"}, "hint": {"age.min": {"earliest": "2023-06-01"}}}, young)
check(rc == 0, "hint: a matching expectation passes", out)
rc, out = one_case({"rules": {"age.min": "fail"}, "hint": {"age.min": {"earliest": "2023-06-02"}}}, young)
check(rc != 0 and "age.min hint.earliest" in out, "hint: a wrong expectation fails", out)

# null under facts or hint: the rule reports no such fact or hint
rc, out = one_case({"rules": {"age.min": "pass"}, "hint": {"age.min": {"earliest": None}},
                    "facts": {"age.min": {"no_such_fact": None}}})
check(rc == 0, "null: an absent hint and an absent fact pass", out)
rc, out = one_case({"rules": {"age.min": "fail"}, "hint": {"age.min": {"earliest": None}}}, young)
check(rc != 0 and "age.min hint.earliest" in out, "null: a hint the rule gives fails", out)
rc, out = one_case({"facts": {"vote.branch": {"denominator": None}}})
check(rc != 0 and "vote.branch facts.denominator" in out, "null: a fact the rule reports fails", out)

# file-level defaults: merged into each case; the case overrides; null removes
defaults = {"verdict": "eligible", "cite": {"vote.branch": CITE}}
rc, out = one_case({"rules": {"vote.branch": "pass"}}, defaults=defaults)
check(rc == 0, "defaults: a case meeting the file's expectations passes", out)
rc, out = one_case({"rules": {"vote.branch": "fail"}}, {"branch_vote": {"in_favour": 9}},
                   defaults=defaults)
check(rc != 0 and "verdict" in out, "defaults: the file's verdict applies to a case that gives another", out)
rc, out = one_case({"verdict": "not_eligible", "rules": {"vote.branch": "fail"}},
                   {"branch_vote": {"in_favour": 9}}, defaults=defaults)
check(rc == 0, "defaults: a case's own verdict overrides the file's", out)
rc, out = one_case({"cite": {"vote.branch": None}}, defaults={"cite": {"vote.branch": "wrong"}})
check(rc == 0, "defaults: null in a case removes a default", out)
rc, out = one_case({}, defaults={"cite": {"vote.branch": "wrong"}})
check(rc != 0 and "vote.branch cite" in out, "defaults: a wrong default cite fails each case", out)

# the schema refuses a malformed cite expectation
rc, out = one_case({"cite": {"vote.branch": {"starts": "Điều"}}})
check(rc != 0, "schema: a cite object without 'contains' is refused", out)
rc, out = one_case({"cite": {"vote.branch": 3}})
check(rc != 0, "schema: a cite that is a number is refused", out)

tap.finish()
