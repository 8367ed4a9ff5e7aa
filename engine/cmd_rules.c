/* cmd_rules.c - `admit rules list` and `admit rules show [ID]`. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "eval.h"
#include "outcome.h"
#include "profile_load.h"

static const struct cli_option_use options[] = {
    {CLI_OPT_FORMAT, NULL, NULL},
    {CLI_OPT_LANG, NULL, NULL},
    {CLI_OPT_DATE, NULL, NULL},
    {CLI_OPT_PROFILE, NULL, NULL},
    {CLI_OPT_PROFILES, NULL, NULL},
    {CLI_OPT_TRUST, NULL, NULL},
    {CLI_OPT_REQUIRE_SIGNED, NULL, NULL},
    {CLI_OPT_RULES, NULL, NULL},
    {CLI_OPT_PLUGINS, NULL, NULL},
    {CLI_OPT_END, NULL, NULL},
};

static const struct cli_command command = {
    "rules",
    "admit rules list [tùy chọn]\n"
    "admit rules show [MÃ] [tùy chọn]",
    "admit rules list [options]\n"
    "admit rules show [ID] [options]",
    "list: mọi quy tắc với tên, mức độ, thủ tục, các phiên bản đã mã hóa.\n"
    "show: một quy tắc (hoặc cả bộ) tại một ngày: căn cứ, tham số và giá trị cùng\n"
    "cấp đặt ra, các thông điệp (vi, en); với --profile, hồ sơ cấp ủy đã thêm từng quy tắc\n"
    "và các quy tắc bị tắt, bởi ai, vì sao.",
    "list: every rule with its title, severity, procedures and encoded editions.\n"
    "show: one rule (or the whole set) at a date: citation, parameters with their\n"
    "values and who set them, messages (vi, en); under --profile, the profile that added\n"
    "each rule and the rules disabled, by whom and why.",
    "text,json", options,
    "Mã thoát: 0 được, 2 dữ liệu sai hoặc không có quy tắc đó, 3 lỗi bộ máy.",
    "Exit codes: 0 done, 2 invalid input or no such rule, 3 engine failure.",
};

static const char *direction_name(enum param_direction d)
{
    return d == PARAM_UP ? "up" : d == PARAM_DOWN ? "down" : "none";
}

/* The JSON of one rule at edition `edition` (-1: every edition). */
static cJSON *rule_json(struct ruleset *rs, const struct ruleset_slot *slot, admit_day day,
                        int edition, int detailed)
{
    const struct rulebook *book = ruleset_book(rs);
    const struct rule *rule = slot->rule;
    cJSON *obj = cJSON_CreateObject(), *list;
    cJSON_AddStringToObject(obj, "id", slot->id);
    cJSON_AddStringToObject(obj, "severity", rule_severity_name(slot->severity));
    list = cJSON_AddArrayToObject(obj, "procedures");
    if (slot->procedures & PROCEDURE_ADMISSION)
        cJSON_AddItemToArray(list, cJSON_CreateString("admission"));
    if (slot->procedures & PROCEDURE_RECOGNITION)
        cJSON_AddItemToArray(list, cJSON_CreateString("recognition"));
    char title_code[160];
    snprintf(title_code, sizeof title_code, "title.%s", slot->id);
    const char *vi = messages_find(ruleset_messages(rs), title_code, ADMIT_LANG_VI);
    const char *en = messages_find(ruleset_messages(rs), title_code, ADMIT_LANG_EN);
    if (vi != NULL && en != NULL) {
        cJSON *title = cJSON_AddObjectToObject(obj, "title");
        cJSON_AddStringToObject(title, "vi", vi);
        cJSON_AddStringToObject(title, "en", en);
    }
    cJSON_AddBoolToObject(obj, "encoded", rule != NULL);
    if (rule == NULL)
        return obj;
    cJSON_AddStringToObject(obj, "file", rule->file);
    cJSON_AddStringToObject(obj, "origin", rule->origin ? rule->origin->id : "central");
    list = cJSON_AddArrayToObject(obj, "editions");
    for (size_t e = 0; e < rulebook_edition_count(book); e++) {
        if (rule->cite_by_edition[e] == NULL || (edition >= 0 && (size_t)edition != e))
            continue;
        cJSON *ed = cJSON_CreateObject();
        cJSON_AddStringToObject(ed, "edition", rulebook_edition(book, e)->id);
        cJSON_AddStringToObject(ed, "cite", rule->cite_by_edition[e]);
        cJSON_AddItemToArray(list, ed);
    }
    if (!detailed)
        return obj;
    char cite[512];
    const char *at = eval_rule_cite(rs, rule, day, cite, sizeof cite);
    if (at != NULL)
        cJSON_AddStringToObject(obj, "cite", at);
    else
        cJSON_AddNullToObject(obj, "cite");
    list = cJSON_AddArrayToObject(obj, "params");
    for (size_t i = 0; i < rule->param_count; i++) {
        const struct param *p = rulebook_param(book, rule->params[i]);
        const struct profile *set_by = NULL;
        const cJSON *v = edition >= 0 ? profile_param_value(ruleset_profile(rs), book, p->name,
                                                            (size_t)edition, &set_by)
                                      : NULL;
        cJSON *item = cJSON_CreateObject();
        cJSON_AddStringToObject(item, "name", p->name);
        cJSON_AddItemToObject(item, "value", v ? cJSON_Duplicate(v, 1) : cJSON_CreateNull());
        cJSON_AddStringToObject(item, "set_by", set_by ? set_by->id : "central");
        if (set_by != NULL && set_by->source != NULL)
            cJSON_AddStringToObject(item, "set_by_source", set_by->source);
        cJSON_AddStringToObject(item, "direction", direction_name(p->direction));
        if (p->source != NULL)
            cJSON_AddStringToObject(item, "source", p->source);
        cJSON_AddItemToArray(list, item);
    }
    cJSON *messages = cJSON_AddObjectToObject(obj, "messages");
    for (size_t i = 0; i < rule->code_count; i++) {
        const char *code = rule->codes[i];
        cJSON *m = cJSON_AddObjectToObject(messages, code);
        cJSON_AddStringToObject(m, "vi", messages_for_rule(ruleset_messages(rs), rule->id, code,
                                                           ADMIT_LANG_VI));
        cJSON_AddStringToObject(m, "en", messages_for_rule(ruleset_messages(rs), rule->id, code,
                                                           ADMIT_LANG_EN));
    }
    return obj;
}

