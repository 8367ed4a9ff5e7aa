/* input.c - bounded reads of whole files. */
#include "input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
    int fd = from_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
    char *buf = NULL;
    size_t used = 0, cap = 16384;

    *data = NULL;
    *len = 0;
    if (fd < 0 && errno == ENOMEM) {
        status = admit_error_set(err, ADMIT_ENOMEM, name, NULL, "%s",
                                 TR("hết bộ nhớ", "out of memory"));
        goto done;
    }
    if (fd < 0) {
        status = admit_error_set(err, ADMIT_EIO, name, NULL, "%s (%s)",
                                 TR("không đọc được tệp", "cannot read the file"),
                                 strerror(errno));
        goto done;
    }
    /* A regular file's size gives the buffer at once: one allocation and,
     * for most files, one read and the read that sees the end.  The loop
     * below still reads to the end, so a file that grows meanwhile is read
     * whole or refused as too large like a pipe. */
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
        if ((uintmax_t)st.st_size > max) {
            status = too_large(err, name, max);
            goto done;
        }
        cap = (size_t)st.st_size + 2;
    }
    /* Read until the end into a buffer that may hold max + 1 bytes and a
     * terminator: seeing byte max + 1 proves the input is too large. */
    for (;;) {
        if (buf == NULL || used + 1 >= cap) {
            size_t next = buf == NULL ? cap : cap * 2;
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
        ssize_t n = read(fd, buf + used, cap - used - 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            status = admit_error_set(err, ADMIT_EIO, name, NULL, "%s",
                                     TR("lỗi khi đọc tệp", "read error"));
            goto done;
        }
        if (n == 0)
            break;
        used += (size_t)n;
        if (used > max) {
            status = too_large(err, name, max);
            goto done;
        }
    }
    buf[used] = '\0';
    *data = buf;
    *len = used;
    buf = NULL;
done:
    free(buf);
    if (fd >= 0 && !from_stdin)
        close(fd);
    return status;
}
