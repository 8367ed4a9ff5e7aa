/* serve_pool.c - one run (cli_run.h) per worker thread, swapped whole on reload (serve_pool.h). */
#include "serve_pool.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

struct serve_generation {
    struct cli_run *all;       /* copy i is worker i's */
    size_t count;
    struct serve_generation *older;   /* the generation retired before this one */
    char digest[96];
};

/* A request handed over: on the stack of the thread waiting for it. */
struct serve_job {
    serve_pool_fn *fn;
    void *arg;
    int lang;                  /* the waiting thread's language */
    int done;
    pthread_cond_t finished;
    struct serve_job *next;
};

struct serve_worker {
    struct serve_pool *pool;
    size_t index;
    pthread_t thread;
    struct alloc_arena arena;   /* its requests' trees (serve_pool_arena) */
};

/* The arena of the worker this thread is (NULL: not a worker). */
static _Thread_local struct alloc_arena *worker_arena;

struct alloc_arena *serve_pool_arena(void)
{
    return worker_arena;
}

struct serve_pool {
    pthread_mutex_t lock;
    pthread_cond_t queued;     /* a job was queued, or the pool stops */
    struct serve_job *head, *tail;   /* in the order handed over */
    int stopping;
    const struct cli_options *opt;
    int workers;
    struct serve_worker *threads;
    size_t started;
    struct serve_generation *current;
    struct serve_generation *retired;   /* newest first */
};

static void generation_free(struct serve_generation *g)
{
    if (g == NULL)
        return;
    for (size_t i = g->count; i-- > 0;)   /* reverse order of loading (below) */
        cli_run_close(&g->all[i]);
    free(g->all);
    free(g);
}

static struct serve_generation *generation_load(const struct cli_options *opt, int workers)
{
    struct serve_generation *g = calloc(1, sizeof *g);
    if (g == NULL || (g->all = calloc((size_t)workers, sizeof *g->all)) == NULL) {
        cli_error("%s", TR("hết bộ nhớ", "out of memory"));
        generation_free(g);
        return NULL;
    }
    for (int i = 0; i < workers; i++) {
        /* the first worker loads the rule set; the others copy it: their own
         * Lua states and plugins, the rulebook, messages and schema shared */
        if ((i == 0 ? cli_run_open(&g->all[0], opt, 1) : cli_run_copy(&g->all[i], &g->all[0])) != 0) {
            generation_free(g);
            return NULL;
        }
        g->count++;
        /* every worker must hold the one rule set: files changed between two
         * loads would give workers that answer differently */
        if (strcmp(ruleset_digest(g->all[i].main), ruleset_digest(g->all[0].main)) != 0) {
            cli_error("%s", TR("serve: bộ quy tắc thay đổi trong khi nạp",
                               "serve: the rulebook changed while it was loaded"));
            generation_free(g);
            return NULL;
        }
    }
    snprintf(g->digest, sizeof g->digest, "%s", ruleset_digest(g->all[0].main));
    return g;
}

/* A worker: take the oldest job, run it with this worker's copy of the
 * generation current then, in the job's language; until the pool stops. */
static void *worker_main(void *arg)
{
    struct serve_worker *w = arg;
    struct serve_pool *pool = w->pool;
    worker_arena = &w->arena;
    pthread_mutex_lock(&pool->lock);
    for (;;) {
        while (pool->head == NULL && !pool->stopping)
            pthread_cond_wait(&pool->queued, &pool->lock);
        struct serve_job *job = pool->head;
        if (job == NULL)
            break;   /* stopping, and nothing left */
        pool->head = job->next;
        if (pool->head == NULL)
            pool->tail = NULL;
        struct cli_run *run = &pool->current->all[w->index];
        pthread_mutex_unlock(&pool->lock);

        i18n_set_thread_lang(job->lang);
        job->fn(run, job->arg);
        i18n_set_thread_lang(-1);

        pthread_mutex_lock(&pool->lock);
        job->done = 1;
        pthread_cond_signal(&job->finished);
    }
    pthread_mutex_unlock(&pool->lock);
    worker_arena = NULL;
    alloc_arena_release(&w->arena);   /* on the thread that used it (alloc.h) */
    return NULL;
}

