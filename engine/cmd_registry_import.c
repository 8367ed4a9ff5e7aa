/*
 * cmd_registry_import.c - `admit registry import FILE.csv --registry DB`:
 * fill a member registry from a spreadsheet export, all or nothing
 * (docs/registry.md, "Importing from a spreadsheet").
 *
 * The engine reads and checks the whole file first (registry_csv.c): the
 * first bad row refuses the file before the registry is touched.  The good
 * rows then go to the registry plugin's function `import` in one call, which
 * writes them in one transaction (plugins/registry/import.c) and creates the
 * registry when it does not exist.  The plugin is loaded without the
 * --registry setting, which would make it open the file read-only (or
 * refuse a file that does not exist yet).
 * Exit codes: 0 imported; 2 usage, a refused file, a registry that cannot
 * be written or already holds a period; 3 the registry plugin is absent.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "input.h"
#include "outcome.h"
#include "registry_csv.h"

/* The largest CSV file read: a registry of some hundred thousand members
 * is a few tens of megabytes. */
#define CSV_MAX_BYTES (64u * 1024 * 1024)

/* Values per row in the call of `import`: line, column, seven columns. */
#define ROW_VALUES (2 + REGISTRY_CSV_COLUMNS)

static void print_refusal(const struct admit_error *err, const char *db)
{
    if (err->path[0] != '\0')
        cli_error("%s:%s: %s", err->file, err->path, err->message);
    else
        cli_error("%s: %s", err->file, err->message);
    fprintf(stderr, TR("admit: tệp bị từ chối cả tệp; chưa ghi gì vào %s\n",
                       "admit: the whole file is refused; nothing was written to %s\n"),
            db);
}

/* The arguments of `import` for the rows of `csv`: a new array (caller
 * frees), or NULL when out of memory or too many rows for one call. */
static struct admit_value *import_arguments(const char *db, const char *source,
                                            const struct registry_csv *csv, int *argc)
{
    if (csv->count > (size_t)(INT_MAX - 2) / ROW_VALUES)
        return NULL;
    size_t n = 2 + csv->count * ROW_VALUES;
    struct admit_value *argv = calloc(n, sizeof *argv);
    if (argv == NULL)
        return NULL;
    argv[0] = (struct admit_value){.type = ADMIT_VALUE_STRING,
                                   .as.string = {db, strlen(db)}};
    argv[1] = (struct admit_value){.type = ADMIT_VALUE_STRING,
                                   .as.string = {source, strlen(source)}};
    for (size_t i = 0; i < csv->count; i++) {
        const struct registry_csv_row *r = &csv->rows[i];
        struct admit_value *v = &argv[2 + i * ROW_VALUES];
        v[0] = (struct admit_value){.type = ADMIT_VALUE_INT, .as.integer = r->line};
        v[1] = (struct admit_value){.type = ADMIT_VALUE_INT, .as.integer = r->id_column};
        for (int c = 0; c < REGISTRY_CSV_COLUMNS; c++) {
            const char *s = r->values[c];
            v[2 + c] = s == NULL ? (struct admit_value){.type = ADMIT_VALUE_NIL}
                                 : (struct admit_value){.type = ADMIT_VALUE_STRING,
                                                        .as.string = {s, strlen(s)}};
        }
    }
    *argc = (int)n;
    return argv;
}

int cmd_registry_import(const struct cli_options *opt)
{
    const char *path = opt->args[1];
    const char *name = input_display_name(path);
    const char *db = opt->registry;
    struct admit_error err;
    struct registry_csv *csv = NULL;
    struct plugin_set *plugins = NULL;
    struct admit_value *argv = NULL;
    char *text = NULL;
    size_t len = 0;
    int code = EXIT_INPUT;

    admit_error_clear(&err);
    if (db == NULL) {
        cli_error("%s", TR("registry import: hãy cho biết sổ đảng viên cần điền: admit registry import TỆP.csv --registry SỔ.db",
                           "registry import: name the registry to fill: admit registry import FILE.csv --registry DB"));
        return EXIT_INPUT;
    }
    if (input_read(path, CSV_MAX_BYTES, &text, &len, &err) != ADMIT_OK) {
        cli_print_error(&err);
        return EXIT_INPUT;
    }
    enum admit_status status = registry_csv_read(name, text, len, &csv, &err);
    if (status != ADMIT_OK) {
        if (status == ADMIT_ENOMEM)
            cli_print_error(&err);
        else
            print_refusal(&err, db);
        code = status == ADMIT_ENOMEM ? EXIT_ENGINE : EXIT_INPUT;
        goto done;
    }

    struct cli_options plugin_opt = *opt;
    plugin_opt.registry = NULL;
    code = cli_load_plugins(&plugin_opt, &plugins);
    if (code != 0)
        goto done;
    const struct plugin_function *import =
        plugin_set_find_function(plugins, "registry", "import");
    if (import == NULL) {
        cli_error("%s", TR("registry import: plugin registry chưa được nạp (không có registry.so trong thư mục plugin; xem --plugins)",
                           "registry import: the registry plugin is not loaded (no registry.so in the plugin directory; see --plugins)"));
        code = EXIT_ENGINE;
        goto done;
    }
    int argc = 0;
    argv = import_arguments(db, name, csv, &argc);
    if (argv == NULL) {
        cli_error("registry import: %s", TR("hết bộ nhớ", "out of memory"));
        code = EXIT_ENGINE;
        goto done;
    }

    struct stat st;
    int existed = stat(db, &st) == 0;
    /* Outside an evaluation: no dossier, no dates. */
    struct plugin_call_env env = {OUTCOME_NO_DAY, OUTCOME_NO_DAY, NULL, NULL};
    struct admit_value ret;
    char *error = NULL;
    if (plugin_call_function(import, &env, argc, argv, &ret, &error) != 0) {
        cli_error("registry import: %s", error != NULL ? error : TR("hết bộ nhớ", "out of memory"));
        free(error);
        code = EXIT_INPUT;
        goto done;
    }
    plugin_value_release(&ret);
    printf(existed ? TR("Đã nhập %zu dòng từ %s vào sổ đảng viên %s\n",
                        "Imported %zu rows from %s into the registry %s\n")
                   : TR("Đã tạo sổ đảng viên %3$s và nhập %1$zu dòng từ %2$s\n",
                        "Created the registry %3$s and imported %1$zu rows from %2$s\n"),
           csv->count, name, db);
    if (csv->ignored[0] != '\0')
        printf(TR("Các cột bỏ qua: %s\n", "Columns ignored: %s\n"), csv->ignored);
    code = 0;

done:
    free(argv);
    plugin_set_free(plugins);
    registry_csv_free(csv);
    free(text);
    return code;
}
