-- edu.lua: the general education a person admitted must have.
--
-- QĐ điểm 1.2 of each edition and the guidance in force, điểm 1.2: a lower
-- secondary diploma at least; primary in mountainous, border, island,
-- ethnic-minority and hardship areas and for fishermen at sea; literacy for
-- village elders, hamlet heads and persons of prestige there, with the
-- consent of the provincial standing committee.

local evidence = require "evidence"
local sources = require "sources"

-- Levels of `education.general`, lowest first.
local LEVEL = {none = 0, literate = 1, primary = 2, lower_secondary = 3, upper_secondary = 4}

-- Editions in which an equivalent programme counts as the lower secondary
-- diploma.
local EQUIVALENT_ACCEPTED = {["2011"] = true, ["2016"] = true}

-- Where the exceptions apply: a listed area type, or work as a fisherman at sea.
local function exception_place(candidate)
  local residence = candidate.residence
  local areas = residence and residence.areas or {}
  return #areas > 0 or candidate.occupation == "fisherman_at_sea"
end

-- The listed area types, as a plain list for the facts.
local function area_list(candidate)
  local list = {}
  local residence = candidate.residence
  for _, area in ipairs(residence and residence.areas or {}) do
    list[#list + 1] = area
  end
  return list
end

local EDU_MIN = {
  ["2011"]  = "Quy định 45-QĐ/TW (01/11/2011), điểm 1.2",
  ["2016"]  = "Quy định 29-QĐ/TW (25/07/2016), điểm 1.2",
  ["2021"]  = "Quy định 24-QĐ/TW (30/07/2021), điểm 1.2",
  ["2025a"] = "Quy định 232-QĐ/TW (20/01/2025), điểm 1.2",
  ["2025b"] = "Quy định 294-QĐ/TW (26/05/2025), điểm 1.2",
}

rule {
  id = "edu.min",
  severity = "eligibility",
  procedures = {"admission"},
  codes = {"ok", "ok_equivalent", "exception_primary", "exception_literate",
           "needs_low_education_approval", "approval_late", "below_minimum", "missing"},
  cite = EDU_MIN,
  cite_at = sources.regulation_and_guidance(EDU_MIN, sources.every_guidance("điểm 1.2")),
  check = function(d, ctx)
    local candidate = d.candidate
    local education = candidate.education
    if education == nil or education.general == nil then
      return ctx.missing({"candidate.education.general"})
    end
    local level = LEVEL[education.general]
    local facts = {
      level = education.general,
      diploma = education.diploma,
      equivalent = education.equivalent,
      areas = area_list(candidate),
      occupation = candidate.occupation,
      community_role = candidate.community_role,
    }

    if level >= LEVEL.upper_secondary then
      return ctx.pass(facts)
    end

    -- Lower secondary: the diploma; in 2011 and 2016 also an equivalent programme.
    if level == LEVEL.lower_secondary then
      if education.diploma == true then
        return ctx.pass(facts)
      elseif education.equivalent == true and EQUIVALENT_ACCEPTED[ctx.edition] then
        return ctx.pass(facts, "ok_equivalent")
      elseif exception_place(candidate) then
        -- Levels are ordered: lower secondary completed includes primary,
        -- which is enough where the exception applies.
        return ctx.pass(facts, "exception_primary")
      elseif education.diploma == nil then
        return ctx.missing({"candidate.education.diploma"}, facts)
      end
      return ctx.fail("below_minimum", facts)
    end

    -- Primary with its completion certificate, where the exception applies.
    if level == LEVEL.primary and exception_place(candidate) then
      if education.diploma == true then
        return ctx.pass(facts, "exception_primary")
      elseif education.diploma == nil then
        return ctx.missing({"candidate.education.diploma"}, facts)
      elseif candidate.community_role == nil then
        return ctx.fail("below_minimum", facts)
      end
      -- Primary not completed: literate at least, the exception below.
    end

    -- Literate (or more), for a community role holder there, with provincial consent.
    if level >= LEVEL.literate and exception_place(candidate) and candidate.community_role ~= nil then
      return evidence.consent_outcome(d, ctx, "low_education", "provincial_standing_committee",
                                      facts, "exception_literate", "needs_low_education_approval")
    end

    return ctx.fail("below_minimum", facts)
  end,
}
