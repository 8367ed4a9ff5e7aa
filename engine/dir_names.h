/*
 * dir_names.h - the sorted names of a folder's files with a given suffix:
 * the one listing the rulebook, its messages and the committee profiles
 * share, so that all read a folder in the same (byte) order and treat a
 * lack of memory the same way.
 */
#ifndef ADMIT_DIR_NAMES_H
#define ADMIT_DIR_NAMES_H

#include <stddef.h>

/*
 * The names in `dir` that end in `suffix` and are longer than it, not
 * starting with '.', sorted by strcmp.  Returns 0 with *names (free with
 * dir_names_free; NULL when empty) and *count; 1 when the folder cannot be
 * opened (errno says why: ENOENT when it does not exist); -1 when out of
 * memory (opendir's ENOMEM included, and noted with alloc_note_failure, so
 * that it is never taken for an empty or missing folder).
 */
int dir_names(const char *dir, const char *suffix, char ***names, size_t *count);

void dir_names_free(char **names, size_t count);

#endif
