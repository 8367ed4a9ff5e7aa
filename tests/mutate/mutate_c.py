#!/usr/bin/env python3
"""Mutation testing of the engine's deciding C code: do the tests notice a wrong engine?

Generates single-point mutants of engine/date.c, engine/messages.c and
engine/eval.c (by default), compiles each one in a private copy of the tree
(never in the worktree), runs the unit tests of those files, the two
rule-test runs of tests/run.sh and tests/e2e/hostile_rules.py against it, and reports per file how many
mutants were killed (a test failed, crashed or timed out), how many survived
and how many did not compile, then every survivor with its file and line,
and apart every mutant killed by a timeout alone (see below).

Mutations (C code only: strings, character literals, comments and
preprocessor lines are left alone):
  relational   <  <=  >  >=  ==  !=   each turned into its neighbour
  arithmetic   binary + - * / % (spaces around them): + <-> -, * <-> /, % -> /
  boolean      && <-> ||
  negation     `!` removed before an operand; the condition of an `if (...)`
               negated
  literal      every integer literal +1 and -1 (0: +1 only), except array
               sizes (`[512]`) and operands of `<<` (buffer sizes, limits);
               a negative literal only towards 0 (-1 -> 0: error returns
               are compared by sign, so -1 -> -2 would change nothing)

Scope: the functions that decide an outcome (FUNCTIONS below): every
function of date.c and eval.c; in messages.c the lookup and the wording of a
message (index_find, the check for codes defined twice, messages_find ...
messages_render), not the loading of the message files and of the schema's
labels, which the loading tests cover and whose mutants mostly change only
what happens when memory runs out, nor hash_code: any function of a code's
bytes gives the same answers (index_find compares the codes themselves), so
its mutants either still hash the code alone (equivalent) or read outside it.
--all-functions mutates every function of the three files.

Mutants proven equivalent are listed in tests/mutate/equivalent_c.txt, one a
line: FILE | LINE | MUTATION | REASON; they are run and reported separately,
and an entry that is killed or matches no mutant is flagged.

--sample N runs a seeded (--seed, default fixed) random sample of N mutants:
the same N and seed give the same mutants on every machine, as long as the
three files are unchanged.

Timeouts are hang guards, not measurements: a unit test or a rule-test run
gets --timeout seconds (120; such a run takes a few seconds here), an end-to-end
script --e2e-timeout (600; hostile_rules.py takes well under a minute), the
build of a mutant --build-timeout (120; it runs the rulebook image's
generator, which is made of the engine's loading code, messages.c's included,
so a mutant that hangs there is a hang found at build time), and
hostile_rules.py runs with HOSTILE_NO_END=0, so that it asserts what each
hostile rule gives (which limit stopped it, through its message) and not how
long it took; only a run of admit past its 60-second hang guard fails there.
On a loaded machine a slow run is then not a kill; a mutant that hangs still
is, and is listed as "killed by a timeout" so that such kills can be checked
(re-run them with --keys on a quieter machine).

The build itself runs messages.c: the rulebook image's generator
(engine/gen/rulebook_image_gen.c) loads the shipped catalogue with it.  A
mutant that compiles but makes that generator fail (a catalogue it refuses,
a wrong entry it then cannot write) is "killed by the build" and listed
apart; one that does not compile is "no build", as before.

Usage: mutate_c.py [--sample N] [--seed S] [--jobs J] [--files PATTERN...]
                   [--keys FILE] [--all-functions] [--tests test_date,...] [--e2e SCRIPTS]
                   [--timeout SECONDS] [--e2e-timeout SECONDS] [--build-timeout SECONDS]
                   [--list]
Exit status: 0 when every non-equivalent mutant was killed, 1 otherwise,
2 when the unmutated tree fails its own tests or does not build.
"""
import argparse
import multiprocessing
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EQUIVALENT = os.path.join(ROOT, "tests", "mutate", "equivalent_c.txt")
FILES = ["engine/date.c", "engine/messages.c", "engine/eval.c"]
# file -> the functions mutated (None: all of them)
FUNCTIONS = {
    "engine/date.c": None,
    "engine/eval.c": None,
    "engine/messages.c": {"index_find", "index_new_codes", "find_text", "messages_find",
                          "messages_for_rule", "add_integer", "add_age", "label_of",
                          "add_section", "add_value", "expand", "messages_render"},
}
UNIT_TESTS = ["test_date", "test_messages", "test_eval"]
# End-to-end scripts run last (only a mutant every other test let through
# pays for them): the hostile rules reach eval.c's checks of what a rule's
# anchor and cite_at return, which the shipped rulebook never gets wrong.
E2E_TESTS = ["tests/e2e/hostile_rules.py"]
# A mutant is compiled at -O1 (faster than -O2) with UBSan, as `make check`
# runs the tests: a mutant that reads past an array or overflows is killed
# by the sanitizer, not left to whatever the undefined behaviour gives.
OPT = "-O1 -g0 -fsanitize=undefined -fno-sanitize-recover=all"
LDSAN = "-fsanitize=undefined"


