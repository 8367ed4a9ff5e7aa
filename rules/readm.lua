-- readm.lua: re-admission of a person who has left the Party (kết nạp lại).
--
-- The regulation of each edition, point 3.5: 3.5.1 the waiting times and the
-- consent of the provincial standing committee, 3.5.2 the persons who are
-- not re-admitted, 3.5.3 re-admission only once.  Quy định 05-QĐi/TW
-- (28/08/2018) shortens the wait of a person removed for the population
-- policy, until `population.until`.  A dossier is a re-admission when
-- `candidate.previous_membership` is present; otherwise none of these rules
-- applies (code `not_readmission`).

local dates = require "dates"
local evidence = require "evidence"
local population = require "population"

local PREVIOUS = "candidate.previous_membership"

-- The regulation of each edition and its point: "Quy định 29-QĐ/TW
-- (25/07/2016), điểm 3.5.1".
local REGULATION = {
  ["2011"]  = "Quy định 45-QĐ/TW (01/11/2011)",
  ["2016"]  = "Quy định 29-QĐ/TW (25/07/2016)",
  ["2021"]  = "Quy định 24-QĐ/TW (30/07/2021)",
  ["2025a"] = "Quy định 232-QĐ/TW (20/01/2025)",
  ["2025b"] = "Quy định 294-QĐ/TW (26/05/2025)",
}

local function cite_point(point)
  local cite = {}
  for edition, regulation in pairs(REGULATION) do
    cite[edition] = regulation .. ", điểm " .. point
  end
  return cite
end

-- ---------------------------------------------------------------------------
-- readm.wait

local WAIT_CITE = cite_point("3.5.1")

-- The waits of 05-QĐi/TW for a person removed for the population policy:
-- the "v05" regime (see rules/lib/population.lua) on the anchor, the
-- children counted, and the months to wait from leaving (nil when fewer
-- than three children are counted: the dossier does not show the case).
local function population_wait(d, ctx)
  local v05 = ctx.param("population.v05")
  local policy_until = dates.parse(ctx.param("population.until"))
  local regime = population.v05_regime(ctx.anchor, v05, policy_until)
  local counted = population.counted_children(d.candidate.children)
  local waits = ctx.param("readmission.population_wait_months")
  local months
  if #counted >= 4 then
    months = waits.fourth_child
  elseif #counted == 3 then
    months = waits.third_child
  end
  return regime, #counted, months, policy_until
end

