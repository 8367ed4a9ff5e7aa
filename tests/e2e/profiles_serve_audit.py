"""End-to-end: committee profiles in `admit serve` and `admit audit` (docs/profiles.md,
docs/serve.md, docs/audit.md).

serve: a dossier whose committee_path names a profile gets its chain without asking,
?profile= names one (an unknown one is 400 naming those there are), GET /v1/rules
?profile= gives the values it set, and SIGHUP reads the profile folders again.
audit: each record gets its own committee's chain, --compare-profile lists the
records a proposal decides otherwise (the same file after --resume), and an unknown
proposal is a usage error before any record.
Prints "ok N - ..." / "not ok N - ..." lines and ends with "N passed, M failed".
"""
import http.client
import json
import os
import signal
import subprocess
import sys
import threading

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "lib"))
import tap  # tests/lib/tap.py: the ok/not ok lines and the summary tests/run.sh reads
from tap import check
import admit_e2e
tap.detail_limit = 1500

ADMIT = os.environ.get("ADMIT", "./admit")
TMP = admit_e2e.scratch("admit-profiles-sa-")
CHAIN = ["central", "tinh-uy-mau", "dang-uy-so-mau"]


def dossier(path, committee_path, extra=None, ident=None):
    with open("examples/admission-2023.json", encoding="utf-8") as f:
        d = json.load(f)
    d["organisation"]["committee_path"] = committee_path
    if ident:
        d["id"] = ident
    d.update(extra or {})
    return d


SOMAU = dossier(None, ["tw", "tinh-uy-mau", "dang-uy-so-mau", "cb"],
                {"x_somau": {"titles": [{"title": "advanced_worker", "year": 2022}]}})
PLAIN = dossier(None, ["tw", "khac", "cb"])


