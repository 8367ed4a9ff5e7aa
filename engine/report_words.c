/* report_words.c - verdict and procedure words shared by the reports. */
#include "report_words.h"

#include <string.h>

const char *report_words_find(const struct report_word *table, size_t n, const char *name,
                              enum admit_lang lang)
{
    if (name == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (strcmp(table[i].name, name) == 0)
            return lang == ADMIT_LANG_EN ? table[i].en : table[i].vi;
    return NULL;
}

const char *report_words_verdict(const char *verdict, enum admit_lang lang)
{
    static const struct report_word verdicts[] = {
        {"eligible", "ĐỦ ĐIỀU KIỆN", "ELIGIBLE"},
        {"not_eligible", "KHÔNG ĐỦ ĐIỀU KIỆN", "NOT ELIGIBLE"},
        {"incomplete", "CHƯA ĐỦ HỒ SƠ", "INCOMPLETE"},
        {"ready", "SẴN SÀNG cho bước tiếp theo", "READY for the next step"},
        {"error", "LỖI KHI KIỂM TRA", "ERROR"},
    };
    return report_words_find(verdicts, sizeof verdicts / sizeof verdicts[0], verdict, lang);
}

const char *report_words_verdict_counted(const char *verdict, enum admit_lang lang)
{
    static const struct report_word verdicts[] = {
        {"eligible", "đủ điều kiện", "eligible"},
        {"ready", "sẵn sàng", "ready"},
        {"not_eligible", "không đủ điều kiện", "not eligible"},
        {"incomplete", "chưa đủ hồ sơ", "incomplete"},
        {"error", "lỗi khi đánh giá", "engine error"},
    };
    return report_words_find(verdicts, sizeof verdicts / sizeof verdicts[0], verdict, lang);
}

const char *report_words_procedure(const char *procedure, enum admit_lang lang)
{
    static const struct report_word procedures[] = {
        {"admission", "kết nạp", "admission"},
        {"recognition", "công nhận đảng viên chính thức", "recognition as official member"},
    };
    return report_words_find(procedures, sizeof procedures / sizeof procedures[0], procedure,
                             lang);
}

const char *report_words_status_counted(const char *status, enum admit_lang lang)
{
    static const struct report_word statuses[] = {
        {"pass", "đạt", "met"},
        {"fail", "không đạt", "not met"},
        {"needs_approval", "cần đồng ý", "need consent"},
        {"pending", "chờ bước sau", "pending"},
        {"missing", "thiếu", "missing"},
        {"warn", "lưu ý", "warnings"},
        {"not_applicable", "không áp dụng", "not applicable"},
        {"error", "lỗi", "errors"},
    };
    return report_words_find(statuses, sizeof statuses / sizeof statuses[0], status, lang);
}

const char *report_words_input_error(enum admit_lang lang)
{
    return lang == ADMIT_LANG_EN ? "INVALID DOSSIER" : "HỒ SƠ KHÔNG HỢP LỆ";
}

const char *report_words_ready(const char *procedure, const char *next_step, enum admit_lang lang)
{
    static const struct {
        const char *procedure, *step, *vi, *en;
    } ready[] = {
        {"admission", "branch_vote", "SẴN SÀNG: đủ điều kiện và hồ sơ để chi bộ xét kết nạp",
         "READY for the branch vote"},
        {"admission", "grassroots_vote",
         "SẴN SÀNG: đủ điều kiện và hồ sơ để đảng ủy cơ sở xét kết nạp",
         "READY for the grassroots committee's vote"},
        {"admission", "decision",
         "SẴN SÀNG: đủ điều kiện và hồ sơ để cấp ủy có thẩm quyền quyết định kết nạp",
         "READY for the admission decision"},
        {"admission", "ceremony", "SẴN SÀNG: đủ điều kiện và hồ sơ để tổ chức lễ kết nạp",
         "READY for the admission ceremony"},
        {"recognition", "branch_vote",
         "SẴN SÀNG: đủ điều kiện và hồ sơ để chi bộ xét công nhận đảng viên chính thức",
         "READY for the branch vote on recognition as an official member"},
        {"recognition", "grassroots_vote",
         "SẴN SÀNG: đủ điều kiện và hồ sơ để đảng ủy cơ sở xét công nhận đảng viên chính thức",
         "READY for the grassroots committee's vote on recognition"},
        {"recognition", "decision",
         "SẴN SÀNG: đủ điều kiện và hồ sơ để cấp ủy có thẩm quyền quyết định công nhận đảng "
         "viên chính thức",
         "READY for the decision on recognition as an official member"},
    };
    if (procedure != NULL && next_step != NULL)
        for (size_t i = 0; i < sizeof ready / sizeof ready[0]; i++)
            if (strcmp(ready[i].procedure, procedure) == 0 && strcmp(ready[i].step, next_step) == 0)
                return lang == ADMIT_LANG_EN ? ready[i].en : ready[i].vi;
    return report_words_verdict("ready", lang);
}
