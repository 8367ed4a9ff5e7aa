/* audit_run.c - reading, evaluating in worker threads (or, with -j 1, on the
 * calling thread), writing in order. */
#include "audit_run.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "audit_compare.h"
#include "audit_input.h"
#include "audit_order.h"
#include "audit_output.h"
#include "audit_summary.h"
#include "check_run.h"
#include "dossier.h"
#include "eval.h"
#include "json_member.h"
#include "jsontext.h"
#include "profile_load.h"
#include "result.h"

/* Records in the window per worker: enough to keep every worker busy while
 * one slow record holds back the writing. */
#define WINDOW_PER_THREAD 16

/* One record on its way from the input to results.jsonl. */
struct job {
    struct audit_input_record rec;
    char *kept;              /* --resume: the line already written for it; NULL: none */
    size_t kept_len;
    char *line;              /* the line to write (without newline); NULL for a kept one */
    struct result *result;   /* the result the line was written from; NULL for a kept one */
    struct audit_line view;  /* what the summary, quotas and reports read of the line:
                                pointing into `result`, or into `tree` for a kept one */
    cJSON *tree;             /* a kept line read back; for --compare-profile, the line's tree
                                (written from `result` as the text is); else NULL */
    cJSON *dossier;          /* the parsed dossier, kept for cfg->on_record only */
    /* The tree, or the dossier, is in the record's arena (parse_record):
     * nothing of it to free, block by block. */
    unsigned char tree_in_arena, dossier_in_arena;
    struct alloc_arena arena;   /* a worker's job: its trees (-j 1 has one for all) */
    cJSON *compare;          /* --compare-profile: its compare.jsonl object; NULL: none */
    struct audit_facts facts;
    int mismatch;            /* the kept line is not this record's */
    int failed;              /* out of memory while processing */
    struct worker *owner;    /* the worker that processed it; NULL: none yet */
    struct job *next_spent;  /* in its owner's list of written jobs */
};

struct shared {
    const struct audit_config *cfg;
    pthread_mutex_t lock;
    pthread_cond_t work;     /* a record was added, or stop */
    pthread_cond_t done;     /* a record was finished */
    struct audit_order order;
    int stop;
};

/* The arenas of its written jobs a worker keeps for its next ones. */
#define SPARE_ARENAS 4

struct worker {
    struct shared *sh;
    struct cli_run *run;
    pthread_t thread;
    struct job *spent;       /* written jobs it is to free; under sh->lock */
    struct alloc_arena spare[SPARE_ARENAS];   /* its own: taken and given back by it */
    size_t spares;
};

/* A record's arena grows by chunks of this size (less malloc's header):
 * about 80 KB for a dossier of 6 KB (and its line's tree, made for
 * --compare-profile).  Small chunks keep the records in flight in a
 * worker's window (a chunk each that is used, at least) from holding more
 * memory than their trees. */
#define DOSSIER_ARENA_BYTES (((size_t)32 << 10) - 64)

/* A job's parts are freed by the thread that allocated them: what was read
 * by the reading thread, what was computed by its worker.  A block freed by
 * another thread goes through the allocator's cross-thread path (an atomic
 * exchange on free, a list walk when its owner takes the page back), which
 * cost about a quarter of an audit's CPU when the reading thread freed the
 * workers' result trees (docs/performance.md, change 32). */
static void job_release_read(struct job *job)
{
    audit_input_record_release(&job->rec);
    free(job->kept);
    job->kept = NULL;
}

static void job_release_computed(struct job *job)
{
    free(job->line);
    audit_line_release(&job->view);
    result_free(job->result);
    job->result = NULL;
    if (!job->tree_in_arena)
        cJSON_Delete(job->tree);
    if (!job->dossier_in_arena)
        cJSON_Delete(job->dossier);
    cJSON_Delete(job->compare);
    audit_facts_release(&job->facts);
    job->line = NULL;
    job->tree = job->dossier = job->compare = NULL;
    job->tree_in_arena = job->dossier_in_arena = 0;
}

/* Either part by whichever thread: for what is left when the run stops
 * (once the workers have ended: a job's arena is its worker's). */
