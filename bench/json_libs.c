/*
 * json_libs.c - parse + free cost of the corpus with three C JSON libraries:
 * cJSON (what the engine uses), jansson and json-c, built with the same flags.
 *
 *   json_libs [-n REPS] CORPUS_DIR
 *
 * Every CORPUS_DIR/ *.json is read into memory first; then each repetition
 * parses and frees every file once with each variant below, in turn
 * (interleaved, so that the machine's noise hits all variants alike), timed
 * with clock_gettime(CLOCK_MONOTONIC).  Figures are medians over the
 * repetitions, per dossier, for the whole corpus and by file size.
 *
 *   cjson           cJSON_ParseWithLength + cJSON_Delete
 *   cjson+jsontext  jsontext_parse + cJSON_Delete: cJSON plus the engine's own checks
 *                   (UTF-8, control characters, depth, duplicate keys, finite numbers,
 *                   array length, trailing text; line:column and JSON-path errors)
 *   jansson         json_loadb(flags 0) + json_decref (always validates UTF-8)
 *   jansson-dupkey  json_loadb(JSON_REJECT_DUPLICATES) + json_decref
 *   json-c          json_tokener_parse_ex on one tokener reset per file + json_object_put
 *   json-c-strict   the same with JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8
 *   json-c-newtok   json_tokener_new + parse_ex + json_tokener_free per file
 *
 * jsontext_parse comes from the engine's objects (jsontext.o, input.o, status.o,
 * i18n.o); jansson and json-c are called from json_libs_jansson.c and json_libs_jsonc.c
 * (their headers clash).  Not part of the engine's build: bench/run.sh builds
 * it only when the libjansson-dev and libjson-c-dev packages are installed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "corpus.h"
#include "json_libs.h"
#include "jsontext.h"   /* the engine's strict layer over cJSON (engine/jsontext.c) */

static struct corpus_file *docs;
static size_t ndocs;
static volatile size_t sink;

static void fail(const char *lib, const struct corpus_file *d, const char *why)
{
    fprintf(stderr, "json_libs: %s cannot parse %s: %s\n", lib, d->name, why);
    exit(2);
}

/* ---- one parse + free of document i per variant ---- */

static void one_cjson(const struct corpus_file *d)
{
    cJSON *root = cJSON_ParseWithLength(d->text, d->len);
    if (root == NULL)
        fail("cJSON", d, "syntax");
    sink += (size_t)root->type;
    cJSON_Delete(root);
}

static void one_jsontext(const struct corpus_file *d)
{
    static const struct jsontext_limits limits = {64, 1000};   /* as dossier_parse */
    struct admit_error err;
    cJSON *root = NULL;
    if (jsontext_parse(d->text, d->len, d->name, &limits, &root, &err) != ADMIT_OK)
        fail("jsontext", d, err.message);
    sink += (size_t)root->type;
    cJSON_Delete(root);
}

static void check(const char *lib, const struct corpus_file *d, int type, const char *why)
{
    if (type < 0)
        fail(lib, d, why);
    sink += (size_t)type;
}

static void one_jansson(const struct corpus_file *d)
{
    const char *why = NULL;
    check("jansson", d, bench_jansson(d->text, d->len, 0, &why), why);
}

static void one_jansson_dup(const struct corpus_file *d)
{
    const char *why = NULL;
    check("jansson", d, bench_jansson(d->text, d->len, bench_jansson_reject_duplicates, &why), why);
}

static void one_jsonc(const struct corpus_file *d)
{
    const char *why = NULL;
    check("json-c", d, bench_jsonc(d->text, d->len, 0, &why), why);
}

static void one_jsonc_strict(const struct corpus_file *d)
{
    const char *why = NULL;
    check("json-c", d, bench_jsonc(d->text, d->len, 1, &why), why);
}

static void one_jsonc_newtok(const struct corpus_file *d)
{
    const char *why = NULL;
    check("json-c", d, bench_jsonc_newtok(d->text, d->len, &why), why);
}

struct variant {
    const char *key;
    const char *what;
    void (*one)(const struct corpus_file *);
};

static const struct variant variants[] = {
    {"cjson", "cJSON 1.7: cJSON_ParseWithLength + cJSON_Delete", one_cjson},
    {"cjson+jsontext", "cJSON + engine/jsontext.c checks: jsontext_parse + cJSON_Delete",
     one_jsontext},
    {"jansson", "jansson 2.14: json_loadb(0) + json_decref", one_jansson},
    {"jansson-dupkey", "jansson 2.14: json_loadb(JSON_REJECT_DUPLICATES) + json_decref",
     one_jansson_dup},
    {"json-c", "json-c 0.16: json_tokener_parse_ex (tokener reused) + json_object_put", one_jsonc},
    {"json-c-strict", "json-c 0.16: same, JSON_TOKENER_STRICT|JSON_TOKENER_VALIDATE_UTF8",
     one_jsonc_strict},
    {"json-c-newtok", "json-c 0.16: new tokener per file + parse_ex + put + free",
     one_jsonc_newtok},
};
enum { NVAR = sizeof variants / sizeof variants[0] };

