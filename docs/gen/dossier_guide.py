#!/usr/bin/env python3
"""Generate docs/dossier.md, the dossier field guide, from schemas/dossier.schema.json.

The schema is the only source: its descriptions (Vietnamese "description",
English "x-description-en"), section titles ("title", "x-title-en"), names of
enumeration values ("x-labels", the same names the reports use) and the steps
of each procedure ("x-steps", the same that `admit init --stage` uses).  The
how-to at the top is written here.

Usage (from the repository root, Python 3 standard library only):
  docs/gen/dossier_guide.py            write docs/dossier.md
  docs/gen/dossier_guide.py --check    exit 1 when docs/dossier.md differs from what
                                       the schema gives (stale), 0 when up to date
"""
import json
import re
import sys

SCHEMA = "schemas/dossier.schema.json"
GUIDE = "docs/dossier.md"
TOP_FIELDS = ["$schema", "format", "id", "procedure", "as_of"]


def cell(text):
    """Text for a Markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def resolve(schema, node):
    """Follow "#/definitions/NAME" references; returns (node, definition name or None)."""
    name = None
    while isinstance(node, dict) and "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = schema["definitions"][name]
    return node, name


def object_of(schema, node):
    """The object schema a field holds (through $ref and anyOf [null, X]), or None."""
    node, _ = resolve(schema, node)
    for branch in node.get("anyOf", []):
        branch, _ = resolve(schema, branch)
        if branch.get("type") != "null":
            return object_of(schema, branch)
    types = node.get("type")
    types = types if isinstance(types, list) else [types]
    return node if "object" in types and "properties" in node else None


def type_text(schema, field):
    """The kind of value a field takes, in Vietnamese / English."""
    node, ref = resolve(schema, field)
    if "const" in node:
        return f'`{json.dumps(node["const"], ensure_ascii=False)}`'
    if "enum" in node:
        return "lựa chọn / choice"
    if ref in ("date", "required_date"):
        return "ngày / date"
    if ref in ("text", "required_text"):
        return "chữ / text"
    if ref == "flag":
        return "`true` / `false`"
    if ref == "count":
        return "số nguyên ≥ 0 / integer ≥ 0"
    if object_of(schema, node) is not None:
        return "đối tượng / object"
    types = node.get("type")
    types = [t for t in (types if isinstance(types, list) else [types]) if t != "null"]
    kind = types[0] if types else ""
    if kind == "array":
        item = type_text(schema, node["items"])
        return f"danh sách / list of: {item}"
    if kind == "number":
        return f'số {node.get("minimum", "")}–{node.get("maximum", "")} / number'
    if kind == "string":
        if node.get("format") == "date":
            return "ngày / date"
        if "pattern" in node:
            return f'chữ / text `{node["pattern"]}`'
        return "chữ / text"
    return kind


def rows(schema, node, prefix, required, out, enums):
    """Rows (path, type, required, vi, en) for node's properties, depth first."""
    for key, field in node.get("properties", {}).items():
        path = f"{prefix}.{key}" if prefix else key
        add_row(schema, field, path, key in required, out, enums)


def add_row(schema, field, path, required, out, enums):
    resolved, _ = resolve(schema, field)
    described = field if "description" in field else resolved
    out.append((path, type_text(schema, field), required,
                described["description"], described["x-description-en"]))
    if "enum" in resolved:
        enums.append((path, resolved))
    obj = object_of(schema, field)
    if obj is not None:
        rows(schema, obj, path, set(obj.get("required", [])), out, enums)
    types = resolved.get("type")
    if "items" in resolved and ("array" in types if isinstance(types, list) else types == "array"):
        add_row(schema, resolved["items"], path + "[]", False, out, enums)


def field_table(schema, entries):
    out, enums = [], []
    for node, path, required in entries:
        add_row(schema, node, path, required, out, enums)
    lines = ["| trường / field | kiểu / type | bắt buộc / required | ý nghĩa | meaning |",
             "|---|---|---|---|---|"]
    for path, kind, req, vi, en in out:
        lines.append(f"| `{path}` | {cell(kind)} | {'**có / yes**' if req else ''} | "
                     f"{cell(vi)} | {cell(en)} |")
    for path, node in enums:
        lines += ["", f"Giá trị của / values of `{path}`:", "",
                  "| giá trị / value | tên tiếng Việt | English name |", "|---|---|---|"]
        for value in node["enum"]:
            if value is None:
                lines.append("| `null` | chưa có, không có | not known, none |")
            else:
                label = node["x-labels"][value]
                lines.append(f"| `{value}` | {cell(label['vi'])} | {cell(label['en'])} |")
    return lines


