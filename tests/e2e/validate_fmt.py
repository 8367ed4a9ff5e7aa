"""End-to-end tests of `admit validate` and `admit fmt` (docs/validate-fmt.md).

validate: exit codes, every error of every file printed with file, line:column
and JSON path, did-you-mean, labels, day-first dates, --format json.
fmt: the schema's key order, NFC (a name written decomposed), two-space indent,
UTF-8 unescaped, -w (atomic, only for a valid file), idempotence, invalid input.

Prints "ok N - ..." / "not ok N - ..." lines and ends with "N passed, M failed".
Run from the repository root.
"""
import copy
import json
import os
import re
import subprocess
import sys
import unicodedata

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "lib"))
import tap  # tests/lib/tap.py: the ok/not ok lines and the summary tests/run.sh reads
from tap import check
from admit_e2e import scratch

ADMIT = os.environ.get("ADMIT", "./admit")


def run(*args, stdin=None):
    return subprocess.run([ADMIT, *args], capture_output=True, text=True, input=stdin)


with open("examples/admission-2023.json", encoding="utf-8") as f:
    admission = json.load(f)
with open("schemas/dossier.schema.json", encoding="utf-8") as f:
    schema = json.load(f)

tmp = scratch("admit-validate-fmt-")


def write(name, doc=None, text=None, indent=2, ascii=False):
    path = os.path.join(tmp, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text if text is not None else json.dumps(doc, indent=indent, ensure_ascii=ascii))
    return path


# -- validate: valid files -------------------------------------------------
r = run("validate", "examples/admission-2023.json", "examples/recognition-2024.json")
check(r.returncode == 0, "validate of two valid dossiers exits 0", r.stdout + r.stderr)
check(r.stdout.splitlines() == ["examples/admission-2023.json: hợp lệ",
                                "examples/recognition-2024.json: hợp lệ"],
      "each valid file is reported 'hợp lệ'", r.stdout)
r = run("validate", "--lang", "en", "examples/admission-2023.json")
check(r.stdout == "examples/admission-2023.json: valid\n", "in English: 'valid'", r.stdout)

# -- validate: many errors at once -------------------------------------------
bad = copy.deepcopy(admission)
bad["candidate"]["gendr"] = "male"                    # unknown key, did you mean
bad["candidate"]["birth_date"] = "14/08/1996"         # day-first date
bad["candidate"]["occupation"] = "studnt"             # enumeration, did you mean
bad["candidate"]["national_id"] = "12345"             # pattern in words
bad["decision"]["authority"] = "grassroots_comittee"  # labels of the values
bad["branch_vote"]["in_favour"] = -1
del bad["id"]
bad_path = write("bad.json", bad)
r = run("validate", bad_path, "examples/admission-2023.json")
out = r.stdout
lines = out.splitlines()
check(r.returncode == 2, "validate with an invalid file exits 2", r.returncode)
check(len([l for l in lines if l.startswith(bad_path + ":")]) == 7,
      "all seven errors of the file are printed", out)
check(lines[-1] == "examples/admission-2023.json: hợp lệ",
      "validation goes on to the next file", out)
check(re.search(re.escape(bad_path) + r":\d+:\d+: candidate\.gendr: khóa không hợp lệ \"gendr\" "
                r"\(có phải \"gender\"\?\)", out) is not None,
      "an unknown key: file, line:column, path, and the closest allowed key", out)
check(re.search(r"candidate\.birth_date: \"14/08/1996\" không phải là ngày hợp lệ; hãy viết 1996-08-14",
                out) is not None, "a day-first date: 'hãy viết 1996-08-14'", out)
check("candidate.occupation: \"studnt\"" in out and "có phải \"student\"?" in out,
      "a bad enumeration value: the closest allowed value", out)
check("grassroots_committee (Đảng ủy cơ sở)" in out,
      "enumeration values are named with their Vietnamese labels", out)
check("12 chữ số" in out and "^[0-9]" not in out and "$\"" not in out,
      "a pattern is explained in words, never shown as a regular expression", out)
check("thiếu khóa bắt buộc \"id\"" in out, "the missing required key is reported too", out)
check(r.stdout.index("candidate.birth_date") < r.stdout.index("decision.authority"),
      "errors come in document order", out)

