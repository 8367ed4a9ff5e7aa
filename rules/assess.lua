-- assess.lua: the assessments of the person's political ideology and of
-- their ethics and way of life.
--
-- Điều lệ Đảng 2011, Điều 1.2 (who may join) and Điều 4.3 (the branch
-- considers the person before voting).

local dates = require "dates"
local evidence = require "evidence"

local IDEOLOGY = "political_ideology"

-- Opinions the branch must weigh before voting: a weak political ideology,
-- or a verdict other than support.
local function opinion_of_concern(opinions)
  for _, opinion in ipairs(opinions) do
    if opinion.political_ideology == "weak" or opinion.verdict == "opposes"
       or opinion.verdict == "reservations" then
      return opinion
    end
  end
  return nil
end

-- The branch committee's assessment of political ideology, and its index:
-- the latest by date (an undated one only when none is dated).
local function branch_assessment(assessments)
  local found, index
  for i, assessment in evidence.each(assessments, "kind", IDEOLOGY) do
    if assessment.by == "branch_committee"
       and (found == nil or found.date == nil
            or (assessment.date ~= nil and assessment.date > found.date)) then
      found, index = assessment, i
    end
  end
  return found, index
end

-- The first day of the window in which the branch committee's assessment
-- counts: `docs.freshness_months` before the anchor.  The 2011 edition sets
-- no such window (the parameter starts with HD 01-HD/TW 2016, which has the
-- documents redone after twelve months): there the assessment need only be
-- dated on or before the anchor, and nil is returned.
local function window_from(ctx)
  local months = ctx.param("docs.freshness_months")
  if months == nil then
    return nil
  end
  return dates.add_months(ctx.anchor, -months)
end

rule {
  id = "assess.ideology",
  severity = "eligibility",
  procedures = {"admission"},
  params = {"docs.freshness_months", "course.min_score"},
  codes = {"ok", "stale", "after_anchor", "branch_fail", "other_fail",
           "essay_below_min", "opinion_concern", "missing"},
  cite = {
    ["2011"]  = "Điều lệ Đảng 2011, Điều 1.2, Điều 4.3",
    ["2016"]  = "Điều lệ Đảng 2011, Điều 1.2, Điều 4.3",
    ["2021"]  = "Điều lệ Đảng 2011, Điều 1.2, Điều 4.3",
    ["2025a"] = "Điều lệ Đảng 2011, Điều 1.2, Điều 4.3",
    ["2025b"] = "Điều lệ Đảng 2011, Điều 1.2, Điều 4.3",
  },
  check = function(d, ctx)
    local branch, branch_index = branch_assessment(d.assessments)
    if branch == nil then
      return ctx.missing({evidence.path_where("assessments", "kind", IDEOLOGY, "by", "branch_committee")})
    end
    -- Present evidence that fails wins over what is missing: a stale or
    -- failing assessment fails even when its other field is absent.
    local missing = {}
    for _, field in ipairs({"date", "result"}) do
      if branch[field] == nil then
        missing[#missing + 1] = evidence.path("assessments", branch_index, field)
      end
    end

    local facts = {
      assessment_date = branch.date,
      result = branch.result,
      freshness_months = ctx.param("docs.freshness_months"),
      window_from = window_from(ctx),
    }
    if branch.date ~= nil and facts.window_from ~= nil and branch.date < facts.window_from then
      return ctx.fail("stale", facts)
    elseif branch.date ~= nil and branch.date > ctx.anchor then
      return ctx.fail("after_anchor", facts)
    elseif branch.result ~= nil and branch.result ~= "pass" then
      return ctx.fail("branch_fail", facts)
    end

    -- Every other assessment of political ideology.
    for i, assessment in evidence.each(d.assessments, "kind", IDEOLOGY) do
      if i ~= branch_index and assessment.result ~= "pass" then
        if assessment.result == nil then
          missing[#missing + 1] = evidence.path("assessments", i, "result")
        else
          facts.other_by, facts.other_date = assessment.by, assessment.date
          return ctx.fail("other_fail", facts)
        end
      end
    end

    -- A local minimum score of the course essay (profiles: course.min_score).
    local min_score = ctx.param("course.min_score")
    if min_score ~= nil then
      facts.min_score = min_score
      for i, essay in evidence.each(d.assessments, "kind", "course_essay") do
        if essay.score == nil then
          missing[#missing + 1] = evidence.path("assessments", i, "score")
        elseif essay.score < min_score then
          facts.essay_score, facts.essay_date = essay.score, essay.date
          return ctx.fail("essay_below_min", facts)
        end
      end
    end
    if #missing > 0 then
      return ctx.missing(missing, facts)
    end

    local concern = opinion_of_concern(d.opinions)
    if concern ~= nil then
      facts.opinion_from = concern.from
      facts.opinion_date = concern.date
      facts.opinion_verdict = concern.verdict
      facts.opinion_political_ideology = concern.political_ideology
      return ctx.warn("opinion_concern", facts)
    end
    return ctx.pass(facts)
  end,
}

rule {
  id = "assess.ethics",
  severity = "eligibility",
  procedures = {"admission"},
  codes = {"ok", "failed", "missing"},
  cite = {
    ["2011"]  = "Điều lệ Đảng 2011, Điều 1.2",
    ["2016"]  = "Điều lệ Đảng 2011, Điều 1.2",
    ["2021"]  = "Điều lệ Đảng 2011, Điều 1.2",
    ["2025a"] = "Điều lệ Đảng 2011, Điều 1.2",
    ["2025b"] = "Điều lệ Đảng 2011, Điều 1.2",
  },
  check = function(d, ctx)
    local count, missing = 0, {}
    for i, assessment in evidence.each(d.assessments, "kind", "ethics_lifestyle") do
      count = count + 1
      if assessment.result == nil then
        missing[#missing + 1] = evidence.path("assessments", i, "result")
      elseif assessment.result ~= "pass" then
        return ctx.fail("failed", {by = assessment.by, assessment_date = assessment.date,
                                   result = assessment.result})
      end
    end
    if count == 0 then
      return ctx.missing({evidence.path_where("assessments", "kind", "ethics_lifestyle")})
    elseif #missing > 0 then
      return ctx.missing(missing)
    end
    return ctx.pass({assessments = count})
  end,
}
