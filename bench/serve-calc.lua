-- wrk script: POST the GUIDE.md §6 examples (fixtures/calc/guide-*.yaml) to /api/v1/calc in turn.
-- Each thread reads the files named in the GUIDE_FILES environment variable (space-separated).
local bodies = {}
local i = 0
for file in string.gmatch(os.getenv("GUIDE_FILES") or "", "%S+") do
  local f = assert(io.open(file, "rb"))
  bodies[#bodies + 1] = f:read("*a")
  f:close()
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/yaml"
local errors = 0
request = function()
  i = i % #bodies + 1
  return wrk.format(nil, "/api/v1/calc", nil, bodies[i])
end
response = function(status)
  if status ~= 200 then errors = errors + 1 end
end
