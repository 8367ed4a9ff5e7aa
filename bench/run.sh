#!/bin/sh
# bench/run.sh BUILD - timings of admit on a generated corpus (`make bench`).
#
# 1. Generates BENCH_DOSSIERS (500) dossiers into BUILD/bench-corpus with
#    bench/gen_corpus.py (reused while the generator, the seed, the count and
#    the examples are unchanged) and checks a sample with `admit check`.
# 2. Builds and runs bench/bench_eval.c (linked against BUILD/engine/*.o):
#    in-process costs per dossier: parse only (cJSON), strict parse, schema
#    validation, rules, report, and the full path; their ratios.
# 3. Times BENCH_COLD_RUNS (20) runs of one cold `admit check --format json FILE`
#    (a new process each time: loading rules, schemas and plugins included),
#    and one process checking the whole corpus; then the check ratio: the
#    CPU time of one `admit check` over every file, with the JSON report and
#    with the text report, over cJSON parse-only of the same dossiers; and
#    the same two checks with the null rulebook (bench/null_rulebook.py: the
#    48 rules, each passing at once), the engine's share of each ratio.
# 4. When the jansson and json-c development packages are installed, builds and
#    runs bench/json_libs.c: parse + free with cJSON, jansson and json-c.
# 5. Prints a summary.  Every figure says what was measured.  It opens with
#    issue 11's figures: the cold ratio (CPU time of a cold check over
#    /bin/true's, bench/cpu_time.py, pinned to core 0), the batch ratio (CPU
#    time of admit audit -j 1 over cJSON parse-only of the same 10 000 JSON
#    Lines, bench/parse_only.c, both pinned: section 6) and the peak RSS at
#    10 000 and 100 000 records.
# 7. (before the summary) bench/profile_load.sh: the cost of loading a
#    three-level committee profile chain against the central rulebook.
# 6. (before the summary) bench/audit.py: `admit audit` on 10 000 and 100 000
#    JSON Lines records cycling through the corpus: peak RSS (bounded: within
#    20 %), -j 1 and -j 2 throughput, records/s per core, ratio to parse only,
#    and the batch ratio with the null rulebook too.
#
# Environment: BENCH_DOSSIERS, BENCH_REPS (11), BENCH_COLD_RUNS (20), BENCH_CHECK_RUNS (11), BENCH_SEED,
# CC, PYTHON (/usr/bin/python3).  Run from the source tree (make bench does).
set -eu

BUILD=${1:-build}
cd "$(dirname "$0")/.."
N=${BENCH_DOSSIERS:-500}
REPS=${BENCH_REPS:-11}
COLD_RUNS=${BENCH_COLD_RUNS:-20}
SEED=${BENCH_SEED:-20231}
CC=${CC:-cc}
PYTHON=${PYTHON:-/usr/bin/python3}
[ -x "$PYTHON" ] || PYTHON=python3
PKG_CONFIG=${PKG_CONFIG:-pkg-config}
ADMIT=$BUILD/admit
CORPUS=$BUILD/bench-corpus
OUT=$BUILD/bench
CFLAGS_BENCH="-std=c11 -O2 -D_POSIX_C_SOURCE=200809L"

[ -x "$ADMIT" ] || { echo "bench: $ADMIT is missing; run make first" >&2; exit 2; }
mkdir -p "$OUT"

echo "== machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1);" \
     "load average $(cut -d' ' -f1-3 /proc/loadavg) (a busy machine slows everything: compare ratios, not absolute times)"

# ---- 1. the corpus -------------------------------------------------------------
stamp="n=$N seed=$SEED $(cat bench/gen_corpus.py examples/admission-2023.json examples/recognition-2024.json | cksum)"
if [ -f "$CORPUS/STAMP" ] && [ "$(cat "$CORPUS/STAMP")" = "$stamp" ]; then
    echo "== corpus: reusing $CORPUS ($N dossiers, seed $SEED)"
else
    rm -rf "$CORPUS"
    "$PYTHON" bench/gen_corpus.py --seed "$SEED" "$N" "$CORPUS"
    echo "$stamp" >"$CORPUS/STAMP"
fi
# A sample checked by the real binary: exit 0 or 1 (a verdict), never 2 or 3.
step=$((N / 25)); [ "$step" -ge 1 ] || step=1
i=0; checked=0
for f in "$CORPUS"/d*.json; do
    if [ $((i % step)) -eq 0 ]; then
        rc=0; "$ADMIT" check --format json "$f" >/dev/null 2>"$OUT/check.err" || rc=$?
        if [ "$rc" -ge 2 ]; then
            echo "bench: $f is not a valid dossier for admit (exit $rc):" >&2
            cat "$OUT/check.err" >&2
            exit 1
        fi
        checked=$((checked + 1))
    fi
    i=$((i + 1))