static void job_free(struct job *job)
{
    if (job == NULL)
        return;
    job_release_read(job);
    job_release_computed(job);
    alloc_arena_release(&job->arena);
    free(job);
}

/* The worker's own jobs, written since it last took one: what it computed
 * for them, and the jobs themselves; their arenas go back to `w` (NULL:
 * released, once it has ended). */
static void free_spent(struct worker *w, struct job *spent)
{
    while (spent != NULL) {
        struct job *next = spent->next_spent;
        job_release_computed(spent);
        if (w != NULL && w->spares < SPARE_ARENAS)
            w->spare[w->spares++] = spent->arena;
        else
            alloc_arena_release(&spent->arena);
        free(spent);
        spent = next;
    }
}

/* -- one record -------------------------------------------------------------- */

/*
 * dossier_parse, with the tree in `arena` unless it is NULL
 * (dossier_parse_report_in); a tree in it is never freed node by node:
 * nothing changes a dossier's tree once parsed.  Each record's trees (its
 * dossier's, then for --compare-profile its line's: process) are in an
 * arena no other record uses while they live: under -j 1 one arena, begun
 * again for each record once the last one was written and freed; a
 * worker's records each have their own (job.arena), since they live until
 * written while it parses the next, and it takes them from the arenas of
 * its written jobs.
 */
static enum admit_status parse_record(struct alloc_arena *arena, const struct schema *schema,
                                      const struct audit_input_record *rec, struct dossier **d,
                                      struct admit_error *err)
{
    struct dossier_report report;
    enum admit_status status = dossier_parse_report_in(arena, DOSSIER_ARENA_BYTES, schema, NULL,
                                                       rec->origin, rec->text, rec->len, d,
                                                       &report, err);
    dossier_report_release(&report);
    return status;
}

/* The result of a record under `forced`, or when NULL the ruleset its
 * committee chooses (*used); or its input error. */
static struct result *evaluate(struct cli_run *run, struct ruleset *forced,
                               const struct audit_config *cfg, struct alloc_arena *arena,
                               const struct audit_input_record *rec, struct dossier **d,
                               struct ruleset **used, int brief)
{
    struct admit_error err;
    struct result *r = NULL;
    struct eval_options eopt = {cfg->as_of, cfg->today, cfg->lang, sandbox_default_limits, NULL,
                                brief};
    struct ruleset *rs = run->main;
    int code;

    admit_error_clear(&err);
    *used = rs;
    if (rec->error != NULL)
        return result_new_input_error(rec->origin, NULL, "", rec->error);
    /* the run is eager (cmd_audit): choosing never loads, so never fails */
    if ((*d != NULL || parse_record(arena, ruleset_schema(rs), rec, d, &err) == ADMIT_OK) &&
        (rs = forced ? forced : cli_run_select(run, *d, cfg->as_of, &code)) != NULL &&
        profile_validate_extensions(ruleset_profile(rs), (*d)->root, &err) == ADMIT_OK &&
        eval_dossier(rs, *d, &eopt, &r, &err) == ADMIT_OK) {
        *used = rs;
        return r;
    }
    if (rs == NULL)
        admit_error_set(&err, ADMIT_EINTERNAL, NULL, NULL, "profile not loaded");
    *used = rs != NULL ? rs : run->main;
    return result_new_input_error(rec->origin, *d ? (*d)->id : NULL, err.path, err.message);
}

/* A kept line (--resume): parsed, and checked to be this record's. */
static void check_kept(struct job *job, const struct dossier *d)
{
    static const struct jsontext_limits limits = {64, 1000000};
    struct admit_error err;
    if (jsontext_parse(job->kept, job->kept_len, "results.jsonl", &limits, &job->tree, &err) !=
        ADMIT_OK) {
        job->mismatch = 1;
        return;
    }
    const cJSON *input = json_member(job->tree, "input");
    const cJSON *id = json_member(job->tree, "dossier");
    int same_input = cJSON_IsString(input) && strcmp(input->valuestring, job->rec.origin) == 0;
    int same_id = d != NULL ? cJSON_IsString(id) && strcmp(id->valuestring, d->id) == 0
                            : !cJSON_IsString(id) || json_member(job->tree,
                                                                                     "input_error");
    job->mismatch = !same_input || !same_id;
}

