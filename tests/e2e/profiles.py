"""End-to-end tests of committee profiles (docs/profiles.md): the shipped
examples, the no-loosening checks, selection, provenance, the digest and the
extension schemas.

Prints "ok N - ..." / "not ok N - ..." lines and ends with "N passed, M failed".
"""
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "lib"))
import tap  # tests/lib/tap.py: the ok/not ok lines and the summary tests/run.sh reads
from tap import check
from admit_e2e import scratch

ADMIT = os.environ.get("ADMIT", "./admit")
TMP = scratch("admit-profiles-")


def run(*args, env=None):
    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run([ADMIT, *args], capture_output=True, text=True, env=e)


def write(path, content):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        if isinstance(content, str):
            f.write(content)
        else:
            json.dump(content, f, ensure_ascii=False, indent=2)


def folder(name, profiles, files=None):
    """A --profiles folder holding `profiles` (id -> dict) and other files."""
    d = os.path.join(TMP, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    for pid, p in profiles.items():
        base = {"format": "admit.profile/1", "id": pid, "extends": "central",
                "title": {"vi": "Thử " + pid, "en": "Test " + pid}}
        base.update(p)
        write(os.path.join(d, pid + ".json"), base)
    for rel, content in (files or {}).items():
        write(os.path.join(d, rel), content)
    return d


def dossier(name, path, occupation=None, extra=None):
    with open("examples/admission-2023.json", encoding="utf-8") as f:
        d = json.load(f)
    d["organisation"]["committee_path"] = path
    if occupation:
        d["candidate"]["occupation"] = occupation
    d.update(extra or {})
    p = os.path.join(TMP, name)
    write(p, d)
    return p


def results(stdout):
    r = json.loads(stdout)
    return {x["rule"]: x for x in r["results"]}, r


# -- the shipped examples -------------------------------------------------
for pid, own in [("tinh-uy-mau", []), ("dang-uy-dai-hoc-mau", ["daihoc.discipline", "daihoc.study_results"]),
                 ("dang-uy-so-mau", ["somau.advanced_worker"])]:
    r = run("rules", "list", "--profile", pid, "--format", "json")
    check(r.returncode == 0, f"shipped profile {pid} loads", r.stderr)
    if r.returncode == 0:
        ids = [x["id"] for x in json.loads(r.stdout)["rules"]]
        with open("rules/catalog.json", encoding="utf-8") as f:
            catalog = [x["id"] for x in json.load(f)["rules"]]
        check(ids[:len(catalog)] == catalog and ids[len(catalog):] == own,
              f"rules list --profile {pid}: the catalog, then its own rules {own}", ids[-4:])

r = run("rules", "list", "--profile", "nope")
check(r.returncode == 2 and "nope" in r.stderr and "tinh-uy-mau" in r.stderr,
      "an unknown --profile is a usage error naming the profiles there are", r.stderr)

# -- provenance ------------------------------------------------------------
r = run("rules", "show", "train.awareness", "--profile", "dang-uy-so-mau", "--date", "2023-05-01",
        "--format", "json")
doc = json.loads(r.stdout) if r.returncode == 0 else {}
par = doc.get("rules", [{}])[0].get("params", [{}])[0] if doc else {}
check(par.get("value") == 36 and par.get("set_by") == "tinh-uy-mau" and "05-HD/TU" in par.get("set_by_source", ""),
      "rules show: the shortened validity, set by the province, with its source", par)
check(doc.get("profile") == ["central", "tinh-uy-mau", "dang-uy-so-mau"], "rules show names the chain", doc.get("profile"))
r = run("rules", "show", "train.awareness", "--date", "2023-05-01", "--format", "json")
par = json.loads(r.stdout)["rules"][0]["params"][0]
check(par["value"] == 60 and par["set_by"] == "central", "without the profile: central's 60 months", par)
r = run("rules", "show", "somau.advanced_worker", "--profile", "dang-uy-so-mau", "--date", "2023-05-01", "--lang", "en")
check(r.returncode == 0 and "added by: dang-uy-so-mau" in r.stdout and "01-KH/ĐU" in r.stdout,
      "rules show (text) names the profile that added a rule and its citation", r.stdout + r.stderr)

# -- selection and results ---------------------------------------------------
so = dossier("somau.json", ["tw", "tinh-uy-mau", "dang-uy-so-mau", "cb"],
             extra={"x_somau": {"titles": [{"title": "advanced_worker", "year": 2022}]}})
r = run("check", so, "--format", "json")
res, full = results(r.stdout) if r.stdout.startswith("{") else ({}, {})
check(full.get("profile") == ["central", "tinh-uy-mau", "dang-uy-so-mau"],
      "the deepest committee of committee_path with a profile is chosen", full.get("profile"))
check(res.get("somau.advanced_worker", {}).get("status") == "pass", "the agency's own rule passes", res.get("somau.advanced_worker"))
check(res.get("train.awareness", {}).get("facts", {}).get("validity_months") == 36,
      "the province's 36 months reach the central rule", res.get("train.awareness"))
r2 = run("check", so, "--format", "json", "--profile", "central")
res2, full2 = results(r2.stdout)
check(full2["profile"] == ["central"] and "somau.advanced_worker" not in res2,
      "--profile central forces the central rulebook alone", full2["profile"])
check(full["ruleset"] != full2["ruleset"], "the digest differs with the chain applied")

old = dossier("somau-old.json", ["tw", "tinh-uy-mau", "dang-uy-so-mau"], extra={})
with open(old, encoding="utf-8") as f:
    d = json.load(f)
r = run("check", so, "--format", "json", "--as-of", "2019-06-01")
# The main anchor of this dossier is its admission date, not --as-of: selection follows it.
check(r.returncode in (0, 1) and json.loads(r.stdout)["profile"][-1] == "dang-uy-so-mau",
      "selection follows the dossier's main anchor", r.stderr)

nt = dossier("somau-none.json", ["tw", "tinh-uy-mau", "dang-uy-so-mau"])
r = run("check", nt, "--format", "json")
res, full = results(r.stdout)
check(r.returncode == 1 and res["somau.advanced_worker"]["status"] == "missing",
      "without x_somau the agency's rule says what is missing (exit 1)", res.get("somau.advanced_worker"))

dh = dossier("daihoc.json", ["tw", "tinh-uy-mau", "dang-uy-dai-hoc-mau"], occupation="student",
             extra={"x_daihoc": {"terms": [{"term": "HK1", "grade": "kha"}, {"term": "HK2", "grade": "trung_binh"}],
                                 "discipline": {"checked_on": "2023-04-01", "measures": []}}})
r = run("check", dh, "--format", "json")
res, full = results(r.stdout)
check(res["daihoc.study_results"]["status"] == "fail" and res["daihoc.discipline"]["status"] == "pass",
      "university: a term below 'khá' fails, no discipline passes", [res.get("daihoc.study_results"), res.get("daihoc.discipline")])
bad = dossier("daihoc-bad.json", ["tw", "tinh-uy-mau", "dang-uy-dai-hoc-mau"], occupation="student",
              extra={"x_daihoc": {"terms": [{"term": "HK1", "grade": "A+"}]}})
r = run("check", bad, "--lang", "en")
check(r.returncode == 2 and "x_daihoc.terms[0].grade" in r.stdout + r.stderr,
      "the extension schema is validated when the profile applies (exit 2 with the path)", r.stdout + r.stderr)
r = run("check", bad, "--profile", "central", "--format", "json")
check(r.returncode in (0, 1), "under central the x_ key is ignored", r.stderr)

# timeline: the dossier's committee chooses too (a second ruleset beside central's)
r = run("timeline", so, "--format", "json")
check(r.returncode == 0 and r.stdout.startswith("{"), "timeline under the profile a dossier selects", r.stderr)
r = run("timeline", bad, "--lang", "en")
check(r.returncode == 2 and "x_daihoc.terms[0].grade" in r.stderr, "timeline validates the extension schema", r.stderr)

# -- no loosening ----------------------------------------------------------
d = folder("loose", {
    "lo": {"params": {"age.min_months": 204, "vote.fraction": {"num": 6666, "den": 10000},
                      "probation.months": 6, "no.such": 1, "awareness.validity_months": 72},
           "disable": [{"rule": "age.min", "reason": "x"}]},
    "child": {"extends": "tinh-uy-mau", "params": {"mentor.report_every_months": 6}},
    "orphan": {"extends": "nobody"},
    "cy-a": {"extends": "cy-b"}, "cy-b": {"extends": "cy-a"},
    "keys": {"colour": "red"},
    "kid": {"extends": "dang-uy-so-mau", "disable": [{"rule": "somau.advanced_worker", "reason": "thử"}]},
    "wrongname": {"id": "other-name"},
})
r = run("rules", "list", "--profiles", d, "--lang", "en")
lines = r.stderr.strip().splitlines()
expect = [
    ("lo.json: params.age.min_months: 204 loosens central's 216", "age up"),
    ("lo.json: params.vote.fraction: 6666/10000 loosens central's 2/3", "fraction compared exactly"),
    ("lo.json: params.probation.months: fixed by central", "— parameters are fixed"),
    ("lo.json: params.no.such: no such parameter", "unknown parameter"),
    ("lo.json: params.awareness.validity_months: 72 loosens central's 60", "down"),
    ("lo.json: disable[0].rule: age.min is a central rule", "central rules never disabled"),
    ("child.json: params.mentor.report_every_months: 6 loosens tinh-uy-mau's 3", "a descendant only tightens a value an ancestor set"),
    ("orphan.json: extends: no parent profile \"nobody\"", "missing parent"),
    ("cy-a.json: extends:", "cycle"),
    ("keys.json: colour: unknown key", "unknown key"),
    ("kid.json: disable[0].rule: somau.advanced_worker is mandatory in dang-uy-so-mau", "mandatory kept"),
    ("wrongname.json: id:", "id equals the file name"),
]
check(r.returncode == 3, "a loosening load exits 3", r.returncode)
for text, what in expect:
    found = [l for l in lines if text in l]
    check(len(found) >= 1, f"no loosening reported: {what}", r.stderr)
check(r.stdout == "", "nothing is listed when profiles do not load", r.stdout[:200])
r = run("rules", "list", "--profiles", d)
check(r.returncode == 3 and "nới lỏng giá trị 216 của central" in r.stderr, "the same in Vietnamese", r.stderr[:500])
# vote.fraction 3333/5000 vs 2/3: 9999 < 10000, refused; 4/6 equals 2/3 exactly: accepted
ok = folder("exact", {"eq": {"params": {"vote.fraction": {"num": 4, "den": 6}, "age.min_months": 216}}})
r = run("rules", "list", "--profiles", ok, "--profile", "eq")
check(r.returncode == 0, "an equal value (4/6 = 2/3, 216) is accepted", r.stderr)
# in_force: a profile in force only before 2016 meets edition 2011 only
period = folder("period", {"old": {"in_force": {"from": "2012-01-01", "until": "2015-12-31"},
                                   "params": {"docs.freshness_months": 6}}})
r = run("rules", "list", "--profiles", period, "--profile", "old")
check(r.returncode == 0, "a value for a parameter unset in the profile's period is any value", r.stderr)

# checks that need the rules run: namespace, not-inherited disable, bad rule file, messages
ns = folder("ns", {"nsp": {"rules": ["nsp/r.lua"], "messages": ["nsp/m.json"]}}, {
    "nsp/r.lua": 'rule { id = "age.sneaky", severity = "eligibility", procedures = {"admission"}, '
             'codes = {"ok"}, cite = "x", check = function(d, ctx) return ctx.pass({}) end }\n',
    "nsp/m.json": {"nsp.x.ok": {"vi": "a", "en": "b"}}})
r = run("rules", "list", "--profiles", ns, "--profile", "nsp", "--lang", "en")
check(r.returncode == 3 and "nsp" in r.stderr and "age.sneaky" in r.stderr,
      "a rule id outside the profile's namespace is refused", r.stderr)
msg = folder("msg", {"msp": {"messages": ["msp/m.json"]}}, {"msp/m.json": {"msp.r.ok": {"vi": "chỉ tiếng Việt"}, "age.min.ok": {"vi": "a", "en": "b"}}})
r = run("rules", "list", "--profiles", msg, "--lang", "en")
check(r.returncode == 3 and "msp.r.ok" in r.stderr and "age.min.ok" in r.stderr,
      "a message without en, and a code outside the namespace, are refused (both reported)", r.stderr)
brk = folder("brk", {"brp": {"rules": ["brp/r.lua"]}}, {"brp/r.lua": "rule { id = \n"})
r = run("rules", "list", "--profiles", brk, "--profile", "brp", "--lang", "en")
check(r.returncode == 3 and "r.lua" in r.stderr, "a rule file that does not load is refused naming it", r.stderr)
dup = folder("dup", {"tinh-uy-mau": {}})
r = run("rules", "list", "--profiles", dup, "--lang", "en")
check(r.returncode == 3 and "tinh-uy-mau" in r.stderr and "also the id" in r.stderr,
      "two files with one id are a load error", r.stderr)
notinh = folder("notinh", {"ni": {"disable": [{"rule": "somau.advanced_worker", "reason": "x"}]}})
r = run("rules", "list", "--profiles", notinh, "--lang", "en")
check(r.returncode == 3 and "not a rule of an ancestor" in r.stderr, "a rule not inherited cannot be disabled", r.stderr)

# disabling an inherited, non-mandatory rule: gone from the results, listed with who and why
dis = folder("dis", {"uni2": {"extends": "dang-uy-dai-hoc-mau", "committee": "uni2",
                              "source": "QĐ 9 của ĐU",
                              "disable": [{"rule": "daihoc.discipline", "reason": "Đã xét ở cấp khoa"}]}})
r = run("rules", "show", "--profiles", dis, "--profile", "uni2", "--format", "json", "--date", "2023-01-01")
doc = json.loads(r.stdout) if r.returncode == 0 else {}
ids = [x["id"] for x in doc.get("rules", [])]
check("daihoc.discipline" not in ids and "daihoc.study_results" in ids, "a disabled rule is not run", r.stderr)
check(doc.get("disabled") == [{"rule": "daihoc.discipline", "origin": "dang-uy-dai-hoc-mau", "disabled_by": "uni2",
                                "reason": "Đã xét ở cấp khoa", "source": "QĐ 9 của ĐU"}],
      "rules show lists it with who disabled it and why", doc.get("disabled"))

# -- digest covers the chain's files ----------------------------------------------
cp = os.path.join(TMP, "copy")
shutil.rmtree(cp, ignore_errors=True)
shutil.copytree("rules/profiles", cp)
os.rename(os.path.join(cp, "dang-uy-so-mau.json"), os.path.join(cp, "so-khac.json"))
with open(os.path.join(cp, "so-khac.json"), encoding="utf-8") as f:
    p = json.load(f)
p["id"] = p["committee"] = "so-khac"
p["namespace"] = "sokhac"
p["mandatory"] = ["sokhac.advanced_worker"]
write(os.path.join(cp, "so-khac.json"), p)
for n in ("advanced_worker.lua", "messages.json"):
    with open(os.path.join(cp, "somau", n), encoding="utf-8") as f:
        t = f.read().replace("somau", "sokhac")
    write(os.path.join(cp, "somau", n), t)
for n in os.listdir(cp):
    if n != "so-khac.json" and n.endswith(".json"):
        os.remove(os.path.join(cp, n))
shutil.rmtree(os.path.join(cp, "daihoc"))
def digest_of():
    r = run("rules", "list", "--profiles", cp, "--profile", "so-khac", "--format", "json")
    return json.loads(r.stdout)["ruleset"] if r.returncode == 0 else r.stderr
d1 = digest_of()
with open(os.path.join(cp, "somau", "advanced_worker.lua"), "a", encoding="utf-8") as f:
    f.write("-- a comment changes the digest\n")
d2 = digest_of()
with open(os.path.join(cp, "somau", "messages.json"), encoding="utf-8") as f:
    m = json.load(f)
m["sokhac.advanced_worker.ok"]["en"] += "!"
write(os.path.join(cp, "somau", "messages.json"), m)
d3 = digest_of()
check(d1.startswith("sha256:") and len({d1, d2, d3}) == 3,
      "the digest covers the profile's rule and message files", [d1, d2, d3])

# -- a profile rule cannot tamper with the central helpers ---------------------
tamper_lua = """
local names = {"authority", "deadlines", "evidence", "population", "probation", "sources", "votes", "dates"}
local tampered = 0
local function spoil(t, depth)
  if depth > 3 then return end
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  for _, k in ipairs(keys) do
    local v = t[k]
    if type(v) == "table" then spoil(v, depth + 1) end
    if pcall(function() t[k] = function() error("tampered") end end) then tampered = tampered + 1 end
  end
  pcall(function() t.injected = true end)
end
for _, n in ipairs(names) do
  local ok, m = pcall(require, n)
  if ok and type(m) == "table" then spoil(m, 0) end
end
-- by name too, whether or not the modules can be walked
local attempts = 0
for n, f in pairs({evidence = "find", deadlines = "judge", authority = "judge", sources = "guidance_at"}) do
  local ok, m = pcall(require, n)
  if ok and type(m) == "table" then
    attempts = attempts + 1
    pcall(function() m[f] = function() error("tampered") end end)
  end
end
pcall(function() string.format = function() return "x" end end)
assert(attempts == 4, "the profile's rule reaches the helpers")
"""
tamper_lua += """rule { id = "evil.noop", severity = "advisory", procedures = {"admission"}, codes = {"ok"},
       cite = "x", check = function(d, ctx) return ctx.pass({}) end }
"""
ev = folder("evil", {"evil": {"committee": "evil-committee", "rules": ["evil/evil.lua"], "messages": ["evil/m.json"]}},
            {"evil/evil.lua": tamper_lua, "evil/m.json": {"evil.noop.ok": {"vi": "được", "en": "ok"}}})
examples = [os.path.join("examples", n) for n in sorted(os.listdir("examples")) if n.endswith(".json")]
for ex in examples:
    a = run("check", ex, "--format", "json", "--profile", "central")
    b = run("check", ex, "--format", "json", "--profiles", ev, "--profile", "evil")
    if not a.stdout.startswith("{") or not b.stdout.startswith("{"):
        check(False, f"tamper test runs on {ex}", a.stderr + b.stderr)
        continue
    ra, _ = results(a.stdout)
    rb, _ = results(b.stdout)
    diff = [k for k in ra if json.dumps(ra[k], sort_keys=True) != json.dumps(rb.get(k), sort_keys=True)]
    check(diff == [] and a.returncode == b.returncode,
          f"a profile tampering with rules/lib changes no central result ({os.path.basename(ex)})", diff)

# -- the configuration file ---------------------------------------------------
cfg = os.path.join(TMP, "config.json")
write(cfg, {"profiles": [dis], "profile": "uni2", "lang": "en"})
env = {"ADMIT_CONFIG": cfg}
r = run("rules", "show", "--format", "json", "--date", "2023-01-01", env=env)
doc = json.loads(r.stdout) if r.returncode == 0 else {}
check(doc.get("profile") == ["central", "tinh-uy-mau", "dang-uy-dai-hoc-mau", "uni2"],
      "ADMIT_CONFIG sets profiles and profile", r.stderr)
r = run("rules", "show", "--format", "json", "--profile", "central", "--date", "2023-01-01", env=env)
check(json.loads(r.stdout)["profile"] == ["central"], "the command line overrides the configuration file", r.stderr)
r = run("rules", "show", "nothing-here", env=env)
check(r.returncode == 2 and "no rule" in r.stderr, "lang from the configuration file", r.stderr)
r = run("rules", "show", "nothing-here", "--lang", "vi", env=env)
check("không có quy tắc" in r.stderr, "--lang overrides the configuration file's lang", r.stderr)
r = run("version", env=env)
check(r.returncode == 0 and cfg in r.stdout, "admit version names the configuration file it read", r.stdout)
write(cfg, {"profiles": "not-a-list"})
r = run("rules", "list", env=env, )
check(r.returncode == 2 and cfg in r.stderr and "profiles" in r.stderr, "a wrong type is a usage error naming the file and key", r.stderr)
write(cfg, {"colour": "red"})
r = run("rules", "list", env=env)
check(r.returncode == 2 and cfg in r.stderr and "colour" in r.stderr, "an unknown key is a usage error", r.stderr)
write(cfg, {"require_signed": True, "profiles": [dis]})
r = run("rules", "list", "--lang", "en", env=env)
check(r.returncode == 3 and "not a signed and verified pack" in r.stderr, "require_signed from the configuration file", r.stderr)
xdg = os.path.join(TMP, "xdg")
write(os.path.join(xdg, "admit", "config.json"), {"profile": "tinh-uy-mau"})
r = run("rules", "show", "--format", "json", "--date", "2023-01-01", env={"XDG_CONFIG_HOME": xdg})
check(r.returncode == 0 and json.loads(r.stdout)["profile"] == ["central", "tinh-uy-mau"],
      "$XDG_CONFIG_HOME/admit/config.json is read", r.stderr)

tap.finish()
