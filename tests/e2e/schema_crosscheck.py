#!/usr/bin/python3
"""Cross-check the engine's dossier validation against python-jsonschema.

Every example dossier in examples/*.json, and a list of variants generated from
them (each one a single change: unknown keys at several depths, x_ keys,
wrong enum values, impossible or malformed dates, wrong types, negative counts,
too many items, missing required keys, null where allowed and where not...),
is judged three ways:

  - expected: what spec/dossier.md says (written beside each variant below);
  - python:   jsonschema.Draft7Validator on schemas/dossier.schema.json with
              the draft-7 format checker;
  - engine:   `$ADMIT check --format json FILE`: exit code 2 means the engine
              refused the input as invalid, 0, 1 or 3 that it accepted it.

A case passes when all three agree.  Output is TAP-like (`ok N - ...`,
`not ok N - ...`) and ends with `N passed, M failed`; the exit status is 1 if
any case failed.

Usage: tests/e2e/schema_crosscheck.py [--python-only]
  ADMIT   the engine binary (default ./admit)
  --python-only  check python against the expectations only (no engine)
Run from the repository root.  Every variant keeps the main anchor date
(branch_vote.date) after 2011-11-01, so that the engine's "no edition covers"
refusal cannot be mistaken for a schema refusal.
"""

import copy
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

import jsonschema

SCHEMA = "schemas/dossier.schema.json"
ADMISSION = "examples/admission-2023.json"
RECOGNITION = "examples/recognition-2024.json"

VALID, INVALID = True, False
DELETE = object()  # a value for set_path: remove the key


def parse_path(path):
    """'introducers[0].signed_on' -> ['introducers', 0, 'signed_on']."""
    steps = []
    for part in re.finditer(r"([^.\[\]]+)|\[(\d+)\]", path):
        steps.append(part.group(1) if part.group(1) is not None else int(part.group(2)))
    return steps


def set_path(doc, path, value):
    """A copy of doc with the value at path replaced, added, or deleted."""
    doc = copy.deepcopy(doc)
    steps = parse_path(path)
    node = doc
    for step in steps[:-1]:
        node = node[step]
    if value is DELETE:
        del node[steps[-1]]
    else:
        node[steps[-1]] = value
    return doc


