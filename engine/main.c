/*
 * main.c - `admit`: the command dispatcher.
 *
 * The language is chosen first (ADMIT_LANG, then --lang anywhere on the
 * line) so that even usage errors come in the user's language.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "cli.h"

static void usage(FILE *to)
{
    fputs(TR("Cách dùng: admit LỆNH [tùy chọn]\n\n"
             "Kiểm tra hồ sơ kết nạp Đảng và công nhận đảng viên chính thức theo quy định.\n\n"
             "  check TỆP...     kiểm tra hồ sơ, cho biết từng tiêu chí đạt hay không và vì sao\n"
             "  test [ĐƯỜNG_DẪN...]  chạy các ca kiểm thử quy tắc\n"
             "  rules list|show [MÃ]  các quy tắc, căn cứ, tham số, thông điệp\n"
             "  timeline TỆP     các mốc thời gian và các hạn, tính theo ngày làm việc\n"
             "  calendar LỆNH    lịch âm, ngày nghỉ lễ, ngày làm việc (lunar, solar, holidays, ...)\n"
             "  registry init TỆP  tạo sổ đảng viên trống (SQLite) cho --registry\n"
             "  version          phiên bản bộ máy, Lua, ABI plugin, các plugin đã nạp\n\n"
             "admit LỆNH --help cho biết các tùy chọn của từng lệnh.\n",
             "Usage: admit COMMAND [options]\n\n"
             "Checks Party admission and recognition dossiers against the regulations.\n\n"
             "  check FILE...    evaluate dossiers: each criterion, pass or fail, and why\n"
             "  test [PATH...]   run rule test cases\n"
             "  rules list|show [ID]  the rules, citations, parameters, messages\n"
             "  timeline FILE    the dossier's dates and due dates, in working days\n"
             "  calendar COMMAND lunar calendar, public holidays, working days (lunar, solar, ...)\n"
             "  registry init FILE  create an empty member registry (SQLite) for --registry\n"
             "  version          engine, Lua and plugin ABI versions, loaded plugins\n\n"
             "admit COMMAND --help lists each command's options.\n"),
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

static int run(int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*run)(int, char **);
    } commands[] = {
        {"check", cmd_check},
        {"test", cmd_test},
        {"rules", cmd_rules},
        {"timeline", cmd_timeline},
        {"calendar", cmd_calendar},
        {"registry", cmd_registry},
        {"version", cmd_version},
    };
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_INPUT : 0;
    }
    if (strcmp(argv[1], "--version") == 0)
        return cmd_version(argc - 1, argv + 1);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    cli_error(TR("không có lệnh \"%s\" (xem admit --help)", "unknown command \"%s\" (see admit --help)"),
              argv[1]);
    return EXIT_INPUT;
}

int main(int argc, char **argv)
{
    alloc_install_cjson_hooks();
    choose_language(argc, argv);
    return finish_output(run(argc, argv));
}
