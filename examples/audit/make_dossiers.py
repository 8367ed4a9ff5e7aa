#!/usr/bin/env python3
"""Generate examples/audit/dossiers.jsonl: the seed committee of docs/audit-reports.md.

The Party committee of the provincial Department of Labour, Invalids and Social
Affairs (dang-uy-so-ldtbxh) has 11 branches. Its 2020-2025 term planned 30
admissions, raised by 15 in 2021; by 23/09/2023 it had admitted 32 (106.7 % of
30, 71.1 % of 45), 6 of them in 2023 against a yearly plan of 7 (85.7 %).

Every dossier is a copy of a shipped example (examples/admission-2023.json,
examples/recognition-2024.json) with every date moved by the same number of
days, a new id, person and branch, and the variations an audit meets: late
decisions, a candidate admitted a month before turning 18, dossiers still in
progress, recognitions of members admitted earlier, and an admission decided
before the term (outside every target). The output is deterministic.

    python3 examples/audit/make_dossiers.py [OUT]   (default: beside this script)
"""
import copy
import datetime as dt
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
AS_OF = "2023-09-23"
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

BRANCHES = [
    ("cb-van-phong", "Chi bộ Văn phòng Sở"),
    ("cb-thanh-tra", "Chi bộ Thanh tra Sở"),
    ("cb-ke-hoach-tai-chinh", "Chi bộ Phòng Kế hoạch - Tài chính"),
    ("cb-lao-dong-viec-lam", "Chi bộ Phòng Lao động - Việc làm"),
    ("cb-nguoi-co-cong", "Chi bộ Phòng Người có công"),
    ("cb-bao-tro-xa-hoi", "Chi bộ Phòng Bảo trợ xã hội"),
    ("cb-tre-em", "Chi bộ Phòng Trẻ em và Bình đẳng giới"),
    ("cb-ttbtxh", "Chi bộ Trung tâm Bảo trợ xã hội tổng hợp tỉnh"),
    ("cb-dich-vu-viec-lam", "Chi bộ Trung tâm Dịch vụ việc làm"),
    ("cb-cai-nghien", "Chi bộ Cơ sở cai nghiện ma túy tỉnh"),
    ("cb-truong-trung-cap", "Chi bộ Trường Trung cấp Kinh tế - Kỹ thuật"),
]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Trương", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
MIDDLE_F = ["Thị", "Ngọc", "Thị Thu", "Thị Kim", "Hồng"]
MIDDLE_M = ["Văn", "Minh", "Hữu", "Quốc", "Thanh"]
GIVEN_F = ["Anh", "Trang", "Hằng", "Ngân", "Thảo", "Duyên", "Yến", "Phương", "Linh", "Như"]
GIVEN_M = ["Phúc", "Khang", "Tài", "Hiếu", "Nghĩa", "Trung", "Dũng", "Tâm", "Lộc", "Thịnh"]

# Admission decisions counted by the term target (2020-08-03 .. 2025-07-31) up
# to AS_OF: 4 in 2020, 11 in 2021, 11 in 2022, 6 in 2023 = 32.
DECISIONS = (
    ["2020-09-15", "2020-10-20", "2020-11-24", "2020-12-22"]
    + ["2021-01-26", "2021-03-09", "2021-04-13", "2021-05-18", "2021-06-22", "2021-07-20",
       "2021-08-24", "2021-09-28", "2021-10-26", "2021-11-23", "2021-12-21"]
    + ["2022-01-18", "2022-02-22", "2022-03-22", "2022-04-19", "2022-05-24", "2022-06-21",
       "2022-07-26", "2022-08-23", "2022-09-27", "2022-10-25", "2022-12-13"]
    + ["2023-02-21", "2023-03-28", "2023-05-09", "2023-06-13", "2023-07-18", "2023-08-22"]
)
LATE = {"2021-05-18", "2022-08-23", "2023-03-28"}     # decided after the 60 working days
TOO_YOUNG = "2022-04-19"                             # branch vote a month before 18


def shift(node, days):
    """Every YYYY-MM-DD string of `node` moved by `days`."""
    if isinstance(node, dict):
        return {k: shift(v, days) for k, v in node.items()}
    if isinstance(node, list):
        return [shift(v, days) for v in node]
    if isinstance(node, str) and DATE.match(node):
        return (dt.date.fromisoformat(node) + dt.timedelta(days=days)).isoformat()
    return node


def days_between(a, b):
    return (dt.date.fromisoformat(b) - dt.date.fromisoformat(a)).days


def iso_add(day, days):
    return (dt.date.fromisoformat(day) + dt.timedelta(days=days)).isoformat()


