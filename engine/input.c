/* input.c - bounded reads of whole files. */
#include "input.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

const char *input_display_name(const char *path)
{
    return strcmp(path, "-") == 0 ? "<stdin>" : path;
}

/* The "too large" error, shared by the two places that can see it. */
static enum admit_status too_large(struct admit_error *err, const char *name, size_t max)
{
    return admit_error_set(err, ADMIT_EINPUT, name, NULL,
                           TR("dữ liệu quá lớn: tối đa %zu byte",
                              "input too large: at most %zu bytes"), max);
}

enum admit_status input_read(const char *path, size_t max, char **data, size_t *len,
                             struct admit_error *err)
{
    enum admit_status status = ADMIT_OK;
    const char *name = input_display_name(path);
    int from_stdin = strcmp(path, "-") == 0;
    FILE *f = from_stdin ? stdin : fopen(path, "rb");
    char *buf = NULL;
    size_t used = 0, cap = 0;

    *data = NULL;
    *len = 0;
    if (f == NULL && errno == ENOMEM) {
        status = admit_error_set(err, ADMIT_ENOMEM, name, NULL, "%s",
                                 TR("hết bộ nhớ", "out of memory"));
        goto done;
    }
    if (f == NULL) {
        status = admit_error_set(err, ADMIT_EIO, name, NULL, "%s (%s)",
                                 TR("không đọc được tệp", "cannot read the file"),
                                 strerror(errno));
        goto done;
    }
    /* Read until EOF into a buffer that may hold max + 1 bytes and a
     * terminator: seeing byte max + 1 proves the input is too large. */
    for (;;) {
        if (used + 1 >= cap) {
            size_t next = cap ? cap * 2 : 16384;
            if (next > max + 2)
                next = max + 2;
            char *grown = realloc(buf, next);
            if (grown == NULL) {
                status = admit_error_set(err, ADMIT_ENOMEM, name, NULL, "%s",
                                         TR("hết bộ nhớ", "out of memory"));
                goto done;
            }
            buf = grown;
            cap = next;
        }
        size_t n = fread(buf + used, 1, cap - used - 1, f);
        used += n;
        if (used > max) {
            status = too_large(err, name, max);
            goto done;
        }
        if (n == 0)
            break;
    }
    if (ferror(f)) {
        status = admit_error_set(err, ADMIT_EIO, name, NULL, "%s",
                                 TR("lỗi khi đọc tệp", "read error"));
        goto done;
    }
    buf[used] = '\0';
    *data = buf;
    *len = used;
    buf = NULL;
done:
    free(buf);
    if (f != NULL && !from_stdin)
        fclose(f);
    return status;
}