# "Mẫu 6-KNĐ", "Mẫu 6, 8, 15-KNĐ", "Mẫu 4-KNĐ / 4A-KNĐ"
FORM = re.compile(r"Mẫu ((?:\d+[A-Z]?(?:-KNĐ)?(?:, | / ))*\d+[A-Z]?)-KNĐ")


def forms_index(schema):
    """Every Mẫu …-KNĐ a field's description names: [(form number, [paths])], by number."""
    found = {}

    def visit(field, path):
        resolved, _ = resolve(schema, field)
        described = field if "description" in field else resolved
        for match in FORM.finditer(described["description"]):
            for number in re.findall(r"\d+[A-Z]?", match.group(1)):
                found.setdefault(number, []).append(path)
        obj = object_of(schema, field)
        if obj is not None:
            for key, sub in obj["properties"].items():
                visit(sub, f"{path}.{key}")
        if "items" in resolved:
            visit(resolved["items"], path + "[]")

    for key, field in schema["properties"].items():
        visit(field, key)

    def order(number):
        m = re.match(r"(\d+)(.*)", number)
        return int(m.group(1)), m.group(2)

    return [(n, found[n]) for n in sorted(found, key=order)]


HOWTO_VI = """\
## Cách viết một hồ sơ (dành cho bí thư chi bộ)

Một hồ sơ là một tệp JSON: các mục của bộ hồ sơ giấy (đơn, lý lịch, giấy giới thiệu, nghị quyết…)
được ghi thành các trường có tên tiếng Anh, mỗi trường một giá trị. Không cần biết lập trình.

1. **Tạo khung hồ sơ** cho thủ tục và bước hồ sơ đã đến (xem bảng "Các bước" dưới đây):

   ```sh
   admit init admission --stage preparation -o ho-so-nguyen-van-a.json    # kết nạp, trước khi chi bộ họp
   admit init recognition --stage probation -o cong-nhan-tran-thi-b.json  # công nhận đảng viên chính thức
   ```

   Không có `--stage` thì khung có đủ mọi mục của thủ tục. `admit init` không ghi đè tệp đã có.
2. **Mở tệp bằng trình soạn thảo.** Với VS Code, khóa `"$schema"` ở đầu tệp (do `admit init` điền)
   giúp gợi ý tên trường, các giá trị được phép và ý nghĩa từng trường khi rê chuột.
3. **Thay từng giá trị giữ chỗ** bằng giá trị trong hồ sơ giấy:

   | giá trị giữ chỗ | điền gì | ví dụ |
   |---|---|---|
   | `""` | chữ: tên, số văn bản, nơi cấp… (1–256 ký tự) | `"Nguyễn Văn A"`, `"05-NQ/ĐTN"` |
   | `"YYYY-MM-DD"` | ngày: năm-tháng-ngày | `"2023-05-10"` (10/05/2023) |
   | `"a \\| b \\| c"` | đúng một trong các giá trị liệt kê (tên tiếng Việt ở các bảng dưới) | `"male"` |
   | `"true \\| false"` | `true` (có) hoặc `false` (không), không có dấu ngoặc kép | `true` |
   | `"0, 1, 2, …"` | một số nguyên, không có dấu ngoặc kép | `14` |
   | `"0–10"` | một số từ 0 đến 10 | `8.5` |

   - **Chưa có hoặc không có** thì ghi `null` (không có dấu ngoặc kép): khi kiểm tra, admit báo
     "Thiếu hồ sơ" cho những gì quy định cần mà chưa có. (Xóa hẳn trường cũng được, nhưng dễ làm sai
     dấu phẩy của JSON.)
   - **Danh sách** (`[...]`) có sẵn một mục mẫu: chép mục đó cho mỗi người, mỗi văn bản (cách nhau
     bằng dấu phẩy); không có thì để `[]`.
   - Mục không liên quan thì ghi `null`, ví dụ `"previous_membership": null` khi không phải kết nạp
     lại, `"religion": null` khi không theo tôn giáo.
   - Chỉ bắt buộc `id` (mã hồ sơ, tự đặt), `candidate.full_name` và `candidate.birth_date`; phần còn lại
     điền dần theo tiến độ.
   - Muốn ghi chú riêng, dùng khóa bắt đầu bằng `x_` (ví dụ `"x_ghi_chu": "..."`): admit bỏ qua.
     Mọi khóa khác không có trong hướng dẫn này là lỗi (để một lỗi gõ không làm mất thông tin).
4. **Kiểm tra**: `admit check ho-so-nguyen-van-a.json`. Nếu tệp còn sai (còn giá trị giữ chỗ, ngày
   không có thật, giá trị không được phép…), admit báo `HỒ SƠ KHÔNG HỢP LỆ` kèm đường dẫn của trường,
   ví dụ `candidate.birth_date: "YYYY-MM-DD" không phải là ngày hợp lệ`: sửa rồi kiểm tra lại. Khi tệp
   hợp lệ, admit cho biết từng tiêu chí đạt hay không, vì sao, căn cứ điều nào. Trước ngày họp chi bộ,
   ghi ngày dự kiến họp vào `as_of`.

**Khung hồ sơ có hợp lệ ngay không?** Không, và đó là chủ ý: mọi giá trị giữ chỗ đều bị từ chối
(chuỗi rỗng quá ngắn, `"YYYY-MM-DD"` không phải ngày, `"a | b"` không phải giá trị được phép,
`"true | false"` không phải `true`/`false`), nên một trường quên điền không bao giờ bị coi là chứng cứ
(một ngày giả như `2000-01-01` sẽ bị coi là thật). Phần còn lại của khung (`format`, `procedure`,
`$schema`, cấu trúc các mục) đã đúng. Khung có giá trị điền hoặc `null` ở mọi chỗ, cùng ba trường bắt
buộc, là một hồ sơ hợp lệ.
"""