/* Evaluate the record again under the proposed profile (job->compare). */
static int compare(struct cli_run *run, const struct audit_config *cfg, struct job *job,
                   struct dossier *d)
{
    int code;
    struct ruleset *proposed = cli_run_profile(run, cfg->compare_profile, &code), *used;
    if (proposed == NULL)   /* checked by cmd_audit before the first record */
        return -1;
    struct result *r = evaluate(run, proposed, cfg, NULL, &job->rec, &d, &used, 0);
    struct report_context rctx = *cfg->rctx;
    const char *names[PROFILE_CHAIN_MAX + 1];
    check_run_context(&rctx, used, names);
    cJSON *tree = r != NULL ? report_json(r, &rctx) : NULL;
    int rc = tree != NULL ? audit_compare_record(job->rec.origin, job->tree, tree, &job->compare)
                          : -1;
    cJSON_Delete(tree);
    result_free(r);
    return rc;
}

static void process(struct cli_run *run, const struct audit_config *cfg,
                    struct alloc_arena *arena, struct job *job)
{
    struct dossier *d = NULL;
    struct ruleset *rs = run->main;
    if (job->kept != NULL) {
        /* Only the dossier is needed: its facts for the summary. */
        struct admit_error err;
        if (job->rec.error == NULL &&
            parse_record(arena, ruleset_schema(rs), &job->rec, &d, &err) != ADMIT_OK)
            d = NULL;
        check_kept(job, d);
        if (!job->mismatch && audit_line_from_tree(&job->view, job->tree) != 0)
            job->failed = 1;
    } else {
        /* without --full the line is brief: no message is rendered for it to drop */
        struct result *r = evaluate(run, NULL, cfg, arena, &job->rec, &d, &rs, !cfg->full);
        int brief = !cfg->full;   /* what passes or does not apply says only so (audit.md) */
        struct report_context rctx = *cfg->rctx;
        const char *names[PROFILE_CHAIN_MAX + 1];
        check_run_context(&rctx, rs, names);
        rctx.input = job->rec.origin;   /* every line says where it came from */
        /* The line is written as text, without a tree: the summary, the
         * quotas and the reports read the result's view of it, which the
         * line's tree read back would give (audit_line.h). */
        job->result = r;
        job->line = r != NULL ? report_json_text(r, &rctx, brief, 0) : NULL;
        job->failed = job->line == NULL ||
                      audit_line_from_result(&job->view, r, brief) != 0;
        if (!job->failed && cfg->compare_profile != NULL) {
            /* The tree the proposal's is compared with, in the arena
             * after the dossier's: made from the result, it takes nothing
             * from anywhere else. */
            if (arena != NULL)
                alloc_arena_continue(arena);
            job->tree = cfg->full ? report_json(r, &rctx) : report_json_brief(r, &rctx);
            alloc_arena_end();
            job->tree_in_arena = job->tree != NULL && arena != NULL &&
                                 alloc_arena_holds(arena, job->tree);
            job->failed = job->tree == NULL;
        }
    }
    if (cfg->compare_profile != NULL && job->tree != NULL && d != NULL && !job->mismatch)
        job->failed |= compare(run, cfg, job, d) != 0;
    /* An input error counts as such even when its dossier parsed. */
    int input_error = job->view.input_error;
    if (audit_facts_init(&job->facts, input_error ? NULL : d, ruleset_book(rs), cfg->as_of,
                         cfg->today) != 0)
        job->failed = 1;
    if (d != NULL && cfg->on_record != NULL) {   /* handed to the writing thread */
        job->dossier = d->root;
        job->dossier_in_arena = (unsigned char)d->root_in_arena;
        d->root = NULL;
    }
    dossier_free(d);
}

/* Whether a finished record should wake the writing thread, which waits
 * only when it can neither write nor read (pump).  Waking it for every
 * record cost a futex wake and two context switches each; woken for half a
 * window at a time, it writes them and refills the window in one go.  It is
 * always woken once no record is left queued, so the workers never starve
 * and the last records of the input are never left waiting. */
