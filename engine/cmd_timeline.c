/* cmd_timeline.c - `admit timeline FILE`: the dossier's dates and due dates. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_run.h"
#include "profile_load.h"
#include "dossier.h"
#include "eval.h"
#include "input.h"
#include "outcome.h"
#include "textwidth.h"
#include "validate_report.h"
#include "timeline.h"

static const struct cli_option_use options[] = {
    {CLI_OPT_FORMAT, NULL, NULL},
    {CLI_OPT_LANG, NULL, NULL},
    {CLI_OPT_AS_OF, "tính đến ngày này, YYYY-MM-DD (mặc định: as_of của hồ sơ, hoặc hôm nay)",
     "as of this date, YYYY-MM-DD (default: the dossier's as_of, or today)"},
    {CLI_OPT_HOLIDAYS, NULL, NULL},
    {CLI_OPT_RULES, NULL, NULL},
    {CLI_OPT_PLUGINS, NULL, NULL},
    {CLI_OPT_PROFILE, NULL, NULL},
    {CLI_OPT_PROFILES, NULL, NULL},
    {CLI_OPT_TRUST, NULL, NULL},
    {CLI_OPT_REQUIRE_SIGNED, NULL, NULL},
    {CLI_OPT_END, NULL, NULL},
};

static const struct cli_command command = {
    "timeline",
    "admit timeline [tùy chọn] TỆP",
    "admit timeline [options] FILE",
    "Các mốc thời gian của hồ sơ và các hạn sắp tới (quyết định kết nạp, lễ kết nạp,\n"
    "hết dự bị, xét công nhận, quyết định công nhận), tính theo ngày làm việc;\n"
    "trước khi chi bộ xét: giấy tờ hiện có còn giá trị đến ngày nào.",
    "The dossier's dated steps and its due dates (admission decision, ceremony, end of\n"
    "probation, recognition vote, recognition decision), counted in working days;\n"
    "before the branch vote: until when the papers as they stand stay valid.",
    "text,json", options,
    "Mã thoát: 0 được, 2 dữ liệu sai, 3 lỗi bộ máy.",
    "Exit codes: 0 done, 2 invalid input, 3 engine failure.",
};

/* The name of a step or due date from the messages ("step.<what>"), or NULL. */
static const char *label(const struct ruleset *rs, const char *prefix, const char *what)
{
    char code[256];
    snprintf(code, sizeof code, "%s.%s", prefix, what);
    return messages_find(ruleset_messages(rs), code, i18n_lang());
}

static const char *day_text(admit_day day, char buf[DATE_TEXT_SIZE])
{
    if (day == OUTCOME_NO_DAY)
        return NULL;
    return i18n_lang() == ADMIT_LANG_EN ? date_format_iso(day, buf) : date_format_vi(day, buf);
}

static void add_day(cJSON *obj, const char *key, admit_day day)
{
    char buf[DATE_TEXT_SIZE];
    if (day == OUTCOME_NO_DAY)
        cJSON_AddNullToObject(obj, key);
    else
        cJSON_AddStringToObject(obj, key, date_format_iso(day, buf));
}

