/*
 * audit_input.h - the records of `admit audit`, read one at a time from
 * several inputs (docs/audit.md, "Inputs").
 *
 * An input is JSON Lines (a file ending .jsonl or .ndjson, or "-"), a
 * directory (every *.json below it, recursively, in byte order of the
 * relative path) or a SQLite database (table dossiers(id, json), in id
 * order, opened read-only).  Records come out in input order, each with its
 * origin: "FILE:LINE", "FILE" or "FILE#ID".
 *
 * Reading is streamed: one record is in memory at a time (a directory keeps
 * the list of its file names, not their contents).  A record that cannot be
 * read (a line or file over the dossier size limit, a file that cannot be
 * opened, a NULL json column) still comes out, with `error` set, so that it
 * gets its input_error line; only a failure that makes the rest of an input
 * unreadable (a read error in the middle of a stream, a database that stops
 * answering) ends the reading with an error.
 */
#ifndef ADMIT_AUDIT_INPUT_H
#define ADMIT_AUDIT_INPUT_H

#include <stddef.h>

#include "status.h"

enum audit_input_kind { AUDIT_INPUT_JSONL, AUDIT_INPUT_DIR, AUDIT_INPUT_SQLITE };

#define AUDIT_ORIGIN_MAX 512

/* One record.  Owned by the caller after audit_input_next: release with
 * audit_input_record_release. */
struct audit_input_record {
    char *text;                       /* the dossier's bytes, NUL-terminated; NULL when error */
    size_t len;
    char origin[AUDIT_ORIGIN_MAX];    /* "FILE:LINE", "FILE" or "FILE#ID" */
    char *error;                      /* why the record could not be read; NULL: none */
};

struct audit_input;

/*
 * Decide the kind of each of `paths` and open the first.  `max_bytes` bounds
 * one record.  Returns ADMIT_OK and *out (free with audit_input_free), or
 * ADMIT_EUSAGE naming a path that is none of the kinds, ADMIT_EIO naming one
 * that cannot be opened (for a database also when libsqlite3, opened by the
 * first one, cannot be loaded: sqlite_lib.h), ADMIT_ENOMEM.  Nothing is read
 * yet except headers.
 */
enum admit_status audit_input_open(char *const *paths, size_t count, size_t max_bytes,
                                   struct audit_input **out, struct admit_error *err);

/*
 * The next record into *rec.  Returns 1 with a record, 0 at the end of the
 * last input, -1 with `err` filled when reading cannot go on (the records
 * already returned stay valid).
 */
int audit_input_next(struct audit_input *in, struct audit_input_record *rec, struct admit_error *err);

/* The number of records when every input knows it in advance (directories,
 * databases), else -1 (JSON Lines are not counted ahead). */
long long audit_input_total(const struct audit_input *in);

/* Bytes read so far of the JSON Lines inputs, and their total size when
 * every one is a regular file (else 0): progress for uncounted inputs. */
void audit_input_bytes(const struct audit_input *in, long long *done, long long *total);

/* The kind of input `path` is, or -1 (a file that is none of them). */
int audit_input_kind(const char *path);

void audit_input_record_release(struct audit_input_record *rec);
void audit_input_free(struct audit_input *in);

#endif
