/*
 * test_profile.c - committee profiles (engine/profile_load.c): the shipped
 * examples, the chain, selection, values per edition and the no-loosening
 * checks on small profile folders written into a temporary directory.
 * Run from the repository root (rules/, schemas/).
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

#include "date.h"
#include "i18n.h"
#include "profile_load.h"
#include "rulebook.h"
#include "strbuf.h"
#include "support.h"

struct fixture {
    struct rulebook *book;
    char dir[512];
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    struct admit_error err;
    i18n_set_lang(ADMIT_LANG_EN);
    if (f == NULL || rulebook_load("rules", &f->book, &err) != ADMIT_OK ||
        support_temp_dir(f->dir, sizeof f->dir, "profile") != 0)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    support_remove_tree(f->dir);
    rulebook_free(f->book);
    free(f);
    return 0;
}

static admit_day day_of(const char *text)
{
    admit_day d = 0;
    assert_int_equal(date_parse(text, strlen(text), &d), 0);
    return d;
}

/* Load the shipped profiles and those of `dir` (NULL: none). */
static enum admit_status load(struct fixture *f, const char *dir, struct profile_set **set,
                              struct strbuf *violations)
{
    const char *dirs[1] = {dir};
    struct profile_sources src = {dirs, dir ? 1 : 0, "rules/profiles", "schemas", NULL, 0, 0, NULL};
    struct admit_error err;
    strbuf_init(violations);
    return profile_set_load(&src, f->book, set, violations, &err);
}

static void write_profile(struct fixture *f, const char *id, const char *json)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s.json", f->dir, id);
    support_write_text(path, json);
}

static void shipped_examples(void **state)
{
    struct fixture *f = *state;
    struct profile_set *set = NULL;
    struct strbuf v;
    assert_int_equal(load(f, NULL, &set, &v), ADMIT_OK);
    assert_int_equal(v.len, 0);
    assert_int_equal(profile_set_count(set), 3);
    const struct profile *so = profile_set_find(set, "dang-uy-so-mau");
    assert_non_null(so);
    const struct profile *chain[PROFILE_CHAIN_MAX];
    assert_int_equal(profile_chain(so, chain, PROFILE_CHAIN_MAX), 2);
    assert_string_equal(chain[0]->id, "tinh-uy-mau");
    assert_string_equal(chain[1]->id, "dang-uy-so-mau");
    assert_string_equal(so->ns, "somau");

    /* the province's 36 months in 2023, set by it; central's 60 under central */
    const struct profile *by = NULL;
    int e2021 = rulebook_edition_find(f->book, "2021");
    const cJSON *v36 = profile_param_value(so, f->book, "awareness.validity_months", (size_t)e2021, &by);
    assert_non_null(v36);
    assert_int_equal(v36->valueint, 36);
    assert_ptr_equal(by, chain[0]);
    const cJSON *v60 = profile_param_value(NULL, f->book, "awareness.validity_months", (size_t)e2021, &by);
    assert_int_equal(v60->valueint, 60);
    assert_null(by);
    /* in force from 2020: edition 2011 (until 2016) keeps central's value */
    int e2011 = rulebook_edition_find(f->book, "2011");
    assert_int_equal(profile_param_value(so, f->book, "awareness.validity_months", (size_t)e2011, &by)->valueint, 60);

    /* selection: the deepest committee with a profile in force on the day */
    cJSON *path = cJSON_Parse("[\"tw\", \"tinh-uy-mau\", \"dang-uy-so-mau\", \"chi-bo\"]");
    assert_ptr_equal(profile_set_select(set, path, day_of("2023-05-10")), so);
    assert_ptr_equal(profile_set_select(set, path, day_of("2020-05-10")), chain[0]);  /* so-mau from 2020-08-03 */
    assert_null(profile_set_select(set, path, day_of("2019-12-31")));
    cJSON_Delete(path);
    path = cJSON_Parse("[\"tw\", \"tinh-khac\"]");
    assert_null(profile_set_select(set, path, day_of("2023-05-10")));
    cJSON_Delete(path);
    strbuf_release(&v);
    profile_set_free(set);
}

