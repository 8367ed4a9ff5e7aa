/*
 * test_rulebook.c - editions, parameters and the catalog (engine/rulebook.c).
 *
 * The real rules/ directory (run from the repository root) is checked against
 * the tables of rulebook.md; load errors are checked on small rulebooks
 * written into a temporary directory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <unistd.h>

#include <cmocka.h>

#include <cjson/cJSON.h>

#include "date.h"
#include "i18n.h"
#include "jsontext.h"
#include "rulebook.h"
#include "status.h"
#include "support.h"

#define RULES_DIR "rules"

/* ------------------------------------------------------------------------ helpers */

static admit_day day_of(const char *text)
{
    admit_day day = 0;
    if (date_parse(text, strlen(text), &day) != 0) {
        print_error("bad date in the test: %s\n", text);
        fail();
    }
    return day;
}

/* Each test of the real rulebook loads rules/ afresh. */
static int real_setup(void **state)
{
    struct rulebook *rb = NULL;
    struct admit_error err;
    admit_error_clear(&err);
    if (rulebook_load(RULES_DIR, &rb, &err) != ADMIT_OK) {
        support_print_error(RULES_DIR " (run from the repository root)", &err);
        return -1;
    }
    *state = rb;
    return 0;
}

static int real_teardown(void **state)
{
    rulebook_free(*state);
    return 0;
}

/* ------------------------------------------------------------------------ editions */

static void test_editions(void **state)
{
    const struct rulebook *rb = *state;
    static const struct {
        const char *id, *from;
    } want[] = {
        {"2011", "2011-11-01"}, {"2016", "2016-07-25"}, {"2021", "2021-07-30"},
        {"2025a", "2025-01-20"}, {"2025b", "2025-07-01"},
    };
    assert_int_equal(rulebook_edition_count(rb), 5);
    for (size_t i = 0; i < 5; i++) {
        const struct edition *ed = rulebook_edition(rb, i);
        assert_non_null(ed);
        assert_string_equal(ed->id, want[i].id);
        assert_int_equal(ed->from, day_of(want[i].from));
        assert_non_null(ed->regulation);
        assert_true(ed->regulation[0] != '\0');
        assert_true(ed->guidance_count > 0);
        assert_int_equal(rulebook_edition_find(rb, want[i].id), (int)i);
    }
    assert_null(rulebook_edition(rb, 5));
    assert_int_equal(rulebook_edition_find(rb, "2025"), -1);
    assert_int_equal(rulebook_edition_find(rb, ""), -1);
    assert_non_null(strstr(rulebook_edition(rb, 2)->regulation, "24-QĐ/TW"));
}

static void test_edition_at_boundaries(void **state)
{
    const struct rulebook *rb = *state;
    static const struct {
        const char *day;
        int index;
    } cases[] = {
        {"1990-01-01", -1}, {"2011-10-31", -1}, {"2011-11-01", 0}, {"2014-05-05", 0},
        {"2016-07-24", 0},  {"2016-07-25", 1},  {"2021-07-29", 1}, {"2021-07-30", 2},
        {"2025-01-19", 2},  {"2025-01-20", 3},  {"2025-06-30", 3}, {"2025-07-01", 4},
        {"2030-12-31", 4},  {"9999-12-31", 4},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int got = rulebook_edition_at(rb, day_of(cases[i].day));
        if (got != cases[i].index) {
            print_error("edition at %s: got %d, expected %d\n", cases[i].day, got, cases[i].index);
            fail();
        }
    }
}

