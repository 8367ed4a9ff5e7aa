-- intro.lua: the party members who introduce a person for admission.
--
-- Điều lệ Đảng 2011, Điều 4.1 and 4.2; the QĐ of each edition, points 3.1
-- and 3.2.  Youth Union and Trade Union resolutions (union_introduction)
-- stand in for one introducer where the candidate is a member.

local dates = require "dates"
local evidence = require "evidence"

-- Editions before Quy định 24-QĐ/TW (2021): shared residence did not count
-- as working together, and the replacement introducer had no exemption.
local BEFORE_QD24 = {["2011"] = true, ["2016"] = true}

-- How messages name introducer i: by name, else member id, else position.
local function who(introducer, i)
  return introducer.name or introducer.member_id or evidence.path("introducers", i)
end

-- Điều 4.1; QĐ điểm 3.1: two official members introduce the person, or one
-- together with the resolution of the Youth Union or the Trade Union of
-- which the person is a member on the anchor date.
rule {
  id = "intro.count",
  severity = "eligibility",
  procedures = {"admission"},
  codes = {"ok", "ok_union", "union_not_member", "too_few", "missing"},
  cite = {
    ["2011"]  = "Điều lệ Đảng 2011, Điều 4.1; Quy định 45-QĐ/TW (01/11/2011), điểm 3.1",
    ["2016"]  = "Điều lệ Đảng 2011, Điều 4.1; Quy định 29-QĐ/TW (25/07/2016), điểm 3.1",
    ["2021"]  = "Điều lệ Đảng 2011, Điều 4.1; Quy định 24-QĐ/TW (30/07/2021), điểm 3.1",
    ["2025a"] = "Điều lệ Đảng 2011, Điều 4.1; Quy định 232-QĐ/TW (20/01/2025), điểm 3.1",
    ["2025b"] = "Điều lệ Đảng 2011, Điều 4.1; Quy định 294-QĐ/TW (26/05/2025), điểm 3.1",
  },
  check = function(d, ctx)
    local count = #d.introducers
    local union = d.union_introduction
    local facts = {introducers = count}
    if count >= 2 then
      return ctx.pass(facts)
    end

    if union ~= nil then
      if union.org == nil then
        return ctx.missing({"union_introduction.org"}, facts)
      end
      facts.union_org = union.org
      facts.union_date = union.date
      local membership = evidence.active_membership(d.candidate, union.org, ctx.anchor)
      if membership == nil then
        -- A membership of that organisation without its start date may be active.
        for i, listed in evidence.each(d.candidate.memberships, "org", union.org) do
          if listed.since == nil then
            return ctx.missing({evidence.path("candidate.memberships", i, "since")}, facts)
          end
        end
        return ctx.fail("union_not_member", facts)
      end
      facts.member_since = membership.since
      if count == 1 then
        return ctx.pass(facts, "ok_union")
      end
      return ctx.missing({evidence.path("introducers", 1)}, facts, "too_few")
    end

    local paths = {}
    for i = count + 1, 2 do
      paths[#paths + 1] = evidence.path("introducers", i)
    end
    return ctx.missing(paths, facts, "too_few")
  end,
}

-- What a message shows of introducer i: who they are and their `fields`
-- (built only for the introducer a message is about).
local function introducer_facts(introducer, i, fields)
  local facts = {introducer = who(introducer, i), member_id = introducer.member_id}
  for _, field in ipairs(fields) do
    facts[field] = introducer[field]
  end
  return facts
end

-- The fields intro.status requires of every introducer, and shows.
local STATUS_FIELDS = {"status_at_signing", "official_since", "signed_on"}

-- Điều 4.2; QĐ điểm 3.2.1: the introducer is an official member at the time
-- of introducing.  A disciplined introducer should be replaced by the branch.
rule {
  id = "intro.status",
  severity = "eligibility",
  procedures = {"admission"},
  codes = {"ok", "not_official", "official_after_signing", "disciplined", "missing"},
  cite = {
    ["2011"]  = "Điều lệ Đảng 2011, Điều 4.2; Quy định 45-QĐ/TW (01/11/2011), điểm 3.2.1",
    ["2016"]  = "Điều lệ Đảng 2011, Điều 4.2; Quy định 29-QĐ/TW (25/07/2016), điểm 3.2.1",
    ["2021"]  = "Điều lệ Đảng 2011, Điều 4.2; Quy định 24-QĐ/TW (30/07/2021), điểm 3.2.1",
    ["2025a"] = "Điều lệ Đảng 2011, Điều 4.2; Quy định 232-QĐ/TW (20/01/2025), điểm 3.2.1",
    ["2025b"] = "Điều lệ Đảng 2011, Điều 4.2; Quy định 294-QĐ/TW (26/05/2025), điểm 3.2.1",
  },
  check = function(d, ctx)
    if #d.introducers == 0 then
      return ctx.missing({evidence.path("introducers", 1)})
    end
    local missing, disciplined = {}, nil
    for i, introducer in ipairs(d.introducers) do
      for _, field in ipairs(STATUS_FIELDS) do
        if introducer[field] == nil then
          missing[#missing + 1] = evidence.path("introducers", i, field)
        end
      end
      local status, since, signed_on =
        introducer.status_at_signing, introducer.official_since, introducer.signed_on
      if status ~= nil and status ~= "official" then
        return ctx.fail("not_official", introducer_facts(introducer, i, STATUS_FIELDS))
      end
      if since ~= nil and signed_on ~= nil and since > signed_on then
        return ctx.fail("official_after_signing", introducer_facts(introducer, i, STATUS_FIELDS))
      end
      if introducer.disciplined == true and disciplined == nil then
        disciplined = introducer_facts(introducer, i, STATUS_FIELDS)
      end
    end
    if #missing > 0 then
      return ctx.missing(missing)
    end
    if disciplined ~= nil then
      return ctx.warn("disciplined", disciplined)
    end
    return ctx.pass({introducers = #d.introducers})
  end,
}

-- How long an introducer had worked (studied, lived) with the candidate when
-- signing, against `months`.  Returns "ok", "missing" (with the paths),
-- "residence_basis" (residence, before QĐ 24) or "too_short" (with the
-- first day the months are complete).
local function time_together(introducer, i, ctx, months)
  local paths = {}
  for _, field in ipairs({"together_since", "signed_on"}) do
    if introducer[field] == nil then
      paths[#paths + 1] = evidence.path("introducers", i, field)
    end
  end
  if BEFORE_QD24[ctx.edition] then
    if introducer.basis == nil then
      paths[#paths + 1] = evidence.path("introducers", i, "basis")
    elseif introducer.basis == "residence" then
      return "residence_basis"
    end
  end
  if #paths > 0 then
    return "missing", paths
  end
  local earliest = dates.add_months(introducer.together_since, months)
  if introducer.signed_on < earliest then
    return "too_short", nil, earliest
  end
  return "ok"
end

-- What a message of intro.cowork shows of introducer i: `earliest`, the day
-- the months are reached, and for a replacement the date of the resolution
-- naming them.
local COWORK_FIELDS = {"basis", "together_since", "signed_on"}
local function cowork_facts(introducer, i, months, earliest, resolution)
  local facts = introducer_facts(introducer, i, COWORK_FIELDS)
  facts.required_months = months
  facts.earliest = earliest
  facts.replacement_resolution_date = resolution
  return facts
end

-- Điều 4.2; QĐ điểm 3.2.1, 3.2.2: the introducer has worked or studied with
-- the candidate for at least twelve months; from Quy định 24-QĐ/TW (2021)
-- also living in the same place counts, and an introducer the branch assigns
-- as a replacement is exempt from the twelve months.  Before, the exemption
-- is not in the regulation: a replacement short of the months gives a warning.
rule {
  id = "intro.cowork",
  severity = "eligibility",
  procedures = {"admission"},
  params = {"intro.together_months"},
  codes = {"ok", "too_short", "residence_basis", "replacement_after_signing",
           "replacement_exemption", "missing"},
  cite = {
    ["2011"]  = "Điều lệ Đảng 2011, Điều 4.2; Quy định 45-QĐ/TW (01/11/2011), điểm 3.2.1, 3.2.2",
    ["2016"]  = "Điều lệ Đảng 2011, Điều 4.2; Quy định 29-QĐ/TW (25/07/2016), điểm 3.2.1, 3.2.2",
    ["2021"]  = "Điều lệ Đảng 2011, Điều 4.2; Quy định 24-QĐ/TW (30/07/2021), điểm 3.2.1, 3.2.2",
    ["2025a"] = "Điều lệ Đảng 2011, Điều 4.2; Quy định 232-QĐ/TW (20/01/2025), điểm 3.2.1, 3.2.2",
    ["2025b"] = "Điều lệ Đảng 2011, Điều 4.2; Quy định 294-QĐ/TW (26/05/2025), điểm 3.2.1, 3.2.2",
  },
  check = function(d, ctx)
    if #d.introducers == 0 then
      return ctx.missing({evidence.path("introducers", 1)})
    end
    local months = ctx.param("intro.together_months")
    local missing, short, exempted = {}, nil, nil
    for i, introducer in ipairs(d.introducers) do
      local together, paths, earliest = time_together(introducer, i, ctx, months)
      if introducer.replacement == true then
        -- Assigned by a branch resolution dated on or before the signing.
        local resolution = introducer.replacement_resolution_date
        if resolution == nil then
          missing[#missing + 1] = evidence.path("introducers", i, "replacement_resolution_date")
        elseif introducer.signed_on == nil then
          missing[#missing + 1] = evidence.path("introducers", i, "signed_on")
        elseif resolution > introducer.signed_on then
          return ctx.fail("replacement_after_signing",
                          cowork_facts(introducer, i, months, earliest, resolution))
        elseif BEFORE_QD24[ctx.edition] and together ~= "ok" then
          exempted = exempted or cowork_facts(introducer, i, months, earliest, resolution)
        end
      elseif together == "residence_basis" then
        return ctx.fail("residence_basis", cowork_facts(introducer, i, months, earliest))
      elseif together == "too_short" then
        if short == nil or earliest > short.earliest then
          short = cowork_facts(introducer, i, months, earliest)
        end
      elseif together == "missing" then
        table.move(paths, 1, #paths, #missing + 1, missing)
      end
    end
    if short ~= nil then
      return ctx.fail("too_short", short, {earliest = short.earliest})
    end
    if #missing > 0 then
      return ctx.missing(missing)
    end
    if exempted ~= nil then
      return ctx.warn("replacement_exemption", exempted)
    end
    return ctx.pass({introducers = #d.introducers, required_months = months})
  end,
}

-- Điều 4.1: a person of Youth Union age should be a member of the Youth
-- Union and be introduced by it, where it exists.  Advisory: the age (in
-- full years, `intro.youth_age_max_years`) is the Youth Union charter's.
rule {
  id = "intro.youth_union",
  severity = "advisory",
  procedures = {"admission"},
  params = {"intro.youth_age_max_years"},
  codes = {"ok_member", "ok_over_age", "ok_no_youth_union", "not_member", "missing"},
  cite = {
    ["2011"]  = "Điều lệ Đảng 2011, Điều 4.1",
    ["2016"]  = "Điều lệ Đảng 2011, Điều 4.1",
    ["2021"]  = "Điều lệ Đảng 2011, Điều 4.1",
    ["2025a"] = "Điều lệ Đảng 2011, Điều 4.1",
    ["2025b"] = "Điều lệ Đảng 2011, Điều 4.1",
  },
  check = function(d, ctx)
    local candidate = d.candidate
    local facts = {
      age_years = dates.age(candidate.birth_date, ctx.anchor, "day") // 12,
      max_years = ctx.param("intro.youth_age_max_years"),
    }
    local membership = evidence.active_membership(candidate, "youth_union", ctx.anchor)
    if membership ~= nil then
      facts.member_since = membership.since
      return ctx.pass(facts, "ok_member")
    elseif facts.age_years > facts.max_years then
      return ctx.pass(facts, "ok_over_age")
    end
    local branch = d.organisation.branch
    facts.has_youth_union = branch and branch.has_youth_union
    if facts.has_youth_union == nil then
      return ctx.missing({"organisation.branch.has_youth_union"}, facts)
    elseif facts.has_youth_union == false then
      return ctx.pass(facts, "ok_no_youth_union")
    end
    -- A membership without its start date may be active.
    for i, listed in evidence.each(candidate.memberships, "org", "youth_union") do
      if listed.since == nil then
        return ctx.missing({evidence.path("candidate.memberships", i, "since")}, facts)
      end
    end
    return ctx.warn("not_member", facts)
  end,
}

-- Điều 4.2; QĐ điểm 3.2.1, checked against the Party's own records
-- (docs/registry.md): every introducer's member_id has a period in the
-- member registry in which they were official on the day they signed.  The
-- dossier's own statement is intro.status; this rule needs --registry, and
-- without one it does not apply.
rule {
  id = "intro.registry",
  severity = "eligibility",
  procedures = {"admission"},
  codes = {"ok", "no_registry", "not_official", "unknown_member", "missing"},
  cite = {
    ["2011"]  = "Điều lệ Đảng 2011, Điều 4.2; Quy định 45-QĐ/TW (01/11/2011), điểm 3.2.1; sổ đảng viên (registry)",
    ["2016"]  = "Điều lệ Đảng 2011, Điều 4.2; Quy định 29-QĐ/TW (25/07/2016), điểm 3.2.1; sổ đảng viên (registry)",
    ["2021"]  = "Điều lệ Đảng 2011, Điều 4.2; Quy định 24-QĐ/TW (30/07/2021), điểm 3.2.1; sổ đảng viên (registry)",
    ["2025a"] = "Điều lệ Đảng 2011, Điều 4.2; Quy định 232-QĐ/TW (20/01/2025), điểm 3.2.1; sổ đảng viên (registry)",
    ["2025b"] = "Điều lệ Đảng 2011, Điều 4.2; Quy định 294-QĐ/TW (26/05/2025), điểm 3.2.1; sổ đảng viên (registry)",
  },
  check = function(d, ctx)
    local registry = plugins.registry
    if registry == nil or not registry.available() then
      return ctx.not_applicable("no_registry")
    end
    if #d.introducers == 0 then
      return ctx.missing({evidence.path("introducers", 1)})
    end
    -- Every introducer is looked up; the facts list what the registry said.
    local checked, unknown, not_official, missing = {}, {}, {}, {}
    local first_unknown, first_not_official
    for i, introducer in ipairs(d.introducers) do
      local id, signed = introducer.member_id, introducer.signed_on
      if id == nil then
        missing[#missing + 1] = evidence.path("introducers", i, "member_id")
      end
      if signed == nil then
        missing[#missing + 1] = evidence.path("introducers", i, "signed_on")
      end
      if id ~= nil and signed ~= nil then
        checked[#checked + 1] = id
        local standing = registry.official_on(id, signed)
        local failing = {introducer = who(introducer, i), member_id = id, signed_on = signed}
        if standing == "unknown" then
          unknown[#unknown + 1] = id
          first_unknown = first_unknown or failing
        elseif standing == "not_official" then
          not_official[#not_official + 1] = id
          first_not_official = first_not_official or failing
        end
      end
    end
    local facts = {member_ids = checked, unknown_member_ids = unknown,
                   not_official_member_ids = not_official}
    local failing = first_unknown or first_not_official
    if failing ~= nil then
      facts.introducer, facts.member_id, facts.signed_on =
        failing.introducer, failing.member_id, failing.signed_on
      return ctx.fail(first_unknown and "unknown_member" or "not_official", facts)
    end
    if #missing > 0 then
      return ctx.missing(missing, facts)
    end
    return ctx.pass(facts)
  end,
}