static void fractions_exact(void **state)
{
    struct fixture *f = *state;
    struct profile_set *set = NULL;
    struct strbuf v;
    write_profile(f, "eq", "{\"format\": \"admit.profile/1\", \"id\": \"eq\", \"extends\": \"central\","
                           " \"title\": {\"vi\": \"a\", \"en\": \"a\"},"
                           " \"params\": {\"vote.fraction\": {\"num\": 200000000, \"den\": 300000000}}}");
    assert_int_equal(load(f, f->dir, &set, &v), ADMIT_OK);
    strbuf_release(&v);
    profile_set_free(set);
    /* 666666667/1000000000 is above 2/3 (tightens); 666666666/1000000000 below (loosens) */
    write_profile(f, "eq", "{\"format\": \"admit.profile/1\", \"id\": \"eq\", \"extends\": \"central\","
                           " \"title\": {\"vi\": \"a\", \"en\": \"a\"},"
                           " \"params\": {\"vote.fraction\": {\"num\": 666666667, \"den\": 1000000000}}}");
    assert_int_equal(load(f, f->dir, &set, &v), ADMIT_OK);
    strbuf_release(&v);
    profile_set_free(set);
    write_profile(f, "eq", "{\"format\": \"admit.profile/1\", \"id\": \"eq\", \"extends\": \"central\","
                           " \"title\": {\"vi\": \"a\", \"en\": \"a\"},"
                           " \"params\": {\"vote.fraction\": {\"num\": 666666666, \"den\": 1000000000}}}");
    assert_int_equal(load(f, f->dir, &set, &v), ADMIT_ERULES);
    assert_null(set);
    assert_non_null(strstr(v.buf, "params.vote.fraction: 666666666/1000000000 loosens central's 2/3"));
    strbuf_release(&v);
}

static void every_violation_reported(void **state)
{
    struct fixture *f = *state;
    struct profile_set *set = NULL;
    struct strbuf v;
    write_profile(f, "eq", "{\"format\": \"admit.profile/1\", \"id\": \"eq\", \"extends\": \"tinh-uy-mau\","
                           " \"title\": {\"vi\": \"a\", \"en\": \"a\"},"
                           " \"params\": {\"mentor.report_every_months\": 4, \"age.min_months\": 200,"
                           " \"probation.months\": 18},"
                           " \"disable\": [{\"rule\": \"train.awareness\", \"reason\": \"x\"}],"
                           " \"mandatory\": [\"other.rule\"]}");
    assert_int_equal(load(f, f->dir, &set, &v), ADMIT_ERULES);
    const char *expect[] = {
        "params.mentor.report_every_months: 4 loosens tinh-uy-mau's 3",
        "params.age.min_months: 200 loosens central's 216",
        "params.probation.months: fixed by central",
        "disable[0].rule: train.awareness is a central rule",
        "mandatory[0]: other.rule is not a rule of this profile",
    };
    for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++)
        if (strstr(v.buf, expect[i]) == NULL) {
            print_error("missing \"%s\" in:\n%s", expect[i], v.buf);
            fail();
        }
    size_t lines = 0;
    for (const char *c = v.buf; *c; c++)
        lines += *c == '\n';
    assert_int_equal(lines, 5);
    strbuf_release(&v);
}

static void chain_errors(void **state)
{
    struct fixture *f = *state;
    struct profile_set *set = NULL;
    struct strbuf v;
    char path[1024];
    snprintf(path, sizeof path, "%s/eq.json", f->dir);
    remove(path);
    write_profile(f, "a", "{\"format\": \"admit.profile/1\", \"id\": \"a\", \"extends\": \"b\","
                          " \"title\": {\"vi\": \"a\", \"en\": \"a\"}}");
    write_profile(f, "b", "{\"format\": \"admit.profile/1\", \"id\": \"b\", \"extends\": \"a\","
                          " \"title\": {\"vi\": \"a\", \"en\": \"a\"}}");
    write_profile(f, "c", "{\"format\": \"admit.profile/1\", \"id\": \"c\", \"extends\": \"nobody\","
                          " \"title\": {\"vi\": \"a\", \"en\": \"a\"}, \"namespace\": \"age\"}");
    assert_int_equal(load(f, f->dir, &set, &v), ADMIT_ERULES);
    assert_non_null(strstr(v.buf, "a.json: extends: the \"extends\" chain is a cycle"));
    assert_non_null(strstr(v.buf, "b.json: extends: the \"extends\" chain is a cycle"));
    assert_non_null(strstr(v.buf, "c.json: extends: no parent profile \"nobody\""));
    strbuf_release(&v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shipped_examples),
        cmocka_unit_test(fractions_exact),
        cmocka_unit_test(every_violation_reported),
        cmocka_unit_test(chain_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
