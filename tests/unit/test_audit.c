/*
 * test_audit.c - the pieces of `admit audit` below the threads: the input
 * readers (engine/audit_input.c), the reorder window (audit_order.c) and
 * the resume logic of results.jsonl (audit_output.c).
 *
 * Each test gets a fresh temporary directory, removed by the teardown.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "audit_input.h"
#include "audit_order.h"
#include "audit_output.h"
#include "audit_compare.h"
#include "audit_run.h"
#include "i18n.h"
#include "support.h"

struct fixture {
    char dir[64];
};

static int setup(void **state)
{
    struct fixture *fx = calloc(1, sizeof *fx);
    if (fx == NULL || support_temp_dir(fx->dir, sizeof fx->dir, "audit") != 0) {
        free(fx);
        return -1;
    }
    i18n_set_lang(ADMIT_LANG_EN);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *fx = *state;
    support_remove_tree(fx->dir);
    free(fx);
    return 0;
}

/* Read every record of `paths` as "origin=text" or "origin!error" lines. */
static char *read_all(char **paths, size_t count, size_t max, long long *total)
{
    struct audit_input *in = NULL;
    struct admit_error err;
    struct audit_input_record rec;
    size_t cap = 4096, used = 0;
    char *out = calloc(1, cap);
    assert_non_null(out);
    if (audit_input_open(paths, count, max, &in, &err) != ADMIT_OK)
        support_print_error("audit_input_open", &err);
    assert_non_null(in);
    if (total != NULL)
        *total = audit_input_total(in);
    int rc;
    while ((rc = audit_input_next(in, &rec, &err)) == 1) {
        char line[1024];
        snprintf(line, sizeof line, "%s%c%s\n", rec.origin, rec.error ? '!' : '=',
                 rec.error ? rec.error : rec.text);
        size_t n = strlen(line);
        if (used + n + 1 > cap) {
            cap = 2 * (used + n + 1);
            out = realloc(out, cap);
            assert_non_null(out);
        }
        memcpy(out + used, line, n + 1);
        used += n;
        audit_input_record_release(&rec);
    }
    assert_int_equal(rc, 0);
    audit_input_free(in);
    return out;
}

static void test_jsonl_lines_and_origins(void **state)
{
    struct fixture *fx = *state;
    char path[128], expected[1024];
    support_path(path, sizeof path, fx->dir, "a.jsonl");
    support_write_text(path, "{\"n\":1}\n\n  \t\n{\"n\":2}\r\n0123456789ABC\n{\"n\":3}");
    char *paths[] = {path};
    long long total = 0;
    char *got = read_all(paths, 1, 12, &total);
    snprintf(expected, sizeof expected,
             "%s:1={\"n\":1}\n%s:4={\"n\":2}\r\n%s:5!line too long: at most 12 bytes\n%s:6={\"n\":3}\n",
             path, path, path, path);
    assert_string_equal(got, expected);
    assert_int_equal(total, -1);   /* JSON Lines are not counted ahead */
    free(got);
}

/* Lines longer than the reader's 64 KiB chunks (audit_input.c), a line too
 * long that spans chunks, a line whose newline opens a chunk, and a last
 * line without its newline: whole lines, their numbers, every byte counted. */
