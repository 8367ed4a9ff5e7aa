/*
 * fuzz_coverage.c - the coverage-state file of admit test --coverage-state:
 * merged into a run's counts, then written back and summarised.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "paths.h"
#include "ruletest.h"
#include "strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct admit_paths defaults;
    struct admit_error err;
    struct ruletest *rt = NULL;
    struct eval_options opt = fuzz_eval_options();
    char schema[1200];
    paths_default(&defaults);
    snprintf(schema, sizeof schema, "%s/rule-test.schema.json", defaults.schemas);
    admit_error_clear(&err);
    /* a fresh run each time: counts add up across merges */
    if (ruletest_new(fuzz_ruleset(), &opt, schema, &rt, &err) != ADMIT_OK)
        abort();
    /* The state of another rulebook is ignored as stale, and a SHA-256 is
     * beyond guessing: the seeds write "@DIGEST@" for this rulebook's. */
    const char *digest = ruleset_digest(fuzz_ruleset());
    size_t dlen = strlen(digest), cap = size + 1, n = 0;
    for (size_t i = 0; i + 8 <= size; i++)
        cap += memcmp(data + i, "@DIGEST@", 8) == 0 ? dlen : 0;
    uint8_t *text = malloc(cap);
    if (text == NULL)
        return 0;
    for (size_t i = 0; i < size;) {
        if (i + 8 <= size && memcmp(data + i, "@DIGEST@", 8) == 0) {
            memcpy(text + n, digest, dlen);
            n += dlen;
            i += 8;
        } else {
            text[n++] = data[i++];
        }
    }
    const char *path = fuzz_write_file(text, n, "state.json");
    free(text);
    if (ruletest_merge_state(rt, path, &err) == ADMIT_OK) {
        struct strbuf report;
        strbuf_init(&report);
        (void)ruletest_summary(rt, &report);
        strbuf_release(&report);
        (void)ruletest_save_state(rt, path, &err);
    }
    remove(path);
    ruletest_free(rt);
    return 0;
}
