-- elig.lua: who may be admitted at all (Điều lệ Đảng 2011, Điều 1.2).
--
-- Only elig.citizen is encoded here so far; elig.political_standard comes
-- with the verification rules.

-- Điều 1.2: "Công dân Việt Nam từ mười tám tuổi trở lên ..."
rule {
  id = "elig.citizen",
  severity = "eligibility",
  procedures = {"admission"},
  codes = {"ok", "not_citizen", "missing"},
  cite = {
    ["2011"]  = "Điều lệ Đảng 2011, Điều 1.2",
    ["2016"]  = "Điều lệ Đảng 2011, Điều 1.2",
    ["2021"]  = "Điều lệ Đảng 2011, Điều 1.2",
    ["2025a"] = "Điều lệ Đảng 2011, Điều 1.2",
    ["2025b"] = "Điều lệ Đảng 2011, Điều 1.2",
  },
  check = function(d, ctx)
    local citizenship = d.candidate.citizenship
    if citizenship == nil then
      return ctx.missing({"candidate.citizenship"})
    end
    local facts = {citizenship = citizenship}
    if citizenship ~= "VN" then
      return ctx.fail("not_citizen", facts)
    end
    return ctx.pass(facts)
  end,
}
