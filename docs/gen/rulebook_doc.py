#!/usr/bin/python3
"""docs/gen/rulebook_doc.py - regenerate the parts of docs/rulebook.md that the
rulebook's own data can say: the editions table (rules/editions.json), the
parameters table (rules/params.json) and the catalog with severities,
procedures and citations per edition (`admit rules list --format json`).

    python3 docs/gen/rulebook_doc.py [--admit BUILD/admit] [--check] [DOC]

Each generated part sits between the lines
    <!-- BEGIN generated:NAME by make docs-rulebook; do not edit -->
    <!-- END generated:NAME -->
and is rewritten whole; the text around it is written by hand.  --check
rewrites nothing: it prints a diff and exits 1 when DOC is stale (the test
tests/e2e/rulebook_doc.py runs it).  `make docs-rulebook` runs the rewrite.

Catalog columns are the list CATALOG_COLUMNS below; a key that `admit rules
list` gives for some rule and that is named in OPTIONAL_COLUMNS (a rule's
`step`, its `title`) becomes a column by itself when present.

Standard library only.
"""
import argparse
import difflib
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_DOC = os.path.join(ROOT, "docs", "rulebook.md")

BEGIN = "<!-- BEGIN generated:%s by make docs-rulebook; do not edit -->"
END = "<!-- END generated:%s -->"

DIRECTIONS = {"up": "raise only", "down": "lower only", "none": "fixed"}


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def rules_list(admit, rules_dir):
    """The rules as `admit rules list --format json` registers them."""
    argv = [admit, "rules", "list", "--format", "json", "--lang", "en", "--rules", rules_dir]
    env = dict(os.environ, NO_COLOR="1")
    p = subprocess.run(argv, capture_output=True, text=True, env=env, check=False)
    if p.returncode != 0:
        sys.exit("rulebook_doc: %s failed (exit %d): %s" % (" ".join(argv), p.returncode, p.stderr.strip()))
    return json.loads(p.stdout)["rules"]


