/*
 * eval.c - one dossier through every rule.
 *
 * For each result line: decide whether the rule applies (procedure, the
 * edition of its anchor, whether that edition is encoded), call its check in
 * the sandbox, and turn the outcome into an entry with its citation and its
 * message in the user's language.
 */
#include "eval.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "lua_ctx.h"
#include "lua_dossier.h"
#include "plugin_lua.h"
#include "rule_error.h"

/* What the evaluation of one dossier shares between its rules. */
struct run {
    struct ruleset *rs;
    lua_State *L;
    struct lua_ctx *ctx;       /* L's */
    const struct dossier *d;
    const struct eval_options *opt;
    const char *procedure;
    admit_day as_of, main_anchor;
    int main_edition;
    int proxy;                 /* stack index of the dossier proxy */
    unsigned procedure_bit;    /* PROCEDURE_* */
    int next_step;             /* index of the first step not yet happened; -1: none */
    const char *unbalanced_after;   /* the slot that left the Lua stack unbalanced; NULL */
};

int eval_next_step(const struct rulebook *book, const struct dossier *d, admit_day as_of)
{
    unsigned procedure = d->recognition ? PROCEDURE_RECOGNITION : PROCEDURE_ADMISSION;
    for (size_t i = 1; i < rulebook_step_count(book, procedure); i++) {
        const struct step *step = rulebook_step(book, procedure, i);
        if (step->skip_when != NULL && cJSON_IsTrue(dossier_lookup(d, step->skip_when, NULL)))
            continue;   /* the step does not exist for this dossier */
        const cJSON *event = dossier_lookup(d, step->event, NULL);
        if (!dossier_node_is_date(event) || dossier_node_day(event) > as_of)
            return (int)i;
    }
    return -1;
}

/*
 * result.md, "Steps": a rule of the next step or a later one that reports
 * `missing` is waiting for its step, not short of evidence.  Done here, once
 * for every rule, rather than in each rule: a rule says what it lacks, the
 * evaluator knows where the dossier stands.  A deadline already passed was
 * reported `fail` by the rule and stays so.  The code stays the rule's (what
 * the rule said, for `admit test`); add_entry words it (message_code).  The
 * paths go: `missing` lists only evidence missing now.
 */
static void pending_if_not_yet(struct run *run, const struct ruleset_slot *slot,
                               struct outcome *out)
{
    if (out->status != RULE_MISSING || run->next_step < 0 ||
        rulebook_step_index(ruleset_book(run->rs), run->procedure_bit, slot->step) <
            run->next_step)
        return;
    out->status = RULE_PENDING;
    cJSON_Delete(out->missing);
    out->missing = NULL;
}

admit_day eval_as_of(const struct dossier *d, const struct eval_options *opt)
{
    if (opt->as_of != OUTCOME_NO_DAY)
        return opt->as_of;
    if (d->as_of != OUTCOME_NO_DAY)
        return d->as_of;
    return opt->today;
}

admit_day eval_main_anchor(const struct dossier *d, admit_day as_of)
{
    const char *path = d->recognition ? "probation.branch_votes[0].date" : "branch_vote.date";
    const cJSON *node = dossier_lookup(d, path, NULL);
    return dossier_node_is_date(node) ? dossier_node_day(node) : as_of;
}

/* The JSON path of the date the main anchor was taken from. */
static const char *main_anchor_path(const struct dossier *d, admit_day as_of)
{
    const char *path = d->recognition ? "probation.branch_votes[0].date" : "branch_vote.date";
    if (dossier_node_is_date(dossier_lookup(d, path, NULL)))
        return path;
    return d->as_of == as_of ? "as_of" : "";   /* --as-of or today: no path */
}

/* Call the function pushed below two arguments (proxy, ctx) or one (ctx). */
static int call_rule_fn(struct run *run, int ref, int with_dossier, char *errbuf, size_t size)
{
    lua_rawgeti(run->L, LUA_REGISTRYINDEX, ref);
    if (with_dossier)
        lua_pushvalue(run->L, run->proxy);
    lua_ctx_push(run->ctx);
    /* A rule's function reads the dossier and ctx and makes an outcome: it
     * may run twice (sandbox.h). */
    return sandbox_call_rerunnable(ruleset_sandbox(run->rs), with_dossier ? 2 : 1, 1,
                                   &run->opt->limits, errbuf, size);
}