r = run("validate", "--lang", "en", bad_path)
check("(did you mean \"gender\"?)" in r.stdout and "write it as 1996-08-14" in r.stdout and
      "grassroots_committee (the grassroots committee)" in r.stdout,
      "the same in English", r.stdout)

# -- validate --format json ---------------------------------------------------
r = run("validate", "--format", "json", "--lang", "en", bad_path, "examples/admission-2023.json")
check(r.returncode == 2, "validate --format json exits 2 too", r.returncode)
try:
    errors = json.loads(r.stdout)
except ValueError:
    errors = None
check(isinstance(errors, list) and len(errors) == 7, "--format json gives a list of the 7 errors", r.stdout)
errors = errors or []
keys_ok = all(set(e) - {"expected"} == {"file", "path", "line", "column", "message"} for e in errors)
check(keys_ok, "each error has file, path, line, column, message (and expected)", errors[:1])
by_path = {e["path"]: e for e in errors}
bd = by_path.get("candidate.birth_date", {})
with open(bad_path, encoding="utf-8") as f:
    bad_lines = f.read().splitlines()
line_ok = bd.get("line") and bad_lines[bd["line"] - 1][bd["column"] - 1:].startswith('"14/08/1996"')
check(bool(line_ok), "line and column point at the value in the file", bd)
check(bd.get("expected") == "1996-08-14", "expected: the date converted", bd)
check(by_path.get("candidate.gendr", {}).get("file") == bad_path, "file is named", by_path.get("candidate.gendr"))
check(all(e["file"] == bad_path for e in errors), "a valid file adds nothing to the list", errors)

# -- validate: syntax errors, the cap, unreadable files, editions ---------------
broken = write("broken.json", text='{\n  "format": "admit.dossier/1",\n  "id": ,\n}\n')
r = run("validate", broken)
check(r.returncode == 2 and len(r.stdout.splitlines()) == 1 and r.stdout.startswith(broken + ":3:"),
      "a JSON syntax error stops the parse: one error with line:column", r.stdout)

many = copy.deepcopy(admission)
for i in range(30):
    many["candidate"][f"unknown{i:02d}"] = i
many_path = write("many.json", many)
r = run("validate", many_path)
check(r.returncode == 2 and len(r.stdout.splitlines()) == 21 and r.stdout.splitlines()[-1] == "… và 10 lỗi khác",
      "at most 20 errors a file, then '… và N lỗi khác'", r.stdout[-400:])

r = run("validate", os.path.join(tmp, "absent.json"))
check(r.returncode == 2 and "absent.json" in r.stdout, "an unreadable file is an error, exit 2", r.stdout + r.stderr)

old = copy.deepcopy(admission)
old["branch_vote"]["date"] = "2005-03-01"
old_path = write("old.json", old)
r = run("validate", "--lang", "en", old_path)
check(r.returncode == 2 and "branch_vote.date: no edition covers 2005-03-01" in r.stdout,
      "a main anchor no edition covers is reported", r.stdout)

r = run("validate", "-", stdin=json.dumps(admission))
check(r.returncode == 0 and r.stdout == "<stdin>: hợp lệ\n", "validate - reads standard input", r.stdout)
r = run("validate")
check(r.returncode == 2 and r.stderr, "validate without a file is a usage error", r.stderr)
r = run("validate", "--help")
check(r.returncode == 0 and "validate" in r.stdout, "validate --help", r.stdout)

# -- check reports every error of each file, then goes on -------------------------
r = run("check", "--lang", "en", bad_path, "examples/admission-2023.json")
check(r.returncode == 2, "check with an invalid file exits 2", r.returncode)
flat = " ".join(r.stderr.split())
check("gendr" in flat and "decision.authority" in flat and "\"id\" is missing" in flat,
      "check prints every input error of the file (on stderr)", r.stderr)
check(all(l.startswith("admit: " + bad_path + ":") for l in r.stderr.splitlines()),
      "each input error is one line: admit: FILE:LINE:COLUMN: PATH: MESSAGE", r.stderr)
check("ELIGIBLE" in r.stdout, "check goes on to the next file", r.stdout[-300:])
r = run("check", "--format", "json", bad_path, "examples/admission-2023.json")
try:
    results = json.loads(r.stdout)
except ValueError:
    results = []
ie = results[0].get("input_error", {}) if results else {}
check(len(ie.get("errors", [])) == 7 and ie.get("path") == ie["errors"][0]["path"],
      "check --format json: input_error.errors lists all 7, the first is path/message", ie)