static void test_guidance_at(void **state)
{
    const struct rulebook *rb = *state;
    static const struct {
        const char *edition, *day, *guidance;
    } cases[] = {
        {"2011", "2011-11-01", "03-HD/BTCTW 2006"}, {"2011", "2012-01-04", "03-HD/BTCTW 2006"},
        {"2011", "2012-01-05", "01-HD/TW 2012"},    {"2016", "2016-07-25", "01-HD/TW 2012"},
        {"2016", "2016-09-19", "01-HD/TW 2012"},    {"2016", "2016-09-20", "01-HD/TW 2016"},
        {"2021", "2021-07-30", "01-HD/TW 2016"},    {"2021", "2021-09-27", "01-HD/TW 2016"},
        {"2021", "2021-09-28", "01-HD/TW 2021"},    {"2021", "2025-01-19", "01-HD/TW 2021"},
        {"2025a", "2025-03-01", "01-HD/TW 2021"},   {"2025b", "2025-07-01", "06-HD/TW 2025"},
        {"2025b", "2027-01-01", "06-HD/TW 2025"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int index = rulebook_edition_find(rb, cases[i].edition);
        assert_true(index >= 0);
        const char *got = rulebook_guidance_at(rb, (size_t)index, day_of(cases[i].day));
        if (got == NULL || strcmp(got, cases[i].guidance) != 0) {
            print_error("guidance of %s on %s: got %s, expected %s\n", cases[i].edition,
                        cases[i].day, got ? got : "NULL", cases[i].guidance);
            fail();
        }
    }
    /* Before the edition's first guidance, or for an index out of range: none. */
    assert_null(rulebook_guidance_at(rb, 2, day_of("2021-07-29")));
    assert_null(rulebook_guidance_at(rb, 5, day_of("2026-01-01")));
}

/* ------------------------------------------------------------------------ parameters */

/* The integer value of `name` in edition `id`; fails when it has none. */
static int int_param(const struct rulebook *rb, const char *name, const char *id)
{
    const struct param *p = rulebook_param(rb, name);
    if (p == NULL) {
        print_error("parameter %s is not defined\n", name);
        fail();
    }
    const cJSON *v = rulebook_param_value(p, (size_t)rulebook_edition_find(rb, id));
    if (!cJSON_IsNumber(v)) {
        print_error("parameter %s has no number in edition %s\n", name, id);
        fail();
    }
    return v->valueint;
}

static void test_params_by_edition(void **state)
{
    const struct rulebook *rb = *state;
    static const char *const ids[] = {"2011", "2016", "2021", "2025a", "2025b"};
    const struct param *max = rulebook_param(rb, "age.max_months");
    const struct param *deadline = rulebook_param(rb, "decision.deadline_wd");
    const struct param *years = rulebook_param(rb, "age.max_years_2011");
    assert_non_null(max);
    assert_non_null(deadline);
    assert_non_null(years);
    /* Absent before 2016 ("from 2016"). */
    assert_null(rulebook_param_value(max, 0));
    assert_null(rulebook_param_value(deadline, 0));
    assert_int_equal(int_param(rb, "age.max_years_2011", "2011"), 60);
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(int_param(rb, "age.min_months", ids[i]), 216);
        assert_int_equal(int_param(rb, "probation.months", ids[i]), 12);
        assert_int_equal(int_param(rb, "awareness.validity_months", ids[i]), 60);
        const cJSON *fraction = rulebook_param_value(rulebook_param(rb, "vote.fraction"), i);
        assert_true(cJSON_IsObject(fraction));
        assert_int_equal(cJSON_GetObjectItemCaseSensitive(fraction, "num")->valueint, 2);
        assert_int_equal(cJSON_GetObjectItemCaseSensitive(fraction, "den")->valueint, 3);
        if (i == 0)
            continue;
        assert_int_equal(int_param(rb, "age.max_months", ids[i]), 720);
        assert_int_equal(int_param(rb, "decision.deadline_wd", ids[i]), 60);
        assert_int_equal(int_param(rb, "decision.extension_max_wd", ids[i]), 30);
        assert_int_equal(int_param(rb, "ceremony.deadline_wd", ids[i]), 30);
        /* A JSON null ends a value: the 2011 over-60 rule stops in 2016. */
        assert_null(rulebook_param_value(years, i));
        const cJSON *counting = rulebook_param_value(rulebook_param(rb, "age.counting"), i);
        assert_true(cJSON_IsString(counting));
        assert_string_equal(counting->valuestring, "month");
    }
    /* Parameters with no central value. */
    for (size_t i = 0; i < 5; i++) {
        assert_null(rulebook_param_value(rulebook_param(rb, "course.min_score"), i));
        assert_null(rulebook_param_value(rulebook_param(rb, "mentor.report_every_months"), i));
    }
    const cJSON *reviewed = rulebook_param_value(rulebook_param(rb, "rulebook.reviewed_until"), 4);
    assert_true(cJSON_IsString(reviewed));
    assert_string_equal(reviewed->valuestring, "2026-01-31");
}

