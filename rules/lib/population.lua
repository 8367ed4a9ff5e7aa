-- population.lua: the population policy's counting of children and its
-- regimes, shared by special.population (admission of a person with a third
-- or later child) and readm.wait (re-admission of a person removed for it).
--
-- Quy định 173-QĐ/TW (11/03/2013) and Quy định 05-QĐi/TW (28/08/2018), the
-- latter until `population.until`.  Their dates and months are the
-- parameters `population.v173`, `population.v05` and `population.until`
-- (rules/params.json); the functions below take their values, so that each
-- rule declares the parameters it reads.

local dates = require "dates"

local population = {}

-- How the users cite the two regulations.
population.REGULATION = {
  v173 = "Quy định 173-QĐ/TW (11/03/2013)",
  v05 = "Quy định 05-QĐi/TW (28/08/2018)",
}

-- The children the policy counts, in birth order (the order of the dossier):
-- every child not marked `policy_exempt`.  Each entry is {order = n (1 for
-- the first child counted), index = i (Lua index in candidate.children),
-- child = item}.  A child without the flag is counted: an exemption is a
-- claim the dossier has to make.
function population.counted_children(children)
  local counted = {}
  for i, child in ipairs(children) do
    if child.policy_exempt ~= true then
      counted[#counted + 1] = {order = #counted + 1, index = i, child = child}
    end
  end
  return counted
end

-- Where `day` stands against Quy định 05-QĐi/TW: "before" it took effect
-- (`v05.from`), "v05" while it applies (up to `policy_until`, a day number,
-- inclusive), "after" from the next day.
function population.v05_regime(day, v05, policy_until)
  if day < dates.parse(v05.from) then
    return "before"
  elseif day <= policy_until then
    return "v05"
  end
  return "after"
end

-- The regime in force on `day`: "before" (no rule: before 173-QĐ/TW),
-- "v173", "v05", or "after" (from the day after `population.until`).
function population.regime_at(day, v173, v05, policy_until)
  local regime = population.v05_regime(day, v05, policy_until)
  if regime ~= "before" then
    return regime
  elseif day < dates.parse(v173.from) then
    return "before"
  end
  return "v173"
end

-- "Quy định 05-QĐi/TW (28/08/2018), áp dụng đến 16/02/2025": the citation
-- of the policy once `policy_until` has passed.
function population.v05_until_text(policy_until)
  local y, m, day = dates.ymd(policy_until)
  return string.format("%s, áp dụng đến %02d/%02d/%04d", population.REGULATION.v05, day, m, y)
end

return population
