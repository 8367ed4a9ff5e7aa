/*
 * main.c - `admit`: the command dispatcher.
 *
 * The language is chosen first (ADMIT_LANG, then --lang anywhere on the
 * line) so that even usage errors come in the user's language.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void usage(FILE *to)
{
    fputs(TR("Cách dùng: admit LỆNH [tùy chọn]\n\n"
             "Kiểm tra hồ sơ kết nạp Đảng và công nhận đảng viên chính thức theo quy định.\n\n"
             "  check TỆP...     kiểm tra hồ sơ, cho biết từng tiêu chí đạt hay không và vì sao\n"
             "  test [ĐƯỜNG_DẪN...]  chạy các ca kiểm thử quy tắc\n"
             "  rules list|show [MÃ]  các quy tắc, căn cứ, tham số, thông điệp\n"
             "  timeline TỆP     các mốc thời gian và các hạn, tính theo ngày làm việc\n"
             "  validate TỆP...  kiểm tra dữ liệu hồ sơ (không đánh giá), in mọi lỗi một lần\n"
             "  fmt TỆP          in hồ sơ đã chuẩn hóa (thứ tự khóa, NFC, thụt 2 dấu cách); -w ghi đè\n"
             "  pack build|verify THƯ_MỤC   lập pack.json của gói hồ sơ cấp ủy; xác minh chữ ký\n"
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
             "  validate FILE... check dossiers without evaluating; every error at once\n"
             "  fmt FILE         print the dossier normalised (key order, NFC, 2 spaces); -w rewrites\n"
             "  pack build|verify DIR   write a profile pack's pack.json; verify its signature\n"
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

int main(int argc, char **argv)
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
        {"validate", cmd_validate},
        {"fmt", cmd_fmt},
        {"pack", cmd_pack},
    };
    choose_language(argc, argv);
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