static void test_param_directions(void **state)
{
    const struct rulebook *rb = *state;
    static const struct {
        const char *name;
        enum param_direction direction;
    } cases[] = {
        {"age.min_months", PARAM_UP},         {"age.max_months", PARAM_DOWN},
        {"age.max_years_2011", PARAM_FIXED},  {"age.counting", PARAM_FIXED},
        {"intro.together_months", PARAM_UP},  {"awareness.validity_months", PARAM_DOWN},
        {"vote.fraction", PARAM_UP},          {"vote.min_official_members", PARAM_FIXED},
        {"decision.deadline_wd", PARAM_DOWN}, {"probation.months", PARAM_FIXED},
        {"readmission.wait_months", PARAM_UP}, {"course.min_score", PARAM_UP},
        {"mentor.report_every_months", PARAM_DOWN}, {"rulebook.reviewed_until", PARAM_FIXED},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct param *p = rulebook_param(rb, cases[i].name);
        if (p == NULL || p->direction != cases[i].direction) {
            print_error("parameter %s: direction %d, expected %d\n", cases[i].name,
                        p ? (int)p->direction : -1, (int)cases[i].direction);
            fail();
        }
        assert_string_equal(p->name, cases[i].name);
        assert_non_null(p->source);
    }
    assert_null(rulebook_param(rb, "age.min"));
    assert_null(rulebook_param(rb, ""));
}

/* Every parameter of params.json is there, once, and reachable by index and by name. */
static void test_param_listing(void **state)
{
    const struct rulebook *rb = *state;
    cJSON *doc = NULL;
    struct admit_error err;
    admit_error_clear(&err);
    if (jsontext_read_file(RULES_DIR "/params.json", &doc, &err) != ADMIT_OK) {
        support_print_error("params.json", &err);
        fail();
    }
    const cJSON *all = cJSON_GetObjectItemCaseSensitive(doc, "params"), *p;
    assert_int_equal(rulebook_param_count(rb), (size_t)cJSON_GetArraySize(all));
    cJSON_ArrayForEach(p, all) {
        const struct param *found = rulebook_param(rb, p->string);
        if (found == NULL) {
            print_error("parameter %s not found\n", p->string);
            cJSON_Delete(doc);
            fail();
        }
    }
    cJSON_Delete(doc);
    for (size_t i = 0; i < rulebook_param_count(rb); i++) {
        const struct param *at = rulebook_param_at(rb, i);
        assert_non_null(at);
        assert_ptr_equal(rulebook_param(rb, at->name), at);
    }
    assert_null(rulebook_param_at(rb, rulebook_param_count(rb)));
}

/* ------------------------------------------------------------------------ catalog */

#define E SEVERITY_ELIGIBILITY
#define P SEVERITY_PROCESS
#define A SEVERITY_ADVISORY
#define ADM PROCEDURE_ADMISSION
#define REC PROCEDURE_RECOGNITION
#define BOTH (PROCEDURE_ADMISSION | PROCEDURE_RECOGNITION)

/* The catalog of rulebook.md, in its order. */
static const struct {
    const char *id;
    enum rule_severity severity;
    unsigned procedures;
} spec_catalog[] = {
    {"elig.citizen", E, ADM}, {"age.min", E, ADM}, {"age.max", E, ADM}, {"edu.min", E, ADM},
    {"elig.political_standard", E, ADM}, {"special.population", E, ADM},
    {"special.religion", A, ADM}, {"special.business_owner", A, ADM},
    {"intro.count", E, ADM}, {"intro.youth_union", A, ADM}, {"intro.status", E, ADM},
    {"intro.cowork", E, ADM}, {"intro.registry", E, ADM},
    {"train.awareness", E, ADM}, {"app.letter", E, ADM}, {"app.history", E, ADM},
    {"verify.scope", E, ADM}, {"docs.freshness", E, ADM}, {"docs.freshness_history", A, ADM},
    {"opin.orgs", E, ADM}, {"opin.residence", E, ADM}, {"opin.summary", E, ADM},
    {"assess.ideology", E, ADM}, {"assess.ethics", E, ADM},
    {"mentor.candidate", P, ADM}, {"mentor.probation", P, REC}, {"mentor.status", P, BOTH},
    {"mentor.reports", P, BOTH},
    {"vote.branch", E, ADM}, {"vote.grassroots", E, ADM}, {"decision.authority", P, ADM},
    {"decision.deadline", P, ADM}, {"ceremony.deadline", P, ADM}, {"readm.wait", E, ADM},
    {"readm.excluded", E, ADM}, {"readm.once", E, ADM}, {"readm.approval", E, ADM},
    {"prob.duration", E, REC}, {"train.newmember", E, REC}, {"off.docs", E, REC},
    {"off.vote", E, REC}, {"off.grassroots_vote", E, REC}, {"off.branch_deadline", P, REC},
    {"off.decision_deadline", P, REC}, {"off.decision_authority", P, REC},
    {"off.effective_date", E, REC}, {"prob.discipline", A, REC},
    {"rulebook.currency", A, BOTH},
};

