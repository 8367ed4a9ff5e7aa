/*
 * test_eval.c - evaluating dossiers against the real rulebook (engine/eval.c).
 *
 * The ruleset is loaded once (rules/, schemas/, and the plugins of the build
 * under test when tests/run.sh names it in ADMIT_BUILD) for the group;
 * each test parses the dossiers it needs from examples/.  What is proven:
 * one entry per result line in catalog order, the facts of one rule, the
 * verdict, reproducibility (the same dossier twice gives the same JSON), the
 * error for a main anchor before every edition, not_applicable for another
 * procedure's rules, the precedence of the evaluation date, the main anchor
 * of both procedures, and that the JSON result validates against
 * schemas/result.schema.json.
 *
 * Run from the repository root (paths rules/, schemas/, examples/).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <cjson/cJSON.h>
#include <lua.h>

#include "alloc.h"
#include "date.h"
#include "dossier.h"
#include "eval.h"
#include "i18n.h"
#include "input.h"
#include "json_print.h"
#include "plugin.h"
#include "report_json.h"
#include "result.h"
#include "ruleset.h"
#include "sandbox.h"
#include "schema.h"
#include "status.h"
#include "strbuf.h"
#include "support.h"

#define ADMISSION "examples/admission-2023.json"
#define RECOGNITION "examples/recognition-2024.json"
#define RESULT_SCHEMA "schemas/result.schema.json"

struct fixture {
    struct ruleset *rs;
    struct eval_options opt;
};

/* ------------------------------------------------------------------------ helpers */

/*
 * A strbuf that runs out of memory, on demand.  The link wraps strbuf_detach
 * (Makefile, TEST_LIBS_eval: -Wl,--wrap=strbuf_detach), so that the engine's
 * calls come here: each is counted in detach_calls, and the call numbered
 * fail_detach_at (from 1; 0: none) gives what a strbuf whose growth failed
 * gives (strbuf.h): NULL, with the failure noted.  The names are the
 * linker's.
 */
static unsigned detach_calls, fail_detach_at;

char *__real_strbuf_detach(struct strbuf *sb);
char *__wrap_strbuf_detach(struct strbuf *sb);

char *__wrap_strbuf_detach(struct strbuf *sb)
{
    char *s = __real_strbuf_detach(sb);
    if (++detach_calls != fail_detach_at)
        return s;
    free(s);
    alloc_note_failure();
    return NULL;
}

#define assert_admit_ok(call, err)                                                             \
    do {                                                                                       \
        enum admit_status status_ = (call);                                                    \
        if (status_ != ADMIT_OK)                                                               \
            support_print_error("engine error", err);                                          \
        assert_int_equal(status_, ADMIT_OK);                                                   \
    } while (0)

static admit_day day(const char *text)
{
    admit_day d;
    assert_int_equal(date_parse(text, strlen(text), &d), 0);
    return d;
}

/* Read and parse a JSON file; fails the test when it cannot. */
static cJSON *read_json(const char *path)
{
    struct admit_error err;
    char *text = NULL;
    size_t len = 0;
    assert_admit_ok(input_read(path, DOSSIER_MAX_BYTES, &text, &len, &err), &err);
    cJSON *doc = cJSON_ParseWithLength(text, len);
    free(text);
    if (doc == NULL)
        print_error("%s is not JSON\n", path);
    assert_non_null(doc);
    return doc;
}

/* Parse and validate `doc` (not consumed) as a dossier named `source`. */
static struct dossier *parse_doc(const struct fixture *f, const cJSON *doc, const char *source)
{
    struct admit_error err;
    struct dossier *d = NULL;
    char *text = cJSON_PrintUnformatted(doc);
    assert_non_null(text);
    assert_admit_ok(dossier_parse(ruleset_schema(f->rs), source, text, strlen(text), &d, &err),
                    &err);
    free(text);
    return d;
}

static struct dossier *load_dossier(const struct fixture *f, const char *path)
{
    cJSON *doc = read_json(path);
    struct dossier *d = parse_doc(f, doc, path);
    cJSON_Delete(doc);
    return d;
}

static struct result *evaluate(struct fixture *f, const struct dossier *d)
{
    struct admit_error err;
    struct result *r = NULL;
    assert_admit_ok(eval_dossier(f->rs, d, &f->opt, &r, &err), &err);
    assert_non_null(r);
    return r;
}

static const struct result_entry *entry_of(const struct result *r, const char *rule)
{
    for (size_t i = 0; i < r->count; i++)
        if (strcmp(r->entries[i].rule, rule) == 0)
            return &r->entries[i];
    print_error("no entry for %s\n", rule);
    fail();
    return NULL;
}

/* Print the entries that are not `pass`, to explain a verdict. */
static void print_not_passed(const struct result *r)
{
    for (size_t i = 0; i < r->count; i++)
        if (r->entries[i].status != RULE_PASS)
            print_message("  %s: %s (%s): %s\n", r->entries[i].rule,
                          rule_status_name(r->entries[i].status), r->entries[i].code,
                          r->entries[i].message);
}

