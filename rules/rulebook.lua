-- rulebook.lua: advisories about the rulebook itself.
--
-- rulebook.md, "Editions": the rules were reviewed against the regulations
-- published up to `rulebook.reviewed_until`; a dossier whose main anchor is
-- later may fall under a regulation the rulebook does not know yet.

local dates = require "dates"

-- The regulations of each edition (rules/editions.json), as the rule cites them.
local EDITION_REGULATION = {
  ["2011"]  = "Điều lệ Đảng 2011; Quy định 45-QĐ/TW (01/11/2011)",
  ["2016"]  = "Quy định 29-QĐ/TW (25/07/2016)",
  ["2021"]  = "Quy định 24-QĐ/TW (30/07/2021)",
  ["2025a"] = "Quy định 232-QĐ/TW (20/01/2025)",
  ["2025b"] = "Quy định 294-QĐ/TW (26/05/2025); Quy định 298-QĐ/TW",
}

-- The parameter is a date written as a string (rules/params.json).
local function reviewed_until(ctx)
  return dates.parse(ctx.param("rulebook.reviewed_until"))
end

-- `warn` when the main anchor is after the day up to which the rulebook was
-- reviewed; a pass says until when it stays so (hint `latest`).
rule {
  id = "rulebook.currency",
  severity = "advisory",
  procedures = {"admission", "recognition"},
  params = {"rulebook.reviewed_until"},
  codes = {"ok", "beyond_review"},
  cite = EDITION_REGULATION,
  cite_at = function(ctx)
    local regulation = EDITION_REGULATION[ctx.edition]
    if regulation == nil then
      return nil
    end
    local y, m, day = dates.ymd(reviewed_until(ctx))
    return string.format("%s; bộ quy tắc rà soát đến %02d/%02d/%04d", regulation, day, m, y)
  end,
  check = function(d, ctx)
    local facts = {reviewed_until = reviewed_until(ctx)}
    if ctx.anchor > facts.reviewed_until then
      return ctx.warn("beyond_review", facts)
    end
    return ctx.pass(facts, "ok", {latest = facts.reviewed_until})
  end,
}