/* The rule's anchor: its own function's date, else the main anchor. */
static int rule_anchor(struct run *run, const struct rule *rule, admit_day *anchor,
                       struct outcome *out)
{
    char msg[512];
    *anchor = run->main_anchor;
    if (rule == NULL || rule->anchor_ref == LUA_NOREF)
        return 0;
    if (call_rule_fn(run, rule->anchor_ref, 1, msg, sizeof msg) != 0) {
        outcome_set_error(out, "anchor: %s", msg);
        return -1;
    }
    int isint;
    lua_Integer v = lua_tointegerx(run->L, -1, &isint);
    if (isint && v > INT32_MIN && v < INT32_MAX)
        *anchor = (admit_day)v;
    else if (lua_isnil(run->L, -1))
        *anchor = run->as_of;   /* the anchoring event has not happened yet */
    else
        outcome_set_error(out, TR("anchor trả về %s, không phải một ngày",
                                  "anchor returned a %s, not a date"), luaL_typename(run->L, -1));
    lua_pop(run->L, 1);
    return out->status == RULE_ERROR ? -1 : 0;
}

/* The citation in force: cite_at(ctx) when it gives one, else cite[edition]. */
static const char *rule_cite(struct run *run, const struct rule *rule, int edition,
                             char *buf, size_t size, struct outcome *out)
{
    char msg[512];
    if (rule->cite_at_ref != LUA_NOREF) {
        if (call_rule_fn(run, rule->cite_at_ref, 0, msg, sizeof msg) != 0) {
            outcome_set_error(out, "cite_at: %s", msg);
            return NULL;
        }
        if (lua_type(run->L, -1) == LUA_TSTRING) {
            size_t len;
            const char *text = lua_tolstring(run->L, -1, &len);
            if (len >= size || strlen(text) != len || sandbox_utf8_invalid_at(text, len) != len) {
                lua_pop(run->L, 1);
                outcome_set_error(out, "cite_at: %s", TR("trích dẫn không phải UTF-8 hợp lệ dưới 512 byte",
                                                         "the citation is not valid UTF-8 under 512 bytes"));
                return NULL;
            }
            memcpy(buf, text, len + 1);   /* len < size, checked above */
            lua_pop(run->L, 1);
            return buf;
        }
        lua_pop(run->L, 1);
    }
    return rule->cite_by_edition[edition];
}

/* A brief result shows no message and no facts for an entry that passes or
 * does not apply (eval_options.brief). */
static int quiet(const struct run *run, enum rule_status status)
{
    return run->opt->brief && result_status_said_briefly(status);
}

struct facts_reader {
    const struct run *run;
    const struct rule *rule;
};

/* lua_ctx_facts_shown: not for a quiet outcome, which stays so (a code the
 * rule does not declare makes it an error, shown with its facts). */
static int facts_shown(void *arg, enum rule_status status, const char *code)
{
    const struct facts_reader *reader = arg;
    return !quiet(reader->run, status) || !rule_has_code(reader->rule, code);
}

/* Run the check of a Lua rule or of a plugin into `out`. */
static void run_check(struct run *run, const struct rule *rule, admit_day anchor, int edition,
                      struct outcome *out)
{
    char msg[512];
    struct plugin_call_env env = {run->as_of, anchor,
                                  rulebook_edition(ruleset_book(run->rs), (size_t)edition)->id,
                                  run->d};
    if (rule->plugin != NULL) {
        plugin_run_check(rule->plugin, &env, out);
        return;
    }
    plugin_lua_set_env(ruleset_plugin_env(run->rs), &env);   /* for plugins.NAME.FN calls */
    int failed = call_rule_fn(run, rule->check_ref, 1, msg, sizeof msg);
    plugin_lua_set_env(ruleset_plugin_env(run->rs), NULL);
    if (failed) {
        outcome_set_error(out, "%s", msg);
        return;
    }
    struct facts_reader reader = {run, rule};
    if (lua_ctx_read_outcome(run->ctx, -1, out, facts_shown, &reader, msg, sizeof msg) != 0)
        outcome_set_error(out, "%s", msg);
    lua_pop(run->L, 1);
}

/* What ctx shows a rule before its own anchor is known: the dossier's main
 * anchor and edition; `params` win over the rulebook's (NULL: none). */
static struct lua_ctx_fields main_fields(const struct run *run, const struct rule *rule,
                                         const cJSON *params)
{
    return (struct lua_ctx_fields){
        .rule = rule->id,
        .rule_ref = rule->id_ref,
        .procedure = run->procedure,
        .as_of = run->as_of,
        .main_anchor = run->main_anchor,
        .anchor = run->main_anchor,
        .edition = run->main_edition,
        .guidance_day = run->main_anchor,
        .params = params,
        .declared = rule->params,
        .declared_count = rule->param_count,
    };
}