static void test_catalog(void **state)
{
    const struct rulebook *rb = *state;
    size_t n = sizeof spec_catalog / sizeof spec_catalog[0];
    assert_int_equal(n, 48);
    /* The catalog is the floor: it may grow, but holds every rule of the spec in order. */
    assert_true(rulebook_catalog_count(rb) >= n);
    assert_string_equal(rulebook_catalog_at(rb, 0)->id, "elig.citizen");
    assert_string_equal(rulebook_catalog_at(rb, rulebook_catalog_count(rb) - 1)->id,
                        "rulebook.currency");
    assert_null(rulebook_catalog_at(rb, rulebook_catalog_count(rb)));
    int prev = -1;
    for (size_t i = 0; i < n; i++) {
        int at = rulebook_catalog_find(rb, spec_catalog[i].id);
        if (at <= prev) {
            print_error("rule %s: at %d, after %d\n", spec_catalog[i].id, at, prev);
            fail();
        }
        const struct catalog_entry *c = rulebook_catalog_at(rb, (size_t)at);
        assert_string_equal(c->id, spec_catalog[i].id);
        if (c->severity != spec_catalog[i].severity || c->procedures != spec_catalog[i].procedures) {
            print_error("rule %s: severity %s procedures %u, expected %s %u\n", c->id,
                        rule_severity_name(c->severity), c->procedures,
                        rule_severity_name(spec_catalog[i].severity), spec_catalog[i].procedures);
            fail();
        }
        prev = at;
    }
    assert_int_equal(rulebook_catalog_find(rb, "elig.citizen"), 0);
    assert_int_equal(rulebook_catalog_find(rb, "age.min"), 1);
    assert_int_equal(rulebook_catalog_find(rb, "age"), -1);
    assert_int_equal(rulebook_catalog_find(rb, "AGE.MIN"), -1);
    /* Every id is unique: find returns the entry's own index. */
    for (size_t i = 0; i < rulebook_catalog_count(rb); i++)
        assert_int_equal(rulebook_catalog_find(rb, rulebook_catalog_at(rb, i)->id), (int)i);
}

static void test_names(void **state)
{
    (void)state;
    enum rule_severity s = SEVERITY_PROCESS;
    assert_string_equal(rule_severity_name(SEVERITY_ELIGIBILITY), "eligibility");
    assert_string_equal(rule_severity_name(SEVERITY_PROCESS), "process");
    assert_string_equal(rule_severity_name(SEVERITY_ADVISORY), "advisory");
    for (int i = 0; i < 3; i++) {
        assert_int_equal(rule_severity_parse(rule_severity_name((enum rule_severity)i), &s), 0);
        assert_int_equal(s, i);
    }
    assert_int_equal(rule_severity_parse("Eligibility", &s), -1);
    assert_int_equal(rule_severity_parse("", &s), -1);
    assert_int_equal(procedure_parse("admission"), PROCEDURE_ADMISSION);
    assert_int_equal(procedure_parse("recognition"), PROCEDURE_RECOGNITION);
    assert_int_equal(procedure_parse("readmission"), 0);
    assert_int_equal(procedure_parse(""), 0);
}

/* ------------------------------------------------------------------------ load errors */

static const char good_editions[] =
    "{\"editions\": [\n"
    "  {\"id\": \"old\", \"from\": \"2011-11-01\", \"regulation\": \"R1\",\n"
    "   \"guidance\": [{\"id\": \"G1\", \"from\": \"2011-11-01\"}]},\n"
    "  {\"id\": \"new\", \"from\": \"2016-07-25\", \"regulation\": \"R2\", \"guidance\": []}\n"
    "]}\n";
