"""End-to-end tests of `admit audit` (docs/audit.md).

Every input kind (JSON Lines with blank lines, standard input, folders,
SQLite) and their origins; invalid records as input_error lines; the counts
of summary.json checked against results.jsonl; the compact and --full forms;
byte-identical results for -j 1 and -j 2 and across runs; resuming after
SIGKILL and after a write error (a file size limit stands for a full disk)
byte for byte; refusal of a non-empty --out; permissions; progress on a
pseudo-terminal only; exit codes.

Prints "ok N - ..." / "not ok N - ..." lines and ends with "N passed, M failed".
Run from the repository root.
"""
import json
import os
import pty
import resource
import select
import signal
import sqlite3
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "lib"))
import tap  # tests/lib/tap.py: the ok/not ok lines and the summary tests/run.sh reads
from tap import check
from admit_e2e import scratch

ADMIT = os.environ.get("ADMIT", "./admit")
AS_OF = "2026-01-01"


def run(*args, stdin=None, **kw):
    return subprocess.run([ADMIT, "audit", "--as-of", AS_OF, *args], capture_output=True,
                          text=True, input=stdin, **kw)


def lines(out):
    with open(os.path.join(out, "results.jsonl"), encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def raw(out, name="results.jsonl"):
    with open(os.path.join(out, name), "rb") as f:
        return f.read()


def summary(out):
    with open(os.path.join(out, "summary.json"), encoding="utf-8") as f:
        return json.load(f)


def without_run(s):
    return {k: v for k, v in s.items() if k != "run"}


tmp = scratch("admit-audit-")
corpus = os.path.join(tmp, "corpus")
subprocess.run([sys.executable, "bench/gen_corpus.py", "--seed", "7", "40", corpus], check=True,
               capture_output=True)
docs = []
for name in sorted(os.listdir(corpus)):
    if name.endswith(".json"):
        with open(os.path.join(corpus, name), encoding="utf-8") as f:
            docs.append(json.load(f))
os.remove(os.path.join(corpus, "MANIFEST.tsv"))

# -- JSON Lines: origins, blank lines, invalid records ------------------------
jsonl = os.path.join(tmp, "d.jsonl")
bad_schema = dict(docs[1], candidate=dict(docs[1]["candidate"], birth_date="1990-02-30"))
with open(jsonl, "w", encoding="utf-8") as f:
    f.write(json.dumps(docs[0], ensure_ascii=False) + "\n")
    f.write("\n   \n")                                      # lines 2, 3: blank
    f.write('{"format": "admit.dossier/1", "id": \n')       # line 4: broken JSON
    f.write(json.dumps(bad_schema, ensure_ascii=False) + "\n")   # line 5: schema
    f.write(json.dumps(docs[2], ensure_ascii=False))        # line 6, no newline at the end
out = os.path.join(tmp, "o-jsonl")
r = run(jsonl, "--out", out, "-j", "2", "--lang", "en")
check(r.returncode == 0, "JSON Lines with invalid records: exit 0", r.stderr)
got = lines(out)
check([x["input"] for x in got] == [f"{jsonl}:1", f"{jsonl}:4", f"{jsonl}:5", f"{jsonl}:6"],
      "one line per record, origin FILE:LINE, blank lines skipped but counted",
      [x.get("input") for x in got])
check("input_error" in got[1] and got[1]["dossier"] is None and got[1]["input_error"]["path"] == "line 1, column 37",
      "broken JSON is an input_error line naming line and column", got[1])
check("input_error" in got[2] and got[2]["input_error"]["path"] == "candidate.birth_date" and
      "1990-02-30" in got[2]["input_error"]["message"],
      "a schema violation is an input_error line with its JSON path", got[2])
check(got[0]["dossier"] == docs[0]["id"] and got[3]["dossier"] == docs[2]["id"] and
      "verdict" in got[0], "valid records are evaluated in input order")
s = summary(out)
check(s["format"] == "admit.audit/1" and s["records"] == 4 and s["evaluated"] == 2 and
      s["input_errors"] == 2 and sum(s["verdicts"].values()) == 2 and s["inputs"] == [jsonl] and
      s["as_of"] == AS_OF, "summary counts: records = evaluated + input_errors", s)

# -- a line over the size limit ----------------------------------------------
big = os.path.join(tmp, "big.jsonl")
with open(big, "w", encoding="utf-8") as f:
    f.write('{"x": "' + "a" * (1024 * 1024 + 10) + '"}\n')
    f.write(json.dumps(docs[3], ensure_ascii=False) + "\n")
r = run(big, "--out", os.path.join(tmp, "o-big"))
got = lines(os.path.join(tmp, "o-big")) if r.returncode == 0 else []
check(r.returncode == 0 and len(got) == 2 and "input_error" in got[0] and
      got[1]["input"] == f"{big}:2", "a line over 1 MiB is an input_error, the next line is read",
      r.stderr + str([g.get("input_error") for g in got]))

# -- standard input -------------------------------------------------------------
r = run("-", "--out", os.path.join(tmp, "o-stdin"),
        stdin="".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs[:3]))