static int writer_has_enough(const struct audit_order *o)
{
    return o->taken == o->added || audit_order_ready(o) >= o->window / 2;
}

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    struct shared *sh = w->sh;
    pthread_mutex_lock(&sh->lock);
    for (;;) {
        void *payload = NULL;
        long long seq = -1;
        while (!sh->stop && (seq = audit_order_take(&sh->order, &payload)) < 0)
            pthread_cond_wait(&sh->work, &sh->lock);
        if (sh->stop)
            break;
        struct job *spent = w->spent;
        w->spent = NULL;
        pthread_mutex_unlock(&sh->lock);
        free_spent(w, spent);
        struct job *job = payload;
        job->owner = w;
        if (w->spares > 0)
            job->arena = w->spare[--w->spares];
        process(w->run, sh->cfg, &job->arena, job);
        pthread_mutex_lock(&sh->lock);
        audit_order_done(&sh->order, seq, payload);
        if (writer_has_enough(&sh->order))
            pthread_cond_signal(&sh->done);
    }
    pthread_mutex_unlock(&sh->lock);
    return NULL;
}

/* -- the reading and writing thread ---------------------------------------- */

struct run {
    const struct audit_config *cfg;
    struct audit_input *in;
    struct audit_results out;
    struct audit_summary *summary;
    long long written;       /* lines kept or written */
    long long read;          /* records read */
    struct audit_compare *compare;   /* --compare-profile; NULL: none */
};

/* Read the next record (and its kept line); 0 at the end. */
static int read_job(struct run *run, struct job **out, struct admit_error *err)
{
    struct job *job = calloc(1, sizeof *job);
    *out = NULL;
    if (job == NULL) {
        admit_error_set(err, ADMIT_ENOMEM, NULL, NULL, "out of memory");
        return -1;
    }
    int rc = audit_input_next(run->in, &job->rec, err);
    if (rc <= 0) {
        job_free(job);
        /* More kept lines than records: they come from other inputs. */
        if (rc == 0 && run->out.kept_read < run->out.kept) {
            admit_error_set(err, ADMIT_EUSAGE, run->out.path, NULL,
                            TR("có %lld dòng kết quả nhưng chỉ %lld bản ghi đầu vào: tệp này không "
                               "phải của các đầu vào đã cho (dùng --force để làm lại)",
                               "%lld result lines but only %lld input records: the file is not "
                               "from these inputs (use --force to start again)"),
                            run->out.kept, run->read);
            return -1;
        }
        return rc;
    }
    run->read++;
    rc = audit_results_next_kept(&run->out, &job->kept, &job->kept_len, err);
    if (rc < 0) {
        job_free(job);
        return -1;
    }
    *out = job;
    return 1;
}

/* Write (or verify) one finished record, in input order. */
static enum admit_status finish_job(struct run *run, struct job *job, struct admit_error *err)
{
    if (job->failed)
        return admit_error_set(err, ADMIT_ENOMEM, job->rec.origin, NULL, "out of memory");
    if (job->kept != NULL && job->mismatch)
        return admit_error_set(err, ADMIT_EUSAGE, run->out.path, NULL,
                               TR("dòng %lld không khớp với bản ghi đầu vào %s: tệp này không phải "
                                  "của các đầu vào đã cho (dùng --force để làm lại)",
                                  "line %lld does not match input record %s: the file is not from "
                                  "these inputs (use --force to start again)"),
                               run->written + 1, job->rec.origin);
    if (job->kept == NULL) {
        enum admit_status status = audit_results_add(&run->out, job->line, err);
        if (status != ADMIT_OK)
            return status;
    }
    run->written++;
    if (run->compare != NULL) {
        enum admit_status status = audit_compare_add(run->compare, job->compare, err);
        if (status != ADMIT_OK)
            return status;
    }
    if (audit_summary_add(run->summary, &job->view, &job->facts) != 0)
        return admit_error_set(err, ADMIT_ENOMEM, NULL, NULL, "out of memory");
    if (run->cfg->on_record != NULL) {
        enum admit_status status = run->cfg->on_record(run->cfg->record_userdata, job->rec.origin,
                                                       job->dossier, &job->view, err);
        if (status != ADMIT_OK)
            return status;
    }
    if (run->cfg->progress != NULL) {
        long long bd, bt;
        audit_input_bytes(run->in, &bd, &bt);
        run->cfg->progress(run->cfg->progress_userdata, run->written,
                           audit_input_total(run->in), bd, bt, 0);
    }
    return ADMIT_OK;
}

