/*
 * cmd_fmt.c - `admit fmt [-w] FILE`: print a dossier in its normal form.
 *
 * Only a valid dossier is formatted (an invalid one gets every error, on
 * standard error, and exit 2), so that `-w` never rewrites a file into
 * something else than it meant.  The output is read back before it is used:
 * it must parse and give the same text again (idempotence), else nothing is
 * written.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "fmt_json.h"
#include "input.h"
#include "jsontext.h"
#include "strbuf.h"
#include "validate_cli.h"
#include "validate_env.h"
#include "validate_report.h"

static const struct cli_option_use options[] = {
    {CLI_OPT_WRITE, "ghi đè tệp (qua tệp tạm rồi đổi tên), không in ra",
     "rewrite the file in place (temporary file, then rename)"},
    {CLI_OPT_LANG, "ngôn ngữ của thông báo lỗi", "language of the error messages"},
    {CLI_OPT_END, NULL, NULL},
};

static const struct cli_command command = {
    "fmt",
    "admit fmt [-w] TỆP   (- để đọc từ đầu vào chuẩn)",
    "admit fmt [-w] FILE   (- reads standard input)",
    "In hồ sơ ở dạng chuẩn: các khóa theo thứ tự của lược đồ, chữ ở dạng Unicode NFC,\n"
    "thụt lề 2 dấu cách, UTF-8 không thoát. Chỉ hồ sơ hợp lệ mới được định dạng;\n"
    "hồ sơ không hợp lệ: in mọi lỗi, mã thoát 2.",
    "Prints the dossier in normal form: keys in the schema's order, text in Unicode NFC,\n"
    "two-space indent, UTF-8 not escaped. Only a valid dossier is formatted; for an\n"
    "invalid one every error is printed, exit code 2.",
    NULL, options, NULL, NULL,
};

/*
 * The normal form of `root` into *out (caller releases): keys ordered, NFC,
 * printed, and checked to be a fixed point.  Returns 0, or -1 with *why.
 */
static int normal_form(const struct validate_env *env, cJSON *root, struct strbuf *out,
                       const char **why)
{
    struct strbuf again;
    static const struct jsontext_limits limits = {DOSSIER_MAX_DEPTH + 1, 1000};
    cJSON *back = NULL;
    struct admit_error err;
    int rc = -1;

    strbuf_init(&again);
    schema_order_keys(env->schema, root);
    *why = "out of memory";
    if (fmt_json(out, root) != 0)
        goto done;
    /* NFC can merge two keys that differed only in their normalisation */
    if (jsontext_parse(out->buf, out->len, "fmt", &limits, &back, &err) != ADMIT_OK) {
        *why = TR("dạng chuẩn không đọc lại được (hai khóa trùng nhau sau khi chuẩn hóa NFC?)",
                  "the normal form does not read back (two keys equal after NFC?)");
        goto done;
    }
    schema_order_keys(env->schema, back);
    if (fmt_json(&again, back) != 0)
        goto done;
    if (again.len != out->len || memcmp(again.buf, out->buf, out->len) != 0) {
        *why = "the normal form is not a fixed point";   /* a bug, never the input */
        goto done;
    }
    rc = 0;
done:
    cJSON_Delete(back);
    strbuf_release(&again);
    return rc;
}

/*
 * Replace `path` by `text` atomically: a temporary file in the same
 * directory, flushed, given the old file's permissions, renamed over it.
 * Returns 0, or -1 with errno set.
 */
static int write_atomically(const char *path, const char *text, size_t len)
{
    struct stat st;
    char tmp[4096];
    int n = snprintf(tmp, sizeof tmp, "%s.fmt-XXXXXX", path);
    if (n < 0 || (size_t)n >= sizeof tmp) {
        errno = ENAMETOOLONG;
        return -1;
    }
    if (stat(path, &st) != 0)
        return -1;
    int fd = mkstemp(tmp);
    if (fd < 0)
        return -1;
    size_t done = 0;
    while (done < len) {
        ssize_t w = write(fd, text + done, len - done);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            goto fail;
        }
        done += (size_t)w;
    }
    if (fchmod(fd, st.st_mode & 07777) != 0 || fsync(fd) != 0)
        goto fail;
    if (close(fd) != 0) {
        fd = -1;
        goto fail;
    }
    fd = -1;
    if (rename(tmp, path) != 0)
        goto fail;
    return 0;
fail: {
        int saved = errno;
        if (fd >= 0)
            close(fd);
        unlink(tmp);
        errno = saved;
        return -1;
    }
}

int cmd_fmt(int argc, char **argv)
{
    struct cli_options opt;
    struct validate_env env;
    struct dossier_report report;
    struct dossier *d = NULL;
    struct strbuf out;
    const char *why = NULL;
    int code = cli_begin(&command, argc, argv, &opt);
    if (code >= 0)
        return code;
    if (opt.arg_count != 1) {
        cli_error("%s", TR("fmt: cần đúng một tệp hồ sơ (xem admit fmt --help)",
                           "fmt: exactly one dossier file is needed (see admit fmt --help)"));
        return EXIT_INPUT;
    }
    const char *path = opt.args[0];
    if (opt.write && strcmp(path, "-") == 0) {
        cli_error("%s", TR("fmt: -w cần một tệp, không phải đầu vào chuẩn",
                           "fmt: -w needs a file, not standard input"));
        return EXIT_INPUT;
    }
    code = validate_cli_env(&opt, &env);
    if (code != 0)
        return code;
    strbuf_init(&out);
    enum admit_status st = validate_dossier_file(&env, path, 0, opt.as_of, cli_today(), &report, &d);
    if (st == ADMIT_ENOMEM) {
        cli_error("out of memory");
        code = EXIT_ENGINE;
    } else if (st != ADMIT_OK) {
        validate_report_text(&out, &report, "", 0, 0);
        fputs(out.buf, stderr);
        code = EXIT_INPUT;
    } else if (normal_form(&env, d->root, &out, &why) != 0) {
        cli_error("%s: %s", input_display_name(path), why);
        code = strcmp(why, "out of memory") == 0 ? EXIT_ENGINE : EXIT_INPUT;
    } else if (!opt.write) {
        fwrite(out.buf, 1, out.len, stdout);
    } else if (write_atomically(path, out.buf, out.len) != 0) {
        cli_error(TR("%s: không ghi được: %s", "%s: cannot write: %s"), path, strerror(errno));
        code = EXIT_ENGINE;
    }
    strbuf_release(&out);
    dossier_report_release(&report);
    dossier_free(d);
    validate_env_release(&env);
    return code;
}
