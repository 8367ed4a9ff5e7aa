-- off.lua: recognition as an official member (công nhận đảng viên chính
-- thức) after probation.
--
-- Điều lệ Đảng 2011, Điều 5.2 and 5.4; the QĐ of each edition, points 4.2
-- (the branch considers recognition) and 4.3 (the competent committee
-- decides); the guidance in force, điểm 4 (the documents, Mẫu 10-KNĐ to
-- 16-KNĐ).  Deadlines are counted in working days (rules/lib/deadlines.lua,
-- the calendar plugin vncal).  The end of probation and the recognition
-- votes: rules/lib/probation.lua.

local votes = require "votes"
local sources = require "sources"
local deadlines = require "deadlines"
local authority = require "authority"
local probation = require "probation"

-- Every edition cites the same point of its regulation.
-- `prefix` before each edition's citation (`by_edition`); editions without
-- one stay without.
local function with_prefix(prefix, by_edition)
  local cite = {}
  for edition, text in pairs(by_edition) do
    cite[edition] = prefix .. text
  end
  return cite
end

-- The citations of a rule grounded in the guidance in force, `point` of it:
-- one per edition (the guidance in force for most of it) and, with cite_at,
-- the one in force on the anchor.
local function each_guidance(point)
  return {
    ["2011"]  = "Hướng dẫn 01-HD/TW (05/01/2012), " .. point,
    ["2016"]  = "Hướng dẫn 01-HD/TW (20/09/2016), " .. point,
    ["2021"]  = "Hướng dẫn 01-HD/TW (28/09/2021), " .. point,
    ["2025a"] = "Hướng dẫn 01-HD/TW (28/09/2021), " .. point,
    ["2025b"] = "Hướng dẫn 06-HD/TW (09/06/2025), " .. point,
  }
end

-- The recognition section, or the outcome `missing` when the dossier has none.
local function probation_or_missing(d, ctx)
  if d.probation == nil then
    return nil, ctx.missing({"probation"})
  end
  return d.probation
end

-- ---------------------------------------------------------------------------
-- off.docs: the guidance in force, điểm 4.  The member's self-review (Mẫu
-- 10-KNĐ) and the mentor's assessment (Mẫu 11-KNĐ) review the whole
-- probation, so they are dated after it ended; the branch committee sums up
-- the opinions of the organisations (Mẫu 12-KNĐ).

local DOCS_POINT = "điểm 4; Mẫu 10-KNĐ, 11-KNĐ, 12-KNĐ"

-- The documents, with the path of their date and whether they must be dated
-- after probation.
local DOCUMENTS = {
  {key = "self_review",       fact = "self_review_date",       after_probation = true},
  {key = "mentor_assessment", fact = "mentor_assessment_date", after_probation = true},
  {key = "opinion_summary",   fact = "opinion_summary_date",   after_probation = false},
}