cJSON *cmd_timeline_json(const struct ruleset *rs, const struct dossier *d,
                            const struct timeline *t)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "format", "admit.timeline/1");
    cJSON_AddStringToObject(doc, "dossier", d->id);
    add_day(doc, "as_of", t->as_of);
    cJSON *steps = cJSON_AddArrayToObject(doc, "steps");
    for (size_t i = 0; i < t->step_count; i++) {
        const struct timeline_step *s = &t->steps[i];
        const char *name = label(rs, "step", s->what);
        cJSON *item = cJSON_CreateObject();
        add_day(item, "date", s->date);
        cJSON_AddStringToObject(item, "path", s->path);
        cJSON_AddStringToObject(item, "step", s->what);
        cJSON_AddStringToObject(item, "label", name ? name : s->what);
        if (s->detail[0])
            cJSON_AddStringToObject(item, "detail", s->detail);
        cJSON_AddBoolToObject(item, "planned", s->planned);
        cJSON_AddItemToArray(steps, item);
    }
    cJSON *due = cJSON_AddArrayToObject(doc, "due");
    for (size_t i = 0; i < t->due_count; i++) {
        const struct timeline_due *u = &t->due[i];
        const char *name = label(rs, "due", u->what);
        cJSON *item = cJSON_CreateObject();
        cJSON_AddStringToObject(item, "what", u->what);
        cJSON_AddStringToObject(item, "label", name ? name : u->what);
        add_day(item, "event", u->event);
        cJSON_AddStringToObject(item, "event_path", u->event_path);
        if (u->working_days >= 0)
            cJSON_AddNumberToObject(item, "working_days", u->working_days);
        else
            cJSON_AddNullToObject(item, "working_days");
        add_day(item, "opens", u->opens);
        add_day(item, "due", u->due);
        add_day(item, "done", u->done);
        add_day(item, "planned", u->planned);
        cJSON_AddStringToObject(item, "state", timeline_state_name(u->state));
        if (u->state == DUE_PENDING && u->working_days >= 0)
            cJSON_AddNumberToObject(item, "working_days_left", u->working_days_left);
        if (u->edition != NULL)
            cJSON_AddStringToObject(item, "edition", u->edition);
        cJSON_AddItemToArray(due, item);
    }
    if (!t->papers_known) {
        cJSON_AddNullToObject(doc, "papers");
        return doc;
    }
    cJSON *papers = cJSON_AddObjectToObject(doc, "papers");
    add_day(papers, "valid_until", t->papers_valid_until);
    cJSON *items = cJSON_AddArrayToObject(papers, "items");
    for (size_t i = 0; i < t->paper_count; i++) {
        const char *name = label(rs, "paper", t->papers[i].rule);
        cJSON *item = cJSON_CreateObject();
        cJSON_AddStringToObject(item, "rule", t->papers[i].rule);
        cJSON_AddStringToObject(item, "label", name ? name : t->papers[i].rule);
        add_day(item, "valid_until", t->papers[i].valid_until);
        cJSON_AddItemToArray(items, item);
    }
    return doc;
}

static void print_wrapped(const char *line, int indent);

/* Before the first vote: until when the papers as they stand stay valid. */
static void print_papers(const struct ruleset *rs, const struct timeline *t)
{
    char buf[DATE_TEXT_SIZE];
    if (!t->papers_known)
        return;
    if (t->papers_valid_until == OUTCOME_NO_DAY) {
        printf("\n%s\n", TR("Giấy tờ hiện có: không có giấy tờ nào hết hạn trước khi chi bộ xét",
                             "Papers as they stand: none expires before the branch vote"));
        return;
    }
    char line[512];
    snprintf(line, sizeof line,
             TR("Giấy tờ hiện có còn giá trị để chi bộ xét đến hết ngày %s",
                "The papers as they stand remain valid for the branch vote until %s"),
             day_text(t->papers_valid_until, buf));
    putchar('\n');
    print_wrapped(line, 2);
    for (size_t i = 0; i < t->paper_count; i++) {
        const char *name = label(rs, "paper", t->papers[i].rule);
        snprintf(line, sizeof line, TR("  %s: đến hết ngày %s (%s)", "  %s: until %s (%s)"),
                 name ? name : t->papers[i].rule, day_text(t->papers[i].valid_until, buf),
                 t->papers[i].rule);
        print_wrapped(line, 6);
    }
}

