-- docs.lua: how old the papers of a dossier may be when the branch meets.
--
-- From Hướng dẫn 01-HD/TW (20/09/2016), papers older than
-- `docs.freshness_months` (12 [S]) are redone: the introductions, the union
-- resolution, the opinions and their summary (docs.freshness).  Local
-- practice applies the same limit to the application letter and the
-- certified personal history (docs.freshness_history, advisory).  A paper
-- counts on the anchor when `date ≥ add_months(anchor, −N)` (rulebook.md).

local dates = require "dates"
local evidence = require "evidence"
local sources = require "sources"

-- The guidance documents that precede the freshness limit: inside edition
-- 2016 the limit is the edition's parameter, cited by the guidance that
-- states it, also in the weeks before that guidance took effect.
local BEFORE_LIMIT = {["03-HD/BTCTW 2006"] = true, ["01-HD/TW 2012"] = true}
local LIMIT_GUIDANCE = sources.guidance["01-HD/TW 2016"]

local function guidance_cite(ctx)
  if ctx.edition ~= "2011" and BEFORE_LIMIT[ctx.guidance] then
    return LIMIT_GUIDANCE
  end
  return sources.guidance[ctx.guidance]
end

-- The last anchor date on which a paper dated `day` is still within `months`:
-- the largest t with add_months(t, −months) ≤ day.  It is add_months(day,
-- months) or a day or more after it where the month ends clamp (a paper of
-- 2023-02-28 is within 12 months of 2024-02-29).
local function last_fresh_day(day, months)
  local t = dates.add_months(day, months)
  while dates.add_months(t + 1, -months) <= day do
    t = t + 1
  end
  return t
end

-- The path of a paper of a list made by `collect`.
local function paper_path(paper)
  return paper.path or evidence.path(paper.array, paper.i, paper.field)
end

