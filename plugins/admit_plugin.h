/*
 * admit_plugin.h - the whole ABI between admit and a native plugin.
 *
 * A plugin is a shared object that exports one symbol:
 *
 *     int admit_plugin_init(const struct admit_host *host,
 *                           struct admit_plugin *plugin,
 *                           struct admit_plugin_info *info);
 *
 * The host calls it once after dlopen().  The plugin checks that the host is
 * recent enough (`host->abi_version >= ADMIT_PLUGIN_ABI_VERSION`, and
 * `host->size` covers the members it uses), fills `info` (its name, version,
 * and the ABI version it was built for) and registers what it offers through
 * the host functions, passing `plugin` back.  It returns 0, or -1 after
 * calling host->error() (or host->input_error() when the user's input is
 * at fault).  The host keeps the registrations only when init
 * returns 0 and `info->abi_version` is one it implements; otherwise it
 * refuses the plugin and unloads it.
 *
 * What a plugin can offer:
 *   - functions callable from rules as `plugins.NAME.FUNCTION(...)`;
 *   - whole checks, which behave like a rule written in Lua.
 *
 * Compatibility: struct admit_host is append-only.  A member is never removed
 * or reordered; new members are added at the end and the ABI version is raised.
 * A plugin built for version V runs on any host with version >= V.
 *
 * Values: dates are day numbers (days since 1970-01-01, proleptic Gregorian);
 * host->date_from_ymd / date_to_ymd convert.  Strings handed to a plugin are
 * owned by the host and valid until the callback returns.  A string a
 * function returns in *ret is copied by the host as soon as the function
 * returns and is never freed by the host, so its bytes must stay valid until
 * then: static storage, part of an argument, or a copy made with
 * host->call_return_string (the way to return a string built at run time;
 * the host frees that copy after the call).
 *
 * Threads: after init, functions and checks may be called from several
 * threads at once, each call with its own `struct admit_call`.
 *
 * Plugins never include Lua headers and never see Lua values.
 */
#ifndef ADMIT_PLUGIN_H
#define ADMIT_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ADMIT_PLUGIN_ABI_VERSION 1u

/* The symbol the host looks up. */
#define ADMIT_PLUGIN_ENTRY "admit_plugin_init"

/* "No date": what date_from_ymd gives for a date that does not exist. */
#define ADMIT_NO_DAY INT32_MIN

/* Lets the compiler check the printf-style host functions' arguments. */
#if defined(__GNUC__)
#define ADMIT_PLUGIN_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define ADMIT_PLUGIN_PRINTF(fmt, args)
#endif

/* -- values ------------------------------------------------------------- */

enum admit_value_type {
    ADMIT_VALUE_NIL = 0,
    ADMIT_VALUE_BOOL,
    ADMIT_VALUE_INT,    /* also dates, as day numbers */
    ADMIT_VALUE_NUMBER,
    ADMIT_VALUE_STRING
};

struct admit_value {
    enum admit_value_type type;
    union {
        int boolean;
        int64_t integer;
        double number;
        struct {
            const char *data; /* not necessarily terminated; see len */
            size_t len;
        } string;
    } as;
};

/* -- opaque handles ----------------------------------------------------- */

struct admit_plugin;   /* the loading plugin, passed to registration calls */
struct admit_dossier;  /* a dossier being evaluated, read through the host */
struct admit_outcome;  /* the outcome a check builds */
struct admit_call;     /* one call of a plugin function or check */

/* -- what a plugin registers ------------------------------------------- */

/*
 * A function callable from rules.  It receives `argc` arguments and writes
 * one result into *ret, which the host sets to ADMIT_VALUE_NIL before the
 * call (leave it so when there is nothing to say; a string result follows
 * the rule under "Values" above).  It returns 0, or -1 after
 * host->call_error(call, ...) to raise an error in the calling rule (which
 * then reports status `error`).  A call_error() also fails the call when the
 * function returns 0.
 */
typedef int (*admit_function_fn)(void *userdata, struct admit_call *call, int argc,
                                 const struct admit_value *argv, struct admit_value *ret);

struct admit_function_desc {
    const char *name;       /* a Lua identifier, unique within the plugin */
    admit_function_fn fn;
    void *userdata;
    int pure;               /* 1: the result depends only on the arguments */
};

