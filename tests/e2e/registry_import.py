#!/usr/bin/python3
"""tests/e2e/registry_import.py - `admit registry import FILE.csv --registry DB`
end to end (docs/registry.md, "Importing from a spreadsheet").

A good file is imported (into a new registry and into one made by
`admit registry init`) and then used by `admit check --registry`; every kind
of bad row is refused with its exact file:line:column, and the registry is
then byte for byte what it was (or, when the import would have created it,
absent).  Also: a UTF-8 byte order mark, CRLF line ends, quoted fields,
Vietnamese names (NFC kept, NFD made NFC), a period the registry already
holds, a locked registry, a file that is not a registry.

The binary under test is $ADMIT (default ./admit).  Uses only the standard
library.  Ends with "N passed, M failed"; exits 1 when anything failed.
"""
import atexit
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ADMIT = os.path.abspath(os.environ.get("ADMIT") or os.path.join(ROOT, "admit"))
EXAMPLE_CSV = os.path.join(ROOT, "examples", "registry-members.csv")
DOSSIER = os.path.join(ROOT, "examples", "admission-2023.json")
HEADER = "member_id,national_id,full_name,admitted_on,official_since,left_on,left_reason\n"

passed = 0
failed = 0


def check(ok, name, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print("ok - " + name)
    else:
        failed += 1
        print("not ok - " + name)
        for line in str(detail).splitlines()[:12]:
            print("    # " + line)


def admit(*args):
    env = dict(os.environ, NO_COLOR="1")
    env.pop("ADMIT_LANG", None)
    p = subprocess.run([ADMIT, *args], capture_output=True, text=True, env=env, timeout=60)
    return p.returncode, p.stdout, p.stderr


def write(path, text, encoding="utf-8", newline="\n"):
    data = text.replace("\n", newline).encode(encoding) if isinstance(text, str) else text
    with open(path, "wb") as f:
        f.write(data)


def rows(db):
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT * FROM memberships ORDER BY member_id, admitted_on").fetchall()
    finally:
        con.close()


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def intro_registry_status(out):
    try:
        result = json.loads(out)
    except ValueError:
        return "no JSON"
    return next((r["status"] for r in result["results"] if r["rule"] == "intro.registry"), "absent")


def main():
    tmp = tempfile.mkdtemp(prefix="admit-import-")
    atexit.register(shutil.rmtree, tmp, True)   # the test leaves nothing in /tmp

    # -- a good file into a new registry, then used by admit check ----------
    db = os.path.join(tmp, "members.db")
    rc, out, err = admit("registry", "import", EXAMPLE_CSV, "--registry", db, "--lang", "en")
    check(rc == 0 and "Created the registry" in out and "imported 7 rows" in out,
          "example file imported into a new registry", out + err)
    check("Columns ignored: note" in out, "the extra column is named as ignored", out)
    check(os.path.exists(db) and (os.stat(db).st_mode & 0o777) == 0o600,
          "the new registry is readable by its owner only", oct(os.stat(db).st_mode) if os.path.exists(db) else "absent")
    got = rows(db)
    check(len(got) == 7, "7 periods in the registry", got)
    check(("DV-0023456", "001090000002", "Phạm Thị Lan", "2022-08-01", None, None, None) in got,
          "empty fields are NULL, names intact", got)
    check(("DV-0078901", "031088000007", "Bùi Văn Giang", "2008-06-01", "2009-06-01", "2012-03-15", "other") in got,
          "a quoted name and a full period", got)
    rc, out, err = admit("check", "--registry", db, "--format", "json", DOSSIER)
    check(rc == 0 and intro_registry_status(out) == "pass",
          "admit check --registry uses the imported registry (introducer official)", err)

    # the introducer probationary in another import: the rule fails
    db2 = os.path.join(tmp, "probation.db")
    write(os.path.join(tmp, "probation.csv"), HEADER + "DV-0012345,001080000001,Trần Văn Bình,2022-08-01,,,\n")
    rc, out, err = admit("registry", "import", os.path.join(tmp, "probation.csv"), "--registry", db2)
    check(rc == 0, "second registry imported", err)
    rc, out, err = admit("check", "--registry", db2, "--format", "json", DOSSIER)
    check(rc == 1 and intro_registry_status(out) == "fail",
          "the imported data decides intro.registry (probationary introducer fails)", out[-500:] + err)

    # -- into a registry made by init; BOM, CRLF, quotes, names ----------------
    db3 = os.path.join(tmp, "init.db")
    rc, out, err = admit("registry", "init", db3)
    check(rc == 0, "admit registry init", err)
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Ánh")
    text = ("\ufeff" + "Full_Name,member_id,national_id,admitted_on,official_since,left_on,left_reason\n"
            + '"Đỗ Thị Mai",DV-1,001082000006,2009-09-02,2010-09-02,2023-02-25,asked_to_leave\n'
            + '"Lê, Văn ""Cường""",DV-2,,2022-03-01,2023-03-01,,\n'
            + nfd + ",DV-3,123456789,2015-01-01,,,\n")
    csv = os.path.join(tmp, "excel.csv")
    write(csv, text, newline="\r\n")
    rc, out, err = admit("registry", "import", csv, "--registry", db3, "--lang", "en")
    check(rc == 0 and "Imported 3 rows" in out, "BOM, CRLF, any column order, into an init registry", out + err)
    got = rows(db3)
    names = sorted(r[2] for r in got)
    check(names == sorted(["Đỗ Thị Mai", 'Lê, Văn "Cường"', unicodedata.normalize("NFC", nfd)]),
          "quoted names read whole; names stored in NFC", names)
    check(all(unicodedata.is_normalized("NFC", n) for n in names) and
          any(n.encode() == "Nguyễn Thị Ánh".encode() for n in names),
          "a name written decomposed (NFD) is stored composed (NFC)", [n.encode() for n in names])
    check(("DV-3", "123456789") == got[2][:2], "old 9-digit identity number kept", got)

    # the same file again: every period is already there
    before = digest(db3)
    rc, out, err = admit("registry", "import", csv, "--registry", db3, "--lang", "en")
    check(rc == 2 and "excel.csv:2:14: member_id: DV-1 with admitted_on 2009-09-02 is already in the registry" in err,
          "a period the registry holds refuses the file, with its line and column", err)
    check(digest(db3) == before and len(rows(db3)) == 3, "registry unchanged after that refusal")
    # a new period first, then one the registry holds: the new one is rolled back
    partial = os.path.join(tmp, "partial.csv")
    write(partial, HEADER + "DV-4,,Mới,2020-01-01,,,\n" + "DV-2,,Lê Văn Cường,2022-03-01,,,\n")
    rc, out, err = admit("registry", "import", partial, "--registry", db3, "--lang", "en")
    check(rc == 2 and "partial.csv:3:1: member_id: DV-2 with admitted_on 2022-03-01 is already in the registry" in err,
          "a held period after a new one refuses the file", err)
    check(digest(db3) == before and len(rows(db3)) == 3, "the new period before it was rolled back")

    # -- every kind of bad row: exact position, nothing written ----------------
    good = "DV-10,001080000010,Trần Văn An,2012-05-19,2013-05-19,,\n"
    bad_cases = [
        ("dd/mm/yyyy date", HEADER + good + "DV-11,,Bình,19/05/2012,,,\n",
         '3:13: admitted_on: "19/05/2012" is not a date YYYY-MM-DD; write it as 2012-05-19'),
        ("a day that does not exist", HEADER + good + "DV-11,,Bình,2012-05-19,2013-02-29,,\n",
         '3:24: official_since: "2013-02-29" is not a real date'),
        ("national_id without its leading zero", HEADER + "DV-11,1080000010,Bình,2012-05-19,,,\n",
         '2:7: national_id: "1080000010" has 10 digits, 12 expected'),
        ("national_id of letters", HEADER + "DV-11,CMND-123,Bình,2012-05-19,,,\n",
         '2:7: national_id: "CMND-123" is not an identity number'),
        ("misspelt left_reason", HEADER + good + "DV-11,,Bình,2005-01-10,2006-01-10,2020-06-30,remove\n",
         '3:46: left_reason: "remove" is not a known reason; did you mean removed?'),
        ("official_since before admitted_on", HEADER + good + good.replace("10", "11").replace("2013-05-19", "2011-05-19"),
         "3:43: official_since: 2011-05-19 is before the admission date admitted_on 2012-05-19"),
        ("left_on before admitted_on", HEADER + "DV-11,,Bình,2012-05-19,,2012-01-01,expelled\n",
         "2:25: left_on: 2012-01-01 is before the admission date admitted_on 2012-05-19"),
        ("the same period twice", HEADER + good + "DV-12,,Cúc,2012-05-19,,,\n" + good,
         "4:1: member_id: DV-10 with admitted_on 2012-05-19 is already on line 2"),
        ("an empty required field", HEADER + good + "DV-11,,,2012-05-19,,,\n",
         "3:8: full_name: empty"),
        ("a missing column", "member_id,national_id,full_name,admitted_on,official_since,left_on\n" + good,
         "1:1: the header lacks the columns: left_reason"),
        ("a misspelt column", HEADER.replace("official_since", "oficial_since") + good,
         '1:45: the column "oficial_since" is not a registry column; did you mean official_since?'),
        ("a row too short", HEADER + good + "DV-11,,Bình,2012-05-19\n",
         "3:1: this row has 4 fields, the header has 7"),
        ("a quote never closed", HEADER + good + 'DV-11,,"Bình,2012-05-19,,,\n',
         "3:8: the quoted field starting here is never closed"),
        ("a stray quote", HEADER + good + 'DV-11,,Bình "Bé",2012-05-19,,,\n',
         '3:13: a quote (") out of place'),
    ]
    for name, text, expected in bad_cases:
        for existing in (True, False):
            target = os.path.join(tmp, "bad-%d.db" % existing)
            if os.path.exists(target):
                os.unlink(target)
            if existing:
                admit("registry", "import", EXAMPLE_CSV, "--registry", target)
                before = digest(target)
            path = os.path.join(tmp, "bad.csv")
            write(path, text)
            rc, out, err = admit("registry", "import", path, "--registry", target, "--lang", "en")
            where = "existing registry" if existing else "new registry"
            check(rc == 2 and (path + ":" + expected) in err and "nothing was written" in err,
                  "%s refused at %s (%s)" % (name, expected.split(": ")[0], where), err)
            if existing:
                check(digest(target) == before and len(rows(target)) == 7,
                      "%s: the registry is unchanged" % name)
            else:
                check(not os.path.exists(target), "%s: no registry created" % name)

    # -- a large file: read in one pass (a bad last row found quickly) -----------
    import time
    big = os.path.join(tmp, "big.csv")
    lines = [HEADER.rstrip("\n")] + ["DV-%06d,%012d,Người Thứ %d,2012-05-19,2013-05-19,," % (i, i, i)
                                      for i in range(30000)]
    lines.append("DV-X,,Cuối,2012-13-01,,,")
    write(big, "\n".join(lines) + "\n")
    started = time.monotonic()
    rc, out, err = admit("registry", "import", big, "--registry", os.path.join(tmp, "big.db"), "--lang", "en")
    elapsed = time.monotonic() - started
    check(rc == 2 and big + ":30002:12: admitted_on" in err and elapsed < 30,
          "30000 rows read in %.1f s, the bad last row found at its line" % elapsed, err)
    write(big, "\n".join(lines[:-1]) + "\n")
    rc, out, err = admit("registry", "import", big, "--registry", os.path.join(tmp, "big.db"), "--lang", "en")
    check(rc == 0 and len(rows(os.path.join(tmp, "big.db"))) == 30000, "30000 rows imported", err)

    # -- encodings ---------------------------------------------------------------
    target = os.path.join(tmp, "enc.db")
    path = os.path.join(tmp, "enc.csv")
    write(path, (HEADER + "DV-11,,Trần,2012-05-19,,,\n").encode("utf-8").replace("Trần".encode(), b"Tr\xe2n"))
    rc, out, err = admit("registry", "import", path, "--registry", target, "--lang", "en")
    check(rc == 2 and path + ":2:10: the text is not UTF-8" in err and not os.path.exists(target),
          "a Windows-1258 byte refused at its line and column", err)
    write(path, HEADER + "DV-11,,Trần,2012-05-19,,,\n", encoding="utf-16")
    rc, out, err = admit("registry", "import", path, "--registry", target, "--lang", "en")
    check(rc == 2 and "encoded in UTF-16" in err, "UTF-16 refused with a clear message", err)

    # -- Vietnamese messages -------------------------------------------------------
    write(path, HEADER + "DV-11,,Bình,19/05/2012,,,\n")
    rc, out, err = admit("registry", "import", path, "--registry", target)
    check(rc == 2 and path + ':2:13: admitted_on: "19/05/2012" không phải ngày dạng YYYY-MM-DD; hãy viết 2012-05-19' in err
          and "chưa ghi gì" in err, "messages in Vietnamese by default", err)

    # -- the registry itself -------------------------------------------------------
    rc, out, err = admit("registry", "import", EXAMPLE_CSV)
    check(rc == 2 and "--registry" in err, "no --registry: usage error", err)
    notdb = os.path.join(tmp, "notes.txt")
    write(notdb, "not a database, just some text\n" * 10)
    before = digest(notdb)
    rc, out, err = admit("registry", "import", EXAMPLE_CSV, "--registry", notdb, "--lang", "en")
    check(rc == 2 and "is not a SQLite database" in err and digest(notdb) == before,
          "a file that is not a registry is refused and left alone", err)
    rc, out, err = admit("registry", "import", EXAMPLE_CSV, "--registry", tmp, "--lang", "en")
    check(rc == 2 and "not a regular file" in err, "a directory as registry is refused", err)

    # a registry another program is writing: locked, waited for, refused
    locked = os.path.join(tmp, "locked.db")
    admit("registry", "init", locked)
    before = digest(locked)
    holder = sqlite3.connect(locked, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    rc, out, err = admit("registry", "import", EXAMPLE_CSV, "--registry", locked, "--lang", "en")
    holder.execute("ROLLBACK")
    holder.close()
    check(rc == 2 and "is locked by another program" in err and digest(locked) == before,
          "a locked registry is refused, nothing written", err)

    print("%d passed, %d failed" % (passed, failed))
    subprocess.run(["rm", "-rf", tmp])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
