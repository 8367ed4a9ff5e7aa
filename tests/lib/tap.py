"""The TAP-like reporter of the end-to-end test scripts (tests/e2e/*.py).

The contract with tests/run.sh, which runs each tests/e2e/*.py with
/usr/bin/python3 from the repository root and reads its output:

  * the script's last line matching "N passed, M failed" gives its totals;
    `finish()` prints it, exactly "N passed, M failed", as the last line;
  * the exit status is 1 when anything failed, else 0 (`finish()`); run.sh
    counts a non-zero exit with "0 failed" as one failure, and a script that
    dies without its summary line as one failure.

The other lines are for people reading the log: "ok N - description" and
"not ok N - description", N counting the checks from 1, and under a failed
check its detail, every line indented by four spaces, cut to the first
`detail_limit` characters (None: all of it; a script sets the module's
`detail_limit` once, after importing it).

This file is not a test: it lives outside tests/e2e/ because run.sh runs
everything there.  A script imports it from its own place, with no
installation step:

    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "lib"))
    import tap
    from tap import check
    ...
    tap.finish()
"""
import sys

passed = failed = 0
detail_limit = 2000   # characters of a failure's detail printed; None: all


def check(ok, description, detail=""):
    """Count and print one check; `detail` (any value, printed with str) only
    when it fails.  Returns `ok`."""
    global passed, failed
    number = passed + failed + 1
    if ok:
        passed += 1
        print(f"ok {number} - {description}")
    else:
        failed += 1
        print(f"not ok {number} - {description}")
        if detail:
            text = str(detail) if detail_limit is None else str(detail)[:detail_limit]
            print("    " + text.replace("\n", "\n    "))
    return ok


def finish():
    """Print the line tests/run.sh counts, "N passed, M failed", and exit:
    1 when anything failed, else 0."""
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
