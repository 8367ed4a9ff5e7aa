-- opin.lua: written opinions on the person before the branch votes.
--
-- Điều lệ Đảng 2011, Điều 4.3: the branch considers the opinions of the
-- organisations (Youth Union, Trade Union) the person belongs to.  The
-- guidance of the Central Organisation Commission on party-member procedures
-- adds the opinion of the party branch where the person lives, and the
-- branch committee's summary of all opinions (Mẫu 5-KNĐ).

local dates = require "dates"
local evidence = require "evidence"

-- The Central Organisation Commission's guidance on party-member procedures
-- (nghiệp vụ công tác đảng viên), by the day it took effect, newest first,
-- with the point that asks for the residence branch's opinion where known.
local PROCEDURE_GUIDANCE = {
  {from = dates.parse("2022-01-18"), name = "Hướng dẫn 12-HD/BTCTW (18/01/2022)",
   residence_point = "điểm II.1.1"},
  {from = dates.parse("2017-06-05"), name = "Hướng dẫn 09-HD/BTCTW (05/06/2017)"},
  {from = nil,                       name = "Hướng dẫn 12-HD/BTCTW (17/05/2012)"},
}

-- The procedure guidance in force on the anchor.
local function procedure_guidance(ctx)
  for _, guidance in ipairs(PROCEDURE_GUIDANCE) do
    if guidance.from == nil or ctx.anchor >= guidance.from then
      return guidance
    end
  end
end

-- The organisations whose opinion is asked when the person is their member.
local UNIONS = {"youth_union", "trade_union"}

rule {
  id = "opin.orgs",
  severity = "eligibility",
  procedures = {"admission"},
  codes = {"ok", "no_union_membership", "missing"},
  cite = {
    ["2011"]  = "Điều lệ Đảng 2011, Điều 4.3",
    ["2016"]  = "Điều lệ Đảng 2011, Điều 4.3",
    ["2021"]  = "Điều lệ Đảng 2011, Điều 4.3",
    ["2025a"] = "Điều lệ Đảng 2011, Điều 4.3",
    ["2025b"] = "Điều lệ Đảng 2011, Điều 4.3",
  },
  check = function(d, ctx)
    local member_of, missing, facts = {}, {}, {}
    for _, org in ipairs(UNIONS) do
      if evidence.active_membership(d.candidate, org, ctx.anchor) ~= nil then
        member_of[#member_of + 1] = org
        local opinion = evidence.find(d.opinions, "from", org)
        if opinion == nil then
          missing[#missing + 1] = evidence.path_where("opinions", "from", org)
        else
          facts[org .. "_opinion_on"] = opinion.date
        end
      end
    end
    facts.member_of = member_of
    if #member_of == 0 then
      return ctx.not_applicable("no_union_membership", facts)
    elseif #missing > 0 then
      return ctx.missing(missing, facts)
    end
    return ctx.pass(facts)
  end,
}

-- The opinion of the party branch (chi ủy, chi bộ) where the person lives.
rule {
  id = "opin.residence",
  severity = "eligibility",
  procedures = {"admission"},
  codes = {"ok", "missing"},
  cite = {
    ["2011"]  = "Hướng dẫn 12-HD/BTCTW (17/05/2012)",
    ["2016"]  = "Hướng dẫn 09-HD/BTCTW (05/06/2017)",
    ["2021"]  = "Hướng dẫn 12-HD/BTCTW (18/01/2022), điểm II.1.1",
    ["2025a"] = "Hướng dẫn 12-HD/BTCTW (18/01/2022), điểm II.1.1",
    ["2025b"] = "Hướng dẫn 12-HD/BTCTW (18/01/2022), điểm II.1.1",
  },
  cite_at = function(ctx)
    local guidance = procedure_guidance(ctx)
    if guidance.residence_point ~= nil then
      return guidance.name .. ", " .. guidance.residence_point
    end
    return guidance.name
  end,
  check = function(d, ctx)
    local opinion = evidence.find(d.opinions, "from", "residence_branch")
    if opinion == nil then
      return ctx.missing({evidence.path_where("opinions", "from", "residence_branch")})
    end
    return ctx.pass({opinion_on = opinion.date, verdict = opinion.verdict})
  end,
}

-- Mẫu 5-KNĐ: the branch committee sums up the opinions after the last of
-- them and before the branch meets.
rule {
  id = "opin.summary",
  severity = "eligibility",
  procedures = {"admission"},
  codes = {"ok", "before_last_opinion", "after_anchor", "missing"},
  cite = {
    ["2011"]  = "Hướng dẫn 12-HD/BTCTW (17/05/2012), Mẫu 5-KNĐ",
    ["2016"]  = "Hướng dẫn 09-HD/BTCTW (05/06/2017), Mẫu 5-KNĐ",
    ["2021"]  = "Hướng dẫn 12-HD/BTCTW (18/01/2022), Mẫu 5-KNĐ",
    ["2025a"] = "Hướng dẫn 12-HD/BTCTW (18/01/2022), Mẫu 5-KNĐ",
    ["2025b"] = "Hướng dẫn 12-HD/BTCTW (18/01/2022), Mẫu 5-KNĐ",
  },
  cite_at = function(ctx)
    return procedure_guidance(ctx).name .. ", Mẫu 5-KNĐ"
  end,
  check = function(d, ctx)
    local summary = d.opinion_summary
    if summary == nil then
      return ctx.missing({"opinion_summary"})
    elseif summary.date == nil then
      return ctx.missing({"opinion_summary.date"})
    end
    local undated = {}
    for i, opinion in ipairs(d.opinions) do
      if opinion.date == nil then
        undated[#undated + 1] = evidence.path("opinions", i, "date")
      end
    end
    -- A summary before a dated opinion, or after the meeting, fails even when
    -- another opinion is undated (fail wins over missing).
    local last, i = evidence.latest(d.opinions, "date")
    local facts = {summary_date = summary.date, last_opinion_date = last}
    if last ~= nil then
      facts.last_opinion_from = d.opinions[i].from
      if summary.date < last then
        return ctx.fail("before_last_opinion", facts, {earliest = last})
      end
    end
    if summary.date > ctx.anchor then
      return ctx.fail("after_anchor", facts)
    end
    if #undated > 0 then
      return ctx.missing(undated, facts)
    end
    return ctx.pass(facts)
  end,
}
