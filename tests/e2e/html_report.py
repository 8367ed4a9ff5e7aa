"""End-to-end: `admit check --format html`, the page a secretary prints.

For every example dossier (at the evaluation date recorded in
examples/expected/NAME.json): the page is one self-contained document (no
script, nothing fetched: no external src/href, no CSS import or url()),
well-formed (every element closed, in order, as python's html.parser reads
it), in Vietnamese, and it carries the verdict in the secretary's words, every
rule id and every message of the JSON result of the same run, and the same
exit code.  Then English, several dossiers in one page, an invalid dossier,
and --format html refused where it means nothing.

Last, headless Debian chromium prints two pages to PDF and takes a
screenshot: the PDF must be A4, have at least one page (one per dossier for
several), and hold the verdict and rule ids as text (the fonts carry
Vietnamese); the PNG must have the window's size.  A missing chromium or
poppler-utils is a failure (`make deps` installs them).
Prints "ok N - ..." / "not ok N - ..." lines and ends with "N passed, M failed".
"""
import html
import html.parser
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "lib"))
import tap  # tests/lib/tap.py: the ok/not ok lines and the summary tests/run.sh reads
from tap import check as report
tap.detail_limit = None

ADMIT = os.environ.get("ADMIT", "./admit")

VERDICT_WORDS = {
    "vi": {"eligible": "ĐỦ ĐIỀU KIỆN", "not_eligible": "KHÔNG ĐỦ ĐIỀU KIỆN",
           "incomplete": "CHƯA ĐỦ HỒ SƠ", "ready": "SẴN SÀNG", "error": "LỖI KHI KIỂM TRA"},
    "en": {"eligible": "ELIGIBLE", "not_eligible": "NOT ELIGIBLE", "incomplete": "INCOMPLETE",
           "ready": "READY", "error": "ERROR"},
}
# `ready` is said for the step the dossier goes to next (the text report's words).
READY_WORDS = {
    "vi": {("admission", "branch_vote"): "SẴN SÀNG: đủ điều kiện và hồ sơ để chi bộ xét kết nạp"},
    "en": {("admission", "branch_vote"): "READY for the branch vote"},
}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
RESOURCE_ATTRIBUTES = {"src", "href", "srcset", "action", "data", "poster", "formaction",
                       "background", "xlink:href"}