/* The result as compact JSON, with a fixed report context. */
static char *result_text(struct fixture *f, const struct result *r)
{
    struct report_context ctx = {"admit test", ruleset_digest(f->rs), NULL, 0,
                                 ruleset_plugins(f->rs), NULL, NULL};
    cJSON *obj = report_json(r, &ctx);
    assert_non_null(obj);
    char *text = cJSON_PrintUnformatted(obj);
    cJSON_Delete(obj);
    assert_non_null(text);
    return text;
}

static int group_setup(void **state)
{
    /* Some rules count working days with the vncal plugin: use the build's
     * plugins when known (tests/run.sh), else none (see test_verdict). */
    static char plugins[1024];
    const char *build = getenv("ADMIT_BUILD");
    if (build != NULL)
        snprintf(plugins, sizeof plugins, "%s/plugins", build);
    struct ruleset_paths paths = {"rules", "schemas", build != NULL ? plugins : NULL, 1, NULL};
    struct admit_error err;
    struct fixture *f = calloc(1, sizeof *f);
    if (f == NULL)
        return -1;
    i18n_set_lang(ADMIT_LANG_VI);
    if (ruleset_load(&paths, &f->rs, &err) != ADMIT_OK) {
        support_print_error("engine error", &err);
        free(f);
        return -1;
    }
    f->opt.as_of = OUTCOME_NO_DAY;
    f->opt.today = date_from_ymd(2023, 6, 1);
    f->opt.lang = ADMIT_LANG_VI;
    f->opt.limits = sandbox_default_limits;
    f->opt.params = NULL;
    *state = f;
    return 0;
}

static int group_teardown(void **state)
{
    struct fixture *f = *state;
    ruleset_free(f->rs);
    free(f);
    return 0;
}

/* ------------------------------------------------------------------------ tests */

static void test_one_entry_per_slot_in_order(void **state)
{
    struct fixture *f = *state;
    struct dossier *d = load_dossier(f, ADMISSION);
    struct result *r = evaluate(f, d);
    const struct rulebook *book = ruleset_book(f->rs);

    assert_int_equal(r->count, ruleset_slot_count(f->rs));
    assert_true(r->count >= rulebook_catalog_count(book));
    for (size_t i = 0; i < r->count; i++) {
        const struct ruleset_slot *slot = ruleset_slot(f->rs, i);
        assert_string_equal(r->entries[i].rule, slot->id);
        assert_int_equal(r->entries[i].severity, slot->severity);
        if (i < rulebook_catalog_count(book))
            assert_string_equal(slot->id, rulebook_catalog_at(book, i)->id);
        /* every entry has a message; an error is never silent */
        assert_non_null(r->entries[i].message);
        assert_true(r->entries[i].message[0] != '\0');
    }
    assert_string_equal(r->dossier, "DT-SLDTBXH-2023-004");
    assert_string_equal(r->procedure, "admission");
    assert_int_equal(r->as_of, f->opt.today);   /* no --as-of, no as_of in the dossier */
    result_free(r);
    dossier_free(d);
}

static void test_age_min_facts(void **state)
{
    struct fixture *f = *state;
    struct dossier *d = load_dossier(f, ADMISSION);
    struct result *r = evaluate(f, d);
    const struct result_entry *e = entry_of(r, "age.min");

    if (e->status != RULE_PASS)
        print_error("age.min: %s: %s\n", rule_status_name(e->status), e->message);
    assert_int_equal(e->status, RULE_PASS);
    assert_string_equal(e->code, "ok");
    assert_string_equal(e->edition, "2021");
    assert_non_null(e->cite);
    const cJSON *months = cJSON_GetObjectItemCaseSensitive(e->facts, "age_months");
    const cJSON *anchor = cJSON_GetObjectItemCaseSensitive(e->facts, "anchor_date");
    assert_true(cJSON_IsNumber(months));
    assert_int_equal(months->valueint, 321);
    assert_true(cJSON_IsString(anchor));
    assert_string_equal(anchor->valuestring, "2023-05-10");
    result_free(r);
    dossier_free(d);
}

