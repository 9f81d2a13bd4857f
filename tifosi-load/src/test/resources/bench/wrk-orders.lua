-- ./boxbox bench: wrk posts one-pizza orders from a pool made by the bench (io.boxbox.bench.OrderBodies),
-- each request with a person of its own and a fresh Idempotency-Key, as a person's order page sends it.
--
--   wrk -t1 -cN -dS --timeout 30s -s wrk-orders.lua http://127.0.0.1:PORT -- BODIES_FILE PATH RUN_TAG [unkeyed]
--
-- BODIES_FILE: one JSON body per line with @@WHO@@ where the username goes. PATH: /v1/order, or the
-- bench floor /v1/floor (the same requests to a no-op 202). RUN_TAG: makes the keys of this run
-- unlike any earlier run's on the same gateway, so none is answered as a replay. "unkeyed": no
-- Idempotency-Key at all (the bench's diagnostic row: what the idempotency record costs).
-- At the end, done() prints one line "BOXBOX-WRK {json}" with the counts, the latency percentiles
-- (µs) and wrk's own CPU time from /proc/self/stat (clock ticks, all its threads), so the bench can
-- report what the client cost next to the server.

local prefixes, suffixes = {}, {}
local path, tag, keyed = "/v1/order", "run", true
local headers = { ["Content-Type"] = "application/json" }
local sent = 0
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end

function init(args)
  local bodies = args[1]
  path = args[2] or path
  tag = args[3] or tag
  keyed = args[4] ~= "unkeyed"
  for line in io.lines(bodies) do
    local from, to = line:find("@@WHO@@", 1, true)
    if from then
      prefixes[#prefixes + 1] = line:sub(1, from - 1)
      suffixes[#suffixes + 1] = line:sub(to + 1)
    end
  end
  if #prefixes == 0 then
    error("no order bodies with @@WHO@@ in " .. tostring(bodies))
  end
end

function request()
  sent = sent + 1
  local i = sent % #prefixes + 1
  -- 100,000 tifosi, as io.boxbox.load.TifosiOrders: nobody orders often enough for the per-person limit
  local who = "tifoso-" .. ((thread_id * 7919 + sent) % 100000 + 1)
  if keyed then
    headers["Idempotency-Key"] = tag .. "-" .. thread_id .. "-" .. sent
  end
  return wrk.format("POST", path, headers, prefixes[i] .. who .. suffixes[i])
end

function done(summary, latency, requests)
  local stat = io.open("/proc/self/stat"):read("*a")
  local after = stat:match(".*%)%s(.*)")
  local fields = {}
  for field in after:gmatch("%S+") do
    fields[#fields + 1] = field
  end
  -- fields[1] is the state (field 3 of stat), so utime (14) and stime (15) are 12 and 13
  local e = summary.errors
  io.write(string.format('BOXBOX-WRK {"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,'
      .. '"status":%d,"timeout":%d,"p50_us":%.0f,"p90_us":%.0f,"p99_us":%.0f,"max_us":%.0f,'
      .. '"utime_ticks":%s,"stime_ticks":%s}\n',
      summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
      fields[12], fields[13]))
end