-- Judge a list of papers (made by `collect`) against the window ending on the
-- anchor.  Returns the facts, with the paths of the papers dated before the
-- window (`stale_documents`) and after the anchor (`late_documents`), and
-- the last day all stay within the window (`fresh_until`, nil without a
-- limit): the oldest paper's last day, since a later paper never leaves the
-- window earlier.
local function judge(papers, ctx, months)
  local anchor = ctx.anchor
  local stale, late = {}, {}
  local facts = {freshness_months = months, documents = #papers,
                 stale_documents = stale, late_documents = late}
  local window_from
  if months ~= nil then
    window_from = dates.add_months(anchor, -months)
    facts.window_from = window_from
  end
  local oldest, latest, earliest
  for _, paper in ipairs(papers) do
    local day = paper.date
    if window_from ~= nil and day < window_from then
      stale[#stale + 1] = paper_path(paper)
      if oldest == nil or day < oldest then
        oldest = day
      end
    elseif day > anchor then
      late[#late + 1] = paper_path(paper)
      if latest == nil or day > latest then
        latest = day
      end
    end
    if earliest == nil or day < earliest then
      earliest = day
    end
  end
  facts.oldest_date, facts.latest_document_date = oldest, latest
  if months ~= nil and earliest ~= nil then
    facts.fresh_until = last_fresh_day(earliest, months)
  end
  return facts
end

-- Add the paper `field` of item i of `array` (a Lua index; without `i`, the
-- paper at the path `array`), dated `day`, to `papers`, or its path to
-- `missing`.  A paper's path is made only when a message shows it.
local function collect(papers, missing, array, day, i, field)
  if day == nil then
    missing[#missing + 1] = i == nil and array or evidence.path(array, i, field)
  elseif i == nil then
    papers[#papers + 1] = {path = array, date = day}
  else
    papers[#papers + 1] = {array = array, i = i, field = field, date = day}
  end
end

-- ---------------------------------------------------------------------------
-- docs.freshness

-- The papers of others about the person: every introduction, the union
-- resolution where it stands in for an introducer (fewer than two
-- introducers, as intro.count reads it), every opinion and the summary.
local function introductions_and_opinions(d)
  local papers, missing = {}, {}
  local introducers = d.introducers
  for i, introducer in ipairs(introducers) do
    collect(papers, missing, "introducers", introducer.signed_on, i, "signed_on")
  end
  local union = d.union_introduction
  if union ~= nil and #introducers < 2 then
    collect(papers, missing, "union_introduction.date", union.date)
  end
  for i, opinion in ipairs(d.opinions) do
    collect(papers, missing, "opinions", opinion.date, i, "date")
  end
  local summary = d.opinion_summary
  if summary ~= nil then
    collect(papers, missing, "opinion_summary.date", summary.date)
  end
  return papers, missing
end

rule {
  id = "docs.freshness",
  severity = "eligibility",
  procedures = {"admission"},
  params = {"docs.freshness_months"},
  codes = {"ok", "ok_no_limit", "stale", "after_anchor", "missing"},
  cite = {
    ["2011"]  = "Hướng dẫn 01-HD/TW (05/01/2012)",
    ["2016"]  = "Hướng dẫn 01-HD/TW (20/09/2016)",
    ["2021"]  = "Hướng dẫn 01-HD/TW (28/09/2021)",
    ["2025a"] = "Hướng dẫn 01-HD/TW (28/09/2021)",
    ["2025b"] = "Hướng dẫn 06-HD/TW (09/06/2025)",
  },
  cite_at = guidance_cite,
  check = function(d, ctx)
    local papers, missing = introductions_and_opinions(d)
    if #papers == 0 and #missing == 0 then
      return ctx.missing({evidence.path("introducers", 1), "opinion_summary"})
    end
    local months = ctx.param("docs.freshness_months")
    local facts = judge(papers, ctx, months)
    if #facts.stale_documents > 0 then
      return ctx.fail("stale", facts, {latest = facts.fresh_until})
    elseif #facts.late_documents > 0 then
      return ctx.fail("after_anchor", facts, {earliest = facts.latest_document_date})
    elseif #missing > 0 then
      return ctx.missing(missing, facts)
    elseif months == nil then
      return ctx.pass(facts, "ok_no_limit")
    end
    return ctx.pass(facts, "ok", {latest = facts.fresh_until})
  end,
}

-- ---------------------------------------------------------------------------
-- docs.freshness_history

-- Local practice [S]: the limit of the papers of others applied to the
-- person's own letter and certified history.
local PRACTICE = "Thực tiễn công tác đảng viên"

rule {
  id = "docs.freshness_history",
  severity = "advisory",
  procedures = {"admission"},
  params = {"docs.freshness_months"},
  codes = {"ok", "stale", "no_limit", "missing"},
  cite = {
    ["2011"]  = PRACTICE .. " (chưa có thời hạn hồ sơ)",
    ["2016"]  = PRACTICE .. ", theo thời hạn hồ sơ của " .. LIMIT_GUIDANCE,
    ["2021"]  = PRACTICE .. ", theo thời hạn hồ sơ của " .. LIMIT_GUIDANCE,
    ["2025a"] = PRACTICE .. ", theo thời hạn hồ sơ của " .. LIMIT_GUIDANCE,
    ["2025b"] = PRACTICE .. ", theo thời hạn hồ sơ của " .. LIMIT_GUIDANCE,
  },
  -- The limit is docs.freshness's: named by the guidance in force on the
  -- anchor, as docs.freshness cites it (2011 sets no limit).
  cite_at = function(ctx)
    if ctx.edition == "2011" then
      return nil
    end
    return PRACTICE .. ", theo thời hạn hồ sơ của " .. guidance_cite(ctx)
  end,
  check = function(d, ctx)
    local months = ctx.param("docs.freshness_months")
    if months == nil then
      return ctx.not_applicable("no_limit", {})
    end
    local papers, missing = {}, {}
    if d.application == nil then
      missing[#missing + 1] = "application"
    else
      collect(papers, missing, "application.letter_date", d.application.letter_date)
    end
    if d.personal_history == nil then
      missing[#missing + 1] = "personal_history"
    else
      collect(papers, missing, "personal_history.certified_on", d.personal_history.certified_on)
    end
    local facts = judge(papers, ctx, months)
    facts.late_documents, facts.latest_document_date = nil, nil   -- app.letter, app.history
    if #missing > 0 then
      return ctx.missing(missing, facts)
    elseif #facts.stale_documents > 0 then
      return ctx.warn("stale", facts, {latest = facts.fresh_until})
    end
    return ctx.pass(facts, "ok", {latest = facts.fresh_until})
  end,
}
