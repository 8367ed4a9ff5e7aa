/*
 * fuzz_json.c - the strict JSON reader alone (jsontext.c): UTF-8, control
 * characters, \u0000, depth, duplicate keys, numbers, trailing text, and
 * that every refusal says why, and that
 * what is accepted prints as JSON that is accepted again.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "jsontext.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const struct jsontext_limits limits = {16, 64};
    static int hooked;
    cJSON *root = NULL;
    struct admit_error err;
    if (!hooked) {
        alloc_install_cjson_hooks();
        hooked = 1;
    }
    admit_error_clear(&err);
    if (jsontext_parse((const char *)data, size, "fuzz", &limits, &root, &err) == ADMIT_OK) {
        char *text = cJSON_PrintUnformatted(root);
        cJSON *again = NULL;
        /* What was accepted prints as JSON that is accepted again.  Not
         * compared: cJSON prints a double with 15 or 17 digits; and a number
         * within 1e-15 of DBL_MAX prints rounded beyond it (cJSON's check
         * compares inf with DBL_MAX as equal), which reads back as out of
         * range: refused, never misread. */
        if (text != NULL &&
            jsontext_parse(text, strlen(text), "again", &limits, &again, &err) != ADMIT_OK &&
            strstr(err.message, "out of range") == NULL &&
            strstr(err.message, "vượt quá giới hạn") == NULL) {
            fprintf(stderr, "accepted, printed as %s, refused: %s\n", text, err.message);
            abort();
        }
        cJSON_Delete(again);
        free(text);
        cJSON_Delete(root);
    } else if (err.message[0] == '\0') {
        abort();
    }
    return 0;
}
