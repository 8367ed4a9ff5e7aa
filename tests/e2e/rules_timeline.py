"""End-to-end tests of `admit rules list|show` and `admit timeline`.

Prints "ok N - ..." / "not ok N - ..." lines and ends with "N passed, M failed".
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "lib"))
import tap  # tests/lib/tap.py: the ok/not ok lines and the summary tests/run.sh reads
from tap import check

ADMIT = os.environ.get("ADMIT", "./admit")


def run(*args, columns=None):
    """Run admit; text wraps only with COLUMNS (or a terminal), so tests of the width set it."""
    env = dict(os.environ)
    env.pop("COLUMNS", None)
    if columns is not None:
        env["COLUMNS"] = str(columns)
    return subprocess.run([ADMIT, *args], capture_output=True, text=True, env=env)


with open("rules/catalog.json", encoding="utf-8") as f:
    catalog = [r["id"] for r in json.load(f)["rules"]]

# -- rules list ----------------------------------------------------------
r = run("rules", "list", "--format", "json")
check(r.returncode == 0, "rules list --format json exits 0", r.stderr)
listing = json.loads(r.stdout) if r.returncode == 0 else {"rules": []}
ids = [x["id"] for x in listing["rules"]]
check(ids == catalog, "rules list gives every catalog rule in catalog order", ids)
check(all(x["encoded"] for x in listing["rules"]), "every catalog rule is encoded",
      [x["id"] for x in listing["rules"] if not x["encoded"]])
age_min = next((x for x in listing["rules"] if x["id"] == "age.min"), {})
check([e["edition"] for e in age_min.get("editions", [])] == ["2011", "2016", "2021", "2025a", "2025b"],
      "age.min is encoded for the five editions", age_min)
check(listing.get("ruleset", "").startswith("sha256:"), "the listing names the ruleset digest")

r = run("rules", "list", "--lang", "en")
check(r.returncode == 0 and "age.min" in r.stdout and "eligibility" in r.stdout
      and "At least 18 years old" in r.stdout,
      "rules list in text, with titles", r.stdout[:300] + r.stderr)
lines = r.stdout.splitlines()
check(len(lines) == 2 * len(catalog) and [l.split()[0] for l in lines[::2]] == catalog,
      "rules list prints two lines per rule: the id and title, then severity, procedures, editions",
      r.stdout[:500])
r = run("rules", "list")
check(r.returncode == 0 and "Đủ 18 tuổi trở lên" in r.stdout and "kết nạp" in r.stdout
      and "admission" not in r.stdout and "eligibility" not in r.stdout,
      "rules list in Vietnamese: no English words", r.stdout[:600])

# -- rules show ----------------------------------------------------------
r = run("rules", "show", "age.min", "--date", "2023-05-10", "--format", "json")
check(r.returncode == 0, "rules show age.min --date 2023-05-10 exits 0", r.stderr)
shown = json.loads(r.stdout)["rules"][0] if r.returncode == 0 else {}
check("24-QĐ/TW" in (shown.get("cite") or ""), "the citation is the one in force on 2023-05-10", shown.get("cite"))
params = {p["name"]: p for p in shown.get("params", [])}
check(params.get("age.min_months", {}).get("value") == 216 and
      params["age.min_months"].get("set_by") == "central" and params["age.min_months"].get("direction") == "up",
      "age.min_months = 216, set by central, direction up", params)
check(params.get("age.counting", {}).get("value") == "month", "age counting by month in 2023", params)
messages = shown.get("messages", {})
check(set(messages) == {"ok", "too_young"} and all(m.get("vi") and m.get("en") for m in messages.values()),
      "every message code of age.min with both texts", messages)

r = run("rules", "show", "age.counting-not-a-rule")
check(r.returncode == 2 and "age.counting-not-a-rule" in r.stderr, "rules show of an unknown id exits 2", r.stderr)
r = run("rules", "show", "age.min", "--date", "2014-03-01", "--format", "json")
shown = json.loads(r.stdout)["rules"][0] if r.returncode == 0 else {}
check("45-QĐ/TW" in (shown.get("cite") or ""), "on 2014-03-01 the 2011 edition is cited", shown.get("cite"))
check({p["name"]: p["value"] for p in shown.get("params", [])}.get("age.counting") == "day",
      "age counting in the 2011 edition", shown.get("params"))
r = run("rules", "show", "decision.deadline", "--date", "2023-05-10", "--lang", "en")
check(r.returncode == 0 and "decision.deadline_wd = 60" in r.stdout, "rules show in text, English", r.stdout + r.stderr)
r = run("rules", "show", "--format", "json")
check(r.returncode == 0 and len(json.loads(r.stdout)["rules"]) == len(catalog),
      "rules show without an id gives the whole rule set", r.stderr)
r = run("rules", "frobnicate")
check(r.returncode == 2, "an unknown rules subcommand exits 2", r.stderr)

# -- timeline ------------------------------------------------------------
r = run("timeline", "--format", "json", "--as-of", "2024-07-01", "examples/recognition-2024.json")
check(r.returncode == 0, "timeline --format json exits 0", r.stderr)
t = json.loads(r.stdout) if r.returncode == 0 else {"steps": [], "due": []}
check(t.get("format") == "admit.timeline/1" and t.get("as_of") == "2024-07-01", "timeline format and as_of", t.get("format"))
dates = [s["date"] for s in t["steps"]]
check(dates == sorted(dates) and len(dates) > 20, "steps in date order", dates)
check(all(s["planned"] == (s["date"] > "2024-07-01") for s in t["steps"]),
      "steps after the evaluation date are plans")
check(any(s["path"] == "introducers[0].signed_on" for s in t["steps"]), "steps keep their JSON paths")
due = {d["what"]: d for d in t["due"]}
check(set(due) == {"decision", "ceremony", "probation_end", "recognition_vote", "recognition_decision"},
      "the five due dates", list(due))
check(due.get("decision", {}).get("due") == "2023-08-02" and due["decision"]["state"] == "done" and
      due["decision"]["working_days"] == 60, "decision due 60 working days after the branch vote", due.get("decision"))
check(due.get("probation_end", {}).get("due") == "2024-06-20" and due["probation_end"]["state"] == "reached",
      "probation ends on the anniversary of the ceremony", due.get("probation_end"))
rv = due.get("recognition_vote", {})
check(rv.get("opens") == "2024-06-21" and rv.get("due") == "2024-08-01" and rv.get("state") == "pending" and
      rv.get("working_days_left") == 23 and rv.get("planned") == "2024-07-05",
      "the recognition window, working days left and the planned vote", rv)
check(due.get("recognition_decision", {}).get("state") == "not_started",
      "the recognition decision has not started before the vote", due.get("recognition_decision"))

r = run("timeline", "--format", "json", "--as-of", "2024-09-01", "examples/recognition-2024.json")
t = json.loads(r.stdout) if r.returncode == 0 else {"due": []}
due = {d["what"]: d for d in t["due"]}
check(due.get("recognition_decision", {}).get("state") == "done" and
      due["recognition_decision"].get("due") == "2024-08-16",
      "after the decision: done, due 30 working days after the vote", due.get("recognition_decision"))

# An overdue decision: the branch voted, nothing since.
with open("examples/admission-2023.json", encoding="utf-8") as f:
    dossier = json.load(f)
for key in ("decision", "ceremony"):
    dossier[key] = None
path = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"admit-timeline-{os.getpid()}.json")
with open(path, "w", encoding="utf-8") as f:
    json.dump(dossier, f, ensure_ascii=False)
try:
    r = run("timeline", "--format", "json", "--as-of", "2023-08-03", path)
    t = json.loads(r.stdout) if r.returncode == 0 else {"due": []}
    due = {d["what"]: d for d in t["due"]}
    check(due.get("decision", {}).get("state") == "overdue", "a decision past its due date is overdue", due.get("decision"))
    check(due.get("ceremony", {}).get("state") == "not_started", "the ceremony has not started", due.get("ceremony"))
    r = run("timeline", "--as-of", "2023-08-03", path)
    check(r.returncode == 0 and "QUÁ HẠN" in r.stdout, "the text timeline says overdue in Vietnamese", r.stdout[-600:])
    r = run("timeline", "--lang", "en", "--as-of", "2023-08-03", path, columns=80)
    check(r.returncode == 0 and "OVERDUE" in r.stdout and "Due dates" in r.stdout, "and in English", r.stdout[-600:])
    check(all(len(line) <= 80 for line in r.stdout.splitlines()), "timeline lines fit 80 columns (COLUMNS=80)",
          max(r.stdout.splitlines(), key=len))
    r = run("timeline", "--lang", "en", "--as-of", "2023-08-03", path)
    check(r.returncode == 0 and any(len(line) > 80 for line in r.stdout.splitlines()),
          "timeline lines do not wrap in a pipe without COLUMNS", r.stdout[-600:])
finally:
    os.unlink(path)

r = run("timeline", "--plugins", "none", "examples/admission-2023.json")
check(r.returncode == 3 and "vncal" in r.stderr, "without the calendar plugin: exit 3 naming vncal", r.stderr)
r = run("timeline", "examples/does-not-exist.json")
check(r.returncode == 2 and "does-not-exist.json" in r.stderr, "a missing file: exit 2 naming it", r.stderr)
r = run("timeline")
check(r.returncode == 2, "timeline without a file exits 2", r.stderr)

tap.finish()
