"""End-to-end: the audit's quotas and reports on the shipped example (examples/audit/).

1. examples/audit/make_dossiers.py regenerates dossiers.jsonl byte for byte;
   every dossier is valid for `admit check --format json`, and the admitted
   are eligible but for the one planted case.
2. The quotas over those results (engine/audit_quota.c through the test
   binary build/tests/tools/audit_report_driver) are the seed's figures:
   32 admitted = 106.7 % of 30 and 71.1 % of 45; 6 in 2023 = 85.7 % of 7.
3. From a summary built here as docs/audit-reports.md describes it, the
   driver runs engine/audit_hooks.c as `admit audit` does: it fills the
   quotas and writes report.html, report.csv and report.xlsx:
   the CSV is parsed, the workbook read back with openpyxl, and the page
   checked for script and outside references, then rendered in headless
   chromium through chromedriver: no console error, no request beyond the
   file itself, a screenshot taken.
4. Plans that are wrong are refused with the file, the JSON path and why.

    /usr/bin/python3 tests/e2e/audit_report.py [--screenshot docs/audit-report.png]

Ends with "N passed, M failed"; exit 1 on any failure.
"""
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ADMIT = os.environ.get("ADMIT", os.path.join(ROOT, "build", "admit"))
BUILD = os.environ.get("ADMIT_BUILD", os.path.join(ROOT, "build"))
DRIVER = os.path.join(BUILD, "tests", "tools", "audit_report_driver")
EXAMPLE = os.path.join(ROOT, "examples", "audit")
AS_OF = "2023-09-23"
VERDICTS = ["eligible", "ready", "not_eligible", "incomplete", "error"]

passed = failed = 0


def report(ok, description, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok   {description}")
    else:
        failed += 1
        print(f"FAIL {description}")
        if detail:
            print("     " + str(detail).replace("\n", "\n     ")[:3000])
    return ok


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, cwd=ROOT, timeout=300, **kw)


# ------------------------------------------------------------------ records