static void test_verdict(void **state)
{
    struct fixture *f = *state;
    struct dossier *d = load_dossier(f, ADMISSION);
    struct result *r = evaluate(f, d);
    if (plugin_set_count(ruleset_plugins(f->rs)) == 0) {
        /* Without plugins the rules that need one are errors, and only they. */
        print_message("  note: no plugins loaded (ADMIT_BUILD unset): the rules that need "
                      "one are errors\n");
        for (size_t i = 0; i < r->count; i++) {
            const struct result_entry *e = &r->entries[i];
            if (e->status == RULE_ERROR && strstr(e->message, "plugin") == NULL)
                print_error("%s: %s\n", e->rule, e->message);
            assert_true(e->status != RULE_ERROR || strstr(e->message, "plugin") != NULL);
            assert_true(e->status != RULE_FAIL && e->status != RULE_MISSING);
        }
        assert_int_equal(r->verdict, r->counts[RULE_ERROR] > 0 ? VERDICT_ERROR
                                                               : VERDICT_ELIGIBLE);
        result_free(r);
        dossier_free(d);
        return;
    }
    if (r->verdict != VERDICT_ELIGIBLE) {
        print_error("verdict %s\n", verdict_name(r->verdict));
        print_not_passed(r);
    }
    assert_int_equal(r->verdict, VERDICT_ELIGIBLE);
    assert_string_equal(verdict_name(r->verdict), "eligible");
    assert_int_equal(r->counts[RULE_ERROR], 0);
    assert_int_equal(r->counts[RULE_FAIL], 0);
    assert_int_equal(result_exit_code(r), 0);
    result_free(r);
    dossier_free(d);
}

/* The same dossier twice, in one process: the same JSON, byte for byte. */
static void test_reproducible(void **state)
{
    struct fixture *f = *state;
    const char *paths[] = {ADMISSION, RECOGNITION};
    for (int i = 0; i < 2; i++) {
        struct dossier *d = load_dossier(f, paths[i]);
        struct result *first = evaluate(f, d);
        struct result *second = evaluate(f, d);
        char *a = result_text(f, first), *b = result_text(f, second);
        if (strcmp(a, b) != 0)
            print_error("%s:\nfirst:  %s\nsecond: %s\n", paths[i], a, b);
        assert_string_equal(a, b);
        free(a);
        free(b);
        result_free(first);
        result_free(second);
        dossier_free(d);
    }
}

/* A main anchor before the first edition: an input error naming both dates. */
static void test_anchor_before_editions(void **state)
{
    struct fixture *f = *state;
    cJSON *doc = read_json(ADMISSION);
    cJSON *vote = cJSON_GetObjectItemCaseSensitive(doc, "branch_vote");
    assert_non_null(vote);
    cJSON_ReplaceItemInObjectCaseSensitive(vote, "date", cJSON_CreateString("2010-05-10"));
    struct dossier *d = parse_doc(f, doc, "early.json");
    cJSON_Delete(doc);

    struct admit_error err;
    struct result sentinel;
    struct result *r = &sentinel;   /* eval_dossier must reset it to NULL */
    admit_error_clear(&err);
    assert_int_equal(eval_dossier(f->rs, d, &f->opt, &r, &err), ADMIT_EINPUT);
    assert_null(r);
    print_message("  %s: %s\n", err.file, err.message);
    assert_non_null(strstr(err.message, "2010-05-10"));
    assert_non_null(strstr(err.message, "2011-11-01"));
    assert_string_equal(err.file, "early.json");
    assert_string_equal(err.path, "branch_vote.date");   /* the date the anchor came from */
    dossier_free(d);

    /* No branch vote: the anchor is the evaluation date, named "as_of" when
     * the dossier gave it, and by no path when it came from --as-of. */
    doc = read_json(ADMISSION);
    cJSON_DeleteItemFromObjectCaseSensitive(doc, "branch_vote");
    cJSON_DeleteItemFromObjectCaseSensitive(doc, "as_of");
    cJSON_AddStringToObject(doc, "as_of", "2010-06-01");
    d = parse_doc(f, doc, "early-as-of.json");
    admit_error_clear(&err);
    assert_int_equal(eval_dossier(f->rs, d, &f->opt, &r, &err), ADMIT_EINPUT);
    assert_non_null(strstr(err.message, "2010-06-01"));
    assert_string_equal(err.path, "as_of");
    struct eval_options opt = f->opt;
    opt.as_of = day("2010-07-01");
    admit_error_clear(&err);
    assert_int_equal(eval_dossier(f->rs, d, &opt, &r, &err), ADMIT_EINPUT);
    assert_non_null(strstr(err.message, "2010-07-01"));
    assert_string_equal(err.path, "");
    dossier_free(d);
    cJSON_Delete(doc);
}

/* Every example dossier. */
static const char *const EXAMPLES[] = {
    "examples/admission-2014.json", "examples/admission-2018-incomplete.json",
    "examples/admission-2023-too-young.json", ADMISSION,
    "examples/admission-2025-before-vote.json", "examples/readmission-2022.json",
    RECOGNITION};

/*
 * eval_options.brief leaves out only what a brief result does not print:
 * the messages and facts of entries that pass or do not apply.  Every
 * status, code, hint and missing path, every other message and facts, and
 * the brief result itself are those of a full evaluation, on every example.
 */
