#!/usr/bin/python3
"""gen_corpus.py - write N generated `admit.dossier/1` dossiers into a directory.

    /usr/bin/python3 bench/gen_corpus.py [--seed S] [--examples DIR] N OUTDIR

The dossiers are derived from examples/admission-2023.json and
examples/recognition-2024.json: the examples give the shape and the
organisation, the generator varies the person, the dates, the counts and the
lengths of the lists.  The output is deterministic for a given seed and N
(Python's random.Random is stable across versions for these calls).

The mix, per dossier:
- procedure: about 4 in 5 admission, 1 in 5 recognition;
- the anchor (admission: branch_vote.date; recognition: the first
  probation.branch_votes[].date) is drawn evenly over the five editions
  2011, 2016, 2021, 2025a, 2025b, never before 2011-11-01 (the admission
  vote of a recognition dossier too);
- about half complete and meant to pass; one in eight failing one criterion
  (too young, over age, short vote, introducer not official, too little
  time together, expired course, not a citizen, education below minimum,
  stale assessment); the rest incomplete: a section still null or empty,
  a recognition without its decision, or an "early" dossier that stops
  after the introductions (about 1 in 8 of all, 2-3 KB);
- lists (verification persons, introducers, opinions, assessments, mentor
  reports, memberships, children) of varying length, printed compact or
  indented; about 1 in 6 is "large" (long lists, indented, 12-18 KB), so
  that files range from about 2 KB to about 18 KB.
The MANIFEST's "kind" says what was intended (ok, fail/WHAT,
incomplete/WHAT); the verdict is the rulebook's to give.

Every dossier is valid input (`admit check` exits 0 or 1, never 2); run.sh
checks a sample.  Files are named d00000.json, d00001.json, ...; a
MANIFEST.tsv lists file, procedure, kind, edition and size.
Standard library only.
"""

import argparse
import datetime as dt
import json
import os
import random
import sys

# Editions (rules/editions.json): the day each takes effect.
EDITION_STARTS = [("2011", dt.date(2011, 11, 1)), ("2016", dt.date(2016, 7, 25)),
                  ("2021", dt.date(2021, 7, 30)), ("2025a", dt.date(2025, 1, 20)),
                  ("2025b", dt.date(2025, 7, 1))]

# The range of anchors drawn in each edition (after 2011-11-01, up to the end
# of 2025).
EDITIONS = [
    ("2011", dt.date(2011, 11, 2), dt.date(2016, 7, 24)),
    ("2016", dt.date(2016, 7, 25), dt.date(2021, 7, 29)),
    ("2021", dt.date(2021, 7, 30), dt.date(2025, 1, 19)),
    ("2025a", dt.date(2025, 1, 20), dt.date(2025, 6, 30)),
    ("2025b", dt.date(2025, 7, 1), dt.date(2025, 12, 31)),
]

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
          "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Lâm", "Trương", "Mai"]
MIDDLE_F = ["Thị", "Ngọc", "Thị Minh", "Thị Thu", "Thị Thanh", "Hoài", "Bảo", "Kim"]
MIDDLE_M = ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Công", "Thanh", "Xuân", "Đình"]
GIVEN_F = ["Anh", "Hoa", "Lan", "Hương", "Thảo", "Trang", "Nhung", "Hạnh", "Yến", "Linh",
           "Phương", "Ngân", "Diệp", "Quyên", "Tuyết", "Vy", "Trâm", "Hằng"]
GIVEN_M = ["Hùng", "Bình", "Dũng", "Tuấn", "Khoa", "Nam", "Phúc", "Thắng", "Long", "Sơn",
           "Cường", "Hiếu", "Lộc", "Trung", "Việt", "Quang", "Tài", "Hải"]
PLACES = ["Phường 1, thành phố Cao Lãnh, Đồng Tháp", "Xã Mỹ Trà, thành phố Cao Lãnh, Đồng Tháp",
          "Phường An Hòa, thành phố Sa Đéc, Đồng Tháp", "Thị trấn Lấp Vò, huyện Lấp Vò, Đồng Tháp",
          "Xã Tân Hội Trung, huyện Cao Lãnh, Đồng Tháp", "Phường 11, thành phố Cao Lãnh, Đồng Tháp",
          "Xã Bình Thạnh, huyện Cao Lãnh, Đồng Tháp", "Xã Đốc Binh Kiều, huyện Tháp Mười, Đồng Tháp"]