static void test_jsonl_lines_across_chunks(void **state)
{
    struct fixture *fx = *state;
    char path[128];
    support_path(path, sizeof path, fx->dir, "long.jsonl");
    size_t long_len = 70000, too_long = 150000, max = 100000;
    /* line 1 (70 000 bytes) runs into the second chunk; line 2's bytes end
     * exactly at the second chunk's end, its newline opens the third */
    size_t first_chunk_fill = 64 * 1024 - (long_len + 1) % (64 * 1024);
    size_t size = long_len + 1 + first_chunk_fill + 1 + 3 + too_long + 1 + 5;
    char *text = malloc(size + 1), *p = text;
    assert_non_null(text);
    memset(p, 'a', long_len);
    p[0] = '[';
    p[long_len - 1] = ']';
    p += long_len;
    *p++ = '\n';
    memset(p, 'b', first_chunk_fill);
    p += first_chunk_fill;
    *p++ = '\n';
    memcpy(p, "\n\n\n", 3);             /* two blank lines and an empty one */
    p += 3;
    memset(p, 'c', too_long);
    p += too_long;
    *p++ = '\n';
    memcpy(p, "{\"z\"}", 5);           /* no newline at the end */
    p += 5;
    assert_int_equal((size_t)(p - text), size);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, size, f), size);
    fclose(f);

    char *paths[] = {path};
    struct audit_input *in = NULL;
    struct admit_error err;
    struct audit_input_record rec;
    assert_int_equal(audit_input_open(paths, 1, max, &in, &err), ADMIT_OK);
    char origin[160];
    assert_int_equal(audit_input_next(in, &rec, &err), 1);
    snprintf(origin, sizeof origin, "%s:1", path);
    assert_string_equal(rec.origin, origin);
    assert_int_equal(rec.len, long_len);
    assert_int_equal(rec.text[0], '[');
    assert_int_equal(rec.text[long_len - 1], ']');
    assert_int_equal(strspn(rec.text + 1, "a"), long_len - 2);
    audit_input_record_release(&rec);
    assert_int_equal(audit_input_next(in, &rec, &err), 1);
    snprintf(origin, sizeof origin, "%s:2", path);
    assert_string_equal(rec.origin, origin);
    assert_int_equal(rec.len, first_chunk_fill);
    assert_int_equal(strspn(rec.text, "b"), first_chunk_fill);
    audit_input_record_release(&rec);
    assert_int_equal(audit_input_next(in, &rec, &err), 1);   /* lines 3-5 are blank */
    snprintf(origin, sizeof origin, "%s:6", path);
    assert_string_equal(rec.origin, origin);
    assert_non_null(rec.error);
    assert_non_null(strstr(rec.error, "100000"));
    audit_input_record_release(&rec);
    assert_int_equal(audit_input_next(in, &rec, &err), 1);
    snprintf(origin, sizeof origin, "%s:7", path);
    assert_string_equal(rec.origin, origin);
    assert_string_equal(rec.text, "{\"z\"}");
    audit_input_record_release(&rec);
    assert_int_equal(audit_input_next(in, &rec, &err), 0);
    long long done = 0, total = 0;
    audit_input_bytes(in, &done, &total);
    assert_int_equal(done, (long long)size);
    audit_input_free(in);
    free(text);
}

static void test_dir_byte_order(void **state)
{
    struct fixture *fx = *state;
    char path[256], root[128], expected[2048];
    support_path(root, sizeof root, fx->dir, "tree");
    mkdir(root, 0700);
    const char *dirs[] = {"b", "b/a", "c.json"};   /* a folder named *.json is walked, not read */
    for (size_t i = 0; i < 3; i++)
        mkdir(support_path(path, sizeof path, root, dirs[i]), 0700);
    const char *files[] = {"b/z.json", "a.json", "B.json", "b/a/c.json", "b/x.txt", "c.json/d.json"};
    for (size_t i = 0; i < 6; i++)
        support_write_text(support_path(path, sizeof path, root, files[i]), files[i]);
    char *paths[] = {root};
    long long total = 0;
    char *got = read_all(paths, 1, 100, &total);
    snprintf(expected, sizeof expected,
             "%s/B.json=B.json\n%s/a.json=a.json\n%s/b/a/c.json=b/a/c.json\n%s/b/z.json=b/z.json\n"
             "%s/c.json/d.json=c.json/d.json\n", root, root, root, root, root);
    assert_string_equal(got, expected);
    assert_int_equal(total, 5);
    free(got);
}

