/*
 * bench_eval.c - in-process cost of evaluating a dossier, against the cost of
 * only parsing its JSON with the same library (design.md, "Performance budget").
 *
 *   bench_eval [-n REPS] [-r RULES_DIR] [-s SCHEMAS_DIR] [-p PLUGINS_DIR] CORPUS_DIR
 *
 * Loads the ruleset once (with the plugins of PLUGINS_DIR; without -p, none:
 * rules that need a plugin then give `error` results, which is reported), reads every CORPUS_DIR/ *.json into
 * memory, then times passes over the whole corpus with
 * clock_gettime(CLOCK_MONOTONIC).  No file I/O is timed.  Passes:
 *
 *   parse      cJSON_ParseWithLength + cJSON_Delete (the library alone)
 *   strict     jsontext_parse + cJSON_Delete (UTF-8, depth, duplicate keys...)
 *   validate   dossier_parse + dossier_free (strict parse + schema + dates)
 *   eval       eval_dossier + result_free, on dossiers parsed beforehand
 *   report     report_json + cJSON_PrintUnformatted + frees, on results made beforehand
 *   full       dossier_parse + eval_dossier + report_json + cJSON_PrintUnformatted
 *              + all frees: the in-process path of one dossier
 *
 * Each repetition runs every pass once, in that order (interleaved, so that
 * the machine's noise hits all passes alike); the figures are medians over
 * the repetitions.  Ratios are of medians.  Lines starting with "BENCH " are
 * for bench/run.sh.  Build: see bench/run.sh.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "cli.h"
#include "dossier.h"
#include "eval.h"
#include "i18n.h"
#include "input.h"
#include "jsontext.h"
#include "report_json.h"
#include "corpus.h"
#include "result.h"
#include "ruleset.h"

struct doc {
    char *name;
    char *text;
    size_t len;
    struct dossier *dossier;   /* parsed once for the "eval" pass */
    struct result *result;     /* evaluated once for the "report" pass */
};

static struct doc *docs;
static size_t ndocs, nbytes;
static struct ruleset *rs;
static struct eval_options eopt;
static struct report_context rctx;
static volatile size_t sink;   /* keeps results observable */

static void die(const char *what, const struct admit_error *err)
{
    char buf[1600];
    fprintf(stderr, "bench_eval: %s: %s\n", what, err ? admit_error_format(err, buf, sizeof buf) : "");
    exit(2);
}

/* The corpus in memory, each file with room for its parsed dossier and result. */
static void load_corpus(const char *dir)
{
    struct corpus_file *files = NULL;
    ndocs = corpus_load(dir, "bench_eval", &files, &nbytes);
    docs = calloc(ndocs, sizeof *docs);
    if (docs == NULL)
        exit(3);
    for (size_t i = 0; i < ndocs; i++) {
        docs[i].name = files[i].name;
        docs[i].text = files[i].text;
        docs[i].len = files[i].len;
    }
    free(files);
}

/* ---- the passes; each returns nothing and runs over the whole corpus ---- */

static void pass_parse(void)
{
    for (size_t i = 0; i < ndocs; i++) {
        cJSON *root = cJSON_ParseWithLength(docs[i].text, docs[i].len);
        if (root == NULL) {
            fprintf(stderr, "bench_eval: cJSON cannot parse %s\n", docs[i].name);
            exit(2);
        }
        sink += (size_t)root->type;
        cJSON_Delete(root);
    }
}

static void pass_strict(void)
{
    static const struct jsontext_limits limits = {DOSSIER_MAX_DEPTH, 1000};
    for (size_t i = 0; i < ndocs; i++) {
        cJSON *root = NULL;
        struct admit_error err;
        if (jsontext_parse(docs[i].text, docs[i].len, docs[i].name, &limits, &root, &err) != ADMIT_OK)
            die(docs[i].name, &err);
        sink += (size_t)root->type;
        cJSON_Delete(root);
    }
}

static void pass_validate(void)
{
    for (size_t i = 0; i < ndocs; i++) {
        struct dossier *d = NULL;
        struct admit_error err;
        if (dossier_parse(ruleset_schema(rs), docs[i].name, docs[i].text, docs[i].len, &d, &err) !=
            ADMIT_OK)
            die(docs[i].name, &err);
        sink += (size_t)d->recognition;
        dossier_free(d);
    }
}

static void pass_eval(void)
{
    for (size_t i = 0; i < ndocs; i++) {
        struct result *r = NULL;
        struct admit_error err;
        if (eval_dossier(rs, docs[i].dossier, &eopt, &r, &err) != ADMIT_OK)
            die(docs[i].name, &err);
        sink += r->count;
        result_free(r);
    }
}

