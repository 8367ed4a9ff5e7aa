/*
 * main.c - `admit`: the command dispatcher.
 *
 * The language is chosen first (ADMIT_LANG, then --lang anywhere on the
 * line) so that even usage errors come in the user's language; the text
 * width next (COLUMNS, the terminal), for every report.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "cli.h"
#include "suggest.h"
#include "textwidth.h"

/* The commands, in the order `admit --help` lists them. */
static const struct {
    const char *name;
    int (*run)(int, char **);
    const char *args_vi, *args_en;   /* after the name, in the list */
    const char *vi, *en;             /* what it does, one line */
} commands[] = {
    {"check", cmd_check, "TỆP...", "FILE...",
     "kiểm tra hồ sơ: từng tiêu chí đạt hay không, vì sao",
     "evaluate dossiers: each criterion, pass or fail, and why"},
    {"timeline", cmd_timeline, "TỆP", "FILE",
     "các mốc thời gian và các hạn, tính theo ngày làm việc",
     "the dossier's dates and due dates, in working days"},
    {"rules", cmd_rules, "list|show [MÃ]", "list|show [ID]",
     "các quy tắc, căn cứ, tham số, thông điệp", "the rules, citations, parameters, messages"},
    {"test", cmd_test, "[ĐƯỜNG_DẪN...]", "[PATH...]",
     "chạy các ca kiểm thử quy tắc, báo cáo độ phủ", "run rule test cases, report coverage"},
    {"validate", cmd_validate, "TỆP...", "FILE...",
     "kiểm tra dữ liệu hồ sơ (không đánh giá), in mọi lỗi một lần",
     "check dossiers without evaluating; every error at once"},
    {"fmt", cmd_fmt, "[-w] TỆP", "[-w] FILE",
     "in hồ sơ đã chuẩn hóa (thứ tự khóa, NFC); -w ghi đè tệp",
     "print the dossier normalised (key order, NFC); -w rewrites it"},
    {"init", cmd_init, "admission|recognition", "admission|recognition",
     "in khung hồ sơ để điền (--stage BƯỚC, -o TỆP)",
     "print a dossier skeleton to fill in (--stage STEP, -o FILE)"},
    {"audit", cmd_audit, "ĐẦU_VÀO... --out THƯ_MỤC", "INPUT... --out DIR",
     "kiểm tra hàng loạt hồ sơ (JSON Lines, thư mục, SQLite)",
     "evaluate many dossiers (JSON Lines, folders, SQLite)"},
    {"calendar", cmd_calendar, "LỆNH ...", "COMMAND ...",
     "lịch âm, ngày nghỉ lễ, ngày làm việc", "lunar calendar, public holidays, working days"},
    {"registry", cmd_registry, "init|import TỆP", "init|import FILE",
     "sổ đảng viên (SQLite) cho --registry: tạo trống, nhập từ CSV",
     "the member registry (SQLite) for --registry: create, import a CSV"},
    {"serve", cmd_serve, "[--listen ĐỊA_CHỈ:CỔNG]", "[--listen ADDR:PORT]",
     "API HTTP và trang web cho chi bộ, cấp ủy",
     "the HTTP API and the web page for branches and committees"},
    {"pack", cmd_pack, "build|verify THƯ_MỤC", "build|verify DIR",
     "gói hồ sơ cấp ủy: lập pack.json; xác minh chữ ký minisign",
     "a committee's profile pack: write pack.json; verify its minisign signature"},
    {"version", cmd_version, "", "",
     "phiên bản bộ máy, Lua, ABI plugin, các plugin đã nạp",
     "engine, Lua and plugin ABI versions, loaded plugins"},
    {"help", NULL, "[LỆNH]", "[COMMAND]",
     "trợ giúp của một lệnh (như admit LỆNH --help)",
     "a command's help (as admit COMMAND --help)"},
};
#define COMMAND_COUNT (sizeof commands / sizeof commands[0])

static void usage(FILE *to)
{
    fputs(TR("Cách dùng: admit LỆNH [tùy chọn]\n\n"
             "Kiểm tra hồ sơ kết nạp Đảng và công nhận đảng viên chính thức theo quy định.\n\n",
             "Usage: admit COMMAND [options]\n\n"
             "Checks Party admission and recognition dossiers against the regulations.\n\n"),
          to);
    for (size_t i = 0; i < COMMAND_COUNT; i++) {
        char left[64];
        const char *args = TR(commands[i].args_vi, commands[i].args_en);
        snprintf(left, sizeof left, "%s%s%s", commands[i].name, args[0] ? " " : "", args);
        size_t w = 0;
        for (const char *p = left; *p; p++)
            w += ((unsigned char)*p & 0xC0) != 0x80;
        fprintf(to, "  %s%*s%s\n", left, w < 24 ? (int)(24 - w) : 1, "",
                TR(commands[i].vi, commands[i].en));
    }
    fputs(TR("\nadmit LỆNH --help (hoặc admit help LỆNH) cho biết các tùy chọn của từng lệnh;\n"
             "admit --version như admit version.  Xem thêm: man admit, docs/cli.md.\n",
             "\nadmit COMMAND --help (or admit help COMMAND) lists each command's options;\n"
             "admit --version is admit version.  See also: man admit, docs/cli.md.\n"),
          to);
}

