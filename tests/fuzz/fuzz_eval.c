/*
 * fuzz_eval.c - the whole evaluation: a dossier through every rule, with
 * both plugins (vncal; registry on a small database), then both reports.
 * A rule may report `error`; the engine may not crash, leak or hang.
 */
#include <stdint.h>
#include <stdlib.h>

#include "dossier.h"
#include "eval.h"
#include "fuzz_common.h"
#include "report_json.h"
#include "report_text.h"
#include "strbuf.h"
#include "timeline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ruleset *rs = fuzz_ruleset();
    struct eval_options opt = fuzz_eval_options();
    struct dossier *d = NULL;
    struct result *r = NULL;
    struct timeline *t = NULL;
    struct admit_error err;
    admit_error_clear(&err);
    if (dossier_parse(ruleset_schema(rs), "fuzz", (const char *)data, size, &d, &err) != ADMIT_OK)
        return 0;
    admit_day as_of = eval_as_of(d, &opt);
    if (eval_dossier(rs, d, &opt, &r, &err) == ADMIT_OK) {
        static const char *const profile[] = {"central"};
        struct report_context ctx = {"fuzz", ruleset_digest(rs), profile, 1, ruleset_plugins(rs), NULL,
                                     NULL};
        cJSON *json = report_json(r, &ctx);
        char *text = json != NULL ? cJSON_PrintUnformatted(json) : NULL;
        free(text);
        cJSON_Delete(json);
        struct strbuf out;
        struct report_text_options topt = {1, 0, ADMIT_LANG_EN, NULL};
        strbuf_init(&out);
        report_text(&out, r, &topt);
        strbuf_release(&out);
    }
    if (eval_check_as_of(d, as_of, &err) == ADMIT_OK &&
        timeline_build(rs, d, as_of, &t, &err) == ADMIT_OK)
        timeline_free(t);
    result_free(r);
    dossier_free(d);
    return 0;
}