static const char good_params[] =
    "{\"params\": {\n"
    "  \"x.months\": {\"direction\": \"up\", \"values\": {\"old\": 1, \"new\": 2}, \"source\": \"S\"},\n"
    "  \"y.days\": {\"direction\": \"none\", \"values\": {\"new\": 5}}\n"
    "}}\n";
static const char good_catalog[] =
    "{\"rules\": [\n"
    "  {\"id\": \"a.one\", \"severity\": \"eligibility\", \"procedures\": [\"admission\"]},\n"
    "  {\"id\": \"b.two\", \"severity\": \"advisory\", \"procedures\": [\"admission\", \"recognition\"]}\n"
    "]}\n";

struct tmp_rules {
    char dir[64];
};

static int tmp_setup(void **state)
{
    struct tmp_rules *t = calloc(1, sizeof *t);
    if (t == NULL)
        return -1;
    if (support_temp_dir(t->dir, sizeof t->dir, "test") != 0) {
        free(t);
        return -1;
    }
    i18n_set_lang(ADMIT_LANG_EN);
    *state = t;
    return 0;
}

static int tmp_teardown(void **state)
{
    struct tmp_rules *t = *state;
    support_remove_tree(t->dir);
    free(t);
    i18n_set_lang(ADMIT_LANG_VI);
    return 0;
}

/* Write the three files; NULL leaves a file out. */
static void write_rules(const struct tmp_rules *t, const char *editions, const char *params,
                        const char *catalog)
{
    const char *names[] = {"editions.json", "params.json", "catalog.json"};
    const char *texts[] = {editions, params, catalog};
    for (size_t i = 0; i < 3; i++) {
        char path[128];
        support_path(path, sizeof path, t->dir, names[i]);
        unlink(path);
        if (texts[i] != NULL)
            support_write_text(path, texts[i]);
    }
}

/* Load the temporary rulebook, which must fail with ADMIT_ERULES naming `file` and `path`. */
static struct admit_error expect_load_error(const struct tmp_rules *t, const char *file,
                                            const char *path)
{
    struct rulebook *rb = (struct rulebook *)&rb;   /* must be reset to NULL */
    struct admit_error err;
    admit_error_clear(&err);
    enum admit_status status = rulebook_load(t->dir, &rb, &err);
    char want_file[128];
    snprintf(want_file, sizeof want_file, "%s/%s", t->dir, file);
    if (status != ADMIT_ERULES || err.status != ADMIT_ERULES ||
        strcmp(err.file, want_file) != 0 || (path != NULL && strcmp(err.path, path) != 0)) {
        print_error("expected ADMIT_ERULES in %s at \"%s\", got status %d\n", want_file,
                    path ? path : "(any)", status);
        support_print_error("error", &err);
        if (status == ADMIT_OK)
            rulebook_free(rb);
        fail();
    }
    assert_null(rb);
    return err;
}

static void test_load_small_rulebook(void **state)
{
    struct tmp_rules *t = *state;
    struct rulebook *rb = NULL;
    struct admit_error err;
    admit_error_clear(&err);
    write_rules(t, good_editions, good_params, good_catalog);
    if (rulebook_load(t->dir, &rb, &err) != ADMIT_OK) {
        support_print_error("small rulebook", &err);
        fail();
    }
    assert_int_equal(rulebook_edition_count(rb), 2);
    assert_int_equal(rulebook_edition_at(rb, day_of("2016-07-25")), 1);
    assert_string_equal(rulebook_guidance_at(rb, 0, day_of("2016-01-01")), "G1");
    assert_null(rulebook_guidance_at(rb, 1, day_of("2016-08-01")));
    const struct param *x = rulebook_param(rb, "x.months");
    assert_int_equal(rulebook_param_value(x, 0)->valueint, 1);
    assert_int_equal(rulebook_param_value(x, 1)->valueint, 2);
    const struct param *y = rulebook_param(rb, "y.days");
    assert_null(rulebook_param_value(y, 0));
    assert_int_equal(rulebook_param_value(y, 1)->valueint, 5);
    assert_null(y->source);
    assert_int_equal(rulebook_catalog_count(rb), 2);
    assert_int_equal(rulebook_catalog_at(rb, 1)->procedures, BOTH);
    rulebook_free(rb);
}

