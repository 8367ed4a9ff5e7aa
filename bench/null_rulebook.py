#!/usr/bin/python3
"""null_rulebook.py - the rulebook with rules that do nothing, for `make bench`.

    python3 bench/null_rulebook.py RULES_DIR OUT_DIR

Copies RULES_DIR (the shipped rulebook: rule files, lib/, messages, data,
committee profiles) to OUT_DIR, then puts one line at the top of every rule
file that wraps its `rule` function: each rule keeps its id, parameters,
codes, steps and citations by edition, but its check returns
`ctx.pass(nil, FIRST_CODE)` at once, and it has no `cite_at` or `anchor` of
its own.  Checking or auditing with `--rules OUT_DIR` then costs what the
engine costs apart from the rules' own work: reading, strict parsing and
validation, one sandboxed call a rule, reading its outcome, the report or the
audit's line and reports, and the start.  bench/run.sh measures that floor
beside the real rulebook, so that the share of each is a measurement, not an
estimate (docs/performance.md, "What is left").

Exits 1 when the copy holds no rule file (nothing would be measured).
bench/run.sh then checks one dossier with it: every entry must pass or not
apply, and there must be as many as with the real rulebook.
"""
import os
import shutil
import sys

# One line, so that the rule files' own lines keep their numbers but one.
WRAP = ("local rule = (function(define) return function(spec) "
        "local code = spec.codes and spec.codes[1] "
        "spec.check = function(_, ctx) return ctx.pass(nil, code) end "
        "spec.cite_at, spec.anchor = nil, nil "
        "return define(spec) end end)(rule)\n")


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: null_rulebook.py RULES_DIR OUT_DIR")
    src, out = sys.argv[1:3]
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(src, out)
    wrapped = 0
    for name in sorted(os.listdir(out)):
        path = os.path.join(out, name)
        if not name.endswith(".lua") or not os.path.isfile(path):
            continue   # lib/ holds modules, not rules
        with open(path, encoding="utf-8") as f:
            text = f.read()
        # Every rule file, however it calls `rule`: one left out would keep
        # its real rules and skew the floor (bench/run.sh checks the result).
        with open(path, "w", encoding="utf-8") as f:
            f.write(WRAP + text)
        wrapped += 1
    if wrapped == 0:
        sys.exit(f"null_rulebook.py: no rule file in {src}")
    print(f"{wrapped} rule files wrapped in {out}")


if __name__ == "__main__":
    main()