/*
 * A whole check.  It reads the dossier through host->dossier_get, decides,
 * and describes the outcome through host->outcome_* calls; it must call
 * host->outcome_set at least once (a check that returns 0 without it is an
 * `error` result, never a silent pass).  It returns 0, or -1 after
 * host->call_error() for an engine-level `error` result.
 */
typedef int (*admit_check_fn)(void *userdata, struct admit_call *call,
                              const struct admit_dossier *dossier,
                              struct admit_outcome *outcome);

struct admit_check_desc {
    const char *id;          /* the rule id, e.g. "intro.registry" */
    const char *severity;    /* "eligibility" | "process" | "advisory" */
    const char *procedures;  /* "admission", "recognition" or "admission,recognition" */
    const char *codes;       /* message codes it can emit, comma-separated */
    const char *cite;        /* the citation, the same for every edition */
    admit_check_fn fn;
    void *userdata;
};

/* What a plugin tells about itself; filled by admit_plugin_init. */
struct admit_plugin_info {
    uint32_t abi_version;    /* set to ADMIT_PLUGIN_ABI_VERSION */
    const char *name;        /* [a-z][a-z0-9_]*, static storage */
    const char *version;     /* e.g. "1.0.0", static storage */
    void (*shutdown)(void);  /* called before dlclose; may be NULL */
};

/* Outcome statuses a check may give. */
enum admit_outcome_status {
    ADMIT_OUTCOME_PASS = 0,
    ADMIT_OUTCOME_FAIL,
    ADMIT_OUTCOME_MISSING,
    ADMIT_OUTCOME_NEEDS_APPROVAL,
    ADMIT_OUTCOME_WARN,
    ADMIT_OUTCOME_NOT_APPLICABLE
};

/* -- the host function table (append-only) ------------------------------ */

struct admit_host {
    uint32_t abi_version;  /* the host's ABI version */
    size_t size;           /* sizeof(struct admit_host) in the host */

    /* Report why init failed; the message is copied (the last one wins).
     * printf-style.  During admit_plugin_init only; ignored afterwards. */
    void (*error)(struct admit_plugin *plugin, const char *fmt, ...) ADMIT_PLUGIN_PRINTF(2, 3);
    /* A diagnostic line for --verbose runs; level 0 info, 1 warning.  Any
     * time, from any thread; `plugin` is the handle init received. */
    void (*log)(struct admit_plugin *plugin, int level, const char *fmt, ...)
        ADMIT_PLUGIN_PRINTF(3, 4);

    /* Memory the host may free, or that outlives a call. */
    void *(*alloc)(size_t size);
    void (*free)(void *ptr);

    /*
     * Registration, during admit_plugin_init only.  The host copies the
     * descriptor's strings.  0, or -1 with a reason; a failed registration
     * makes the host refuse the plugin even if init then returns 0.
     * Function names are Lua identifiers other than Lua's keywords; check
     * ids are "topic.name" ([a-z][a-z0-9_]* parts joined by dots), unique
     * among all loaded plugins.
     */
    int (*register_function)(struct admit_plugin *plugin, const struct admit_function_desc *desc);
    int (*register_check)(struct admit_plugin *plugin, const struct admit_check_desc *desc);

    /*
     * Read the dossier at a path in the result format's notation
     * ("candidate.birth_date", "introducers[0].member_id").  Dates come as
     * ADMIT_VALUE_INT day numbers, null and absent values as ADMIT_VALUE_NIL,
     * objects and arrays as ADMIT_VALUE_NIL (use dossier_count for arrays),
     * integer-valued numbers as ADMIT_VALUE_INT, other numbers as
     * ADMIT_VALUE_NUMBER.  A string points into the dossier and stays valid
     * until the callback returns.  Returns 0, or -1 (and *out NIL) for a
     * malformed path.
     */
    int (*dossier_get)(const struct admit_dossier *dossier, const char *path,
                       struct admit_value *out);
    /* Items in the array at `path`; 0 when it is absent, null, not an
     * array or a malformed path. */
    size_t (*dossier_count)(const struct admit_dossier *dossier, const char *path);

    /* The evaluation context of the current call. */
    int32_t (*call_as_of)(const struct admit_call *call);      /* evaluation date */
    int32_t (*call_anchor)(const struct admit_call *call);     /* the rule's anchor */
    const char *(*call_edition)(const struct admit_call *call);/* e.g. "2021"; "" if none */

