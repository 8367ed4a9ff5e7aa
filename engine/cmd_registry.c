/*
 * cmd_registry.c - `admit registry init FILE`: create an empty member
 * registry (docs/registry.md).
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

static void usage(void)
{
    fputs(TR("Cách dùng: admit registry init TỆP\n"
             "Tạo sổ đảng viên trống (SQLite, cấu trúc của schemas/registry.sql) để dùng với\n"
             "--registry; không bao giờ ghi đè một tệp đã có. Xem docs/registry.md.\n\n"
             "  --plugins THƯ_MỤC    thư mục plugin (cần plugin registry)\n"
             "  --lang vi|en         ngôn ngữ\n\n"
             "Mã thoát: 0 đã tạo, 2 tệp đã tồn tại hoặc không tạo được, 3 thiếu plugin registry.\n",
             "Usage: admit registry init FILE\n"
             "Creates an empty member registry (SQLite, the layout of schemas/registry.sql) for\n"
             "--registry; never overwrites an existing file. See docs/registry.md.\n\n"
             "  --plugins DIR        plugin directory (the registry plugin is needed)\n"
             "  --lang vi|en         language\n\n"
             "Exit codes: 0 created, 2 the file exists or cannot be created, 3 no registry plugin.\n"),
          stdout);
}

int cmd_registry(int argc, char **argv)
{
    struct cli_options opt;
    struct plugin_set *plugins = NULL;
    int code = cli_start("registry", argc, argv, &opt, usage);
    if (code >= 0)
        return code;
    if (opt.arg_count != 2 || strcmp(opt.args[0], "init") != 0) {
        cli_error("%s", TR("registry: cách dùng: admit registry init TỆP (xem admit registry --help)",
                           "registry: usage: admit registry init FILE (see admit registry --help)"));
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
