#!/usr/bin/python3
"""tests/e2e/oom.py - fault injection: every allocation failure ends in exit 3.

For `check`, `timeline` and `test`, the shim tests/fault/failalloc.c (built
as $ADMIT_BUILD/tests/failalloc.so, loaded with LD_PRELOAD) makes the Nth
malloc/calloc/realloc of the process return NULL.  For each N tried:

  - the failure was reached: exit 3, "out of memory" on stderr, and nothing
    on standard output (no partial or wrong report); or, when the code
    recovered from it (Lua runs a full garbage collection and retries a
    failed allocation), exactly the normal exit code and output;
  - it was not reached (the run needed fewer allocations): the normal exit
    code and the normal output.

A run makes 15 000 to 70 000 allocations; trying all would take minutes, so
N runs over 1..FIRST (start-up: libraries, options) and then every STRIDE-th
allocation up to the total, the strides chosen so that each command takes
about RUNS runs and the rulebook load, the dossier's parse and the
evaluation are all reached (each is thousands of allocations long).
FAILALLOC_RUNS in the environment changes RUNS (e.g. 100000 for every N).

Sanitizer builds replace malloc themselves: there the test says so and
passes nothing and fails nothing (make check runs it in the normal build).
Ends with "N passed, M failed"; exits 1 when anything failed.
"""
import atexit
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ADMIT = os.path.abspath(os.environ.get("ADMIT") or os.path.join(ROOT, "admit"))
BUILD = os.environ.get("ADMIT_BUILD") or os.path.join(ROOT, "build")
SHIM = os.path.join(BUILD, "tests", "failalloc.so")
FIRST = 60
RUNS = int(os.environ.get("FAILALLOC_RUNS", "300"))
EXAMPLE = "examples/admission-2023.json"
COMMANDS = [
    ["check", "--lang", "en", "--as-of", "2023-06-01", EXAMPLE],
    ["check", "--lang", "en", "--format", "json", "--as-of", "2023-06-01", EXAMPLE],
    ["timeline", "--lang", "en", "--as-of", "2024-01-01", "--format", "json", EXAMPLE],
    ["timeline", "--lang", "en", "--as-of", "2024-01-01", EXAMPLE],
    ["test", "--lang", "en", "--as-of", "2024-01-01", "tests/rules/age.min.json"],
]

passed = failed = 0


def sanitized():
    out = subprocess.run(["ldd", ADMIT], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    return b"libasan" in out.stdout or b"libubsan" in out.stdout


def run(args, at, report):
    env = dict(os.environ, NO_COLOR="1", LD_PRELOAD=SHIM, FAILALLOC_AT=str(at),
               FAILALLOC_REPORT=report)
    env.pop("ADMIT_LANG", None)
    try:
        os.unlink(report)
    except FileNotFoundError:
        pass
    p = subprocess.run([ADMIT, *args], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=60)
    try:
        with open(report) as f:
            line = f.read()
    except FileNotFoundError:
        line = ""
    calls = int(line.split()[1]) if line.startswith("failalloc:") else -1
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace"), calls, "failed: yes" in line


def main():
    global passed, failed
    if sanitized():
        print("# the sanitizer build replaces malloc: fault injection runs in the normal build")
        print("0 passed, 0 failed")
        return 0
    if not os.path.exists(SHIM):
        print("not ok - the shim %s is not built (make test-run builds it)" % SHIM)
        print("0 passed, 1 failed")
        return 1
    scratch = tempfile.mkdtemp(prefix="admit-oom-")
    atexit.register(shutil.rmtree, scratch, True)   # the test leaves nothing in /tmp
    report = os.path.join(scratch, "report")
    for args in COMMANDS:
        name = " ".join(args)
        rc0, out0, err0, total, _ = run(args, 0, report)
        if rc0 not in (0, 1) or total <= 0:
            failed += 1
            print("not ok - %s: the run without failures: exit %s, %s\n%s" % (name, rc0, total, err0))
            continue
        stride = max(1, (total - FIRST) // RUNS)
        points = list(range(1, FIRST + 1)) + list(range(FIRST + 1, total + 2, stride))
        bad = []
        reached = 0
        for n in points:
            rc, out, err, _, hit = run(args, n, report)
            if hit:
                reached += 1
                # Lua collects garbage and retries a failed allocation: a run
                # that recovered must give exactly the normal answer.
                recovered = rc == rc0 and out == out0
                if not recovered and (rc != 3 or "out of memory" not in err or out):
                    bad.append("N=%d: exit %s, stdout %d bytes, stderr: %s"
                               % (n, rc, len(out), err.strip()[:300]))
            elif rc != rc0 or out != out0:
                bad.append("N=%d (not reached): exit %s (normally %s), output %s"
                           % (n, rc, rc0, "differs" if out != out0 else "same"))
        if bad:
            failed += 1
            print("not ok - %s: %d of %d injected failures mishandled (of %d allocations, "
                  "every %d-th tried)" % (name, len(bad), len(points), total, stride))
            for line in bad[:40]:
                print("    " + line)
        else:
            passed += 1
            print("ok - %s: %d injected failures (%d reached) of %d allocations, every %d-th "
                  "after the first %d" % (name, len(points), reached, total, stride, FIRST))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


sys.exit(main())
