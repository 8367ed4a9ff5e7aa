#!/usr/bin/python3
"""The secretary's web page of `admit serve`, driven in a real browser.

Starts `admit serve` on a free loopback port, opens the page in headless
Debian chromium (chromium-driver, python3-selenium), fills an admission
dossier field by field from examples/admission-2025-before-vote.json leaving
one field out, checks it, reads the verdict, follows the report to the field
it points at, fixes it, checks again from the keyboard, saves the file (it
must equal the example and pass `admit validate`), reloads it, shows the
timeline, opens the printable page and prints it to PDF, switches to
English, and takes screenshots at 1280 and 360 px (ADMIT_BUILD/webpage-*.png).
Then, against a second server started with --token-file: the page asks for
the token at the first 401, keeps it in sessionStorage and sends it.

Ends with "N passed, M failed"; exits non-zero on failure.
"""
import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ADMIT = os.environ.get("ADMIT", os.path.join(ROOT, "build", "admit"))
BUILD = os.environ.get("ADMIT_BUILD", os.path.join(ROOT, "build"))
EXAMPLE = os.path.join(ROOT, "examples", "admission-2025-before-vote.json")
LEFT_OUT = "candidate.education.general"   # the field filled only after the first check

passed = 0
failed = 0


def ok(cond, what):
    global passed, failed
    if cond:
        passed += 1
        print("ok   " + what)
    else:
        failed += 1
        print("FAIL " + what)
    return cond


def finish():
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