def check_example(tmp):
    """The example's dossiers and their results (lists, aligned)."""
    fresh = os.path.join(tmp, "dossiers.jsonl")
    done = run([sys.executable, os.path.join(EXAMPLE, "make_dossiers.py"), fresh])
    with open(os.path.join(EXAMPLE, "dossiers.jsonl"), "rb") as a, open(fresh, "rb") as b:
        report(done.returncode == 0 and a.read() == b.read(),
               "make_dossiers.py regenerates examples/audit/dossiers.jsonl exactly", done.stderr)
    dossiers = [json.loads(line) for line in open(fresh, encoding="utf-8") if line.strip()]
    files = []
    for i, d in enumerate(dossiers):
        path = os.path.join(tmp, f"d{i:03d}.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(d, f, ensure_ascii=False)
        files.append(path)
    done = run([ADMIT, "check", "--format", "json", *files])
    try:
        results = json.loads(done.stdout)
    except ValueError:
        results = []
    report(done.returncode in (0, 1) and len(results) == len(dossiers),
           f"admit check evaluates the {len(dossiers)} dossiers (exit {done.returncode})", done.stderr[-2000:])
    invalid = [r.get("input") for r in results if "input_error" in r]
    report(not invalid, "every dossier of the example is valid", invalid)
    progress = [r.get("verdict") for d, r in zip(dossiers, results)
                if d["procedure"] == "admission" and not (d.get("decision") or {}).get("date")]
    report(progress == ["ready"] * 4, "the 4 dossiers in progress are ready for their next step", progress)
    admitted = [r for d, r in zip(dossiers, results)
                if d["procedure"] == "admission" and (d.get("decision") or {}).get("date")]
    bad = [r["dossier"] for r in admitted if r.get("verdict") != "eligible"]
    report(len(admitted) == 33 and bad == ["DT-SLDTBXH-2022-005"],
           "the 33 decided admissions are eligible under the rules of their year but the planted one",
           f"{len(admitted)} decided, not eligible: {bad}")
    kinds = {d["procedure"] for d in dossiers}
    late = [r["dossier"] for r in results
            if any(e["rule"] == "decision.deadline" and e["status"] == "fail" for e in r.get("results", []))]
    report(kinds == {"admission", "recognition"} and len(late) == 3
           and len({d["organisation"]["branch"]["id"] for d in dossiers}) == 11,
           "the example has admissions, recognitions, 3 late decisions and 11 branches", late)
    return fresh, dossiers, results


def quotas(tmp, dossiers_path, results):
    results_path = os.path.join(tmp, "results.jsonl")
    with open(results_path, "w", encoding="utf-8") as f:
        for r in results:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    done = run([DRIVER, "quotas", os.path.join(EXAMPLE, "plan.json"), AS_OF, dossiers_path, results_path])
    try:
        q = json.loads(done.stdout)
    except ValueError:
        q = []
    report(done.returncode == 0 and len(q) == 2, "the driver computes the two targets' quotas", done.stderr)
    term = next((t for t in q if t["id"] == "ldtbxh-2020-2025"), {})
    year = next((t for t in q if t["id"] == "ldtbxh-2023"), {})
    report((term.get("target"), term.get("target_adjusted"), term.get("admitted"),
            term.get("percent"), term.get("percent_adjusted")) == (30, 45, 32, 106.7, 71.1),
           "term 2020-2025: 32 admitted = 106.7 % of 30 and 71.1 % of 45", term)
    report((year.get("target"), year.get("admitted"), year.get("percent")) == (7, 6, 85.7),
           "2023: 6 admitted = 85.7 % of 7", year)
    report(term.get("admitted_not_eligible") == 1 and term.get("in_progress") == 4
           and term.get("projected") == 36 and len(term.get("by_branch", {})) == 11
           and sum(term.get("by_branch", {}).values()) == 32,
           "term: 1 admitted while not eligible, 4 in progress, 36 projected, 11 branches", term)
    return results_path, q


def summary_of(dossiers, results, quota_list):
    """summary.json as docs/audit-reports.md describes it (admit.audit/1)."""
    s = {"format": "admit.audit/1", "inputs": ["examples/audit/dossiers.jsonl"], "as_of": AS_OF,
         "ruleset": next((r["ruleset"] for r in results if "ruleset" in r), None),
         "records": len(results), "evaluated": 0, "input_errors": 0,
         "verdicts": {v: 0 for v in VERDICTS}, "procedures": {}, "rules": {},
         "process_violations": {}, "by_year": {}, "by_committee": {}, "by_edition": {},
         "quotas": quota_list,
         "run": {"started": "2023-09-23T08:00:00Z", "seconds": 1.0, "threads": 2, "records_per_second": 42}}
    for d, r in zip(dossiers, results):
        if "input_error" in r:
            s["input_errors"] += 1
            continue
        s["evaluated"] += 1
        v = r["verdict"]
        s["verdicts"][v] = s["verdicts"].get(v, 0) + 1
        s["procedures"][r["procedure"]] = s["procedures"].get(r["procedure"], 0) + 1
        if r["procedure"] == "recognition":
            anchor = ((d.get("probation") or {}).get("branch_votes") or [{}])[0].get("date")
        else:
            anchor = (d.get("branch_vote") or {}).get("date")
        anchor = anchor or r["as_of"]
        editions = [e["edition"] for e in r["results"] if e["severity"] == "eligibility" and e["edition"]]
        edition = max(set(editions), key=editions.count) if editions else "?"
        for table, key in (("by_year", anchor[:4]), ("by_edition", edition)):
            row = s[table].setdefault(key, {x: 0 for x in VERDICTS})
            row[v] = row.get(v, 0) + 1
        for c in d["organisation"].get("committee_path") or []:
            row = s["by_committee"].setdefault(c, {x: 0 for x in VERDICTS})
            row[v] = row.get(v, 0) + 1
        for e in r["results"]:
            counts = s["rules"].setdefault(e["rule"], {k: 0 for k in (
                "pass", "fail", "needs_approval", "missing", "warn", "not_applicable", "error")})
            counts[e["status"]] = counts.get(e["status"], 0) + 1
            if e["severity"] == "process" and e["status"] == "fail":
                s["process_violations"][e["rule"]] = s["process_violations"].get(e["rule"], 0) + 1
    for table in ("by_year", "by_edition", "by_committee", "rules"):
        s[table] = dict(sorted(s[table].items()))
    return s


# ------------------------------------------------------------------ reports

def check_csv(out, results):
    with open(os.path.join(out, "report.csv"), "rb") as f:
        raw = f.read()
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
    header = ["input", "dossier", "procedure", "verdict", "main_anchor", "decision_date", "edition",
              "committee", "branch", "fail", "missing", "needs_approval", "process_violations", "error"]
    report(rows and rows[0] == header and len(rows) == len(results) + 1 and b"\r\n" in raw,
           "report.csv: the header of audit.md and one CRLF row per record", rows[:2])
    by_id = {r[1]: dict(zip(header, r)) for r in rows[1:]}
    young = by_id.get("DT-SLDTBXH-2022-005", {})
    report(young.get("verdict") == "not_eligible" and young.get("fail") == "age.min"
           and young.get("committee") == "dang-uy-so-ldtbxh" and young.get("main_anchor", "").startswith("2022-"),
           "report.csv: the candidate admitted too young, with age.min and the committee", young)
    late = [r for r in by_id.values() if r["process_violations"] == "decision.deadline"]
    report(len(late) == 3, "report.csv: the 3 late decisions in process_violations", len(late))
    pending = by_id.get("DT-SLDTBXH-2023-044", {})
    report(pending.get("verdict") == "ready" and pending.get("decision_date") == "" and pending.get("missing") == ""
           and pending.get("main_anchor") == "2023-09-18",
           "report.csv: a dossier before its grassroots vote is ready, without a decision date", pending)


def check_xlsx(out):
    try:
        import openpyxl
    except ImportError:
        report(False, "python3-openpyxl is installed (make deps)")
        return
    wb = openpyxl.load_workbook(os.path.join(out, "report.xlsx"))
    report(wb.sheetnames == ["Tổng hợp", "Hồ sơ", "Tiêu chí", "Chỉ tiêu"],
           "report.xlsx: sheets summary, records, rules and quotas in Vietnamese", wb.sheetnames)
    records = list(wb["Hồ sơ"].iter_rows(values_only=True))
    report(len(records) == 43 and records[0][0] == "Đầu vào"
           and any(r[3] == "KHÔNG ĐỦ ĐIỀU KIỆN" and r[9] == "age.min" for r in records),
           "report.xlsx: 42 records with the verdict in Vietnamese words", records[:2])
    quotas = list(wb["Chỉ tiêu"].iter_rows(values_only=True))
    term = next((r for r in quotas if r and r[0] == "ldtbxh-2020-2025"), None)
    report(term is not None and term[1] == "Chỉ tiêu nhiệm kỳ 2020–2025"
           and list(term[5:10]) == [30, 45, 32, 106.7, 71.1],
           "report.xlsx: the quota row with its label intact and 106.7 / 71.1", term)
    summary = {r[0]: r[1] for r in wb["Tổng hợp"].iter_rows(values_only=True) if r and r[0]}
    ready = [k for k in summary if k.startswith("SẴN SÀNG")]
    report(summary.get("Số bản ghi") == 42 and summary.get("ĐỦ ĐIỀU KIỆN") == 37
           and len(ready) == 1 and summary[ready[0]] == 4,
           "report.xlsx: the summary sheet counts 42 records, 37 eligible, 4 ready", summary)
    rules = {r[0]: r for r in wb["Tiêu chí"].iter_rows(values_only=True)}
    report(rules.get("age.min", (None, None, None))[2] == 1, "report.xlsx: age.min failed once",
           rules.get("age.min"))


def check_html_text(page, lang):
    report("<script" not in page.lower() and not re.search(r"(src|href)\s*=\s*\"?(https?:)?//", page)
           and "@import" not in page and "url(" not in page,
           f"report.html ({lang}): no script, no outside reference")
    if lang == "vi":
        want = ["106,7\u00a0%", "71,1\u00a0%", "85,7\u00a0%", "BÁO CÁO KẾT QUẢ RÀ SOÁT", "23/09/2023",
                "Chỉ tiêu nhiệm kỳ 2020–2025", "decision.deadline", "age.min", "<svg"]
    else:
        want = ["106.7%", "71.1%", "85.7%", "AUDIT REPORT", "2023-09-23", "Term 2020–2025 target", "<svg"]
    missing = [w for w in want if w not in page]
    report(not missing, f"report.html ({lang}): the figures, the charts and the words", missing)


def browse(tmp, page_path, screenshot):
    """Render in chromium through chromedriver; return (console errors, requests, png ok)."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        report(False, "python3-selenium is installed (make deps)")
        return
    driver_path = shutil.which("chromedriver")
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not report(driver_path is not None and browser is not None, "chromium and chromedriver are installed"):
        return
    opts = webdriver.ChromeOptions()
    opts.binary_location = browser
    for a in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
              f"--user-data-dir={os.path.join(tmp, 'profile')}", "--window-size=900,1200"):
        opts.add_argument(a)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    os.environ["HOME"] = tmp
    drv = webdriver.Chrome(service=Service(driver_path), options=opts)
    try:
        url = "file://" + os.path.abspath(page_path)
        drv.get_log("performance")   # drop the start page's own loading
        drv.get(url)
        console = [e for e in drv.get_log("browser") if e.get("level") in ("SEVERE", "WARNING")]
        report(not console, "chromium: no console error or warning", console)
        requests = []
        for entry in drv.get_log("performance"):
            msg = json.loads(entry["message"])["message"]
            # every request made while loading the report's document
            if (msg.get("method") == "Network.requestWillBeSent"
                    and msg["params"].get("documentURL") == url):
                requests.append(msg["params"]["request"]["url"])
        outside = [u for u in requests if u != url]
        report(requests and not outside, "chromium: the page requests nothing beyond itself", outside)
        height = drv.execute_script("return document.documentElement.scrollHeight")
        drv.set_window_size(900, min(max(int(height), 600), 6000))
        png = os.path.join(tmp, "page.png")
        ok = drv.save_screenshot(png)
        with open(png, "rb") as f:
            head = f.read(24)
        report(ok and head[:8] == b"\x89PNG\r\n\x1a\n" and int.from_bytes(head[16:20], "big") == 900,
               "chromium: a 900-pixel-wide screenshot of the whole page")
        if screenshot:
            shutil.copyfile(png, screenshot)
    finally:
        drv.quit()


def print_pdf(tmp, page_path):
    """Chromium prints the page as the department would: A4 pages holding the figures."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    pdf = os.path.join(tmp, "report.pdf")
    done = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                           "--disable-dev-shm-usage", f"--user-data-dir={os.path.join(tmp, 'profile-pdf')}",
                           "--no-pdf-header-footer", f"--print-to-pdf={pdf}", "file://" + page_path],
                          capture_output=True, text=True, timeout=120, env=dict(os.environ, HOME=tmp))
    if not report(done.returncode == 0 and os.path.exists(pdf), "chromium prints the report to PDF",
                  done.stderr[-800:]):
        return
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    pages = re.search(r"^Pages:\s+(\d+)", info, re.M)
    report(re.search(r"^Page size:.*\(A4\)", info, re.M) is not None and pages and 1 <= int(pages.group(1)) <= 3,
           "the printed report is on one to three A4 pages", info)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], capture_output=True, text=True).stdout
    want = ["BÁO CÁO KẾT QUẢ RÀ SOÁT", "106,7", "71,1", "85,7", "decision.deadline", "dang-uy-so-ldtbxh"]
    absent = [w for w in want if w not in text]
    report(not absent, "the printed report's text holds the figures and the ids", absent)


