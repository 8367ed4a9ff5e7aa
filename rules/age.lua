-- age.lua: the age limits of a person admitted to the Party.
--
-- Điều lệ Đảng 2011, Điều 1.2: from eighteen years of age.  The regulation
-- of each edition, point 1.1: age counted in months from 2016 ("tính theo
-- tháng"); above sixty, admission needs the consent of the provincial
-- standing committee.  All arithmetic is the engine's `dates` module.

local dates = require "dates"
local evidence = require "evidence"
local sources = require "sources"

-- The ages a secretary needs to see an edge case: counted as the edition
-- counts (`age.counting`), and by the day of birth.
local function age_facts(birth, t, counting)
  return {
    birth_date = birth,
    counting = counting,
    age_months = dates.age(birth, t, counting),
    age_months_by_day = dates.age(birth, t, "day"),
  }
end

-- Điều 1.2; QĐ điểm 1.1.1: the person is at least eighteen (`age.min_months`)
-- on the anchor date; the earliest date they are is the hint.
rule {
  id = "age.min",
  severity = "eligibility",
  procedures = {"admission"},
  params = {"age.min_months", "age.counting"},
  codes = {"ok", "too_young"},
  cite = {
    ["2011"]  = "Điều lệ Đảng 2011, Điều 1.2; Quy định 45-QĐ/TW (01/11/2011), điểm 1.1.1",
    ["2016"]  = "Điều lệ Đảng 2011, Điều 1.2; Quy định 29-QĐ/TW (25/07/2016), điểm 1.1.1",
    ["2021"]  = "Điều lệ Đảng 2011, Điều 1.2; Quy định 24-QĐ/TW (30/07/2021), điểm 1.1.1",
    ["2025a"] = "Điều lệ Đảng 2011, Điều 1.2; Quy định 232-QĐ/TW (20/01/2025), điểm 1.1.1",
    ["2025b"] = "Điều lệ Đảng 2011, Điều 1.2; Quy định 294-QĐ/TW (26/05/2025), điểm 1.1.1",
  },
  check = function(d, ctx)
    local birth = d.candidate.birth_date
    local counting = ctx.param("age.counting")
    local facts = age_facts(birth, ctx.anchor, counting)
    facts.required_months = ctx.param("age.min_months")
    if facts.age_months < facts.required_months then
      return ctx.fail("too_young", facts,
                      {earliest = dates.age_reached(birth, facts.required_months, counting)})
    end
    return ctx.pass(facts)
  end,
}

-- QĐ điểm 1.1.2: up to sixty; older only with the consent of the provincial
-- standing committee (an `over_60` approval dated by the decision).
-- 2011: the sixty years are counted by calendar year (01-HD/TW 2012, điểm 1.1).
local AGE_MAX = {
  ["2011"]  = "Quy định 45-QĐ/TW (01/11/2011), điểm 1.1.2",
  ["2016"]  = "Quy định 29-QĐ/TW (25/07/2016), điểm 1.1.2",
  ["2021"]  = "Quy định 24-QĐ/TW (30/07/2021), điểm 1.1.2",
  ["2025a"] = "Quy định 232-QĐ/TW (20/01/2025), điểm 1.1.2",
  ["2025b"] = "Quy định 294-QĐ/TW (26/05/2025), điểm 1.1.2",
}

-- Within the limit: by calendar year where the edition sets
-- `age.max_years_2011`, else in months (`age.max_months`).  Returns whether
-- the person is within it, the facts, and whether years were counted.
local function within_age_max(birth, ctx)
  local facts = age_facts(birth, ctx.anchor, "month")
  local max_years = ctx.param("age.max_years_2011")
  if max_years ~= nil then
    facts.age_years = dates.age(birth, ctx.anchor, "year")
    facts.max_years = max_years
    return facts.age_years <= max_years, facts, true
  end
  facts.max_months = ctx.param("age.max_months")
  return facts.age_months <= facts.max_months, facts, false
end

rule {
  id = "age.max",
  severity = "eligibility",
  procedures = {"admission"},
  params = {"age.max_months", "age.max_years_2011"},
  codes = {"ok", "ok_by_year", "approved", "over_age", "over_age_by_year", "approval_late", "missing"},
  cite = AGE_MAX,
  cite_at = sources.regulation_and_guidance(AGE_MAX, {
    ["01-HD/TW 2012"] = "điểm 1.1",
    ["01-HD/TW 2016"] = "điểm 1.1",
    ["01-HD/TW 2021"] = "điểm 1.1",
  }),
  check = function(d, ctx)
    local within, facts, by_year = within_age_max(d.candidate.birth_date, ctx)
    if within then
      return ctx.pass(facts, by_year and "ok_by_year" or "ok")
    end
    return evidence.consent_outcome(d, ctx, "over_60", "provincial_standing_committee",
                                    facts, "approved", by_year and "over_age_by_year" or "over_age")
  end,
}