done
echo "== corpus: $checked sampled dossiers checked with admit check --format json: all exit 0 or 1"

# ---- 2. in-process benchmark ---------------------------------------------------
PKG_CFLAGS=$($PKG_CONFIG --cflags lua5.4 libcjson libutf8proc)
# The engine's own link flags (static archives, shared libraries), from the Makefile.
ENGINE_LIBS=$(make -s --no-print-directory print-ldlibs)
ENGINE_OBJS=
for o in "$BUILD"/engine/*.o; do
    [ "$o" = "$BUILD/engine/main.o" ] || ENGINE_OBJS="$ENGINE_OBJS $o"
done
# shellcheck disable=SC2086
$CC $CFLAGS_BENCH -Iengine -Iplugins $PKG_CFLAGS -o "$OUT/bench_eval" bench/bench_eval.c bench/corpus.c \
    $ENGINE_OBJS $ENGINE_LIBS
# The batch ratio's yardstick: cJSON parse-only of JSON Lines (section 6).
# shellcheck disable=SC2046
$CC $CFLAGS_BENCH $($PKG_CONFIG --cflags libcjson) -o "$OUT/parse_only" bench/parse_only.c \
    $($PKG_CONFIG --libs libcjson)
# The plugins `admit check` loads (BUILD/plugins), so that both run the same rules.
set -- -n "$REPS" -r rules -s schemas
for p in "$BUILD"/plugins/*.so; do
    [ -e "$p" ] && { set -- "$@" -p "$BUILD/plugins"; break; }
done
echo "== in-process: $OUT/bench_eval $* $CORPUS  (cc $CFLAGS_BENCH, engine objects of $BUILD)"
"$OUT/bench_eval" "$@" "$CORPUS" >"$OUT/bench_eval.out"
grep -v '^BENCH ' "$OUT/bench_eval.out"

# ---- 3. cold runs of the binary ----------------------------------------------
# The file: the corpus's median-sized admission dossier that is complete.
ONE=$("$PYTHON" - "$CORPUS/MANIFEST.tsv" <<'EOF'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1], encoding="utf-8")][1:]
ok = sorted((int(r[4]), r[0]) for r in rows if r[1] == "admission" and r[2] == "ok")
print(ok[len(ok) // 2][1])
EOF
)
PLUGINS_FOUND=0
for p in "$BUILD"/plugins/*.so; do
    [ -e "$p" ] && PLUGINS_FOUND=$((PLUGINS_FOUND + 1))
done
echo "== cold: $COLD_RUNS runs of '$ADMIT check --format json $CORPUS/$ONE >/dev/null' ($(wc -c <"$CORPUS/$ONE") bytes;" \
     "$PLUGINS_FOUND plugin(s) in $BUILD/plugins), each a new process, after 3 untimed runs (files in the page cache)"
"$PYTHON" - "$COLD_RUNS" "$ADMIT" "$CORPUS/$ONE" "$CORPUS" "$OUT/cold.out" <<'EOF'
import glob, statistics, subprocess, sys, time
runs, admit, one, corpus, out = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]

def timed(cmd, n, warm=3):
    for _ in range(warm):
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t = []
    for _ in range(n):
        s = time.perf_counter()
        rc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
        t.append((time.perf_counter() - s) * 1e3)
        if rc > 1:
            sys.exit("bench: %s exited %d" % (" ".join(cmd), rc))
    return statistics.median(t), min(t), max(t)

cold = timed([admit, "check", "--format", "json", one], runs)
true = timed(["/bin/true"], runs)
files = sorted(glob.glob(corpus + "/d*.json"))
batch = timed([admit, "check", "--format", "json"] + files, 3, warm=1)
print("  cold admit check, one dossier: median %.2f ms (min %.2f, max %.2f) wall time" % cold)
print("  launching /bin/true the same way: median %.2f ms (min %.2f): the share of process start-up"
      " and of this timing loop" % true[:2])
print("  one admit check process over all %d files: median %.1f ms (min %.1f, 3 runs): %.0f us per"
      " dossier beyond the first ((batch - cold) / (files - 1)), file reading and indented JSON"
      " output included" % (len(files), batch[0], batch[1],
                           (batch[0] - cold[0]) * 1e3 / max(1, len(files) - 1)))
with open(out, "w") as f:
    f.write("BENCH cold_ms %.3f\nBENCH cold_min_ms %.3f\nBENCH true_ms %.3f\nBENCH batch_ms %.3f\n"
            "BENCH batch_files %d\nBENCH batch_marginal_us %.3f\n"
            % (cold[0], cold[1], true[0], batch[0], len(files),
               (batch[0] - cold[0]) * 1e3 / max(1, len(files) - 1)))
EOF

# The cold ratio of issue 11: CPU time (user + sys, from the kernel) of the
# same cold check and of /bin/true, pinned to one core, interleaved.
echo "== cold, CPU time: BENCH_COLD_RUNS x (admit check --format json $ONE, /bin/true), taskset -c 0"
taskset -c 0 "$PYTHON" bench/cpu_time.py --bench -n "$COLD_RUNS" -- /bin/true --- \
    "$ADMIT" check --format json "$CORPUS/$ONE" >"$OUT/cold_cpu.raw"
grep -v '^BENCH ' "$OUT/cold_cpu.raw"
awk '/^BENCH cpu_0_ms/ { t = $3 } /^BENCH cpu_1_ms/ { a = $3 }
     END { printf "BENCH cold_cpu_true_ms %s\nBENCH cold_cpu_ms %s\nBENCH cold_ratio_cpu %.2f\n", t, a, a / t }' \
    "$OUT/cold_cpu.raw" >"$OUT/cold_cpu.out"

# The check ratio of issue 11: one `admit check` process over every file of
# the corpus, with the JSON report and with the text report, over cJSON
# parse-only of the same dossiers as compact JSON Lines (its yardstick
# parses fewer bytes: the files are indented), all pinned, interleaved, the
# medians of BENCH_CHECK_RUNS (11) runs.  The process's start is included
# (about 3 % of it).
"$PYTHON" - "$CORPUS" "$OUT/corpus.jsonl" <<'EOF'
import glob, json, sys
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for name in sorted(glob.glob(sys.argv[1] + "/d*.json")):
        with open(name, encoding="utf-8") as f:
            out.write(json.dumps(json.load(f), ensure_ascii=False, separators=(",", ":")) + "\n")
EOF
# The same two checks with the null rulebook (bench/null_rulebook.py: the
# same 48 rules, each passing at once) give the engine's own share of each
# ratio; what is left is the rules' own work.
NULL_RULES="$OUT/null-rules"
"$PYTHON" bench/null_rulebook.py rules "$NULL_RULES" >/dev/null
"$ADMIT" check --format json --as-of 2026-01-01 "$CORPUS/$ONE" >"$OUT/null-check-real.json" || true
"$ADMIT" check --rules "$NULL_RULES" --format json --as-of 2026-01-01 "$CORPUS/$ONE" \
    >"$OUT/null-check.json" || true
"$PYTHON" - "$OUT/null-check-real.json" "$OUT/null-check.json" <<'EOF'
import json, sys
real, null = (json.load(open(p, encoding="utf-8"))["results"] for p in sys.argv[1:3])
others = sorted({e["status"] for e in null} - {"pass", "not_applicable"})
if len(null) != len(real) or others:
    sys.exit(f"bench/run.sh: the null rulebook gives {len(null)} entries (the rulebook {len(real)}),"
             f" statuses other than pass: {others}")
EOF
CHECK_RUNS=${BENCH_CHECK_RUNS:-11}
echo "== check, CPU time: $CHECK_RUNS x (parse-only of $OUT/corpus.jsonl, admit check --format json and" \
     "admit check (text) of the $N files, --as-of 2026-01-01, with the rulebook and with the null" \
     "rulebook), taskset -c 0"
# shellcheck disable=SC2046
taskset -c 0 "$PYTHON" bench/cpu_time.py --bench -n "$CHECK_RUNS" -- "$OUT/parse_only" "$OUT/corpus.jsonl" \
    --- "$ADMIT" check --format json --as-of 2026-01-01 $(ls "$CORPUS"/d*.json) \
    --- "$ADMIT" check --as-of 2026-01-01 $(ls "$CORPUS"/d*.json) \
    --- "$ADMIT" check --rules "$NULL_RULES" --format json --as-of 2026-01-01 $(ls "$CORPUS"/d*.json) \
    --- "$ADMIT" check --rules "$NULL_RULES" --as-of 2026-01-01 $(ls "$CORPUS"/d*.json) >"$OUT/check_cpu.raw"
grep -v '^BENCH ' "$OUT/check_cpu.raw" | sed "s| $CORPUS/d[^ ]*||g"
awk '/^BENCH cpu_0_ms/ { p = $3 } /^BENCH cpu_1_ms/ { j = $3 } /^BENCH cpu_2_ms/ { t = $3 }
     /^BENCH cpu_3_ms/ { nj = $3 } /^BENCH cpu_4_ms/ { nt = $3 }
     END { printf "BENCH check_parse_only_ms %s\nBENCH check_json_cpu_ms %s\nBENCH check_text_cpu_ms %s\n", p, j, t
           printf "BENCH check_json_ratio_cpu %.2f\nBENCH check_text_ratio_cpu %.2f\n", j / p, t / p
           printf "BENCH check_json_null_ratio_cpu %.2f\nBENCH check_text_null_ratio_cpu %.2f\n", nj / p, nt / p }' \
    "$OUT/check_cpu.raw" >"$OUT/check_cpu.out"

# ---- 4. JSON libraries -------------------------------------------------------
JSON_LIBS=0
if $PKG_CONFIG --exists jansson json-c 2>/dev/null; then
    LIBS_CFLAGS=$($PKG_CONFIG --cflags libcjson jansson json-c)
    LIBS_LIBS=$($PKG_CONFIG --libs libcjson jansson json-c)
    # shellcheck disable=SC2086
    $CC $CFLAGS_BENCH -Iengine $LIBS_CFLAGS -o "$OUT/json_libs" \
        bench/json_libs.c bench/corpus.c bench/json_libs_jansson.c bench/json_libs_jsonc.c \
        "$BUILD/engine/jsontext.o" "$BUILD/engine/input.o" "$BUILD/engine/status.o" \
        "$BUILD/engine/i18n.o" $LIBS_LIBS -lm
    echo "== JSON libraries: $OUT/json_libs -n $REPS $CORPUS  (cc $CFLAGS_BENCH)"
    "$OUT/json_libs" -n "$REPS" "$CORPUS" | tee "$OUT/json_libs.out" | grep -v '^BENCH '
    JSON_LIBS=1
else
    rm -f "$OUT/json_libs.out"
    echo "== JSON libraries: skipped: the jansson and json-c development files are not installed."
    echo "   To compare cJSON with them: apt-get install libjansson-dev libjson-c-dev"
    echo "   (only for this benchmark; admit does not use them)"
fi

# ---- 6. admit audit: memory, threads, throughput ------------------------------
# BENCH_AUDIT=0 skips it; BENCH_AUDIT_SMALL / BENCH_AUDIT_BIG set the sizes.
AUDIT_OUT=""
if [ "${BENCH_AUDIT:-1}" != 0 ]; then
    parse_us=$(sed -n 's/^BENCH parse_us //p' "$OUT/bench_eval.out")
    BENCH_PARSE_ONLY="$OUT/parse_only" BENCH_NULL_RULES="$NULL_RULES" "$PYTHON" bench/audit.py "$ADMIT" "$CORPUS" "$OUT" $parse_us >"$OUT/audit.out"
    grep -v '^BENCH ' "$OUT/audit.out"
    AUDIT_OUT="$OUT/audit.out"
fi

# ---- 7. committee profiles: a three-level chain against the central rulebook ----
sh bench/profile_load.sh "$ADMIT" "$OUT" | tee "$OUT/profile.out" | grep -v '^BENCH'

# ---- 5. summary --------------------------------------------------------------
results="$OUT/bench_eval.out $OUT/cold.out $OUT/cold_cpu.out $OUT/check_cpu.out $AUDIT_OUT $OUT/profile.out"
[ "$JSON_LIBS" = 0 ] || results="$results $OUT/json_libs.out"
# shellcheck disable=SC2086
cat $results | awk -v build="$BUILD" -v small="${BENCH_AUDIT_SMALL:-10000}" -v big="${BENCH_AUDIT_BIG:-100000}" '
/^BENCH / { v[$2] = $3 }
END {
    printf "\n==== admit bench summary (%s, %d dossiers, %.2f MB, medians) ====\n", build, v["dossiers"], v["bytes"] / 1e6
    printf "-- issue 11 targets (CPU time, user+sys, pinned to one core) --\n"
    printf "cold ratio: admit check --format json FILE / /bin/true:          %8.2f  (%.2f ms / %.2f ms; target 2)\n", v["cold_ratio_cpu"], v["cold_cpu_ms"], v["cold_cpu_true_ms"]
    if ("batch_ratio_cpu" in v)
        printf "batch ratio: admit audit -j 1 / cJSON parse-only, same JSONL:    %8.2f  (%.2f s / %.3f s; target 4)\n", v["batch_ratio_cpu"], v["audit_cpu_j1_s"], v["parse_only_cpu_s"]
    printf "check ratio: admit check --format json FILES / parse-only:      %8.2f  (%.0f ms / %.1f ms; target 6)\n", v["check_json_ratio_cpu"], v["check_json_cpu_ms"], v["check_parse_only_ms"]
    printf "check ratio: admit check FILES (text) / parse-only:              %8.2f  (%.0f ms / %.1f ms; target 6)\n", v["check_text_ratio_cpu"], v["check_text_cpu_ms"], v["check_parse_only_ms"]
    if ("audit_rss_small_kib" in v)
        printf "peak RSS of admit audit -j 2: %.1f MiB at %s records, %.1f MiB at %s records\n", v["audit_rss_small_kib"] / 1024, small, v["audit_rss_big_kib"] / 1024, big
    printf "-- the same with the null rulebook (48 rules that pass at once): the engine alone, and what the rules add --\n"
    printf "check ratio, --format json / text:                                %8.2f / %.2f  (the rules add %.2f / %.2f)\n",
        v["check_json_null_ratio_cpu"], v["check_text_null_ratio_cpu"],
        v["check_json_ratio_cpu"] - v["check_json_null_ratio_cpu"], v["check_text_ratio_cpu"] - v["check_text_null_ratio_cpu"]
    if ("batch_null_ratio_cpu" in v)
        printf "batch ratio, admit audit -j 1:                                    %8.2f  (the rules add %.2f)\n",
            v["batch_null_ratio_cpu"], v["batch_ratio_cpu"] - v["batch_null_ratio_cpu"]
    printf "-- other figures --\n"
    printf "cold `admit check --format json FILE`, wall time of one process: %8.2f ms  (min %.2f; /bin/true: %.2f)\n", v["cold_ms"], v["cold_min_ms"], v["true_ms"]
    printf "admit check over the whole corpus in one process, per dossier:   %8.1f us  (beyond the first; file I/O, indented output)\n", v["batch_marginal_us"]
    printf "in-process, per dossier, full path (parse+validate+eval+report): %8.1f us\n", v["full_us"]
    printf "in-process, per dossier, rules only (eval_dossier):               %8.1f us\n", v["eval_us"]
    printf "in-process, per dossier, dossier_parse (strict parse + schema):   %8.1f us\n", v["validate_us"]
    printf "in-process, per dossier, parse only (cJSON_ParseWithLength+free): %8.1f us\n", v["parse_us"]
    printf "ratio cold check / in-process full path:                         %8.0f\n", v["cold_ms"] * 1000 / v["full_us"]
    printf "ratio in-process full path / parse only (Performance budget):    %8.1f\n", v["ratio_full_parse"]
    printf "ratio dossier_parse / parse only:                                %8.1f\n", v["ratio_validate_parse"]
    if ("audit_rps_j1" in v) {
        printf "admit audit, records/s: -j 1 %.0f, -j 2 %.0f (speed-up %.2f); per core %.0f us a record, %.1fx parse only\n",
            v["audit_rps_j1"], v["audit_rps_j2"], v["audit_speedup_j2"], v["audit_us_per_record_core"], v["audit_ratio_parse"]
        printf "admit audit, peak RSS at -j 2: %.1f MiB (small), %.1f MiB (big), ratio %.2f\n",
            v["audit_rss_small_kib"] / 1024, v["audit_rss_big_kib"] / 1024, v["audit_rss_ratio"]
    }
    printf "committee profiles, one `admit rules list` process: central %.1f ms, chain central>tinh-uy-mau>dang-uy-so-mau %.1f ms (ratio %.2f); no profile read %.1f ms\n",
        v["profile_central_ms"], v["profile_chain3_ms"], v["profile_chain3_ratio"], v["profile_none_ms"]
    if ("json_jansson_us" in v) {
        printf "parse + free per dossier: cJSON %.1f us, cJSON+jsontext %.1f us, jansson %.1f us (%.1fx cJSON), json-c %.1f us (%.1fx cJSON)\n",
            v["json_cjson_us"], v["json_cjson+jsontext_us"], v["json_jansson_us"], v["json_jansson_us"] / v["json_cjson_us"],
            v["json_json-c_us"], v["json_json-c_us"] / v["json_cjson_us"]
    } else {
        printf "JSON library comparison: not run (apt-get install libjansson-dev libjson-c-dev)\n"
    }
}'