static void print_due(const struct ruleset *rs, const struct timeline_due *u)
{
    char a[DATE_TEXT_SIZE], b[DATE_TEXT_SIZE], c[DATE_TEXT_SIZE];
    const char *name = label(rs, "due", u->what);
    const char *state = label(rs, "state", timeline_state_name(u->state));
    printf("  %s\n", name ? name : u->what);
    if (u->state == DUE_NOT_STARTED) {
        printf("      %s\n", state ? state : "not started");
        return;
    }
    if (u->state == DUE_NO_DEADLINE) {
        printf("      %s (%s %s)\n", state ? state : "no deadline", TR("phiên bản", "edition"),
               u->edition ? u->edition : "-");
        return;
    }
    if (u->working_days >= 0 && u->opens != OUTCOME_NO_DAY)
        printf(TR("      từ %s đến %s (%d ngày làm việc sau %s)\n",
                  "      from %s to %s (%d working days after %s)\n"),
               day_text(u->opens, a), day_text(u->due, b), u->working_days, day_text(u->event, c));
    else if (u->working_days >= 0)
        printf(TR("      hạn %s (%d ngày làm việc sau %s)\n", "      due %s (%d working days after %s)\n"),
               day_text(u->due, a), u->working_days, day_text(u->event, b));
    else
        printf(TR("      ngày %s (tính từ %s)\n", "      on %s (counted from %s)\n"),
               day_text(u->due, a), day_text(u->event, b));
    printf("      %s", state ? state : timeline_state_name(u->state));
    if (u->done != OUTCOME_NO_DAY && u->working_days >= 0)
        printf(TR(" (ngày %s)", " (on %s)"), day_text(u->done, a));
    if (u->state == DUE_PENDING && u->working_days >= 0)
        printf(TR(": còn %d ngày làm việc", ": %d working days left"), u->working_days_left);
    if (u->planned != OUTCOME_NO_DAY)
        printf(TR("; dự kiến ngày %s", "; planned for %s"), day_text(u->planned, a));
    putchar('\n');
}

/* Print a line wrapped at the text width (textwidth.h), continuing with `indent` spaces. */
static void print_wrapped(const char *line, int indent)
{
    int column = 0;
    size_t pending = 0;   /* spaces before the next word, printed only if it stays on the line */
    const char *p = line;
    while (*p) {
        size_t word = strcspn(p, " "), chars = 0;
        for (size_t i = 0; i < word; i++)
            chars += ((unsigned char)p[i] & 0xC0) != 0x80;
        if (column > indent && (size_t)column + pending + chars > textwidth_limit()) {
            printf("\n%*s", indent, "");
            column = indent;
        } else {
            printf("%*s", (int)pending, "");
            column += (int)pending;
        }
        fwrite(p, 1, word, stdout);
        column += (int)chars;
        p += word;
        pending = strspn(p, " ");
        p += pending;
    }
    putchar('\n');
}

static void print_text(const struct ruleset *rs, const struct dossier *d, const struct timeline *t)
{
    char buf[DATE_TEXT_SIZE];
    const cJSON *name = dossier_lookup(d, "candidate.full_name", NULL);
    char heading[768];
    snprintf(heading, sizeof heading, TR("Hồ sơ %s — %s: các mốc thời gian, tính đến ngày %s",
                                         "Dossier %s — %s: timeline as of %s"),
             d->id, cJSON_IsString(name) ? name->valuestring : "", day_text(t->as_of, buf));
    print_wrapped(heading, 2);
    printf("\n%s\n", TR("Các bước đã có trong hồ sơ", "Steps in the dossier"));
    for (size_t i = 0; i < t->step_count; i++) {
        const struct timeline_step *s = &t->steps[i];
        const char *step = label(rs, "step", s->what);
        const char *detail = s->detail[0] ? label(rs, "label", s->detail) : NULL;
        char line[512];
        int n = snprintf(line, sizeof line, "  %s  %s", day_text(s->date, buf),
                         step ? step : s->path);
        if (s->detail[0] && n > 0 && (size_t)n < sizeof line)
            n += snprintf(line + n, sizeof line - (size_t)n, " (%s)", detail ? detail : s->detail);
        if (s->planned && n > 0 && (size_t)n < sizeof line)
            snprintf(line + n, sizeof line - (size_t)n, " %s", TR("— dự kiến", "— planned"));
        print_wrapped(line, 14);
    }
    printf("\n%s\n", TR("Các hạn", "Due dates"));
    for (size_t i = 0; i < t->due_count; i++)
        print_due(rs, &t->due[i]);
    print_papers(rs, t);
}