static void test_sqlite_rows(void **state)
{
    struct fixture *fx = *state;
    char path[128], expected[1024];
    sqlite3 *db = NULL;
    support_path(path, sizeof path, fx->dir, "d.db");
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE dossiers(id TEXT PRIMARY KEY, json TEXT);"
                                      "INSERT INTO dossiers VALUES ('b', '{\"b\":1}'), ('a', '[]'),"
                                      "('c', NULL), ('d', '0123456789');",
                                  NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    char *paths[] = {path};
    long long total = 0;
    char *got = read_all(paths, 1, 8, &total);
    snprintf(expected, sizeof expected,
             "%s#a=[]\n%s#b={\"b\":1}\n%s#c!the json column is NULL\n"
             "%s#d!input too large: at most 8 bytes\n", path, path, path, path);
    assert_string_equal(got, expected);
    assert_int_equal(total, 4);
    free(got);
}

static void test_kinds_refused(void **state)
{
    struct fixture *fx = *state;
    char path[128], missing[128];
    struct audit_input *in = NULL;
    struct admit_error err;
    support_path(path, sizeof path, fx->dir, "notes.txt");
    support_write_text(path, "SQLite format 2\n....");
    support_path(missing, sizeof missing, fx->dir, "absent.jsonl");
    char *paths[] = {path};
    assert_int_equal(audit_input_open(paths, 1, 100, &in, &err), ADMIT_EUSAGE);
    assert_null(in);
    assert_string_equal(err.file, path);
    char *paths2[] = {missing};
    assert_int_equal(audit_input_open(paths2, 1, 100, &in, &err), ADMIT_EUSAGE);
    assert_non_null(strstr(err.message, "no such file"));
    char *paths3[] = {"-", "-"};
    assert_int_equal(audit_input_open(paths3, 2, 100, &in, &err), ADMIT_EUSAGE);
}

static void test_several_inputs(void **state)
{
    struct fixture *fx = *state;
    char a[128], b[128], expected[512];
    support_path(a, sizeof a, fx->dir, "a.ndjson");
    support_path(b, sizeof b, fx->dir, "b.jsonl");
    support_write_text(a, "1\n2\n");
    support_write_text(b, "3\n");
    char *paths[] = {b, a};
    char *got = read_all(paths, 2, 100, NULL);
    snprintf(expected, sizeof expected, "%s:1=3\n%s:1=1\n%s:2=2\n", b, a, a);
    assert_string_equal(got, expected);
    free(got);
}

/* -- the reorder window -------------------------------------------------- */

static void test_order_window(void **state)
{
    (void)state;
    struct audit_order o;
    int items[5] = {0, 1, 2, 3, 4};
    void *p;
    assert_int_equal(audit_order_init(&o, 3), 0);
    assert_int_equal(audit_order_add(&o, &items[0]), 0);
    assert_int_equal(audit_order_add(&o, &items[1]), 1);
    assert_int_equal(audit_order_add(&o, &items[2]), 2);
    assert_false(audit_order_has_room(&o));
    assert_int_equal(audit_order_add(&o, &items[3]), -1);     /* bounded */
    assert_int_equal(audit_order_take(&o, &p), 0);
    assert_ptr_equal(p, &items[0]);
    assert_int_equal(audit_order_take(&o, &p), 1);
    assert_int_equal(audit_order_take(&o, &p), 2);
    assert_int_equal(audit_order_take(&o, &p), -1);           /* nothing queued */
    assert_int_equal(audit_order_ready(&o), 0);
    assert_int_equal(audit_order_done(&o, 2, &items[2]), 0);   /* finished out of order */
    assert_int_equal(audit_order_done(&o, 1, &items[1]), 0);
    assert_int_equal(audit_order_ready(&o), 0);                /* 1 and 2 wait for 0 */
    assert_int_equal(audit_order_pop(&o, &p), 0);             /* 0 is not done: 1, 2 wait */
    assert_int_equal(audit_order_done(&o, 1, &items[1]), -1);  /* twice */
    assert_int_equal(audit_order_done(&o, 7, &items[1]), -1);  /* never taken */
    assert_int_equal(audit_order_done(&o, 0, &items[0]), 0);
    assert_int_equal(audit_order_ready(&o), 3);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(audit_order_pop(&o, &p), 1);
        assert_ptr_equal(p, &items[i]);
        assert_int_equal(audit_order_ready(&o), 2 - i);
    }
    assert_int_equal(audit_order_pop(&o, &p), 0);
    assert_true(audit_order_has_room(&o));
    assert_int_equal(audit_order_add(&o, &items[3]), 3);       /* the ring wraps */
    assert_int_equal(audit_order_add(&o, &items[4]), 4);
    assert_int_equal(audit_order_take(&o, &p), 3);
    assert_int_equal(audit_order_take(&o, &p), 4);
    assert_int_equal(audit_order_done(&o, 4, &items[4]), 0);
    assert_int_equal(audit_order_ready(&o), 0);
    assert_int_equal(audit_order_done(&o, 3, &items[3]), 0);
    assert_int_equal(audit_order_ready(&o), 2);                /* across the ring's end */
    assert_int_equal(audit_order_pop(&o, &p), 1);
    assert_ptr_equal(p, &items[3]);
    assert_int_equal(audit_order_pop(&o, &p), 1);
    assert_ptr_equal(p, &items[4]);
    assert_int_equal(audit_order_ready(&o), 0);
    audit_order_release(&o);
}