class Server(admit_e2e.Server):
    """tests/lib/admit_e2e.py's server, and call() answering (status, JSON or bytes)."""

    def call(self, method, path, body=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        headers = {"Content-Type": "application/json"} if body is not None else {}
        conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
        r = conn.getresponse()
        data = r.read()
        conn.close()
        try:
            return r.status, json.loads(data)
        except ValueError:
            return r.status, data


# -- serve ---------------------------------------------------------------------
extra_dir = os.path.join(TMP, "extra")
os.makedirs(extra_dir)
server = Server("--threads", "2", "--profiles", extra_dir, start_timeout=120)
try:
    st, doc = server.call("POST", "/v1/check", SOMAU)
    check(st == 200 and doc.get("profile") == CHAIN,
          "POST /v1/check: the dossier's committee chooses its chain", (st, doc.get("profile") if isinstance(doc, dict) else doc))
    res = {x["rule"]: x for x in doc.get("results", [])} if isinstance(doc, dict) else {}
    check(res.get("somau.advanced_worker", {}).get("status") == "pass",
          "POST /v1/check: the agency's own rule ran", res.get("somau.advanced_worker"))
    expected = subprocess.run([ADMIT, "check", "--format", "json", "-"], input=json.dumps(SOMAU),
                              capture_output=True, text=True)
    check(st == 200 and json.loads(expected.stdout).get("ruleset") == doc.get("ruleset"),
          "POST /v1/check and admit check agree on the chain's ruleset digest",
          (expected.stdout[:200], doc.get("ruleset")))
    st, doc = server.call("POST", "/v1/check?profile=central", SOMAU)
    check(st == 200 and doc.get("profile") == ["central"] and "somau.advanced_worker" not in
          {x["rule"] for x in doc.get("results", [])}, "?profile=central: the central rulebook alone", doc.get("profile"))
    st, doc = server.call("POST", "/v1/check?profile=dang-uy-so-mau", PLAIN)
    check(st == 200 and doc.get("profile") == CHAIN, "?profile=ID applies that chain to any dossier", doc.get("profile"))
    st, doc = server.call("POST", "/v1/check?profile=nope", SOMAU)
    err = doc.get("error", {}) if isinstance(doc, dict) else {}
    check(st == 400 and "profile" in err.get("message", "") and "tinh-uy-mau" in err.get("message", ""),
          "?profile= unknown: 400 naming the profiles there are", (st, doc))
    st, doc = server.call("POST", "/v1/timeline?profile=dang-uy-so-mau", SOMAU)
    check(st == 200 and isinstance(doc, dict), "POST /v1/timeline?profile=ID answers", (st, str(doc)[:300]))
    st, doc = server.call("GET", "/v1/rules/train.awareness?profile=dang-uy-so-mau&date=2023-05-01")
    par = doc.get("rules", [{}])[0].get("params", [{}])[0] if st == 200 else {}
    check(par.get("value") == 36 and par.get("set_by") == "tinh-uy-mau" and doc.get("profile") == CHAIN,
          "GET /v1/rules/{id}?profile=: the value the province set, and the chain", (st, par))
    st, doc = server.call("GET", "/v1/rules/train.awareness?date=2023-05-01")
    par = doc.get("rules", [{}])[0].get("params", [{}])[0] if st == 200 else {}
    check(par.get("value") == 60 and doc.get("profile") == ["central"],
          "GET /v1/rules/{id} without a profile: central's value", (st, par))
    # SIGHUP reads the profile folders again: a new profile becomes available
    with open("rules/profiles/tinh-uy-mau.json", encoding="utf-8") as f:
        prof = json.load(f)
    prof.update({"id": "tinh-uy-moi", "params": {"awareness.validity_months": 24}})
    prof.pop("$comment", None)
    with open(os.path.join(extra_dir, "tinh-uy-moi.json"), "w", encoding="utf-8") as f:
        json.dump(prof, f)
    st, _ = server.call("POST", "/v1/check?profile=tinh-uy-moi", PLAIN)
    check(st == 400, "before SIGHUP, a profile added to the folder is unknown", st)
    n = len(server.lines)
    server.proc.send_signal(signal.SIGHUP)
    for _ in range(600):
        if any("rule set reloaded" in line or "does not load" in line for line in server.lines[n:]):
            break
        threading.Event().wait(0.1)
    st, doc = server.call("POST", "/v1/check?profile=tinh-uy-moi", PLAIN)
    check(st == 200 and doc.get("profile") == ["central", "tinh-uy-moi"],
          "after SIGHUP, the new profile is loaded", (st, str(doc)[:300], "".join(server.lines[n:])))
    # a loosening profile makes SIGHUP keep the old rules
    prof.update({"id": "tinh-uy-long", "params": {"awareness.validity_months": 120}})
    with open(os.path.join(extra_dir, "tinh-uy-long.json"), "w", encoding="utf-8") as f:
        json.dump(prof, f)
    n = len(server.lines)
    server.proc.send_signal(signal.SIGHUP)
    for _ in range(600):
        if any("does not load" in line or "rule set reloaded" in line for line in server.lines[n:]):
            break
        threading.Event().wait(0.1)
    st, doc = server.call("POST", "/v1/check?profile=tinh-uy-moi", PLAIN)
    check(st == 200 and any("tinh-uy-long" in line for line in server.lines[n:]),
          "SIGHUP with a loosening profile: the violation is logged and the old rules still answer",
          (st, "".join(server.lines[n:])))
finally:
    check(server.stop() == 0, "admit serve exits 0 on SIGTERM")

# -- audit -----------------------------------------------------------------------
inp = os.path.join(TMP, "in.jsonl")
with open(inp, "w", encoding="utf-8") as f:
    for i in range(6):
        d = dossier(None, SOMAU["organisation"]["committee_path"] if i % 2 == 0 else PLAIN["organisation"]["committee_path"],
                    {"x_somau": SOMAU["x_somau"]} if i % 2 == 0 else None, ident=f"HS-{i}")
        f.write(json.dumps(d, ensure_ascii=False) + "\n")


def audit(out, *args):
    return subprocess.run([ADMIT, "audit", inp, "--out", out, "--as-of", "2023-09-23", *args],
                          capture_output=True, text=True)


out = os.path.join(TMP, "a1")
r = audit(out, "-j", "2", "--compare-profile", "dang-uy-so-mau")
check(r.returncode == 0, "audit --compare-profile runs", r.stderr)
lines = [json.loads(x) for x in open(os.path.join(out, "results.jsonl"), encoding="utf-8")]
check([x.get("profile") for x in lines] == [CHAIN if i % 2 == 0 else ["central"] for i in range(6)],
      "audit: each record gets its own committee's chain", [x.get("profile") for x in lines])
compare = [json.loads(x) for x in open(os.path.join(out, "compare.jsonl"), encoding="utf-8")]
summary = json.load(open(os.path.join(out, "summary.json"), encoding="utf-8"))
# the odd records lack x_somau: under the agency's rules they miss the advanced-worker title
check([c["dossier"] for c in compare] == ["HS-1", "HS-3", "HS-5"] and
      all(c["rules"].get("somau.advanced_worker", [None, None])[0] is None for c in compare),
      "compare.jsonl lists, in input order, the records the proposal decides otherwise, with the rules that differ",
      compare[:2])
check(all(c["verdict"] == lines[i * 2 + 1]["verdict"] and c["proposed_verdict"] != c["verdict"] for i, c in enumerate(compare)),
      "compare.jsonl: the verdict as selected is that of results.jsonl", compare[:1])
cmp = summary.get("compare", {})
check(cmp.get("profile") == "dang-uy-so-mau" and cmp.get("flipped") == 3 and
      cmp.get("by_rule", {}).get("somau.advanced_worker") == 3,
      "summary.json: compare {profile, flipped, by_rule}", cmp)
check(oct(os.stat(os.path.join(out, "compare.jsonl")).st_mode & 0o777) == "0o600", "compare.jsonl is 0600")
# --resume after an interruption: the same compare.jsonl
out2 = os.path.join(TMP, "a2")
r = audit(out2, "-j", "1", "--compare-profile", "dang-uy-so-mau")
with open(os.path.join(out2, "results.jsonl"), "r+", encoding="utf-8") as f:
    keep = f.readlines()[:3]
    f.seek(0)
    f.truncate()
    f.writelines(keep)
os.unlink(os.path.join(out2, "compare.jsonl"))
r = audit(out2, "-j", "2", "--compare-profile", "dang-uy-so-mau", "--resume")
same = r.returncode == 0 and open(os.path.join(out2, "compare.jsonl"), "rb").read() == \
    open(os.path.join(out, "compare.jsonl"), "rb").read()
check(same, "--resume: compare.jsonl equals that of an uninterrupted run", r.stderr)
r = audit(os.path.join(TMP, "a3"), "--compare-profile", "nope")
check(r.returncode == 2 and "nope" in r.stderr and not os.path.exists(os.path.join(TMP, "a3", "results.jsonl")) or
      (r.returncode == 2 and os.path.getsize(os.path.join(TMP, "a3", "results.jsonl")) == 0),
      "an unknown --compare-profile is a usage error before any record", r.stderr)
r = audit(os.path.join(TMP, "a4"), "--profile", "central")
lines = [json.loads(x) for x in open(os.path.join(TMP, "a4", "results.jsonl"), encoding="utf-8")]
check(r.returncode == 0 and all(x.get("profile") == ["central"] for x in lines),
      "audit --profile central: every record under the central rulebook", r.stderr)

tap.finish()
