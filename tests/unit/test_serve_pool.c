/*
 * test_serve_pool.c - the threads admit serve evaluates on (engine/serve_pool.c):
 * work handed over runs on a worker thread, never the caller's; each copy of
 * the rule sets is only ever used by one thread, the same one after a
 * reload's new generation; the caller's language goes with the work; each
 * worker has an arena of its own, which no other thread sees; many callers
 * at once are all served.
 *
 * The pool loads rule sets as admit does, with the schemas found beside the
 * running binary (paths.c: BIN/../schemas).  This test therefore runs from a
 * copy of itself in a scratch tree laid out like the source tree: bin/ (the
 * copy, and plugins/ -> the build's), rules/ and schemas/ -> the source's.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli.h"
#include "i18n.h"
#include "serve_pool.h"
#include "support.h"

enum { WORKERS = 3, CALLERS = 6, JOBS_PER_CALLER = 40, SEEN_MAX = 64 };

/* Which thread used which copy: (run, thread) pairs, each copy once. */
struct seen {
    pthread_mutex_t lock;
    struct {
        const struct cli_run *run;
        pthread_t thread;
        const struct alloc_arena *arena;
    } pairs[SEEN_MAX];
    size_t count;
    int copy_on_two_threads;
    int arena_of_two_workers;   /* a copy seen with two arenas */
};

struct job {
    struct seen *seen;
    pthread_t caller;
    const struct cli_run *run;
    pthread_t thread;
    enum admit_lang lang;
    const struct alloc_arena *arena;   /* serve_pool_arena on the worker */
};

static void note(struct cli_run *run, void *arg)
{
    struct job *job = arg;
    job->run = run;
    job->thread = pthread_self();
    job->lang = i18n_lang();
    job->arena = serve_pool_arena();
    struct seen *seen = job->seen;
    pthread_mutex_lock(&seen->lock);
    size_t i = 0;
    while (i < seen->count && seen->pairs[i].run != run)
        i++;
    if (i == seen->count && seen->count < SEEN_MAX) {
        seen->pairs[i].run = run;
        seen->pairs[i].thread = job->thread;
        seen->pairs[i].arena = job->arena;
        seen->count++;
    } else if (i < seen->count) {
        seen->copy_on_two_threads |= !pthread_equal(seen->pairs[i].thread, job->thread);
        seen->arena_of_two_workers |= seen->pairs[i].arena != job->arena;
    }
    pthread_mutex_unlock(&seen->lock);
}

static struct cli_options options(void)
{
    struct cli_options opt;
    memset(&opt, 0, sizeof opt);   /* rules and plugins: the tree's, beside the binary */
    opt.as_of = OUTCOME_NO_DAY;
    return opt;
}

/* Hand one job over from this thread, in `lang`: 1 when it ran on another
 * thread, with a copy and an arena, in that language. */
static int handed_over(struct serve_pool *pool, struct seen *seen, enum admit_lang lang)
{
    struct job job = {seen, pthread_self(), NULL, pthread_self(), (enum admit_lang)-1, NULL};
    i18n_set_thread_lang((int)lang);
    serve_pool_run(pool, note, &job);
    i18n_set_thread_lang(-1);
    return job.run != NULL && !pthread_equal(job.thread, job.caller) && job.lang == lang &&
           job.arena != NULL;
}

static void test_on_worker_threads_in_the_callers_language(void **state)
{
    (void)state;
    struct cli_options opt = options();
    struct serve_pool *pool = serve_pool_new(&opt, WORKERS);
    assert_non_null(pool);
    struct seen seen = {PTHREAD_MUTEX_INITIALIZER, {{0}}, 0, 0, 0};
    for (int i = 0; i < 20; i++)
        assert_true(handed_over(pool, &seen, i % 2 ? ADMIT_LANG_EN : ADMIT_LANG_VI));
    assert_false(seen.copy_on_two_threads);
    assert_true(seen.count >= 1 && seen.count <= WORKERS);
    /* each worker's own arena, and none for the thread that handed over */
    assert_false(seen.arena_of_two_workers);
    for (size_t i = 0; i < seen.count; i++)
        for (size_t j = i + 1; j < seen.count; j++)
            assert_ptr_not_equal(seen.pairs[i].arena, seen.pairs[j].arena);
    assert_null(serve_pool_arena());
    serve_pool_free(pool);
}

struct caller {
    struct serve_pool *pool;
    struct seen *seen;
    int index, failures;
};

