"""End-to-end: every example dossier gives the result recorded beside it.

examples/expected/NAME.json holds, for examples/NAME.json, the evaluation date
to use, the exit code, the verdict, where the dossier stands (next_step) and
the status of every rule.  A change of
the rulebook that changes an example's outcome shows here, rule by rule.
Prints "ok N - ..." / "not ok N - ..." lines and ends with "N passed, M failed".
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "lib"))
import tap  # tests/lib/tap.py: the ok/not ok lines and the summary tests/run.sh reads
from tap import check as report
tap.detail_limit = None

ADMIT = os.environ.get("ADMIT", "./admit")


names = sorted(f[:-5] for f in os.listdir("examples") if f.endswith(".json"))
for name in names:
    expected_path = f"examples/expected/{name}.json"
    if not os.path.exists(expected_path):
        report(False, f"{name}: has an expected result", f"{expected_path} is missing")
        continue
    with open(expected_path, encoding="utf-8") as f:
        expected = json.load(f)
    command = [ADMIT, "check", "--format", "json", f"examples/{name}.json"]
    if expected.get("as_of"):
        command[2:2] = ["--as-of", expected["as_of"]]
    run = subprocess.run(command, capture_output=True, text=True)
    report(run.returncode == expected["exit"], f"{name}: exit code {expected['exit']}",
           f"got {run.returncode}: {run.stderr.strip()}")
    try:
        result = json.loads(run.stdout)
    except json.JSONDecodeError:
        report(False, f"{name}: JSON result", run.stdout[:300] + run.stderr[:300])
        continue
    report(result.get("verdict") == expected["verdict"], f"{name}: verdict {expected['verdict']}",
           f"got {result.get('verdict')}")
    if "next_step" in expected:
        report(result.get("next_step", "absent") == expected["next_step"],
               f"{name}: next_step {expected['next_step']}",
               f"got {result.get('next_step', 'absent')}")
    actual = {entry["rule"]: entry["status"] for entry in result.get("results", [])}
    differences = [f"{rule}: expected {status}, got {actual.get(rule)}"
                   for rule, status in expected["rules"].items() if actual.get(rule) != status]
    differences += [f"{rule}: not in the expected result" for rule in actual
                    if rule not in expected["rules"]]
    report(not differences, f"{name}: the status of each of {len(expected['rules'])} rules",
           "\n".join(differences))

tap.finish()
