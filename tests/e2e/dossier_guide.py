"""End-to-end: the dossier schema documents itself, and docs/dossier.md is up to date.

- every field of schemas/dossier.schema.json, at every level (properties, array
  items, definitions, the root), has a Vietnamese "description" and an English
  "x-description-en";
- every enumeration names each of its values (other than null) in "x-labels"
  with "vi" and "en", and nothing else; a section "title" has its "x-title-en";
- "x-steps" names only fields the schema has;
- docs/dossier.md is what docs/gen/dossier_guide.py makes of the schema (else:
  run `make docs`), and the generator does react to a change of the schema;
- the guide names every field path, every enumeration value with its
  Vietnamese name, every form number (Mẫu …-KNĐ) of the specification.
Prints "ok N - ..." / "not ok N - ..." lines and ends with "N passed, M failed".
"""
import copy
import importlib.util
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "lib"))
import tap  # tests/lib/tap.py: the ok/not ok lines and the summary tests/run.sh reads
from tap import check as report
tap.detail_limit = None

SCHEMA = "schemas/dossier.schema.json"
GUIDE = "docs/dossier.md"
GENERATOR = "docs/gen/dossier_guide.py"
FORMS = ["1", "2", "3", "4", "4A", "5", "6", "7", "8", "9", "10", "11", "12", "13", "15", "16"]


def fields(schema):
    """(path, schema node) of every field: properties, items, definitions."""
    out = []

    def walk(node, path):
        for key, sub in node.get("properties", {}).items():
            p = f"{path}.{key}" if path else key
            out.append((p, sub))
            walk(sub, p)
        if isinstance(node.get("items"), dict):
            out.append((path + "[]", node["items"]))
            walk(node["items"], path + "[]")

    walk(schema, "")
    for name, node in schema["definitions"].items():
        out.append(("#/definitions/" + name, node))
        walk(node, "#/definitions/" + name)
    return out


def enumerations(node, path="#"):
    """(pointer, node) of every schema object with "enum" or "x-labels"."""
    if isinstance(node, dict):
        if "enum" in node or "x-labels" in node:
            yield path, node
        for key, sub in node.items():
            if key not in ("enum", "x-labels", "x-steps", "const"):
                yield from enumerations(sub, f"{path}/{key}")
    elif isinstance(node, list):
        for i, sub in enumerate(node):
            yield from enumerations(sub, f"{path}/{i}")


with open(SCHEMA, encoding="utf-8") as f:
    schema = json.load(f)

# descriptions
all_fields = fields(schema)
undescribed = [p for p, node in all_fields
               if not (isinstance(node.get("description"), str) and node["description"].strip() and
                       isinstance(node.get("x-description-en"), str) and
                       node["x-description-en"].strip())]
report(len(all_fields) > 180 and not undescribed,
       f"each of the {len(all_fields)} fields has description and x-description-en",
       undescribed)
report(bool(schema.get("description")) and bool(schema.get("x-description-en")),
       "the schema itself is described in both languages")
report(schema["properties"]["$schema"].get("type") == "string",
       "a top-level \"$schema\" string is allowed (for editors)")

# labels
problems = []
enum_count = 0
for pointer, node in enumerations(schema):
    values = [v for v in node.get("enum", []) if v is not None]
    labels = node.get("x-labels")
    enum_count += 1
    if not isinstance(labels, dict):
        problems.append(f"{pointer}: no x-labels")
        continue
    for value in values:
        label = labels.get(value)
        if not (isinstance(label, dict) and label.get("vi") and label.get("en")):
            problems.append(f"{pointer}: {value} lacks vi or en")
    extra = set(labels) - set(values)
    if extra:
        problems.append(f"{pointer}: x-labels for unknown values {sorted(extra)}")
report(enum_count >= 30 and not problems,
       f"each of the {enum_count} enumerations names every value in vi and en", problems)
titled = [k for k, v in schema["properties"].items() if "title" in v or "x-title-en" in v]
report(len(titled) >= 15 and all(schema["properties"][k].get("title") and
                                 schema["properties"][k].get("x-title-en") for k in titled),
       f"{len(titled)} section titles, each in both languages")

# steps
unknown = []
for procedure, steps in schema["x-steps"].items():
    for step in steps:
        for section in step["sections"]:
            top, _, sub = section.partition(".")
            node = schema["properties"].get(top)
            if node is None or (sub and sub not in node.get("properties", {})):
                unknown.append(f"{procedure}.{step['step']}: {section}")
report(set(schema["x-steps"]) == {"admission", "recognition"} and not unknown,
       "x-steps names only fields of the schema", unknown)
report([s["step"] for s in schema["x-steps"]["admission"]] ==
       ["preparation", "branch_vote", "grassroots_vote", "decision", "ceremony"] and
       [s["step"] for s in schema["x-steps"]["recognition"]] ==
       ["probation", "branch_vote", "grassroots_vote", "decision"],
       "x-steps are the steps of the procedures, in order")

# the guide is up to date, and the check can fail
check = subprocess.run([sys.executable, GENERATOR, "--check"], capture_output=True, text=True)
report(check.returncode == 0, f"{GUIDE} is up to date (else: make docs)", check.stderr)
spec = importlib.util.spec_from_file_location("dossier_guide", GENERATOR)
generator = importlib.util.module_from_spec(spec)
spec.loader.exec_module(generator)
with open(GUIDE, encoding="utf-8") as f:
    guide = f.read()
report(generator.generate(schema) == guide, "the generator, imported, gives the same text")
changed = copy.deepcopy(schema)
changed["properties"]["candidate"]["properties"]["gender"]["x-labels"]["male"]["vi"] = "giới nam"
report("giới nam" in generator.generate(changed) and "giới nam" not in guide,
       "a changed label changes the guide (the staleness check can fail)")

# the guide covers every field, value and form
missing_paths = [p for p, _ in all_fields if not p.startswith("#") and f"`{p}`" not in guide]
report(not missing_paths, "the guide names every field path", missing_paths[:10])
missing_values = []
for pointer, node in enumerations(schema):
    for value, label in node.get("x-labels", {}).items():
        if f"| `{value}` | {label['vi']} | {label['en']} |" not in guide:
            missing_values.append(f"{pointer}: {value}")
report(not missing_values, "the guide gives every value with its Vietnamese and English names",
       missing_values[:10])
missing_forms = [n for n in FORMS if f"| Mẫu {n}-KNĐ |" not in guide]
report(not missing_forms, "the guide maps every form Mẫu …-KNĐ to its fields", missing_forms)
report(guide.index("Cách viết một hồ sơ") < guide.index("How to write a dossier") <
       guide.index("## `organisation`"),
       "the how-to comes first, Vietnamese then English")
report("admit init" in guide and "null" in guide and "YYYY-MM-DD" in guide,
       "the how-to explains admit init, placeholders and null")

tap.finish()
