/*
 * fuzz_ruletest.c - rule test files (admit test): the file's schema, its
 * base, merge patches, params, the comparisons and the coverage counts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_common.h"
#include "paths.h"
#include "ruletest.h"
#include "strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct ruletest *tester(void)
{
    static struct ruletest *rt;
    if (rt == NULL) {
        struct admit_paths defaults;
        struct admit_error err;
        char schema[1200];
        struct eval_options opt = fuzz_eval_options();
        paths_default(&defaults);
        snprintf(schema, sizeof schema, "%s/rule-test.schema.json", defaults.schemas);
        admit_error_clear(&err);
        if (ruletest_new(fuzz_ruleset(), &opt, schema, &rt, &err) != ADMIT_OK)
            abort();
    }
    return rt;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ruletest *rt = tester();
    const char *path = fuzz_write_file(data, size, "case.json");
    struct strbuf report;
    struct admit_error err;
    strbuf_init(&report);
    admit_error_clear(&err);
    (void)ruletest_run_file(rt, path, &report, &err);
    strbuf_release(&report);
    remove(path);
    return 0;
}