/* The main loop: read while the window has room, write what is done in
 * order, wait otherwise. */
static enum admit_status pump(struct run *run, struct shared *sh, struct admit_error *err)
{
    int eof = 0;
    pthread_mutex_lock(&sh->lock);
    for (;;) {
        void *payload;
        if (audit_order_pop(&sh->order, &payload)) {
            pthread_mutex_unlock(&sh->lock);
            struct job *job = payload;
            enum admit_status status = finish_job(run, job, err);
            job_release_read(job);
            pthread_mutex_lock(&sh->lock);
            job->next_spent = job->owner->spent;   /* its worker frees the rest */
            job->owner->spent = job;
            if (status != ADMIT_OK) {
                pthread_mutex_unlock(&sh->lock);
                return status;
            }
            continue;
        }
        if (!eof && audit_order_has_room(&sh->order)) {
            struct job *job;
            pthread_mutex_unlock(&sh->lock);
            int rc = read_job(run, &job, err);
            if (rc < 0)
                return err->status != ADMIT_OK ? err->status : ADMIT_EIO;
            pthread_mutex_lock(&sh->lock);
            if (rc == 0) {
                eof = 1;
            } else {
                audit_order_add(&sh->order, job);
                pthread_cond_signal(&sh->work);
            }
            continue;
        }
        if (eof && sh->order.popped == sh->order.added)
            break;
        pthread_cond_wait(&sh->done, &sh->lock);
    }
    pthread_mutex_unlock(&sh->lock);
    return ADMIT_OK;
}

/* -j 1: every record read, evaluated, written and freed in turn on the
 * calling thread, with no window, lock or second thread.  The output is the
 * same as the workers' (written in input order either way: tests/tsan.sh
 * compares -j 4 with -j 1); on one core, handing each record to a worker
 * and back cost context switches and a second thread's cache for nothing. */
static enum admit_status run_inline(struct run *run, struct cli_run *cli, struct admit_error *err)
{
    struct alloc_arena arena = ALLOC_ARENA_INIT;
    enum admit_status status;
    for (;;) {
        struct job *job;
        int rc = read_job(run, &job, err);
        if (rc <= 0) {
            status = rc == 0 ? ADMIT_OK : err->status != ADMIT_OK ? err->status : ADMIT_EIO;
            break;
        }
        process(cli, run->cfg, &arena, job);
        status = finish_job(run, job, err);
        job_free(job);
        if (status != ADMIT_OK)
            break;
    }
    alloc_arena_release(&arena);
    return status;
}

enum admit_status audit_run(const struct audit_config *cfg, cJSON **summary,
                            struct audit_totals *totals, struct admit_error *err)
{
    struct shared sh;
    struct run run;
    struct worker *workers = NULL;
    int started = 0;
    enum admit_status status;

    *summary = NULL;
    memset(totals, 0, sizeof *totals);
    memset(&run, 0, sizeof run);
    memset(&sh, 0, sizeof sh);
    run.cfg = cfg;
    sh.cfg = cfg;
    run.out.fd = -1;
    strbuf_init(&run.out.buf);
    pthread_mutex_init(&sh.lock, NULL);
    pthread_cond_init(&sh.work, NULL);
    pthread_cond_init(&sh.done, NULL);

