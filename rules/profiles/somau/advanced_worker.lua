-- somau/advanced_worker.lua: the sample department's own criterion.
--
-- Kế hoạch 01-KH/ĐU: a candidate holds the title "lao động tiên tiến"
-- (advanced worker) for the year before the main anchor or that year itself,
-- read from the dossier's extension x_somau.titles [{title, year}].

local dates = require "dates"

rule {
  id = "somau.advanced_worker",
  severity = "eligibility",
  procedures = {"admission"},
  codes = {"ok", "none_recent", "missing"},
  cite = "Kế hoạch 01-KH/ĐU (03/08/2020), điểm 2",
  check = function(d, ctx)
    local ext = d.x_somau
    if ext == nil or ext.titles == nil then
      return ctx.missing({"x_somau.titles"})
    end
    local year = dates.ymd(ctx.main_anchor)
    local best
    for i = 1, #ext.titles do
      local t = ext.titles[i]
      if t.title == "advanced_worker" and (best == nil or t.year > best) then
        best = t.year
      end
    end
    local facts = {latest_year = best, required_from_year = year - 1}
    if best ~= nil and best >= year - 1 then
      return ctx.pass(facts)
    end
    return ctx.fail("none_recent", facts)
  end,
}