/* -- results.jsonl and resuming --------------------------------------------- */

static void test_resume_keeps_complete_lines(void **state)
{
    struct fixture *fx = *state;
    char path[128];
    struct audit_results r;
    struct admit_error err;
    char *line = NULL;
    size_t len = 0;
    support_path(path, sizeof path, fx->dir, "results.jsonl");
    support_write_text(path, "{\"a\":1}\n{\"b\":2}\n{\"c\":");
    assert_int_equal(audit_results_open(&r, fx->dir, 1, &err), ADMIT_OK);
    assert_int_equal(r.kept, 2);
    assert_int_equal(audit_results_next_kept(&r, &line, &len, &err), 1);
    assert_string_equal(line, "{\"a\":1}");
    free(line);
    assert_int_equal(audit_results_next_kept(&r, &line, &len, &err), 1);
    assert_string_equal(line, "{\"b\":2}");
    assert_int_equal(len, 7);
    free(line);
    assert_int_equal(audit_results_next_kept(&r, &line, &len, &err), 0);
    assert_int_equal(audit_results_add(&r, "{\"c\":3}", &err), ADMIT_OK);
    assert_int_equal(audit_results_close(&r, &err), ADMIT_OK);
    char *text = support_read_file(path, 1000);
    assert_string_equal(text, "{\"a\":1}\n{\"b\":2}\n{\"c\":3}\n");   /* the cut line is gone */
    free(text);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    /* Without resume the file starts empty. */
    assert_int_equal(audit_results_open(&r, fx->dir, 0, &err), ADMIT_OK);
    assert_int_equal(r.kept, 0);
    assert_int_equal(audit_results_close(&r, &err), ADMIT_OK);
    text = support_read_file(path, 1000);
    assert_string_equal(text, "");
    free(text);
}

static void test_prepare_refuses_non_empty(void **state)
{
    struct fixture *fx = *state;
    char out[128], file[160];
    struct admit_error err;
    support_path(out, sizeof out, fx->dir, "out");
    assert_int_equal(audit_output_prepare(out, 0, 0, &err), ADMIT_OK);   /* created */
    assert_int_equal(audit_output_prepare(out, 0, 0, &err), ADMIT_OK);   /* empty */
    support_write_text(support_path(file, sizeof file, out, "x"), "x");
    assert_int_equal(audit_output_prepare(out, 0, 0, &err), ADMIT_EUSAGE);
    assert_non_null(strstr(err.message, "--force"));
    assert_int_equal(audit_output_prepare(out, 1, 0, &err), ADMIT_OK);
    assert_int_equal(audit_output_prepare(out, 0, 1, &err), ADMIT_OK);
    assert_int_equal(audit_output_prepare(file, 1, 0, &err), ADMIT_EUSAGE);   /* a file */
    assert_int_equal(audit_output_write_file(out, "s.json", "{}\n", 3, &err), ADMIT_OK);
    char *text = support_read_file(support_path(file, sizeof file, out, "s.json"), 100);
    assert_string_equal(text, "{}\n");
    free(text);
}