/* Decide and evaluate one line; fills out, *edition and *cite, and, once
 * the rule's anchor is known, *anchored_on with *anchored set. */
static void decide_slot(struct run *run, const struct ruleset_slot *slot, struct outcome *out,
                        int *edition, const char **cite, char *cite_buf, size_t cite_size,
                        admit_day *anchored_on, int *anchored)
{
    const struct rule *rule = slot->rule;
    const struct rulebook *book = ruleset_book(run->rs);
    unsigned procedure = run->d->recognition ? PROCEDURE_RECOGNITION : PROCEDURE_ADMISSION;
    admit_day anchor = run->main_anchor;

    *edition = run->main_edition;
    *cite = NULL;
    if (rule == NULL) {
        outcome_set(out, RULE_WARN, "not_yet_encoded");
        return;
    }
    if (!(slot->procedures & procedure)) {
        outcome_set(out, RULE_NOT_APPLICABLE, "procedure");
        return;
    }
    struct lua_ctx_fields fields = main_fields(run, rule, run->opt->params);
    lua_ctx_set(run->ctx, &fields);
    if (rule_anchor(run, rule, &anchor, out) != 0)
        return;
    *anchored_on = anchor;
    *anchored = 1;
    if (rule->plugin != NULL)   /* its facts join this object: the date comes first */
        outcome_fact_date(out, "anchor_date", anchor);
    *edition = rulebook_edition_at(book, anchor);
    if (*edition < 0) {
        outcome_set(out, RULE_NOT_APPLICABLE, "before_editions");
        return;
    }
    if (anchor != fields.anchor) {   /* else the same fields: nothing to write */
        fields.anchor = fields.guidance_day = anchor;
        fields.edition = *edition;
        lua_ctx_set(run->ctx, &fields);
    }
    *cite = rule_cite(run, rule, *edition, cite_buf, cite_size, out);
    if (out->status == RULE_ERROR)
        return;
    if (*cite == NULL) {
        outcome_set(out, rule->unencoded_warn ? RULE_WARN : RULE_NOT_APPLICABLE,
                    rule->unencoded_warn ? "not_encoded_warn" : "not_encoded");
        return;
    }
    run_check(run, rule, anchor, *edition, out);
    if (out->status == RULE_ERROR)
        return;
    if (!rule_has_code(rule, out->code)) {
        outcome_set_error(out, TR("hàm check trả về mã thông điệp \"%s\", mã này không có trong "
                                  "codes của quy tắc",
                                  "the check gave message code \"%s\", which the rule does not "
                                  "declare in its codes"), out->code);
        return;
    }
    if (!quiet(run, out->status) && !cJSON_HasObjectItem(out->facts, "anchor_date"))
        outcome_fact_date(out, "anchor_date", anchor);
    pending_if_not_yet(run, slot, out);
}

/*
 * Decide and evaluate one line (decide_slot), `out` fresh from
 * outcome_init.  An outcome whose facts the Lua rule did not give (it gave
 * none, or the line ended before its check: no edition, no citation, an
 * error) has the anchor's date as its one fact.  It is added once the
 * outcome is known, where the facts will be shown: added before the rule
 * ran, as it was, it was made and freed for every line of a brief result,
 * where most lines show no facts.  An outcome starts without facts: one
 * that has some here was given them (by the Lua rule, a plugin, or
 * decide_slot's date) and keeps them as they are.
 */
static void evaluate_slot(struct run *run, const struct ruleset_slot *slot, struct outcome *out,
                          int *edition, const char **cite, char *cite_buf, size_t cite_size)
{
    admit_day anchor = 0;
    int anchored = 0;
    decide_slot(run, slot, out, edition, cite, cite_buf, cite_size, &anchor, &anchored);
    if (anchored && out->facts == NULL && !quiet(run, out->status))
        outcome_fact_date(out, "anchor_date", anchor);
}

/*
 * The message code of an outcome: its own, except that a `pending` outcome
 * with the generic code "missing" is worded "pending.<procedure>.<step>",
 * whose text says what is awaited ("<rule>.pending..." when the rule has its
 * own).  A code a rule wrote for the wait (decision.deadline's "not_yet",
 * with its due date) keeps its own text.
 */
static const char *message_code(const struct run *run, const struct ruleset_slot *slot,
                                const struct outcome *out, char *buf, size_t size)
{
    if (out->status != RULE_PENDING || strcmp(out->code, "missing") != 0)
        return out->code;
    snprintf(buf, size, "pending.%s.%s", run->procedure, slot->step);
    return buf;
}

