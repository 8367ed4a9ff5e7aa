/*
 * plugin.c - the `registry` plugin: a Party member registry in SQLite,
 * for the rules that check people against the Party's own records
 * (docs/registry.md).
 *
 * At load it opens the file given with --registry (host->option
 * "registry") read-only and checks it; a file that cannot be used refuses
 * the load through host->input_error, so that admit exits 2.  Without
 * --registry it loads all the same: available() is false and the queries
 * fail with "no registry".
 *
 * Functions for rules (plugins.registry.NAME):
 *   available()                  -> boolean: a registry was given
 *   official_on(member_id, day)  -> "official" | "not_official" | "unknown"
 *   periods(national_id)         -> integer: membership periods of the person
 *   init(path)                   -> true: creates an empty registry; only
 *                                   outside an evaluation (admit registry init)
 *   import(db, source, rows...)  -> rows written; only outside an evaluation
 *                                   (admit registry import; see import.c)
 *
 * One plugin file may be initialised more than once by one process (a
 * second plugin set from the same directory shares the loaded object): the
 * open registry is shared and counted, and closed by the last shutdown.
 */
#define _POSIX_C_SOURCE 200809L

#include "registry.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Longest member_id or national_id accepted (registry.md: a card number, a
 * 12-digit identity number); a longer string is a mistake of the rule. */
#define ID_MAX_LEN 64
/* Longest path `init` takes. */
#define PATH_MAX_LEN 4096

const struct admit_host *registry_host;
int registry_english;

/* The shared state: guarded by `load_lock` during init and shutdown, and
 * read-only in between (the store guards its own queries). */
static pthread_mutex_t load_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned loads;                  /* inits that succeeded, not yet shut down */
static struct registry_store *store;    /* NULL: no --registry */
static char *store_path;                /* the --registry of the open store */

/* -- arguments ---------------------------------------------------------- */

/* Argument `i` is a non-empty string of at most `max` bytes without zero
 * bytes; else fails the call, naming the function and the argument. */
static int want_string(struct admit_call *call, const char *fn, const char *what, int argc,
                       const struct admit_value *argv, int i, size_t max)
{
    if (i < argc && argv[i].type == ADMIT_VALUE_STRING && argv[i].as.string.len > 0 &&
        argv[i].as.string.len <= max &&
        memchr(argv[i].as.string.data, '\0', argv[i].as.string.len) == NULL)
        return 0;
    registry_host->call_error(call,
                              RTR("%s: đối số %d (%s) phải là chuỗi khác rỗng, tối đa %zu byte",
                                  "%s: argument %d (%s) must be a non-empty string of at most %zu bytes"),
                              fn, i + 1, what, max);
    return -1;
}

static int want_argc(struct admit_call *call, const char *fn, int argc, int expected)
{
    if (argc == expected)
        return 0;
    registry_host->call_error(call,
                              RTR("%s: cần %d đối số, nhận %d", "%s: expects %d arguments, got %d"),
                              fn, expected, argc);
    return -1;
}

/* The queries need a registry: say so when --registry was not given. */
static int want_store(struct admit_call *call, const char *fn)
{
    if (store != NULL)
        return 0;
    registry_host->call_error(call,
                              RTR("%s: không có sổ đảng viên (chạy với --registry TỆP; quy tắc nên hỏi available() trước)",
                                  "%s: no registry (run with --registry DB; rules should ask available() first)"),
                              fn);
    return -1;
}

/* -- functions ---------------------------------------------------------- */

/* available() -> boolean: a registry was given and is open. */
static int fn_available(void *userdata, struct admit_call *call, int argc,
                        const struct admit_value *argv, struct admit_value *ret)
{
    (void)userdata, (void)argv;
    if (want_argc(call, "available", argc, 0) != 0)
        return -1;
    ret->type = ADMIT_VALUE_BOOL;
    ret->as.boolean = store != NULL;
    return 0;
}

/* official_on(member_id, day) -> "official" | "not_official" | "unknown". */
static int fn_official_on(void *userdata, struct admit_call *call, int argc,
                          const struct admit_value *argv, struct admit_value *ret)
{
    static const char *const names[] = {
        [REGISTRY_UNKNOWN] = "unknown",
        [REGISTRY_NOT_OFFICIAL] = "not_official",
        [REGISTRY_OFFICIAL] = "official",
    };
    char why[REGISTRY_MESSAGE_MAX];
    enum registry_standing standing;
    int y = 0;

    (void)userdata;
    if (want_argc(call, "official_on", argc, 2) != 0 ||
        want_string(call, "official_on", "member_id", argc, argv, 0, ID_MAX_LEN) != 0)
        return -1;
    if (argv[1].type == ADMIT_VALUE_INT && argv[1].as.integer >= INT32_MIN &&
        argv[1].as.integer <= INT32_MAX)
        registry_host->date_to_ymd((int32_t)argv[1].as.integer, &y, NULL, NULL);
    if (y == 0) {
        registry_host->call_error(call, "%s",
                                  RTR("official_on: đối số 2 (day) phải là một ngày (số ngày, như các ngày trong hồ sơ)",
                                      "official_on: argument 2 (day) must be a date (a day number, as dossier dates are)"));
        return -1;
    }
    if (want_store(call, "official_on") != 0)
        return -1;
    if (registry_store_standing(store, call, argv[0].as.string.data, argv[0].as.string.len,
                                (int32_t)argv[1].as.integer, &standing, why, sizeof why) != 0) {
        registry_host->call_error(call, "%s", why);
        return -1;
    }
    /* Static strings: the host copies them after the return. */
    ret->type = ADMIT_VALUE_STRING;
    ret->as.string.data = names[standing];
    ret->as.string.len = strlen(names[standing]);
    return 0;
}