class Page(html.parser.HTMLParser):
    """What the checks need from a page: faults in nesting, resource
    references, the text of elements by class, the whole text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.faults, self.resources = [], [], []
        self.tags, self.by_class, self.text = [], {}, []
        self.style = []
        self._capture = []   # (class, depth) of elements whose text is collected

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name in RESOURCE_ATTRIBUTES or name.startswith("on"):
                self.resources.append(f"<{tag} {name}={value!r}>")
        if tag in VOID:
            return
        self.stack.append(tag)
        for cls in (dict(attrs).get("class") or "").split():
            self._capture.append((cls, len(self.stack)))
            self.by_class.setdefault(cls, []).append("")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.faults.append(f"<{tag}/> is not a void element")
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            self.faults.append(f"</{tag}> closes a void element")
            return
        if not self.stack or self.stack[-1] != tag:
            self.faults.append(f"</{tag}> at line {self.getpos()[0]} closes "
                               f"{self.stack[-1] if self.stack else 'nothing'}")
            return
        self._capture = [(c, d) for c, d in self._capture if d < len(self.stack)]
        self.stack.pop()

    def handle_data(self, data):
        if self.stack and self.stack[-1] == "style":
            self.style.append(data)
            return
        self.text.append(data)
        for cls, _ in self._capture:
            self.by_class[cls][-1] += data

    def close(self):
        super().close()
        if self.stack:
            self.faults.append(f"left open: {self.stack}")


def parse(page):
    p = Page()
    p.feed(page)
    p.close()
    return p


def normalise(text):
    return re.sub(r"\s+", " ", text).strip()


def check_page(label, page, lang):
    """The checks every page passes; returns the parsed page."""
    p = parse(page)
    report(page.startswith("<!DOCTYPE html>\n") and f'<html lang="{lang}">' in page
           and '<meta charset="utf-8">' in page,
           f"{label}: an HTML5 document, UTF-8, lang {lang}", page[:200])
    report(not p.faults, f"{label}: every element closed in order", "\n".join(p.faults[:10]))
    report("<script" not in page.lower() and "script" not in p.tags,
           f"{label}: no script")
    style = "".join(p.style)
    external = p.resources + [m for m in re.findall(r"@import|url\(", style)]
    external += [t for t in ("iframe", "img", "link", "object", "embed", "video", "audio")
                 if t in p.tags]
    report(not external and not re.search(r"https?://", style),
           f"{label}: nothing fetched (no src/href, no CSS import or url())", external)
    report("@page{size:A4" in style and "break-inside:avoid" in style,
           f"{label}: laid out for A4 with no break inside a criterion")
    return p


def run(args, stdin=None):
    return subprocess.run([ADMIT, *args], capture_output=True, text=True, input=stdin,
                          timeout=120)


def example_args(name):
    with open(f"examples/expected/{name}.json", encoding="utf-8") as f:
        expected = json.load(f)
    return (["--as-of", expected["as_of"]] if expected.get("as_of") else []) + \
           [f"examples/{name}.json"]


def check_example(name, lang="vi"):
    args = ["--lang", lang] + example_args(name)
    as_json = run(["check", "--format", "json", *args])
    as_html = run(["check", "--format", "html", *args])
    label = f"{name} ({lang})"
    try:
        result = json.loads(as_json.stdout)
    except json.JSONDecodeError:
        report(False, f"{label}: JSON result to compare with", as_json.stderr)
        return None
    report(as_html.returncode == as_json.returncode,
           f"{label}: exit code {as_json.returncode} as with --format json",
           f"got {as_html.returncode}: {as_html.stderr}")
    p = check_page(label, as_html.stdout, lang)
    words = VERDICT_WORDS[lang][result["verdict"]]
    if result["verdict"] == "ready":
        words = READY_WORDS[lang][(result["procedure"], result["next_step"])]
    verdicts = [normalise(t) for t in p.by_class.get("words", [])]
    report(verdicts == [words], f"{label}: the verdict first, in words: {words}", verdicts)
    ids = {normalise(t) for t in p.by_class.get("rule", [])}
    missing = [e["rule"] for e in result["results"] if e["rule"] not in ids]
    report(not missing and len(ids) == len(result["results"]),
           f"{label}: every rule id ({len(result['results'])})", missing)
    text = normalise(" ".join(p.text))
    absent = [e["message"] for e in result["results"] if normalise(e["message"]) not in text]
    report(not absent, f"{label}: every message", absent[:3])
    report(result["dossier"] in text, f"{label}: the dossier id {result['dossier']}")
    report(result["ruleset"] in text and result["engine"] in text,
           f"{label}: the provenance (engine, ruleset digest)")
    return as_html.stdout


pages = {}
names = sorted(f[:-5] for f in os.listdir("examples") if f.endswith(".json"))
for name in names:
    page = check_example(name)
    if page is not None:
        pages[name] = page

# English, with an example that fails a criterion.
english = check_example("admission-2023-too-young", "en")
if english is not None:
    report("Branch secretary" in english and "Bí thư" not in english and ">2023-05-10<" in english,
           "english: the signature block and dates in English")
vi_page = pages.get("admission-2023-too-young", "")
report("Bí thư chi bộ" in vi_page and "Người kiểm tra" in vi_page
       and "(ký, ghi rõ họ tên)" in vi_page and ">10/05/2023<" in vi_page
       and "Trần Văn Nam" in vi_page and "Sớm nhất đạt vào:" in vi_page,
       "too-young: candidate, dd/mm/yyyy dates, earliest date, signatures")

# Several dossiers and an invalid one: one page, one sheet each, in input order.
with tempfile.TemporaryDirectory(prefix="admit-html-") as tmp:
    bad = os.path.join(tmp, "bad<1>.json")
    with open(bad, "w", encoding="utf-8") as f:
        f.write('{"format": "admit.dossier/1", "id": "X", ')
    several = run(["check", "--format", "html", "examples/admission-2023.json", bad,
                   "examples/recognition-2024.json"])
    p = check_page("several", several.stdout, "vi")
    sheets = several.stdout.count('<article class="sheet">')
    report(sheets == 3 and several.stdout.count("<html") == 1,
           "several: one page, one sheet per dossier", f"{sheets} sheets")
    order = [several.stdout.find(s) for s in
             ("DT-SLDTBXH-2023-004", "HỒ SƠ KHÔNG HỢP LỆ", "DT-SLDTBXH-2024-REC-004")]
    report(-1 not in order and order == sorted(order), "several: in input order", order)
    report("bad&lt;1&gt;.json" in several.stdout, "several: the invalid file named, escaped")
    report(several.returncode == 2 and "bad<1>.json" in several.stderr,
           "several: an invalid input exits 2 and is named on stderr too",
           f"{several.returncode}: {several.stderr}")

refused = run(["rules", "list", "--format", "html"])
report(refused.returncode == 2 and "html" in refused.stderr,
       "--format html is refused by a command that has no page", refused.stderr)


# ---------------------------------------------------------------- rendering


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", head[16:24])


def chromium(tmp, page_path, *args):
    env = dict(os.environ, HOME=tmp)
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--no-default-browser-check", "--disable-dev-shm-usage",
               f"--user-data-dir={os.path.join(tmp, 'profile')}", *args,
               "file://" + os.path.abspath(page_path)]
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=120, env=env)
    except subprocess.TimeoutExpired as e:
        return subprocess.CompletedProcess(command, -1, "", f"timed out: {e}")


def check_pdf(label, pdf, pages_min, words):
    ok = os.path.exists(pdf) and os.path.getsize(pdf) > 10000
    with open(pdf, "rb") if ok else open(os.devnull, "rb") as f:
        ok = ok and f.read(5) == b"%PDF-"
    if not report(ok, f"{label}: a PDF is produced", pdf):
        return
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True)
    pages_found = re.search(r"^Pages:\s+(\d+)", info.stdout, re.M)
    count = int(pages_found.group(1)) if pages_found else 0
    report(count >= pages_min, f"{label}: {count} page(s), at least {pages_min}", info.stdout)
    report(re.search(r"^Page size:.*\(A4\)", info.stdout, re.M) is not None,
           f"{label}: the pages are A4", info.stdout)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], capture_output=True,
                          text=True).stdout
    flat = normalise(text)
    absent = [w for w in words if w not in flat]
    report(not absent, f"{label}: the PDF's text holds the verdict and the rule ids", absent)


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
tools = [t for t in ("pdfinfo", "pdftotext") if shutil.which(t) is None]
if not report(CHROMIUM is not None and not tools,
              "chromium and poppler-utils are installed (make deps)",
              f"missing: {'chromium ' if CHROMIUM is None else ''}{' '.join(tools)}"):
    pass
else:
    with tempfile.TemporaryDirectory(prefix="admit-html-render-") as tmp:
        one = os.path.join(tmp, "too-young.html")
        with open(one, "w", encoding="utf-8") as f:
            f.write(vi_page)
        pdf = os.path.join(tmp, "too-young.pdf")
        done = chromium(tmp, one, "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
        report(done.returncode == 0, "chromium prints the page to PDF", done.stderr[-800:])
        check_pdf("too-young", pdf, 1, ["KHÔNG ĐỦ ĐIỀU KIỆN", "DT-SLDTBXH-2023-009", "age.min",
                                          "train.awareness", "BÍ THƯ CHI BỘ"])

        png = os.path.join(tmp, "too-young.png")
        done = chromium(tmp, one, "--hide-scrollbars", "--window-size=900,1300",
                        f"--screenshot={png}")
        size = png_size(png) if os.path.exists(png) else None
        report(done.returncode == 0 and size == (900, 1300) and os.path.getsize(png) > 20000,
               "chromium takes a 900x1300 screenshot of the page",
               f"{size}, {done.stderr[-800:]}")

        many = os.path.join(tmp, "several.html")
        with open(many, "w", encoding="utf-8") as f:
            f.write(several.stdout)
        pdf = os.path.join(tmp, "several.pdf")
        done = chromium(tmp, many, "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
        report(done.returncode == 0, "chromium prints several dossiers to PDF", done.stderr[-800:])
        check_pdf("several", pdf, 3, ["DT-SLDTBXH-2023-004", "HỒ SƠ KHÔNG HỢP LỆ",
                                       "DT-SLDTBXH-2024-REC-004", "off.vote"])

tap.finish()