static void test_brief_evaluation(void **state)
{
    struct fixture *f = *state;
    size_t left_out = 0, kept = 0;
    for (size_t k = 0; k < sizeof EXAMPLES / sizeof EXAMPLES[0]; k++) {
        struct dossier *d = load_dossier(f, EXAMPLES[k]);
        struct eval_options brief_opt = f->opt;
        brief_opt.brief = 1;
        struct result *full = NULL, *brief = NULL;
        struct admit_error err;
        assert_int_equal(eval_dossier(f->rs, d, &f->opt, &full, &err), ADMIT_OK);
        assert_int_equal(eval_dossier(f->rs, d, &brief_opt, &brief, &err), ADMIT_OK);
        assert_int_equal(full->count, brief->count);
        assert_int_equal(full->verdict, brief->verdict);
        for (size_t i = 0; i < full->count; i++) {
            const struct result_entry *a = &full->entries[i], *b = &brief->entries[i];
            assert_string_equal(a->rule, b->rule);
            assert_int_equal(a->status, b->status);
            assert_string_equal(a->code, b->code);
            assert_true(a->missing == NULL ? b->missing == NULL
                                           : cJSON_Compare(a->missing, b->missing, 1));
            assert_int_equal(a->earliest, b->earliest);
            assert_int_equal(a->latest, b->latest);
            if (a->status == RULE_PASS || a->status == RULE_NOT_APPLICABLE) {
                assert_null(b->message);
                left_out++;
            } else {
                assert_string_equal(a->message, b->message);
                assert_true(cJSON_Compare(a->facts, b->facts, 1));
                kept++;
            }
        }
        struct report_context ctx = {"admit test", ruleset_digest(f->rs), NULL, 0,
                                     ruleset_plugins(f->rs), NULL, NULL};
        cJSON *a = report_json_brief(full, &ctx), *b = report_json_brief(brief, &ctx);
        assert_true(cJSON_Compare(a, b, 1));
        cJSON_Delete(a);
        cJSON_Delete(b);
        result_free(full);
        result_free(brief);
        dossier_free(d);
    }
    assert_true(left_out > 0 && kept > 0);   /* both kinds of entry were seen */
}

/* The text report_json_text writes is the printed tree of report_json, or
 * of report_json_brief, both forms. */
static void expect_text_is_tree(const struct result *r, const struct report_context *ctx,
                                const char *what)
{
    for (int brief = 0; brief <= 1; brief++) {
        cJSON *tree = brief ? report_json_brief(r, ctx) : report_json(r, ctx);
        assert_non_null(tree);
        for (int formatted = 0; formatted <= 1; formatted++) {
            char *printed = formatted ? json_print_formatted(tree) : json_print_compact(tree);
            char *written = report_json_text(r, ctx, brief, formatted);
            assert_non_null(printed);
            if (written == NULL || strcmp(written, printed) != 0)
                fail_msg("%s (%s, %s): the text written is not the tree printed:\n%s\n%s", what,
                         brief ? "brief" : "full", formatted ? "formatted" : "compact",
                         written ? written : "(null)", printed);
            free(printed);
            free(written);
        }
        cJSON_Delete(tree);
    }
}

/* On every example, evaluated in full and brief, and on an input error. */
static void test_result_text_without_tree(void **state)
{
    struct fixture *f = *state;
    const char *profiles[] = {"central", "tinh-uy \"quoted\""};
    struct report_context ctx = {"admit test", ruleset_digest(f->rs), profiles, 2,
                                 ruleset_plugins(f->rs), NULL, NULL};
    size_t hints = 0;
    for (size_t k = 0; k < sizeof EXAMPLES / sizeof EXAMPLES[0]; k++) {
        struct dossier *d = load_dossier(f, EXAMPLES[k]);
        for (int brief = 0; brief <= 1; brief++) {
            struct eval_options opt = f->opt;
            opt.brief = brief;
            struct result *r = NULL;
            struct admit_error err;
            assert_admit_ok(eval_dossier(f->rs, d, &opt, &r, &err), &err);
            for (size_t i = 0; i < r->count; i++)
                hints += r->entries[i].latest != OUTCOME_NO_DAY;
            if (!brief)
                expect_text_is_tree(r, &ctx, EXAMPLES[k]);
            else {   /* a brief evaluation is printed brief only */
                char *written = report_json_text(r, &ctx, 1, 1);
                cJSON *tree = report_json_brief(r, &ctx);
                char *printed = json_print_formatted(tree);
                assert_non_null(written);
                assert_non_null(printed);
                assert_string_equal(written, printed);
                free(written);
                free(printed);
                cJSON_Delete(tree);
                assert_null(report_json_text(r, &ctx, 0, 1));   /* no message to show: no text */
            }
            result_free(r);
        }
        dossier_free(d);
    }
    assert_true(hints > 0);   /* some entry had a hint */
    struct result *bad = result_new_input_error("x.json", NULL, "candidate.birth_date",
                                                "cần \"ngày\"\n");
    assert_non_null(bad);
    expect_text_is_tree(bad, &ctx, "input error");
    result_free(bad);
}