got = lines(os.path.join(tmp, "o-stdin")) if r.returncode == 0 else []
check([x.get("input") for x in got] == ["<stdin>:1", "<stdin>:2", "<stdin>:3"],
      "- reads JSON Lines from standard input", r.stderr)

# -- folders: recursive, byte order of the relative path ------------------------
tree = os.path.join(tmp, "tree")
for rel, doc in [("b/z.json", docs[0]), ("a.json", docs[1]), ("B.json", docs[2]),
                 ("b/a/c.json", docs[3]), ("b/notes.txt", None), ("b/a.json", docs[4])]:
    path = os.path.join(tree, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps(doc) if doc is not None else "not json")
with open(os.path.join(tree, "broken.json"), "w") as f:
    f.write("{")
r = run(tree, "--out", os.path.join(tmp, "o-tree"))
got = lines(os.path.join(tmp, "o-tree")) if r.returncode == 0 else []
order = ["B.json", "a.json", "b/a.json", "b/a/c.json", "b/z.json", "broken.json"]
check([x.get("input") for x in got] == [f"{tree}/{p}" for p in order],
      "a folder: every *.json below it in byte order of the relative path, origin FILE",
      [x.get("input") for x in got])
check("input_error" in got[-1] if got else False, "an invalid file of a folder is an input_error line")

# -- SQLite -----------------------------------------------------------------
db = os.path.join(tmp, "dossiers.db")
con = sqlite3.connect(db)
con.execute("CREATE TABLE dossiers(id TEXT PRIMARY KEY, json TEXT NOT NULL)")
con.executemany("INSERT INTO dossiers VALUES (?, ?)",
                [("k2", json.dumps(docs[5])), ("k1", json.dumps(docs[6])), ("k3", "[1, 2")])
con.commit()
con.close()
os.chmod(db, 0o400)
r = run(db, "--out", os.path.join(tmp, "o-db"))
got = lines(os.path.join(tmp, "o-db")) if r.returncode == 0 else []
check([x.get("input") for x in got] == [f"{db}#k1", f"{db}#k2", f"{db}#k3"] and
      got[0]["dossier"] == docs[6]["id"] and "input_error" in got[2],
      "SQLite: table dossiers in id order, origin DB#id, read-only file", r.stderr + str(got[:1]))
nodb = os.path.join(tmp, "other.db")
con = sqlite3.connect(nodb)
con.execute("CREATE TABLE t(x)")
con.commit()
con.close()
r = run(nodb, "--out", os.path.join(tmp, "o-nodb"))
check(r.returncode == 2 and "dossiers" in r.stderr, "a database without the table: exit 2", r.stderr)

# -- several inputs at once ------------------------------------------------
r = run(db, jsonl, tree, "--out", os.path.join(tmp, "o-all"))
got = lines(os.path.join(tmp, "o-all")) if r.returncode == 0 else []
check(len(got) == 3 + 4 + 6 and got[0]["input"] == f"{db}#k1" and got[3]["input"] == f"{jsonl}:1"
      and got[7]["input"] == f"{tree}/B.json", "several inputs: read one after the other",
      [x.get("input") for x in got])

# -- the summary against the lines, compact and --full ------------------------
full_out = os.path.join(tmp, "o-full")
r = run(corpus, "--out", full_out, "--full", "-j", "2")
full = lines(full_out) if r.returncode == 0 else []
s = summary(full_out) if r.returncode == 0 else {}
verdicts = {}
rules = {}
process = {}
for x in full:
    verdicts[x["verdict"]] = verdicts.get(x["verdict"], 0) + 1
    for e in x["results"]:
        rules.setdefault(e["rule"], {}).setdefault(e["status"], 0)
        rules[e["rule"]][e["status"]] += 1
        if e["severity"] == "process" and e["status"] == "fail":
            process[e["rule"]] = process.get(e["rule"], 0) + 1
check(len(full) == 40 and s.get("records") == 40 and
      {k: v for k, v in s["verdicts"].items() if v} == verdicts,
      "summary verdicts equal the verdicts of the lines", (s.get("verdicts"), verdicts))
check(all({k: v for k, v in s["rules"][rule].items() if v} == counts for rule, counts in rules.items())
      and set(s["rules"]) == set(rules), "summary rules: per rule, the statuses counted over the lines")
