-- votes.lua: counting a vote against the fraction it must reach.
--
-- D = official_members - excluded (rulebook.md, "Votes"); a vote reaches the
-- fraction num/den when in_favour * den >= num * D.  All arithmetic is on
-- integers, so that 2/3 of 15 is exactly 10.

local votes = {}

-- The number of votes the fraction is taken of.  `excluded` absent counts as
-- 0: the largest denominator, so that an absent count can never make a vote
-- pass that would otherwise fail.
function votes.denominator(vote)
  return vote.official_members - (vote.excluded or 0)
end

-- True when the vote reaches `fraction` ({num=, den=}).
function votes.reaches(vote, fraction)
  return vote.in_favour * fraction.den >= fraction.num * votes.denominator(vote)
end

-- The fewest votes in favour that reach `fraction`.
function votes.required(vote, fraction)
  local denominator = votes.denominator(vote)
  if denominator <= 0 then
    return 0
  end
  return (fraction.num * denominator + fraction.den - 1) // fraction.den
end

-- The paths of the counts a vote needs and lacks (`where` is the vote's
-- path, e.g. "branch_vote"); an empty list when the counts are there.
-- `present` is needed to check the counts against each other.
function votes.missing_counts(vote, where)
  local paths = {}
  for _, count in ipairs({"official_members", "present", "in_favour"}) do
    if vote[count] == nil then
      paths[#paths + 1] = where .. "." .. count
    end
  end
  return paths
end

-- The first contradiction between the counts ("in_favour > present",
-- "present > official_members", "excluded >= official_members"), or nil.
-- Every official member excluded leaves D = 0: a vote of nobody reaches
-- nothing (rulebook.md, "Votes"), so it is a contradiction too.
-- The counts must be there (votes.missing_counts).
function votes.contradiction(vote)
  local official, excluded = vote.official_members, vote.excluded or 0
  local present, in_favour = vote.present, vote.in_favour
  if in_favour > present then
    return "in_favour > present"
  end
  if present > official then
    return "present > official_members"
  end
  if excluded >= official then
    return "excluded >= official_members"
  end
  return nil
end

-- The facts every vote rule reports: the counts, the denominator, the votes
-- needed and the fraction as text ("2/3").
function votes.facts(vote, fraction)
  return {
    official_members = vote.official_members,
    excluded = vote.excluded or 0,
    present = vote.present,
    in_favour = vote.in_favour,
    denominator = votes.denominator(vote),
    required_in_favour = votes.required(vote, fraction),
    fraction = string.format("%d/%d", fraction.num, fraction.den),
  }
end

return votes
