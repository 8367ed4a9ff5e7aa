-- app.lua: the person's own papers: the application letter (Mẫu 1-KNĐ) and
-- the personal history (Mẫu 2-KNĐ) with its certification.
--
-- Điều lệ Đảng 2011, Điều 4.1 (a voluntary application, an honest account of
-- one's history); the guidance in force, points 3.2 and 3.3.

local evidence = require "evidence"
local sources = require "sources"

local PERSONS = "verification.persons"

-- ---------------------------------------------------------------------------
-- app.letter

rule {
  id = "app.letter",
  severity = "eligibility",
  procedures = {"admission"},
  codes = {"ok", "after_anchor", "missing"},
  cite = {
    ["2011"]  = "Hướng dẫn 01-HD/TW (05/01/2012), điểm 3.2",
    ["2016"]  = "Hướng dẫn 01-HD/TW (20/09/2016), điểm 3.2",
    ["2021"]  = "Hướng dẫn 01-HD/TW (28/09/2021), điểm 3.2",
    ["2025a"] = "Hướng dẫn 01-HD/TW (28/09/2021), điểm 3.2",
    ["2025b"] = "Hướng dẫn 06-HD/TW (09/06/2025), điểm 3.2",
  },
  cite_at = sources.guidance_at(sources.every_guidance("điểm 3.2")),
  check = function(d, ctx)
    local application = d.application
    if application == nil then
      return ctx.missing({"application"})
    elseif application.letter_date == nil then
      return ctx.missing({"application.letter_date"})
    end
    local facts = {letter_date = application.letter_date, handwritten = application.handwritten}
    if application.letter_date > ctx.anchor then
      return ctx.fail("after_anchor", facts, {earliest = application.letter_date})
    end
    return ctx.pass(facts)
  end,
}

-- ---------------------------------------------------------------------------
-- app.history

-- The last reply of the background verification, with the index of its
-- person, and the paths of replies still due: a person `pending`, or
-- `verified` without its reply date.  Exempt and deceased persons have no
-- reply to wait for (a dated one counts).
local function last_reply(persons)
  local last, index, due = nil, nil, {}
  for i, person in ipairs(persons) do
    local reply = person.reply_date
    if reply == nil and (person.status == "pending" or person.status == "verified"
                         or person.status == nil) then
      due[#due + 1] = evidence.path(PERSONS, i, "reply_date")
    elseif reply ~= nil and (last == nil or reply > last) then
      last, index = reply, i
    end
  end
  return last, index, due
end

-- The personal history is declared by the person and certified by the
-- grassroots committee once the verification has answered (the
-- certification rests on its replies), before the branch considers it.
rule {
  id = "app.history",
  severity = "eligibility",
  procedures = {"admission"},
  codes = {"ok", "certified_before_declared", "certified_before_reply", "certified_after_anchor",
           "missing"},
  cite = {
    ["2011"]  = "Hướng dẫn 01-HD/TW (05/01/2012), điểm 3.3",
    ["2016"]  = "Hướng dẫn 01-HD/TW (20/09/2016), điểm 3.3",
    ["2021"]  = "Hướng dẫn 01-HD/TW (28/09/2021), điểm 3.3",
    ["2025a"] = "Hướng dẫn 01-HD/TW (28/09/2021), điểm 3.3",
    ["2025b"] = "Hướng dẫn 06-HD/TW (09/06/2025), điểm 3.3",
  },
  cite_at = sources.guidance_at(sources.every_guidance("điểm 3.3")),
  check = function(d, ctx)
    local history = d.personal_history
    if history == nil then
      return ctx.missing({"personal_history"})
    end
    local missing = {}
    for _, field in ipairs({"declared_on", "certified_on"}) do
      if history[field] == nil then
        missing[#missing + 1] = "personal_history." .. field
      end
    end
    if history.certified_on == nil then
      return ctx.missing(missing)
    end
    -- A certification dated after the meeting or before a reply fails, even
    -- when the declaration's date is missing (fail wins over missing).
    local facts = {
      declared_on = history.declared_on,
      certified_on = history.certified_on,
      certified_by = history.certified_by,
    }
    if history.certified_on > ctx.anchor then
      return ctx.fail("certified_after_anchor", facts, {earliest = history.certified_on})
    elseif history.declared_on ~= nil and history.certified_on < history.declared_on then
      return ctx.fail("certified_before_declared", facts)
    end

    if d.verification == nil then
      missing[#missing + 1] = "verification"
      return ctx.missing(missing, facts)
    end
    local persons = d.verification.persons
    if #persons == 0 then
      missing[#missing + 1] = evidence.path_where(PERSONS, "relation", "self")
      return ctx.missing(missing, facts)
    end
    local last, index, due = last_reply(persons)
    facts.last_reply_date = last
    if last ~= nil then
      facts.last_reply_for = evidence.label(persons[index], PERSONS, index)
      if history.certified_on < last then
        return ctx.fail("certified_before_reply", facts, {earliest = last})
      end
    end
    table.move(due, 1, #due, #missing + 1, missing)
    if #missing > 0 then
      return ctx.missing(missing, facts)
    end
    return ctx.pass(facts)
  end,
}