# -- finding code in C ---------------------------------------------------------

def code_mask(text):
    """True where text[i] is C code: not a comment, string, char literal or # line."""
    mask = [True] * len(text)
    i, n = 0, len(text)
    at_line_start = True
    while i < n:
        c = text[i]
        if at_line_start and c == "#":
            end = i
            while True:   # a directive, with its continuation lines
                end = text.find("\n", end)
                if end < 0:
                    end = n
                    break
                if text[end - 1] != "\\":
                    break
                end += 1
            for k in range(i, end):
                mask[k] = False
            i = end
            continue
        if c == "\n":
            at_line_start = True
            i += 1
            continue
        if c not in " \t":
            at_line_start = False
        if text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
        elif text.startswith("//", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
        elif c in "\"'":
            end = i + 1
            while end < n and text[end] != c and text[end] != "\n":
                end += 2 if text[end] == "\\" else 1
            end += 1
        else:
            i += 1
            continue
        for k in range(i, min(end, n)):
            mask[k] = False
        i = end
    return mask


def is_code(mask, start, end):
    return all(mask[start:end])


REL = {"<": "<=", "<=": "<", ">": ">=", ">=": ">", "==": "!=", "!=": "=="}
ARITH = {"+": "-", "-": "+", "*": "/", "/": "*", "%": "/"}


def matching_paren(text, mask, open_pos):
    depth = 0
    for k in range(open_pos, len(text)):
        if not mask[k]:
            continue
        if text[k] == "(":
            depth += 1
        elif text[k] == ")":
            depth -= 1
            if depth == 0:
                return k
    return -1


def function_spans(text):
    """(start, end, name) of each function body, in this project's layout: the
    signature starts in column 0, the body opens with "{" alone on a line and
    closes with "}" in column 0."""
    spans, name, start, pos = [], None, None, 0
    for line in text.splitlines(keepends=True):
        if start is None:
            m = re.match(r"[A-Za-z_][^;(=]*?\b(\w+)\(", line)
            if m:
                name = m.group(1)
            elif line.rstrip() == "{" and name is not None:
                start = pos
        elif line.startswith("}"):
            spans.append((start, pos + len(line), name))
            name = start = None
        pos += len(line)
    return spans


def c_mutants(path, rel, all_functions=False):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    mask = code_mask(text)
    wanted = None if all_functions else FUNCTIONS.get(rel)
    if wanted is not None:   # leave out what is not in a wanted function
        keep = [False] * len(text)
        for start, end, name in function_spans(text):
            if name in wanted:
                keep[start:end] = [True] * (end - start)
        mask = [a and b for a, b in zip(mask, keep)]
    found = []

    def add(kind, start, end, new, label=None):
        old = text[start:end]
        found.append({"file": rel, "line": text.count("\n", 0, start) + 1, "kind": kind,
                      "start": start, "end": end, "new": new,
                      "change": label or f"{kind}: '{old.strip()}' -> '{new.strip()}'"})

    # relational: not part of ->, <<, >>, <<=, >>=
    for m in re.finditer(r"<=|>=|==|!=|(?<![<>\-])[<>](?![<>=])", text):
        if is_code(mask, m.start(), m.end()):
            add("relational", m.start(), m.end(), REL[m.group(0)])
    # binary arithmetic: an operand before, spaces around, an operand after
    for m in re.finditer(r"(?<=[\w\)\]]) ([-+*/%]) (?=[\w\(\-!~])", text):
        s = m.start(1)
        if is_code(mask, s, s + 1):
            add("arithmetic", s, s + 1, ARITH[m.group(1)])
    for m in re.finditer(r"&&|\|\|", text):
        if is_code(mask, m.start(), m.end()):
            add("boolean", m.start(), m.end(), "||" if m.group(0) == "&&" else "&&")
    for m in re.finditer(r"!(?!=)", text):
        if is_code(mask, m.start(), m.end()):
            add("negation", m.start(), m.end(), "", "negation: '!' removed")
    for m in re.finditer(r"\bif \(", text):
        if not is_code(mask, m.start(), m.end()):
            continue
        open_pos = m.end() - 1
        close = matching_paren(text, mask, open_pos)
        if close < 0:
            continue
        cond = text[open_pos + 1:close]
        # one replacement of the whole condition: "(" COND ")" -> "(!(" COND "))"
        found.append({"file": rel, "line": text.count("\n", 0, m.start()) + 1,
                      "kind": "negation", "start": open_pos, "end": close + 1,
                      "new": "(!(" + cond + "))", "change": "negation: if condition negated"})
    for m in re.finditer(r"(?<![\w.])(\d+)(?![\w.])", text):
        if not is_code(mask, m.start(), m.end()):
            continue
        before = text[:m.start()].rstrip()
        after = text[m.end():].lstrip()
        if before.endswith("[") and after.startswith("]"):
            continue   # an array size or a constant index
        if before.endswith("<<") or after.startswith("<<"):
            continue   # a size in a shift (512 << 20): a limit, not a decision
        v = int(m.group(1))
        unary_minus = re.search(r"(^|[(=,?:]|\breturn)\s*-$", before)
        if not unary_minus:
            add("literal", m.start(), m.end(), str(v + 1))
        if v > 0:
            add("literal", m.start(), m.end(), str(v - 1))
    found.sort(key=lambda m: (m["start"], m["change"]))
    return text, found


def all_mutants(files, all_functions=False):
    sources, mutants = {}, []
    for rel in files:
        text, found = c_mutants(os.path.join(ROOT, rel), rel, all_functions)
        sources[rel] = text
        seen = {}
        for m in found:   # the n-th identical change on one line gets "#n"
            key = (m["file"], m["line"], m["change"])
            seen[key] = seen.get(key, 0) + 1
            if seen[key] > 1:
                m["change"] += f" #{seen[key]}"
        mutants.extend(found)
    return sources, mutants


def key_of(m):
    return (m["file"], str(m["line"]), m["change"])


def read_equivalent():
    """tests/mutate/equivalent_c.txt: FILE | LINE | MUTATION | REASON (# comments)."""
    entries = {}
    if not os.path.exists(EQUIVALENT):
        return entries
    with open(EQUIVALENT, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            parts = [p.strip() for p in line.split(" | ")]
            if len(parts) != 4 or not parts[3]:
                sys.exit(f"{EQUIVALENT}:{number}: expected FILE | LINE | MUTATION | REASON")
            entries[tuple(parts[:3])] = parts[3]
    return entries


# -- building and running ------------------------------------------------------

def copy_tree(dest):
    """The worktree's files (tracked and new, not ignored) into dest."""
    names = subprocess.run(["git", "ls-files", "-z", "-co", "--exclude-standard"], cwd=ROOT,
                           check=True, stdout=subprocess.PIPE).stdout.split(b"\0")
    for name in names:
        name = name.decode()
        src = os.path.join(ROOT, name)
        if not name or not os.path.isfile(src):
            continue
        os.makedirs(os.path.dirname(os.path.join(dest, name)), exist_ok=True)
        shutil.copy2(src, os.path.join(dest, name))


def make(tree, targets, quiet=True, timeout=None):
    """True when the targets build, False when they do not, None when the build
    did not end within `timeout` seconds.  The build runs the engine's own
    loading code (engine/gen/rulebook_image_gen.c compiles messages.c), so a
    mutant that hangs there hangs the build: the whole process group is
    killed, the generator with make."""
    args = ["make", "--no-print-directory", "-s", "BUILD=build", f"OPT={OPT}",
            f"LDSAN={LDSAN}"] + targets
    p = subprocess.Popen(args, cwd=tree, stdout=subprocess.DEVNULL if quiet else None,
                         stderr=subprocess.DEVNULL if quiet else None, start_new_session=True)
    try:
        return p.wait(timeout=timeout) == 0
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.wait()
        return None


def targets_for(unit_tests):
    return ["all"] + [f"build/tests/{t}" for t in unit_tests]


def make_registry(path):
    db = sqlite3.connect(path)
    for script in ("schemas/registry.sql", "tests/fixtures/registry.sql"):
        with open(os.path.join(ROOT, script), encoding="utf-8") as f:
            db.executescript(f.read())
    db.commit()
    db.close()


def run_tests(tree, unit_tests, e2e_tests, registry, timeout, e2e_timeout):
    """Unit tests, both rule-test runs, then the end-to-end scripts: "passed", or
    "failed" / "timeout" for the first that fails or does not end in time."""
    admit = os.path.join(tree, "build", "admit")
    runs = [([os.path.join(tree, "build", "tests", t)], timeout) for t in unit_tests]
    runs += [([admit, "test", "tests/rules"], timeout),
             ([admit, "test", "--registry", registry, "tests/rules-registry"], timeout)]
    runs += [([sys.executable, script], e2e_timeout) for script in e2e_tests]
    # HOSTILE_NO_END=0: hostile_rules.py bounds a run of admit by its hang guard only
    env = dict(os.environ, NO_COLOR="1", ADMIT=admit, ADMIT_BUILD=os.path.join(tree, "build"),
               CMOCKA_MESSAGE_OUTPUT="stdout", HOSTILE_NO_END="0")
    env.pop("ADMIT_LANG", None)
    for args, seconds in runs:
        try:
            r = subprocess.run(args, cwd=tree, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, timeout=seconds)
        except subprocess.TimeoutExpired:
            return "timeout"
        if r.returncode != 0:
            return "failed"
    return "passed"


_worker = {}


def init_worker(baseline, parent, unit_tests, e2e_tests, registry, timeout, e2e_timeout,
                build_timeout):
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # ^C is for the parent, which cleans up
    tree = tempfile.mkdtemp(prefix="worker-", dir=parent)
    shutil.rmtree(tree)
    shutil.copytree(baseline, tree, symlinks=True)   # copy2: times kept, nothing rebuilt
    _worker.update(tree=tree, unit_tests=unit_tests, e2e_tests=e2e_tests, registry=registry,
                   timeout=timeout, e2e_timeout=e2e_timeout, build_timeout=build_timeout)


def run_mutant(job):
    """'killed', 'timeout' (killed by a timeout alone), 'build' (killed by the
    build: it compiles, but the rulebook image's generator, which runs the
    engine's loading code over the shipped rulebook, fails with it),
    'survived' or 'stillborn' (does not compile)."""
    m, source = job
    tree = _worker["tree"]
    src = os.path.join(tree, m["file"])
    obj = os.path.join(tree, "build", m["file"][:-2] + ".o")
    saved = obj + ".orig"
    shutil.copy2(obj, saved)
    with open(src, "w", encoding="utf-8") as f:
        f.write(source[:m["start"]] + m["new"] + source[m["end"]:])
    try:
        compiled = make(tree, [os.path.relpath(obj, tree)], timeout=_worker["build_timeout"])
        if not compiled:
            return m, "stillborn"
        built = make(tree, targets_for(_worker["unit_tests"]), timeout=_worker["build_timeout"])
        if built is None:   # the loader hung in the image's generator: a hang, as in a test
            return m, "timeout"
        if not built:       # it compiles, but the image's generator, running it, refused
            return m, "build"
        result = run_tests(tree, _worker["unit_tests"], _worker["e2e_tests"],
                           _worker["registry"], _worker["timeout"], _worker["e2e_timeout"])
        return m, {"passed": "survived", "failed": "killed", "timeout": "timeout"}[result]
    finally:
        # The original source back, then its object, newer than the source:
        # the next mutant relinks the binaries with it.
        with open(src, "w", encoding="utf-8") as f:
            f.write(source)
        os.replace(saved, obj)
        os.utime(obj)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sample", type=int, default=0, help="run a seeded sample of N mutants")
    ap.add_argument("--seed", type=int, default=20261206)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--files", nargs="*", default=[], help="regexes on the file paths")
    ap.add_argument("--tests", default=",".join(UNIT_TESTS),
                    help="unit test binaries to run (comma-separated)")
    ap.add_argument("--e2e", default=",".join(E2E_TESTS),
                    help="end-to-end scripts run last (comma-separated; empty: none)")
    ap.add_argument("--timeout", type=int, default=120,
                    help="seconds for one unit-test or rule-test run (a hang guard)")
    ap.add_argument("--e2e-timeout", type=int, default=600,
                    help="seconds for one end-to-end script (a hang guard)")
    ap.add_argument("--build-timeout", type=int, default=120,
                    help="seconds for building one mutant (a hang guard: the build runs "
                         "the rulebook image's generator, made of the engine's loading code)")
    ap.add_argument("--keys", metavar="FILE",
                    help="run only the mutants listed in FILE, one 'FILE | LINE | MUTATION' "
                         "a line (e.g. the survivors of a run, as --list prints them)")
    ap.add_argument("--all-functions", action="store_true",
                    help="mutate every function, not only those of FUNCTIONS")
    ap.add_argument("--list", action="store_true", help="list the mutants, run nothing")
    args = ap.parse_args()
    unit_tests = [t for t in args.tests.split(",") if t]
    e2e_tests = [t for t in args.e2e.split(",") if t]

    files = [f for f in FILES if not args.files or any(re.search(p, f) for p in args.files)]
    sources, mutants = all_mutants(files, args.all_functions)
    equivalent = read_equivalent()
    if args.keys:
        with open(args.keys, encoding="utf-8") as f:
            wanted = {tuple(p.strip() for p in line.split(" | ")[:3]) for line in f
                      if line.count(" | ") >= 2}
        mutants = [m for m in mutants if key_of(m) in wanted]
    if args.sample and args.sample < len(mutants):
        mutants = sorted(random.Random(args.seed).sample(mutants, args.sample),
                         key=lambda m: (m["file"], m["start"]))
    if args.list:
        for m in mutants:
            print(f"{m['file']} | {m['line']} | {m['change']}")
        print(f"{len(mutants)} mutants")
        return 0

    started = time.time()
    tmp = tempfile.mkdtemp(prefix="admit-mutate-c-")
    try:
        baseline = os.path.join(tmp, "baseline")
        copy_tree(baseline)
        if os.path.isdir(os.path.join(ROOT, "build")):   # reuse its objects: times are kept
            shutil.copytree(os.path.join(ROOT, "build"), os.path.join(baseline, "build"),
                            symlinks=True)
        registry = os.path.join(tmp, "registry.db")
        make_registry(registry)
        print(f"building the unmutated tree in {baseline} ...", flush=True)
        if not make(baseline, targets_for(unit_tests), quiet=False) or \
                run_tests(baseline, unit_tests, e2e_tests, registry, args.timeout,
                          args.e2e_timeout) != "passed":
            print("the unmutated tree does not build or fails its own tests: fix that first",
                  file=sys.stderr)
            return 2
        per_file, survivors, equivalent_seen, timed_out, by_build = {}, [], [], [], []
        jobs = [(m, sources[m["file"]]) for m in mutants]
        with multiprocessing.Pool(args.jobs, init_worker,
                                  (baseline, tmp, unit_tests, e2e_tests, registry,
                                   args.timeout, args.e2e_timeout, args.build_timeout)) as pool:
            for m, outcome in pool.imap_unordered(run_mutant, jobs):
                # killed, survived, equivalent, stillborn
                stats = per_file.setdefault(m["file"], [0, 0, 0, 0])
                if outcome == "timeout":   # a kill, listed apart: a hang or a machine too slow
                    timed_out.append(m)
                    outcome = "killed"
                elif outcome == "build":   # a kill, listed apart: the build's own check
                    by_build.append(m)
                    outcome = "killed"
                if outcome == "stillborn":
                    stats[3] += 1
                elif key_of(m) in equivalent:
                    stats[2] += 1
                    equivalent_seen.append((m, outcome == "survived"))
                elif outcome == "survived":
                    stats[1] += 1
                    survivors.append(m)
                    print(f"survived: {m['file']}:{m['line']}: {m['change']}", file=sys.stderr,
                          flush=True)
                else:
                    stats[0] += 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"{'file':20} {'killed':>7} {'survived':>9} {'equivalent':>11} {'no build':>9}  score")
    tk = ts = te = tb = 0
    for f in sorted(per_file):
        k, s, e, b = per_file[f]
        tk, ts, te, tb = tk + k, ts + s, te + e, tb + b
        score = 100.0 * k / (k + s) if k + s else 100.0
        print(f"{f:20} {k:7} {s:9} {e:11} {b:9}  {score:5.1f}%")
    score = 100.0 * tk / (tk + ts) if tk + ts else 100.0
    print(f"{'total':20} {tk:7} {ts:9} {te:11} {tb:9}  {score:5.1f}%"
          f"   ({len(mutants)} mutants, {time.time() - started:.0f} s)")
    if equivalent_seen:
        print("\nEquivalent mutants (tests/mutate/equivalent_c.txt):")
        for m, survived in sorted(equivalent_seen, key=lambda x: (x[0]["file"], x[0]["start"])):
            note = "" if survived else "   [killed: no longer equivalent, remove the entry]"
            print(f"  {m['file']}:{m['line']}: {m['change']} — {equivalent[key_of(m)]}{note}")
    if not args.sample and not args.files and not args.keys:
        live = {key_of(m) for m in mutants}
        for k in equivalent:
            if k not in live:
                print(f"  stale entry (no such mutant): {' | '.join(k)}")
    if timed_out:
        print("\nKilled by a timeout alone (a hang; or, on a machine far too loaded, a false "
              "kill: re-run them with --keys):")
        for m in sorted(timed_out, key=lambda m: (m["file"], m["start"])):
            print(f"  {m['file']} | {m['line']} | {m['change']}")
    if by_build:
        print("\nKilled by the build (they compile, but the rulebook image's generator, running "
              "the mutated loader over the shipped rulebook, fails):")
        for m in sorted(by_build, key=lambda m: (m["file"], m["start"])):
            print(f"  {m['file']} | {m['line']} | {m['change']}")
    if survivors:
        print("\nSurviving mutants:")
        for m in sorted(survivors, key=lambda m: (m["file"], m["start"])):
            print(f"  {m['file']}:{m['line']}: {m['change']}")
    print(f"\n{tk} killed ({len(timed_out)} by a timeout, {len(by_build)} by the build), "
          f"{ts} survived, {te} equivalent, {tb} did not compile")
    return 1 if survivors else 0


if __name__ == "__main__":
    sys.exit(main())
