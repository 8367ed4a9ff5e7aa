#!/usr/bin/env python3
"""Mutation testing of the rulebook: do the rule tests catch every wrong rule?

Generates single-point mutants of rules/*.lua, rules/lib/*.lua and
rules/params.json, runs the two rule-test runs of tests/run.sh against each
mutant (in a private copy of the rulebook, `admit test --rules DIR`), and
reports per file how many were killed (a test failed, or the rulebook no longer
loads) and every mutant that survived, with its file, line and change.

Mutations (Lua code only: strings and comments are left alone):
  relational   <  <=  >  >=  ==  ~=   each turned into its neighbour
  arithmetic   binary + - * /         + <-> -, * <-> /
  boolean      and <-> or, `not ` removed, true <-> false
  literal      every integer literal +1 and -1
  guard        `if COND then return ... end` (one line, or a block whose
               body is one return) removed
  outcome      ctx.pass / ctx.fail / ctx.missing swapped for the two others
  params       every number in rules/params.json +1 and -1

Mutants proven equivalent (no behaviour can tell them apart) are listed in
tests/mutate/equivalent.txt, one a line: FILE | LINE | MUTATION | REASON.
They are run like the others and reported separately, never dropped; an
entry that no longer matches a mutant is reported as stale.

Usage: mutate.py [--sample N] [--seed S] [--jobs J] [--files PATTERN...]
                 [--admit PATH] [--list]
Exit status: 0 when every non-equivalent mutant was killed, 1 otherwise,
2 when the unmutated rulebook does not pass its own tests.
"""
import argparse
import json
import multiprocessing
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EQUIVALENT = os.path.join(ROOT, "tests", "mutate", "equivalent.txt")
TIMEOUT = 120   # seconds for one rule-test run; longer counts as killed (a hang)


# -- finding code in Lua -------------------------------------------------------

def code_mask(text):
    """A list of booleans: True where text[i] is Lua code, not a string or comment."""
    mask = [True] * len(text)
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("--", i):
            m = re.match(r"--\[(=*)\[", text[i:])
            if m:
                end = text.find("]" + m.group(1) + "]", i)
                end = n if end < 0 else end + len(m.group(1)) + 2
            else:
                end = text.find("\n", i)
                end = n if end < 0 else end
            for k in range(i, end):
                mask[k] = False
            i = end
        elif c in "\"'":
            k = i + 1
            while k < n and text[k] != c and text[k] != "\n":
                k += 2 if text[k] == "\\" else 1
            for j in range(i, min(k + 1, n)):
                mask[j] = False
            i = k + 1
        elif c == "[" and re.match(r"\[(=*)\[", text[i:]):
            m = re.match(r"\[(=*)\[", text[i:])
            end = text.find("]" + m.group(1) + "]", i)
            end = n if end < 0 else end + len(m.group(1)) + 2
            for k in range(i, end):
                mask[k] = False
            i = end
        else:
            i += 1
    return mask


def is_code(mask, start, end):
    return all(mask[start:end])


# Each pattern: (kind, regex on the text, function match -> list of replacements)
REL = {"<": ["<="], "<=": ["<"], ">": [">="], ">=": [">"], "==": ["~="], "~=": ["=="]}
ARITH = {"+": ["-"], "-": ["+"], "*": ["/"], "/": ["*"]}
OUTCOMES = ["ctx.pass", "ctx.fail", "ctx.missing"]


