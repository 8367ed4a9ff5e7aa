-- vote.lua: the resolutions that admit a person.
--
-- Điều lệ Đảng 2011, Điều 4.3: the branch admits by a vote of at least two
-- thirds of its official members; the grassroots committee then decides by
-- the same fraction of its members (the guidance in force, điểm 3.6).
-- Counting is the `votes` module: D = official_members - excluded.

local votes = require "votes"
local sources = require "sources"

-- The outcome of counts that cannot be judged: missing, or contradicting
-- each other; nil when the counts can be counted.
local function unusable_counts(vote, where, fraction, ctx)
  local paths = votes.missing_counts(vote, where)
  if #paths > 0 then
    return ctx.missing(paths)
  end
  local contradiction = votes.contradiction(vote)
  if contradiction ~= nil then
    local facts = votes.facts(vote, fraction)
    facts.contradiction = contradiction
    return ctx.fail("inconsistent_counts", facts)
  end
  return nil
end

-- Điều 4.3: "Chi bộ xét và đề nghị kết nạp ... được ít nhất hai phần ba số
-- đảng viên chính thức tán thành".  A branch with fewer official members than
-- a branch needs (Điều 24) cannot decide alone: the superior committee acts.
rule {
  id = "vote.branch",
  severity = "eligibility",
  procedures = {"admission"},
  step = "branch_vote",
  params = {"vote.fraction", "vote.min_official_members"},
  codes = {"ok", "short", "inconsistent_counts", "small_branch", "missing"},
  cite = {
    ["2011"]  = "Điều lệ Đảng 2011, Điều 4.3",
    ["2016"]  = "Điều lệ Đảng 2011, Điều 4.3",
    ["2021"]  = "Điều lệ Đảng 2011, Điều 4.3",
    ["2025a"] = "Điều lệ Đảng 2011, Điều 4.3",
    ["2025b"] = "Điều lệ Đảng 2011, Điều 4.3",
  },
  check = function(d, ctx)
    local vote = d.branch_vote
    if vote == nil then
      return ctx.missing({"branch_vote"})
    end
    local fraction = ctx.param("vote.fraction")
    local unusable = unusable_counts(vote, "branch_vote", fraction, ctx)
    if unusable ~= nil then
      return unusable
    end
    local facts = votes.facts(vote, fraction)
    facts.min_official_members = ctx.param("vote.min_official_members")
    -- A vote short of the fraction fails whatever the size of the branch.
    if not votes.reaches(vote, fraction) then
      return ctx.fail("short", facts)
    elseif vote.official_members < facts.min_official_members then
      return ctx.needs_approval("small_branch", facts)
    end
    return ctx.pass(facts)
  end,
}

-- The guidance in force, điểm 3.6: the grassroots committee (đảng ủy cơ sở)
-- votes on the branch's proposal; short of two thirds, the whole result goes
-- to the superior committee.  A grassroots branch (chi bộ cơ sở) has no such
-- step.
local VOTE_GRASSROOTS = {
  ["2011"]  = "Hướng dẫn 01-HD/TW (05/01/2012), điểm 3.6",
  ["2016"]  = "Hướng dẫn 01-HD/TW (20/09/2016), điểm 3.6",
  ["2021"]  = "Hướng dẫn 01-HD/TW (28/09/2021), điểm 3.6",
  ["2025a"] = "Hướng dẫn 01-HD/TW (28/09/2021), điểm 3.6",
  ["2025b"] = "Hướng dẫn 06-HD/TW (09/06/2025), điểm 3.6",
}

rule {
  id = "vote.grassroots",
  severity = "eligibility",
  procedures = {"admission"},
  step = "grassroots_vote",
  params = {"vote.fraction"},
  codes = {"ok", "short", "inconsistent_counts", "grassroots_branch", "missing"},
  cite = VOTE_GRASSROOTS,
  cite_at = sources.guidance_at(sources.every_guidance("điểm 3.6")),
  check = function(d, ctx)
    local branch = d.organisation.branch
    if branch ~= nil and branch.grassroots == true then
      return ctx.not_applicable("grassroots_branch")
    end
    local vote = d.grassroots_vote
    if vote == nil then
      return ctx.missing({"grassroots_vote"})
    end
    local fraction = ctx.param("vote.fraction")
    local unusable = unusable_counts(vote, "grassroots_vote", fraction, ctx)
    if unusable ~= nil then
      return unusable
    end
    local facts = votes.facts(vote, fraction)
    if not votes.reaches(vote, fraction) then
      return ctx.needs_approval("short", facts)
    end
    return ctx.pass(facts)
  end,
}
