#!/usr/bin/python3
"""tests/e2e/steps.py - where the dossier stands (docs/result.md, "Steps").

`admit check` before each step of the procedure: verdict `ready`, exit 0,
`next_step`, `pending` results with their due dates, the text report's
headline in the secretary's words (vi and en); a list of results for several
files against schemas/result.schema.json; `admit timeline` before the vote
saying until when the papers stay valid.  Prints "ok N - ..." lines and ends
with "N passed, M failed"; exits 1 when anything failed.
"""
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "lib"))
import tap  # tests/lib/tap.py: the ok/not ok lines and the summary tests/run.sh reads
from tap import check
from admit_e2e import scratch
tap.detail_limit = None

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ADMIT = os.path.abspath(os.environ.get("ADMIT") or os.path.join(ROOT, "admit"))
EXAMPLES = os.path.join(ROOT, "examples")
BEFORE_VOTE = os.path.join(EXAMPLES, "admission-2025-before-vote.json")


def run(*args):
    env = dict(os.environ, NO_COLOR="1")
    return subprocess.run([ADMIT, *args], capture_output=True, text=True, env=env, cwd=ROOT)


def flat(text):
    return " ".join(text.split())


def load(name):
    with open(os.path.join(EXAMPLES, name), encoding="utf-8") as f:
        return json.load(f)


def validator():
    try:
        from jsonschema import Draft7Validator
    except ImportError:
        return None
    with open(os.path.join(ROOT, "schemas", "result.schema.json"), encoding="utf-8") as f:
        schema = json.load(f)
    return Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER)


VALIDATOR = validator()


def schema_errors(obj):
    if VALIDATOR is None:
        return ["python3-jsonschema is not installed"]
    return [f"{list(e.absolute_path)}: {e.message}" for e in VALIDATOR.iter_errors(obj)]


tmp = scratch("admit-steps-")


def variant(base, name, changes):
    d = load(base)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(d.get(key), dict):
            d[key].update(value)
        else:
            d[key] = value
    path = os.path.join(tmp, name)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(d, f, ensure_ascii=False)
    return path


# -- before the branch meeting: the example is ready -----------------------
r = run("check", "--format", "json", BEFORE_VOTE)
res = json.loads(r.stdout) if r.stdout.startswith("{") else {}
check(r.returncode == 0, "before-vote example: exit 0", r.stderr)
check(res.get("verdict") == "ready" and res.get("next_step") == "branch_vote",
      "verdict ready, next_step branch_vote", (res.get("verdict"), res.get("next_step")))
pending = [e for e in res.get("results", []) if e["status"] == "pending"]
check([e["rule"] for e in pending] ==
      ["vote.branch", "vote.grassroots", "decision.authority", "decision.deadline",
       "ceremony.deadline"], "the rules of the coming steps are pending",
      [e["rule"] for e in pending])
check(res.get("counts", {}).get("pending") == 5 and res["counts"].get("missing") == 0,
      "counts.pending 5, nothing missing", res.get("counts"))
check(all(e["missing"] == [] for e in pending), "a pending result lists no missing paths")
check(not schema_errors(res), "the ready result validates against the schema",
      "\n".join(schema_errors(res)[:10]))

r = run("check", BEFORE_VOTE)
check(r.returncode == 0 and
      "Kết luận: SẴN SÀNG: đủ điều kiện và hồ sơ để chi bộ xét kết nạp" in r.stdout and
      "Các bước tiếp theo (5)" in r.stdout and "→ vote.branch: Chờ chi bộ họp xét" in r.stdout,
      "text report leads with SẴN SÀNG and lists the coming steps", r.stdout)
r = run("check", "--lang", "en", BEFORE_VOTE)
check("Verdict: READY for the branch vote" in r.stdout and "Coming steps (5)" in r.stdout and
      "5 pending" in flat(r.stdout), "and in English", r.stdout)
check(r.stdout.index("Verdict:") < r.stdout.index("Coming steps"),
      "the answer comes before the coming steps")

# -- several files: a JSON array, validated as a list ----------------------
r = run("check", "--format", "json", BEFORE_VOTE, os.path.join(EXAMPLES, "admission-2023.json"))
arr = json.loads(r.stdout) if r.stdout.startswith("[") else None
check(r.returncode == 0 and isinstance(arr, list) and
      [x["verdict"] for x in arr] == ["ready", "eligible"],
      "ready + eligible: exit 0, an array in input order", r.stdout[:300] + r.stderr)
check(arr is not None and not schema_errors(arr), "the array validates against the schema",
      "\n".join(schema_errors(arr)[:10]) if arr is not None else "")
r = run("check", "--format", "json", BEFORE_VOTE,
        os.path.join(EXAMPLES, "admission-2023-too-young.json"))
check(r.returncode == 1, "ready + not_eligible: exit 1", r.returncode)

# -- each step of admission ------------------------------------------------
NONE = {"grassroots_vote": None, "decision": None, "ceremony": None}
steps = [
    ("grassroots", "2023-05-15", NONE, "grassroots_vote",
     "READY for the grassroots committee's vote",
     "SẴN SÀNG: đủ điều kiện và hồ sơ để đảng ủy cơ sở xét kết nạp"),
    ("decision", "2023-06-01", {"decision": None, "ceremony": None}, "decision",
     "READY for the admission decision",
     "SẴN SÀNG: đủ điều kiện và hồ sơ để cấp ủy có thẩm quyền quyết định kết nạp"),
    ("ceremony", "2023-06-10", {"ceremony": None}, "ceremony",
     "READY for the admission ceremony",
     "SẴN SÀNG: đủ điều kiện và hồ sơ để tổ chức lễ kết nạp"),
]
for name, as_of, changes, step, en, vi in steps:
    path = variant("admission-2023.json", f"{name}.json", changes)
    r = run("check", "--format", "json", "--as-of", as_of, path)
    res = json.loads(r.stdout) if r.stdout.startswith("{") else {}
    check(r.returncode == 0 and res.get("verdict") == "ready" and res.get("next_step") == step,
          f"before the {step}: ready, next_step {step}", (r.returncode, res.get("verdict"),
                                                          res.get("next_step")))
    r_en = run("check", "--lang", "en", "--as-of", as_of, path)
    r_vi = run("check", "--as-of", as_of, path)
    check(f"Verdict: {en}" in r_en.stdout and vi in flat(r_vi.stdout),
          f"before the {step}: the headline names it", r_en.stdout + r_vi.stdout)

