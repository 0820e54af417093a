-- wrk script: GET the same path with a Range header cycling through precomputed ranges
-- (one per line in RANGES_FILE, e.g. "bytes=123-262266"), then print a JSON summary.
local ranges = {}
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
    table.insert(ranges, line)
  end
  -- Each thread starts at its own place in the shared list.
  next_index = (id or 0) * 997
end

function request()
  next_index = next_index + 1
  return wrk.format("GET", path, { Range = ranges[(next_index % #ranges) + 1] })
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"bytes":%d,"duration_us":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},"p50_us":%d,"p99_us":%d}\n',
    summary.requests, summary.bytes, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
