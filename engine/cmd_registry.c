/*
 * cmd_registry.c - `admit registry init FILE`: create an empty member
 * registry (docs/registry.md).  `admit registry import` is
 * cmd_registry_import.c.
 *
 * The engine has no SQLite of its own: the `registry` plugin creates the
 * file, through its function `init`, called here outside any evaluation
 * (no dossier, no evaluation date: the plugin refuses `init` otherwise).
 * Exit codes: 0 created; 2 usage, or the file exists or cannot be created;
 * 3 the rulebook or the plugins do not load, or the plugin is absent.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "outcome.h"

static const struct cli_option_use options[] = {
    {CLI_OPT_REGISTRY, "sổ cần điền (import)", "the registry to fill (import)"},
    {CLI_OPT_LANG, NULL, NULL},
    {CLI_OPT_PLUGINS, "thư mục plugin (cần plugin registry)",
     "plugin directory (the registry plugin is needed)"},
    {CLI_OPT_END, NULL, NULL},
};

static const struct cli_command command = {
    "registry",
    "admit registry init TỆP [tùy chọn]\n"
    "admit registry import TỆP.csv --registry SỔ.db [tùy chọn]",
    "admit registry init FILE [options]\n"
    "admit registry import FILE.csv --registry DB [options]",
    "init tạo sổ đảng viên trống (SQLite, cấu trúc của schemas/registry.sql) để dùng với\n"
    "--registry; không bao giờ ghi đè một tệp đã có. import điền sổ (tạo sổ nếu chưa có)\n"
    "từ bảng tính lưu dạng CSV UTF-8: kiểm tra cả tệp trước, dòng sai đầu tiên làm cả tệp\n"
    "bị từ chối và không ghi gì. Xem docs/registry.md.",
    "init creates an empty member registry (SQLite, the layout of schemas/registry.sql)\n"
    "for --registry; it never overwrites an existing file. import fills a registry\n"
    "(created if absent) from a spreadsheet saved as CSV UTF-8: the whole file is\n"
    "checked first, and its first bad row refuses it with nothing written.\n"
    "See docs/registry.md.",
    NULL, options,
    "Mã thoát: 0 đã tạo hoặc đã nhập, 2 tệp đã tồn tại, không tạo được, hoặc tệp CSV bị\n"
    "từ chối, 3 thiếu plugin registry.",
    "Exit codes: 0 created or imported, 2 the file exists or cannot be created, or the\n"
    "CSV file is refused, 3 no registry plugin.",
};

int cmd_registry(int argc, char **argv)
{
    struct cli_options opt;
    struct plugin_set *plugins = NULL;
    int code = cli_begin(&command, argc, argv, &opt);
    if (code >= 0)
        return code;
    if (opt.arg_count == 2 && strcmp(opt.args[0], "import") == 0)
        return cmd_registry_import(&opt);
    if (opt.arg_count != 2 || strcmp(opt.args[0], "init") != 0) {
        cli_error("%s", TR("registry: cách dùng: admit registry init TỆP hoặc admit registry import TỆP.csv --registry SỔ.db (xem admit registry --help)",
                           "registry: usage: admit registry init FILE or admit registry import FILE.csv --registry DB (see admit registry --help)"));
        return EXIT_INPUT;
    }
    const char *path = opt.args[1];
    /* Elsewhere "-" means standard input or output; a SQLite file cannot be
     * written to a stream, and a file silently named "-" surprises. */
    if (strcmp(path, "-") == 0) {
        cli_error("%s", TR("registry init: \"-\" không phải tên tệp ở đây: sổ đảng viên là một tệp "
                           "SQLite, không ghi ra đầu ra chuẩn được; cần một đường dẫn (vd. ./-)",
                           "registry init: \"-\" is not a file name here: a registry is a SQLite "
                           "file and cannot go to standard output; expected a path (e.g. ./-)"));
        return EXIT_INPUT;
    }

    code = cli_load_plugins(&opt, &plugins);
    if (code != 0)
        return code;
    const struct plugin_function *init =
        plugin_set_find_function(plugins, "registry", "init");
    if (init == NULL) {
        cli_error("%s", TR("registry init: plugin registry chưa được nạp (không có registry.so trong thư mục plugin; xem --plugins)",
                           "registry init: the registry plugin is not loaded (no registry.so in the plugin directory; see --plugins)"));
        plugin_set_free(plugins);
        return EXIT_ENGINE;
    }

    /* Outside an evaluation: no dossier, no dates. */
    struct plugin_call_env env = {OUTCOME_NO_DAY, OUTCOME_NO_DAY, NULL, NULL};
    struct admit_value arg = {.type = ADMIT_VALUE_STRING};
    struct admit_value ret;
    char *error = NULL;
    arg.as.string.data = path;
    arg.as.string.len = strlen(path);
    if (plugin_call_function(init, &env, 1, &arg, &ret, &error) != 0) {
        cli_error("registry init: %s", error != NULL ? error : TR("hết bộ nhớ", "out of memory"));
        free(error);
        code = EXIT_INPUT;
    } else {
        plugin_value_release(&ret);
        printf(TR("Đã tạo sổ đảng viên trống %s; cách điền dữ liệu: docs/registry.md\n",
                  "Created the empty member registry %s; how to fill it: docs/registry.md\n"),
               path);
    }
    plugin_set_free(plugins);
    return code;
}