/* Size classes of the report (bytes): [lo, hi). */
static const size_t bucket_lo[] = {0, 4096, 10240};
static const size_t bucket_hi[] = {4096, 10240, (size_t)-1};
static const char *const bucket_name[] = {"< 4 KB", "4-10 KB", ">= 10 KB"};
enum { NBUCKET = 3 };

int main(int argc, char **argv)
{
    int reps = 11, i;
    for (i = 1; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "-n") == 0 && i + 1 < argc)
            reps = atoi(argv[++i]);
        else
            break;
    }
    if (i != argc - 1 || reps < 1) {
        fprintf(stderr, "usage: json_libs [-n REPS] CORPUS_DIR\n");
        return 2;
    }
    ndocs = corpus_load(argv[i], "json_libs", &docs, NULL);
    if (bench_jsonc_init() != 0)
        return 3;

    size_t count[NBUCKET] = {0}, bytes[NBUCKET] = {0}, total = 0;
    for (size_t k = 0; k < ndocs; k++)
        for (int b = 0; b < NBUCKET; b++)
            if (docs[k].len >= bucket_lo[b] && docs[k].len < bucket_hi[b]) {
                count[b]++;
                bytes[b] += docs[k].len;
            }
    for (int b = 0; b < NBUCKET; b++)
        total += bytes[b];

    /* secs[v][b][r]: variant v, size class b, repetition r. */
    double *secs = calloc((size_t)NVAR * NBUCKET * (size_t)reps, sizeof(double));
    double *sum = calloc((size_t)reps, sizeof(double));
    if (secs == NULL || sum == NULL)
        return 3;
#define SECS(v, b, r) secs[((size_t)(v) * NBUCKET + (size_t)(b)) * (size_t)reps + (size_t)(r)]
    for (int v = 0; v < NVAR; v++)        /* warm-up */
        for (size_t k = 0; k < ndocs; k++)
            variants[v].one(&docs[k]);
    for (int r = 0; r < reps; r++)
        for (int v = 0; v < NVAR; v++)
            for (int b = 0; b < NBUCKET; b++) {
                double s = bench_now();
                for (size_t k = 0; k < ndocs; k++)
                    if (docs[k].len >= bucket_lo[b] && docs[k].len < bucket_hi[b])
                        variants[v].one(&docs[k]);
                SECS(v, b, r) = bench_now() - s;
            }

    printf("json_libs: corpus %zu dossiers, %zu bytes; %d repetitions, medians; same -O2 build\n",
           ndocs, total, reps);
    printf("json_libs: parse + free, per dossier (whole corpus), and per size class:\n");
    printf("  %-15s %9s %8s %9s", "variant", "us/doc", "MB/s", "x cJSON");
    for (int b = 0; b < NBUCKET; b++)
        printf("  %8s", bucket_name[b]);
    printf("\n  %-15s %9s %8s %9s", "", "", "", "");
    for (int b = 0; b < NBUCKET; b++)
        printf("  %5zu doc", count[b]);
    printf("\n");
    double base = 0;
    double med_all[NVAR];
    for (int v = 0; v < NVAR; v++) {
        double med_b[NBUCKET];
        for (int r = 0; r < reps; r++) {
            sum[r] = 0;
            for (int b = 0; b < NBUCKET; b++)
                sum[r] += SECS(v, b, r);
        }
        med_all[v] = bench_median(sum, (size_t)reps);
        for (int b = 0; b < NBUCKET; b++) {
            for (int r = 0; r < reps; r++)
                sum[r] = SECS(v, b, r);
            med_b[b] = bench_median(sum, (size_t)reps);
        }
        if (v == 0)
            base = med_all[0];
        printf("  %-15s %9.1f %8.1f %8.2fx", variants[v].key, med_all[v] * 1e6 / (double)ndocs,
               (double)total / 1e6 / med_all[v], med_all[v] / base);
        for (int b = 0; b < NBUCKET; b++)
            printf("  %5.1f us", count[b] ? med_b[b] * 1e6 / (double)count[b] : 0.0);
        printf("   %s\n", variants[v].what);
    }
    for (int v = 0; v < NVAR; v++)
        printf("BENCH json_%s_us %.3f\n", variants[v].key, med_all[v] * 1e6 / (double)ndocs);

    bench_jsonc_done();
    for (size_t k = 0; k < ndocs; k++) {
        free(docs[k].text);
        free(docs[k].name);
    }
    free(docs);
    free(secs);
    free(sum);
    return 0;
}