/* Apply ADMIT_LANG, then the last --lang of the command line. */
static void choose_language(int argc, char **argv)
{
    enum admit_lang lang;
    const char *env = getenv("ADMIT_LANG");
    if (env != NULL && i18n_parse(env, &lang) == 0)
        i18n_set_lang(lang);
    for (int i = 1; i < argc; i++) {
        const char *value = NULL;
        if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
            value = argv[i + 1];
        else if (strncmp(argv[i], "--lang=", 7) == 0)
            value = argv[i] + 7;
        if (value != NULL && i18n_parse(value, &lang) == 0)
            i18n_set_lang(lang);
    }
}

/*
 * Every command's output ends here: whatever it printed is flushed and
 * standard output closed, and a write that failed (a full disk, a closed
 * pipe, /dev/full) turns the exit code into EXIT_ENGINE with a message,
 * instead of "eligible" with nothing written.  Commands that stream many
 * results also check as they go (cli_output_failed), to stop early.
 */
static int finish_output(int code)
{
    /* A backstop: commands check before printing (cli_out_of_memory); one
     * that did not still ends in exit 3. */
    if (code != EXIT_ENGINE && cli_out_of_memory())
        code = EXIT_ENGINE;
    int failed = cli_output_failed();
    int saved = cli_output_errno();
    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        saved = saved != 0 ? saved : errno;
        failed = 1;
    }
    errno = 0;
    if (fclose(stdout) != 0 && !failed) {
        saved = errno;
        failed = 1;
    }
    if (!failed)
        return code;
    cli_error(TR("lỗi ghi đầu ra: %s", "cannot write output: %s"),
              strerror(saved != 0 ? saved : EIO));
    return EXIT_ENGINE;
}

/* The command named `name`, or NULL after saying it does not exist. */
static int find_command(const char *name)
{
    const char *names[COMMAND_COUNT];
    for (size_t i = 0; i < COMMAND_COUNT; i++) {
        if (strcmp(name, commands[i].name) == 0)
            return (int)i;
        names[i] = commands[i].name;
    }
    const char *near = suggest_closest(name, names, COMMAND_COUNT);
    if (near != NULL)
        cli_error(TR("không có lệnh \"%s\"; có phải \"%s\"? (xem admit --help)",
                     "unknown command \"%s\"; did you mean \"%s\"? (see admit --help)"),
                  name, near);
    else
        cli_error(TR("không có lệnh \"%s\" (xem admit --help)",
                     "unknown command \"%s\" (see admit --help)"),
                  name);
    return -1;
}

/* `admit help [COMMAND] [options]`: the same text as `admit COMMAND --help`. */
static int help(int argc, char **argv)
{
    char *name = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
            i++;   /* the language is chosen already */
        else if (strncmp(argv[i], "--lang=", 7) != 0 && name == NULL)
            name = argv[i];
        else if (strncmp(argv[i], "--lang=", 7) != 0) {
            cli_error("%s", TR("help: chỉ nhận một lệnh (xem admit --help)",
                               "help: takes one command (see admit --help)"));
            return EXIT_INPUT;
        }
    }
    if (name == NULL || strcmp(name, "help") == 0 || strcmp(name, "--help") == 0 ||
        strcmp(name, "-h") == 0) {
        usage(stdout);
        return 0;
    }
    int i = find_command(name);
    if (i < 0)
        return EXIT_INPUT;
    static char help_option[] = "--help";
    char *args[] = {name, help_option, NULL};
    return commands[i].run(2, args);
}

static int run(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_INPUT;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0)
        return cmd_version(argc - 1, argv + 1);
    if (argv[1][0] == '-') {
        cli_error(TR("\"%s\" đứng trước lệnh: cách dùng: admit LỆNH [tùy chọn] (xem admit --help)",
                     "\"%s\" comes before the command: usage: admit COMMAND [options] "
                     "(see admit --help)"),
                  argv[1]);
        return EXIT_INPUT;
    }
    int i = find_command(argv[1]);
    if (i < 0)
        return EXIT_INPUT;
    if (commands[i].run == NULL)
        return help(argc - 1, argv + 1);
    return commands[i].run(argc - 1, argv + 1);
}

int main(int argc, char **argv)
{
    alloc_prefer_huge_pages();
    alloc_install_cjson_hooks();
    choose_language(argc, argv);
    textwidth_set(textwidth_detect());
    return finish_output(run(argc, argv));
}
