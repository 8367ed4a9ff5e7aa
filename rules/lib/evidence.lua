-- evidence.lua: finding evidence in a dossier, and naming what is missing.
--
-- Arrays of the dossier are read with Lua indexes (1, 2, ...); the JSON paths
-- that name missing evidence count from 0, as result.md shows them
-- ("introducers[0].signed_on").  Dates are day numbers (writing-rules.md).

local evidence = {}

-- The first item of `list` whose `field` equals `value`, and its index;
-- nil when there is none.
function evidence.find(list, field, value)
  for i, item in ipairs(list) do
    if item[field] == value then
      return item, i
    end
  end
  return nil
end

-- Iterate over the items of `list` whose `field` equals `value`:
--   for i, item in evidence.each(d.assessments, "kind", "ethics_lifestyle") do
function evidence.each(list, field, value)
  local i = 0
  return function()
    while true do
      i = i + 1
      local item = list[i]
      if item == nil then
        return nil
      end
      if item[field] == value then
        return i, item
      end
    end
  end
end

-- The latest value of the date `field` among the items of `list`, with the
-- index of its item; nil when no item has that date.  Items without the date
-- are skipped: the caller decides whether they count as missing.
function evidence.latest(list, field)
  local latest, index
  for i, item in ipairs(list) do
    local day = item[field]
    if day ~= nil and (latest == nil or day > latest) then
      latest, index = day, i
    end
  end
  return latest, index
end

-- A membership is active at day t when it began on or before t and has not
-- ended before t (`until` null while active).  A membership without `since`
-- is not known to be active.
function evidence.is_active(membership, t)
  local since, ended = membership.since, membership["until"]
  return since ~= nil and since <= t and (ended == nil or ended >= t)
end

-- The candidate's membership of `org` active at day t, and its index; nil
-- when there is none.
function evidence.active_membership(candidate, org, t)
  for i, membership in ipairs(candidate.memberships) do
    if membership.org == org and evidence.is_active(membership, t) then
      return membership, i
    end
  end
  return nil
end

-- The path of item i (a Lua index) of `array`, or of its `field`:
-- evidence.path("introducers", 1, "signed_on") == "introducers[0].signed_on".
function evidence.path(array, i, field)
  local item = string.format("%s[%d]", array, i - 1)
  if field == nil then
    return item
  end
  return item .. "." .. field
end

-- The path of an item that should exist: evidence.path_where("opinions",
-- "from", "residence_branch") == "opinions[from=residence_branch]".  Further
-- field/value pairs narrow it: "assessments[kind=political_ideology,by=branch_committee]".
function evidence.path_where(array, ...)
  local pairs_of = table.pack(...)
  local conditions = {}
  for k = 1, pairs_of.n, 2 do
    conditions[#conditions + 1] = pairs_of[k] .. "=" .. pairs_of[k + 1]
  end
  return string.format("%s[%s]", array, table.concat(conditions, ","))
end

-- The consent of a higher committee (`approvals`) of `kind` given at `level`,
-- judged against the day it had to exist by: the admission decision's date,
-- or, with no decision yet, the evaluation date.  Returns a table
--   {state = "given" | "late" | "undated" | "none", approval = item|nil,
--    index = i|nil, due = day}
-- "given" when one is dated on or before `due`; "undated" when one has no
-- date (its date is missing evidence); "late" when every one is dated after.
function evidence.approval(d, ctx, kind, level)
  local due = d.decision and d.decision.date or ctx.as_of
  local found = {state = "none", due = due}
  for i, approval in ipairs(d.approvals) do
    if approval.kind == kind and approval.level == level then
      if approval.date ~= nil and approval.date <= due then
        return {state = "given", approval = approval, index = i, due = due}
      elseif approval.date == nil then
        found = {state = "undated", approval = approval, index = i, due = due}
      elseif found.state == "none" then
        found = {state = "late", approval = approval, index = i, due = due}
      end
    end
  end
  return found
end

-- The outcome of a criterion met only with a consent of `kind` at `level`:
-- `pass` with code `granted` when one is dated in time; `missing` its date
-- when it has none; `needs_approval` with code "approval_late" when it is
-- dated after it was due, or with code `lacking` when there is none.  The
-- consent's dates are added to `facts` (approval_due, approval_date).
function evidence.consent_outcome(d, ctx, kind, level, facts, granted, lacking)
  local consent = evidence.approval(d, ctx, kind, level)
  facts.approval_due = consent.due
  if consent.state == "undated" then
    return ctx.missing({evidence.path("approvals", consent.index, "date")}, facts)
  elseif consent.state == "none" then
    return ctx.needs_approval(lacking, facts)
  end
  facts.approval_date = consent.approval.date
  if consent.state == "late" then
    return ctx.needs_approval("approval_late", facts)
  end
  return ctx.pass(facts, granted)
end

-- How a message names item i (a Lua index) of `array`: by its `name`, else
-- its `member_id`, else its path ("verification.persons[2]").
function evidence.label(item, array, i)
  return item.name or item.member_id or evidence.path(array, i)
end

return evidence
