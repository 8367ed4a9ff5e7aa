/*
 * serve_pool.h - the rule sets `admit serve` evaluates with, and the threads
 * that evaluate.
 *
 * A generation is the loaded rule set once per worker: a ruleset holds one
 * Lua state and is used by one thread at a time (ruleset.h), so each of the
 * N workers gets its own copy, made at start (or at SIGHUP), never per
 * request: the first worker's loads the rule set, the others are built from
 * it (cli_run_copy), sharing its rulebook, messages and schema.  A copy is a
 * cli_run: the central rulebook or --profile's chain, and every committee
 * profile's chain, all loaded at once (eager), so that a request never loads
 * anything.
 *
 * Each worker is a thread of the pool, and worker i alone evaluates with copy
 * i of every generation: a connection's thread hands its work over
 * (serve_pool_run) and waits, requests are taken in the order they came.  A
 * Lua state thus lives on one thread, which frees the garbage it made (freed
 * by whichever connection thread ran next, the allocator's cross-thread path
 * took a quarter of the server's CPU), and a waiting request costs no wake-up
 * of the others.
 *
 * A reload builds a whole new generation and swaps it in only when every copy
 * loaded; a worker takes the generation current when it takes a request.  A
 * replaced generation is kept until the pool is freed: plugins are shut down
 * in the reverse order of their loading (the plugin ABI's shutdown takes no
 * context, so vncal frees its newest instance), and freeing an old generation
 * while a newer one lives would free the newer one's plugin state.  Each
 * reload thus holds the memory of the rule sets it replaced until exit.
 */
#ifndef ADMIT_SERVE_POOL_H
#define ADMIT_SERVE_POOL_H

#include "alloc.h"
#include "cli_run.h"

struct serve_pool;

/* Load `workers` copies and start a thread for each.  Errors are printed
 * (cli_run_open); NULL then. */
struct serve_pool *serve_pool_new(const struct cli_options *opt, int workers);
void serve_pool_free(struct serve_pool *pool);

/* Work done on a worker with its copy of the current generation. */
typedef void serve_pool_fn(struct cli_run *run, void *arg);

/*
 * Run fn(run, arg) on the next free worker, in the calling thread's language
 * (i18n_lang), and return once it has returned; requests are served in the
 * order they are handed over.  Not after serve_pool_free has begun.
 */
void serve_pool_run(struct serve_pool *pool, serve_pool_fn *fn, void *arg);

/*
 * The arena (alloc.h) of the worker running the calling thread's job, NULL
 * on any other thread: a job may make one request's trees in it, begun
 * again by the next job on that worker, which must find none of them in use.
 * Released when the worker ends.
 */
struct alloc_arena *serve_pool_arena(void);

/* Read the profiles again, load a new generation and swap it in: 0, or -1
 * keeping the old one (the reason was printed). */
int serve_pool_reload(struct serve_pool *pool);

/* The current digest ("sha256:..."), copied into buf. */
void serve_pool_digest(struct serve_pool *pool, char *buf, size_t size);

#endif