static void pass_report(void)
{
    for (size_t i = 0; i < ndocs; i++) {
        cJSON *obj = report_json(docs[i].result, &rctx);
        char *s = obj ? cJSON_PrintUnformatted(obj) : NULL;
        if (s == NULL)
            exit(3);
        sink += strlen(s);
        free(s);
        cJSON_Delete(obj);
    }
}

static size_t out_bytes;   /* bytes of JSON output in one "full" pass */

static void pass_full(void)
{
    size_t out = 0;
    for (size_t i = 0; i < ndocs; i++) {
        struct dossier *d = NULL;
        struct result *r = NULL;
        struct admit_error err;
        if (dossier_parse(ruleset_schema(rs), docs[i].name, docs[i].text, docs[i].len, &d, &err) !=
                ADMIT_OK ||
            eval_dossier(rs, d, &eopt, &r, &err) != ADMIT_OK)
            die(docs[i].name, &err);
        cJSON *obj = report_json(r, &rctx);
        char *s = obj ? cJSON_PrintUnformatted(obj) : NULL;
        if (s == NULL)
            exit(3);
        out += strlen(s);
        free(s);
        cJSON_Delete(obj);
        result_free(r);
        dossier_free(d);
    }
    out_bytes = out;
}

struct pass {
    const char *key;
    const char *what;
    void (*run)(void);
    double *secs;
    double med;
};