BRANCHES = [
    ("cb-ttbtxh", "Chi bộ Trung tâm Bảo trợ xã hội tổng hợp tỉnh", "dang-uy-so-ldtbxh",
     "Đảng ủy Sở Lao động - Thương binh và Xã hội"),
    ("cb-vp-so", "Chi bộ Văn phòng Sở", "dang-uy-so-ldtbxh",
     "Đảng ủy Sở Lao động - Thương binh và Xã hội"),
    ("cb-truong-thpt-cl", "Chi bộ Trường Trung học phổ thông thành phố Cao Lãnh",
     "dang-uy-so-gddt", "Đảng ủy Sở Giáo dục và Đào tạo"),
    ("cb-bv-da-khoa", "Chi bộ Khoa Nội, Bệnh viện Đa khoa tỉnh", "dang-uy-so-yte",
     "Đảng ủy Sở Y tế"),
]
NOTES = ["hoàn thành tốt nhiệm vụ năm {y}", "hoàn thành xuất sắc nhiệm vụ năm {y}",
         "tích cực tham gia phong trào thi đua của đơn vị năm {y}",
         "có tinh thần trách nhiệm, đoàn kết với đồng nghiệp, chấp hành tốt chủ trương của Đảng"
         " và chính sách, pháp luật của Nhà nước (năm {y})"]
FAIL_KINDS = ["too_young", "over_age", "short_vote", "introducer_not_official",
              "together_short", "course_expired", "not_citizen", "education_below",
              "assessment_stale"]
INCOMPLETE_KINDS = ["no_branch_vote", "no_summary", "no_introducers", "no_course",
                    "no_education", "no_residence_opinion"]


def iso(day):
    return day.isoformat()


def add_months(day, months):
    """`day` plus `months` months, clamped to the end of the month."""
    m = day.month - 1 + months
    y, m = day.year + m // 12, m % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(y, m, d)
        except ValueError:
            continue
    raise AssertionError(day)


def between(rng, lo, hi):
    """A uniform day in [lo, hi]."""
    return lo + dt.timedelta(days=rng.randint(0, (hi - lo).days))


def person_name(rng, female):
    if female:
        return "%s %s %s" % (rng.choice(FAMILY), rng.choice(MIDDLE_F), rng.choice(GIVEN_F))
    return "%s %s %s" % (rng.choice(FAMILY), rng.choice(MIDDLE_M), rng.choice(GIVEN_M))