def skip(why):
    print("!" * 72)
    print("!! webpage.py SKIPPED: " + why)
    print("!" * 72)
    print("0 passed, 0 failed")
    sys.exit(0)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def have_serve():
    try:
        r = subprocess.run([ADMIT, "serve", "--help"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return r.returncode == 0


def prune(v):
    """The dossier as the page saves it: nulls, empty strings and empty
    objects dropped, lists kept (an empty list says "none")."""
    if isinstance(v, list):
        return [x for x in (prune(i) for i in v) if x is not None]
    if isinstance(v, dict):
        o = {k: prune(x) for k, x in v.items()}
        o = {k: x for k, x in o.items() if x is not None}
        return o or None
    if v == "" or v is None:
        return None
    return v


def leaves(v, path=""):
    """(path, value) of every scalar, in document order; lists yield their
    own path with the length first, so that items are added before filled."""
    if isinstance(v, dict):
        for k, x in v.items():
            yield from leaves(x, f"{path}.{k}" if path else k)
    elif isinstance(v, list):
        yield (path, ("__len__", len(v)))
        for i, x in enumerate(v):
            yield from leaves(x, f"{path}[{i}]")
    else:
        yield (path, v)


def dmy(iso):
    y, m, d = iso.split("-")
    return f"{d}/{m}/{y}"


def main():
    for exe in ("chromium", "chromedriver"):
        if not shutil.which(exe):
            skip(f"{exe} is not installed (Debian packages chromium chromium-driver: make deps-test)")
    try:
        from selenium import webdriver
        from selenium.webdriver.common.by import By
        from selenium.webdriver.common.keys import Keys
        from selenium.webdriver.chrome.service import Service
        from selenium.webdriver.support.ui import Select, WebDriverWait
    except ImportError:
        skip("python3-selenium is not installed (make deps-test)")
    if not have_serve():
        skip(f"{ADMIT} has no `serve` command yet: the page cannot be tested without the real server")

    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    log = open(os.path.join(BUILD, "webpage-serve.log"), "w")
    server = subprocess.Popen([ADMIT, "serve", "--listen", f"127.0.0.1:{port}", "--threads", "2"],
                              cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    tmp = tempfile.mkdtemp(prefix="admit-webpage-")
    driver = None
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "health", timeout=1).read()
                break
            except OSError:
                if server.poll() is not None:
                    break
                time.sleep(0.1)
        if not ok(server.poll() is None, "admit serve runs on " + base):
            return

        opts = webdriver.ChromeOptions()
        opts.binary_location = shutil.which("chromium")
        for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--window-size=1280,900", "--lang=vi", "--disable-popup-blocking"):
            opts.add_argument(a)
        opts.add_experimental_option("prefs", {"download.default_directory": tmp,
                                               "download.prompt_for_download": False})
        service = Service(executable_path=shutil.which("chromedriver"))
        driver = webdriver.Chrome(options=opts, service=service)
        driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": tmp})
        wait = WebDriverWait(driver, 20)
        driver.get(base)
        wait.until(lambda d: "ready" in d.find_element(By.TAG_NAME, "body").get_attribute("class"))
        ok(True, "the page loads the dossier schema from the server")

        def q(css):
            return driver.find_element(By.CSS_SELECTOR, css)

        def verdict_now():
            return driver.execute_script(
                "const e = document.querySelector('#report-body .verdict-text'); return e ? e.textContent : ''")

        def value_of(path):
            return driver.execute_script(
                "const e = document.querySelector('#form-body [data-path=\"' + arguments[0] + '\"]:is(input, select)');"
                " return e ? e.value : null", path)

        def field(path):
            return q(f'#form-body [data-path="{path}"]:is(input, select)')

        # The sections, in the order of the paper file.
        ids = [e.get_attribute("id") for e in driver.find_elements(By.CSS_SELECTOR, "#form-body > fieldset.section")]
        want = ["sec-general", "sec-organisation", "sec-candidate", "sec-awareness_course", "sec-application",
                "sec-personal_history", "sec-verification", "sec-introducers", "sec-union_introduction",
                "sec-mentors", "sec-opinions", "sec-assessments", "sec-opinion_summary", "sec-approvals",
                "sec-branch_vote", "sec-partial_committee", "sec-grassroots_vote", "sec-decision", "sec-ceremony"]
        ok(ids == want, "admission sections in the paper order: " + " ".join(ids))
        schema = json.load(open(os.path.join(ROOT, "schemas", "dossier.schema.json"), encoding="utf-8"))
        legend = q("#sec-candidate > legend").text
        ok(legend == schema["properties"]["candidate"]["title"], "section titles come from the schema: " + legend)
        opts_gender = [o.text for o in Select(field("candidate.gender")).options]
        ok("nữ" in opts_gender and "nam" in opts_gender, "an enumeration is a select with Vietnamese names: "
           + ", ".join(opts_gender))

        def unlabelled():
            bad = []
            for e in driver.find_elements(By.CSS_SELECTOR, "#form-body input, #form-body select"):
                i = e.get_attribute("id")
                labs = driver.find_elements(By.CSS_SELECTOR, f'label[for="{i}"]') if i else []
                if not labs or not labs[0].text.strip() or not labs[0].is_displayed():
                    bad.append(e.get_attribute("data-path"))
            return bad

        bad = unlabelled()
        ok(not bad, f"every field has a visible label ({len(driver.find_elements(By.CSS_SELECTOR, '#form-body input, #form-body select'))} fields) {bad[:5]}")

        # Fill the example field by field, leaving one out.
        example = json.load(open(EXAMPLE, encoding="utf-8"))
        expected = prune(example)
        filled = 0
        for path, value in leaves(expected):
            if path in ("format", "procedure") or path.startswith("$") or "x_" in path:
                continue
            if isinstance(value, tuple):                 # a list: add its items
                box = q(f'#form-body .array[data-path="{path}"]')
                add = box.find_element(By.CSS_SELECTOR, ":scope > .add")
                driver.execute_script("arguments[0].scrollIntoView({block:'center'})", add)
                for _ in range(value[1]):
                    add.click()
                if value[1] == 0:                        # [] says "none": add an item, remove it
                    add.click()
                    box.find_element(By.CSS_SELECTOR, ".item .remove").click()
                continue
            if path == LEFT_OUT:
                continue
            e = field(path)
            driver.execute_script("arguments[0].scrollIntoView({block:'center'})", e)
            if e.tag_name == "select":
                Select(e).select_by_value("true" if value is True else "false" if value is False else str(value))
            else:
                e.clear()
                text = dmy(value) if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-" else str(value)
                e.send_keys(text + Keys.TAB)
            filled += 1
        ok(filled > 50, f"filled {filled} fields of {os.path.basename(EXAMPLE)}")
        ok(field("candidate.birth_date").get_attribute("value") == dmy(example["candidate"]["birth_date"]),
           "dates are shown dd/mm/yyyy")

        # A date that is not a day is refused next to its field.
        d = field("application.letter_date")
        keep = d.get_attribute("value")
        d.clear()
        d.send_keys("31/02/2025" + Keys.TAB)
        err = driver.find_elements(By.ID, d.get_attribute("id") + "-err")
        ok(err and err[0].text and err[0].get_attribute("id") in (d.get_attribute("aria-describedby") or ""),
           "an impossible date is refused next to its field: " + (err[0].text if err else "(nothing)"))
        d.clear()
        d.send_keys(keep + Keys.TAB)
        ok(not driver.find_elements(By.ID, d.get_attribute("id") + "-err"), "the error goes once the date is fixed")

        # An input error the server reports points at its field.
        nid = field("candidate.national_id")
        nid.send_keys("123")
        q("#check").click()
        wait.until(lambda dr: "has-error" in dr.find_element(
            By.CSS_SELECTOR, '#form-body .field[data-path="candidate.national_id"]').get_attribute("class"))
        focused = driver.switch_to.active_element
        ok(focused.get_attribute("data-path") == "candidate.national_id",
           "the server's input error focuses its field")
        ok(nid.get_attribute("aria-invalid") == "true" and "-err" in (nid.get_attribute("aria-describedby") or ""),
           "the input error is announced next to the field (aria-invalid, aria-describedby)")
        nid.clear()
        nid.send_keys(Keys.TAB)

        # First check: the left-out field is missing.
        cli = json.loads(subprocess.run([ADMIT, "check", "--format", "json", EXAMPLE],
                                        capture_output=True, text=True, cwd=ROOT).stdout)
        q("#check").click()
        wait.until(lambda dr: verdict_now())
        verdict = q("#report-body .verdict-text").text
        ok(verdict == "CHƯA ĐỦ HỒ SƠ", "the verdict comes first, in the secretary's words: " + verdict)
        links = driver.find_elements(By.CSS_SELECTOR, f'#report-body .finding.missing button[data-goto="{LEFT_OUT}"]')
        ok(len(links) == 1, "the missing criterion points at " + LEFT_OUT)
        if links:
            links[0].click()
            target = field(LEFT_OUT)
            ok(driver.switch_to.active_element == target, "following it focuses the field")
            err = driver.find_elements(By.ID, target.get_attribute("id") + "-err")
            ok(err and err[0].is_displayed() and target.get_attribute("aria-invalid") == "true",
               "the reason is shown next to the field: " + (err[0].text if err else "(nothing)"))
        Select(field(LEFT_OUT)).select_by_value(example["candidate"]["education"]["general"])

        # Second check, from the keyboard.
        btn = q("#check")
        driver.execute_script("arguments[0].focus()", btn)
        btn.send_keys(Keys.ENTER)
        wait.until(lambda dr: verdict_now() not in ("", verdict))
        verdict2 = q("#report-body .verdict-text").text
        ok(cli["verdict"] == "ready" and verdict2 == "SẴN SÀNG: đủ điều kiện và hồ sơ để chi bộ xét kết nạp",
           "after the fix the verdict is the CLI's: " + verdict2)
        pend = driver.find_elements(By.CSS_SELECTOR, "#report-body .finding.pending")
        ok(len(pend) == cli["counts"]["pending"], f"the coming steps are listed ({len(pend)})")
        dues = driver.find_elements(By.CSS_SELECTOR, "#report-body .finding.pending .date")
        ok(len(dues) == sum(1 for x in cli["results"] if x["status"] == "pending" and x.get("hint")),
           f"coming steps show their due dates where they have one ({len(dues)})")
        driver.execute_script("window.scrollTo(0, 0)")
        driver.save_screenshot(os.path.join(BUILD, "webpage-1280.png"))
        more = q("#report-body details.more")
        ok(more.get_attribute("open") is None and "pass" in more.find_element(By.TAG_NAME, "summary").text.lower()
           or "đạt" in more.find_element(By.TAG_NAME, "summary").text, "what passed is folded until asked")
        more.find_element(By.TAG_NAME, "summary").click()
        npass = len(more.find_elements(By.CSS_SELECTOR, ".finding.pass"))
        ok(npass == cli["counts"]["pass"], f"on demand, what passed ({npass})")

        # Save: the file is the example, valid for admit validate.
        q("#save").click()
        saved = os.path.join(tmp, example["id"] + ".json")
        for _ in range(100):
            if os.path.exists(saved) and os.path.getsize(saved) > 0:
                break
            time.sleep(0.1)
        data = json.load(open(saved, encoding="utf-8")) if os.path.exists(saved) else None
        ok(data == expected, "the saved file is the dossier filled in")
        r = subprocess.run([ADMIT, "validate", saved], capture_output=True, text=True)
        ok(r.returncode == 0, "the saved file is valid against the schema " + r.stderr.strip())

        # Reload it into an empty dossier.
        q("#new-recognition").click()
        ok(field("candidate.full_name").get_attribute("value") == "" and
           driver.find_elements(By.ID, "sec-probation"), "a new recognition dossier is empty and has the probation section")
        q("#load-file").send_keys(saved)
        wait.until(lambda dr: value_of("candidate.full_name") == example["candidate"]["full_name"])
        ok(field("introducers[0].signed_on").get_attribute("value") == dmy(example["introducers"][0]["signed_on"]),
           "the reloaded file fills the form again, lists included")
        os.remove(saved)
        q("#save").click()
        for _ in range(100):
            if os.path.exists(saved) and os.path.getsize(saved) > 0:
                break
            time.sleep(0.1)
        ok(os.path.exists(saved) and json.load(open(saved, encoding="utf-8")) == expected,
           "saved again unchanged")

        # Another example, loaded: the criterion not met says when it will be.
        young = os.path.join(ROOT, "examples", "admission-2023-too-young.json")
        yres = json.loads(subprocess.run([ADMIT, "check", "--format", "json", young],
                                         capture_output=True, text=True, cwd=ROOT).stdout)
        q("#load-file").send_keys(young)
        wait.until(lambda dr: not verdict_now())
        q("#check").click()
        wait.until(lambda dr: verdict_now())
        ok(q("#report-body .verdict-text").text == "KHÔNG ĐỦ ĐIỀU KIỆN", "a candidate too young: KHÔNG ĐỦ ĐIỀU KIỆN")
        earliest = [x["hint"]["earliest"] for x in yres["results"] if x["status"] == "fail" and x.get("hint", {}).get("earliest")]
        fails = " ".join(e.text for e in driver.find_elements(By.CSS_SELECTOR, "#report-body .finding.fail"))
        ok(earliest and ("Đạt từ ngày: " + dmy(earliest[0])) in fails and "Căn cứ: " in fails,
           "a failing criterion gives its reason, citation and the earliest date it passes")
        q("#load-file").send_keys(saved)
        wait.until(lambda dr: value_of("candidate.full_name") == example["candidate"]["full_name"])

        # Every example is shown whole: each value it holds is in its field.
        for name in sorted(os.listdir(os.path.join(ROOT, "examples"))):
            if not name.endswith(".json"):
                continue
            path = os.path.join(ROOT, "examples", name)
            ex = prune(json.load(open(path, encoding="utf-8")))
            q("#load-file").send_keys(path)
            wait.until(lambda dr: value_of("id") == ex["id"])
            shown = driver.execute_script("""
                const out = {};
                for (const e of document.querySelectorAll('#form-body [data-path]:is(input, select)'))
                  out[e.dataset.path] = e.value;
                return out;""")
            wrong = []
            for lp, v in leaves(ex):
                if isinstance(v, tuple) or lp in ("format",) or lp.startswith("$") or "x_" in lp:
                    continue
                want = dmy(v) if isinstance(v, str) and len(v) == 10 and v[4] == "-" and v[7] == "-" \
                    else ("true" if v is True else "false" if v is False else str(v))
                if shown.get(lp) != want:
                    wrong.append(f"{lp}={shown.get(lp)!r}, not {want!r}")
            ok(not wrong, f"{name}: every value is shown in its field {wrong[:3]}")
        rec = os.path.join(ROOT, "examples", "recognition-2024.json")
        rres = json.loads(subprocess.run([ADMIT, "check", "--format", "json", rec],
                                         capture_output=True, text=True, cwd=ROOT).stdout)
        q("#load-file").send_keys(rec)
        wait.until(lambda dr: dr.find_elements(By.ID, "sec-probation"))
        q("#check").click()
        wait.until(lambda dr: verdict_now())
        ok(rres["verdict"] == "eligible" and verdict_now() == "ĐỦ ĐIỀU KIỆN",
           "a recognition dossier: its own sections, and the CLI's verdict: " + verdict_now())
        q("#load-file").send_keys(saved)
        wait.until(lambda dr: value_of("candidate.full_name") == example["candidate"]["full_name"])

        # The timeline.
        tl = json.loads(subprocess.run([ADMIT, "timeline", "--format", "json", EXAMPLE],
                                       capture_output=True, text=True, cwd=ROOT).stdout)
        q("#timeline").click()
        wait.until(lambda dr: dr.find_elements(By.CSS_SELECTOR, "#timeline-body tbody tr"))
        rows = driver.find_elements(By.CSS_SELECTOR, "#timeline-body tbody tr")
        ok(len(rows) == len(tl["steps"]), f"the timeline lists every step ({len(rows)})")

        # The print view: the server's printable page, printed to PDF.
        main_window = driver.current_window_handle
        q("#print").click()
        wait.until(lambda dr: len(dr.window_handles) == 2)
        other = [h for h in driver.window_handles if h != main_window][0]
        driver.switch_to.window(other)
        wait.until(lambda dr: dr.current_url.startswith("blob:") and
                   example["candidate"]["full_name"] in dr.find_element(By.TAG_NAME, "body").text)
        pdf = base64.b64decode(driver.execute_cdp_cmd("Page.printToPDF", {
            "paperWidth": 8.27, "paperHeight": 11.69, "printBackground": True})["data"])
        pdf_path = os.path.join(BUILD, "webpage-report.pdf")
        open(pdf_path, "wb").write(pdf)
        ok(pdf.startswith(b"%PDF"), f"the print view prints to a PDF ({len(pdf)} bytes)")
        if shutil.which("pdftotext"):
            text = subprocess.run(["pdftotext", pdf_path, "-"], capture_output=True, text=True).stdout
            ok(example["candidate"]["full_name"] in text, "the PDF names the candidate")
        driver.close()
        driver.switch_to.window(main_window)

        # English.
        q("#lang-en").click()
        lab = q(f'label[for="{field("candidate.full_name").get_attribute("id")}"]').text
        ok(lab.startswith("Full name"), "the English switch relabels the form: " + lab)
        q("#check").click()
        try:
            wait.until(lambda dr: verdict_now() == "READY for the branch vote")
        except Exception:
            pass
        ok(verdict_now() == "READY for the branch vote", "and the report, checked in English: " + verdict_now())
        ok(q("#sec-candidate > legend").text == schema["properties"]["candidate"]["x-title-en"],
           "section titles in English from the schema")
        q("#lang-vi").click()
        try:
            wait.until(lambda dr: verdict_now() == "SẴN SÀNG: đủ điều kiện và hồ sơ để chi bộ xét kết nạp")
        except Exception:
            pass
        ok(verdict_now().startswith("SẴN SÀNG") and "Chờ chi bộ họp" in q("#report-body").text,
           "back to Vietnamese, the report is asked again in Vietnamese")

        # A phone screen.
        driver.set_window_size(360, 800)
        time.sleep(0.3)
        sw = driver.execute_script("return document.documentElement.scrollWidth")
        iw = driver.execute_script("return window.innerWidth")
        ok(sw <= iw, f"no sideways scrolling at 360 px ({sw} <= {iw})")
        driver.execute_script("window.scrollTo(0, 0)")
        driver.save_screenshot(os.path.join(BUILD, "webpage-360.png"))
        driver.execute_script("document.getElementById('report').scrollIntoView()")
        driver.save_screenshot(os.path.join(BUILD, "webpage-360-report.png"))
        driver.set_window_size(1280, 900)

        # A server started with --token-file: the page asks for the token once.
        token_file = os.path.join(tmp, "token")
        with open(token_file, "w") as f:
            f.write("s3cret-token-for-the-test\n")
        tport = free_port()
        tlog_path = os.path.join(BUILD, "webpage-serve-token.log")
        tlog = open(tlog_path, "w")
        tserver = subprocess.Popen([ADMIT, "serve", "--listen", f"127.0.0.1:{tport}", "--threads", "1",
                                    "--token-file", token_file], cwd=ROOT, stdout=tlog, stderr=subprocess.STDOUT)
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{tport}/health", timeout=1).read()
                    break
                except OSError:
                    time.sleep(0.1)
            driver.get(f"http://127.0.0.1:{tport}/")
            wait.until(lambda d: "ready" in d.find_element(By.TAG_NAME, "body").get_attribute("class"))
            ok(not q("#token-form").is_displayed(), "token: nothing asked before the server refuses")
            q("#check").click()
            wait.until(lambda d: q("#token-form").is_displayed())
            ok("mã truy cập" in q("#status").text, "token: a 401 shows the token field and says why: " + q("#status").text)
            ok(driver.switch_to.active_element.get_attribute("id") == "token", "token: the field has the focus")
            q("#token").send_keys("wrong")
            q("#token").send_keys(Keys.ENTER)
            q("#check").click()
            wait.until(lambda d: q("#token-form").is_displayed())
            ok(True, "token: a wrong token is asked for again")
            q("#token").send_keys("s3cret-token-for-the-test")
            q("#token").send_keys(Keys.ENTER)
            ok(not q("#token-form").is_displayed() and "chỉ giữ trong thẻ này" in q("#status").text,
               "token: taken, kept in this tab only: " + q("#status").text)
            q("#check").click()
            def answered(d):
                return any(" POST /v1/check 200 " in line or " POST /v1/check 400 " in line
                           for line in open(tlog_path, encoding="utf-8"))
            try:
                wait.until(answered)
            except Exception:
                pass
            ok(answered(driver) and not q("#token-form").is_displayed(),
               "token: the next check is sent with the token and answered")
            ok(driver.execute_script("return sessionStorage.getItem('admit-token')") == "s3cret-token-for-the-test"
               and driver.execute_script("return localStorage.length") == 0,
               "token: kept in sessionStorage, never in localStorage")
        finally:
            tserver.terminate()
            try:
                tserver.wait(timeout=10)
            except subprocess.TimeoutExpired:
                tserver.kill()
            tlog.close()
    finally:
        if driver:
            driver.quit()
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # a crash is one failure, with its reason
        import traceback
        traceback.print_exc()
        ok(False, "the browser test ran to its end: " + type(e).__name__)
    finish()