    status = audit_input_open(cfg->inputs, cfg->input_count, DOSSIER_MAX_BYTES, &run.in, err);
    if (status != ADMIT_OK)
        goto done;
    status = audit_results_open(&run.out, cfg->out_dir, cfg->resume, err);
    if (status == ADMIT_OK && cfg->compare_profile != NULL)
        status = audit_compare_open(&run.compare, cfg->out_dir, cfg->compare_profile, err);
    if (status != ADMIT_OK)
        goto done;
    run.summary = audit_summary_new();
    if (run.summary == NULL) {
        status = admit_error_set(err, ADMIT_ENOMEM, NULL, NULL, "out of memory");
        goto done;
    }
    if (cfg->threads == 1) {
        status = run_inline(&run, &cfg->runs[0], err);
        goto done;
    }
    workers = calloc((size_t)cfg->threads, sizeof *workers);
    if (workers == NULL ||
        audit_order_init(&sh.order, (size_t)cfg->threads * WINDOW_PER_THREAD) != 0) {
        status = admit_error_set(err, ADMIT_ENOMEM, NULL, NULL, "out of memory");
        goto done;
    }
    for (; started < cfg->threads; started++) {
        workers[started].sh = &sh;
        workers[started].run = &cfg->runs[started];
        if (pthread_create(&workers[started].thread, NULL, worker_main, &workers[started]) != 0) {
            status = admit_error_set(err, ADMIT_ENOMEM, NULL, NULL, "cannot start a thread");
            goto done;
        }
    }
    status = pump(&run, &sh, err);

done:
    pthread_mutex_lock(&sh.lock);
    sh.stop = 1;
    pthread_cond_broadcast(&sh.work);
    pthread_mutex_unlock(&sh.lock);
    for (int i = 0; i < started; i++) {
        pthread_join(workers[i].thread, NULL);
        free_spent(NULL, workers[i].spent);
        while (workers[i].spares > 0)
            alloc_arena_release(&workers[i].spare[--workers[i].spares]);
    }
    free(workers);
    /* Records still in the window after a failure: dropped with the run. */
    if (sh.order.payload != NULL)
        for (long long seq = sh.order.popped; seq < sh.order.added; seq++)
            job_free(sh.order.payload[seq % (long long)sh.order.window]);
    audit_order_release(&sh.order);
    {
        struct admit_error close_err;
        enum admit_status cs = audit_results_close(&run.out, &close_err);
        if (status == ADMIT_OK && cs != ADMIT_OK) {
            status = cs;
            *err = close_err;
        }
    }
    if (status == ADMIT_OK) {
        long long records, evaluated, input_errors, engine_errors;
        audit_summary_counts(run.summary, &records, &evaluated, &input_errors, &engine_errors);
        totals->records = records;
        totals->evaluated = evaluated;
        totals->input_errors = input_errors;
        totals->engine_errors = engine_errors;
        totals->kept = run.out.kept;
        /* Nothing lost: every record read has exactly one line. */
        if (records != run.read || run.written != run.read || evaluated + input_errors != records)
            status = admit_error_set(err, ADMIT_EINTERNAL, run.out.path, NULL,
                                     "%lld records read but %lld lines written and %lld counted",
                                     run.read, run.written, records);
        if (cfg->progress != NULL) {
            long long bd, bt;
            audit_input_bytes(run.in, &bd, &bt);
            cfg->progress(cfg->progress_userdata, run.written, audit_input_total(run.in), bd, bt, 1);
        }
    }
    if (status == ADMIT_OK) {
        *summary = audit_summary_json(run.summary, &(struct audit_run_info){
            cfg->inputs, cfg->input_count, cfg->as_of != OUTCOME_NO_DAY ? cfg->as_of : cfg->today,
            cfg->rctx->ruleset, "", 0, cfg->threads});
        if (*summary == NULL)
            status = admit_error_set(err, ADMIT_ENOMEM, NULL, NULL, "out of memory");
    }
    if (run.compare != NULL) {
        struct admit_error compare_err;
        enum admit_status cs = audit_compare_finish(run.compare, status == ADMIT_OK ? *summary : NULL,
                                                    &compare_err);
        if (status == ADMIT_OK && cs != ADMIT_OK) {
            status = cs;
            *err = compare_err;
        }
    }
    audit_summary_free(run.summary);
    audit_input_free(run.in);
    pthread_cond_destroy(&sh.work);
    pthread_cond_destroy(&sh.done);
    pthread_mutex_destroy(&sh.lock);
    return status;
}
