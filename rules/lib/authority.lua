-- authority.lua: who may issue a decision on a party member.
--
-- QĐ điểm 4.3.2 of each edition: the admission decision (Mẫu 9-KNĐ) and the
-- recognition decision (Mẫu 16-KNĐ) are issued by the body competent for the
-- branch (organisation.competent_body).  Quy định 298-QĐ/TW: district-level
-- committees existed until 2025-06-30; a decision dated from 2025-07-01 by a
-- district standing committee has no issuer.  decision.authority and
-- off.decision_authority share this check; each has its own message texts.

local dates = require "dates"

local authority = {}

-- The first day without district committees (Quy định 298-QĐ/TW).
authority.DISTRICTS_ABOLISHED = dates.parse("2025-07-01")

-- The outcome for `decision` (the dossier's decision object or nil), found at
-- the JSON path `path` ("decision", "probation.decision"), against the body
-- competent for the branch, `competent` (organisation.competent_body).  Codes:
--   ok                   issued by the competent body
--   wrong_body           issued by another body
--   district_abolished   issued by a district committee from 2025-07-01
--   no_competent_body    the dossier names no competent body (not_applicable)
--   missing              no decision, or a decision without its authority
-- QĐ điểm 4.3.2 (45-QĐ/TW: điểm 4.3) and, from 2025b, Quy định 298-QĐ/TW:
-- the citation of decision.authority and off.decision_authority.
authority.cite = {
  ["2011"]  = "Quy định 45-QĐ/TW (01/11/2011), điểm 4.3",
  ["2016"]  = "Quy định 29-QĐ/TW (25/07/2016), điểm 4.3.2",
  ["2021"]  = "Quy định 24-QĐ/TW (30/07/2021), điểm 4.3.2",
  ["2025a"] = "Quy định 232-QĐ/TW (20/01/2025), điểm 4.3.2",
  ["2025b"] = "Quy định 294-QĐ/TW (26/05/2025), điểm 4.3.2; Quy định 298-QĐ/TW",
}

function authority.judge(ctx, competent, decision, path)
  if competent == nil then
    return ctx.not_applicable("no_competent_body")
  end
  if decision == nil then
    return ctx.missing({path}, {competent_body = competent})
  end
  local facts = {competent_body = competent, authority = decision.authority,
                 decision_date = decision.date}
  if decision.authority == nil then
    return ctx.missing({path .. ".authority"}, facts)
  end
  if decision.authority == "district_standing_committee" and decision.date ~= nil
     and decision.date >= authority.DISTRICTS_ABOLISHED then
    facts.abolished_from = authority.DISTRICTS_ABOLISHED
    return ctx.fail("district_abolished", facts)
  end
  if decision.authority ~= competent then
    return ctx.fail("wrong_body", facts)
  end
  return ctx.pass(facts)
end

return authority
