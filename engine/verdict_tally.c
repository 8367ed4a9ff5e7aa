/* verdict_tally.c - counting verdicts over several dossiers. */
#include "verdict_tally.h"

#include <string.h>

#include "report_words.h"

void verdict_tally_init(struct verdict_tally *t)
{
    memset(t, 0, sizeof *t);
}

void verdict_tally_add(struct verdict_tally *t, const struct result *r)
{
    t->total++;
    if (r->input_error) {
        t->input_errors++;
        return;
    }
    const char *name = verdict_name(r->verdict);
    for (size_t i = 0; i < t->kinds; i++) {
        if (strcmp(t->names[i], name) == 0) {
            t->counts[i]++;
            return;
        }
    }
    if (t->kinds < VERDICT_TALLY_MAX) {
        t->names[t->kinds] = name;
        t->counts[t->kinds++] = 1;
    }
}

/* The words for a verdict; a verdict not listed shows by its name. */
static const char *verdict_words(const char *name, enum admit_lang lang)
{
    const char *words = report_words_verdict_counted(name, lang);
    return words != NULL ? words : name;
}

void verdict_tally_text(const struct verdict_tally *t, enum admit_lang lang, struct strbuf *out)
{
    int en = lang == ADMIT_LANG_EN;
    strbuf_addf(out, en ? "%zu dossiers:" : "%zu hồ sơ:", t->total);
    for (size_t i = 0; i < t->kinds; i++)
        strbuf_addf(out, "%s %zu %s", i > 0 ? "," : "", t->counts[i],
                    verdict_words(t->names[i], lang));
    if (t->input_errors > 0)
        strbuf_addf(out, "%s %zu %s", t->kinds > 0 ? "," : "", t->input_errors,
                    en ? "invalid input" : "dữ liệu sai");
}