static void *call_many(void *arg)
{
    struct caller *c = arg;
    enum admit_lang lang = c->index % 2 ? ADMIT_LANG_EN : ADMIT_LANG_VI;
    for (int i = 0; i < JOBS_PER_CALLER; i++)
        if (!handed_over(c->pool, c->seen, lang))
            c->failures++;
    return NULL;
}

/* Callers at once, more than the workers: every job served, each copy on
 * one thread; after a reload, the new copies also each on one thread. */
static void test_many_callers_and_a_reload(void **state)
{
    (void)state;
    struct cli_options opt = options();
    struct serve_pool *pool = serve_pool_new(&opt, WORKERS);
    assert_non_null(pool);
    struct seen seen = {PTHREAD_MUTEX_INITIALIZER, {{0}}, 0, 0, 0};
    for (int round = 0; round < 2; round++) {
        pthread_t threads[CALLERS];
        struct caller callers[CALLERS];
        for (int i = 0; i < CALLERS; i++) {
            callers[i] = (struct caller){pool, &seen, i, 0};
            assert_int_equal(pthread_create(&threads[i], NULL, call_many, &callers[i]), 0);
        }
        for (int i = 0; i < CALLERS; i++) {
            pthread_join(threads[i], NULL);
            assert_int_equal(callers[i].failures, 0);
        }
        if (round == 0) {
            size_t before = seen.count;
            assert_int_equal(serve_pool_reload(pool), 0);
            assert_true(handed_over(pool, &seen, ADMIT_LANG_EN));
            assert_true(seen.count > before);   /* a copy of the new generation */
        }
    }
    assert_false(seen.copy_on_two_threads);
    assert_true(seen.count <= 2 * WORKERS);
    serve_pool_free(pool);
}

/* `dir`/`name` -> `target`, made absolute from the current directory. */
static int link_to(const char *dir, const char *name, const char *target)
{
    char cwd[1024], from[1100], to[2200];
    if (getcwd(cwd, sizeof cwd) == NULL)
        return -1;
    snprintf(from, sizeof from, "%s/%s", dir, name);
    if (target[0] == '/')
        snprintf(to, sizeof to, "%s", target);
    else
        snprintf(to, sizeof to, "%s/%s", cwd, target);
    return symlink(to, from);
}

/* Copy the executable `src` to `dst`: 0, or -1 (no cmocka assertion: this
 * runs before the tests). */
static int copy_executable(const char *src, const char *dst)
{
    char buf[65536];
    int in = open(src, O_RDONLY), out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0755);
    ssize_t n = 0;
    while (in >= 0 && out >= 0 && (n = read(in, buf, sizeof buf)) > 0)
        if (write(out, buf, (size_t)n) != n)
            n = -1;
    int ok = in >= 0 && out >= 0 && n == 0;
    if (in >= 0)
        close(in);
    if (out >= 0 && close(out) != 0)
        ok = 0;
    return ok ? 0 : -1;
}

/* Lay out the scratch tree, copy this binary into it and run the copy
 * (argv0: this binary); returns only on failure. */
static int run_in_tree(const char *self, char *tree, size_t size)
{
    char bin[1100], copy[1200], plugins[1100];
    if (support_temp_dir(tree, size, "serve-pool") != 0)
        return -1;
    snprintf(bin, sizeof bin, "%s/bin", tree);
    snprintf(copy, sizeof copy, "%s/test_serve_pool", bin);
    snprintf(plugins, sizeof plugins, "%s/plugins", support_build_dir());
    if (mkdir(bin, 0755) != 0 || link_to(tree, "rules", "rules") != 0 ||
        link_to(tree, "schemas", "schemas") != 0 || link_to(bin, "plugins", plugins) != 0 ||
        copy_executable(self, copy) != 0)
        return -1;
    setenv("ADMIT_SERVE_POOL_TREE", tree, 1);
    execl(copy, copy, (char *)NULL);
    return -1;
}

int main(int argc, char **argv)
{
    (void)argc;
    const char *tree = getenv("ADMIT_SERVE_POOL_TREE");
    if (tree == NULL) {
        char scratch[512];
        run_in_tree("/proc/self/exe", scratch, sizeof scratch);
        fprintf(stderr, "%s: cannot run from a scratch tree\n", argv[0]);
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_on_worker_threads_in_the_callers_language),
        cmocka_unit_test(test_many_callers_and_a_reload),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    support_remove_tree(tree);
    return failed;
}
