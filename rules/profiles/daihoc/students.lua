-- daihoc/students.lua: the sample university's criteria for students.
--
-- Hướng dẫn 02-HD/ĐU: a student candidate (candidate.occupation = student)
-- has study results "khá" or better in the last two terms and no
-- disciplinary record, read from the dossier's extension x_daihoc
-- ({terms: [{term, grade}], discipline: [...]}, daihoc/extension.schema.json).

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
    if ext == nil or ext.discipline == nil then
      return ctx.missing({"x_daihoc.discipline"})
    end
    if #ext.discipline > 0 then
      return ctx.fail("disciplined", {count = #ext.discipline})
    end
    return ctx.pass({})
  end,
}
