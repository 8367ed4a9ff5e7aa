-- probation.lua: the dates of probation and the recognition votes.
--
-- rulebook.md, "Date arithmetic": probation of `probation.months` months from
-- the ceremony ends at the end of add_months(ceremony.date, months), the
-- official date; what requires completed probation is dated from the next
-- day.  probation.branch_votes holds one vote per branch meeting, in date
-- order (dossier.md); a vote's `outcome` is the motion put to the vote, and it
-- passes when it reaches the fraction (rules/lib/votes.lua).

local dates = require "dates"
local votes = require "votes"
local evidence = require "evidence"

local probation = {}

-- The JSON path of the recognition votes.
probation.VOTES = "probation.branch_votes"

-- The last day of probation (the official date), or nil without the
-- ceremony's date; with the path that is then missing.
function probation.last_day(d, months)
  local ceremony = d.ceremony
  if ceremony == nil then
    return nil, "ceremony"
  elseif ceremony.date == nil then
    return nil, "ceremony.date"
  end
  return dates.add_months(ceremony.date, months)
end

-- The recognition votes (an empty list when the probation section is null).
function probation.branch_votes(d)
  if d.probation == nil then
    return {}
  end
  return d.probation.branch_votes
end

-- The path of vote i (a Lua index) of probation.branch_votes, or of its field.
function probation.vote_path(i, field)
  return evidence.path(probation.VOTES, i, field)
end

-- The paths of what the votes lack to be counted: their counts, and the
-- fields listed in `also` (e.g. {"date", "outcome"}).  An empty list when
-- every vote can be counted.
function probation.uncounted(list, also)
  local paths = {}
  for i, vote in ipairs(list) do
    local where = probation.vote_path(i)
    for _, path in ipairs(votes.missing_counts(vote, where)) do
      paths[#paths + 1] = path
    end
    for _, field in ipairs(also or {}) do
      if vote[field] == nil then
        paths[#paths + 1] = where .. "." .. field
      end
    end
  end
  return paths
end

-- True when vote `vote` (its counts present) reaches `fraction`.
function probation.passed(vote, fraction)
  return vote.official_members ~= nil and vote.in_favour ~= nil
         and votes.reaches(vote, fraction)
end

-- The last vote that passed, and its index; nil when none did.  Votes whose
-- counts are missing are not counted as passed.
function probation.last_passed(list, fraction)
  for i = #list, 1, -1 do
    if probation.passed(list[i], fraction) then
      return list[i], i
    end
  end
  return nil
end

return probation
