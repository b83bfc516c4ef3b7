-- wrk script: POST the GUIDE.md §6 examples to /api/v1/calc in turn. GUIDE_FILES names the
-- bodies (space-separated); CONTENT_TYPE is their media type. Non-200 answers are counted.
local bodies = {}
local i = 0
for file in string.gmatch(os.getenv("GUIDE_FILES") or "", "%S+") do
  local f = assert(io.open(file, "rb"))
  bodies[#bodies + 1] = f:read("*a")
  f:close()
end
wrk.method = "POST"
wrk.headers["Content-Type"] = os.getenv("CONTENT_TYPE") or "application/yaml"
local threads = {}
setup = function(thread)
  table.insert(threads, thread)
end
local errors = 0
request = function()
  i = i % #bodies + 1
  return wrk.format(nil, "/api/v1/calc", nil, bodies[i])
end
response = function(status)
  if status ~= 200 then
    errors = errors + 1
  end
end
done = function()
  local total = 0
  for _, t in ipairs(threads) do
    total = total + (t:get("errors") or 0)
  end
  print("non-200 answers: " .. total)
end