int main(int argc, char **argv)
{
    const char *rules = "rules", *schemas = "schemas", *plugins = NULL;
    int reps = 11;
    int i;
    for (i = 1; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "-n") == 0 && i + 1 < argc)
            reps = atoi(argv[++i]);
        else if (strcmp(argv[i], "-r") == 0 && i + 1 < argc)
            rules = argv[++i];
        else if (strcmp(argv[i], "-s") == 0 && i + 1 < argc)
            schemas = argv[++i];
        else if (strcmp(argv[i], "-p") == 0 && i + 1 < argc)
            plugins = argv[++i];
        else
            break;
    }
    if (i != argc - 1 || reps < 1) {
        fprintf(stderr, "usage: bench_eval [-n REPS] [-r RULES_DIR] [-s SCHEMAS_DIR] [-p PLUGINS_DIR] "
                        "CORPUS_DIR\n");
        return 2;
    }

    struct admit_error err;
    struct ruleset_paths paths = {rules, schemas, plugins, 0};
    admit_error_clear(&err);
    double t0 = bench_now();
    if (ruleset_load(&paths, &rs, &err) != ADMIT_OK)
        die("loading the ruleset", &err);
    double load_s = bench_now() - t0;
    load_corpus(argv[i]);

    const char *profile[] = {"central"};
    rctx = (struct report_context){"admit " ADMIT_VERSION, ruleset_digest(rs), profile, 1,
                                   ruleset_plugins(rs)};
    eopt = (struct eval_options){OUTCOME_NO_DAY, cli_today(), i18n_lang(), sandbox_default_limits,
                                 NULL, 0};

    /* Parse and evaluate every dossier once: the inputs of the "eval" and
     * "report" passes, and a check that the corpus is valid. */
    size_t verdicts[VERDICT_COUNT] = {0}, entries = 0;
    for (size_t k = 0; k < ndocs; k++) {
        if (dossier_parse(ruleset_schema(rs), docs[k].name, docs[k].text, docs[k].len,
                          &docs[k].dossier, &err) != ADMIT_OK)
            die(docs[k].name, &err);
        if (eval_dossier(rs, docs[k].dossier, &eopt, &docs[k].result, &err) != ADMIT_OK)
            die(docs[k].name, &err);
        verdicts[docs[k].result->verdict]++;
        entries += docs[k].result->count;
    }

    struct pass passes[] = {
        {"parse", "parse only: cJSON_ParseWithLength + cJSON_Delete", pass_parse, NULL, 0},
        {"strict", "strict parse: jsontext_parse (cJSON + UTF-8/depth/duplicate-key checks) + free",
         pass_strict, NULL, 0},
        {"validate", "parse + checks + schema: dossier_parse + dossier_free", pass_validate, NULL, 0},
        {"eval", "rules only: eval_dossier + result_free (dossier parsed beforehand)", pass_eval,
         NULL, 0},
        {"report", "report only: report_json + cJSON_PrintUnformatted + frees", pass_report, NULL,
         0},
        {"full", "full in-process path: dossier_parse + eval_dossier + report_json + print + frees",
         pass_full, NULL, 0},
    };
    enum { NPASS = sizeof passes / sizeof passes[0] };
    for (int p = 0; p < NPASS; p++) {
        passes[p].secs = calloc((size_t)reps, sizeof(double));
        passes[p].run();   /* warm-up, untimed */
    }
    double *ratio_full = calloc((size_t)reps, sizeof(double));
    double *ratio_validate = calloc((size_t)reps, sizeof(double));
    for (int r = 0; r < reps; r++) {
        for (int p = 0; p < NPASS; p++) {
            double s = bench_now();
            passes[p].run();
            passes[p].secs[r] = bench_now() - s;
        }
        ratio_full[r] = passes[5].secs[r] / passes[0].secs[r];
        ratio_validate[r] = passes[2].secs[r] / passes[0].secs[r];
    }

    double mb = (double)nbytes / 1e6;
    printf("bench_eval: corpus %zu dossiers, %zu bytes (mean %.0f bytes); ruleset loaded in %.1f ms"
           " (in-process; plugins: %s)\n",
           ndocs, nbytes, (double)nbytes / (double)ndocs, load_s * 1e3,
           plugins ? plugins : "none");
    printf("bench_eval: verdicts eligible %zu, not_eligible %zu, incomplete %zu, error %zu,"
           " ready %zu; %zu result lines in all\n",
           verdicts[0], verdicts[1], verdicts[2], verdicts[3], verdicts[VERDICT_READY], entries);
    if (verdicts[VERDICT_ERROR] > 0)
        printf("bench_eval: WARNING: %zu dossiers have a rule that failed (verdict error): the"
               " figures include error paths; are the plugins (-p) loaded?\n",
               verdicts[VERDICT_ERROR]);
    printf("bench_eval: %d repetitions over the whole corpus, median per pass "
           "(min..max of the repetitions), per dossier:\n", reps);
    for (int p = 0; p < NPASS; p++) {
        double lo = 1e300, hi = 0;
        for (int r = 0; r < reps; r++) {
            lo = passes[p].secs[r] < lo ? passes[p].secs[r] : lo;
            hi = passes[p].secs[r] > hi ? passes[p].secs[r] : hi;
        }
        passes[p].med = bench_median(passes[p].secs, (size_t)reps);
        double us = passes[p].med * 1e6 / (double)ndocs;
        printf("  %-8s %9.1f us/dossier (%7.1f..%7.1f)  %9.0f dossiers/s  %7.1f MB/s   %s\n",
               passes[p].key, us, lo * 1e6 / (double)ndocs, hi * 1e6 / (double)ndocs,
               (double)ndocs / passes[p].med, mb / passes[p].med, passes[p].what);
    }
    double parse = passes[0].med, full = passes[5].med, validate = passes[2].med;
    printf("bench_eval: full / parse  = %.1f  (throughput of parsing alone / throughput of the full"
           " path; per-repetition median %.1f)\n", full / parse, bench_median(ratio_full, (size_t)reps));
    printf("bench_eval: validate / parse = %.1f  (dossier_parse vs the bare cJSON parse;"
           " per-repetition median %.1f)\n", validate / parse, bench_median(ratio_validate, (size_t)reps));
    printf("bench_eval: share of the full path: validate %.0f %%, eval %.0f %%, report %.0f %%"
           " (separate passes; they need not add up to 100)\n",
           100 * validate / full, 100 * passes[3].med / full, 100 * passes[4].med / full);
    printf("bench_eval: JSON output of one full pass: %zu bytes (%.0f per dossier)\n", out_bytes,
           (double)out_bytes / (double)ndocs);

    printf("BENCH dossiers %zu\nBENCH bytes %zu\nBENCH reps %d\nBENCH load_ms %.3f\n", ndocs,
           nbytes, reps, load_s * 1e3);
    for (int p = 0; p < NPASS; p++)
        printf("BENCH %s_us %.3f\n", passes[p].key, passes[p].med * 1e6 / (double)ndocs);
    printf("BENCH ratio_full_parse %.3f\nBENCH ratio_validate_parse %.3f\n", full / parse,
           validate / parse);

    for (size_t k = 0; k < ndocs; k++) {
        result_free(docs[k].result);
        dossier_free(docs[k].dossier);
        free(docs[k].text);
        free(docs[k].name);
    }
    for (int p = 0; p < NPASS; p++)
        free(passes[p].secs);
    free(ratio_full);
    free(ratio_validate);
    free(docs);
    ruleset_free(rs);
    return 0;
}
