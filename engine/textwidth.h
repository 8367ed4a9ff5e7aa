/*
 * textwidth.h - the width human-readable output wraps to.
 *
 * Process-wide, like the language (i18n.h): main() sets it once from the
 * environment and the terminal, the report writers read it.  Text written
 * to a file or a pipe is not wrapped (unless COLUMNS says so), so that tools
 * and diffs see one line per item.
 */
#ifndef ADMIT_TEXTWIDTH_H
#define ADMIT_TEXTWIDTH_H

#include <stddef.h>

/* The narrowest width honoured: below it, indented continuations do not fit. */
#define TEXTWIDTH_MIN 40

/* Set the width in columns; 0: never wrap.  A width below TEXTWIDTH_MIN is raised to it. */
void textwidth_set(size_t columns);

/* The width set, 0 for "never wrap"; 80 until textwidth_set is called. */
size_t textwidth(void);

/* The width to compare a line's length with: textwidth(), or SIZE_MAX when not wrapping. */
size_t textwidth_limit(void);

/*
 * The width the environment asks for: COLUMNS when it is a positive integer,
 * else the terminal's width when standard output is a terminal, else 0.
 */
size_t textwidth_detect(void);

#endif
