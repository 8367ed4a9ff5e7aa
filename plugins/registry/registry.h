/*
 * registry.h - the registry plugin's own interface between its files (not
 * part of the plugin ABI; nothing here is exported from registry.so).
 *
 *   plugin.c  the ABI side: admit_plugin_init, shutdown, the functions
 *             rules call (available, official_on, periods) and init;
 *   store.c   an open registry: checking the file, prepared queries;
 *   create.c  a new, empty registry file (admit registry init);
 *   import.c  rows checked by the engine written in one transaction
 *             (admit registry import);
 *   sqlite_api.c  libsqlite3, opened by the first of those that needs it
 *             (sqlite_api.h: a check without --registry never loads it).
 *
 * The registry is the SQLite file described in docs/registry.md, whose
 * DDL is schemas/registry.sql.  Messages are in the user's language:
 * Vietnamese, or English with --lang en.
 */
#ifndef ADMIT_REGISTRY_H
#define ADMIT_REGISTRY_H

#include <stddef.h>
#include <stdint.h>

#include "admit_plugin.h"

/* Keeps the plugin's internal symbols out of its dynamic symbol table. */
#if defined(__GNUC__)
#define REGISTRY_INTERNAL __attribute__((visibility("hidden")))
#else
#define REGISTRY_INTERNAL
#endif

/* Room for one message (an init refusal or a call error). */
#define REGISTRY_MESSAGE_MAX 512

/* The host table and the language, set by admit_plugin_init before anything
 * else runs and only read afterwards. */
extern REGISTRY_INTERNAL const struct admit_host *registry_host;
extern REGISTRY_INTERNAL int registry_english;

/* The Vietnamese or the English text, by the user's language. */
#define RTR(vi, en) (registry_english ? (en) : (vi))

/* -- an open registry (store.c) ----------------------------------------- */

struct registry_store;

enum registry_open_result {
    REGISTRY_OPENED,     /* *out is the store */
    REGISTRY_BAD_INPUT,  /* the file is not a usable registry; `why` says why */
    REGISTRY_BROKEN      /* out of memory, libsqlite3 missing or built without
                          * threads; `why` */
};

/*
 * Open the registry at `path` read-only and check it: a regular, readable
 * file, a SQLite database, not locked by a writer (waiting at most a
 * second), with a table `memberships` holding the columns of registry.md
 * (more columns are allowed).  Prepares the queries.  On failure *out is
 * NULL and `why` (of `size` bytes) names the file and what is wrong.
 */
REGISTRY_INTERNAL enum registry_open_result
registry_store_open(const char *path, struct registry_store **out, char *why, size_t size);

/* Finalize the queries, close the file, free the store (NULL allowed). */
REGISTRY_INTERNAL void registry_store_close(struct registry_store *store);

/* What the registry says of a member_id on a day. */
enum registry_standing {
    REGISTRY_UNKNOWN,       /* no period has this member_id */
    REGISTRY_NOT_OFFICIAL,  /* known, but not an official member that day */
    REGISTRY_OFFICIAL       /* a period with official_since <= day and no left_on < day */
};

/*
 * The standing of `member_id` (`len` bytes, not necessarily terminated) on
 * `day` (a day number).  Safe from several threads at once.  The query stops
 * when `call`'s rule runs out of time (host->call_expired; `call` may be
 * NULL) or after a few seconds in any case.  Returns 0 with *out, or -1 with
 * `why`: the file became locked, the query ran too long, or a row holds a
 * date that is not YYYY-MM-DD.
 */
REGISTRY_INTERNAL int registry_store_standing(struct registry_store *store,
                                              const struct admit_call *call,
                                              const char *member_id, size_t len, int32_t day,
                                              enum registry_standing *out, char *why, size_t size);

/* The number of periods (rows) of `national_id`; 0 or -1 as above. */
REGISTRY_INTERNAL int registry_store_periods(struct registry_store *store,
                                             const struct admit_call *call,
                                             const char *national_id, size_t len, int64_t *out,
                                             char *why, size_t size);

/* -- a new registry (create.c) ------------------------------------------ */

/*
 * Create the file `path` (which must not exist: it is never overwritten),
 * readable and writable by its owner only, holding the DDL of
 * schemas/registry.sql and no rows.  Returns 0, or -1 with `why`; a file
 * this call created is removed again when a later step fails.
 */
REGISTRY_INTERNAL int registry_create(const char *path, char *why, size_t size);

/* -- filling a registry (import.c) -------------------------------------- */

/* The plugin function import(db, source, rows...): see import.c. */
REGISTRY_INTERNAL int registry_fn_import(void *userdata, struct admit_call *call, int argc,
                                         const struct admit_value *argv, struct admit_value *ret);

#endif