def check_plan_schema():
    """schemas/plan.schema.json is plain draft-07: another validator accepts the example plan."""
    try:
        import jsonschema
    except ImportError:
        report(False, "python3-jsonschema is installed (make deps)")
        return
    with open(os.path.join(ROOT, "schemas", "plan.schema.json"), encoding="utf-8") as f:
        schema = json.load(f)
    with open(os.path.join(EXAMPLE, "plan.json"), encoding="utf-8") as f:
        plan = json.load(f)
    jsonschema.Draft7Validator.check_schema(schema)
    errors = list(jsonschema.Draft7Validator(schema).iter_errors(plan))
    bad = dict(plan, targets=[dict(plan["targets"][0], target=-1)])
    report(not errors and list(jsonschema.Draft7Validator(schema).iter_errors(bad)),
           "python jsonschema (draft 7) accepts the example plan and refuses a negative target", errors)


def check_reports(tmp, dossiers_path, results_path, summary, screenshot):
    summary_path = os.path.join(tmp, "summary.json")
    with open(summary_path, "w", encoding="utf-8") as f:
        json.dump(dict(summary, quotas=[]), f, ensure_ascii=False, indent=2)   # as the audit leaves it
    for lang in ("vi", "en"):
        out = os.path.join(tmp, "out-" + lang)
        os.mkdir(out)
        done = run([DRIVER, "report", summary_path, out, lang, dossiers_path, results_path,
                    os.path.join(EXAMPLE, "plan.json"), AS_OF])
        names = sorted(os.listdir(out))
        report(done.returncode == 0 and names == ["report.csv", "report.html", "report.xlsx"],
               f"audit_hooks writes the three reports ({lang}), no temporary file left", f"{names} {done.stderr}")
        try:
            filled = json.loads(done.stdout).get("quotas")
        except ValueError:
            filled = None
        report(filled == summary["quotas"] and filled,
               f"audit_hooks fills the summary's quotas as the quota functions count them ({lang})",
               filled)
        modes = {n: os.stat(os.path.join(out, n)).st_mode & 0o777 for n in names}
        report(all(m == 0o600 for m in modes.values()), f"the reports are readable by their owner only ({lang})",
               modes)
        with open(os.path.join(out, "report.html"), encoding="utf-8") as f:
            check_html_text(f.read(), lang)
        if lang == "vi":
            check_csv(out, json.load(open(os.path.join(tmp, "results.json"))))
            check_xlsx(out)
            browse(tmp, os.path.join(out, "report.html"), screenshot)
            print_pdf(tmp, os.path.join(out, "report.html"))


