-- mentor.lua: the official members assigned to help a person (đảng viên được
-- phân công giúp đỡ): a sympathiser before admission (phase `candidate`), a
-- probationary member during probation (phase `probation`).
--
-- Điều lệ Đảng 2011, Điều 5.1: at the ceremony the branch assigns an official
-- member to help the probationary member.  The Central Organisation
-- Commission's guidance on party-member procedures: 09-HD/BTCTW (05/06/2017)
-- [S], 12-HD/BTCTW (18/01/2022), điểm I.1.1: the branch assigns an official
-- member to help a sympathiser.  The interval of the mentor's reports is a
-- local criterion (`mentor.report_every_months`, set by profiles).

local sources = require "sources"
local dates = require "dates"
local evidence = require "evidence"
local probation = require "probation"

-- The phase of the mentors a procedure is about.
local PHASE = {admission = "candidate", recognition = "probation"}

-- The mentors of `phase`: a list of {index = i (Lua index in d.mentors),
-- mentor = item}.
local function mentors_of(d, phase)
  local found = {}
  for i, mentor in evidence.each(d.mentors, "phase", phase) do
    found[#found + 1] = {index = i, mentor = mentor}
  end
  return found
end

-- How messages name mentor entry `entry`.
local function who(entry)
  local mentor = entry.mentor
  return mentor.name or mentor.member_id or evidence.path("mentors", entry.index)
end

local CHARTER_5_1 = "Điều lệ Đảng 2011, Điều 5.1"

-- ---------------------------------------------------------------------------
-- mentor.candidate: the guidance on party-member procedures in force on the
-- anchor.  Encoded from 09-HD/BTCTW (05/06/2017) [S]; before it the content
-- is not known (not_applicable: the rule is a process finding).

local PROCEDURE_GUIDANCE = {
  {from = dates.parse("2022-01-18"), cite = "Hướng dẫn 12-HD/BTCTW (18/01/2022), điểm I.1.1"},
  {from = dates.parse("2017-06-05"), cite = "Hướng dẫn 09-HD/BTCTW (05/06/2017)"},
}

local function procedure_guidance(day)
  for _, guidance in ipairs(PROCEDURE_GUIDANCE) do
    if day >= guidance.from then
      return guidance
    end
  end
  return nil
end

rule {
  id = "mentor.candidate",
  severity = "process",
  procedures = {"admission"},
  codes = {"ok", "assigned_late", "before_guidance", "missing"},
  cite = {
    ["2016"]  = "Hướng dẫn 09-HD/BTCTW (05/06/2017)",
    ["2021"]  = "Hướng dẫn 12-HD/BTCTW (18/01/2022), điểm I.1.1",
    ["2025a"] = "Hướng dẫn 12-HD/BTCTW (18/01/2022), điểm I.1.1",
    ["2025b"] = "Hướng dẫn 12-HD/BTCTW (18/01/2022), điểm I.1.1",
  },
  cite_at = function(ctx)
    local guidance = procedure_guidance(ctx.anchor)
    return guidance and guidance.cite
  end,
  check = function(d, ctx)
    if procedure_guidance(ctx.anchor) == nil then
      return ctx.not_applicable("before_guidance",
                                {guidance_from = PROCEDURE_GUIDANCE[#PROCEDURE_GUIDANCE].from})
    end
    local entries = mentors_of(d, "candidate")
    if #entries == 0 then
      return ctx.missing({evidence.path_where("mentors", "phase", "candidate")})
    end
    -- Before the branch vote; with no vote yet, by the evaluation date.
    local voted = d.branch_vote ~= nil and d.branch_vote.date ~= nil
    local undated, first = {}, nil
    for _, entry in ipairs(entries) do
      local assigned = entry.mentor.assigned_on
      if assigned == nil then
        undated[#undated + 1] = evidence.path("mentors", entry.index, "assigned_on")
      elseif first == nil or assigned < first.mentor.assigned_on then
        first = entry
      end
    end
    if first ~= nil then
      local facts = {mentor = who(first), assigned_on = first.mentor.assigned_on,
                     branch_vote_date = voted and d.branch_vote.date or nil}
      local assigned = first.mentor.assigned_on
      if (voted and assigned < ctx.anchor) or (not voted and assigned <= ctx.as_of) then
        return ctx.pass(facts)
      elseif #undated == 0 then
        return ctx.fail("assigned_late", facts)
      end
    end
    return ctx.missing(undated)
  end,
}

-- ---------------------------------------------------------------------------
-- mentor.probation: Điều 5.1.  The probation mentor is assigned at the
-- ceremony: an entry of phase `probation` assigned on the ceremony's date, or
-- the one ceremony.mentor_id names.

rule {
  id = "mentor.probation",
  severity = "process",
  procedures = {"recognition"},
  codes = {"ok", "ok_named", "not_at_ceremony", "missing"},
  cite = sources.every_edition(CHARTER_5_1),
  check = function(d, ctx)
    local ceremony = d.ceremony
    if ceremony == nil then
      return ctx.missing({"ceremony"})
    end
    local entries = mentors_of(d, "probation")
    local facts = {ceremony_date = ceremony.date, ceremony_mentor_id = ceremony.mentor_id}
    for _, entry in ipairs(entries) do
      local mentor = entry.mentor
      if ceremony.mentor_id ~= nil and mentor.member_id == ceremony.mentor_id then
        facts.mentor, facts.assigned_on = who(entry), mentor.assigned_on
        return ctx.pass(facts, "ok_named")
      end
    end
    for _, entry in ipairs(entries) do
      local mentor = entry.mentor
      if ceremony.date ~= nil and mentor.assigned_on == ceremony.date then
        facts.mentor, facts.assigned_on = who(entry), mentor.assigned_on
        return ctx.pass(facts)
      end
    end
    -- No entry matches: what is missing, else the assignment was not made at
    -- the ceremony.
    if ceremony.mentor_id ~= nil then
      return ctx.missing({evidence.path_where("mentors", "phase", "probation",
                                              "member_id", ceremony.mentor_id)}, facts)
    elseif #entries == 0 then
      return ctx.missing({evidence.path_where("mentors", "phase", "probation")}, facts)
    elseif ceremony.date == nil then
      return ctx.missing({"ceremony.date"}, facts)
    end
    local missing = {}
    for _, entry in ipairs(entries) do
      if entry.mentor.assigned_on == nil then
        missing[#missing + 1] = evidence.path("mentors", entry.index, "assigned_on")
      end
    end
    if #missing > 0 then
      return ctx.missing(missing, facts)
    end
    facts.mentor, facts.assigned_on = who(entries[1]), entries[1].mentor.assigned_on
    return ctx.fail("not_at_ceremony", facts)
  end,
}

-- ---------------------------------------------------------------------------
-- mentor.status: Điều 5.1: the mentor is an official member when assigned.
-- Every mentor of the procedure's phase is checked.

rule {
  id = "mentor.status",
  severity = "process",
  procedures = {"admission", "recognition"},
  codes = {"ok", "not_official", "no_mentor", "missing"},
  cite = sources.every_edition(CHARTER_5_1),
  check = function(d, ctx)
    local phase = PHASE[ctx.procedure]
    local entries = mentors_of(d, phase)
    local facts = {phase = phase, mentors = {}}
    if #entries == 0 then
      return ctx.not_applicable("no_mentor", facts)
    end
    local missing, not_official = {}, {}
    for _, entry in ipairs(entries) do
      facts.mentors[#facts.mentors + 1] = who(entry)
      local status = entry.mentor.status
      if status == nil then
        missing[#missing + 1] = evidence.path("mentors", entry.index, "status")
      elseif status ~= "official" then
        not_official[#not_official + 1] = who(entry)
      end
    end
    if #not_official > 0 then
      facts.not_official = not_official
      return ctx.fail("not_official", facts)
    elseif #missing > 0 then
      return ctx.missing(missing, facts)
    end
    return ctx.pass(facts)
  end,
}

-- ---------------------------------------------------------------------------
-- mentor.reports: a local criterion (profiles).  With
-- `mentor.report_every_months` set, the mentors of the phase report at most
-- that many months apart, counted from the assignment to the anchor (phase
-- candidate) or from the ceremony to the end of probation (phase probation);
-- a period still running ends on the evaluation date.  "At most N months
-- apart": the next report is dated on or before add_months(previous, N).

local LOCAL_CRITERION = "Tiêu chí của cấp ủy (hồ sơ tùy chỉnh: mentor.report_every_months)"

-- The period the reports cover: its first and last day, whether it is still
-- running on the evaluation date, and the paths missing to know it.
local function report_period(d, ctx, phase, entries)
  if phase == "candidate" then
    local first, missing = nil, {}
    for _, entry in ipairs(entries) do
      local assigned = entry.mentor.assigned_on
      if assigned == nil then
        missing[#missing + 1] = evidence.path("mentors", entry.index, "assigned_on")
      elseif first == nil or assigned < first then
        first = assigned
      end
    end
    if #missing > 0 then
      return nil, nil, false, missing
    end
    local voted = d.branch_vote ~= nil and d.branch_vote.date ~= nil
    return first, ctx.anchor, not voted, missing
  end
  local last_day, path = probation.last_day(d, ctx.param("probation.months"))
  if last_day == nil then
    return nil, nil, false, {path}
  end
  if ctx.as_of < last_day then
    return d.ceremony.date, ctx.as_of, true, {}
  end
  return d.ceremony.date, last_day, false, {}
end

rule {
  id = "mentor.reports",
  severity = "process",
  procedures = {"admission", "recognition"},
  params = {"mentor.report_every_months", "probation.months"},
  codes = {"ok", "gap", "overdue", "no_interval", "missing"},
  cite = sources.every_edition(LOCAL_CRITERION),
  check = function(d, ctx)
    local every = ctx.param("mentor.report_every_months")
    if every == nil then
      return ctx.not_applicable("no_interval")
    end
    local phase = PHASE[ctx.procedure]
    local entries = mentors_of(d, phase)
    if #entries == 0 then
      return ctx.missing({evidence.path_where("mentors", "phase", phase)})
    end
    local from, to, running, missing = report_period(d, ctx, phase, entries)
    local reports = {}
    for _, entry in ipairs(entries) do
      for j, report in ipairs(entry.mentor.reports) do
        if report.date == nil then
          missing[#missing + 1] = evidence.path("mentors", entry.index,
                                                string.format("reports[%d].date", j - 1))
        else
          reports[#reports + 1] = report.date
        end
      end
    end
    if #missing > 0 then
      return ctx.missing(missing, {every_months = every, phase = phase})
    end
    table.sort(reports)
    local facts = {every_months = every, phase = phase, period_from = from, period_until = to,
                   report_count = 0}
    -- Each report within the period follows the previous one (or the start)
    -- by at most `every` months; so does the end of the period.
    local previous = from
    for _, day in ipairs(reports) do
      if day >= from and day <= to then
        facts.report_count = facts.report_count + 1
        local due = dates.add_months(previous, every)
        if day > due then
          facts.gap_from, facts.gap_until, facts.report_due = previous, day, due
          return ctx.fail("gap", facts, {latest = due})
        end
        previous = day
      end
    end
    local due = dates.add_months(previous, every)
    facts.last_report_on = facts.report_count > 0 and previous or nil
    facts.report_due = due
    if to > due then
      if running then
        return ctx.fail("overdue", facts, {latest = due})
      end
      facts.gap_from, facts.gap_until = previous, to
      return ctx.fail("gap", facts, {latest = due})
    end
    if running then
      return ctx.pass(facts, "ok", {latest = due})
    end
    return ctx.pass(facts)
  end,
}