/* Print `text` padded to `width` characters (not bytes: Vietnamese headings). */
static void print_padded(const char *text, size_t width)
{
    size_t chars = 0;
    for (const char *p = text; *p; p++)
        chars += ((unsigned char)*p & 0xC0) != 0x80;
    printf("%s%*s", text, chars < width ? (int)(width - chars) : 0, "");
}

/* The words for a severity or a procedure in the current language. */
static const char *word(const char *name)
{
    static const struct { const char *name, *vi, *en; } words[] = {
        {"eligibility", "điều kiện", "eligibility"},
        {"process", "quy trình", "process"},
        {"advisory", "lưu ý", "advisory"},
        {"admission", "kết nạp", "admission"},
        {"recognition", "công nhận chính thức", "recognition"},
        {"up", "chỉ được tăng", "up"},
        {"down", "chỉ được giảm", "down"},
        {"none", "không được đổi", "none"},
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(words[i].name, name) == 0)
            return TR(words[i].vi, words[i].en);
    return name;
}

/*
 * Two lines a rule, each within 80 columns: the id and its title (the
 * message code "title.<id>"), then its severity, procedures and editions
 * ("from 2016" when they run to the latest edition).
 */
static void print_list_text(const struct ruleset *rs, const cJSON *rules)
{
    const struct rulebook *book = ruleset_book(rs);
    size_t edition_count = rulebook_edition_count(book);
    const cJSON *r;
    cJSON_ArrayForEach(r, rules) {
        const char *id = cJSON_GetObjectItem(r, "id")->valuestring;
        char code[160], procs[96] = "", editions[128] = "";
        const cJSON *p, *e;
        snprintf(code, sizeof code, "title.%s", id);
        const char *title = messages_find(ruleset_messages(rs), code, i18n_lang());
        if (cJSON_GetArraySize(cJSON_GetObjectItem(r, "procedures")) == 2)
            snprintf(procs, sizeof procs, "%s", TR("kết nạp và công nhận", "both procedures"));
        else
            cJSON_ArrayForEach(p, cJSON_GetObjectItem(r, "procedures"))
                snprintf(procs + strlen(procs), sizeof procs - strlen(procs), "%s%s",
                         procs[0] ? ", " : "", word(p->valuestring));
        const cJSON *list = cJSON_GetObjectItem(r, "editions");
        size_t n = (size_t)cJSON_GetArraySize(list);
        const char *first = n > 0 ? cJSON_GetObjectItem(cJSON_GetArrayItem(list, 0), "edition")->valuestring
                                  : NULL;
        const char *last = n > 0 ? cJSON_GetObjectItem(cJSON_GetArrayItem(list, (int)n - 1),
                                                        "edition")->valuestring
                                 : NULL;
        int to_latest = n > 0 && edition_count >= n &&
                        strcmp(last, rulebook_edition(book, edition_count - 1)->id) == 0 &&
                        strcmp(first, rulebook_edition(book, edition_count - n)->id) == 0;
        if (!cJSON_IsTrue(cJSON_GetObjectItem(r, "encoded")))
            snprintf(editions, sizeof editions, "%s", TR("chưa mã hóa", "not yet encoded"));
        else if (to_latest)
            snprintf(editions, sizeof editions, TR("phiên bản từ %s", "editions from %s"), first);
        else {
            snprintf(editions, sizeof editions, "%s", TR("phiên bản", "editions"));
            cJSON_ArrayForEach(e, list)
                snprintf(editions + strlen(editions), sizeof editions - strlen(editions), " %s",
                         cJSON_GetObjectItem(e, "edition")->valuestring);
        }
        print_padded(id, 24);
        puts(title != NULL ? title : "");
        printf("%24s%s; %s; %s\n", "", word(cJSON_GetObjectItem(r, "severity")->valuestring), procs,
               editions);
    }
}

