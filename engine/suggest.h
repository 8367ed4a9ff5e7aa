/*
 * suggest.h - "did you mean": the closest known word to a misspelled one.
 *
 * Used for commands, options, dossier keys and enumeration values.  Distance
 * is the optimal string alignment distance (Levenshtein plus adjacent
 * transpositions) over bytes, so "xheck" and "chekc" both find "check".
 */
#ifndef ADMIT_SUGGEST_H
#define ADMIT_SUGGEST_H

#include <stddef.h>

/*
 * The distance between a and b, or SIZE_MAX when either is longer than 64
 * bytes (names are short; a long input is no misspelling worth suggesting).
 */
size_t suggest_distance(const char *a, const char *b);

/*
 * The candidate closest to word, or NULL when none is close enough: within
 * a third of the word's length (at least 1, at most 3 edits).  A candidate
 * equal to word is not a suggestion.  Ties go to the first candidate.
 * Returns a pointer into candidates; nothing is allocated.
 */
const char *suggest_closest(const char *word, const char *const *candidates, size_t n);

#endif
