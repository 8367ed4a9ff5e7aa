-- decision.lua: the admission decision (Mẫu 9-KNĐ): who may issue it and by
-- when.  Both are process findings: a late or misplaced decision does not make
-- the person ineligible, but an audit must report it (result.md).

local authority = require "authority"
local deadlines = require "deadlines"

-- The decision's date when there is one, else the branch vote's: the date
-- whose edition governs the decision.
local function decision_anchor(d, ctx)
  if d.decision ~= nil and d.decision.date ~= nil then
    return d.decision.date
  end
  return d.branch_vote and d.branch_vote.date
end

-- QĐ điểm 4.3.2: the decision is issued by the body competent for the
-- branch; from 01/07/2025 no district committee exists to issue one
-- (rules/lib/authority.lua, shared with off.decision_authority).
rule {
  id = "decision.authority",
  severity = "process",
  procedures = {"admission"},
  step = "decision",
  codes = {"ok", "wrong_body", "district_abolished", "no_competent_body", "missing"},
  cite = authority.cite,
  anchor = decision_anchor,
  check = function(d, ctx)
    return authority.judge(ctx, d.organisation.competent_body, d.decision, "decision")
  end,
}

-- QĐ điểm 4.3.1: the competent committee decides within 60 working days of
-- the branch's resolution, extendable by at most 30.  Quy định 45 (2011) set
-- no deadline in working days.
rule {
  id = "decision.deadline",
  severity = "process",
  procedures = {"admission"},
  step = "decision",
  params = {"decision.deadline_wd", "decision.extension_max_wd"},
  codes = {"ok", "late", "overdue", "not_yet", "no_deadline", "missing", "outside_calendar"},
  cite = {
    ["2011"]  = "Quy định 45-QĐ/TW (01/11/2011), điểm 4.3",
    ["2016"]  = "Quy định 29-QĐ/TW (25/07/2016), điểm 4.3.1",
    ["2021"]  = "Quy định 24-QĐ/TW (30/07/2021), điểm 4.3.1",
    ["2025a"] = "Quy định 232-QĐ/TW (20/01/2025), điểm 4.3.1",
    ["2025b"] = "Quy định 294-QĐ/TW (26/05/2025), điểm 4.3.1",
  },
  anchor = function(d, ctx)
    return d.branch_vote and d.branch_vote.date
  end,
  check = function(d, ctx)
    local base = ctx.param("decision.deadline_wd")
    if base == nil then
      return ctx.not_applicable("no_deadline")
    end
    local vote = d.branch_vote
    if vote == nil or vote.date == nil then
      return ctx.missing({vote == nil and "branch_vote" or "branch_vote.date"})
    end
    local decision = d.decision or {}
    local allowed, extension = deadlines.allowed(base, decision.extension_working_days,
                                                 ctx.param("decision.extension_max_wd"))
    local facts = {deadline_working_days = base, extension_working_days = extension,
                   requested_extension = decision.extension_working_days}
    local outside = deadlines.outside_calendar(ctx, facts, vote.date, allowed, decision.date)
    if outside ~= nil then
      return outside
    end
    return deadlines.judge(ctx, facts, vote.date, deadlines.due(vote.date, allowed),
                           decision.date, d.decision == nil and "decision" or "decision.date")
  end,
}
