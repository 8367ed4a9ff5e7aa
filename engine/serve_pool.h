/*
 * serve_pool.h - the rule sets `admit serve` evaluates with.
 *
 * A generation is the loaded rule set once per worker: a ruleset holds one
 * Lua state and is used by one thread at a time (ruleset.h), so each of the
 * N workers gets its own copy, made at start (or at SIGHUP), never per
 * request: the first worker's loads the rule set, the others are built from
 * it (cli_run_copy), sharing its rulebook, messages and schema.  A copy is a cli_run: the central rulebook or --profile's chain,
 * and every committee profile's chain, all loaded at once (eager), so that
 * a request never loads anything.  A request checks one copy out, waiting while all N are busy, and
 * gives it back.  A reload builds a whole new generation and swaps it in only
 * when every copy loaded.  A replaced generation is kept until the pool is
 * freed: plugins are shut down in the reverse order of their loading (the
 * plugin ABI's shutdown takes no context, so vncal frees its newest
 * instance), and freeing an old generation while a newer one lives would
 * free the newer one's plugin state.  Each reload thus holds the memory of
 * the rule sets it replaced until exit.
 */
#ifndef ADMIT_SERVE_POOL_H
#define ADMIT_SERVE_POOL_H

#include "cli_run.h"

struct serve_pool;
struct serve_generation;

/* Load `workers` copies.  Errors are printed (cli_run_open); NULL then. */
struct serve_pool *serve_pool_new(const struct cli_options *opt, int workers);
void serve_pool_free(struct serve_pool *pool);

/* Check a run out of the current generation (waits for a free one). */
struct cli_run *serve_pool_acquire(struct serve_pool *pool, struct serve_generation **gen);
void serve_pool_release(struct serve_pool *pool, struct serve_generation *gen, struct cli_run *run);

/* Read the profiles again, load a new generation and swap it in: 0, or -1
 * keeping the old one (the reason was printed). */
int serve_pool_reload(struct serve_pool *pool);

/* The current digest ("sha256:..."), copied into buf. */
void serve_pool_digest(struct serve_pool *pool, char *buf, size_t size);

#endif
