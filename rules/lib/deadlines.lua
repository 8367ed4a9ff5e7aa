-- deadlines.lua: steps due within a number of working days after an event.
--
-- rulebook.md: "Within N working days after E" holds for a date t iff
-- t <= add_working_days(E, N + extension).  Working days come from the
-- calendar plugin (plugins/vncal): Vietnamese public holidays follow the
-- lunar calendar.  Without it a deadline cannot be counted, and the rule
-- reports an error rather than guess.

local deadlines = {}

local function calendar()
  local vncal = plugins.vncal
  if vncal == nil then
    error("the calendar plugin vncal is not loaded: working days cannot be counted", 0)
  end
  return vncal
end

-- The last day of a step due within `working_days` working days after `event`.
function deadlines.due(event, working_days)
  return calendar().add_working_days(event, working_days)
end

-- Working days in (a, b]; negative when b is before a (the plugin counts
-- (b, a] then, docs/calendar.md).
function deadlines.working_days_between(a, b)
  return calendar().working_days(a, b)
end

-- Working days are counted only within the years of the holiday calendar
-- (plugins.vncal.covers; docs/decisions.md, "Dates outside the calendar").
-- A deadline of `working_days` after `event`, judged on `done` (or, when it
-- is nil, on the evaluation date), needs every one of those days counted:
-- when one is outside, the rule does not apply and says which date, instead
-- of failing with an error.  The due date lies at most 2 n + 31 days after
-- its event (two days per working day at worst, plus the longest run of days
-- off), and is checked with that margin before it is computed.
-- Returns the not_applicable outcome (code "outside_calendar"), or nil.
function deadlines.outside_calendar(ctx, facts, event, working_days, done)
  local vncal = calendar()
  local days = {event, event + 2 * working_days + 31, done or ctx.as_of}
  for _, day in ipairs(days) do
    if not vncal.covers(day) then
      facts.outside_date = day == days[2] and event or day
      return ctx.not_applicable("outside_calendar", facts)
    end
  end
  return nil
end

-- The outcome of a step that had to happen by `due` after `event`:
--   done on time            pass   (code "ok")
--   done after `due`        fail   (code "late")
--   not done, now past due  fail   (code "overdue")
--   not done, still in time missing `path` (code "not_yet"), hint latest = due
-- `facts` receives the dates and the working days counted.
function deadlines.judge(ctx, facts, event, due, done, path)
  facts.event_date = event
  facts.due_date = due
  if done ~= nil then
    facts.done_date = done
    facts.working_days_used = deadlines.working_days_between(event, done)
    if done <= due then
      return ctx.pass(facts)
    end
    return ctx.fail("late", facts)
  end
  facts.working_days_so_far = deadlines.working_days_between(event, ctx.as_of)
  if ctx.as_of > due then
    return ctx.fail("overdue", facts)
  end
  return ctx.missing({path}, facts, "not_yet", {latest = due})
end

-- The working days allowed: the base plus an extension, capped at its maximum.
-- Returns the total and the extension counted.
function deadlines.allowed(base, extension, extension_max)
  local counted = extension or 0
  if extension_max ~= nil and counted > extension_max then
    counted = extension_max
  end
  return base + counted, counted
end

return deadlines
