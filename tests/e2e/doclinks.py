#!/usr/bin/python3
"""tests/e2e/doclinks.py - every relative link of the documentation resolves.

Checks README.md and docs/*.md: each link [text](target) or reference
definition [name]: target that is not a URL must name a file or folder that
exists (relative to the document), and an anchor (#heading) must be the slug
of a heading of the document it points to, made as GitHub makes them
(lowercase; punctuation other than "-" and "_" dropped; spaces to "-"; a
repeated heading gets "-1", "-2", ...).  Code blocks and inline code are
skipped.  The checker first proves itself on documents made for the purpose.

Prints "ok N - ..." / "not ok N - ..." lines and ends with
"N passed, M failed"; exits 1 when anything failed.
"""
import glob
import os
import re
import sys
import tempfile
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
passed = failed = 0

LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+\"[^\"]*\")?\s*$")
HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")


def check(description, condition, detail=""):
    global passed, failed
    number = passed + failed + 1
    if condition:
        passed += 1
        print("ok %d - %s" % (number, description))
    else:
        failed += 1
        print("not ok %d - %s" % (number, description))
        for line in str(detail).splitlines():
            print("#   " + line)


def prose_lines(text, keep_code=False):
    """(line number, line) outside fenced code blocks, inline code removed unless keep_code."""
    fence = None
    for number, line in enumerate(text.split("\n"), 1):
        m = re.match(r"^\s{0,3}(```+|~~~+)", line)
        if m:
            if fence is None:
                fence = m.group(1)[0] * 3
            elif m.group(1).startswith(fence):
                fence = None
            continue
        if fence is None:
            yield number, line if keep_code else re.sub(r"`+[^`]*`+", "", line)


def slug(heading):
    """GitHub's anchor for a heading text."""
    text = re.sub(r"`([^`]*)`", r"\1", heading)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)     # a link: its text
    text = re.sub(r"<[^>]+>", "", text)                        # inline HTML
    text = text.strip().lower()
    kept = []
    for ch in text:
        cat = unicodedata.category(ch)
        if ch in "-_ " or cat[0] in "LN" or cat == "Mn" or cat == "Mc":
            kept.append(ch)
    return "".join(kept).replace(" ", "-")


def anchors(path, cache={}):
    """Every anchor of a Markdown file."""
    if path not in cache:
        seen = {}
        found = set()
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for _, line in prose_lines(text, keep_code=True):
            m = HEADING.match(line)
            if not m:
                continue
            base = slug(m.group(2))
            n = seen.get(base, 0)
            found.add(base if n == 0 else "%s-%d" % (base, n))
            seen[base] = n + 1
        for m in re.finditer(r"<a\s+(?:name|id)=\"([^\"]+)\"", text):
            found.add(m.group(1))
        cache[path] = found
    return cache[path]


def targets(text):
    """(line number, target) of every link and reference definition."""
    for number, line in prose_lines(text):
        for m in LINK.finditer(line):
            yield number, m.group(1)
        m = REFERENCE.match(line)
        if m:
            yield number, m.group(1)


def broken_links(path):
    """What is wrong with the relative links of one Markdown file."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    problems = []
    for number, target in targets(text):
        if not target or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target):
            continue   # a URL (https:, mailto:) is not checked here
        file_part, _, anchor = target.partition("#")
        resolved = os.path.normpath(os.path.join(os.path.dirname(path), file_part)) if file_part else path
        where = "%s:%d: %s" % (os.path.relpath(path, ROOT), number, target)
        if not os.path.exists(resolved):
            problems.append("%s: no such file %s" % (where, os.path.relpath(resolved, ROOT)))
            continue
        if anchor and resolved.endswith(".md") and os.path.isfile(resolved):
            if anchor not in anchors(resolved):
                problems.append("%s: no heading with anchor #%s in %s" % (
                    where, anchor, os.path.relpath(resolved, ROOT)))
    return problems


def self_test():
    """The checker finds what is broken and accepts what is not."""
    with tempfile.TemporaryDirectory() as tmp:
        sub = os.path.join(tmp, "docs")
        os.makedirs(sub)
        with open(os.path.join(sub, "other.md"), "w", encoding="utf-8") as f:
            f.write("# Other page\n\n## Exit codes\n\n## Exit codes\n\n## `admit check` — Kiểm tra hồ sơ!\n")
        good = os.path.join(tmp, "good.md")
        with open(good, "w", encoding="utf-8") as f:
            f.write("# Title\n\n## A section\n\n"
                    "[a](docs/other.md) [b](docs/other.md#exit-codes) [c](docs/other.md#exit-codes-1)\n"
                    "[d](#a-section) [e](https://example.com/x) [f](docs/) "
                    "[g](docs/other.md#admit-check--kiểm-tra-hồ-sơ)\n"
                    "[ref]: docs/other.md#other-page\n"
                    "```\n[not a link](missing.md)\n```\n`[code](missing.md)`\n")
        bad = os.path.join(tmp, "bad.md")
        with open(bad, "w", encoding="utf-8") as f:
            f.write("# Bad\n\n[a](missing.md) [b](docs/other.md#no-such) [c](#nowhere)\n"
                    "[ref]: docs/gone.md\n")
        good_problems = broken_links(good)
        check("the checker accepts good links, anchors, repeated headings, Vietnamese, code",
              not good_problems, "\n".join(good_problems))
        bad_problems = broken_links(bad)
        check("the checker finds a missing file, a missing anchor here and there, a bad reference",
              len(bad_problems) == 4, "\n".join(bad_problems))


def main():
    self_test()
    documents = [os.path.join(ROOT, "README.md")] + sorted(glob.glob(os.path.join(ROOT, "docs", "*.md")))
    for path in documents:
        if not os.path.exists(path):
            continue
        problems = broken_links(path)
        count = sum(1 for _ in targets(open(path, encoding="utf-8").read()))
        check("%s: every relative link and anchor resolves (%d links)" % (os.path.relpath(path, ROOT), count),
              not problems, "\n".join(problems))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