check(s.get("process_violations") == process, "process_violations: process-severity fails per rule",
      (s.get("process_violations"), process))
years = {}
committees = {}
for d, x in zip(docs, full):
    anchor = (d.get("branch_vote") or {}).get("date") if d["procedure"] == "admission" else \
        ((d.get("probation") or {}).get("branch_votes") or [{}])[0].get("date")
    year = (anchor or AS_OF)[:4]
    years[year] = years.get(year, 0) + 1
    for c in set(d["organisation"]["committee_path"]):
        committees[c] = committees.get(c, 0) + 1
check({y: sum(v.values()) for y, v in s["by_year"].items()} == years,
      "by_year: the year of each dossier's main anchor", (s.get("by_year"), years))
check({c: sum(v.values()) for c, v in s["by_committee"].items()} == committees,
      "by_committee: every committee of each committee_path", s.get("by_committee"))
check(sum(sum(v.values()) for v in s["by_edition"].values()) == 40 and s["quotas"] == [] and
      s["run"]["threads"] == 2, "by_edition counts every evaluated record once; quotas; run")
check(all("message" in e for x in full for e in x["results"]), "--full keeps every member")
compact_out = os.path.join(tmp, "o-compact")
r = run(corpus, "--out", compact_out, "-j", "2")
compact = lines(compact_out) if r.returncode == 0 else []
ok = len(compact) == len(full)
for c, f in zip(compact, full):
    for ce, fe in zip(c["results"], f["results"]):
        if fe["status"] in ("pass", "not_applicable"):
            ok = ok and set(ce) == {"rule", "status"}
        else:
            ok = ok and ce == fe
    ok = ok and {k: v for k, v in c.items() if k != "results"} == \
        {k: v for k, v in f.items() if k != "results"}
check(ok, "compact form: pass and not_applicable keep rule and status, the others everything")
check(without_run(summary(compact_out)) == without_run(s), "the summary does not depend on --full")
try:
    import jsonschema
    with open("schemas/result.schema.json", encoding="utf-8") as f:
        validator = jsonschema.Draft7Validator(json.load(f))
    errors = [f"{x.get('input')}: {e.message}" for x in compact + full + lines(os.path.join(tmp, "o-all"))
              for e in validator.iter_errors(x)]
    check(not errors, "every line (compact, --full, input errors) is valid against result.schema.json",
          errors[:5])
except ImportError:
    print("# python3-jsonschema is not installed: schema check of the lines skipped")

# -- determinism -----------------------------------------------------------
big_jsonl = os.path.join(tmp, "many.jsonl")
with open(big_jsonl, "w", encoding="utf-8") as f:
    for i in range(25):
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
TOTAL = 25 * len(docs)
ref = os.path.join(tmp, "o-j1")
r1 = run(big_jsonl, "--out", ref, "-j", "1")
r2 = run(big_jsonl, "--out", os.path.join(tmp, "o-j2"), "-j", "2")
r3 = run(big_jsonl, "--out", os.path.join(tmp, "o-j2b"), "--jobs=2")
check(r1.returncode == 0 and r2.returncode == 0 and r3.returncode == 0 and
      raw(ref) == raw(os.path.join(tmp, "o-j2")) == raw(os.path.join(tmp, "o-j2b")),
      "results.jsonl byte-identical for -j 1, -j 2 and a second run", r1.stderr + r2.stderr)
check(without_run(summary(ref)) == without_run(summary(os.path.join(tmp, "o-j2"))),
      "summary.json identical but for run")

# -- resume after SIGKILL ------------------------------------------------------
killed = os.path.join(tmp, "o-killed")
p = subprocess.Popen([ADMIT, "audit", "--as-of", AS_OF, big_jsonl, "--out", killed, "-j", "2"],
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
path = os.path.join(killed, "results.jsonl")
deadline = time.time() + 30
while time.time() < deadline and (not os.path.exists(path) or os.path.getsize(path) == 0):
    time.sleep(0.002)
p.send_signal(signal.SIGKILL)
p.wait()
before = raw(killed).count(b"\n")
check(0 < before < TOTAL, f"SIGKILL mid-run ({before} of {TOTAL} lines written)")
with open(path, "ab") as f:     # as if the kill had cut a line
    f.write(b'{"format":"admit.result/1","dossier":"half')
r = run(big_jsonl, "--out", killed, "-j", "2")
check(r.returncode == 2 and "--resume" in r.stderr, "a non-empty --out without --resume: exit 2",
      r.stderr)
r = run(big_jsonl, "--out", killed, "-j", "2", "--resume")
check(r.returncode == 0 and raw(killed) == raw(ref),
      "--resume after SIGKILL and a cut line: results.jsonl byte for byte", r.stderr)
check(without_run(summary(killed)) == without_run(summary(ref)),
      "--resume: the summary equals the uninterrupted run's")
r = run(jsonl, "--out", killed, "--resume")
check(r.returncode == 2 and "results.jsonl" in r.stderr,
      "--resume with other inputs: the kept lines do not match, exit 2", r.stderr)
r = run(jsonl, "--out", killed, "--force")
check(r.returncode == 0 and len(lines(killed)) == 4, "--force overwrites", r.stderr)

# -- write error (a file size limit stands for a full disk) -------------------
def limit_size():
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (150000, 150000))


