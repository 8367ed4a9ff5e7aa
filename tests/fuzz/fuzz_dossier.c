/*
 * fuzz_dossier.c - the dossier reader and validator: bytes through
 * jsontext (strict JSON) and schema.c (draft-07 against
 * schemas/dossier.schema.json) into a struct dossier, then every path lookup
 * plugins use.  Anything may be refused; nothing may crash or leak.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "dossier.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const struct schema *schema = ruleset_schema(fuzz_ruleset());
    struct dossier *d = NULL;
    struct admit_error err;
    admit_error_clear(&err);
    if (dossier_parse(schema, "fuzz", (const char *)data, size, &d, &err) == ADMIT_OK) {
        static const char *const paths[] = {"candidate.birth_date", "branch_vote.date",
                                            "introducers[0].member_id", "probation.branch_votes[0].date",
                                            "opinions[1].date", "as_of", "x[", "a..b", "[0]"};
        for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
            int malformed = 0;
            const cJSON *node = dossier_lookup(d, paths[i], &malformed);
            if (dossier_node_is_date(node))
                (void)dossier_node_day(node);
        }
    } else if (err.message[0] == '\0') {
        abort();   /* a refusal must say why */
    }
    dossier_free(d);
    return 0;
}