HOWTO_EN = """\
## How to write a dossier (for a branch secretary)

A dossier is one JSON file: the parts of the paper dossier (application, personal history,
introductions, resolutions…) written as fields with English names, one value each. No programming
is needed.

1. **Make a skeleton** for the procedure and the step the dossier has reached (table "Steps" below):

   ```sh
   admit init admission --stage preparation -o ho-so-nguyen-van-a.json    # admission, before the branch meeting
   admit init recognition --stage probation -o cong-nhan-tran-thi-b.json  # recognition as an official member
   ```

   Without `--stage` the skeleton has every section of the procedure. `admit init` never overwrites
   a file.
2. **Open the file in an editor.** In VS Code the `"$schema"` key at the top (set by `admit init`)
   completes field names and allowed values and shows each field's meaning on hover.
3. **Replace each placeholder** with the value from the paper dossier:

   | placeholder | what to write | example |
   |---|---|---|
   | `""` | text: a name, document number, issuer… (1–256 characters) | `"Nguyễn Văn A"`, `"05-NQ/ĐTN"` |
   | `"YYYY-MM-DD"` | a date: year-month-day | `"2023-05-10"` (10 May 2023) |
   | `"a \\| b \\| c"` | exactly one of the listed values (their names in the tables below) | `"male"` |
   | `"true \\| false"` | `true` (yes) or `false` (no), without quotes | `true` |
   | `"0, 1, 2, …"` | a whole number, without quotes | `14` |
   | `"0–10"` | a number from 0 to 10 | `8.5` |

   - **Not known yet, or none**: write `null` (without quotes): the check then reports "Evidence
     missing" for what the rules need. (Deleting the field works too, but JSON's commas are easy to
     get wrong.)
   - **Lists** (`[...]`) hold one sample item: copy it for each person or document (separated by
     commas); write `[]` when there is none.
   - A section that does not apply is `null`, e.g. `"previous_membership": null` when it is not a
     re-admission, `"religion": null` for no religion.
   - Only `id` (the dossier's id, your choice), `candidate.full_name` and `candidate.birth_date` are
     required; fill in the rest as the procedure goes on.
   - For your own notes use keys starting with `x_` (e.g. `"x_note": "..."`): admit ignores them.
     Any other key not in this guide is an error (so that a typo cannot lose information).
4. **Check**: `admit check ho-so-nguyen-van-a.json`. While the file is wrong (a placeholder left, a
   date that does not exist, a value not allowed…), admit says `INVALID DOSSIER` with the field's
   path, e.g. `candidate.birth_date: "YYYY-MM-DD" is not a valid date`: fix it and check again. Once
   the file is valid, admit says for each criterion whether it is met, why, and which article it
   comes from. Before the branch meeting, put the planned meeting date in `as_of`.

**Is the skeleton valid as printed?** No, on purpose: every placeholder is refused (an empty string
is too short, `"YYYY-MM-DD"` is no date, `"a | b"` is not an allowed value, `"true | false"` is not
`true`/`false`), so that a field left unfilled can never count as evidence (a made-up date such as
`2000-01-01` would be taken as real). The rest of the skeleton (`format`, `procedure`, `$schema`, the
structure of the sections) is already right. The skeleton with a value or `null` in every place and
the three required fields filled in is a valid dossier.
"""