rule {
  id = "off.docs",
  severity = "eligibility",
  procedures = {"recognition"},
  params = {"probation.months"},
  codes = {"ok", "too_early", "missing"},
  cite = each_guidance(DOCS_POINT),
  cite_at = sources.guidance_at(sources.every_guidance(DOCS_POINT)),
  check = function(d, ctx)
    local section, absent = probation_or_missing(d, ctx)
    if section == nil then
      return absent
    end
    local last_day, ceremony_path = probation.last_day(d, ctx.param("probation.months"))
    local facts, missing, early = {probation_until = last_day}, {}, {}
    if last_day == nil then
      missing[#missing + 1] = ceremony_path
    else
      facts.documents_from = last_day + 1
    end
    for _, document in ipairs(DOCUMENTS) do
      local item, path = section[document.key], "probation." .. document.key
      if item == nil then
        missing[#missing + 1] = path
      elseif item.date == nil then
        missing[#missing + 1] = path .. ".date"
      else
        facts[document.fact] = item.date
        if document.after_probation and last_day ~= nil and item.date <= last_day then
          early[#early + 1] = path .. ".date"
        end
      end
    end
    -- A present but early document fails, whatever else is missing.
    if #early > 0 then
      facts.early_documents = early
      return ctx.fail("too_early", facts, {earliest = facts.documents_from})
    elseif #missing > 0 then
      return ctx.missing(missing, facts)
    end
    return ctx.pass(facts)
  end,
}

-- ---------------------------------------------------------------------------
-- off.vote: Điều lệ Đảng 2011, Điều 5.2; QĐ điểm 4.2.3.  The branch votes on
-- a motion to recognise the member, or to remove them from the list of
-- members; it passes with two thirds of the official members (vote.fraction).
-- After three votes without a passing motion the superior committee decides.

-- The votes after which the superior committee decides.
local VOTES_BEFORE_SUPERIOR = 3

-- The facts of vote i (a Lua index) of the list.
local function vote_facts(list, i, fraction)
  local vote = list[i]
  local facts = votes.facts(vote, fraction)
  facts.vote_count = #list
  facts.vote_date = vote.date
  facts.outcome = vote.outcome
  return facts
end

rule {
  id = "off.vote",
  severity = "eligibility",
  procedures = {"recognition"},
  step = "branch_vote",
  params = {"vote.fraction"},
  codes = {"ok", "removed", "inconsistent_counts", "not_reached", "to_superior",
           "superior_decided", "missing"},
  cite = with_prefix("Điều lệ Đảng 2011, Điều 5.2; ", sources.each_regulation("điểm 4.2.3")),
  check = function(d, ctx)
    local section, absent = probation_or_missing(d, ctx)
    if section == nil then
      return absent
    end
    local list = section.branch_votes
    if #list == 0 then
      return ctx.missing({probation.VOTES})
    end
    local fraction = ctx.param("vote.fraction")
    -- Counts that contradict each other fail, whatever else is missing.
    for i, vote in ipairs(list) do
      if #votes.missing_counts(vote, probation.vote_path(i)) == 0 then
        local contradiction = votes.contradiction(vote)
        if contradiction ~= nil then
          local facts = vote_facts(list, i, fraction)
          facts.contradiction = contradiction
          return ctx.fail("inconsistent_counts", facts)
        end
      end
    end
    local uncounted = probation.uncounted(list, {"date", "outcome"})
    if #uncounted > 0 then
      return ctx.missing(uncounted, {vote_count = #list})
    end
    -- The branch's resolution is the last motion that passed.
    local passed, i = probation.last_passed(list, fraction)
    if passed ~= nil then
      local facts = vote_facts(list, i, fraction)
      if passed.outcome == "remove" then
        return ctx.fail("removed", facts)
      end
      return ctx.pass(facts)
    end
    local facts = vote_facts(list, #list, fraction)
    facts.votes_before_superior = VOTES_BEFORE_SUPERIOR
    if #list < VOTES_BEFORE_SUPERIOR then
      return ctx.fail("not_reached", facts)
    end
    local decision = section.decision
    if decision ~= nil then
      facts.decision_date = decision.date
      facts.decision_number = decision.number
      return ctx.pass(facts, "superior_decided")
    end
    return ctx.needs_approval("to_superior", facts)
  end,
}

-- ---------------------------------------------------------------------------
-- off.grassroots_vote: the guidance in force, điểm 4 (Mẫu 15-KNĐ).  As for
-- admission (vote.grassroots): the grassroots committee votes on the branch's
-- proposal; short of two thirds, the whole result goes to the superior
-- committee; a grassroots branch has no such step.

local GRASSROOTS_VOTE = "probation.grassroots_vote"

rule {
  id = "off.grassroots_vote",
  severity = "eligibility",
  procedures = {"recognition"},
  step = "grassroots_vote",
  params = {"vote.fraction"},
  codes = {"ok", "short", "inconsistent_counts", "grassroots_branch", "missing"},
  cite = each_guidance("điểm 4; Mẫu 15-KNĐ"),
  cite_at = sources.guidance_at(sources.every_guidance("điểm 4; Mẫu 15-KNĐ")),
  check = function(d, ctx)
    local branch = d.organisation.branch
    if branch ~= nil and branch.grassroots == true then
      return ctx.not_applicable("grassroots_branch")
    end
    local section, absent = probation_or_missing(d, ctx)
    if section == nil then
      return absent
    end
    local vote = section.grassroots_vote
    if vote == nil then
      return ctx.missing({GRASSROOTS_VOTE})
    end
    local paths = votes.missing_counts(vote, GRASSROOTS_VOTE)
    if #paths > 0 then
      return ctx.missing(paths)
    end
    local fraction = ctx.param("vote.fraction")
    local facts = votes.facts(vote, fraction)
    facts.vote_date = vote.date
    local contradiction = votes.contradiction(vote)
    if contradiction ~= nil then
      facts.contradiction = contradiction
      return ctx.fail("inconsistent_counts", facts)
    elseif not votes.reaches(vote, fraction) then
      return ctx.needs_approval("short", facts)
    end
    return ctx.pass(facts)
  end,
}

-- ---------------------------------------------------------------------------
-- off.branch_deadline: QĐ điểm 4.2.1 (from 2016): at the latest 30 working
-- days after the end of probation, the branch considers recognition.  The
-- deadline is governed by the edition in force when probation ends.

rule {
  id = "off.branch_deadline",
  severity = "process",
  procedures = {"recognition"},
  step = "branch_vote",
  params = {"probation.months", "recognition.branch_deadline_wd"},
  codes = {"ok", "late", "overdue", "not_yet", "missing", "outside_calendar"},
  cite = {
    ["2016"]  = "Quy định 29-QĐ/TW (25/07/2016), điểm 4.2.1",
    ["2021"]  = "Quy định 24-QĐ/TW (30/07/2021), điểm 4.2.1",
    ["2025a"] = "Quy định 232-QĐ/TW (20/01/2025), điểm 4.2.1",
    ["2025b"] = "Quy định 294-QĐ/TW (26/05/2025), điểm 4.2.1",
  },
  anchor = function(d, ctx)
    return (probation.last_day(d, ctx.param("probation.months")))
  end,
  check = function(d, ctx)
    local last_day, ceremony_path = probation.last_day(d, ctx.param("probation.months"))
    if last_day == nil then
      return ctx.missing({ceremony_path})
    end
    local section, absent = probation_or_missing(d, ctx)
    if section == nil then
      return absent
    end
    local first = section.branch_votes[1]
    if first ~= nil and first.date == nil then
      return ctx.missing({probation.vote_path(1, "date")})
    end
    local working_days = ctx.param("recognition.branch_deadline_wd")
    local facts = {probation_until = last_day, deadline_wd = working_days}
    local outside = deadlines.outside_calendar(ctx, facts, last_day, working_days,
                                               first and first.date)
    if outside ~= nil then
      return outside
    end
    return deadlines.judge(ctx, facts, last_day, deadlines.due(last_day, working_days),
                           first and first.date, probation.VOTES)
  end,
}

-- ---------------------------------------------------------------------------
-- off.decision_deadline: QĐ điểm 4.3.1 (from 2016): the competent committee
-- decides within 30 working days after the branch's resolution, extended
-- by at most 30 working days.  The deadline runs from the last branch vote
-- that passed, and is governed by the edition in force on it.

-- The last branch vote that passed, or nil.
local function last_passed(d, ctx)
  return probation.last_passed(probation.branch_votes(d), ctx.param("vote.fraction"))
end

rule {
  id = "off.decision_deadline",
  severity = "process",
  procedures = {"recognition"},
  step = "decision",
  params = {"vote.fraction", "recognition.decision_deadline_wd",
            "recognition.decision_extension_max_wd"},
  codes = {"ok", "late", "overdue", "not_yet", "no_passed_vote", "missing", "outside_calendar"},
  cite = {
    ["2016"]  = "Quy định 29-QĐ/TW (25/07/2016), điểm 4.3.1",
    ["2021"]  = "Quy định 24-QĐ/TW (30/07/2021), điểm 4.3.1",
    ["2025a"] = "Quy định 232-QĐ/TW (20/01/2025), điểm 4.3.1",
    ["2025b"] = "Quy định 294-QĐ/TW (26/05/2025), điểm 4.3.1",
  },
  anchor = function(d, ctx)
    local vote = last_passed(d, ctx)
    return vote and vote.date
  end,
  check = function(d, ctx)
    local section, absent = probation_or_missing(d, ctx)
    if section == nil then
      return absent
    end
    local list = section.branch_votes
    if #list == 0 then
      return ctx.missing({probation.VOTES})
    end
    local uncounted = probation.uncounted(list)
    if #uncounted > 0 then
      return ctx.missing(uncounted)
    end
    local vote, i = last_passed(d, ctx)
    if vote == nil then
      return ctx.not_applicable("no_passed_vote", {vote_count = #list})
    elseif vote.date == nil then
      return ctx.missing({probation.vote_path(i, "date")})
    end
    local decision = section.decision
    local base = ctx.param("recognition.decision_deadline_wd")
    local extension_max = ctx.param("recognition.decision_extension_max_wd")
    local requested = decision and decision.extension_working_days
    local allowed, counted = deadlines.allowed(base, requested, extension_max)
    local facts = {deadline_wd = base, extension_working_days = counted,
                   extension_max_wd = extension_max, outcome = vote.outcome}
    if requested ~= nil and requested > counted then
      facts.extension_requested = requested
    end
    local path = decision == nil and "probation.decision" or "probation.decision.date"
    local outside = deadlines.outside_calendar(ctx, facts, vote.date, allowed,
                                               decision and decision.date)
    if outside ~= nil then
      return outside
    end
    return deadlines.judge(ctx, facts, vote.date, deadlines.due(vote.date, allowed),
                           decision and decision.date, path)
  end,
}

-- ---------------------------------------------------------------------------
-- off.decision_authority: QĐ điểm 4.3.2 and Quy định 298-QĐ/TW, as for the
-- admission decision (rules/lib/authority.lua): the recognition decision
-- (Mẫu 16-KNĐ) is issued by the body competent for the branch.  Governed by
-- the edition in force on the decision's date, else on the last branch vote.

rule {
  id = "off.decision_authority",
  severity = "process",
  procedures = {"recognition"},
  step = "decision",
  codes = {"ok", "wrong_body", "district_abolished", "no_competent_body", "missing"},
  cite = authority.cite,
  anchor = function(d, ctx)
    local section = d.probation
    if section == nil then
      return nil
    elseif section.decision ~= nil and section.decision.date ~= nil then
      return section.decision.date
    end
    local list = section.branch_votes
    return list[#list] and list[#list].date
  end,
  check = function(d, ctx)
    local section = d.probation
    local decision = section and section.decision
    return authority.judge(ctx, d.organisation.competent_body, decision,
                           section == nil and "probation" or "probation.decision")
  end,
}

-- ---------------------------------------------------------------------------
-- off.effective_date: Điều lệ Đảng 2011, Điều 5.4; QĐ điểm 4.2.2.  A member
-- recognised is official from the end of probation (the official date), and
-- their party age counts from the date of the admission decision.

rule {
  id = "off.effective_date",
  severity = "eligibility",
  procedures = {"recognition"},
  step = "decision",
  params = {"probation.months"},
  codes = {"ok", "missing"},
  cite = with_prefix("Điều lệ Đảng 2011, Điều 5.4; ", sources.each_regulation("điểm 4.2.2")),
  check = function(d, ctx)
    local last_day, ceremony_path = probation.last_day(d, ctx.param("probation.months"))
    local missing = {}
    if last_day == nil then
      missing[#missing + 1] = ceremony_path
    end
    if d.decision == nil then
      missing[#missing + 1] = "decision"
    elseif d.decision.date == nil then
      missing[#missing + 1] = "decision.date"
    end
    local facts = {official_from = last_day, party_age_from = d.decision and d.decision.date}
    if #missing > 0 then
      return ctx.missing(missing, facts)
    end
    facts.ceremony_date = d.ceremony.date
    return ctx.pass(facts)
  end,
}