static void test_editions_out_of_order(void **state)
{
    struct tmp_rules *t = *state;
    write_rules(t,
                "{\"editions\": [\n"
                "  {\"id\": \"new\", \"from\": \"2016-07-25\", \"regulation\": \"R2\"},\n"
                "  {\"id\": \"old\", \"from\": \"2011-11-01\", \"regulation\": \"R1\"}\n"
                "]}\n",
                good_params, good_catalog);
    struct admit_error err = expect_load_error(t, "editions.json", "editions[1]");
    assert_non_null(strstr(err.message, "increasing date order"));
    /* The same date twice is not an order either. */
    write_rules(t,
                "{\"editions\": [\n"
                "  {\"id\": \"old\", \"from\": \"2011-11-01\", \"regulation\": \"R1\"},\n"
                "  {\"id\": \"new\", \"from\": \"2011-11-01\", \"regulation\": \"R2\"}\n"
                "]}\n",
                good_params, good_catalog);
    expect_load_error(t, "editions.json", "editions[1]");
}

static void test_edition_bad_fields(void **state)
{
    struct tmp_rules *t = *state;
    write_rules(t,
                "{\"editions\": [{\"id\": \"old\", \"from\": \"2011-02-30\", \"regulation\": \"R\"}]}",
                good_params, good_catalog);
    expect_load_error(t, "editions.json", "editions[0]");
    write_rules(t, "{\"editions\": []}", good_params, good_catalog);
    expect_load_error(t, "editions.json", "editions");
    write_rules(t,
                "{\"editions\": [{\"id\": \"old\", \"from\": \"2011-11-01\", \"regulation\": \"R\","
                " \"guidance\": [{\"id\": \"G\"}]}]}",
                good_params, good_catalog);
    expect_load_error(t, "editions.json", "editions[0]");
}

static void test_param_unknown_edition(void **state)
{
    struct tmp_rules *t = *state;
    /* As the first entry ... */
    write_rules(t, good_editions,
                "{\"params\": {\"x.months\": {\"direction\": \"up\", \"values\": {\"2030\": 1}}}}",
                good_catalog);
    struct admit_error err = expect_load_error(t, "params.json", "params.x.months.values.2030");
    assert_non_null(strstr(err.message, "an edition listed in editions.json"));
    /* ... and after a known one: still reported as unknown, not as out of order. */
    write_rules(t, good_editions,
                "{\"params\": {\"x.months\": {\"direction\": \"up\","
                " \"values\": {\"old\": 1, \"2030\": 2}}}}",
                good_catalog);
    err = expect_load_error(t, "params.json", "params.x.months.values.2030");
    assert_non_null(strstr(err.message, "an edition listed in editions.json"));
}

static void test_param_errors(void **state)
{
    struct tmp_rules *t = *state;
    write_rules(t, good_editions,
                "{\"params\": {\"x.months\": {\"direction\": \"up\","
                " \"values\": {\"new\": 1, \"old\": 2}}}}",
                good_catalog);
    struct admit_error err = expect_load_error(t, "params.json", "params.x.months.values");
    assert_non_null(strstr(err.message, "editions in order"));
    write_rules(t, good_editions,
                "{\"params\": {\"x.months\": {\"direction\": \"sideways\", \"values\": {}}}}",
                good_catalog);
    expect_load_error(t, "params.json", "params.x.months");
    write_rules(t, good_editions,
                "{\"params\": {\"x.months\": {\"direction\": \"up\", \"values\": [1]}}}",
                good_catalog);
    expect_load_error(t, "params.json", "params.x.months");
    write_rules(t, good_editions, "{\"params\": []}", good_catalog);
    expect_load_error(t, "params.json", "params");
}

static void test_catalog_duplicate_id(void **state)
{
    struct tmp_rules *t = *state;
    write_rules(t, good_editions, good_params,
                "{\"rules\": [\n"
                "  {\"id\": \"a.one\", \"severity\": \"eligibility\", \"procedures\": [\"admission\"]},\n"
                "  {\"id\": \"b.two\", \"severity\": \"process\", \"procedures\": [\"admission\"]},\n"
                "  {\"id\": \"a.one\", \"severity\": \"advisory\", \"procedures\": [\"recognition\"]}\n"
                "]}\n");
    struct admit_error err = expect_load_error(t, "catalog.json", "rules[2]");
    assert_non_null(strstr(err.message, "a unique rule id"));
}