def person(n):
    female = n % 3 != 1
    family = FAMILY[(n * 5) % len(FAMILY)]
    middle = (MIDDLE_F if female else MIDDLE_M)[(n * 3) % 5]
    given = (GIVEN_F if female else GIVEN_M)[(n * 7) % 10]
    return f"{family} {middle} {given}", "female" if female else "male"


def place(d, n, branch):
    bid, bname = branch
    d["organisation"]["branch"]["id"] = bid
    d["organisation"]["branch"]["name"] = bname
    d["organisation"]["committee_path"][-1] = bid
    name, gender = person(n)
    d["candidate"]["full_name"] = name
    d["candidate"]["gender"] = gender
    for p in d["verification"]["persons"]:
        if p["relation"] == "self":
            p["name"] = name
    d["as_of"] = AS_OF


def admission(template, n, decision, year_seq):
    """An admission decided on `decision` (None: still in progress, branch vote on
    `year_seq` days before AS_OF)."""
    base = template["decision"]["date"]
    d = shift(copy.deepcopy(template), days_between(base, decision))
    place(d, n, BRANCHES[n % len(BRANCHES)])
    year = decision[:4]
    d["id"] = f"DT-SLDTBXH-{year}-{year_seq:03d}"
    d["decision"]["number"] = f"{100 + n}-QĐ/ĐUK"
    if decision in LATE:
        # the decision came about four months after the branch vote
        late = iso_add(d["branch_vote"]["date"], 120)
        d["decision"]["date"] = late
        d["decision"]["received_on"] = iso_add(late, 2)
        d["ceremony"]["date"] = iso_add(late, 15)
    if decision == TOO_YOUNG:
        vote = dt.date.fromisoformat(d["branch_vote"]["date"])
        d["candidate"]["birth_date"] = vote.replace(year=vote.year - 18, day=1).isoformat()
        d["candidate"]["birth_date"] = iso_add(d["candidate"]["birth_date"], 40)
        d["candidate"]["education"]["general"] = "upper_secondary"
    return d


def in_progress(template, n, vote_days_before, seq, stage):
    """A dossier not decided by AS_OF: `stage` "grassroots" (branch and grassroots
    votes held) or "branch" (branch vote held)."""
    base = template["branch_vote"]["date"]
    vote = iso_add(AS_OF, -vote_days_before)
    d = shift(copy.deepcopy(template), days_between(base, vote))
    place(d, n, BRANCHES[n % len(BRANCHES)])
    d["id"] = f"DT-SLDTBXH-2023-{seq:03d}"
    d["decision"] = None
    d["ceremony"] = None
    if stage == "branch":
        d["grassroots_vote"] = None
    return d


def recognition(template, n, decision, seq):
    base = template["probation"]["decision"]["date"]
    d = shift(copy.deepcopy(template), days_between(base, decision))
    place(d, n, BRANCHES[n % len(BRANCHES)])
    d["id"] = f"DT-SLDTBXH-{decision[:4]}-REC-{seq:03d}"
    d["probation"]["decision"]["number"] = f"{300 + n}-QĐ/ĐUK"
    return d


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "dossiers.jsonl")
    with open(os.path.join(ROOT, "examples", "admission-2023.json"), encoding="utf-8") as f:
        adm = json.load(f)
    with open(os.path.join(ROOT, "examples", "recognition-2024.json"), encoding="utf-8") as f:
        rec = json.load(f)
    dossiers = []
    # one admission decided before the term: in no target
    dossiers.append(admission(adm, 40, "2020-06-16", 1))
    seq = {}
    for n, decision in enumerate(DECISIONS):
        y = decision[:4]
        seq[y] = seq.get(y, 1) + 1
        dossiers.append(admission(adm, n, decision, seq[y]))
    # members admitted in 2020-2022 recognised after twelve months of probation
    for k, decision in enumerate(["2021-10-26", "2022-02-15", "2022-09-20", "2023-03-14", "2023-07-11"]):
        dossiers.append(recognition(rec, 50 + k, decision, k + 1))
    # still in progress on 23/09/2023
    dossiers.append(in_progress(adm, 60, 30, 41, "grassroots"))
    dossiers.append(in_progress(adm, 61, 20, 42, "grassroots"))
    dossiers.append(in_progress(adm, 62, 12, 43, "branch"))
    dossiers.append(in_progress(adm, 63, 5, 44, "branch"))
    with open(out, "w", encoding="utf-8") as f:
        for d in dossiers:
            f.write(json.dumps(d, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"{len(dossiers)} dossiers written to {out}")


if __name__ == "__main__":
    main()
