/*
 * report_words.h - the words the reports use for a verdict and a procedure,
 * shared by the text report (report_text.c) and the printed page
 * (report_html.c) so that a secretary reads the same words in both.
 *
 * Keyed by the names of result.md ("not_eligible", "recognition"), not by
 * enum values, so that a renderer reading a result in its JSON form and a
 * renderer reading `struct result` agree, and a name the engine gains later
 * has its words here before every renderer knows its enum value.
 */
#ifndef ADMIT_REPORT_WORDS_H
#define ADMIT_REPORT_WORDS_H

#include <stddef.h>

#include "i18n.h"

/* A name of result.md and its words in each language: a table of these is
 * what every function below looks up, and what a renderer with words of its
 * own (the printed page's badges) looks up with report_words_find. */
struct report_word {
    const char *name, *vi, *en;
};

/* The words for `name` in `table` (n entries) in `lang`; NULL for a name the
 * table lacks, or NULL. */
const char *report_words_find(const struct report_word *table, size_t n, const char *name,
                              enum admit_lang lang);

/*
 * The verdict in the secretary's words: "eligible" -> "ĐỦ ĐIỀU KIỆN" /
 * "ELIGIBLE", ... ("eligible", "not_eligible", "incomplete", "ready",
 * "error").  Returns a static string, or NULL for an unknown name (NULL too).
 */
const char *report_words_verdict(const char *verdict, enum admit_lang lang);

/*
 * The verdict as counted in a total ("3 hồ sơ: 2 đủ điều kiện, 1 chưa đủ hồ
 * sơ"): lower case, without the headline's explanation.  Same names and
 * returns as report_words_verdict.
 */
const char *report_words_verdict_counted(const char *verdict, enum admit_lang lang);

/*
 * The verdict `ready` said for where the dossier goes next: ("admission",
 * "branch_vote") -> "SẴN SÀNG: đủ điều kiện và hồ sơ để chi bộ xét kết nạp" /
 * "READY for the branch vote".  An unknown or NULL pair gives the general
 * words of report_words_verdict("ready").  A static string.
 */
const char *report_words_ready(const char *procedure, const char *next_step, enum admit_lang lang);

/*
 * The procedure: "admission" -> "kết nạp" / "admission", "recognition" ->
 * "công nhận đảng viên chính thức" / "recognition as official member".
 * Lowercase, to follow "Hồ sơ X (...)".  Returns a static string, or NULL
 * for an unknown name (NULL too).
 */
const char *report_words_procedure(const char *procedure, enum admit_lang lang);

/*
 * A rule status as counted in a result's last line ("24 đạt, 1 không đạt"):
 * "pass" -> "đạt" / "met", "needs_approval" -> "cần đồng ý" / "need
 * consent", ... (every status of result.md).  Returns a static string, or
 * NULL for an unknown name (NULL too).
 */
const char *report_words_status_counted(const char *status, enum admit_lang lang);

/* The verdict of an input that could not be evaluated: "HỒ SƠ KHÔNG HỢP LỆ" /
 * "INVALID DOSSIER".  A static string. */
const char *report_words_input_error(enum admit_lang lang);

#endif
