-- train.lua: training before admission and during probation.
--
-- The guidance in force, điểm 3.1: the person has completed the course on
-- awareness of the Party (lớp bồi dưỡng nhận thức về Đảng); its certificate
-- is valid for `awareness.validity_months` (06-HD/TW 2025, điểm 5.4).
-- The guidance in force, điểm 4: during probation the member completes the
-- course for new members (lớp bồi dưỡng đảng viên mới) before the branch
-- considers recognition.

local dates = require "dates"
local sources = require "sources"

rule {
  id = "train.awareness",
  severity = "eligibility",
  procedures = {"admission"},
  params = {"awareness.validity_months"},
  codes = {"ok", "not_yet_issued", "expired", "missing"},
  cite = {
    ["2011"]  = "Hướng dẫn 01-HD/TW (05/01/2012), điểm 3.1",
    ["2016"]  = "Hướng dẫn 01-HD/TW (20/09/2016), điểm 3.1",
    ["2021"]  = "Hướng dẫn 01-HD/TW (28/09/2021), điểm 3.1",
    ["2025a"] = "Hướng dẫn 01-HD/TW (28/09/2021), điểm 3.1",
    ["2025b"] = "Hướng dẫn 06-HD/TW (09/06/2025), điểm 3.1, 5.4",
  },
  cite_at = sources.guidance_at({
    ["03-HD/BTCTW 2006"] = "điểm 3.1",
    ["01-HD/TW 2012"] = "điểm 3.1",
    ["01-HD/TW 2016"] = "điểm 3.1",
    ["01-HD/TW 2021"] = "điểm 3.1",
    ["06-HD/TW 2025"] = "điểm 3.1, 5.4",
  }),
  check = function(d, ctx)
    local course = d.awareness_course
    if course == nil then
      return ctx.missing({"awareness_course"})
    elseif course.issued_on == nil then
      return ctx.missing({"awareness_course.issued_on"})
    end
    local validity = ctx.param("awareness.validity_months")
    local facts = {
      certificate_no = course.certificate_no,
      issued_on = course.issued_on,
      validity_months = validity,
      valid_until = dates.add_months(course.issued_on, validity),
    }
    -- Valid from the day of issue through its anniversary, inclusive.
    if ctx.anchor < course.issued_on then
      return ctx.fail("not_yet_issued", facts, {earliest = course.issued_on})
    elseif ctx.anchor > facts.valid_until then
      return ctx.fail("expired", facts, {latest = facts.valid_until})
    end
    -- Hint `latest`: the last day a branch vote may rely on the certificate.
    return ctx.pass(facts, "ok", {latest = facts.valid_until})
  end,
}

-- The guidance in force, điểm 4: the new-member course certificate
-- (probation.newmember_certificate) is dated on or before the last
-- recognition vote; with no vote yet, on or before the evaluation date.
rule {
  id = "train.newmember",
  severity = "eligibility",
  procedures = {"recognition"},
  codes = {"ok", "after_vote", "not_yet_issued", "missing"},
  cite = {
    ["2011"]  = "Hướng dẫn 01-HD/TW (05/01/2012), điểm 4",
    ["2016"]  = "Hướng dẫn 01-HD/TW (20/09/2016), điểm 4",
    ["2021"]  = "Hướng dẫn 01-HD/TW (28/09/2021), điểm 4",
    ["2025a"] = "Hướng dẫn 01-HD/TW (28/09/2021), điểm 4",
    ["2025b"] = "Hướng dẫn 06-HD/TW (09/06/2025), điểm 4",
  },
  cite_at = sources.guidance_at(sources.every_guidance("điểm 4")),
  check = function(d, ctx)
    local probation = d.probation
    if probation == nil then
      return ctx.missing({"probation"})
    end
    local certificate = probation.newmember_certificate
    if certificate == nil then
      return ctx.missing({"probation.newmember_certificate"})
    elseif certificate.issued_on == nil then
      return ctx.missing({"probation.newmember_certificate.issued_on"})
    end
    local facts = {issued_on = certificate.issued_on}
    local count = #probation.branch_votes
    if count == 0 then
      if certificate.issued_on > ctx.as_of then
        return ctx.fail("not_yet_issued", facts, {earliest = certificate.issued_on})
      end
      return ctx.pass(facts)
    end
    local last = probation.branch_votes[count].date
    if last == nil then
      return ctx.missing({string.format("probation.branch_votes[%d].date", count - 1)}, facts)
    end
    facts.last_vote_date = last
    if certificate.issued_on > last then
      return ctx.fail("after_vote", facts, {earliest = certificate.issued_on})
    end
    return ctx.pass(facts)
  end,
}
