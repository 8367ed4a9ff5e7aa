/* serve_pool.c - one run (cli_run.h) per worker, swapped whole on reload (serve_pool.h). */
#include "serve_pool.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct serve_generation {
    struct cli_run *all;       /* every copy, for freeing */
    struct cli_run **idle;     /* the copies not checked out */
    size_t count, idle_count;
    size_t out;                /* copies checked out */
    int retired;               /* replaced by a reload */
    struct serve_generation *older;   /* the generation retired before this one */
    char digest[96];
};

struct serve_pool {
    pthread_mutex_t lock;
    pthread_cond_t returned;
    const struct cli_options *opt;
    int workers;
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
    free(g->idle);
    free(g);
}

static struct serve_generation *generation_load(const struct cli_options *opt, int workers)
{
    struct serve_generation *g = calloc(1, sizeof *g);
    if (g == NULL || (g->all = calloc((size_t)workers, sizeof *g->all)) == NULL ||
        (g->idle = calloc((size_t)workers, sizeof *g->idle)) == NULL) {
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
        g->idle[g->idle_count++] = &g->all[i];
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

struct serve_pool *serve_pool_new(const struct cli_options *opt, int workers)
{
    struct serve_pool *pool = calloc(1, sizeof *pool);
    if (pool == NULL)
        return NULL;
    pool->opt = opt;
    pool->workers = workers;
    pool->current = generation_load(opt, workers);
    if (pool->current == NULL) {
        free(pool);
        return NULL;
    }
    pthread_mutex_init(&pool->lock, NULL);
    pthread_cond_init(&pool->returned, NULL);
    return pool;
}

void serve_pool_free(struct serve_pool *pool)
{
    if (pool == NULL)
        return;
    generation_free(pool->current);
    while (pool->retired != NULL) {
        struct serve_generation *g = pool->retired;
        pool->retired = g->older;
        generation_free(g);
    }
    pthread_mutex_destroy(&pool->lock);
    pthread_cond_destroy(&pool->returned);
    free(pool);
}

struct cli_run *serve_pool_acquire(struct serve_pool *pool, struct serve_generation **gen)
{
    pthread_mutex_lock(&pool->lock);
    while (pool->current->idle_count == 0)
        pthread_cond_wait(&pool->returned, &pool->lock);
    struct serve_generation *g = pool->current;
    struct cli_run *run = g->idle[--g->idle_count];
    g->out++;
    pthread_mutex_unlock(&pool->lock);
    *gen = g;
    return run;
}

void serve_pool_release(struct serve_pool *pool, struct serve_generation *g, struct cli_run *run)
{
    pthread_mutex_lock(&pool->lock);
    g->out--;
    if (!g->retired) {
        g->idle[g->idle_count++] = run;
        /* one copy back, one waiter served: waking every connection
         * waiting (up to 512) to let one of them win cost more than the
         * evaluations did under load */
        pthread_cond_signal(&pool->returned);
    }
    pthread_mutex_unlock(&pool->lock);
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
    pool->current = fresh;
    old->retired = 1;
    old->older = pool->retired;
    pool->retired = old;
    pthread_cond_broadcast(&pool->returned);
    pthread_mutex_unlock(&pool->lock);
    return 0;
}

void serve_pool_digest(struct serve_pool *pool, char *buf, size_t size)
{
    pthread_mutex_lock(&pool->lock);
    snprintf(buf, size, "%s", pool->current->digest);
    pthread_mutex_unlock(&pool->lock);
}
