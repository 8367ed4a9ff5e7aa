-- daihoc/students.lua: the sample university's criteria for students.
--
-- Hướng dẫn 02-HD/ĐU: a student candidate (candidate.occupation = student)
-- has study results "khá" or better in the last two terms and no
-- disciplinary record, read from the dossier's extension x_daihoc
-- ({terms: [{term, grade}], discipline: {checked_on, measures: [...]}},
-- daihoc/extension.schema.json): the school's check of its records, dated,
-- so that "no record" is evidence and not an absent list.

local GOOD = {kha = true, gioi = true, xuat_sac = true}

rule {
  id = "daihoc.study_results",
  severity = "eligibility",
  procedures = {"admission"},
  codes = {"ok", "below_kha", "missing", "not_student"},
  cite = "Hướng dẫn 02-HD/ĐU (01/09/2021), điểm 1",
  check = function(d, ctx)
    if d.candidate.occupation ~= "student" then
      return ctx.not_applicable("not_student")
    end
    local ext = d.x_daihoc
    if ext == nil or ext.terms == nil or #ext.terms < 2 then
      return ctx.missing({"x_daihoc.terms"})
    end
    local n = #ext.terms
    local last, before = ext.terms[n], ext.terms[n - 1]
    local facts = {last_term = last.term, last_grade = last.grade,
                   previous_term = before.term, previous_grade = before.grade}
    if GOOD[last.grade] and GOOD[before.grade] then
      return ctx.pass(facts)
    end
    return ctx.fail("below_kha", facts)
  end,
}

rule {
  id = "daihoc.discipline",
  severity = "eligibility",
  procedures = {"admission"},
  codes = {"ok", "disciplined", "missing", "not_student"},
  cite = "Hướng dẫn 02-HD/ĐU (01/09/2021), điểm 2",
  check = function(d, ctx)
    if d.candidate.occupation ~= "student" then
      return ctx.not_applicable("not_student")
    end
    local ext = d.x_daihoc
    if ext == nil or ext.discipline == nil or ext.discipline.checked_on == nil then
      return ctx.missing({"x_daihoc.discipline.checked_on"})
    end
    local facts = {checked_on = ext.discipline.checked_on, count = #ext.discipline.measures}
    if facts.count > 0 then
      return ctx.fail("disciplined", facts)
    end
    return ctx.pass(facts)
  end,
}
