/* status.c - the engine's status enum and error reports. */
#include "status.h"

#include "alloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *admit_strerror(enum admit_status status)
{
    switch (status) {
    case ADMIT_OK:        return "no error";
    case ADMIT_EUSAGE:    return "usage error";
    case ADMIT_EINPUT:    return "invalid input";
    case ADMIT_EIO:       return "input/output error";
    case ADMIT_ENOMEM:    return "out of memory";
    case ADMIT_ERULES:    return "rulebook does not load";
    case ADMIT_EPLUGIN:   return "plugin does not load";
    case ADMIT_EINTERNAL: return "internal error";
    }
    return "unknown status";
}

/* Copy `src` into `dst`, marking a truncation with "..." at the end. */
static void copy_truncated(char *dst, size_t size, const char *src)
{
    size_t n = strlen(src);
    if (n < size) {
        memcpy(dst, src, n + 1);
        return;
    }
    memcpy(dst, src, size - 4);
    memcpy(dst + size - 4, "...", 4);
}

enum admit_status admit_error_set(struct admit_error *err, enum admit_status status,
                                  const char *file, const char *path,
                                  const char *fmt, ...)
{
    if (status == ADMIT_ENOMEM)
        alloc_note_failure();   /* the command must not print a result (alloc.h) */
    if (err == NULL)
        return status;
    err->status = status;
    copy_truncated(err->file, sizeof err->file, file ? file : "");
    copy_truncated(err->path, sizeof err->path, path ? path : "");
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    if (n >= (int)sizeof err->message)
        memcpy(err->message + sizeof err->message - 4, "...", 4);
    return status;
}

void admit_error_clear(struct admit_error *err)
{
    if (err == NULL)
        return;
    err->status = ADMIT_OK;
    err->file[0] = err->path[0] = err->message[0] = '\0';
}

char *admit_error_format(const struct admit_error *err, char *buf, size_t size)
{
    const char *parts[3] = {err->file, err->path, err->message};
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < 3 && used < size; i++) {
        if (parts[i][0] == '\0')
            continue;
        int n = snprintf(buf + used, size - used, "%s%s", used ? ": " : "", parts[i]);
        if (n < 0)
            break;
        used += (size_t)n;
    }
    if (used >= size && size > 4)
        memcpy(buf + size - 4, "...", 4);
    return buf;
}