def cell(text):
    """Text safe inside a Markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def edition_runs(edition_ids, value_of):
    """[(first, last, value)] over consecutive editions with equal values;
    value_of(edition) may be None (no value in that edition)."""
    runs = []
    for e in edition_ids:
        v = value_of(e)
        if runs and runs[-1][2] == v:
            runs[-1] = (runs[-1][0], e, v)
        else:
            runs.append((e, e, v))
    return runs


def span(first, last):
    return first if first == last else "%s–%s" % (first, last)


# -- editions ----------------------------------------------------------------

def editions_block(editions):
    lines = ["| edition | anchor dates | regulation | guidance in force, from |", "|---|---|---|---|"]
    for i, e in enumerate(editions):
        until = editions[i + 1]["from"] if i + 1 < len(editions) else None
        dates = "%s … %s" % (e["from"], day_before(until)) if until else "%s …" % e["from"]
        guidance = "; ".join("%s (%s)" % (g["id"], g["from"]) for g in e.get("guidance", []))
        lines.append("| `%s` | %s | %s | %s |" % (e["id"], dates, cell(e["regulation"]), cell(guidance)))
    return lines


def day_before(iso):
    import datetime
    d = datetime.date.fromisoformat(iso) - datetime.timedelta(days=1)
    return d.isoformat()


# -- parameters --------------------------------------------------------------

def show_value(v):
    if v is None:
        return "none"
    if isinstance(v, dict):
        if set(v) == {"num", "den"}:
            return "%s/%s" % (v["num"], v["den"])
        return ", ".join("%s %s" % (k, show_value(x)) for k, x in v.items())
    return "`%s`" % v if isinstance(v, str) else str(v)


def params_block(params, edition_ids):
    lines = ["| parameter | value by edition | profiles may | source |", "|---|---|---|---|"]
    for name, p in params.items():
        values = p["values"]
        current = [None]

        def value_of(e, values=values, current=current):
            if e in values:
                current[0] = ("set", json.dumps(values[e], sort_keys=True))
            return current[0]
        runs = edition_runs(edition_ids, value_of)
        parts = []
        for first, last, v in runs:
            if v is None:
                parts.append("%s: no value" % span(first, last))
            else:
                parts.append("%s: %s" % (span(first, last), show_value(json.loads(v[1]))))
        lines.append("| `%s` | %s | %s | %s |" % (name, "<br>".join(parts),
                                                   DIRECTIONS.get(p["direction"], p["direction"]),
                                                   cell(p.get("source", ""))))
    return lines


# -- the catalog -------------------------------------------------------------

def show_optional(v):
    if isinstance(v, dict):
        return " / ".join(str(x) for x in v.values())
    if isinstance(v, list):
        return ", ".join(str(x) for x in v)
    return str(v)


# The columns of the catalog table, in order: (header, function of a rule).
CATALOG_COLUMNS = [
    ("rule", lambda r, ed: "`%s`" % r["id"]),
    ("severity", lambda r, ed: r["severity"]),
    ("procedures", lambda r, ed: ", ".join(r["procedures"])),
]
# Keys some rules may carry; each becomes a column, after the procedures,
# when any rule has it.
OPTIONAL_COLUMNS = [("step", "step"), ("title", "title")]


def citations(rule, edition_ids):
    by_edition = {e["edition"]: e["cite"] for e in rule["editions"]}
    parts = []
    for first, last, cite in edition_runs(edition_ids, by_edition.get):
        parts.append("%s: %s" % (span(first, last), cell(cite) if cite is not None else "*not encoded*"))
    return "<br>".join(parts)


def catalog_block(rules, edition_ids):
    columns = list(CATALOG_COLUMNS)
    for key, header in OPTIONAL_COLUMNS:
        if any(key in r for r in rules):
            columns.append((header, lambda r, ed, key=key: cell(show_optional(r[key])) if key in r else ""))
    columns.append(("citation by edition", lambda r, ed: citations(r, ed)))
    lines = []
    group = None
    for r in rules:
        topic = r["id"].split(".")[0]
        if topic != group:
            if group is not None:
                lines.append("")
            lines.append("**%s** (`rules/%s.lua`)" % (topic, r.get("file", topic)))
            lines.append("")
            lines.append("| " + " | ".join(h for h, _ in columns) + " |")
            lines.append("|" + "---|" * len(columns))
            group = topic
        lines.append("| " + " | ".join(f(r, edition_ids) for _, f in columns) + " |")
    return lines


# -- the document ------------------------------------------------------------

def blocks(admit, rules_dir):
    editions = load_json(os.path.join(rules_dir, "editions.json"))["editions"]
    edition_ids = [e["id"] for e in editions]
    params = load_json(os.path.join(rules_dir, "params.json"))["params"]
    rules = rules_list(admit, rules_dir)
    return {
        "editions": editions_block(editions),
        "params": params_block(params, edition_ids),
        "catalog": catalog_block(rules, edition_ids),
    }


def render(text, generated):
    """The document with every generated part replaced."""
    for name, lines in generated.items():
        begin, end = BEGIN % name, END % name
        pattern = re.compile(re.escape(begin) + r"\n.*?" + re.escape(end), re.S)
        if not pattern.search(text):
            sys.exit("rulebook_doc: the document has no part %s (%s ... %s)" % (name, begin, end))
        body = "\n".join([begin] + lines + [end])
        text = pattern.sub(lambda m: body, text, count=1)
    return text


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--admit", default=os.path.join(ROOT, "build", "admit"))
    ap.add_argument("--rules", default=os.path.join(ROOT, "rules"))
    ap.add_argument("--check", action="store_true", help="exit 1 with a diff when DOC is stale")
    ap.add_argument("doc", nargs="?", default=DEFAULT_DOC)
    args = ap.parse_args()

    with open(args.doc, encoding="utf-8") as f:
        old = f.read()
    new = render(old, blocks(args.admit, args.rules))
    if args.check:
        if new != old:
            sys.stdout.writelines(difflib.unified_diff(
                old.splitlines(True), new.splitlines(True), args.doc, args.doc + " (regenerated)"))
            print("rulebook_doc: %s is stale; run make docs-rulebook" % args.doc)
            return 1
        return 0
    if new != old:
        with open(args.doc, "w", encoding="utf-8") as f:
            f.write(new)
    return 0


if __name__ == "__main__":
    sys.exit(main())
