"""End-to-end: `admit init admission|recognition [--stage STEP] [-o FILE]`.

For every procedure and stage (and without --stage):
  - the output is JSON with "$schema" naming the schema file in use, the
    procedure, and exactly the sections of the steps up to the stage;
  - as printed, the skeleton is refused (exit 2) at a placeholder: nothing
    unfilled can pass for evidence;
  - filled in with the values of an example dossier at the same paths (null
    where the example has none) it is a valid dossier: python-jsonschema
    accepts it and `admit check` evaluates it (exit 0 or 1, a result);
  - with only the required fields filled and every other placeholder null,
    it is valid too (the skeleton's structure is the schema's).
Then: -o writes the same text and never overwrites, usage errors exit 2, the
9-digit identity card number (CMND) is accepted where the 12-digit CCCD is.
Prints "ok N - ..." / "not ok N - ..." lines and ends with "N passed, M failed".
"""
import copy
import json
import os
import subprocess
import sys
import tempfile

import jsonschema

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "lib"))
import tap  # tests/lib/tap.py: the ok/not ok lines and the summary tests/run.sh reads
from tap import check as report
tap.detail_limit = None

ADMIT = os.environ.get("ADMIT", "./admit")
SCHEMA_PATH = "schemas/dossier.schema.json"
EXAMPLES = {"admission": "examples/admission-2023.json",
            "recognition": "examples/recognition-2024.json"}
STEPS = {
    "admission": [
        ("preparation", ["as_of", "awareness_course", "application", "personal_history",
                         "verification", "introducers", "union_introduction", "mentors",
                         "opinions", "assessments", "opinion_summary", "approvals"]),
        ("branch_vote", ["branch_vote"]),
        ("grassroots_vote", ["partial_committee", "grassroots_vote"]),
        ("decision", ["decision"]),
        ("ceremony", ["ceremony"]),
    ],
    "recognition": [
        ("probation", ["as_of", "mentors", "decision", "ceremony",
                       "probation.newmember_certificate", "probation.self_review",
                       "probation.mentor_assessment", "probation.opinion_summary",
                       "probation.discipline"]),
        ("branch_vote", ["probation.branch_votes"]),
        ("grassroots_vote", ["probation.grassroots_vote"]),
        ("decision", ["probation.decision"]),
    ],
}
ALWAYS = ["$schema", "format", "id", "procedure", "organisation", "candidate"]
PLACEHOLDER_TEXTS = {"", "YYYY-MM-DD", "true | false", "0, 1, 2, …", "0–10"}


def run(*args, stdin=None, lang=None):
    env = dict(os.environ)
    env.pop("ADMIT_LANG", None)
    if lang:
        env["ADMIT_LANG"] = lang
    return subprocess.run([ADMIT, *args], capture_output=True, text=True, input=stdin, env=env)


def expected_fields(procedure, stage):
    """The sections (top-level keys and probation.* keys) a skeleton at stage has."""
    names = [name for name, _ in STEPS[procedure]]
    last = names.index(stage) if stage else len(names) - 1
    fields = set(ALWAYS)
    for name, sections in STEPS[procedure][:last + 1]:
        fields.update(f for f in sections if f != "as_of" or last == 0)
    if any(f.startswith("probation.") for f in fields):
        fields.add("probation")
    return fields


def fields_of(doc):
    fields = set(doc)
    fields.update("probation." + k for k in (doc.get("probation") or {}))
    return fields


def fill(skeleton, example):
    """The skeleton with every placeholder replaced by the example's value, or null."""
    if isinstance(skeleton, dict):
        out = {}
        for key, value in skeleton.items():
            if key in ("$schema", "format", "procedure"):
                out[key] = value
            elif isinstance(example, dict) and key in example:
                out[key] = fill(value, example[key])
            else:
                out[key] = fill(value, None)
        return out
    if isinstance(skeleton, list):
        # the sample item shows the shape; the example's items are the content
        return copy.deepcopy(example) if isinstance(example, list) else []
    return copy.deepcopy(example)


def minimal(skeleton):
    """Only the required fields filled, every other placeholder null, arrays empty."""
    doc = fill(skeleton, None)
    doc["id"] = "HS-MINIMAL"
    doc["candidate"]["full_name"] = "Nguyễn Văn A"
    doc["candidate"]["birth_date"] = "1995-03-02"
    return doc


