-- ceremony.lua: the admission ceremony (lễ kết nạp), which starts probation.

local deadlines = require "deadlines"

-- QĐ điểm 4.1: the ceremony is held within 30 working days of the branch
-- receiving the decision; later only with the direct superior's consent.
-- Quy định 45 (2011) set no deadline in working days.
rule {
  id = "ceremony.deadline",
  severity = "process",
  procedures = {"admission"},
  step = "ceremony",
  params = {"ceremony.deadline_wd"},
  codes = {"ok", "late", "late_approved", "overdue", "not_yet", "not_yet_approved", "no_deadline",
           "missing", "outside_calendar"},
  cite = {
    ["2011"]  = "Quy định 45-QĐ/TW (01/11/2011), điểm 4.1",
    ["2016"]  = "Quy định 29-QĐ/TW (25/07/2016), điểm 4.1",
    ["2021"]  = "Quy định 24-QĐ/TW (30/07/2021), điểm 4.1",
    ["2025a"] = "Quy định 232-QĐ/TW (20/01/2025), điểm 4.1",
    ["2025b"] = "Quy định 294-QĐ/TW (26/05/2025), điểm 4.1",
  },
  anchor = function(d, ctx)
    return d.decision and d.decision.received_on
  end,
  check = function(d, ctx)
    local base = ctx.param("ceremony.deadline_wd")
    if base == nil then
      return ctx.not_applicable("no_deadline")
    end
    local decision = d.decision
    if decision == nil or decision.received_on == nil then
      return ctx.missing({decision == nil and "decision" or "decision.received_on"})
    end
    local facts = {deadline_working_days = base}
    local done = d.ceremony and d.ceremony.date
    local outside = deadlines.outside_calendar(ctx, facts, decision.received_on, base, done)
    if outside ~= nil then
      return outside
    end
    local outcome = deadlines.judge(ctx, facts, decision.received_on,
                                    deadlines.due(decision.received_on, base), done,
                                    d.ceremony == nil and "ceremony" or "ceremony.date")
    if outcome.code ~= "late" and outcome.code ~= "overdue" then
      return outcome
    end
    -- Late: met with the direct superior's written consent to hold it later;
    -- with that consent a ceremony not yet held is pending, not overdue.
    for i, approval in ipairs(d.approvals) do
      if approval.kind == "late_ceremony" and approval.level == "direct_superior" then
        facts.approval_date = approval.date
        if outcome.code == "late" then
          return ctx.pass(facts, "late_approved")
        end
        return ctx.missing({d.ceremony == nil and "ceremony" or "ceremony.date"}, facts,
                           "not_yet_approved")
      end
    end
    return outcome
  end,
}