-- QĐ điểm 3.5.1: at least `readmission.wait_months` since leaving the
-- Party; for a person removed for the population policy, under 05-QĐi/TW,
-- 24 months (a third child) or 36 (a fourth); for a person convicted of a
-- less serious crime, also `readmission.expunged_wait_months` since the
-- conviction was expunged.  The latest of the waits is the hint.  Before
-- 2016 the waits are not encoded: a warning, never a silent pass.
rule {
  id = "readm.wait",
  severity = "eligibility",
  procedures = {"admission"},
  params = {"readmission.wait_months", "readmission.expunged_wait_months",
            "readmission.population_wait_months", "population.v05", "population.until"},
  codes = {"ok", "ok_population", "ok_expunged", "too_soon", "too_soon_population",
           "too_soon_expunged", "population_transition", "children_missing", "missing",
           "not_encoded_warn", "not_readmission"},
  cite = WAIT_CITE,
  cite_at = function(ctx)
    local cite = WAIT_CITE[ctx.edition]
    local policy_until = dates.parse(ctx.param("population.until"))
    local regime = population.v05_regime(ctx.anchor, ctx.param("population.v05"), policy_until)
    if cite == nil or regime == "before" then
      return nil
    elseif regime == "v05" then
      return cite .. "; " .. population.REGULATION.v05
    end
    return cite .. "; " .. population.v05_until_text(policy_until)
  end,
  check = function(d, ctx)
    local previous = d.candidate.previous_membership
    if previous == nil then
      return ctx.not_applicable("not_readmission")
    end
    local facts = {left_on = previous.left_on, reason = previous.reason}
    local months = ctx.param("readmission.wait_months")
    if months == nil then
      -- Edition 2011: the waits start with the parameters, from 2016.
      return ctx.warn("not_encoded_warn", facts)
    end

    local missing, children_missing = {}, false
    if previous.left_on == nil then
      missing[#missing + 1] = PREVIOUS .. ".left_on"
    end
    if previous.reason == nil then
      -- The wait depends on the reason: it is judged once the reason is known.
      missing[#missing + 1] = PREVIOUS .. ".reason"
      months = nil
    end

    -- The wait since leaving: the general one, or that of 05-QĐi/TW.
    local kind, transition = "general", false
    if previous.reason == "population_policy" then
      local regime, counted, population_months, policy_until = population_wait(d, ctx)
      if regime ~= "before" then
        facts.children = #d.candidate.children
        facts.counted_children = counted
        facts.policy_until = policy_until
      end
      if regime == "v05" then
        facts.regulation = population.REGULATION.v05
        if population_months == nil then
          children_missing = true
          missing[#missing + 1] = evidence.path("candidate.children", #d.candidate.children + 1)
          months = nil
        else
          months, kind = population_months, "population"
        end
      elseif regime == "after" then
        transition, months = true, nil
      end
    end
    if months ~= nil and previous.left_on ~= nil then
      facts.required_months = months
      facts.wait_from = dates.add_months(previous.left_on, months)
    end

    -- A less serious crime: the wait since the record was expunged.
    local conviction = previous.conviction
    if conviction ~= nil then
      facts.conviction_severity = conviction.severity
      if conviction.severity == nil then
        missing[#missing + 1] = PREVIOUS .. ".conviction.severity"
      elseif conviction.severity == "less_serious" then
        local expunged_months = ctx.param("readmission.expunged_wait_months")
        facts.expunged_on = conviction.expunged_on
        facts.expunged_required_months = expunged_months
        if conviction.expunged_on == nil then
          missing[#missing + 1] = PREVIOUS .. ".conviction.expunged_on"
        else
          facts.expunged_wait_from = dates.add_months(conviction.expunged_on, expunged_months)
        end
      end
    end

    -- Every wait must have ended on the anchor; the one ending last decides.
    local short
    if facts.wait_from ~= nil and ctx.anchor < facts.wait_from then
      short = {code = kind == "population" and "too_soon_population" or "too_soon",
               earliest = facts.wait_from}
    end
    if facts.expunged_wait_from ~= nil and ctx.anchor < facts.expunged_wait_from
       and (short == nil or facts.expunged_wait_from > short.earliest) then
      short = {code = "too_soon_expunged", earliest = facts.expunged_wait_from}
    end
    if short ~= nil then
      facts.earliest = short.earliest
      return ctx.fail(short.code, facts, {earliest = short.earliest})
    elseif #missing > 0 then
      local code = (children_missing and #missing == 1) and "children_missing" or "missing"
      return ctx.missing(missing, facts, code)
    elseif transition then
      return ctx.warn("population_transition", facts)
    elseif facts.expunged_wait_from ~= nil then
      return ctx.pass(facts, "ok_expunged")
    elseif kind == "population" then
      return ctx.pass(facts, "ok_population")
    end
    return ctx.pass(facts)
  end,
}

-- ---------------------------------------------------------------------------
-- readm.excluded

-- QĐ điểm 3.5.2: who is not re-admitted.  Reasons for leaving that exclude
-- (asking to leave for family hardship does not), and convictions.
local EXCLUDED_REASON = {
  abandoned_activities = true,
  asked_to_leave = true,
  serious_disunity = true,
}

local SERIOUS_CONVICTION = {
  serious = "conviction_serious",
  very_serious = "conviction_very_serious",
  especially_serious = "conviction_especially_serious",
}

rule {
  id = "readm.excluded",
  severity = "eligibility",
  procedures = {"admission"},
  codes = {"ok", "ok_family_hardship", "abandoned_activities", "asked_to_leave",
           "serious_disunity", "corruption", "conviction_serious", "conviction_very_serious",
           "conviction_especially_serious", "population_policy_repeat", "missing",
           "not_readmission"},
  cite = cite_point("3.5.2"),
  check = function(d, ctx)
    local previous = d.candidate.previous_membership
    if previous == nil then
      return ctx.not_applicable("not_readmission")
    end
    local reason, conviction = previous.reason, previous.conviction
    local facts = {
      reason = reason,
      population_policy_repeat = previous.population_policy_repeat,
    }
    local missing = {}

    -- Every exclusion in the order of the point; the first found is reported.
    if reason == nil then
      missing[#missing + 1] = PREVIOUS .. ".reason"
    elseif EXCLUDED_REASON[reason] then
      return ctx.fail(reason, facts)
    end
    if conviction ~= nil then
      facts.conviction_severity = conviction.severity
      facts.corruption = conviction.corruption
      if conviction.corruption == true then
        return ctx.fail("corruption", facts)
      elseif SERIOUS_CONVICTION[conviction.severity] then
        return ctx.fail(SERIOUS_CONVICTION[conviction.severity], facts)
      end
      if conviction.severity == nil then
        missing[#missing + 1] = PREVIOUS .. ".conviction.severity"
      end
      if conviction.corruption == nil then
        missing[#missing + 1] = PREVIOUS .. ".conviction.corruption"
      end
    end
    if previous.population_policy_repeat == true then
      return ctx.fail("population_policy_repeat", facts)
    elseif previous.population_policy_repeat == nil and reason == "population_policy" then
      -- Where it matters: a person removed for the population policy.
      missing[#missing + 1] = PREVIOUS .. ".population_policy_repeat"
    end

    if #missing > 0 then
      return ctx.missing(missing, facts)
    elseif reason == "asked_to_leave_family_hardship" then
      return ctx.pass(facts, "ok_family_hardship")
    end
    return ctx.pass(facts)
  end,
}

-- ---------------------------------------------------------------------------
-- readm.once

-- QĐ điểm 3.5.3: a person is re-admitted only once.  The dossier says
-- whether they were (`readmitted_before`); with a member registry
-- (docs/registry.md), two or more membership periods for the candidate's
-- national_id also show an earlier re-admission.
rule {
  id = "readm.once",
  severity = "eligibility",
  procedures = {"admission"},
  codes = {"ok", "ok_registry", "readmitted_before", "registry_periods", "missing",
           "not_readmission"},
  cite = cite_point("3.5.3"),
  check = function(d, ctx)
    local previous = d.candidate.previous_membership
    if previous == nil then
      return ctx.not_applicable("not_readmission")
    end
    local facts = {readmitted_before = previous.readmitted_before}
    if previous.readmitted_before == true then
      return ctx.fail("readmitted_before", facts)
    end

    local missing = {}
    local registry = plugins.registry
    local checked = registry ~= nil and registry.available()
    if checked then
      local national_id = d.candidate.national_id
      if national_id == nil then
        missing[#missing + 1] = "candidate.national_id"
      else
        facts.national_id = national_id
        facts.periods = registry.periods(national_id)
        if facts.periods >= 2 then
          return ctx.fail("registry_periods", facts)
        end
      end
    end
    if previous.readmitted_before == nil then
      missing[#missing + 1] = PREVIOUS .. ".readmitted_before"
    end
    if #missing > 0 then
      return ctx.missing(missing, facts)
    end
    return ctx.pass(facts, checked and "ok_registry" or "ok")
  end,
}

-- ---------------------------------------------------------------------------
-- readm.approval

-- QĐ điểm 3.5.1: re-admission needs the consent of the provincial standing
-- committee, dated on or before the admission decision (with no decision
-- yet: on or before the evaluation date), timed like `over_60`.
rule {
  id = "readm.approval",
  severity = "eligibility",
  procedures = {"admission"},
  step = "decision",
  codes = {"ok", "needs_provincial_approval", "approval_late", "missing", "not_readmission"},
  cite = WAIT_CITE,
  check = function(d, ctx)
    local previous = d.candidate.previous_membership
    if previous == nil then
      return ctx.not_applicable("not_readmission")
    end
    local facts = {left_on = previous.left_on, reason = previous.reason}
    return evidence.consent_outcome(d, ctx, "readmission", "provincial_standing_committee",
                                    facts, "ok", "needs_provincial_approval")
  end,
}
