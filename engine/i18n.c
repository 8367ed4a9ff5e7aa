/* i18n.c - the process-wide language choice. */
#include "i18n.h"

#include <ctype.h>
#include <stddef.h>

static enum admit_lang current_lang = ADMIT_LANG_VI;
/* A thread's own choice (admit serve: one request's `lang`); -1: none. */
static _Thread_local int thread_lang = -1;

void i18n_set_lang(enum admit_lang lang)
{
    current_lang = lang;
}

void i18n_set_thread_lang(int lang)
{
    thread_lang = lang;
}

enum admit_lang i18n_lang(void)
{
    return thread_lang >= 0 ? (enum admit_lang)thread_lang : current_lang;
}

const char *i18n_code(enum admit_lang lang)
{
    return lang == ADMIT_LANG_EN ? "en" : "vi";
}

int i18n_parse(const char *text, enum admit_lang *out)
{
    if (text == NULL || text[0] == '\0' || text[1] == '\0')
        return -1;
    char a = (char)tolower((unsigned char)text[0]);
    char b = (char)tolower((unsigned char)text[1]);
    if (text[2] != '\0' && text[2] != '_' && text[2] != '-' && text[2] != '.')
        return -1;
    if (a == 'v' && b == 'i')
        *out = ADMIT_LANG_VI;
    else if (a == 'e' && b == 'n')
        *out = ADMIT_LANG_EN;
    else
        return -1;
    return 0;
}