def vote(rng, day, members, short=False, excluded_max=0):
    excluded = rng.randint(0, excluded_max)
    denom = members - excluded
    need = -(-2 * denom // 3)                      # ceil(2/3 of D)
    if short:
        in_favour = max(0, need - rng.randint(1, max(1, need // 3)))
        present = min(denom, in_favour + rng.randint(1, 3))
    else:
        present = rng.randint(need, denom)
        in_favour = rng.randint(need, present)
    return {"date": iso(day), "official_members": members, "excluded": excluded,
            "present": present, "in_favour": in_favour,
            "method": rng.choice(["show_of_hands", "show_of_hands", "card", "secret_ballot"])}


class Generator:
    def __init__(self, seed, examples_dir):
        self.rng = random.Random(seed)
        with open(os.path.join(examples_dir, "admission-2023.json"), encoding="utf-8") as f:
            self.admission = json.load(f)
        with open(os.path.join(examples_dir, "recognition-2024.json"), encoding="utf-8") as f:
            self.recognition = json.load(f)

    def dossier(self, index):
        rng = self.rng
        recognition = rng.random() < 0.25
        roll = rng.random()
        kind = "ok" if roll < 0.6 else ("fail" if roll < 0.8 else "incomplete")
        detail = rng.choice(FAIL_KINDS if kind == "fail" else INCOMPLETE_KINDS) \
            if kind != "ok" else ""
        # Size class: "early" dossiers stop after the introductions (~2-3 KB),
        # "large" ones have long lists and are indented (~12-20 KB).
        size = rng.choices(["early", "normal", "large"], weights=[12, 70, 18])[0]
        if size == "early":
            recognition, kind, detail = False, "incomplete", "early_stage"
        large = size == "large"
        # Recognition dossiers are not evaluated by admission-only rules: the
        # admission-stage variations apply to admission dossiers only.
        if recognition and kind != "ok":
            kind, detail = "incomplete", "recognition_no_decision"

        edition, lo, hi = EDITIONS[index % len(EDITIONS)]
        anchor = between(rng, lo, hi)
        if recognition:
            # The first branch vote on recognition is the anchor; the admission
            # vote ~13-15 months before it (still after 2011-11-01).
            anchor = max(anchor, dt.date(2013, 3, 1))
            vote_day = anchor - dt.timedelta(days=rng.randint(455, 470))
        else:
            vote_day = anchor

        base = json.loads(json.dumps(self.recognition if recognition else self.admission))
        d = base
        d["id"] = "BENCH-%s-%05d" % ("REC" if recognition else "ADM", index)

        # Organisation.
        bid, bname, parent, parent_name = rng.choice(BRANCHES)
        grassroots = rng.random() < 0.15
        org = d["organisation"]
        org["branch"] = {"id": bid, "name": bname, "grassroots": grassroots,
                         "has_youth_union": rng.random() < 0.85,
                         "has_trade_union": rng.random() < 0.9}
        org["committee_path"] = ["tw", "tinh-dong-thap", "dang-uy-khoi-cac-co-quan-tinh",
                                 parent, bid]

        # Candidate.
        female = rng.random() < 0.5
        name = person_name(rng, female)
        age_years = rng.randint(18, 45) if rng.random() < 0.9 else rng.randint(46, 59)
        if detail == "too_young":
            age_years = 17
        birth = add_months(vote_day, -12 * age_years - rng.randint(1, 11))
        if detail == "over_age":
            birth = add_months(vote_day, -12 * 61 - rng.randint(1, 11))
        c = d["candidate"]
        c["full_name"] = name
        c["national_id"] = "0%02d%d%02d%06d" % (rng.randint(1, 96), 0 if female else 1,
                                                 birth.year % 100, rng.randint(0, 999999))
        c["birth_date"] = iso(birth)
        c["gender"] = "female" if female else "male"
        c["citizenship"] = "LA" if detail == "not_citizen" else "VN"
        c["ethnicity"] = rng.choice(["Kinh"] * 8 + ["Khmer", "Hoa", "Chăm"])
        c["education"] = {"general": rng.choice(["upper_secondary"] * 4 + ["lower_secondary"]),
                          "diploma": True, "equivalent": False}
        if detail == "education_below":
            c["education"] = {"general": "lower_secondary", "diploma": False, "equivalent": False}
        if detail == "no_education":
            c["education"] = None
        c["residence"] = {"address": rng.choice(PLACES), "areas": []}
        c["occupation"] = rng.choice(["public_employee", "civil_servant", "worker", "student",
                                      "farmer", "other"])
        memberships = []
        youth_since = add_months(birth, 12 * rng.randint(15, 17) + rng.randint(0, 11))
        if youth_since < vote_day and age_years <= 30:
            memberships.append({"org": "youth_union", "since": iso(youth_since), "until": None})
        elif youth_since < vote_day:
            memberships.append({"org": "youth_union", "since": iso(youth_since),
                                "until": iso(add_months(birth, 12 * 30 + 1))})
        trade_since = add_months(birth, 12 * rng.randint(22, 26))
        if trade_since < vote_day - dt.timedelta(days=200):
            memberships.append({"org": "trade_union", "since": iso(trade_since), "until": None})
        if female and rng.random() < 0.3:
            memberships.append({"org": "women_union", "since": iso(trade_since), "until": None})
        c["memberships"] = memberships
        children = []
        if age_years >= 26:
            first = add_months(birth, 12 * rng.randint(24, 30))
            for k in range(rng.choice([0, 1, 1, 2, 2, 3])):
                born = add_months(first, 30 * k + rng.randint(0, 12))
                if born < vote_day:
                    children.append({"birth_date": iso(born), "policy_exempt": False})
        c["children"] = children
        youth_active = bool(memberships) and memberships[0]["org"] == "youth_union" \
            and memberships[0]["until"] is None
        trade_active = any(m["org"] == "trade_union" for m in memberships)

        # Training and the application.
        course = vote_day - dt.timedelta(days=rng.randint(60, 500))
        if detail == "course_expired":
            course = add_months(vote_day, -61 - rng.randint(1, 20))
        d["awareness_course"] = {
            "certificate_no": "%d/GCN-TTCT" % rng.randint(100, 9999), "issued_on": iso(course),
            "issuer": "Trung tâm Chính trị " + rng.choice(["thành phố Cao Lãnh", "thành phố Sa Đéc",
                                                           "huyện Lấp Vò", "huyện Tháp Mười"]),
            "result": rng.choice(["excellent", "good", "good", "fair", "pass"])}
        if detail == "no_course":
            d["awareness_course"] = None
        letter = vote_day - dt.timedelta(days=rng.randint(80, 140))
        d["application"] = {"letter_date": iso(letter), "handwritten": True}
        certified = vote_day - dt.timedelta(days=rng.randint(12, 25))
        d["personal_history"] = {"declared_on": iso(letter + dt.timedelta(days=rng.randint(5, 15))),
                                 "certified_on": iso(certified), "certified_by": parent_name}

        # Verification: self, parents, spouse, siblings, adult children...
        persons = [("self", name, female)]
        fam = name.split()[0]
        persons.append(("father", "%s %s %s" % (fam, rng.choice(MIDDLE_M), rng.choice(GIVEN_M)),
                        False))
        persons.append(("mother", person_name(rng, True), True))
        if age_years >= 25 and rng.random() < 0.6:
            persons.append(("spouse", person_name(rng, not female), not female))
            persons.append(("father_in_law", person_name(rng, False), False))
            persons.append(("mother_in_law", person_name(rng, True), True))
        for _ in range(rng.choice([10, 16, 20, 26] if large else [0, 1, 2, 3, 4, 6])):
            sf = rng.random() < 0.5
            persons.append(("sibling" if rng.random() < 0.7 else "spouse_sibling",
                            "%s %s %s" % (fam, rng.choice(MIDDLE_F if sf else MIDDLE_M),
                                          rng.choice(GIVEN_F if sf else GIVEN_M)), sf))
        vlist = []
        for relation, pname, _ in persons:
            status = "deceased" if relation != "self" and rng.random() < 0.05 else "verified"
            vlist.append({"relation": relation, "name": pname,
                          "party_member": rng.random() < 0.2, "abroad": rng.random() < 0.05,
                          "status": status,
                          "reply_date": iso(certified - dt.timedelta(days=rng.randint(5, 30)))
                          if status == "verified" else None,
                          "finding": "clear" if status == "verified" else None})
        d["verification"] = {"persons": vlist}

        # Introducers (two, or one with the union's resolution).
        n_intro = rng.choice([1, 2, 2, 2, 3]) if youth_active else rng.choice([2, 2, 3])
        if detail == "no_introducers":
            n_intro = 0
        intros = []
        signed = letter + dt.timedelta(days=rng.randint(10, 30))
        for k in range(n_intro):
            mid = "DV-%07d" % rng.randint(1, 9999999)
            together = add_months(signed, -rng.randint(13, 120))
            if detail == "together_short" and k == 0:
                together = add_months(signed, -rng.randint(3, 10))
            official = add_months(signed, -rng.randint(14, 300))
            status = "official"
            if detail == "introducer_not_official" and k == 0:
                status, official = "probationary", signed + dt.timedelta(days=100)
            intros.append({"member_id": mid, "name": person_name(rng, rng.random() < 0.5),
                           "status_at_signing": status, "official_since": iso(official),
                           "basis": "work" if edition in ("2011", "2016") else
                           rng.choice(["work", "work", "study", "residence"]),
                           "together_since": iso(together), "signed_on": iso(signed),
                           "replacement": False, "replacement_resolution_date": None,
                           "disciplined": False})
        d["introducers"] = intros
        if youth_active and rng.random() < 0.8:
            d["union_introduction"] = {"org": "youth_union", "body": "grassroots_executive",
                                       "resolution_no": "%02d-NQ/ĐTN" % rng.randint(1, 99),
                                       "date": iso(signed + dt.timedelta(days=2))}
        elif trade_active and n_intro < 2:
            d["union_introduction"] = {"org": "trade_union", "body": "grassroots_executive",
                                       "resolution_no": "%02d-NQ/CĐ" % rng.randint(1, 99),
                                       "date": iso(signed + dt.timedelta(days=2))}
        else:
            d["union_introduction"] = None

        # Mentors, with reports every quarter or so.
        mentors = []
        assigned = letter - dt.timedelta(days=rng.randint(90, 400))
        mentor_id = intros[0]["member_id"] if intros else "DV-%07d" % rng.randint(1, 9999999)
        mentor_name = intros[0]["name"] if intros else person_name(rng, False)
        reports, day = [], assigned
        for _ in range(rng.choice([10, 14, 18] if large else [1, 2, 3, 4])):
            day = day + dt.timedelta(days=rng.randint(60, 120))
            if day >= vote_day:
                break
            reports.append({"date": iso(day), "rating": rng.choice(["good", "good", "fair"]),
                            "note": None if rng.random() < 0.6 else
                            rng.choice(NOTES).format(y=day.year)})
        mentors.append({"member_id": mentor_id, "name": mentor_name, "status": "official",
                        "assigned_on": iso(assigned), "phase": "candidate", "reports": reports})
        d["mentors"] = mentors

        # Opinions, then the summary before the vote.
        summary = vote_day - dt.timedelta(days=rng.randint(5, 15))
        opinions = []
        sources_ = (["youth_union"] if youth_active else []) + \
                   (["trade_union"] if trade_active else []) + ["residence_branch"]
        if detail == "no_residence_opinion":
            sources_.remove("residence_branch")
        sources_ += rng.choice([["workplace"] * 3 + ["other"] * 3, ["other"] * 8]) if large \
            else rng.choice([[], [], ["workplace"], ["workplace", "other"]])
        for src in sources_:
            opinions.append({"from": src,
                             "date": iso(summary - dt.timedelta(days=rng.randint(1, 40))),
                             "verdict": "supports" if rng.random() < 0.95 else "reservations",
                             "political_ideology": rng.choice(["good", "good", "good", "fair"])})
        d["opinions"] = opinions

        # Assessments: ideology, ethics, yearly task performance, the course essay.
        assess_day = vote_day - dt.timedelta(days=rng.randint(5, 60))
        if detail == "assessment_stale":
            assess_day = add_months(vote_day, -rng.randint(14, 30))
        assessments = [
            {"kind": "political_ideology", "by": "branch_committee", "date": iso(assess_day),
             "result": "pass", "score": None, "note": None},
            {"kind": "ethics_lifestyle", "by": "branch_committee", "date": iso(assess_day),
             "result": "pass", "score": None, "note": None}]
        for k in range(rng.choice([8, 12, 15] if large else [1, 1, 2, 3])):
            y = vote_day.year - 1 - k
            assessments.append({"kind": "task_performance", "by": "unit_head",
                                "date": iso(dt.date(y + 1, 1, rng.randint(5, 25))),
                                "result": "pass", "score": None,
                                "note": rng.choice(NOTES).format(y=y)})
        assessments.append({"kind": "course_essay", "by": "course", "date": iso(course),
                            "result": "pass", "score": rng.choice([6.5, 7, 7.5, 8, 8.5, 9, 9.5]),
                            "note": None})
        d["assessments"] = assessments
        d["opinion_summary"] = None if detail == "no_summary" else {"date": iso(summary)}

        # The votes, the decision, the ceremony.
        members = rng.randint(3, 45)
        d["branch_vote"] = vote(rng, vote_day, members, short=detail == "short_vote",
                                excluded_max=min(3, members // 5))
        d["partial_committee"] = None
        gday = vote_day + dt.timedelta(days=rng.randint(5, 20))
        d["grassroots_vote"] = None if grassroots else vote(rng, gday, rng.randint(5, 15))
        dec = gday + dt.timedelta(days=rng.randint(10, 40))
        d["decision"] = {"number": "%d-QĐ/ĐUK" % rng.randint(10, 999), "date": iso(dec),
                         "received_on": iso(dec + dt.timedelta(days=rng.randint(1, 5))),
                         "issued_by": "Ban Thường vụ Đảng ủy Khối các cơ quan tỉnh",
                         "authority": "superior_standing_committee",
                         "extension_working_days": 0}
        d["approvals"] = []
        cer = dec + dt.timedelta(days=rng.randint(5, 25))
        d["ceremony"] = {"date": iso(cer), "mentor_id": mentor_id}

        if detail == "no_branch_vote":
            # The branch has not met yet: evaluate on the planned meeting day.
            d["as_of"] = iso(vote_day)
            for key in ("branch_vote", "grassroots_vote", "decision", "ceremony"):
                d[key] = None

        if detail == "early_stage":
            # Before verification: the branch plans to meet on the anchor.
            d["as_of"] = iso(vote_day)
            d["verification"] = None
            d["mentors"] = []
            d["opinions"] = []
            d["assessments"] = []
            for key in ("opinion_summary", "branch_vote", "partial_committee", "grassroots_vote",
                        "decision", "ceremony", "approvals", "probation"):
                del d[key]

        if recognition:
            # Probation: mentor for probation, course, self review, votes.
            preports, day = [], cer
            for _ in range(rng.choice([1, 2, 4])):
                day = day + dt.timedelta(days=rng.randint(80, 100))
                preports.append({"date": iso(day), "rating": "good", "note": None})
            mentors.append({"member_id": mentor_id, "name": mentor_name, "status": "official",
                            "assigned_on": iso(cer), "phase": "probation", "reports": preports})
            # Twelve months of probation, then the documents, then the branch
            # meets within a few weeks.
            end = add_months(cer, 12)
            review = end + dt.timedelta(days=rng.randint(1, 4))
            assessed = review + dt.timedelta(days=rng.randint(1, 3))
            summed = assessed + dt.timedelta(days=rng.randint(1, 4))
            rec_day = summed + dt.timedelta(days=rng.randint(1, 10))
            p = d["probation"]
            p["newmember_certificate"] = {"issued_on": iso(cer + dt.timedelta(days=rng.randint(30, 150)))}
            p["self_review"] = {"date": iso(review)}
            p["mentor_assessment"] = {"member_id": mentor_id, "date": iso(assessed), "rating": "good"}
            p["opinion_summary"] = {"date": iso(summed)}
            bv = vote(rng, rec_day, members + rng.randint(0, 2))
            bv["outcome"] = "recognise"
            p["branch_votes"] = [bv]
            rg = rec_day + dt.timedelta(days=rng.randint(5, 15))
            p["grassroots_vote"] = None if grassroots else vote(rng, rg, rng.randint(5, 15))
            rdec = rg + dt.timedelta(days=rng.randint(10, 25))
            p["decision"] = {"number": "%d-QĐ/ĐUK" % rng.randint(10, 999), "date": iso(rdec),
                             "received_on": iso(rdec + dt.timedelta(days=2)),
                             "issued_by": "Ban Thường vụ Đảng ủy Khối các cơ quan tỉnh",
                             "authority": "superior_standing_committee",
                             "extension_working_days": 0}
            p["discipline"] = []
            if detail == "recognition_no_decision":
                p["grassroots_vote"] = None
                p["decision"] = None
                d["as_of"] = iso(rg)
            anchor = rec_day
        elif detail != "early_stage":
            d["probation"] = None

        indent = 2 if large else (None if size == "early" else rng.choice([None, None, 1, 2]))
        text = json.dumps(d, ensure_ascii=False, indent=indent,
                          separators=(",", ":") if indent is None else (",", ": "))
        return text + "\n", ("recognition" if recognition else "admission"), \
            kind + ("/" + detail if detail else ""), edition_of(anchor)


def edition_of(day):
    """The edition in force on `day` (rules/editions.json)."""
    found = None
    for name, start in EDITION_STARTS:
        if day >= start:
            found = name
    return found


def main():
    ap = argparse.ArgumentParser(description="generate N admit.dossier/1 files")
    ap.add_argument("count", type=int)
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=20231)
    ap.add_argument("--examples", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                       "..", "examples"))
    args = ap.parse_args()
    os.makedirs(args.outdir, exist_ok=True)
    gen = Generator(args.seed, args.examples)
    total, sizes = 0, []
    with open(os.path.join(args.outdir, "MANIFEST.tsv"), "w", encoding="utf-8") as manifest:
        manifest.write("file\tprocedure\tkind\tedition\tbytes\n")
        for i in range(args.count):
            text, proc, kind, edition = gen.dossier(i)
            data = text.encode("utf-8")
            name = "d%05d.json" % i
            with open(os.path.join(args.outdir, name), "wb") as f:
                f.write(data)
            manifest.write("%s\t%s\t%s\t%s\t%d\n" % (name, proc, kind, edition, len(data)))
            total += len(data)
            sizes.append(len(data))
    sizes.sort()
    print("gen_corpus: %d dossiers, %d bytes in all, sizes %d..%d (median %d) bytes, seed %d -> %s"
          % (args.count, total, sizes[0], sizes[-1], sizes[len(sizes) // 2], args.seed,
             args.outdir))


if __name__ == "__main__":
    sys.exit(main())