static void test_catalog_bad_entries(void **state)
{
    struct tmp_rules *t = *state;
    write_rules(t, good_editions, good_params,
                "{\"rules\": [{\"id\": \"a\", \"severity\": \"fatal\", \"procedures\": [\"admission\"]}]}");
    expect_load_error(t, "catalog.json", "rules[0]");
    write_rules(t, good_editions, good_params,
                "{\"rules\": [{\"id\": \"a\", \"severity\": \"process\", \"procedures\": [\"appeal\"]}]}");
    expect_load_error(t, "catalog.json", "rules[0]");
    write_rules(t, good_editions, good_params, "{\"rules\": []}");
    expect_load_error(t, "catalog.json", "rules");
}

static void test_missing_files(void **state)
{
    struct tmp_rules *t = *state;
    write_rules(t, good_editions, good_params, NULL);
    struct admit_error err = expect_load_error(t, "catalog.json", "");
    assert_non_null(strstr(err.message, "cannot read the file"));
    write_rules(t, good_editions, NULL, good_catalog);
    expect_load_error(t, "params.json", "");
    write_rules(t, NULL, good_params, good_catalog);
    expect_load_error(t, "editions.json", "");
}

static void test_invalid_json(void **state)
{
    struct tmp_rules *t = *state;
    write_rules(t, good_editions, "{\"params\": {\n  \"x\": {\"direction\": \"up\", \"direction\": \"down\"}}}",
                good_catalog);
    expect_load_error(t, "params.json", "params.x.direction");
    write_rules(t, "{\"editions\": [\n  {\"id\": old}]}", good_params, good_catalog);
    expect_load_error(t, "editions.json", "line 2, column 10");
}

/* The steps of result.md, "Steps", and the step of each rule listed there. */
static void test_steps(void **state)
{
    const struct rulebook *rb = *state;
    static const char *const admission[] = {"preparation", "branch_vote", "grassroots_vote",
                                            "decision", "ceremony"};
    static const char *const recognition[] = {"probation", "branch_vote", "grassroots_vote",
                                              "decision"};
    assert_int_equal(rulebook_step_count(rb, PROCEDURE_ADMISSION), 5);
    assert_int_equal(rulebook_step_count(rb, PROCEDURE_RECOGNITION), 4);
    for (size_t i = 0; i < 5; i++)
        assert_string_equal(rulebook_step(rb, PROCEDURE_ADMISSION, i)->id, admission[i]);
    for (size_t i = 0; i < 4; i++)
        assert_string_equal(rulebook_step(rb, PROCEDURE_RECOGNITION, i)->id, recognition[i]);
    assert_null(rulebook_step(rb, PROCEDURE_ADMISSION, 5));
    assert_null(rulebook_step(rb, PROCEDURE_RECOGNITION, 4));
    assert_null(rulebook_step(rb, PROCEDURE_ADMISSION, 0)->event);
    assert_string_equal(rulebook_step(rb, PROCEDURE_ADMISSION, 1)->event, "branch_vote.date");
    assert_string_equal(rulebook_step(rb, PROCEDURE_ADMISSION, 2)->skip_when,
                        "organisation.branch.grassroots");
    assert_string_equal(rulebook_step(rb, PROCEDURE_RECOGNITION, 1)->event,
                        "probation.branch_votes[0].date");
    static const struct {
        const char *rule, *step;
    } steps[] = {
        {"elig.citizen", "preparation"},      {"vote.branch", "branch_vote"},
        {"vote.grassroots", "grassroots_vote"}, {"decision.authority", "decision"},
        {"decision.deadline", "decision"},    {"readm.approval", "decision"},
        {"ceremony.deadline", "ceremony"},    {"prob.duration", "branch_vote"},
        {"off.docs", "probation"},            {"off.vote", "branch_vote"},
        {"off.branch_deadline", "branch_vote"}, {"off.grassroots_vote", "grassroots_vote"},
        {"off.decision_authority", "decision"}, {"off.decision_deadline", "decision"},
        {"off.effective_date", "decision"},   {"mentor.status", "preparation"},
        {"rulebook.currency", "preparation"},
    };
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        int at = rulebook_catalog_find(rb, steps[i].rule);
        assert_true(at >= 0);
        assert_string_equal(rulebook_catalog_at(rb, (size_t)at)->step, steps[i].step);
    }
    /* A rule of both procedures is at the first step of each. */
    unsigned both = PROCEDURE_ADMISSION | PROCEDURE_RECOGNITION;
    assert_int_equal(rulebook_step_valid(rb, both, "preparation"), 0);
    assert_int_equal(rulebook_step_valid(rb, both, "probation"), 0);
    assert_int_equal(rulebook_step_valid(rb, both, "decision"), -1);
    assert_int_equal(rulebook_step_valid(rb, PROCEDURE_ADMISSION, "ceremony"), 0);
    assert_int_equal(rulebook_step_valid(rb, PROCEDURE_RECOGNITION, "ceremony"), -1);
    assert_int_equal(rulebook_step_index(rb, PROCEDURE_RECOGNITION, "preparation"), 0);
    assert_int_equal(rulebook_step_index(rb, PROCEDURE_ADMISSION, "ceremony"), 4);
}

