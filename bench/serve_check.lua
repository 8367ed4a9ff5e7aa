-- bench/serve_check.lua: wrk posts one dossier to /v1/check (bench/serve_bench.sh).
-- The dossier's path comes in the environment as BENCH_DOSSIER.
local f = assert(io.open(os.getenv("BENCH_DOSSIER") or "examples/admission-2023.json", "rb"))
wrk.method = "POST"
wrk.body = f:read("a")
f:close()
wrk.headers["Content-Type"] = "application/json"

function done(summary, latency, requests)
  io.write(string.format("requests %d\nduration_s %.2f\nrps %.1f\np50_ms %.2f\np99_ms %.2f\n" ..
                         "socket_errors %d\nnon_2xx %d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write +
      summary.errors.timeout, summary.errors.status))  -- status: answers other than 2xx/3xx
end
