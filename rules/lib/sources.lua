-- sources.lua: the guidance documents (Hướng dẫn) rules cite, and citations
-- that follow the guidance in force on a rule's anchor.
--
-- A regulation (Quy định) changes with the edition, so a rule's `cite` table
-- names it per edition.  A guidance can be replaced inside an edition
-- (editions.json); ctx.guidance names the one in force on the anchor, and the
-- functions below turn it into the text users cite.

local sources = {}

-- ctx.guidance ids (editions.json) as the users cite them.
sources.guidance = {
  ["03-HD/BTCTW 2006"] = "Hướng dẫn 03-HD/BTCTW (2006)",
  ["01-HD/TW 2012"] = "Hướng dẫn 01-HD/TW (05/01/2012)",
  ["01-HD/TW 2016"] = "Hướng dẫn 01-HD/TW (20/09/2016)",
  ["01-HD/TW 2021"] = "Hướng dẫn 01-HD/TW (28/09/2021)",
  ["06-HD/TW 2025"] = "Hướng dẫn 06-HD/TW (09/06/2025)",
}

-- The admission regulation of each edition (editions.json), as users cite it.
sources.regulation = {
  ["2011"]  = "Quy định 45-QĐ/TW (01/11/2011)",
  ["2016"]  = "Quy định 29-QĐ/TW (25/07/2016)",
  ["2021"]  = "Quy định 24-QĐ/TW (30/07/2021)",
  ["2025a"] = "Quy định 232-QĐ/TW (20/01/2025)",
  ["2025b"] = "Quy định 294-QĐ/TW (26/05/2025)",
}

-- A `cite` table with the same citation in every edition (a Charter article,
-- a local criterion).
function sources.every_edition(text)
  local cite = {}
  for edition in pairs(sources.regulation) do
    cite[edition] = text
  end
  return cite
end

-- A `cite` table naming each edition's regulation at the same point:
-- sources.each_regulation("điểm 4.2.1").
function sources.each_regulation(point)
  local cite = {}
  for edition, regulation in pairs(sources.regulation) do
    cite[edition] = regulation .. ", " .. point
  end
  return cite
end

-- guidance id -> "Hướng dẫn 01-HD/TW (28/09/2021), điểm 1.2", for each
-- guidance that `points` (guidance id -> point) gives a point.  Made once,
-- when a rule file is loaded: a citation is looked up at every evaluation.
local function guidance_points(points)
  local texts = {}
  for id, document in pairs(sources.guidance) do
    if points[id] ~= nil then
      texts[id] = document .. ", " .. points[id]
    end
  end
  return texts
end

-- A `cite_at` for a rule grounded in a regulation and a guidance: the rule's
-- citation for the edition (`by_edition`), then the guidance point in force
-- on the anchor; nil where either is missing (the rule's `cite` then stands).
function sources.regulation_and_guidance(by_edition, points)
  local guidances = guidance_points(points)
  local texts = {}   -- edition -> guidance id -> the citation
  for edition, regulation in pairs(by_edition) do
    local by_guidance = {}
    for id, guidance in pairs(guidances) do
      by_guidance[id] = regulation .. "; " .. guidance
    end
    texts[edition] = by_guidance
  end
  return function(ctx)
    local by_guidance = texts[ctx.edition]
    return by_guidance and by_guidance[ctx.guidance]
  end
end

-- A `cite_at` for a rule grounded in the guidance alone: the guidance point
-- in force on the anchor, or nil.
function sources.guidance_at(points)
  local texts = guidance_points(points)
  return function(ctx)
    return texts[ctx.guidance]
  end
end

-- The same point in every guidance: sources.every_guidance("điểm 3.6").
function sources.every_guidance(point)
  local points = {}
  for id in pairs(sources.guidance) do
    points[id] = point
  end
  return points
end

return sources
