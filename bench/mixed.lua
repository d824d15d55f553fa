-- wrk script: GET a path chosen at random from a file (one per line, given after "--"), as a
-- load balancer terminating TLS would forward it; count responses by status so that 5xx
-- (and 500 vs 503) are told apart from ordinary 404s.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  counts = {}
  math.randomseed(os.time() + id * 7919)
end

function request()
  return wrk.format("GET", paths[math.random(#paths)], { ["X-Forwarded-Proto"] = "https" })
end

function response(status, headers, body)
  local key
  if status == 500 or status == 503 then key = tostring(status)
  elseif status >= 500 then key = "5xx-other"
  else key = math.floor(status / 100) .. "xx" end
  counts[key] = (counts[key] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    local c = thread:get("counts")
    for key, value in pairs(c) do total[key] = (total[key] or 0) + value end
  end
  for key, value in pairs(total) do
    io.write(string.format("STATUS %s %d\n", key, value))
  end
end