def check_bad_plans(tmp, dossiers_path, results_path):
    cases = [
        ("until before from", {"format": "admit.plan/1", "targets": [
            {"id": "a", "committee": "c", "from": "2023-12-31", "until": "2023-01-01", "target": 1}]},
         ["targets[0]", "until"]),
        ("a repeated id", {"format": "admit.plan/1", "targets": [
            {"id": "a", "committee": "c", "from": "2023-01-01", "until": "2023-12-31", "target": 1},
            {"id": "a", "committee": "c", "from": "2024-01-01", "until": "2024-12-31", "target": 1}]},
         ["targets[1]", "\"a\""]),
        ("a negative target", {"format": "admit.plan/1", "targets": [
            {"id": "a", "committee": "c", "from": "2023-01-01", "until": "2023-12-31", "target": -3}]},
         ["targets[0].target"]),
        ("a date that does not exist", {"format": "admit.plan/1", "targets": [
            {"id": "a", "committee": "c", "from": "2023-02-30", "until": "2023-12-31", "target": 3}]},
         ["targets[0].from"]),
    ]
    for label, plan, words in cases:
        path = os.path.join(tmp, "plan-bad.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(plan, f)
        done = run([DRIVER, "quotas", path, AS_OF, dossiers_path, results_path])
        report(done.returncode == 1 and "plan-bad.json" in done.stderr and all(w in done.stderr for w in words)
               and not done.stdout, f"a plan with {label} is refused naming the file and {words}", done.stderr)


def main():
    screenshot = None
    if len(sys.argv) == 3 and sys.argv[1] == "--screenshot":
        screenshot = os.path.abspath(sys.argv[2])
    if not report(os.access(DRIVER, os.X_OK) and os.access(ADMIT, os.X_OK),
                  "build/admit and the test driver are built (make test-run)", DRIVER):
        return
    with tempfile.TemporaryDirectory() as tmp:
        dossiers_path, dossiers, results = check_example(tmp)
        with open(os.path.join(tmp, "results.json"), "w", encoding="utf-8") as f:
            json.dump(results, f, ensure_ascii=False)
        results_path, quota_list = quotas(tmp, dossiers_path, results)
        summary = summary_of(dossiers, results, quota_list)
        check_reports(tmp, dossiers_path, results_path, summary, screenshot)
        check_bad_plans(tmp, dossiers_path, results_path)
    check_plan_schema()


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # a crash is one failure, with its cause
        import traceback
        report(False, "the test ran to its end", traceback.format_exc())
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
