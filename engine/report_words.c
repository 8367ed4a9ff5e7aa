/* report_words.c - verdict and procedure words shared by the reports. */
#include "report_words.h"

#include <string.h>

struct words {
    const char *name, *vi, *en;
};

static const char *find(const struct words *table, size_t n, const char *name,
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
    static const struct words verdicts[] = {
        {"eligible", "ĐỦ ĐIỀU KIỆN", "ELIGIBLE"},
        {"not_eligible", "KHÔNG ĐỦ ĐIỀU KIỆN", "NOT ELIGIBLE"},
        {"incomplete", "CHƯA ĐỦ HỒ SƠ", "INCOMPLETE"},
        {"ready", "SẴN SÀNG", "READY"},
        {"error", "LỖI KHI KIỂM TRA", "ERROR"},
    };
    return find(verdicts, sizeof verdicts / sizeof verdicts[0], verdict, lang);
}

const char *report_words_procedure(const char *procedure, enum admit_lang lang)
{
    static const struct words procedures[] = {
        {"admission", "kết nạp", "admission"},
        {"recognition", "công nhận đảng viên chính thức", "recognition as official member"},
    };
    return find(procedures, sizeof procedures / sizeof procedures[0], procedure, lang);
}

const char *report_words_input_error(enum admit_lang lang)
{
    return lang == ADMIT_LANG_EN ? "INVALID DOSSIER" : "HỒ SƠ KHÔNG HỢP LỆ";
}