def lua_mutants(path, rel):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    mask = code_mask(text)
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_of(pos):
        lo, hi = 0, len(line_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if line_starts[mid] <= pos:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1

    found = []

    def add(kind, start, end, new, label=None):
        old = text[start:end]
        found.append({"file": rel, "line": line_of(start), "kind": kind, "start": start,
                      "end": end, "new": new,
                      "change": label or f"{kind}: '{old.strip()}' -> '{new.strip()}'"})

    for m in re.finditer(r"<=|>=|==|~=|(?<![<>=~\[])[<>](?![=<>])", text):
        if is_code(mask, m.start(), m.end()):
            for new in REL[m.group(0)]:
                add("relational", m.start(), m.end(), new)
    # binary arithmetic: an operand before (identifier, number, ) or ]) and spaces around
    for m in re.finditer(r"(?<=[\w\)\]]) ([-+*/]) (?=[\w\(\-#])", text):
        s = m.start(1)
        if is_code(mask, s, s + 1) and text[s:s + 2] != "--":
            for new in ARITH[m.group(1)]:
                add("arithmetic", s, s + 1, new)
    for m in re.finditer(r"\b(and|or)\b", text):
        if is_code(mask, m.start(), m.end()):
            add("boolean", m.start(), m.end(), "or" if m.group(1) == "and" else "and")
    for m in re.finditer(r"\bnot\s+", text):
        if is_code(mask, m.start(), m.end()):
            add("boolean", m.start(), m.end(), "", "boolean: 'not' removed")
    for m in re.finditer(r"\b(true|false)\b", text):
        if is_code(mask, m.start(), m.end()):
            add("boolean", m.start(), m.end(), "false" if m.group(1) == "true" else "true")
    for m in re.finditer(r"(?<![\w.])(\d+)(?![\w.])", text):
        if is_code(mask, m.start(), m.end()):
            v = int(m.group(1))
            add("literal", m.start(), m.end(), str(v + 1))
            if v > 0:
                add("literal", m.start(), m.end(), str(v - 1))
    # guards: one line, or a block whose whole body is one return statement
    for m in re.finditer(r"(?m)^[ \t]*if [^\n]*? then[ \t]+return\b[^\n]*?[ \t]end[ \t]*\n", text):
        if is_code(mask, m.start() + len(m.group(0)) - len(m.group(0).lstrip()), m.start() + 3):
            add("guard", m.start(), m.end(), "", "guard removed: " + m.group(0).strip()[:70])
    for m in re.finditer(r"(?m)^([ \t]*)if [^\n]*? then[ \t]*\n[ \t]*return\b[^\n]*\n\1end[ \t]*\n",
                         text):
        k = m.start() + len(m.group(1))
        if is_code(mask, k, k + 2):
            first = m.group(0).strip().splitlines()[0]
            add("guard", m.start(), m.end(), "", "guard removed: " + first[:70])
    for m in re.finditer(r"\bctx\.(pass|fail|missing)\(", text):
        if is_code(mask, m.start(), m.end()):
            old = "ctx." + m.group(1)
            for new in OUTCOMES:
                if new != old:
                    add("outcome", m.start(), m.end() - 1, new)
    return text, found


def params_mutants(path, rel):
    """±1 on every number of params.json (values only: keys are not numbers)."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    found = []
    mask = [True] * len(text)
    for m in re.finditer(r'"(?:[^"\\]|\\.)*"', text):
        for k in range(m.start(), m.end()):
            mask[k] = False
    for m in re.finditer(r"-?\d+(?:\.\d+)?", text):
        if not is_code(mask, m.start(), m.end()):
            continue
        line = text.count("\n", 0, m.start()) + 1
        v = float(m.group(0)) if "." in m.group(0) else int(m.group(0))
        for d in (1, -1):
            new = str(v + d)
            found.append({"file": rel, "line": line, "kind": "params", "start": m.start(),
                          "end": m.end(), "new": new,
                          "change": f"params: {m.group(0)} -> {new}"})
    return text, found


def all_mutants(files_filter):
    sources, mutants = {}, []
    rules = os.path.join(ROOT, "rules")
    paths = sorted(
        [os.path.join("rules", f) for f in os.listdir(rules) if f.endswith(".lua")] +
        [os.path.join("rules", "lib", f) for f in os.listdir(os.path.join(rules, "lib"))
         if f.endswith(".lua")]) + ["rules/params.json"]
    for rel in paths:
        if files_filter and not any(re.search(p, rel) for p in files_filter):
            continue
        full = os.path.join(ROOT, rel)
        text, found = (params_mutants if rel.endswith(".json") else lua_mutants)(full, rel)
        sources[rel] = text
        # the n-th identical change on one line gets "#n", so that a key is stable
        seen = {}
        for m in found:
            key = (m["file"], m["line"], m["change"])
            seen[key] = seen.get(key, 0) + 1
            if seen[key] > 1:
                m["change"] += f" #{seen[key]}"
        mutants.extend(found)
    return sources, mutants


def key_of(m):
    return (m["file"], str(m["line"]), m["change"])


def read_equivalent():
    """tests/mutate/equivalent.txt: FILE | LINE | MUTATION | REASON (# comments)."""
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


# -- running -------------------------------------------------------------------

_worker = {}


def make_registry(path):
    db = sqlite3.connect(path)
    for script in ("schemas/registry.sql", "tests/fixtures/registry.sql"):
        with open(os.path.join(ROOT, script), encoding="utf-8") as f:
            db.executescript(f.read())
    db.commit()
    db.close()


def init_worker(admit, registry, parent):
    tmp = tempfile.mkdtemp(prefix="worker-", dir=parent)
    rules = os.path.join(tmp, "rules")
    shutil.copytree(os.path.join(ROOT, "rules"), rules)
    _worker.update(admit=admit, registry=registry, rules=rules)


def rule_tests_pass(admit, rules, registry):
    """Both rule-test runs of tests/run.sh; False at the first that fails."""
    runs = [[admit, "test", "--rules", rules, "tests/rules"],
            [admit, "test", "--rules", rules, "--registry", registry, "tests/rules-registry"]]
    env = dict(os.environ, NO_COLOR="1")
    env.pop("ADMIT_LANG", None)
    for args in runs:
        for attempt in range(10):
            try:
                r = subprocess.run(args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, timeout=TIMEOUT)
                break
            except subprocess.TimeoutExpired:
                return False
            except OSError:   # admit being rebuilt under us: wait for the new one
                if attempt == 9:
                    raise
                time.sleep(3)
        if r.returncode != 0:
            return False
    return True


def run_mutant(job):
    m, source = job
    target = os.path.join(_worker["rules"], os.path.relpath(m["file"], "rules"))
    with open(target, "w", encoding="utf-8") as f:
        f.write(source[:m["start"]] + m["new"] + source[m["end"]:])
    try:
        survived = rule_tests_pass(_worker["admit"], _worker["rules"], _worker["registry"])
    finally:
        with open(target, "w", encoding="utf-8") as f:
            f.write(source)
    return m, survived


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sample", type=int, default=0, help="run a seeded sample of N mutants")
    ap.add_argument("--seed", type=int, default=20261206)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--files", nargs="*", default=[], help="regexes on the rule file paths")
    ap.add_argument("--admit", default=os.path.join(ROOT, "build", "admit"))
    ap.add_argument("--list", action="store_true", help="list the mutants, run nothing")
    args = ap.parse_args()
    args.admit = os.path.abspath(args.admit)

    sources, mutants = all_mutants(args.files)
    equivalent = read_equivalent()
    if args.sample and args.sample < len(mutants):
        mutants = sorted(random.Random(args.seed).sample(mutants, args.sample),
                         key=lambda m: (m["file"], m["start"]))
    if args.list:
        for m in mutants:
            print(f"{m['file']} | {m['line']} | {m['change']}")
        print(f"{len(mutants)} mutants")
        return 0

    tmp = tempfile.mkdtemp(prefix="admit-mutate-")
    registry = os.path.join(tmp, "registry.db")
    make_registry(registry)
    if not rule_tests_pass(args.admit, os.path.join(ROOT, "rules"), registry):
        print("the unmutated rulebook fails its own tests: fix that first", file=sys.stderr)
        return 2

    started = time.time()
    per_file, survivors, equivalent_seen = {}, [], []
    jobs = [(m, sources[m["file"]]) for m in mutants]
    with multiprocessing.Pool(args.jobs, init_worker, (args.admit, registry, tmp)) as pool:
        for m, survived in pool.imap_unordered(run_mutant, jobs):
            stats = per_file.setdefault(m["file"], [0, 0, 0])   # killed, survived, equivalent
            if key_of(m) in equivalent:
                stats[2] += 1
                equivalent_seen.append((m, survived))
            elif survived:
                stats[1] += 1
                survivors.append(m)
                print(f"survived: {m['file']}:{m['line']}: {m['change']}", file=sys.stderr,
                      flush=True)
            else:
                stats[0] += 1
    shutil.rmtree(tmp, ignore_errors=True)   # the registry and the workers' copies

    print(f"{'file':28} {'killed':>7} {'survived':>9} {'equivalent':>11}  score")
    total_k = total_s = total_e = 0
    for f in sorted(per_file):
        k, s, e = per_file[f]
        total_k, total_s, total_e = total_k + k, total_s + s, total_e + e
        score = 100.0 * k / (k + s) if k + s else 100.0
        print(f"{f:28} {k:7} {s:9} {e:11}  {score:5.1f}%")
    score = 100.0 * total_k / (total_k + total_s) if total_k + total_s else 100.0
    print(f"{'total':28} {total_k:7} {total_s:9} {total_e:11}  {score:5.1f}%"
          f"   ({len(mutants)} mutants, {time.time() - started:.0f} s)")
    if equivalent_seen:
        print("\nEquivalent mutants (tests/mutate/equivalent.txt):")
        for m, survived in sorted(equivalent_seen, key=lambda x: (x[0]["file"], x[0]["start"])):
            note = "" if survived else "   [killed: no longer equivalent, remove the entry]"
            print(f"  {m['file']}:{m['line']}: {m['change']} — {equivalent[key_of(m)]}{note}")
    if not args.sample and not args.files:
        live = {key_of(m) for m in mutants}
        stale = [k for k in equivalent if k not in live]
        for k in stale:
            print(f"  stale entry (no such mutant): {' | '.join(k)}")
    if survivors:
        print("\nSurviving mutants:")
        for m in sorted(survivors, key=lambda m: (m["file"], m["start"])):
            print(f"  {m['file']}:{m['line']}: {m['change']}")
    print(f"\n{total_k} killed, {total_s} survived, {total_e} equivalent")
    return 1 if survivors else 0


if __name__ == "__main__":
    sys.exit(main())
