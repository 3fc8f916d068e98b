-- Requests drawn from the file in TRAFFIC_REQUESTS (path TAB htmx-flag per line), at random;
-- without it, the URL given on the command line. Prints one machine-readable line at the end.
local requests = {}
local file = os.getenv("TRAFFIC_REQUESTS")

init = function(args)
  math.randomseed(os.time() + (wrk.thread and tonumber(tostring(wrk.thread):match("0x(%x+)"), 16) or 0))
  if file then
    for line in io.lines(file) do
      local path, htmx = line:match("^(.-)\t(%d)$")
      local headers = {}
      if htmx == "1" then
        headers["HX-Request"] = "true"
        headers["HX-Current-URL"] = "http://127.0.0.1/"
      end
      requests[#requests + 1] = wrk.format("GET", path, headers)
    end
  end
end

request = function()
  if #requests == 0 then
    return wrk.format("GET")
  end
  return requests[math.random(#requests)]
end

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT %d %.3f %.3f %.3f %.3f %d\n",
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, errors))
end
