/*
 * rule_bytecode.c - finding a rule file's build-time bytecode by its text.
 */
#include "rule_bytecode.h"

#include <string.h>

const struct rule_bytecode *rule_bytecode_find(const char *chunkname, const char *text, size_t len)
{
    for (size_t i = 0; i < rule_bytecode_count; i++) {
        const struct rule_bytecode *e = &rule_bytecode_table[i];
        if (e->text_len == len && strcmp(e->chunkname, chunkname) == 0 &&
            memcmp(e->text, text, len) == 0)
            return e;
    }
    return NULL;
}