/* periods(national_id) -> the number of membership periods of the person. */
static int fn_periods(void *userdata, struct admit_call *call, int argc,
                      const struct admit_value *argv, struct admit_value *ret)
{
    char why[REGISTRY_MESSAGE_MAX];
    int64_t count;

    (void)userdata;
    if (want_argc(call, "periods", argc, 1) != 0 ||
        want_string(call, "periods", "national_id", argc, argv, 0, ID_MAX_LEN) != 0 ||
        want_store(call, "periods") != 0)
        return -1;
    if (registry_store_periods(store, call, argv[0].as.string.data, argv[0].as.string.len, &count, why,
                               sizeof why) != 0) {
        registry_host->call_error(call, "%s", why);
        return -1;
    }
    ret->type = ADMIT_VALUE_INT;
    ret->as.integer = count;
    return 0;
}

/*
 * init(path) -> true: create an empty registry at `path`.  Writing files is
 * not something a rule may do, so it works only in a call without an
 * evaluation date, which only the command line makes (admit registry init).
 */
static int fn_init(void *userdata, struct admit_call *call, int argc,
                   const struct admit_value *argv, struct admit_value *ret)
{
    char why[REGISTRY_MESSAGE_MAX];

    (void)userdata;
    if (registry_host->call_as_of(call) != ADMIT_NO_DAY) {
        registry_host->call_error(call, "%s",
                                  RTR("init: chỉ dùng cho lệnh admit registry init, không dùng trong quy tắc",
                                      "init: only for the command admit registry init, not for rules"));
        return -1;
    }
    if (want_argc(call, "init", argc, 1) != 0 ||
        want_string(call, "init", "path", argc, argv, 0, PATH_MAX_LEN) != 0)
        return -1;
    size_t len = argv[0].as.string.len;
    char *path = malloc(len + 1);
    if (path == NULL) {
        registry_host->call_error(call, "%s", RTR("hết bộ nhớ", "out of memory"));
        return -1;
    }
    memcpy(path, argv[0].as.string.data, len);
    path[len] = '\0';
    int rc = registry_create(path, why, sizeof why);
    free(path);
    if (rc != 0) {
        registry_host->call_error(call, "%s", why);
        return -1;
    }
    ret->type = ADMIT_VALUE_BOOL;
    ret->as.boolean = 1;
    return 0;
}

/* -- loading ------------------------------------------------------------ */

static void registry_shutdown(void)
{
    pthread_mutex_lock(&load_lock);
    if (loads > 0 && --loads == 0) {
        registry_store_close(store);
        store = NULL;
        free(store_path);
        store_path = NULL;
    }
    pthread_mutex_unlock(&load_lock);
}

static int same_path(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* Open the --registry file for the first load; 0, or -1 after telling the
 * host why (input_error when the file is at fault).  Under load_lock. */
static int open_first(const struct admit_host *h, struct admit_plugin *plugin, const char *path)
{
    char why[REGISTRY_MESSAGE_MAX];
    if (path == NULL)
        return 0;
    switch (registry_store_open(path, &store, why, sizeof why)) {
    case REGISTRY_OPENED:
        break;
    case REGISTRY_BAD_INPUT:
        h->input_error(plugin, "%s", why);
        return -1;
    case REGISTRY_BROKEN:
        h->error(plugin, "%s", why);
        return -1;
    }
    store_path = malloc(strlen(path) + 1);
    if (store_path == NULL) {
        registry_store_close(store);
        store = NULL;
        h->error(plugin, "%s", RTR("hết bộ nhớ", "out of memory"));
        return -1;
    }
    strcpy(store_path, path);
    return 0;
}

int admit_plugin_init(const struct admit_host *h, struct admit_plugin *plugin,
                      struct admit_plugin_info *info)
{
    static const struct admit_function_desc functions[] = {
        {.name = "available", .fn = fn_available, .userdata = NULL, .pure = 0},
        {.name = "official_on", .fn = fn_official_on, .userdata = NULL, .pure = 0},
        {.name = "periods", .fn = fn_periods, .userdata = NULL, .pure = 0},
        {.name = "init", .fn = fn_init, .userdata = NULL, .pure = 0},
        {.name = "import", .fn = registry_fn_import, .userdata = NULL, .pure = 0},
    };

    info->abi_version = ADMIT_PLUGIN_ABI_VERSION;
    info->name = "registry";
    info->version = "1.0.0";
    if (h->abi_version < ADMIT_PLUGIN_ABI_VERSION || h->size < sizeof *h) {
        h->error(plugin, "admit is too old for this plugin (it needs host->option and host->input_error)");
        return -1;
    }

    pthread_mutex_lock(&load_lock);
    const char *path = h->option(plugin, "registry");
    int first = loads == 0, rc = 0;
    if (first) {
        /* Written only while no other load is alive, hence no call runs. */
        const char *lang = h->option(plugin, "lang");
        registry_host = h;
        registry_english = lang != NULL && strcmp(lang, "en") == 0;
        rc = open_first(h, plugin, path);
    }
    else if (!same_path(path, store_path)) {
        h->error(plugin, "%s",
                 RTR("plugin registry đã được nạp với một sổ đảng viên khác trong tiến trình này",
                     "the registry plugin is already loaded with another registry in this process"));
        rc = -1;
    }
    for (size_t i = 0; rc == 0 && i < sizeof functions / sizeof functions[0]; i++)
        rc = h->register_function(plugin, &functions[i]);
    if (rc == 0) {
        loads++;
        info->shutdown = registry_shutdown;
    } else if (first) {
        /* The host calls no shutdown after a failed init. */
        registry_store_close(store);
        store = NULL;
        free(store_path);
        store_path = NULL;
    }
    pthread_mutex_unlock(&load_lock);
    return rc == 0 ? 0 : -1;
}
