/*
 * rule_error.h - a rule's run-time error, worded for a result.
 *
 * Lua prefixes its errors with the chunk and line ("age.lua:39: attempt to
 * index a nil value"); a result names the rule instead, keeps the line for
 * the rule's author, and says the common Lua errors in the user's language.
 */
#ifndef ADMIT_RULE_ERROR_H
#define ADMIT_RULE_ERROR_H

/*
 * Rewrite *message (owned, from strdup) from rule `rule_id` in place:
 * "[what: ]FILE.lua:LINE: TEXT" becomes "[what: ]quy tắc RULE, dòng LINE: TEXT"
 * (English: "rule RULE, line LINE: TEXT"), TEXT translated when it is one of
 * Lua's common errors; the sandbox's limits ("instruction budget of N
 * exceeded") are said in Vietnamese too.  Any other message is left as it is.
 * Returns 0, or -1 when out of memory (the message is then unchanged).
 */
int rule_error_reword(const char *rule_id, char **message);

#endif