check(len(results) == 2 and results[1].get("verdict") == "eligible", "the second file is evaluated", r.stdout[-300:])

# -- fmt ------------------------------------------------------------------------
def reverse_keys(x):
    if isinstance(x, dict):
        return {k: reverse_keys(x[k]) for k in reversed(list(x))}
    if isinstance(x, list):
        return [reverse_keys(i) for i in x]
    return x


messy = reverse_keys(copy.deepcopy(admission))
messy["candidate"]["full_name"] = unicodedata.normalize("NFD", "Nguyễn Thị Hằng")
messy["x_note"] = unicodedata.normalize("NFD", "ghi chú")
messy_path = write("messy.json", messy, indent=4, ascii=True)
r = run("fmt", messy_path)
check(r.returncode == 0, "fmt of a valid dossier exits 0", r.stderr)
formatted = r.stdout
try:
    doc = json.loads(formatted)
except ValueError:
    doc = {}
check(list(doc) == [k for k in schema["properties"] if k in doc] + ["x_note"],
      "top-level keys in the schema's order, x_ keys after", list(doc))
cand_order = [k for k in schema["properties"]["candidate"]["properties"] if k in doc.get("candidate", {})]
check(list(doc.get("candidate", {})) == cand_order, "candidate's keys in the schema's order",
      list(doc.get("candidate", {})))
check("Nguyễn Thị Hằng" in formatted and unicodedata.is_normalized("NFC", formatted),
      "decomposed Vietnamese comes out in NFC, unescaped", formatted[:400])
check("\\u" not in formatted, "no \\u escapes for non-ASCII text")
check(formatted.startswith('{\n  "format": "admit.dossier/1",\n') and "\t" not in formatted,
      "two-space indent", formatted[:80])
again = run("fmt", write("formatted.json", text=formatted))
check(again.returncode == 0 and again.stdout == formatted, "fmt is idempotent", again.stdout[:200])


def nfc(x):
    if isinstance(x, dict):
        return {nfc(k): nfc(v) for k, v in x.items()}
    if isinstance(x, list):
        return [nfc(i) for i in x]
    return unicodedata.normalize("NFC", x) if isinstance(x, str) else x


check(doc == nfc(messy), "fmt keeps the data (only normalised)", "")

# -w rewrites in place, atomically, only when valid
w_path = write("w.json", messy, indent=4, ascii=True)
mode_before = os.stat(w_path).st_mode
os.chmod(w_path, 0o640)
r = run("fmt", "-w", w_path)
with open(w_path, encoding="utf-8") as f:
    rewritten = f.read()
check(r.returncode == 0 and r.stdout == "" and rewritten == formatted,
      "fmt -w rewrites the file with the normal form and prints nothing", r.stdout + r.stderr)
check(os.stat(w_path).st_mode & 0o777 == 0o640, "fmt -w keeps the file's permissions",
      oct(os.stat(w_path).st_mode))
check(not [n for n in os.listdir(tmp) if ".fmt-" in n], "no temporary file is left behind", os.listdir(tmp))

invalid_text = json.dumps(bad, indent=4)
inv_path = write("invalid.json", text=invalid_text)
r = run("fmt", "-w", inv_path)
with open(inv_path, encoding="utf-8") as f:
    after = f.read()
check(r.returncode == 2 and after == invalid_text, "fmt -w of an invalid dossier leaves it untouched, exit 2",
      r.returncode)
check("gendr" in r.stderr and "decision.authority" in r.stderr and r.stdout == "",
      "fmt of an invalid dossier reports every error on stderr", r.stderr)
r = run("fmt", broken)
check(r.returncode == 2 and ":3:" in r.stderr, "fmt of broken JSON: the syntax error, exit 2", r.stderr)
r = run("fmt", "-w", "-", stdin=json.dumps(admission))
check(r.returncode == 2, "fmt -w - is a usage error", r.stderr)
r = run("fmt", "-", stdin=json.dumps(admission))
from_file = run("fmt", "examples/admission-2023.json")
check(r.returncode == 0 and from_file.returncode == 0 and r.stdout == from_file.stdout,
      "fmt - reads standard input", r.stderr)
r = run("fmt", messy_path, messy_path)
check(r.returncode == 2, "fmt takes exactly one file", r.stderr)

tap.finish()