    /* Raise an error in the current call; the message is copied.  The first
     * message of a call is the one reported. */
    void (*call_error)(struct admit_call *call, const char *fmt, ...) ADMIT_PLUGIN_PRINTF(2, 3);

    /*
     * Building a check's outcome.  `code` names a message (see rules docs);
     * NULL keeps the current one.  Facts replace a fact of the same key;
     * strings are copied.  Misuse (an unknown status or hint kind) and lack
     * of memory fail the call as call_error() does.
     */
    void (*outcome_set)(struct admit_outcome *outcome, enum admit_outcome_status status,
                        const char *code);
    void (*outcome_fact)(struct admit_outcome *outcome, const char *key,
                         const struct admit_value *value);
    void (*outcome_fact_date)(struct admit_outcome *outcome, const char *key, int32_t day);
    void (*outcome_missing)(struct admit_outcome *outcome, const char *path);
    void (*outcome_hint)(struct admit_outcome *outcome, const char *kind /* earliest|latest */,
                         int32_t day);

    /* Dates.  date_from_ymd gives ADMIT_NO_DAY for a day that does not
     * exist (years 1 to 9999); date_to_ymd gives 0-0-0 for a day number
     * outside those years. */
    int32_t (*date_from_ymd)(int y, int m, int d);
    void (*date_to_ymd)(int32_t day, int *y, int *m, int *d);

    /*
     * Return a string built at run time from a function: sets *ret to
     * ADMIT_VALUE_STRING with a copy of the `len` bytes at `data`, owned by
     * the call and freed by the host after the function returns.  A second
     * use in the same call replaces the first copy.  Returns 0, or -1 when
     * out of memory (the call then fails as with call_error()).
     */
    int (*call_return_string)(struct admit_call *call, struct admit_value *ret,
                              const char *data, size_t len);

    /*
     * A setting the user gave for plugins on the command line, by key:
     * "registry" (--registry DB), "holidays" (--holidays DIR|none), "lang"
     * ("vi" or "en").  NULL when not given.  The string stays valid as long
     * as the plugin is loaded.  Usable during init and in any call.
     */
    const char *(*option)(struct admit_plugin *plugin, const char *key);

    /*
     * Like error(), for a refusal caused by the user's input rather than by
     * the plugin: a data file named by an option (--registry DB) that is
     * missing, of the wrong format or locked.  The host then reports an
     * input error (`admit check` exits 2, not 3).  The message should name
     * the file and say what is wrong with it.  During admit_plugin_init
     * only; error() and input_error() share one message, the last wins.
     */
    void (*input_error)(struct admit_plugin *plugin, const char *fmt, ...)
        ADMIT_PLUGIN_PRINTF(2, 3);

    /*
     * 1 when the rule that made this call has run out of time (its
     * wall-clock limit passed), 0 otherwise (and for calls outside a rule).
     * A function that may run long (a database query, a long loop) polls it
     * and then fails the call with call_error(); the rule ends with an
     * `error` result for the time limit.  From the thread of the call.
     * Added after version 1 was published: present when `host->size`
     * covers it (ADMIT_HOST_HAS(host, call_expired)).
     */
    int (*call_expired)(const struct admit_call *call);
};

/* 1 when the host table `h` has the member `m` (a member added later). */
#define ADMIT_HOST_HAS(h, m) \
    ((h)->size >= offsetof(struct admit_host, m) + sizeof(((struct admit_host *)0)->m) && \
     (h)->m != NULL)

/* The entry point every plugin defines. */
typedef int (*admit_plugin_init_fn)(const struct admit_host *host,
                                    struct admit_plugin *plugin,
                                    struct admit_plugin_info *info);

/*
 * Its prototype, so that the compiler checks the plugin's definition
 * (and -Wmissing-prototypes stays quiet).  The visibility attribute keeps it
 * exported when a plugin is built with -fvisibility=hidden.  The host never
 * calls it by name, only through dlsym().
 */
#if defined(__GNUC__)
#define ADMIT_PLUGIN_EXPORT __attribute__((visibility("default")))
#else
#define ADMIT_PLUGIN_EXPORT
#endif
ADMIT_PLUGIN_EXPORT int admit_plugin_init(const struct admit_host *host,
                                          struct admit_plugin *plugin,
                                          struct admit_plugin_info *info);

#ifdef __cplusplus
}
#endif

#endif
