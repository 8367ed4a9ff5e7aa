#!/usr/bin/env python3
"""bench/serve_cpu.py [--bench] ADMIT [ADMIT2] - the CPU time `admit serve` spends on one request.

wrk's requests a second (bench/serve_bench.sh) move by more between two runs of
the same build than a change to one request's work does: it measures the
machine's threads and network as much as admit.  This measures the server's
own CPU instead.  It starts ADMIT serve with one worker (--threads 1) pinned to
CPU 0, sends BENCH_SERVE_CPU_REQUESTS (2000) keep-alive POST /v1/check of
examples/admission-2023.json a round from CPU 1, and reads the server
process's user+system time from /proc before and after each round; the figure
is the median of BENCH_SERVE_CPU_ROUNDS (7) rounds, for the default answer
(full=true) and for full=false.

With a second build, both servers run side by side and their rounds
interleave, first one first, then the other: the ratio of the medians
compares the builds within one run (docs/performance.md, change 67).

Prints one line per build and query and, with --bench, `BENCH
serve_cpu_<query>_us` lines for the first build.  Exits 1 when a server does
not start or an answer is not 200.
"""
import http.client
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOSSIER = os.path.join(ROOT, "examples", "admission-2023.json")
QUERIES = [("full", "?as_of=2026-01-01"), ("brief", "?as_of=2026-01-01&full=false")]
TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    """User+system time of the process, every thread's, dead ones included."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def start(admit, pinned):
    """The server and its port.  Its log goes to a file: a pipe nobody reads
    would fill with a line a request and stop the server."""
    cmd = [admit, "serve", "--listen", "127.0.0.1:0", "--threads", "1"]
    if pinned:
        cmd = ["taskset", "-c", "0"] + cmd
    log = tempfile.TemporaryFile(mode="w+")
    server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=log)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and server.poll() is None:
        log.seek(0)
        text = log.read()
        if "listening on http://127.0.0.1:" in text:
            port = int(text.split("http://127.0.0.1:", 1)[1].split("/", 1)[0])
            return server, port
        time.sleep(0.05)
    server.kill()
    sys.exit(f"serve_cpu: {admit} serve did not start")


def round_of(server, port, query, body, requests):
    """The server's CPU time a request, in microseconds, over one round."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Content-Type": "application/json"}
    before = cpu_seconds(server.pid)
    for _ in range(requests):
        conn.request("POST", "/v1/check" + query, body, headers)
        answer = conn.getresponse()
        answer.read()
        if answer.status != 200:
            sys.exit(f"serve_cpu: POST /v1/check{query} answered {answer.status}")
    used = cpu_seconds(server.pid) - before
    conn.close()
    return used / requests * 1e6


def main():
    args = sys.argv[1:]
    bench = args[:1] == ["--bench"]
    builds = args[1:] if bench else args
    if not 1 <= len(builds) <= 2:
        sys.exit(__doc__.splitlines()[0])
    requests = int(os.environ.get("BENCH_SERVE_CPU_REQUESTS", "2000"))
    rounds = int(os.environ.get("BENCH_SERVE_CPU_ROUNDS", "7"))
    pinned = (os.cpu_count() or 1) >= 2
    if pinned:
        os.sched_setaffinity(0, {1})
    with open(DOSSIER, "rb") as f:
        body = f.read()
    servers = [start(admit, pinned) for admit in builds]
    medians = {}
    try:
        for server, port in servers:   # warm up: the first answers load what is lazy
            for _, query in QUERIES:
                round_of(server, port, query, body, 50)
        for name, query in QUERIES:
            times = [[] for _ in servers]
            for r in range(rounds):
                order = range(len(servers)) if r % 2 == 0 else reversed(range(len(servers)))
                for k in order:
                    times[k].append(round_of(*servers[k], query, body, requests))
            for k, admit in enumerate(builds):
                medians[(k, name)] = statistics.median(times[k])
                print(f"  {name:5} {medians[(k, name)]:7.1f} us CPU a request "
                      f"(min {min(times[k]):.1f}, max {max(times[k]):.1f}): {admit}")
            if len(builds) == 2:
                print(f"  {name:5} ratio {medians[(1, name)] / medians[(0, name)]:.3f} "
                      f"(the second build over the first)")
    finally:
        for server, _ in servers:
            server.terminate()
            server.wait()
    for name, _ in QUERIES:
        if bench:
            print(f"BENCH serve_cpu_{name}_us {medians[(0, name)]:.1f}")


if __name__ == "__main__":
    main()