def variants(admission, recognition):
    """(description, document or raw JSON text, expected validity)."""
    a, r = admission, recognition
    out = []

    def case(desc, doc, expected):
        out.append((desc, doc, expected))

    def change(desc, path, value, expected, base=a):
        out.append((desc, set_path(base, path, value), expected))

    # unknown keys, at every depth, and x_ keys there
    for where in ["", "candidate", "candidate.education", "organisation.branch",
                  "introducers[0]", "mentors[0].reports[0]", "branch_vote", "decision",
                  "verification.persons[1]"]:
        prefix = where + "." if where else ""
        change("unknown key at %s" % (where or "the root"), prefix + "nickname", "x", INVALID)
        change("x_ key at %s" % (where or "the root"), prefix + "x_local", {"any": [1, None]}, VALID)
    change("unknown key in probation.branch_votes[0]", "probation.branch_votes[0].quorum", 8,
           INVALID, base=r)
    change("x_ key in probation.branch_votes[0]", "probation.branch_votes[0].x_quorum", 8,
           VALID, base=r)
    change("unknown key in probation", "probation.notes", "x", INVALID, base=r)
    change("key X_upper (x_ is lowercase)", "X_upper", 1, INVALID)
    change("key xlocal (no underscore)", "xlocal", 1, INVALID)
    change("key _x_ (does not start with x_)", "_x_", 1, INVALID)
    change("a misspelt evidence key", "candidate.birthdate", "1996-08-14", INVALID)

    # enumerations
    change("procedure not in the enum", "procedure", "admit", INVALID)
    change("gender not in the enum", "candidate.gender", "other", INVALID)
    change("mentor report rating not in the enum", "mentors[0].reports[0].rating", "excellent", INVALID)
    change("competent_body \"other\" (only decision.authority has it)",
           "organisation.competent_body", "other", INVALID)
    change("decision.authority \"other\"", "decision.authority", "other", VALID)
    change("vote method not in the enum", "branch_vote.method", "acclamation", INVALID)
    change("residence area not in the enum", "candidate.residence.areas", ["hardship", "desert"], INVALID)
    change("residence areas in the enum", "candidate.residence.areas", ["border", "island"], VALID)
    change("recognition vote outcome not in the enum", "probation.branch_votes[0].outcome", "accept",
           INVALID, base=r)
    change("recognition vote outcome remove", "probation.branch_votes[0].outcome", "remove", VALID, base=r)
    change("enum value in another case", "procedure", "Admission", INVALID)
    change("format of another version", "format", "admit.dossier/2", INVALID)

    # dates
    change("impossible date 1996-02-30", "candidate.birth_date", "1996-02-30", INVALID)
    change("impossible date 2023-02-29 in an array item", "introducers[0].signed_on", "2023-02-29", INVALID)
    change("leap day 2024-02-29", "awareness_course.issued_on", "2024-02-29", VALID)
    change("impossible month 13", "application.letter_date", "2023-13-01", INVALID)
    change("day 00", "application.letter_date", "2023-02-00", INVALID)
    change("year 0000", "application.letter_date", "0000-02-10", INVALID)
    change("date 9999-12-31", "awareness_course.issued_on", "9999-12-31", VALID)
    for shape in ["14/08/1996", "1996-8-14", "19960814", "1996-W33-3", "1996-227",
                  "1996-08-14T00:00:00", "1996-08-14 ", " 1996-08-14", "1996-08-14\n",
                  "\uff11\uff19\uff19\uff16-08-14", "", "1996-08"]:
        change("date of the wrong shape %s" % json.dumps(shape), "candidate.birth_date", shape, INVALID)
    change("date as a number", "candidate.birth_date", 19960814, INVALID)
    change("as_of set", "as_of", "2023-06-01", VALID)
    change("as_of impossible", "as_of", "2023-06-31", INVALID)

    # types
    change("id as a number", "id", 5, INVALID)
    change("count as a string", "branch_vote.official_members", "14", INVALID)
    change("count as a boolean", "branch_vote.official_members", True, INVALID)
    change("count 14.5", "branch_vote.official_members", 14.5, INVALID)
    change("count 14.0 (an integer in draft-07)", "branch_vote.official_members", 14.0, VALID)
    change("flag as a string", "organisation.branch.grassroots", "false", INVALID)
    change("flag as a number", "application.handwritten", 1, INVALID)
    change("committee_path as a string", "organisation.committee_path", "tw", INVALID)
    change("introducers as an object", "introducers", {"member_id": "DV-1"}, INVALID)
    change("score as a string", "assessments[3].score", "8.5", INVALID)
    change("branch_vote as a string", "branch_vote", "passed", INVALID)
    change("branch_vote as an array", "branch_vote", [], INVALID)
    change("organisation as an array", "organisation", [], INVALID)
    change("full_name as a number", "candidate.full_name", 5, INVALID)
    change("x_ key of any type", "x_n", [1, "a", None, {"b": True}], VALID)
    case("the dossier is an array", "[]", INVALID)
    case("the dossier is a string", "\"admit.dossier/1\"", INVALID)

    # counts and numbers
    change("negative count", "branch_vote.excluded", -1, INVALID)
    change("negative extension_working_days", "decision.extension_working_days", -3, INVALID)
    change("negative count in a recognition vote", "probation.branch_votes[0].present", -1, INVALID, base=r)
    change("count 0", "branch_vote.excluded", 0, VALID)
    change("large count", "branch_vote.official_members", 100000, VALID)
    change("score 10.5", "assessments[3].score", 10.5, INVALID)
    change("score -0.5", "assessments[3].score", -0.5, INVALID)
    change("score 0", "assessments[3].score", 0, VALID)
    change("score 10", "assessments[3].score", 10, VALID)

    # array sizes
    change("array of 1000 items", "candidate.residence.areas", ["hardship"] * 1000, VALID)
    change("array of 1001 items", "candidate.residence.areas", ["hardship"] * 1001, INVALID)
    change("array of 1001 objects", "opinions", [a["opinions"][0]] * 1001, INVALID)
    change("empty array", "introducers", [], VALID)

    # required keys
    for key in ["format", "id", "procedure", "organisation", "candidate",
                "candidate.full_name", "candidate.birth_date"]:
        change("missing required key %s" % key, key, DELETE, INVALID)
    for key in ["awareness_course", "introducers", "branch_vote", "probation",
                "candidate.gender", "candidate.religion", "organisation.branch",
                "branch_vote.date", "introducers[0].signed_on", "mentors[0].reports"]:
        change("absent optional key %s" % key, key, DELETE, VALID)
    change("empty organisation", "organisation", {}, VALID)

    # strings
    change("national_id of 11 digits", "candidate.national_id", "08719600123", INVALID)
    change("national_id of 12 digits", "candidate.national_id", "087196001234", VALID)
    change("national_id of 13 digits", "candidate.national_id", "0871960012345", INVALID)
    change("national_id with a letter", "candidate.national_id", "08719600123A", INVALID)
    change("national_id with a trailing newline", "candidate.national_id", "087196001234\n", INVALID)
    change("national_id as a number", "candidate.national_id", 87196001234, INVALID)
    change("citizenship lowercase", "candidate.citizenship", "vn", INVALID)
    change("citizenship of 3 letters", "candidate.citizenship", "VNM", INVALID)
    change("citizenship with a trailing newline", "candidate.citizenship", "VN\n", INVALID)
    change("id of 128 characters", "id", "D" * 128, VALID)
    change("id of 129 characters", "id", "D" * 129, INVALID)
    change("empty id", "id", "", INVALID)
    change("empty branch name", "organisation.branch.name", "", INVALID)
    change("name of 256 Vietnamese characters (768 bytes)", "candidate.full_name", "\u1ec5" * 256, VALID)
    change("name of 257 Vietnamese characters", "candidate.full_name", "\u1ec5" * 257, INVALID)
    change("name with astral characters", "candidate.full_name", "\U0001F600" * 256, VALID)
    change("note of 257 characters", "assessments[2].note", "n" * 257, INVALID)

    # null where allowed and where not
    for key in ["as_of", "awareness_course", "candidate.gender", "candidate.national_id",
                "candidate.religion", "candidate.education", "candidate.education.diploma",
                "branch_vote", "decision", "introducers", "introducers[0].signed_on",
                "branch_vote.method", "branch_vote.date", "assessments[3].score",
                "organisation.branch", "organisation.committee_path", "mentors[0].reports",
                "opinions[0].political_ideology", "decision.authority", "ceremony.mentor_id",
                "candidate.previous_membership"]:
        change("null where allowed: %s" % key, key, None, VALID)
    change("null where allowed: probation.decision", "probation.decision", None, VALID, base=r)
    change("null where allowed: probation.branch_votes[0].outcome",
           "probation.branch_votes[0].outcome", None, VALID, base=r)
    for key in ["format", "id", "procedure", "organisation", "candidate",
                "candidate.full_name", "candidate.birth_date"]:
        change("null where not allowed: %s" % key, key, None, INVALID)
    change("null item in committee_path", "organisation.committee_path", ["tw", None], INVALID)
    change("null item in introducers", "introducers", [None], INVALID)
    change("null item in probation.branch_votes", "probation.branch_votes", [None], INVALID, base=r)

    # whole optional sections
    change("re-admission section", "candidate.previous_membership",
           {"left_on": "2015-03-01", "reason": "abandoned_activities",
            "conviction": {"corruption": False, "severity": "less_serious", "expunged_on": "2016-01-01"},
            "readmitted_before": False, "population_policy_repeat": False}, VALID)
    change("re-admission section with an unknown key", "candidate.previous_membership",
           {"left_on": "2015-03-01", "conviction": {"corruption": False, "sentence": "1y"}}, INVALID)
    change("empty probation in an admission", "probation", {}, VALID)
    change("partial committee appraisal", "partial_committee", {"appraised_on": "2023-05-15"}, VALID)
    change("children", "candidate.children",
           [{"birth_date": "2020-01-01", "policy_exempt": False}, {"birth_date": None}], VALID)
    change("discipline", "probation.discipline", [{"form": "warning", "date": "2024-01-10"}], VALID, base=r)
    change("discipline form not in the enum", "probation.discipline", [{"form": "expulsion"}], INVALID,
           base=r)
    return out


