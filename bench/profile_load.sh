#!/bin/sh
# bench/profile_load.sh ADMIT OUT - what a committee profile chain costs at load
# (issue: "the measured cost of loading a three-level chain compared with the
# central rulebook alone").
#
# Times RUNS (default 30) processes of `admit rules list --format json` under
# --profile central (the central rulebook; the shipped profiles are still read
# and checked, as every command reads them) and under --profile dang-uy-so-mau
# (central -> tinh-uy-mau -> dang-uy-so-mau: the profile files, their own Lua
# rules, messages and extension schema loaded on top), interleaved so that a
# change of machine load hits both alike; and once with --profiles pointing
# at an empty folder and --require-signed (no profile read at all).
# Each run's CPU time (user + system of the child, getrusage) is measured, not
# its wall time: other work on a shared machine then changes little.
# Prints the medians as "BENCH key value" lines for bench/run.sh's summary.
set -eu
ADMIT=$1
OUT=$2
RUNS=${BENCH_PROFILE_RUNS:-30}
PYTHON=${PYTHON:-/usr/bin/python3}
[ -x "$PYTHON" ] || PYTHON=python3
mkdir -p "$OUT/no-profiles"
"$PYTHON" - "$ADMIT" "$OUT" "$RUNS" <<'PY'
import resource, statistics, subprocess, sys
admit, out, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
cases = {
    "central": ["--profile", "central"],
    "chain3": ["--profile", "dang-uy-so-mau"],
    "none": ["--profile", "central", "--require-signed", "--trust", out + "/no-profiles"],
}
times = {k: [] for k in cases}
for _ in range(runs):
    for key, args in cases.items():
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        r = subprocess.run([admit, "rules", "list", "--format", "json", *args],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        times[key].append(cpu * 1000)
        if r.returncode != 0:
            sys.exit(f"bench: admit rules list {' '.join(args)}: exit {r.returncode}: {r.stderr.decode()}")
med = {k: statistics.median(v) for k, v in times.items()}
print(f"== profile chain load: {runs} runs each of 'admit rules list --format json' (a new process each; CPU time, user + system)")
for k, v in med.items():
    print(f"   {k:8s} median {v:7.2f} ms  (min {min(times[k]):.2f})")
print(f"BENCH profile_central_ms {med['central']:.3f}")
print(f"BENCH profile_chain3_ms {med['chain3']:.3f}")
print(f"BENCH profile_none_ms {med['none']:.3f}")
print(f"BENCH profile_chain3_ratio {med['chain3'] / med['central']:.3f}")
print(f"BENCH profile_read_ratio {med['central'] / med['none']:.3f}")
PY