enum admit_status cmd_timeline_build(struct ruleset *rs, const struct dossier *d,
                                     const struct eval_options *eopt, struct timeline **out,
                                     struct result **papers, struct admit_error *err)
{
    struct timeline *t = NULL;
    struct result *r = NULL;
    *out = NULL;
    *papers = NULL;
    if (eval_check_as_of(d, eval_as_of(d, eopt), err) != ADMIT_OK ||
        timeline_build(rs, d, eval_as_of(d, eopt), &t, err) != ADMIT_OK)
        return err->status;
    /* The papers' validity comes from the rules: evaluate the dossier.  No
     * edition covering it leaves the papers unknown, not the timeline. */
    enum admit_status st = eval_dossier(rs, d, eopt, &r, err);
    if (st == ADMIT_OK && timeline_set_papers(t, rs, r) != ADMIT_OK)
        st = admit_error_set(err, ADMIT_ENOMEM, d->source, NULL, "out of memory");
    if (st != ADMIT_OK && st != ADMIT_EINPUT) {
        result_free(r);
        timeline_free(t);
        return st;
    }
    admit_error_clear(err);
    *out = t;
    *papers = r;   /* the timeline's papers point into it */
    return ADMIT_OK;
}

int cmd_timeline(int argc, char **argv)
{
    struct cli_options opt;
    struct cli_run run = {0};
    struct ruleset *rs = NULL;
    struct dossier *d = NULL;
    struct timeline *t = NULL;
    struct result *r = NULL;
    struct admit_error err;
    struct dossier_report report;
    char *text = NULL;
    size_t len = 0;
    memset(&report, 0, sizeof report);
    int code = cli_begin(&command, argc, argv, &opt);
    if (code >= 0)
        return code;
    if (opt.arg_count != 1) {
        cli_error("%s", TR("timeline: cần đúng một tệp hồ sơ", "timeline: exactly one dossier file is needed"));
        return EXIT_INPUT;
    }
    code = cli_run_open(&run, &opt, 0);
    if (code != 0)
        return code;
    rs = run.main;
    admit_error_clear(&err);
    const char *name = input_display_name(opt.args[0]);
    struct schema_report_options ropt = validate_report_options(ruleset_messages(rs));
    if (input_read(opt.args[0], DOSSIER_MAX_BYTES, &text, &len, &err) != ADMIT_OK ||
        dossier_parse_report(ruleset_schema(rs), &ropt, name, text, len, &d, &report, &err) !=
            ADMIT_OK) {
        int input = err.status == ADMIT_EINPUT || err.status == ADMIT_EIO;
        if (input)
            cli_input_errors(name, err.path, err.message, &report);
        else
            cli_print_error(&err);
        code = input ? EXIT_INPUT : EXIT_ENGINE;
        goto done;
    }
    /* Without --profile, the dossier's committee chooses (docs/profiles.md). */
    if ((rs = cli_run_select(&run, d, opt.as_of, &code)) == NULL)
        goto done;
    if (profile_validate_extensions(ruleset_profile(rs), d->root, &err) != ADMIT_OK) {
        cli_input_error(name, err.path, err.message);
        code = err.status == ADMIT_EINPUT ? EXIT_INPUT : EXIT_ENGINE;
        goto done;
    }
    struct eval_options eopt = {opt.as_of, cli_today(), i18n_lang(), sandbox_default_limits, NULL, 0};
    if (cmd_timeline_build(rs, d, &eopt, &t, &r, &err) != ADMIT_OK) {
        if (err.status == ADMIT_EINPUT)
            cli_input_error(name, err.path, err.message);
        else
            cli_print_error(&err);
        code = err.status == ADMIT_EINPUT ? EXIT_INPUT : EXIT_ENGINE;
        goto done;
    }
    if (opt.format == FORMAT_JSON) {
        cJSON *doc = cmd_timeline_json(rs, d, t);
        char *s = doc ? cJSON_Print(doc) : NULL;
        /* a cJSON_Add* that failed leaves a member out: print nothing then */
        if (s == NULL || cli_out_of_memory()) {
            if (s == NULL)
                cli_error("%s", TR("hết bộ nhớ", "out of memory"));
            code = EXIT_ENGINE;
        } else {
            puts(s);
        }
        free(s);
        cJSON_Delete(doc);
    } else if (cli_out_of_memory()) {
        code = EXIT_ENGINE;
    } else {
        print_text(rs, d, t);
    }
done:
    dossier_report_release(&report);
    timeline_free(t);
    result_free(r);
    dossier_free(d);
    free(text);
    cli_run_close(&run);
    return code;
}
