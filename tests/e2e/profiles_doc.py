"""Runs every command of docs/profiles.md (the committee's guide), in order.

Fenced blocks whose info string names a file ("```json my-profiles/x.json")
are written to that file first; "```sh" blocks run with bash -e in a scratch
folder holding a copy of examples/, with `admit` on the PATH.  A line quoted
after "prints" must be what the command before it printed.
Prints "ok N - ..." / "not ok N - ..." lines and ends with "N passed, M failed".
"""
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "lib"))
import tap  # tests/lib/tap.py: the ok/not ok lines and the summary tests/run.sh reads
from tap import check
from admit_e2e import scratch

ADMIT = os.path.abspath(os.environ.get("ADMIT", "./admit"))


with open("docs/profiles.md", encoding="utf-8") as f:
    text = f.read()
blocks = re.findall(r"^```(\S*)(?: (\S+))?\n(.*?)^```\n(?:\nprints\n`([^`]*)`)?", text, re.S | re.M)
tmp = scratch("admit-guide-")
shutil.copytree("examples", os.path.join(tmp, "examples"))
bindir = os.path.join(tmp, "bin")
os.makedirs(bindir)
os.symlink(ADMIT, os.path.join(bindir, "admit"))
env = dict(os.environ)
env["PATH"] = bindir + os.pathsep + env["PATH"]
env.pop("ADMIT_CONFIG", None)
env["XDG_CONFIG_HOME"] = os.path.join(tmp, "xdg")   # no user configuration
env["NO_COLOR"] = "1"

files = [b for b in blocks if b[1]]
for lang, name, body, _ in files:
    path = os.path.join(tmp, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(body)
check(len(files) >= 5 and all(os.path.exists(os.path.join(tmp, b[1])) for b in files), "the guide's files are written", [b[1] for b in files])

commands = 0
for lang, name, body, printed in blocks:
    if lang != "sh" or name:
        continue
    r = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", body], cwd=tmp, env=env,
                       capture_output=True, text=True, stdin=subprocess.DEVNULL)
    commands += body.count("\n")
    first = body.strip().splitlines()[0]
    check(r.returncode == 0, f"guide: {first[:90]}", r.stdout[-800:] + r.stderr[-1200:])
    if printed:
        check(printed.strip() in (r.stdout + r.stderr), f"guide: it prints what the guide says", r.stderr)
check(commands >= 12, f"the guide's commands all ran ({commands})")

tap.finish()