/* -- the whole run, with the per-record callback ------------------------- */

struct seen {
    char inputs[8][AUDIT_ORIGIN_MAX];
    int with_dossier[8];
    int input_error[8];
    size_t criteria[8];
    int count;
};

static enum admit_status remember(void *userdata, const char *input, const cJSON *dossier,
                                  const struct audit_line *line, struct admit_error *err)
{
    struct seen *seen = userdata;
    (void)err;
    assert_non_null(line);
    assert_true(seen->count < 8);
    snprintf(seen->inputs[seen->count], AUDIT_ORIGIN_MAX, "%s", input);
    seen->input_error[seen->count] = line->input_error;
    seen->criteria[seen->count] = line->count;
    if (!line->input_error) {   /* the line's own words, about the record */
        assert_non_null(line->verdict);
        assert_string_equal(line->as_of, "2023-06-01");
        assert_string_equal(line->procedure, "admission");
    }
    seen->with_dossier[seen->count++] = dossier != NULL;
    return ADMIT_OK;
}

static void test_run_in_order_with_callback(void **state)
{
    struct fixture *fx = *state;
    char path[128], out[128], expected[160];
    struct ruleset_paths paths = {"rules", "schemas", NULL, 1, NULL};
    struct ruleset *rs[2] = {NULL, NULL};
    struct admit_error err;
    char *text = support_read_file("examples/admission-2023.json", 1 << 20);
    for (char *c = text; *c; c++)   /* one line */
        if (*c == '\n')
            *c = ' ';
    support_path(path, sizeof path, fx->dir, "in.jsonl");
    support_path(out, sizeof out, fx->dir, "out");
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "%s\n{\"broken\n\n%s\n", text, text);
    fclose(f);
    free(text);
    for (int i = 0; i < 2; i++)
        if (ruleset_load(&paths, &rs[i], &err) != ADMIT_OK)
            support_print_error("ruleset_load", &err);
    assert_non_null(rs[1]);
    const char *profile[] = {"central"};
    struct report_context rctx = {"admit test", ruleset_digest(rs[0]), profile, 1,
                                  ruleset_plugins(rs[0]), NULL, NULL};
    char *inputs[] = {path};
    /* two runs of the central rulebook alone: no profile to choose from */
    struct ruleset *none[2][1] = {{NULL}, {NULL}};
    struct cli_run runs[2] = {{.main = rs[0], .by_profile = none[0]},
                              {.main = rs[1], .by_profile = none[1]}};
    /* two workers, then one: the calling thread alone (audit_run's run_inline) */
    for (int threads = 2; threads >= 1; threads--) {
        struct seen seen = {0};
        assert_int_equal(audit_output_prepare(out, 1, 0, &err), ADMIT_OK);   /* --force */
        struct audit_config cfg = {inputs, 1, out, threads, runs, &rctx, 0, NULL, 0,
                                   date_from_ymd(2023, 6, 1), date_from_ymd(2023, 6, 1),
                                   ADMIT_LANG_EN, NULL, NULL, remember, &seen};
        struct audit_totals totals;
        cJSON *summary = NULL;
        if (audit_run(&cfg, &summary, &totals, &err) != ADMIT_OK)
            support_print_error("audit_run", &err);
        assert_non_null(summary);
        assert_int_equal(totals.records, 3);
        assert_int_equal(totals.evaluated, 2);
        assert_int_equal(totals.input_errors, 1);
        assert_int_equal(seen.count, 3);
        const char *lines[] = {":1", ":2", ":4"};
        for (int i = 0; i < 3; i++) {
            snprintf(expected, sizeof expected, "%s%s", path, lines[i]);
            assert_string_equal(seen.inputs[i], expected);
        }
        assert_true(seen.with_dossier[0] && !seen.with_dossier[1] && seen.with_dossier[2]);
        assert_true(!seen.input_error[0] && seen.input_error[1] && !seen.input_error[2]);
        assert_true(seen.criteria[0] >= 40 && seen.criteria[1] == 0 &&
                    seen.criteria[2] == seen.criteria[0]);
        assert_int_equal(cJSON_GetObjectItem(summary, "records")->valueint, 3);
        cJSON_Delete(summary);
    }
    ruleset_free(rs[0]);
    ruleset_free(rs[1]);
}

