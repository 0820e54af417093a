-- wrk script: GET with a Range header cycling through precomputed ranges, then print a JSON
-- summary. RANGES_FILE has one request a line: "bytes=123-262266" (for the path given as the
-- first argument), or "<path> bytes=123-262266" to spread the load over several URLs.
local requests = {}
local path = nil
local next_index = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  path = args[1]
  for line in io.lines(args[2]) do
    local own_path, range = line:match("^(%S+)%s+(%S+)$")
    table.insert(requests, { path = own_path or path, range = range or line })
  end
  -- Each thread starts at its own place in the shared list.
  next_index = (id or 0) * 997
end

function request()
  next_index = next_index + 1
  local r = requests[(next_index % #requests) + 1]
  return wrk.format("GET", r.path, { Range = r.range })
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"bytes":%d,"duration_us":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},"p50_us":%d,"p99_us":%d}\n',
    summary.requests, summary.bytes, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