/* A recognition dossier: the admission-only rules do not apply ("procedure"). */
static void test_other_procedure_not_applicable(void **state)
{
    struct fixture *f = *state;
    struct dossier *d = load_dossier(f, RECOGNITION);
    struct result *r = evaluate(f, d);
    size_t admission_only = 0;

    assert_string_equal(r->procedure, "recognition");
    assert_int_equal(r->count, ruleset_slot_count(f->rs));
    for (size_t i = 0; i < r->count; i++) {
        const struct ruleset_slot *slot = ruleset_slot(f->rs, i);
        if (slot->rule == NULL || slot->procedures != PROCEDURE_ADMISSION)
            continue;
        admission_only++;
        const struct result_entry *e = &r->entries[i];
        if (e->status != RULE_NOT_APPLICABLE || strcmp(e->code, "procedure") != 0)
            print_error("%s: %s (%s): %s\n", e->rule, rule_status_name(e->status), e->code,
                        e->message);
        assert_int_equal(e->status, RULE_NOT_APPLICABLE);
        assert_string_equal(e->code, "procedure");
        assert_non_null(strstr(e->message, "recognition"));   /* {procedure} rendered */
    }
    assert_true(admission_only > 0);
    /* age.min is one of them */
    assert_int_equal(entry_of(r, "age.min")->status, RULE_NOT_APPLICABLE);
    result_free(r);
    dossier_free(d);
}

/* --as-of wins over the dossier's as_of, which wins over today. */
static void test_as_of_precedence(void **state)
{
    struct fixture *f = *state;
    struct dossier d;
    struct eval_options opt = f->opt;
    memset(&d, 0, sizeof d);

    d.as_of = OUTCOME_NO_DAY;
    opt.as_of = OUTCOME_NO_DAY;
    assert_int_equal(eval_as_of(&d, &opt), opt.today);
    d.as_of = day("2023-01-02");
    assert_int_equal(eval_as_of(&d, &opt), day("2023-01-02"));
    opt.as_of = day("2022-12-31");
    assert_int_equal(eval_as_of(&d, &opt), day("2022-12-31"));
    d.as_of = OUTCOME_NO_DAY;
    assert_int_equal(eval_as_of(&d, &opt), day("2022-12-31"));

    /* and the result carries it: the dossier's own as_of */
    cJSON *doc = read_json(ADMISSION);
    cJSON_DeleteItemFromObjectCaseSensitive(doc, "as_of");
    cJSON_AddStringToObject(doc, "as_of", "2023-07-01");
    struct dossier *dd = parse_doc(f, doc, "as-of.json");
    cJSON_Delete(doc);
    assert_int_equal(dd->as_of, day("2023-07-01"));
    struct result *r = evaluate(f, dd);
    assert_int_equal(r->as_of, day("2023-07-01"));
    result_free(r);
    opt.as_of = day("2023-08-01");
    struct admit_error err;
    assert_admit_ok(eval_dossier(f->rs, dd, &opt, &r, &err), &err);
    assert_int_equal(r->as_of, day("2023-08-01"));
    result_free(r);
    dossier_free(dd);
}

/* The main anchor: the branch vote (admission), the first probation vote
 * (recognition), else the evaluation date. */
static void test_main_anchor(void **state)
{
    struct fixture *f = *state;
    admit_day as_of = day("2030-01-01");

    struct dossier *d = load_dossier(f, ADMISSION);
    assert_int_equal(eval_main_anchor(d, as_of), day("2023-05-10"));
    dossier_free(d);

    d = load_dossier(f, RECOGNITION);
    assert_int_equal(d->recognition, 1);
    assert_int_equal(eval_main_anchor(d, as_of), day("2024-07-05"));
    dossier_free(d);

    /* no branch vote yet: the evaluation date */
    cJSON *doc = read_json(ADMISSION);
    cJSON_ReplaceItemInObjectCaseSensitive(doc, "branch_vote", cJSON_CreateNull());
    d = parse_doc(f, doc, "no-vote.json");
    cJSON_Delete(doc);
    assert_int_equal(eval_main_anchor(d, as_of), as_of);
    dossier_free(d);
}

/*
 * Where the dossier stands: next_step from the event dates and the
 * evaluation date, and pending for the rules of the steps to come only.
 */
