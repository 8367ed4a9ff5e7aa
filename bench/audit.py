#!/usr/bin/python3
"""audit.py - `admit audit` figures for `make bench` (bench/run.sh, section 6).

    python3 bench/audit.py ADMIT CORPUS_DIR OUT_DIR [PARSE_US]

Builds JSON Lines files of SMALL (10 000) and BIG (100 000) records by cycling
through the generated corpus (compact JSON, one dossier a line), then measures:
- peak RSS (ru_maxrss of the audit process) for SMALL and BIG records at -j 2:
  memory must not grow with the number of records (within 20 %);
- throughput at -j 1 and -j 2 on SMALL records (records/s, wall time), and
  records/s per core;
- the ratio of the audit's time per record on one core to cJSON's parse-only
  time of the same dossiers (PARSE_US, from bench_eval), when given;
- the batch ratio of issue 11 in CPU time: `admit audit -j 1` over the SMALL
  records pinned to one core (taskset -c 0), user + sys from the kernel, over
  the CPU time of bench/parse_only.c (cJSON parse-only of the same lines,
  pinned alike), when BENCH_PARSE_ONLY names that program: the medians of
  RUNS runs of each, interleaved;
- the same ratio with the null rulebook (bench/null_rulebook.py: every rule
  passes at once), when BENCH_NULL_RULES names its directory: what the
  engine costs apart from the rules' own work, interleaved with the others.
Prints "BENCH name value" lines and a short report.  Environment:
BENCH_AUDIT_SMALL, BENCH_AUDIT_BIG.
"""
import json
import os
import resource
import subprocess
import sys
import time


def build_jsonl(corpus, path, count):
    names = sorted(n for n in os.listdir(corpus) if n.endswith(".json"))
    lines = []
    for n in names:
        with open(os.path.join(corpus, n), encoding="utf-8") as f:
            lines.append(json.dumps(json.load(f), ensure_ascii=False, separators=(",", ":")) + "\n")
    with open(path, "w", encoding="utf-8") as out:
        for i in range(count):
            out.write(lines[i % len(lines)])
    return os.path.getsize(path)


# Runs of the pinned -j 1 audit and of parse-only; their medians are kept.
RUNS = 3


def cpu_run(cmd):
    """Wall seconds, CPU seconds (user + sys) and exit code of `cmd` pinned to
    core 0, from os.wait4 (taskset execs the command: the same process)."""
    t = time.monotonic()
    devnull = os.open(os.devnull, os.O_WRONLY)
    pid = os.posix_spawnp("taskset", ["taskset", "-c", "0"] + cmd, os.environ,
                          file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1)])
    os.close(devnull)
    _, status, ru = os.wait4(pid, 0)
    return time.monotonic() - t, ru.ru_utime + ru.ru_stime, os.waitstatus_to_exitcode(status)


def measure(admit, jsonl, out, jobs):
    """Wall seconds and peak RSS (KiB) of one audit, in a child of its own."""
    code = ("import resource, subprocess, sys, time\n"
            "t = time.monotonic()\n"
            "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
            "print(time.monotonic() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,"
            " r.returncode)\n")
    args = [sys.executable, "-c", code, admit, "audit", "--as-of", "2026-01-01", "--progress",
            "never", "--force", "-j", str(jobs), "--out", out, jsonl]
    seconds, rss, rc = subprocess.run(args, capture_output=True, text=True, check=True).stdout.split()
    if rc != "0":
        sys.exit(f"bench/audit.py: admit audit exited {rc} on {jsonl}")
    return float(seconds), int(rss)


def audit_args(admit, jsonl, out, jobs, rules=None):
    return [admit, "audit", "--as-of", "2026-01-01", "--progress", "never", "--force", "-j",
            str(jobs), "--out", out] + (["--rules", rules] if rules else []) + [jsonl]