/* Stop the workers started: each finishes the jobs queued, then ends. */
static void stop_workers(struct serve_pool *pool)
{
    pthread_mutex_lock(&pool->lock);
    pool->stopping = 1;
    pthread_cond_broadcast(&pool->queued);
    pthread_mutex_unlock(&pool->lock);
    for (size_t i = 0; i < pool->started; i++)
        pthread_join(pool->threads[i].thread, NULL);
    pool->started = 0;
}

struct serve_pool *serve_pool_new(const struct cli_options *opt, int workers)
{
    struct serve_pool *pool = calloc(1, sizeof *pool);
    if (pool == NULL || (pool->threads = calloc((size_t)workers, sizeof *pool->threads)) == NULL) {
        cli_error("%s", TR("hết bộ nhớ", "out of memory"));
        free(pool);
        return NULL;
    }
    pool->opt = opt;
    pool->workers = workers;
    pool->current = generation_load(opt, workers);
    if (pool->current == NULL) {
        free(pool->threads);
        free(pool);
        return NULL;
    }
    pthread_mutex_init(&pool->lock, NULL);
    pthread_cond_init(&pool->queued, NULL);
    for (int i = 0; i < workers; i++) {
        struct serve_worker *w = &pool->threads[i];
        w->pool = pool;
        w->index = (size_t)i;
        if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
            cli_error("%s", TR("serve: không tạo được luồng đánh giá",
                               "serve: cannot start an evaluating thread"));
            serve_pool_free(pool);
            return NULL;
        }
        pool->started++;
    }
    return pool;
}

void serve_pool_free(struct serve_pool *pool)
{
    if (pool == NULL)
        return;
    stop_workers(pool);
    generation_free(pool->current);
    while (pool->retired != NULL) {
        struct serve_generation *g = pool->retired;
        pool->retired = g->older;
        generation_free(g);
    }
    pthread_mutex_destroy(&pool->lock);
    pthread_cond_destroy(&pool->queued);
    free(pool->threads);
    free(pool);
}

void serve_pool_run(struct serve_pool *pool, serve_pool_fn *fn, void *arg)
{
    struct serve_job job = {fn, arg, (int)i18n_lang(), 0, PTHREAD_COND_INITIALIZER, NULL};
    pthread_mutex_lock(&pool->lock);
    if (pool->tail != NULL)
        pool->tail->next = &job;
    else
        pool->head = &job;
    pool->tail = &job;
    pthread_cond_signal(&pool->queued);
    while (!job.done)
        pthread_cond_wait(&job.finished, &pool->lock);
    pthread_mutex_unlock(&pool->lock);
    pthread_cond_destroy(&job.finished);
}

int serve_pool_reload(struct serve_pool *pool)
{
    /* profiles and packs are read and verified again too */
    if (cli_profiles_reload() != 0) {
        cli_error("%s", TR("hết bộ nhớ", "out of memory"));
        return -1;
    }
    struct serve_generation *fresh = generation_load(pool->opt, pool->workers);
    if (fresh == NULL)
        return -1;
    pthread_mutex_lock(&pool->lock);
    struct serve_generation *old = pool->current;
    pool->current = fresh;   /* the next job of every worker */
    old->older = pool->retired;
    pool->retired = old;
    pthread_mutex_unlock(&pool->lock);
    return 0;
}

void serve_pool_digest(struct serve_pool *pool, char *buf, size_t size)
{
    pthread_mutex_lock(&pool->lock);
    snprintf(buf, size, "%s", pool->current->digest);
    pthread_mutex_unlock(&pool->lock);
}
