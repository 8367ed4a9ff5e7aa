/*
 * i18n.h - the user's language.
 *
 * Engine texts that reach the user exist in Vietnamese and English side by
 * side at the place they are written: `TR("không phải ngày hợp lệ",
 * "is not a valid date")`.  The language is chosen once by main() before any
 * work starts (it is process-wide, like a locale) and read everywhere else.
 */
#ifndef ADMIT_I18N_H
#define ADMIT_I18N_H

enum admit_lang { ADMIT_LANG_VI = 0, ADMIT_LANG_EN = 1 };

/* Set the language; call before starting worker threads. */
void i18n_set_lang(enum admit_lang lang);

/*
 * The calling thread's language, overriding the process's one until reset
 * with -1 (admit serve sets it for each request it answers, so that one
 * request's `lang` never changes another's).
 */
void i18n_set_thread_lang(int lang);

/* The current language: the thread's, else the process's (Vietnamese unless set). */
enum admit_lang i18n_lang(void);

/* Its code, "vi" or "en". */
const char *i18n_code(enum admit_lang lang);

/*
 * Parse "vi" or "en" (case-insensitive, a region suffix like "en_US.UTF-8" is
 * accepted).  Returns 0 and sets *out, or -1 for anything else.
 */
int i18n_parse(const char *text, enum admit_lang *out);

/* The text for the current language. */
#define TR(vi, en) (i18n_lang() == ADMIT_LANG_EN ? (en) : (vi))

#endif
