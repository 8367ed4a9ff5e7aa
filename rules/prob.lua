-- prob.lua: the probation (thời kỳ dự bị) before recognition as an official
-- member.
--
-- Điều lệ Đảng 2011, Điều 5.1: a person admitted serves twelve months of
-- probation from the day of the admission ceremony (`probation.months`); the
-- branch considers recognition only once it is over.  Điều 35: a
-- probationary member may be reprimanded or warned; the branch weighs it.
-- The Charter of 2011 is in force in every edition of the rulebook.

local sources = require "sources"
local evidence = require "evidence"
local dates = require "dates"
local probation = require "probation"

local CHARTER_5_1 = "Điều lệ Đảng 2011, Điều 5.1"

-- Điều 5.1: probation ends at the end of add_months(ceremony.date, 12); the
-- first recognition vote is dated from the next day.  Hint `earliest`: that
-- day.
rule {
  id = "prob.duration",
  severity = "eligibility",
  procedures = {"recognition"},
  step = "branch_vote",
  params = {"probation.months"},
  codes = {"ok", "too_early", "not_yet", "no_vote", "missing"},
  cite = sources.every_edition(CHARTER_5_1),
  check = function(d, ctx)
    local months = ctx.param("probation.months")
    local last_day, path = probation.last_day(d, months)
    if last_day == nil then
      return ctx.missing({path}, {probation_months = months})
    end
    local facts = {ceremony_date = d.ceremony.date, probation_months = months,
                   probation_until = last_day, votes_from = last_day + 1}
    local hint = {earliest = facts.votes_from}
    if d.probation == nil then
      return ctx.missing({"probation"}, facts)
    end
    local first = d.probation.branch_votes[1]
    if first == nil then
      -- Still on probation on the evaluation date, or over and not yet voted on.
      local code = ctx.as_of <= last_day and "not_yet" or "no_vote"
      return ctx.missing({probation.VOTES}, facts, code, hint)
    elseif first.date == nil then
      return ctx.missing({probation.vote_path(1, "date")}, facts)
    end
    facts.first_vote_date = first.date
    if first.date <= last_day then
      return ctx.fail("too_early", facts, hint)
    end
    return ctx.pass(facts)
  end,
}

-- Điều 35: the forms of discipline of a probationary member are reprimand
-- and warning.  Discipline received during probation does not bar
-- recognition by itself; the branch must weigh it (advisory).
local CHARTER_35 = "Điều lệ Đảng 2011, Điều 35"

rule {
  id = "prob.discipline",
  severity = "advisory",
  procedures = {"recognition"},
  codes = {"ok", "disciplined", "missing"},
  cite = sources.every_edition(CHARTER_35),
  check = function(d, ctx)
    if d.probation == nil then
      return ctx.missing({"probation"})
    end
    local list = d.probation.discipline
    local facts = {discipline_count = #list, reprimand_count = 0, warning_count = 0,
                   discipline_dates = {}}
    if #list == 0 then
      return ctx.pass(facts)
    end
    for _, item in ipairs(list) do
      if item.form == "reprimand" then
        facts.reprimand_count = facts.reprimand_count + 1
      elseif item.form == "warning" then
        facts.warning_count = facts.warning_count + 1
      end
      if item.date ~= nil then
        facts.discipline_dates[#facts.discipline_dates + 1] = dates.format(item.date)
      end
    end
    facts.last_discipline_on = evidence.latest(list, "date")
    return ctx.warn("disciplined", facts)
  end,
}
