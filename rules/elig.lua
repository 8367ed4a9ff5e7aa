-- elig.lua: who may be admitted at all (Điều lệ Đảng 2011, Điều 1.2), and
-- the political standard the background verification must establish
-- (Điều 4.3; the QĐ of each edition, point 3.3; the regulation on internal
-- political protection in force).

local dates = require "dates"
local evidence = require "evidence"

-- Điều 1.2: "Công dân Việt Nam từ mười tám tuổi trở lên ..."
rule {
  id = "elig.citizen",
  severity = "eligibility",
  procedures = {"admission"},
  codes = {"ok", "not_citizen", "missing"},
  cite = {
    ["2011"]  = "Điều lệ Đảng 2011, Điều 1.2",
    ["2016"]  = "Điều lệ Đảng 2011, Điều 1.2",
    ["2021"]  = "Điều lệ Đảng 2011, Điều 1.2",
    ["2025a"] = "Điều lệ Đảng 2011, Điều 1.2",
    ["2025b"] = "Điều lệ Đảng 2011, Điều 1.2",
  },
  check = function(d, ctx)
    local citizenship = d.candidate.citizenship
    if citizenship == nil then
      return ctx.missing({"candidate.citizenship"})
    end
    local facts = {citizenship = citizenship}
    if citizenship ~= "VN" then
      return ctx.fail("not_citizen", facts)
    end
    return ctx.pass(facts)
  end,
}

-- The Politburo's regulation on internal political protection (bảo vệ chính
-- trị nội bộ) in force on a day, newest first: the verification findings are
-- judged by it.
local PROTECTION = {
  {from = dates.parse("2022-02-08"), name = "Quy định 58-QĐ/TW (08/02/2022)"},
  {from = dates.parse("2018-02-28"), name = "Quy định 126-QĐ/TW (28/02/2018)"},
  {from = nil,                       name = "Quy định 57-QĐ/TW (03/05/2007)"},
}

local function protection_at(day)
  for _, regulation in ipairs(PROTECTION) do
    if regulation.from == nil or day >= regulation.from then
      return regulation.name
    end
  end
end

-- Điều 4.3 and the QĐ point 3.3 of each edition.
local STANDARD = {
  ["2011"]  = "Điều lệ Đảng 2011, Điều 4.3; Quy định 45-QĐ/TW (01/11/2011), điểm 3.3",
  ["2016"]  = "Điều lệ Đảng 2011, Điều 4.3; Quy định 29-QĐ/TW (25/07/2016), điểm 3.3",
  ["2021"]  = "Điều lệ Đảng 2011, Điều 4.3; Quy định 24-QĐ/TW (30/07/2021), điểm 3.3",
  ["2025a"] = "Điều lệ Đảng 2011, Điều 4.3; Quy định 232-QĐ/TW (20/01/2025), điểm 3.3",
  ["2025b"] = "Điều lệ Đảng 2011, Điều 4.3; Quy định 294-QĐ/TW (26/05/2025), điểm 3.3",
}

local PERSONS = "verification.persons"

-- What a message shows of person i of the verification (built only for the
-- person it is about).
local function person_facts(person, i, ctx)
  return {
    person = evidence.label(person, PERSONS, i),
    relation = person.relation,
    finding = person.finding,
    reply_date = person.reply_date,
    regulation = protection_at(ctx.anchor),
  }
end

-- No finding of the background verification disqualifies the person; a
-- finding of concern is for the branch to weigh.  The candidate's own
-- finding is required; every person verified needs a finding.  Persons still
-- pending are reported by verify.scope.
rule {
  id = "elig.political_standard",
  severity = "eligibility",
  procedures = {"admission"},
  codes = {"ok", "disqualifying", "concern", "missing"},
  cite = {   -- the protection regulation in force on the first day of the edition
    ["2011"]  = STANDARD["2011"] .. "; " .. PROTECTION[3].name,
    ["2016"]  = STANDARD["2016"] .. "; " .. PROTECTION[3].name,
    ["2021"]  = STANDARD["2021"] .. "; " .. PROTECTION[2].name,
    ["2025a"] = STANDARD["2025a"] .. "; " .. PROTECTION[1].name,
    ["2025b"] = STANDARD["2025b"] .. "; " .. PROTECTION[1].name,
  },
  cite_at = function(ctx)
    local standard = STANDARD[ctx.edition]
    if standard == nil then
      return nil
    end
    return standard .. "; " .. protection_at(ctx.anchor)
  end,
  check = function(d, ctx)
    if d.verification == nil then
      return ctx.missing({"verification"})
    end
    local persons = d.verification.persons
    local missing, concern, self_found = {}, nil, false
    for i, person in ipairs(persons) do
      local finding, relation = person.finding, person.relation
      if finding == "disqualifying" then
        return ctx.fail("disqualifying", person_facts(person, i, ctx))
      elseif finding == "concern" and concern == nil then
        concern = person_facts(person, i, ctx)
      end
      if relation == "self" then
        self_found = true
      end
      if finding == nil and (person.status == "verified" or relation == "self") then
        missing[#missing + 1] = evidence.path(PERSONS, i, "finding")
      end
    end
    if not self_found then
      table.insert(missing, 1, evidence.path_where(PERSONS, "relation", "self"))
    end
    if #missing > 0 then
      return ctx.missing(missing)
    end
    if concern ~= nil then
      return ctx.warn("concern", concern)
    end
    return ctx.pass({persons = #persons, regulation = protection_at(ctx.anchor)})
  end,
}