full_disk = os.path.join(tmp, "o-fulldisk")
r = run(big_jsonl, "--out", full_disk, "-j", "2", preexec_fn=limit_size)
check(r.returncode == 3 and "results.jsonl" in r.stderr,
      "a write error stops the run with exit 3 and names the file", (r.returncode, r.stderr))
data = raw(full_disk)
check(len(data) <= 150000 and data.endswith(b"\n") and not os.path.exists(
    os.path.join(full_disk, "summary.json")), "after a write error: complete lines only, no summary")
r = run(big_jsonl, "--out", full_disk, "-j", "2", "--resume")
check(r.returncode == 0 and raw(full_disk) == raw(ref),
      "--resume after the write error: results.jsonl byte for byte", r.stderr)

# -- permissions ----------------------------------------------------------------
perm = os.path.join(tmp, "o-perm")
r = run(jsonl, "--out", perm, preexec_fn=lambda: os.umask(0))
modes = [oct(os.stat(os.path.join(perm, n)).st_mode & 0o777) for n in ("results.jsonl", "summary.json")]
check(r.returncode == 0 and os.stat(perm).st_mode & 0o777 == 0o700 and modes == ["0o600", "0o600"],
      "folder 0700 and files 0600 whatever the umask", modes)

# -- progress ---------------------------------------------------------------------
def in_pty(*args):
    master, slave = pty.openpty()
    p = subprocess.Popen([ADMIT, "audit", "--as-of", AS_OF, "--lang", "en", *args],
                         stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    seen = b""
    while True:
        ready, _, _ = select.select([master], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    p.wait()
    os.close(master)
    return p.returncode, seen.decode("utf-8", "replace")


rc, seen = in_pty(big_jsonl, "--out", os.path.join(tmp, "o-pty"), "-j", "2")
check(rc == 0 and f"{TOTAL} records" in seen and "/s" in seen and "\r" in seen,
      "progress on a terminal: records done, rate", repr(seen[-300:]))
rc, seen = in_pty(tree, "--out", os.path.join(tmp, "o-pty2"))
check(rc == 0 and "6/6 records" in seen, "progress of a folder: done of the total", repr(seen))
rc, seen = in_pty(big_jsonl, "--out", os.path.join(tmp, "o-pty3"), "--progress", "never")
check(rc == 0 and seen == "", "--progress never: nothing on a terminal", repr(seen))
r = run(big_jsonl, "--out", os.path.join(tmp, "o-pipe"))
check(r.returncode == 0 and r.stderr == "", "no progress when stderr is not a terminal", r.stderr)
r = run(jsonl, "--out", os.path.join(tmp, "o-pipe2"), "--progress=always", "--lang", "en")
check(r.returncode == 0 and "4 records" in r.stderr, "--progress always: progress into a pipe",
      r.stderr)

# -- usage errors ---------------------------------------------------------------
for args, what in [((jsonl,), "no --out"), (("--out", os.path.join(tmp, "u1")), "no input"),
                   ((jsonl, "--out", os.path.join(tmp, "u2"), "-j", "0"), "-j 0"),
                   ((jsonl, "--out", os.path.join(tmp, "u3"), "--progress", "sometimes"),
                    "bad --progress"),
                   ((os.path.join(tmp, "nothing.jsonl"), "--out", os.path.join(tmp, "u4")),
                    "a missing input"),
                   (("README.md", "--out", os.path.join(tmp, "u5")), "a file of no input kind"),
                   ((jsonl, "--out", os.path.join(tmp, "u6"), "--compare-profile", "x"),
                    "--compare-profile (profiles not built)"),
                   ((jsonl, "--out", os.path.join(tmp, "u7"), "--bogus"), "an unknown option"),
                   ((jsonl, "--out", jsonl), "--out naming a file")]:
    r = run(*args)
    check(r.returncode == 2 and r.stderr.startswith("admit: "), f"usage error, exit 2: {what}",
          (r.returncode, r.stderr))
r = subprocess.run([ADMIT, "audit", "--help"], capture_output=True, text=True)
check(r.returncode == 0 and "--resume" in r.stdout, "audit --help")

tap.finish()