static void print_show_text(const cJSON *r, const char *edition, const char *date)
{
    const cJSON *item;
    printf("%s  (%s, %s)\n", cJSON_GetObjectItem(r, "id")->valuestring,
           word(cJSON_GetObjectItem(r, "severity")->valuestring),
           cJSON_IsTrue(cJSON_GetObjectItem(r, "encoded")) ? cJSON_GetObjectItem(r, "file")->valuestring
                                                           : TR("chưa mã hóa", "not yet encoded"));
    if (!cJSON_IsTrue(cJSON_GetObjectItem(r, "encoded")))
        return;
    printf("  %s: %s\n", TR("thêm bởi", "added by"),
           cJSON_GetObjectItem(r, "origin")->valuestring);
    const cJSON *cite = cJSON_GetObjectItem(r, "cite");
    printf("  %s %s (%s %s): %s\n", TR("Căn cứ ngày", "Citation on"), date,
           TR("phiên bản", "edition"), edition ? edition : "-",
           cJSON_IsString(cite) ? cite->valuestring : TR("(không áp dụng)", "(none)"));
    cJSON_ArrayForEach(item, cJSON_GetObjectItem(r, "params")) {
        char *v = cJSON_PrintUnformatted(cJSON_GetObjectItem(item, "value"));
        const cJSON *by_source = cJSON_GetObjectItem(item, "set_by_source");
        printf("  %s %s = %s  (%s: %s%s%s; %s: %s)\n", TR("tham số", "parameter"),
               cJSON_GetObjectItem(item, "name")->valuestring, v ? v : "?",
               TR("đặt bởi", "set by"), cJSON_GetObjectItem(item, "set_by")->valuestring,
               by_source ? ", " : "", by_source ? by_source->valuestring : "",
               TR("hồ sơ quy định", "direction"), word(cJSON_GetObjectItem(item, "direction")->valuestring));
        free(v);
    }
    cJSON_ArrayForEach(item, cJSON_GetObjectItem(r, "messages")) {
        printf("  %s\n    vi: %s\n    en: %s\n", item->string,
               cJSON_GetObjectItem(item, "vi")->valuestring,
               cJSON_GetObjectItem(item, "en")->valuestring);
    }
}

/* The rules the applied profiles disabled: [{rule, origin, disabled_by, reason, source}]. */
static cJSON *disabled_json(const struct ruleset *rs)
{
    cJSON *list = cJSON_CreateArray();
    for (size_t i = 0; i < ruleset_rule_count(rs); i++) {
        const struct rule *r = ruleset_rule_at(rs, i);
        if (r->disabled_by == NULL)
            continue;
        cJSON *item = cJSON_CreateObject();
        cJSON_AddStringToObject(item, "rule", r->id);
        cJSON_AddStringToObject(item, "origin", r->origin ? r->origin->id : "central");
        cJSON_AddStringToObject(item, "disabled_by", r->disabled_by->id);
        cJSON_AddStringToObject(item, "reason", r->disable_reason);
        if (r->disabled_by->source != NULL)
            cJSON_AddStringToObject(item, "source", r->disabled_by->source);
        cJSON_AddItemToArray(list, item);
    }
    return list;
}

static void print_disabled_text(const struct ruleset *rs, const char *only)
{
    for (size_t i = 0; i < ruleset_rule_count(rs); i++) {
        const struct rule *r = ruleset_rule_at(rs, i);
        if (r->disabled_by == NULL || (only != NULL && strcmp(only, r->id) != 0))
            continue;
        printf(TR("\n%s  (tắt bởi %s: %s)\n", "\n%s  (disabled by %s: %s)\n"), r->id,
               r->disabled_by->id, r->disable_reason);
    }
}

