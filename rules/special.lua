-- special.lua: persons in situations with rules of their own.
--
-- The population policy: a person who had a third or later child outside
-- the policy's exempt situations (Quy định 173-QĐ/TW, 2013; Quy định
-- 05-QĐi/TW, 2018, until `population.until`).  A religious office holder,
-- dignitary or clergy (Quy định 123-QĐ/TW, 2004; 06-QĐ/TW, 2018), and a
-- private business owner (Hướng dẫn 08-HD/BTCTW, 2021): advisory.

local dates = require "dates"
local evidence = require "evidence"
local population = require "population"

local CHILDREN = "candidate.children"

-- ---------------------------------------------------------------------------
-- special.population

local counted_children = population.counted_children
local regime_at = population.regime_at
local REGULATION = population.REGULATION

-- The months to wait from the birth of the child counted `order`th, or nil
-- when that child needs no wait; `barred` when no wait is enough.
local function wait_months(regime, order, areas, v173, v05)
  if order < 3 then
    return nil
  elseif regime == "v173" then
    return areas and v173.wait_months_areas or v173.wait_months
  elseif order >= v05.barred_from_child then
    return "barred"
  elseif order == 3 then
    return v05.third_child_months
  end
  return v05.fourth_child_months
end

-- Every counted child from the third on against its wait.  Returns the
-- child whose wait ends last when some wait has not ended on the anchor
-- (with its facts), the barred child if any, and the paths of missing
-- birth dates.
local function judge_waits(counted, ctx, regime, areas, v173, v05)
  local short, barred, missing = nil, nil, {}
  for _, entry in ipairs(counted) do
    local months = wait_months(regime, entry.order, areas, v173, v05)
    if months == "barred" then
      barred = barred or entry
    elseif months ~= nil then
      local birth = entry.child.birth_date
      if birth == nil then
        missing[#missing + 1] = evidence.path(CHILDREN, entry.index, "birth_date")
      else
        local earliest = dates.add_months(birth, months)
        if ctx.anchor < earliest and (short == nil or earliest > short.earliest) then
          short = {child_order = entry.order, child_birth_date = birth,
                   required_months = months, earliest = earliest}
        end
      end
    end
  end
  return short, barred, missing
end

rule {
  id = "special.population",
  severity = "eligibility",
  procedures = {"admission"},
  params = {"population.v173", "population.v05", "population.until"},
  codes = {"ok", "ok_waited", "ok_approved", "too_recent", "barred", "needs_provincial_approval",
           "approval_late", "policy_transition", "before_policy", "missing"},
  cite = {
    ["2011"]  = REGULATION.v173,
    ["2016"]  = REGULATION.v173 .. "; " .. REGULATION.v05,
    ["2021"]  = REGULATION.v05,
    ["2025a"] = REGULATION.v05,
    ["2025b"] = REGULATION.v05,
  },
  cite_at = function(ctx)
    local v173, v05 = ctx.param("population.v173"), ctx.param("population.v05")
    local policy_until = dates.parse(ctx.param("population.until"))
    local regime = regime_at(ctx.anchor, v173, v05, policy_until)
    if regime == "after" then
      return population.v05_until_text(policy_until)
    end
    return REGULATION[regime]
  end,
  check = function(d, ctx)
    local v173, v05 = ctx.param("population.v173"), ctx.param("population.v05")
    local policy_until = dates.parse(ctx.param("population.until"))
    local regime = regime_at(ctx.anchor, v173, v05, policy_until)
    local counted = counted_children(d.candidate.children)
    local facts = {
      children = #d.candidate.children,
      counted_children = #counted,
      policy_until = policy_until,
    }
    if regime == "before" then
      facts.policy_from = dates.parse(v173.from)
      return ctx.not_applicable("before_policy", facts)
    elseif regime == "after" then
      if #counted >= 3 then
        return ctx.warn("policy_transition", facts)
      end
      return ctx.pass(facts)
    end

    facts.regulation = REGULATION[regime]
    if #counted < 3 then
      return ctx.pass(facts)
    end
    local residence = d.candidate.residence
    local areas = residence ~= nil and #residence.areas > 0
    facts.listed_areas = areas
    local short, barred, missing = judge_waits(counted, ctx, regime, areas, v173, v05)
    if barred ~= nil then
      facts.child_order = barred.order
      facts.child_birth_date = barred.child.birth_date
      return ctx.fail("barred", facts)
    elseif short ~= nil then
      for key, value in pairs(short) do
        facts[key] = value
      end
      return ctx.fail("too_recent", facts, {earliest = short.earliest})
    elseif #missing > 0 then
      return ctx.missing(missing, facts)
    elseif regime == "v05" then
      return ctx.pass(facts, "ok_waited")
    end
    -- 173-QĐ/TW: and the consent of the provincial standing committee.
    return evidence.consent_outcome(d, ctx, "population_policy", "provincial_standing_committee",
                                    facts, "ok_approved", "needs_provincial_approval")
  end,
}

-- ---------------------------------------------------------------------------
-- special.religion

-- The regulation on admitting religious persons in force on a day.
local RELIGION_06 = dates.parse("2018-08-28")

local function religion_regulation(day)
  if day >= RELIGION_06 then
    return "Quy định 06-QĐ/TW (28/08/2018)"
  end
  return "Quy định 123-QĐ/TW (28/09/2004)"
end

-- A follower may be admitted as anyone else; an office holder, a dignitary
-- or a member of the clergy only under the conditions of that regulation,
-- which the branch must check.
local ROLE_CODE = {
  office_holder = "office_holder",
  dignitary = "dignitary",
  clergy = "clergy",
}

rule {
  id = "special.religion",
  severity = "advisory",
  procedures = {"admission"},
  codes = {"ok", "ok_follower", "office_holder", "dignitary", "clergy", "missing"},
  cite = {
    ["2011"]  = religion_regulation(dates.parse("2011-11-01")),
    ["2016"]  = religion_regulation(dates.parse("2016-07-25")),
    ["2021"]  = religion_regulation(dates.parse("2021-07-30")),
    ["2025a"] = religion_regulation(dates.parse("2025-01-20")),
    ["2025b"] = religion_regulation(dates.parse("2025-07-01")),
  },
  cite_at = function(ctx)
    return religion_regulation(ctx.anchor)
  end,
  check = function(d, ctx)
    local religion = d.candidate.religion
    if religion == nil then
      return ctx.pass({})
    end
    local facts = {religion = religion.name, role = religion.role,
                   regulation = religion_regulation(ctx.anchor)}
    if religion.role == nil then
      return ctx.missing({"candidate.religion.role"}, facts)
    elseif religion.role == "follower" then
      return ctx.pass(facts, "ok_follower")
    end
    return ctx.warn(ROLE_CODE[religion.role], facts)
  end,
}

-- ---------------------------------------------------------------------------
-- special.business_owner

local BUSINESS_GUIDANCE = "Hướng dẫn 08-HD/BTCTW (27/09/2021)"
local BUSINESS_GUIDANCE_FROM = dates.parse("2021-09-27")

-- A private business owner is admitted under the guidance of the Central
-- Organisation Commission; before it, the rules then in force are not
-- encoded and the branch must check them.
rule {
  id = "special.business_owner",
  severity = "advisory",
  procedures = {"admission"},
  codes = {"ok", "business_owner", "business_owner_before_guidance", "missing"},
  cite = {
    ["2011"]  = BUSINESS_GUIDANCE,
    ["2016"]  = BUSINESS_GUIDANCE,
    ["2021"]  = BUSINESS_GUIDANCE,
    ["2025a"] = BUSINESS_GUIDANCE,
    ["2025b"] = BUSINESS_GUIDANCE,
  },
  check = function(d, ctx)
    local occupation = d.candidate.occupation
    if occupation == nil then
      return ctx.missing({"candidate.occupation"})
    end
    local facts = {occupation = occupation, guidance_from = BUSINESS_GUIDANCE_FROM}
    if occupation ~= "business_owner" then
      return ctx.pass(facts)
    elseif ctx.anchor < BUSINESS_GUIDANCE_FROM then
      return ctx.warn("business_owner_before_guidance", facts)
    end
    return ctx.warn("business_owner", facts)
  end,
}