def generate(schema):
    lines = [
        "# Hướng dẫn điền hồ sơ — Dossier field guide",
        "",
        "<!-- Generated from schemas/dossier.schema.json by docs/gen/dossier_guide.py (make docs):",
        "     edit the schema or the generator, not this file. -->",
        "",
        "Hồ sơ (định dạng `admit.dossier/1`) là đầu vào duy nhất của `admit` về một người: hồ sơ kết nạp",
        "(kể cả kết nạp lại) hoặc hồ sơ công nhận đảng viên chính thức. Tài liệu này nêu mọi trường, kiểu,",
        "trường bắt buộc, các giá trị được phép với tên tiếng Việt và số mẫu biểu (Mẫu …-KNĐ), lấy từ lược",
        "đồ `schemas/dossier.schema.json` (cũng là nguồn tên các giá trị trong báo cáo).",
        "",
        "A dossier (format `admit.dossier/1`) is `admit`'s only input about a person: an admission",
        "dossier (re-admission included) or a recognition dossier. This guide lists every field, its type,",
        "whether it is required, the allowed values with their Vietnamese names and the form numbers",
        "(Mẫu …-KNĐ), from the schema `schemas/dossier.schema.json` (also the source of the value names",
        "the reports print).",
        "",
        HOWTO_VI,
        HOWTO_EN,
        "## Các bước và các mục — Steps and sections",
        "",
        "`admit init PROCEDURE --stage STEP` gives the sections of every step up to STEP; `as_of` (the",
        "planned meeting date) only at the first step. / Khung hồ sơ ở bước STEP có các mục của mọi bước",
        "đến STEP; `as_of` (ngày dự kiến họp) chỉ ở bước đầu.",
        "",
        "| thủ tục / procedure | bước / step | nội dung | what happens | các mục thêm vào / sections added |",
        "|---|---|---|---|---|",
    ]
    for procedure, steps in schema["x-steps"].items():
        for step in steps:
            sections = ", ".join(f"`{s}`" for s in step["sections"])
            lines.append(f"| `{procedure}` | `{step['step']}` | {cell(step['vi'])} | "
                         f"{cell(step['en'])} | {sections} |")
    lines.append("")
    lines += ["Every dossier has `format`, `id`, `procedure`, `organisation` and `candidate`. / Hồ sơ",
              "nào cũng có `format`, `id`, `procedure`, `organisation` và `candidate`.", ""]

    lines += ["## Mẫu biểu — Forms", "",
              "Where each paper form (Mẫu …-KNĐ of the Central Organisation Commission's guidance) goes",
              "in the dossier. / Mỗi mẫu biểu ghi vào mục nào của hồ sơ.", "",
              "| mẫu / form | trường / field |", "|---|---|"]
    for number, paths in forms_index(schema):
        lines.append(f"| Mẫu {number}-KNĐ | {', '.join(f'`{p}`' for p in paths)} |")
    lines.append("")

    lines += ["## Chung — Common rules", "",
              f"- {schema['description']}",
              f"- {schema['x-description-en']}",
              "- `null` or an absent key means \"not in the dossier yet\"; an absent list is an empty list."
              " / `null` hoặc không có khóa nghĩa là \"chưa có trong hồ sơ\"; danh sách vắng mặt là danh"
              " sách rỗng.",
              "- Limits: at most 1 MiB of JSON, 64 levels, 1,000 items per list; text is UTF-8. / Giới hạn:"
              " tối đa 1 MiB, 64 cấp lồng nhau, 1.000 mục mỗi danh sách; văn bản UTF-8.",
              "",
              "Kiểu dùng chung / shared types:", "",
              "| kiểu / type | ý nghĩa | meaning |", "|---|---|---|"]
    for name in ("text", "required_text", "date", "required_date", "flag", "count", "extension"):
        d = schema["definitions"][name]
        lines.append(f"| `{name}` | {cell(d['description'])} | {cell(d['x-description-en'])} |")
    lines.append("")

    required = set(schema.get("required", []))
    lines += ["## Đầu hồ sơ — Top level", ""]
    lines += field_table(schema, [(schema["properties"][k], k, k in required) for k in TOP_FIELDS])
    lines.append("")
    for key, field in schema["properties"].items():
        if key in TOP_FIELDS:
            continue
        title_vi = field.get("title", field["description"])
        title_en = field.get("x-title-en", field["x-description-en"])
        lines += [f"## `{key}` — {title_vi} / {title_en}", "",
                  f"{field['description']}. / {field['x-description-en'][0].upper()}"
                  f"{field['x-description-en'][1:]}.", ""]
        lines += field_table(schema, [(field, key, key in required)])
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def main(argv):
    with open(SCHEMA, encoding="utf-8") as f:
        schema = json.load(f)
    text = generate(schema)
    if argv[1:] == ["--check"]:
        try:
            with open(GUIDE, encoding="utf-8") as f:
                current = f.read()
        except OSError:
            current = None
        if current != text:
            print(f"{GUIDE} is stale: run make docs (docs/gen/dossier_guide.py)", file=sys.stderr)
            return 1
        return 0
    if argv[1:]:
        print(__doc__, file=sys.stderr)
        return 2
    with open(GUIDE, "w", encoding="utf-8") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