path = variant("admission-2023.json", "decision-due.json", {"decision": None, "ceremony": None})
r = run("check", "--lang", "en", "--as-of", "2023-06-01", path)
check("Due by: 2023-08-02" in r.stdout, "the coming decision shows its due date", r.stdout)
r = run("check", "--format", "json", "--as-of", "2023-08-03", path)
res = json.loads(r.stdout) if r.stdout.startswith("{") else {}
dd = {e["rule"]: e for e in res.get("results", [])}.get("decision.deadline", {})
check(r.returncode == 0 and res.get("verdict") == "ready" and dd.get("status") == "fail",
      "an overdue decision is a process fail; the dossier stays ready", (res.get("verdict"), dd))

r = run("check", "--format", "json", os.path.join(EXAMPLES, "admission-2023.json"))
res = json.loads(r.stdout) if r.stdout.startswith("{") else {}
check(res.get("verdict") == "eligible" and res.get("next_step") is None and
      res.get("counts", {}).get("pending") == 0, "every step happened: eligible, next_step null",
      (res.get("verdict"), res.get("next_step")))

# -- recognition before the branch vote ------------------------------------
path = variant("recognition-2024.json", "rec.json",
               {"probation": {"branch_votes": [], "grassroots_vote": None, "decision": None}})
r = run("check", "--format", "json", "--as-of", "2024-06-01", path)
res = json.loads(r.stdout) if r.stdout.startswith("{") else {}
pd = {e["rule"]: e for e in res.get("results", [])}.get("prob.duration", {})
check(r.returncode == 0 and res.get("verdict") == "ready" and pd.get("status") == "pending" and
      pd.get("hint") == {"earliest": "2024-06-21"},
      "on probation: ready, prob.duration pending from the first day the branch may vote",
      (res.get("verdict"), pd))
r = run("check", "--lang", "en", "--as-of", "2024-06-01", path)
check("Verdict: READY for the branch vote on recognition as an official member" in flat(r.stdout)
      and "Not before: 2024-06-21" in r.stdout, "recognition headline and the earliest day",
      r.stdout)

# -- timeline: until when the papers stay valid ----------------------------
r = run("timeline", "--format", "json", BEFORE_VOTE)
t = json.loads(r.stdout) if r.stdout.startswith("{") else {}
papers = t.get("papers") or {}
items = {p["rule"]: p["valid_until"] for p in papers.get("items", [])}
check(r.returncode == 0 and papers.get("valid_until") == "2026-06-28" and
      items.get("docs.freshness") == "2026-06-28" and items.get("train.awareness") == "2030-03-21",
      "timeline before the vote: papers valid until the earliest of their limits", papers)
r = run("timeline", "--lang", "en", BEFORE_VOTE)
check("The papers as they stand remain valid for the branch vote until 2026-06-28" in flat(r.stdout),
      "and in the text timeline", r.stdout[-800:])
r = run("timeline", BEFORE_VOTE)
check("Giấy tờ hiện có còn giá trị để chi bộ xét đến hết ngày 28/06/2026" in flat(r.stdout),
      "in Vietnamese by default", r.stdout[-800:])
r = run("timeline", "--format", "json", os.path.join(EXAMPLES, "admission-2023.json"))
t = json.loads(r.stdout) if r.stdout.startswith("{") else {}
check("papers" in t and t["papers"] is None, "after the vote: papers null", t.get("papers", "absent"))

# -- a rule and the catalog must agree on its step --------------------------
rules = os.path.join(tmp, "rules")
shutil.copytree(os.path.join(ROOT, "rules"), rules)
vote = os.path.join(rules, "vote.lua")
with open(vote, encoding="utf-8") as f:
    text = f.read()
with open(vote, "w", encoding="utf-8") as f:
    f.write(text.replace('step = "branch_vote",', 'step = "decision",', 1))
r = run("check", "--lang", "en", "--rules", rules, BEFORE_VOTE)
check(r.returncode == 3 and 'vote.branch: step "decision" is not its step "branch_vote"' in r.stderr,
      "a rule whose step is not the catalog's: the rulebook does not load (exit 3)", r.stderr)
with open(vote, "w", encoding="utf-8") as f:
    f.write(text.replace('  step = "branch_vote",\n', "", 1))
r = run("check", "--lang", "en", "--rules", rules, BEFORE_VOTE)
check(r.returncode == 3 and 'step "preparation" is not its step "branch_vote"' in r.stderr,
      "a rule without step is at the first step, which must be the catalog's", r.stderr)
with open(vote, "w", encoding="utf-8") as f:
    f.write(text.replace('step = "branch_vote",', 'step = "probation",', 1))
r = run("check", "--lang", "en", "--rules", rules, BEFORE_VOTE)
check(r.returncode == 3 and "step must be a step of its procedure" in r.stderr,
      "a step of another procedure is refused", r.stderr)
tap.finish()