def placeholders(node, path=""):
    """The paths of the placeholder values left in a skeleton."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in ("$schema", "format", "procedure"):
                yield from placeholders(value, f"{path}.{key}" if path else key)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from placeholders(value, f"{path}[{i}]")
    else:
        yield path, node


def check_valid(doc, description):
    """python-jsonschema accepts doc and the engine evaluates it."""
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    report(not errors, f"{description}: valid for python-jsonschema",
           "\n".join(f"{'.'.join(map(str, e.path))}: {e.message}" for e in errors[:5]))
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False)
    checked = run("check", "--format", "json", f.name)
    os.unlink(f.name)
    ok = checked.returncode in (0, 1)
    try:
        result = json.loads(checked.stdout)
        ok = ok and result.get("format") == "admit.result/1" and result.get("verdict") != "error"
    except json.JSONDecodeError:
        ok = False
    report(ok, f"{description}: admit check evaluates it (exit 0 or 1, no error)",
           f"exit {checked.returncode}: {checked.stderr.strip()[:400]}")


with open(SCHEMA_PATH, encoding="utf-8") as f:
    validator = jsonschema.Draft7Validator(json.load(f),
                                           format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
schema_real = os.path.realpath(SCHEMA_PATH)

for procedure, steps in STEPS.items():
    with open(EXAMPLES[procedure], encoding="utf-8") as f:
        example = json.load(f)
    for stage in [None] + [name for name, _ in steps]:
        label = f"{procedure} --stage {stage}" if stage else f"{procedure} (no --stage)"
        args = ["init", procedure] + (["--stage", stage] if stage else [])
        out = run(*args)
        report(out.returncode == 0, f"{label}: exit 0", out.stderr)
        try:
            skeleton = json.loads(out.stdout)
        except json.JSONDecodeError as e:
            report(False, f"{label}: the output is JSON", f"{e}: {out.stdout[:200]}")
            continue
        report(True, f"{label}: the output is JSON")
        want, got = expected_fields(procedure, stage), fields_of(skeleton)
        report(got == want, f"{label}: the sections of the steps up to the stage",
               f"missing {sorted(want - got)}, extra {sorted(got - want)}")
        report(skeleton.get("procedure") == procedure and
               skeleton.get("format") == "admit.dossier/1",
               f"{label}: format and procedure set")
        uri = skeleton.get("$schema", "")
        report(uri.startswith("file://") and
               os.path.realpath(uri[len("file://"):]) == schema_real,
               f"{label}: $schema names the schema in use", uri)
        left = list(placeholders(skeleton))
        unknown = [(p, v) for p, v in left
                   if not (v in PLACEHOLDER_TEXTS or (isinstance(v, str) and " | " in v))]
        report(left and not unknown, f"{label}: every other value is a placeholder",
               unknown[:5])

        checked = run("check", "-", stdin=out.stdout, lang="en")
        said = checked.stdout + checked.stderr   # input errors: the report, or stderr
        report(checked.returncode == 2 and "id: \"\" is too short" in said,
               f"{label}: as printed it is refused at a placeholder (exit 2)",
               f"exit {checked.returncode}: {said[:300]}")

        filled = fill(skeleton, example)
        check_valid(filled, f"{label}: filled in from {EXAMPLES[procedure]}")
        check_valid(minimal(skeleton), f"{label}: required fields only, the rest null")

# The 9-digit identity card number (CMND) is accepted where the 12-digit CCCD is.
with open(EXAMPLES["admission"], encoding="utf-8") as f:
    example = json.load(f)
skeleton = json.loads(run("init", "admission", "--stage", "preparation").stdout)
for number, valid in (("381234567", True), ("001096000123", True), ("3812345678", False),
                      ("38123456", False), ("38123456x", False)):
    doc = fill(skeleton, example)
    doc["candidate"]["national_id"] = number
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False)
    checked = run("check", f.name, lang="en")
    os.unlink(f.name)
    engine_ok = checked.returncode in (0, 1)
    report(engine_ok == valid and validator.is_valid(doc) == valid,
           f"national_id {number!r}: {'accepted' if valid else 'refused'} by the engine and python",
           f"exit {checked.returncode}: {checked.stderr[:300]}")
    if not valid:
        said = " ".join((checked.stdout + checked.stderr).split())   # unwrapped
        report("candidate.national_id" in said and ("9 digits (old identity card number)" in said
               or "too short: at least 9" in said),
               f"national_id {number!r}: the error names candidate.national_id", said)

# -o FILE: the same text, written once, never overwritten.
with tempfile.TemporaryDirectory() as tmp:
    target = os.path.join(tmp, "hồ sơ.json")
    written = run("init", "recognition", "--stage", "probation", "-o", target)
    report(written.returncode == 0 and os.path.exists(target), "-o FILE: exit 0, file written",
           written.stderr)
    printed = run("init", "recognition", "--stage", "probation").stdout
    with open(target, encoding="utf-8") as f:
        report(f.read() == printed, "-o FILE: the same text as printed")
    report(target in written.stderr and "docs/dossier.md" in written.stderr,
           "-o FILE: says where it wrote and where the guide is", written.stderr)
    with open(target, "w", encoding="utf-8") as f:
        f.write("keep")
    again = run("init", "admission", "--output", target, lang="en")
    with open(target, encoding="utf-8") as f:
        kept = f.read() == "keep"
    report(again.returncode == 2 and kept and "cannot write" in again.stderr,
           "-o FILE: an existing file is not overwritten (exit 2)", again.stderr)

# An installed layout (PREFIX/bin/admit, PREFIX/share/admit/{rules,schemas}): $schema names the
# installed schema; a schema whose x-steps or x-labels is broken is refused (exit 3).
def installed(prefix, schema_text):
    os.makedirs(os.path.join(prefix, "bin"))
    share = os.path.join(prefix, "share", "admit")
    os.makedirs(os.path.join(share, "schemas"))
    os.symlink(os.path.abspath("rules"), os.path.join(share, "rules"))
    with open(os.path.join(share, "schemas", "dossier.schema.json"), "w", encoding="utf-8") as f:
        f.write(schema_text)
    binary = os.path.join(prefix, "bin", "admit")
    with open(ADMIT, "rb") as src, open(binary, "wb") as dst:
        dst.write(src.read())
    os.chmod(binary, 0o755)
    return binary, os.path.join(share, "schemas", "dossier.schema.json")


with open(SCHEMA_PATH, encoding="utf-8") as f:
    schema_text = f.read()
with tempfile.TemporaryDirectory() as tmp:
    binary, installed_schema = installed(os.path.join(tmp, "prefix dir"), schema_text)
    out = subprocess.run([binary, "init", "admission"], capture_output=True, text=True)
    doc = json.loads(out.stdout) if out.returncode == 0 else {}
    report(doc.get("$schema") == "file://" + os.path.realpath(installed_schema).replace(" ", "%20"),
           "installed: $schema is the installed schema's file URI (a space escaped)",
           f"{doc.get('$schema')} {out.stderr}")

    broken = json.loads(schema_text)
    broken["x-steps"]["admission"][1]["sections"].append("branch_votes")
    binary, _ = installed(os.path.join(tmp, "steps"), json.dumps(broken, ensure_ascii=False))
    out = subprocess.run([binary, "init", "admission"], capture_output=True, text=True,
                         env=dict(os.environ, ADMIT_LANG="en"))
    report(out.returncode == 3 and "x-steps.admission[1]" in out.stderr and out.stdout == "",
           "a schema whose x-steps names an unknown section: exit 3, the step named", out.stderr)

    broken = json.loads(schema_text)
    del broken["properties"]["candidate"]["properties"]["gender"]["x-labels"]["female"]
    binary, _ = installed(os.path.join(tmp, "labels"), json.dumps(broken, ensure_ascii=False))
    out = subprocess.run([binary, "check", "--plugins", "none", EXAMPLES["admission"]],
                         capture_output=True, text=True, env=dict(os.environ, ADMIT_LANG="en"))
    report(out.returncode == 3 and "/properties/candidate/properties/gender" in out.stderr and
           '"female" has no name' in out.stderr,
           "a schema value without its names stops the rulebook (exit 3), naming where",
           out.stderr)

# Usage errors name what is allowed.
cases = [
    (["init"], "exactly one procedure"),
    (["init", "admision"], 'did you mean "admission"'),
    (["init", "recognition", "--stage", "ceremony"],
     "the steps: probation, branch_vote, grassroots_vote, decision"),
    (["init", "admission", "--stage", "brnch_vote"], 'did you mean "branch_vote"'),
    (["init", "admission", "--stage"], "needs a value"),
    (["init", "admission", "--bogus"], "unknown option"),
    (["init", "admission", "recognition"], "exactly one procedure"),
]
for args, message in cases:
    out = run(*args, lang="en")
    report(out.returncode == 2 and message in out.stderr and out.stdout == "",
           f"admit {' '.join(args)}: exit 2, \"{message}\"", f"exit {out.returncode}: {out.stderr}")
out = run("init", "admission", "--stage", "brnch_vote")
report(out.returncode == 2 and "không có bước" in out.stderr,
       "the usage error is in Vietnamese by default", out.stderr)

for lang, words in (("vi", ["--stage BƯỚC", "docs/dossier.md", "preparation"]),
                    ("en", ["--stage STEP", "docs/dossier.md", "grassroots_vote"])):
    out = run("init", "--help", "--lang", lang)
    report(out.returncode == 0 and all(w in out.stdout for w in words),
           f"admit init --help ({lang}) names the stages and the guide", out.stdout[:300])
out = run("--help")
report("init admission|recognition" in out.stdout, "admit --help lists init")

tap.finish()