/* A record a proposal decides otherwise: only the rules that differ, both sides. */
static void test_compare_record(void **state)
{
    (void)state;
    cJSON *selected = cJSON_Parse(
        "{\"dossier\":\"D1\",\"verdict\":\"eligible\",\"results\":["
        "{\"rule\":\"age.min\",\"status\":\"pass\"},"
        "{\"rule\":\"train.awareness\",\"status\":\"pass\"}]}");
    cJSON *proposed = cJSON_Parse(
        "{\"dossier\":\"D1\",\"verdict\":\"not_eligible\",\"results\":["
        "{\"rule\":\"age.min\",\"status\":\"pass\"},"
        "{\"rule\":\"train.awareness\",\"status\":\"fail\"},"
        "{\"rule\":\"x.extra\",\"status\":\"missing\"}]}");
    cJSON *same = cJSON_Parse("{\"dossier\":\"D1\",\"verdict\":\"eligible\",\"results\":[]}");
    cJSON *input_error = cJSON_Parse("{\"dossier\":\"D1\",\"input_error\":{}}");
    cJSON *out = NULL;
    assert_int_equal(audit_compare_record("in.jsonl:3", selected, proposed, &out), 0);
    assert_non_null(out);
    char *text = cJSON_PrintUnformatted(out);
    assert_string_equal(text, "{\"input\":\"in.jsonl:3\",\"dossier\":\"D1\",\"verdict\":"
                              "\"eligible\",\"proposed_verdict\":\"not_eligible\",\"rules\":{"
                              "\"train.awareness\":[\"pass\",\"fail\"],\"x.extra\":[null,\"missing\"]}}");
    free(text);
    cJSON_Delete(out);
    /* the same verdict: not listed, whatever the rules say */
    assert_int_equal(audit_compare_record("in.jsonl:3", selected, same, &out), 0);
    assert_null(out);
    /* an input error as selected is not compared; as proposed, it is a verdict of its own */
    assert_int_equal(audit_compare_record("in.jsonl:3", input_error, proposed, &out), 0);
    assert_null(out);
    assert_int_equal(audit_compare_record("in.jsonl:3", selected, input_error, &out), 0);
    assert_non_null(out);
    assert_string_equal(cJSON_GetObjectItem(out, "proposed_verdict")->valuestring, "input_error");
    cJSON_Delete(out);
    cJSON_Delete(selected);
    cJSON_Delete(proposed);
    cJSON_Delete(same);
    cJSON_Delete(input_error);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compare_record),
        cmocka_unit_test_setup_teardown(test_jsonl_lines_and_origins, setup, teardown),
        cmocka_unit_test_setup_teardown(test_jsonl_lines_across_chunks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dir_byte_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sqlite_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_kinds_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_several_inputs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_order_window, setup, teardown),
        cmocka_unit_test_setup_teardown(test_resume_keeps_complete_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_prepare_refuses_non_empty, setup, teardown),
        cmocka_unit_test_setup_teardown(test_run_in_order_with_callback, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
