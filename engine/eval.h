/*
 * eval.h - evaluating one dossier against a loaded ruleset.
 *
 * Nothing is loaded or parsed here: the ruleset was built once, the dossier
 * was validated once.  Every rule of the ruleset gives exactly one entry of
 * the result, in catalog order; a rule that fails in any way gives an
 * `error` entry for itself only.
 */
#ifndef ADMIT_EVAL_H
#define ADMIT_EVAL_H

#include "dossier.h"
#include "i18n.h"
#include "result.h"
#include "ruleset.h"
#include "sandbox.h"

struct eval_options {
    admit_day as_of;         /* --as-of, or OUTCOME_NO_DAY */
    admit_day today;         /* the day of the run: the evaluation date by default */
    enum admit_lang lang;    /* language of the messages */
    struct sandbox_limits limits;
    const cJSON *params;     /* parameter values overriding the rulebook's for
                                this evaluation (admit test cases); NULL: none */
    int brief;               /* for a brief result only (report_json_brief, the
                                audit's lines, admit serve's answers with
                                full=false; check's text report without -v):
                                entries that pass or do not apply get no message
                                (NULL) and no facts, as that result prints none */
};

/* The evaluation date: --as-of, else the dossier's as_of, else today. */
admit_day eval_as_of(const struct dossier *d, const struct eval_options *opt);

/* ADMIT_EINPUT (path "as_of") when `as_of` is before candidate.birth_date:
 * nothing can be judged about someone not yet born. */
enum admit_status eval_check_as_of(const struct dossier *d, admit_day as_of,
                                   struct admit_error *err);

/*
 * The main anchor (rulebook.md, "Dates used by a run"): admission:
 * branch_vote.date; recognition: the first probation.branch_votes[].date;
 * else the evaluation date.
 */
admit_day eval_main_anchor(const struct dossier *d, admit_day as_of);

/*
 * Where the dossier stands (result.md, "Steps"): the index among `book`'s
 * steps of its procedure of the first step after the first whose event date
 * is absent or after `as_of` (a step whose skip_when is true is passed over);
 * -1 when every step has happened.
 */
int eval_next_step(const struct rulebook *book, const struct dossier *d, admit_day as_of);

/*
 * Evaluate `d`.  Returns ADMIT_OK and *out (caller frees with result_free);
 * ADMIT_EINPUT when no edition covers the main anchor (err says which date
 * and the earliest covered); ADMIT_ENOMEM.
 */
enum admit_status eval_dossier(struct ruleset *rs, const struct dossier *d,
                               const struct eval_options *opt, struct result **out,
                               struct admit_error *err);

/*
 * The citation of `rule` for an anchor on `day`: its cite_at's text when it
 * has a cite_at that gives one, written into buf (`size` bytes; NULL when the
 * text is not valid UTF-8 under `size` bytes, or cite_at fails); else its
 * citation for the edition in force, the rule's own string (not copied: valid
 * as long as `rs`).  NULL when the rule has no citation there (not encoded,
 * or before the first edition).  For `admit rules show`.
 */
const char *eval_rule_cite(struct ruleset *rs, const struct rule *rule, admit_day day,
                           char *buf, size_t size);

#endif