cJSON *cmd_rules_json(struct ruleset *rs, admit_day day, int show, const char *only)
{
    int edition = rulebook_edition_at(ruleset_book(rs), day);
    const char *edition_id = edition >= 0 ? rulebook_edition(ruleset_book(rs), (size_t)edition)->id
                                          : NULL;
    cJSON *rules = cJSON_CreateArray();
    for (size_t i = 0; rules != NULL && i < ruleset_slot_count(rs); i++) {
        const struct ruleset_slot *slot = ruleset_slot(rs, i);
        if (only == NULL || strcmp(slot->id, only) == 0)
            cJSON_AddItemToArray(rules, rule_json(rs, slot, day, show ? edition : -1, show));
    }
    char date[DATE_TEXT_SIZE];
    date_format_iso(day, date);
    cJSON *doc = cJSON_CreateObject();
    if (doc == NULL || rules == NULL) {
        cJSON_Delete(doc);
        cJSON_Delete(rules);
        return NULL;
    }
    cJSON_AddStringToObject(doc, "date", date);
    if (edition_id != NULL)
        cJSON_AddStringToObject(doc, "edition", edition_id);
    else
        cJSON_AddNullToObject(doc, "edition");
    cJSON_AddStringToObject(doc, "ruleset", ruleset_digest(rs));
    const char *chain[PROFILE_CHAIN_MAX + 1];
    size_t n = cli_profile_names(ruleset_profile(rs), chain, PROFILE_CHAIN_MAX + 1);
    cJSON *list = cJSON_AddArrayToObject(doc, "profile");
    for (size_t k = 0; list != NULL && k < n; k++)
        cJSON_AddItemToArray(list, cJSON_CreateString(chain[k]));
    cJSON_AddItemToObject(doc, "disabled", disabled_json(rs));
    cJSON_AddItemToObject(doc, "rules", rules);
    return doc;
}

int cmd_rules(int argc, char **argv)
{
    struct cli_options opt;
    struct ruleset *rs = NULL;
    int code = cli_begin(&command, argc, argv, &opt);
    if (code >= 0)
        return code;
    if (opt.arg_count == 0) {
        cli_error("%s", TR("rules: cần \"list\" hoặc \"show\" (xem admit rules --help)",
                           "rules: expected \"list\" or \"show\" (see admit rules --help)"));
        return EXIT_INPUT;
    }
    int show = strcmp(opt.args[0], "show") == 0;
    if (!show && strcmp(opt.args[0], "list") != 0) {
        cli_error(TR("rules: cần \"list\" hoặc \"show\"", "rules: expected \"list\" or \"show\""));
        return EXIT_INPUT;
    }
    code = cli_load_ruleset(&opt, &rs);
    if (code != 0)
        return code;
    admit_day day = opt.as_of != OUTCOME_NO_DAY ? opt.as_of : cli_today();
    const char *only = show && opt.arg_count > 1 ? opt.args[1] : NULL;
    cJSON *doc = cmd_rules_json(rs, day, show, only);
    cJSON *rules = cJSON_GetObjectItemCaseSensitive(doc, "rules");
    const cJSON *edition = cJSON_GetObjectItemCaseSensitive(doc, "edition");
    const char *edition_id = cJSON_IsString(edition) ? edition->valuestring : NULL;
    char date[DATE_TEXT_SIZE];
    date_format_iso(day, date);
    int disabled_only = 0;
    for (size_t i = 0; only != NULL && i < ruleset_rule_count(rs); i++)
        disabled_only |= ruleset_rule_at(rs, i)->disabled_by != NULL &&
                         strcmp(ruleset_rule_at(rs, i)->id, only) == 0;
    if (doc == NULL) {
        cli_error("%s", TR("hết bộ nhớ", "out of memory"));
        code = EXIT_ENGINE;
    } else if (only != NULL && cJSON_GetArraySize(rules) == 0 && !disabled_only) {
        cli_error(TR("không có quy tắc \"%s\" (xem admit rules list)",
                     "no rule \"%s\" (see admit rules list)"), only);
        code = EXIT_INPUT;
    } else if (opt.format == FORMAT_JSON) {
        char *s = cJSON_Print(doc);
        if (s != NULL)
            puts(s);
        free(s);
    } else if (show) {
        const cJSON *r;
        cJSON_ArrayForEach(r, rules) {
            print_show_text(r, edition_id, date);
            if (r->next != NULL)
                putchar('\n');
        }
        print_disabled_text(rs, only);
    } else {
        print_list_text(rs, rules);
    }
    cJSON_Delete(doc);
    ruleset_free(rs);
    return code;
}