static void test_next_step_and_pending(void **state)
{
    struct fixture *f = *state;
    const struct rulebook *book = ruleset_book(f->rs);
    struct dossier *d = load_dossier(f, ADMISSION);
    /* branch vote 2023-05-10, grassroots 05-18, decision 06-05, ceremony 06-20 */
    static const struct {
        const char *as_of;
        int step;
    } cases[] = {
        {"2023-05-09", 1}, {"2023-05-10", 2}, {"2023-05-17", 2}, {"2023-05-18", 3},
        {"2023-06-04", 3}, {"2023-06-05", 4}, {"2023-06-19", 4}, {"2023-06-20", -1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int got = eval_next_step(book, d, day(cases[i].as_of));
        if (got != cases[i].step) {
            print_error("as of %s: next step %d, expected %d\n", cases[i].as_of, got,
                        cases[i].step);
            fail();
        }
    }
    /* Every step has happened: nothing pending, next_step null. */
    f->opt.as_of = day("2023-07-01");
    struct result *r = evaluate(f, d);
    assert_null(r->next_step);
    assert_int_equal(r->counts[RULE_PENDING], 0);
    result_free(r);
    dossier_free(d);

    /* Before the vote: pending only from the branch vote on, ready, no paths. */
    d = load_dossier(f, "examples/admission-2025-before-vote.json");
    f->opt.as_of = OUTCOME_NO_DAY;
    r = evaluate(f, d);
    assert_non_null(r->next_step);
    assert_string_equal(r->next_step, "branch_vote");
    assert_int_equal(r->verdict, VERDICT_READY);
    for (size_t i = 0; i < r->count; i++) {
        const struct ruleset_slot *slot = ruleset_slot(f->rs, i);
        int later = rulebook_step_index(book, PROCEDURE_ADMISSION, slot->step) >= 1;
        const struct result_entry *e = &r->entries[i];
        if (e->status == RULE_PENDING) {
            assert_true(later);
            assert_int_equal(cJSON_GetArraySize(e->missing), 0);
        }
        assert_true(e->status != RULE_MISSING);
    }
    assert_int_equal(entry_of(r, "vote.branch")->status, RULE_PENDING);
    assert_string_equal(entry_of(r, "vote.branch")->code, "missing");   /* the rule's own */
    /* worded as what is awaited (pending.<procedure>.<step>), the rule's own
     * wording of it first */
    assert_string_equal(entry_of(r, "vote.branch")->message,
                        "Chờ chi bộ họp xét, biểu quyết đề nghị kết nạp");
    /* a rule missing evidence now (not waiting for a step) keeps the generic wording */
    {
        cJSON *doc = read_json("examples/admission-2025-before-vote.json");
        cJSON *candidate = cJSON_GetObjectItemCaseSensitive(doc, "candidate");
        cJSON_ReplaceItemInObjectCaseSensitive(candidate, "citizenship", cJSON_CreateNull());
        struct dossier *d2 = parse_doc(f, doc, "no-citizenship.json");
        cJSON_Delete(doc);
        struct result *r2 = evaluate(f, d2);
        const struct result_entry *e = entry_of(r2, "elig.citizen");
        assert_int_equal(e->status, RULE_MISSING);
        assert_string_equal(e->code, "missing");
        assert_non_null(strstr(e->message, "Thiếu hồ sơ"));
        result_free(r2);
        dossier_free(d2);
    }
    assert_int_equal(entry_of(r, "decision.deadline")->status, RULE_PENDING);
    assert_string_equal(entry_of(r, "decision.deadline")->message,
                        "Chờ quyết định kết nạp; hạn ra quyết định được tính từ ngày chi bộ "
                        "biểu quyết đề nghị kết nạp");
    result_free(r);
    dossier_free(d);
    f->opt.as_of = OUTCOME_NO_DAY;
}

/* The JSON of a result validates against schemas/result.schema.json. */
static void test_result_schema(void **state)
{
    struct fixture *f = *state;
    FILE *fp = fopen(RESULT_SCHEMA, "rb");
    if (fp == NULL) {
        print_message("  note: %s does not exist yet; not validated\n", RESULT_SCHEMA);
        skip();
    }
    fclose(fp);
    struct admit_error err;
    struct schema *schema = NULL;
    assert_admit_ok(schema_load(RESULT_SCHEMA, &schema, &err), &err);

    const char *paths[] = {ADMISSION, RECOGNITION};
    for (int i = 0; i < 2; i++) {
        struct dossier *d = load_dossier(f, paths[i]);
        struct result *r = evaluate(f, d);
        struct report_context ctx = {"admit test", ruleset_digest(f->rs), NULL, 0,
                                     ruleset_plugins(f->rs), NULL, NULL};
        cJSON *obj = report_json(r, &ctx);
        assert_non_null(obj);
        enum admit_status status = schema_validate(schema, obj, &err);
        if (status != ADMIT_OK) {
            print_error("%s: result does not validate at %s\n", paths[i], err.path);
            support_print_error("engine error", &err);
        }
        assert_int_equal(status, ADMIT_OK);
        cJSON_Delete(obj);
        result_free(r);
        dossier_free(d);
    }
    schema_free(schema);
}

static const struct rule *rule_named(struct fixture *f, const char *id)
{
    for (size_t i = 0; i < ruleset_slot_count(f->rs); i++) {
        const struct ruleset_slot *slot = ruleset_slot(f->rs, i);
        if (strcmp(slot->id, id) == 0 && slot->rule != NULL)
            return slot->rule;
    }
    print_error("no encoded rule %s\n", id);
    fail();
    return NULL;
}

/* An evaluation date before the candidate's birth is an input error; the
 * birth day itself is not. */
static void test_as_of_before_birth(void **state)
{
    struct fixture *f = *state;
    struct dossier *d = load_dossier(f, ADMISSION);   /* born 1996-08-14 */
    struct admit_error err;
    admit_error_clear(&err);
    assert_int_equal(eval_check_as_of(d, day("1996-08-13"), &err), ADMIT_EINPUT);
    assert_string_equal(err.path, "as_of");
    assert_non_null(strstr(err.message, "1996-08-13"));
    assert_non_null(strstr(err.message, "1996-08-14"));
    admit_error_clear(&err);
    assert_int_equal(eval_check_as_of(d, day("1996-08-14"), &err), ADMIT_OK);
    struct eval_options opt = f->opt;
    opt.as_of = day("1996-08-13");
    struct result *r = NULL;
    assert_int_equal(eval_dossier(f->rs, d, &opt, &r, &err), ADMIT_EINPUT);
    assert_null(r);
    dossier_free(d);
}

/* Evaluating a dossier, or a rule's citation, leaves the Lua stack as it
 * found it: a batch (admit audit) evaluates thousands in one state. */
static void test_lua_stack_balanced(void **state)
{
    struct fixture *f = *state;
    lua_State *L = sandbox_state(ruleset_sandbox(f->rs));
    int top = lua_gettop(L);
    struct dossier *d = load_dossier(f, ADMISSION);
    for (int i = 0; i < 3; i++) {
        struct result *r = evaluate(f, d);
        result_free(r);
        assert_int_equal(lua_gettop(L), top);
    }
    dossier_free(d);
    char buf[512];
    for (size_t i = 0; i < ruleset_slot_count(f->rs); i++) {
        const struct ruleset_slot *slot = ruleset_slot(f->rs, i);
        if (slot->rule == NULL)
            continue;
        (void)eval_rule_cite(f->rs, slot->rule, day("2023-05-10"), buf, sizeof buf);
        assert_int_equal(lua_gettop(L), top);
    }
}

/* The first edition is edition 0: its id is on every entry all the same. */
static void test_first_edition_named(void **state)
{
    struct fixture *f = *state;
    cJSON *doc = read_json(ADMISSION);
    cJSON *vote = cJSON_GetObjectItemCaseSensitive(doc, "branch_vote");
    assert_non_null(vote);
    cJSON_ReplaceItemInObjectCaseSensitive(vote, "date", cJSON_CreateString("2014-05-10"));
    struct dossier *d = parse_doc(f, doc, "edition-2011.json");
    cJSON_Delete(doc);
    struct result *r = evaluate(f, d);
    const struct result_entry *e = entry_of(r, "age.min");
    assert_non_null(e->edition);
    assert_string_equal(e->edition, "2011");
    result_free(r);
    dossier_free(d);
}

/* The citation for a day (admit rules show): the rule's cite_at on that day,
 * which follows the guidance or regulation in force, written into the buffer,
 * else its edition's table entry itself; NULL before the first edition or
 * when cite_at's text does not fit. */
static void test_rule_cite(void **state)
{
    struct fixture *f = *state;
    char buf[512];
    const struct rule *docs = rule_named(f, "docs.freshness");
    const struct rule *standard = rule_named(f, "elig.political_standard");
    const struct rule *age = rule_named(f, "age.min");

    /* inside edition 2016, under the 2012 guidance: the 2016 guidance's limit */
    const char *cite = eval_rule_cite(f->rs, docs, day("2016-08-01"), buf, sizeof buf);
    assert_non_null(cite);
    assert_ptr_equal(cite, buf);
    assert_string_equal(cite, "Hướng dẫn 01-HD/TW (20/09/2016)");
    cite = eval_rule_cite(f->rs, docs, day("2014-01-01"), buf, sizeof buf);
    assert_non_null(cite);
    assert_string_equal(cite, "Hướng dẫn 01-HD/TW (05/01/2012)");
    assert_null(eval_rule_cite(f->rs, docs, day("2011-10-31"), buf, sizeof buf));
    /* in the first edition too, cite_at wins over the edition's entry */
    cite = eval_rule_cite(f->rs, docs, day("2011-12-01"), buf, sizeof buf);
    assert_non_null(cite);
    assert_string_equal(cite, "Hướng dẫn 03-HD/BTCTW (2006)");

    /* the protection regulation changes on 2018-02-28, inside edition 2016 */
    cite = eval_rule_cite(f->rs, standard, day("2018-02-27"), buf, sizeof buf);
    assert_non_null(cite);
    assert_string_equal(cite, "Điều lệ Đảng 2011, Điều 4.3; Quy định 29-QĐ/TW (25/07/2016), "
                              "điểm 3.3; Quy định 57-QĐ/TW (03/05/2007)");
    cite = eval_rule_cite(f->rs, standard, day("2018-02-28"), buf, sizeof buf);
    assert_non_null(cite);
    assert_string_equal(cite, "Điều lệ Đảng 2011, Điều 4.3; Quy định 29-QĐ/TW (25/07/2016), "
                              "điểm 3.3; Quy định 126-QĐ/TW (28/02/2018)");
    /* a citation longer than the buffer: none, never a cut one */
    char small[16];
    assert_null(eval_rule_cite(f->rs, standard, day("2018-02-28"), small, sizeof small));

    /* no cite_at: the edition's entry itself, whatever the buffer */
    cite = eval_rule_cite(f->rs, age, day("2023-05-10"), small, sizeof small);
    assert_non_null(cite);
    assert_ptr_not_equal(cite, small);
    assert_string_equal(cite, "Điều lệ Đảng 2011, Điều 1.2; Quy định 24-QĐ/TW (30/07/2021), "
                              "điểm 1.1.1");
    cite = eval_rule_cite(f->rs, age, day("2011-11-01"), buf, sizeof buf);
    assert_non_null(cite);
    assert_string_equal(cite, "Điều lệ Đảng 2011, Điều 1.2; Quy định 45-QĐ/TW (01/11/2011), "
                              "điểm 1.1.1");
    assert_null(eval_rule_cite(f->rs, age, day("2011-10-31"), buf, sizeof buf));

    /* the evaluation still works after these calls (the Lua stack is balanced) */
    struct dossier *d = load_dossier(f, ADMISSION);
    struct result *r = evaluate(f, d);
    assert_string_equal(entry_of(r, "docs.freshness")->cite,
                        "Hướng dẫn 01-HD/TW (28/09/2021)");
    result_free(r);
    dossier_free(d);
}

/*
 * Out of memory while an entry is worded (add_entry): the rule's error
 * reworded (rule_error_reword), or its message rendered.  Each strbuf of the
 * evaluation failing in turn gives ADMIT_ENOMEM and no result: never a
 * result short of an entry, nor an error worded from the raw Lua text.  The
 * parameter of age.min made a string makes that rule an error with a Lua
 * position ("age.lua:NN: attempt to compare ...").
 */
static void test_out_of_memory_wording(void **state)
{
    struct fixture *f = *state;
    struct dossier *d = load_dossier(f, ADMISSION);
    cJSON *params = cJSON_Parse("{\"age.min_months\": \"x\"}");
    assert_non_null(params);
    struct eval_options opt = f->opt;
    opt.params = params;
    struct admit_error err;
    struct result *r = NULL;

    detach_calls = fail_detach_at = 0;
    assert_admit_ok(eval_dossier(f->rs, d, &opt, &r, &err), &err);
    const unsigned calls = detach_calls;
    const struct result_entry *e = entry_of(r, "age.min");
    assert_int_equal(e->status, RULE_ERROR);
    assert_non_null(strstr(e->message, "quy tắc age.min, dòng"));   /* reworded */
    assert_true(calls > r->count);   /* a message per entry, and the rewording */
    result_free(r);

    for (fail_detach_at = 1; fail_detach_at <= calls; fail_detach_at++) {
        detach_calls = 0;
        r = NULL;
        admit_error_clear(&err);
        enum admit_status status = eval_dossier(f->rs, d, &opt, &r, &err);
        if (status != ADMIT_ENOMEM)
            print_error("strbuf %u of %u failing: status %d, expected ADMIT_ENOMEM\n",
                        fail_detach_at, calls, (int)status);
        assert_int_equal(status, ADMIT_ENOMEM);
        assert_null(r);
    }
    fail_detach_at = 0;
    cJSON_Delete(params);
    dossier_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_entry_per_slot_in_order),
        cmocka_unit_test(test_age_min_facts),
        cmocka_unit_test(test_verdict),
        cmocka_unit_test(test_reproducible),
        cmocka_unit_test(test_brief_evaluation),
        cmocka_unit_test(test_result_text_without_tree),
        cmocka_unit_test(test_anchor_before_editions),
        cmocka_unit_test(test_other_procedure_not_applicable),
        cmocka_unit_test(test_as_of_precedence),
        cmocka_unit_test(test_main_anchor),
        cmocka_unit_test(test_result_schema),
        cmocka_unit_test(test_next_step_and_pending),
        cmocka_unit_test(test_rule_cite),
        cmocka_unit_test(test_first_edition_named),
        cmocka_unit_test(test_as_of_before_birth),
        cmocka_unit_test(test_lua_stack_balanced),
        cmocka_unit_test(test_out_of_memory_wording),
    };
    return cmocka_run_group_tests_name("eval", tests, group_setup, group_teardown);
}
