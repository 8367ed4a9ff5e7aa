/*
 * status.h - the one status enum of the engine and its message channel.
 *
 * Every engine function that can fail returns an `enum admit_status` and, when
 * it is given a non-NULL `struct admit_error *`, fills it with a message that
 * names the thing (file, JSON path, rule) and what was expected.  Nothing below
 * main() prints or exits: the caller decides what to do with the error.
 */
#ifndef ADMIT_STATUS_H
#define ADMIT_STATUS_H

#include <stddef.h>

enum admit_status {
    ADMIT_OK = 0,
    ADMIT_EUSAGE,      /* bad command line */
    ADMIT_EINPUT,      /* invalid input: bad JSON, schema violation, no edition */
    ADMIT_EIO,         /* a file could not be read */
    ADMIT_ENOMEM,      /* out of memory */
    ADMIT_ERULES,      /* the rulebook (rules, messages, data) does not load */
    ADMIT_EPLUGIN,     /* a plugin does not load */
    ADMIT_EINTERNAL    /* a bug: an invariant of the engine does not hold */
};

/* Size of the message buffer; longer messages are truncated with "...". */
#define ADMIT_ERROR_MAX 1024

/*
 * An error report.  `path` is the JSON path or "line:column" inside `file`
 * when the error is about input, else empty.  Strings are always terminated.
 */
struct admit_error {
    enum admit_status status;
    char file[256];
    char path[256];
    char message[ADMIT_ERROR_MAX];
};

/* A short English name of the status ("invalid input"); never NULL. */
const char *admit_strerror(enum admit_status status);

/*
 * Fill `err` (when not NULL) and return `status`, so that callers can write
 * `return admit_error_set(err, ADMIT_EINPUT, file, path, "...", ...)`.
 * `file` and `path` may be NULL.
 */
enum admit_status admit_error_set(struct admit_error *err, enum admit_status status,
                                  const char *file, const char *path,
                                  const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Reset `err` to "no error". */
void admit_error_clear(struct admit_error *err);

/*
 * Format `err` as one line "file: path: message" (parts that are empty are
 * left out) into `buf`.  Returns `buf`.
 */
char *admit_error_format(const struct admit_error *err, char *buf, size_t size);

#endif
