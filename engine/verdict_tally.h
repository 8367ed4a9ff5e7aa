/*
 * verdict_tally.h - how many dossiers got each verdict, for the closing line
 * of `admit check` with several files ("3 hồ sơ: 1 đủ điều kiện, ...").
 *
 * Verdicts are counted by name (verdict_name), in the order they first
 * appear, so that a verdict added to result.h is counted without a change
 * here; inputs that could not be evaluated are counted apart.
 */
#ifndef ADMIT_VERDICT_TALLY_H
#define ADMIT_VERDICT_TALLY_H

#include <stddef.h>

#include "i18n.h"
#include "result.h"
#include "strbuf.h"

#define VERDICT_TALLY_MAX 16

struct verdict_tally {
    size_t total;
    size_t input_errors;
    size_t kinds;
    const char *names[VERDICT_TALLY_MAX];   /* static strings from verdict_name */
    size_t counts[VERDICT_TALLY_MAX];
};

void verdict_tally_init(struct verdict_tally *t);

/* Count one result. */
void verdict_tally_add(struct verdict_tally *t, const struct result *r);

/* Append "N hồ sơ: a đủ điều kiện, b ..." (no newline) in `lang`. */
void verdict_tally_text(const struct verdict_tally *t, enum admit_lang lang, struct strbuf *out);

#endif
