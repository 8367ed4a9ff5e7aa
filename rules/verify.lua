-- verify.lua: the scope of the background verification (thẩm tra lý lịch).
--
-- The guidance in force, point 3.4: the person, their parents (or whoever
-- raised them), their spouse and the spouse's parents, and their adult
-- children are verified.  From Hướng dẫn 01-HD/TW (28/09/2021) a side of the
-- family with a party member need not be verified again ("exempt").

local evidence = require "evidence"
local sources = require "sources"

local PERSONS = "verification.persons"

-- The guidance documents (ctx.guidance) under which `exempt` is accepted.
-- A guidance added later is not in the list until someone reads it: until
-- then `exempt` gives a warning, never a silent pass.
local EXEMPTION_ACCEPTED = {
  ["01-HD/TW 2021"] = true,
  ["06-HD/TW 2025"] = true,
}

-- The relations whose verification this rule requires when listed, and the
-- side of the family each belongs to.  Siblings are not verified; they are
-- listed for the exemption (a sibling who is a party member).
local CHECKED = {
  self = "own", father = "own", mother = "own", carer = "own", child = "own",
  spouse = "spouse", father_in_law = "spouse", mother_in_law = "spouse",
}

-- The relations whose party membership exempts their side: on the person's
-- own side a parent (or carer), a sibling or a child; on the spouse's side
-- the spouse, a parent-in-law or a sibling of the spouse.
local MEMBER_SIDE = {
  father = "own", mother = "own", carer = "own", sibling = "own", child = "own",
  spouse = "spouse", father_in_law = "spouse", mother_in_law = "spouse", spouse_sibling = "spouse",
}

local function listed(by_relation, relation)
  return by_relation[relation] ~= nil
end

-- The required persons who are not listed at all.
local function not_listed(by_relation)
  local paths = {}
  local function require_relation(relation)
    if not listed(by_relation, relation) then
      paths[#paths + 1] = evidence.path_where(PERSONS, "relation", relation)
    end
  end
  require_relation("self")
  if not listed(by_relation, "carer") then
    require_relation("father")
    require_relation("mother")
  end
  if listed(by_relation, "spouse") then
    require_relation("father_in_law")
    require_relation("mother_in_law")
  end
  return paths
end

-- What a message shows of person i of the verification, under `guidance`
-- (built only for the person it is about).
local function person_facts(person, i, guidance)
  return {
    person = evidence.label(person, PERSONS, i),
    relation = person.relation,
    status = person.status,
    guidance = guidance,
  }
end

rule {
  id = "verify.scope",
  severity = "eligibility",
  procedures = {"admission"},
  codes = {"ok", "ok_exempt", "self_exempt", "exempt_no_member_own", "exempt_no_member_spouse",
           "exempt_before_guidance", "missing"},
  cite = {
    ["2011"]  = "Hướng dẫn 01-HD/TW (05/01/2012), điểm 3.4",
    ["2016"]  = "Hướng dẫn 01-HD/TW (20/09/2016), điểm 3.4",
    ["2021"]  = "Hướng dẫn 01-HD/TW (28/09/2021), điểm 3.4",
    ["2025a"] = "Hướng dẫn 01-HD/TW (28/09/2021), điểm 3.4",
    ["2025b"] = "Hướng dẫn 06-HD/TW (09/06/2025), điểm 3.4",
  },
  cite_at = sources.guidance_at(sources.every_guidance("điểm 3.4")),
  check = function(d, ctx)
    if d.verification == nil then
      return ctx.missing({"verification"})
    end
    local persons = d.verification.persons

    -- Who is listed, and which sides have a party member.
    local by_relation, member_on, missing = {}, {}, {}
    for i, person in ipairs(persons) do
      local relation = person.relation
      if relation == nil then
        missing[#missing + 1] = evidence.path(PERSONS, i, "relation")
      else
        by_relation[relation] = true
        if person.party_member == true and MEMBER_SIDE[relation] ~= nil then
          member_on[MEMBER_SIDE[relation]] = true
        end
      end
    end
    local absent = not_listed(by_relation)
    table.move(absent, 1, #absent, #missing + 1, missing)

    -- The status of every listed person the rule requires.
    local accepted = EXEMPTION_ACCEPTED[ctx.guidance] == true
    local guidance = sources.guidance[ctx.guidance] or ctx.guidance
    local counts = {verified = 0, deceased = 0}
    local exempted, unaccepted = {}, nil
    for i, person in ipairs(persons) do
      local relation = person.relation
      local side = CHECKED[relation]
      local status = side ~= nil and person.status
      if side == nil then
        -- not verified by this rule (siblings), or without a relation (above)
      elseif status == nil then
        missing[#missing + 1] = evidence.path(PERSONS, i, "status")
      elseif status == "pending" then
        missing[#missing + 1] = evidence.path(PERSONS, i, "reply_date")
      elseif status == "exempt" then
        if relation == "self" then
          return ctx.fail("self_exempt", person_facts(person, i, guidance))
        elseif not accepted then
          unaccepted = unaccepted or person_facts(person, i, guidance)
        elseif member_on[side] then
          exempted[#exempted + 1] = evidence.label(person, PERSONS, i)
        else
          return ctx.fail("exempt_no_member_" .. side, person_facts(person, i, guidance))
        end
      else
        counts[status] = counts[status] + 1
      end
    end

    if #missing > 0 then
      return ctx.missing(missing, {guidance = guidance})
    elseif unaccepted ~= nil then
      return ctx.warn("exempt_before_guidance", unaccepted)
    end
    local facts = {
      verified = counts.verified,
      deceased = counts.deceased,
      exempted = exempted,
      guidance = guidance,
    }
    if #exempted > 0 then
      return ctx.pass(facts, "ok_exempt")
    end
    return ctx.pass(facts)
  end,
}