/* Add the entry for one line: message rendered, error text translated. */
static int add_entry(struct run *run, struct result *r, const struct ruleset_slot *slot,
                     struct outcome *out, int edition, const char *cite)
{
    const struct rulebook *book = ruleset_book(run->rs);
    const char *edition_id = edition >= 0 ? rulebook_edition(book, (size_t)edition)->id : NULL;
    if (out->error != NULL && rule_error_reword(slot->id, &out->error) != 0)
        return -1;   /* a Lua position becomes the rule's id (rule_error.h) */
    if (quiet(run, out->status))
        return result_add(r, slot->id, slot->severity, edition_id, cite, NULL, out);
    static const cJSON no_paths = {.type = cJSON_Array};   /* {missing} with none: "" */
    struct message_vars vars = {slot->id,
                                edition_id,
                                run->procedure,
                                out->missing != NULL ? out->missing : &no_paths,
                                out->error,
                                ruleset_messages(run->rs)};
    char code[OUTCOME_CODE_MAX];
    const char *text = messages_for_rule(ruleset_messages(run->rs), slot->id,
                                         message_code(run, slot, out, code, sizeof code),
                                         run->opt->lang);
    char *message = text != NULL ? messages_render(text, run->opt->lang, out->facts, &vars)
                                 : strdup(out->error ? out->error : out->code);
    if (message == NULL)
        return -1;
    return result_add(r, slot->id, slot->severity, edition_id, cite, message, out);
}

/* Protected part: push the proxy and run every line. */
static int evaluate_all(lua_State *L)
{
    struct run *run = lua_touserdata(L, 1);
    struct result *r = lua_touserdata(L, 2);
    lua_dossier_push(L, run->d->root);
    run->proxy = lua_gettop(L);
    for (size_t i = 0; i < ruleset_slot_count(run->rs); i++) {
        const struct ruleset_slot *slot = ruleset_slot(run->rs, i);
        struct outcome out;
        char cite_buf[512];
        const char *cite;
        int edition;
        outcome_init(&out);
        evaluate_slot(run, slot, &out, &edition, &cite, cite_buf, sizeof cite_buf);
        int failed = add_entry(run, r, slot, &out, edition, cite);
        outcome_release(&out);
        if (failed)
            return luaL_error(L, "out of memory");
        /* Every call of a rule's function pops its result: the proxy is on
         * top again.  A slot too many or too few would go unseen (the
         * protected call drops the stack on return) while it piles up over
         * the slots, or leaves the next rule a wrong dossier; checked here so
         * that a wrong pop is an error, not luck. */
        if (lua_gettop(L) != run->proxy) {
            run->unbalanced_after = slot->id;
            return luaL_error(L, "internal error: the Lua stack is unbalanced after rule %s",
                              slot->id);
        }
    }
    lua_pop(L, 1);   /* the proxy */
    return 0;
}

enum admit_status eval_check_as_of(const struct dossier *d, admit_day as_of,
                                   struct admit_error *err)
{
    const cJSON *birth = dossier_lookup(d, "candidate.birth_date", NULL);
    char a[DATE_TEXT_SIZE], b[DATE_TEXT_SIZE];
    if (!dossier_node_is_date(birth) || as_of >= dossier_node_day(birth))
        return ADMIT_OK;
    return admit_error_set(err, ADMIT_EINPUT, d->source, "as_of",
                           TR("ngày đánh giá %s trước ngày sinh của người xin vào Đảng (%s): "
                              "cần một ngày từ ngày sinh trở đi",
                              "the evaluation date %s is before the candidate's birth (%s): "
                              "expected a date on or after the birth date"),
                           date_format_iso(as_of, a), date_format_iso(dossier_node_day(birth), b));
}

enum admit_status eval_dossier(struct ruleset *rs, const struct dossier *d,
                               const struct eval_options *opt, struct result **out,
                               struct admit_error *err)
{
    const struct rulebook *book = ruleset_book(rs);
    struct run run = {rs, sandbox_state(ruleset_sandbox(rs)), ruleset_ctx(rs), d, opt,
                      d->recognition ? "recognition" : "admission", 0, 0, 0, 0, 0, -1, NULL};
    char text[DATE_TEXT_SIZE], first[DATE_TEXT_SIZE], msg[512];
    struct result *r = NULL;