def engine_verdict(admit, path):
    """True when the engine accepted the file, False when it refused it, else an error text."""
    try:
        proc = subprocess.run([admit, "check", "--format", "json", path],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return "cannot run %s: %s" % (admit, exc)
    if proc.returncode == 2:
        return False
    if proc.returncode in (0, 1, 3):
        return True
    return "exit code %d: %s" % (proc.returncode, proc.stderr.decode("utf-8", "replace").strip()[:200])


def main(argv):
    python_only = "--python-only" in argv[1:]
    admit = os.environ.get("ADMIT", "./admit")
    with open(SCHEMA, encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(
        schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)

    examples = sorted(glob.glob("examples/*.json"))
    docs = {}
    for path in examples:
        with open(path, encoding="utf-8") as f:
            docs[path] = json.load(f)
    cases = [("example %s" % path, docs[path], VALID) for path in examples]
    cases += variants(docs[ADMISSION], docs[RECOGNITION])

    if not python_only and not (os.path.isfile(admit) and os.access(admit, os.X_OK)):
        print("not ok 1 - engine binary %s not found (set ADMIT, or use --python-only)" % admit)
        print("0 passed, 1 failed")
        return 1

    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="schema_crosscheck.") as tmp:
        for n, (desc, doc, expected) in enumerate(cases, 1):
            text = doc if isinstance(doc, str) else json.dumps(doc, ensure_ascii=False, indent=1)
            instance = json.loads(text)
            errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.path))
            by_python = not errors
            notes = []
            if by_python != expected:
                notes.append("python says %s (%s)" % (
                    "valid" if by_python else "invalid",
                    errors[0].message[:120] if errors else "no error"))
            if not python_only:
                path = os.path.join(tmp, "case-%03d.json" % n)
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text)
                by_engine = engine_verdict(admit, path)
                if isinstance(by_engine, str):
                    notes.append("engine: " + by_engine)
                elif by_engine != expected:
                    notes.append("engine %s it" % ("accepted" if by_engine else "refused"))
            label = "%s: %s" % (desc, "valid" if expected else "invalid")
            if notes:
                failed += 1
                print("not ok %d - %s # %s" % (n, label, "; ".join(notes)))
            else:
                passed += 1
                print("ok %d - %s" % (n, label))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