static void test_catalog_bad_steps(void **state)
{
    struct tmp_rules *t = *state;
    static const char steps[] =
        "\"steps\": {\"admission\": [{\"id\": \"preparation\"}, "
        "{\"id\": \"branch_vote\", \"event\": \"branch_vote.date\"}], "
        "\"recognition\": [{\"id\": \"probation\"}]}";
    char catalog[1024];
    /* a step that is not one of its procedure's */
    snprintf(catalog, sizeof catalog,
             "{%s, \"rules\": [{\"id\": \"a\", \"severity\": \"process\", "
             "\"procedures\": [\"recognition\"], \"step\": \"branch_vote\"}]}", steps);
    write_rules(t, good_editions, good_params, catalog);
    struct admit_error err = expect_load_error(t, "catalog.json", "rules[0]");
    assert_non_null(strstr(err.message, "step"));
    /* a later step without its event date */
    write_rules(t, good_editions, good_params,
                "{\"steps\": {\"admission\": [{\"id\": \"preparation\"}, {\"id\": \"x\"}], "
                "\"recognition\": [{\"id\": \"probation\"}]}, \"rules\": []}");
    expect_load_error(t, "catalog.json", "steps.admission[1]");
    /* a procedure without steps */
    write_rules(t, good_editions, good_params,
                "{\"steps\": {\"admission\": [{\"id\": \"preparation\"}]}, \"rules\": []}");
    expect_load_error(t, "catalog.json", "steps.recognition");
    /* the same step twice */
    write_rules(t, good_editions, good_params,
                "{\"steps\": {\"admission\": [{\"id\": \"preparation\"}, "
                "{\"id\": \"preparation\", \"event\": \"a.date\"}], "
                "\"recognition\": [{\"id\": \"probation\"}]}, \"rules\": []}");
    expect_load_error(t, "catalog.json", "steps.admission[1]");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_editions, real_setup, real_teardown),
        cmocka_unit_test_setup_teardown(test_edition_at_boundaries, real_setup, real_teardown),
        cmocka_unit_test_setup_teardown(test_guidance_at, real_setup, real_teardown),
        cmocka_unit_test_setup_teardown(test_params_by_edition, real_setup, real_teardown),
        cmocka_unit_test_setup_teardown(test_param_directions, real_setup, real_teardown),
        cmocka_unit_test_setup_teardown(test_param_listing, real_setup, real_teardown),
        cmocka_unit_test_setup_teardown(test_catalog, real_setup, real_teardown),
        cmocka_unit_test_setup_teardown(test_steps, real_setup, real_teardown),
        cmocka_unit_test_setup_teardown(test_catalog_bad_steps, tmp_setup, tmp_teardown),
        cmocka_unit_test(test_names),
        cmocka_unit_test_setup_teardown(test_load_small_rulebook, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_editions_out_of_order, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_edition_bad_fields, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_param_unknown_edition, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_param_errors, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_catalog_duplicate_id, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_catalog_bad_entries, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_missing_files, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_invalid_json, tmp_setup, tmp_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