    *out = NULL;
    run.as_of = eval_as_of(d, opt);
    if (eval_check_as_of(d, run.as_of, err) != ADMIT_OK)
        return ADMIT_EINPUT;
    run.procedure_bit = d->recognition ? PROCEDURE_RECOGNITION : PROCEDURE_ADMISSION;
    run.next_step = eval_next_step(book, d, run.as_of);
    run.main_anchor = eval_main_anchor(d, run.as_of);
    run.main_edition = rulebook_edition_at(book, run.main_anchor);
    if (run.main_edition < 0)
        return admit_error_set(err, ADMIT_EINPUT, d->source, main_anchor_path(d, run.as_of),
                               TR("không có phiên bản quy định nào áp dụng cho ngày %s; "
                                  "sớm nhất là %s",
                                  "no edition covers %s; the earliest is %s"),
                               date_format_iso(run.main_anchor, text),
                               date_format_iso(rulebook_edition(book, 0)->from, first));
    r = result_new(d->source);
    if (r == NULL || (r->dossier = strdup(d->id)) == NULL ||
        (r->procedure = strdup(run.procedure)) == NULL) {
        result_free(r);
        return admit_error_set(err, ADMIT_ENOMEM, d->source, NULL, "out of memory");
    }
    r->as_of = run.as_of;
    if (run.next_step >= 0 &&
        result_set_next_step(r, rulebook_step(book, run.procedure_bit,
                                              (size_t)run.next_step)->id) != 0) {
        result_free(r);
        return admit_error_set(err, ADMIT_ENOMEM, d->source, NULL, "out of memory");
    }
    plugin_lua_set_env(ruleset_plugin_env(rs), NULL);
    lua_pushcfunction(run.L, evaluate_all);
    lua_pushlightuserdata(run.L, &run);
    lua_pushlightuserdata(run.L, r);
    /* The rules' own limits apply inside; this outer call needs none of its own. */
    struct sandbox_limits outer = {LONG_MAX, (size_t)512 << 20, 0};
    if (sandbox_call(ruleset_sandbox(rs), 2, 0, &outer, msg, sizeof msg) != 0) {
        result_free(r);
        enum admit_status status = run.unbalanced_after != NULL ? ADMIT_EINTERNAL : ADMIT_ENOMEM;
        return admit_error_set(err, status, d->source, NULL, "%s", msg);
    }
    result_finish(r);
    *out = r;
    return ADMIT_OK;
}

/* Protected part of eval_rule_cite: ctx fields, then the citation, pushed
 * as a light userdata (NULL: none; rule_cite gives NULL for every error). */
static int cite_protected(lua_State *L)
{
    struct run *run = lua_touserdata(L, 1);
    const struct rule *rule = lua_touserdata(L, 2);
    char *buf = lua_touserdata(L, 3);
    size_t size = (size_t)lua_tointeger(L, 4);
    struct outcome out;
    struct lua_ctx_fields fields = main_fields(run, rule, NULL);
    outcome_init(&out);
    lua_ctx_set(run->ctx, &fields);
    lua_pushlightuserdata(L, (void *)rule_cite(run, rule, run->main_edition, buf, size, &out));
    outcome_release(&out);
    return 1;
}

const char *eval_rule_cite(struct ruleset *rs, const struct rule *rule, admit_day day,
                           char *buf, size_t size)
{
    struct eval_options opt = {day, day, i18n_lang(), sandbox_default_limits, NULL, 0};
    struct run run = {rs, sandbox_state(ruleset_sandbox(rs)), ruleset_ctx(rs), NULL, &opt,
                      rule->procedures & PROCEDURE_ADMISSION ? "admission" : "recognition",
                      day, day, rulebook_edition_at(ruleset_book(rs), day), 0, 0, -1, NULL};
    char msg[256];
    /* No cite_at (a plugin's rule has none): the edition's entry, without Lua. */
    if (run.main_edition < 0 || rule->cite_at_ref == LUA_NOREF)
        return run.main_edition < 0 ? NULL : rule->cite_by_edition[run.main_edition];
    lua_pushcfunction(run.L, cite_protected);
    lua_pushlightuserdata(run.L, &run);
    lua_pushlightuserdata(run.L, (void *)rule);
    lua_pushlightuserdata(run.L, buf);
    lua_pushinteger(run.L, (lua_Integer)size);
    if (sandbox_call(ruleset_sandbox(rs), 4, 1, &sandbox_default_limits, msg, sizeof msg) != 0)
        return NULL;
    const char *cite = lua_touserdata(run.L, -1);
    lua_pop(run.L, 1);   /* the citation's pointer */
    return cite;
}