def main():
    admit, corpus, out = sys.argv[1:4]
    parse_us = float(sys.argv[4]) if len(sys.argv) > 4 else None
    small = int(os.environ.get("BENCH_AUDIT_SMALL", "10000"))
    big = int(os.environ.get("BENCH_AUDIT_BIG", "100000"))
    os.makedirs(out, exist_ok=True)
    small_path = os.path.join(out, f"audit-{small}.jsonl")
    big_path = os.path.join(out, f"audit-{big}.jsonl")
    small_bytes = build_jsonl(corpus, small_path, small)
    big_bytes = build_jsonl(corpus, big_path, big)
    # -j 1 pinned to one core: its wall time gives records/s at -j 1, its
    # CPU time the batch ratio.  Three runs of each, the audit and cJSON's
    # parse-only interleaved so that a change of load touches both alike,
    # and the median of each: one run of the audit moved the ratio by 15 %
    # on a shared machine (docs/performance.md, the ninth round).
    parse_only = os.environ.get("BENCH_PARSE_ONLY")
    null_rules = os.environ.get("BENCH_NULL_RULES")
    audit_runs, parse_runs, null_runs = [], [], []
    for _ in range(RUNS):
        wall, cpu, rc = cpu_run(audit_args(admit, small_path, os.path.join(out, "audit-out"), 1))
        if rc != 0:
            sys.exit(f"bench/audit.py: admit audit exited {rc} on {small_path}")
        audit_runs.append((cpu, wall))
        if parse_only:
            parse_runs.append(cpu_run([parse_only, small_path])[1])
        if null_rules:
            _, cpu, rc = cpu_run(audit_args(admit, small_path, os.path.join(out, "audit-out"), 1,
                                            null_rules))
            if rc != 0:
                sys.exit(f"bench/audit.py: admit audit --rules {null_rules} exited {rc}")
            null_runs.append(cpu)
    cpu_audit, t1 = sorted(audit_runs)[RUNS // 2]
    cpu_parse = sorted(parse_runs)[RUNS // 2] if parse_only else None
    cpu_null = sorted(null_runs)[RUNS // 2] if null_rules else None
    t2, rss_small = measure(admit, small_path, os.path.join(out, "audit-out"), 2)
    tb, rss_big = measure(admit, big_path, os.path.join(out, "audit-out"), 2)
    os.remove(big_path)
    rps1, rps2, rpsb = small / t1, small / t2, big / tb
    print(f"BENCH audit_rss_small_kib {rss_small}")
    print(f"BENCH audit_rss_big_kib {rss_big}")
    print(f"BENCH audit_rss_ratio {rss_big / rss_small:.3f}")
    print(f"BENCH audit_rps_j1 {rps1:.0f}")
    print(f"BENCH audit_rps_j2 {rps2:.0f}")
    print(f"BENCH audit_rps_big_j2 {rpsb:.0f}")
    print(f"BENCH audit_speedup_j2 {rps2 / rps1:.2f}")
    print(f"BENCH audit_us_per_record_core {1e6 / rps1:.1f}")
    if parse_us:
        print(f"BENCH audit_ratio_parse {1e6 / rps1 / parse_us:.1f}")
    print(f"BENCH audit_cpu_j1_s {cpu_audit:.3f}")
    if cpu_parse:
        print(f"BENCH parse_only_cpu_s {cpu_parse:.3f}")
        print(f"BENCH batch_ratio_cpu {cpu_audit / cpu_parse:.2f}")
        if cpu_null:
            print(f"BENCH audit_null_cpu_j1_s {cpu_null:.3f}")
            print(f"BENCH batch_null_ratio_cpu {cpu_null / cpu_parse:.2f}")
    print(f"== audit: {small} records ({small_bytes / 1e6:.1f} MB) and {big} records "
          f"({big_bytes / 1e6:.1f} MB) of JSON Lines cycling through {corpus}")
    print(f"   peak RSS at -j 2: {rss_small / 1024:.1f} MiB for {small}, {rss_big / 1024:.1f} MiB for "
          f"{big} (ratio {rss_big / rss_small:.2f}; bounded memory means close to 1)")
    print(f"   -j 1: {rps1:.0f} records/s ({t1:.2f} s); -j 2: {rps2:.0f} records/s ({t2:.2f} s), "
          f"speed-up {rps2 / rps1:.2f} on {os.cpu_count()} cores; {big} at -j 2: {rpsb:.0f} records/s")
    print(f"   one core: {1e6 / rps1:.0f} us per record" +
          (f", {1e6 / rps1 / parse_us:.1f}x cJSON's parse-only time ({parse_us:.1f} us)" if parse_us else ""))
    if cpu_parse:
        print(f"   batch, CPU time on one core (taskset -c 0): admit audit -j 1 {cpu_audit:.2f} s for "
              f"{small} records ({cpu_audit * 1e6 / small:.0f} us each), cJSON parse-only of the same "
              f"lines {cpu_parse:.3f} s (bench/parse_only.c), medians of {RUNS} interleaved runs: "
              f"ratio {cpu_audit / cpu_parse:.1f}")
        if cpu_null:
            print(f"   the same with the null rulebook (every rule passes at once): {cpu_null:.2f} s, "
                  f"ratio {cpu_null / cpu_parse:.1f}; the rules' own work "
                  f"{(cpu_audit - cpu_null) * 1e6 / small:.0f} us a record")
    if rss_big > 1.2 * rss_small:
        sys.exit("bench/audit.py: peak RSS grows with the number of records (more than 20 %)")


main()
