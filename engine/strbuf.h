/*
 * strbuf.h - a growable, always-terminated string (after git's strbuf).
 *
 * Embedded: strbuf_init / strbuf_release.  Appends never fail silently: on
 * out-of-memory the buffer is marked `failed` and further appends do nothing,
 * so a caller checks once at the end.
 */
#ifndef ADMIT_STRBUF_H
#define ADMIT_STRBUF_H

#include <stddef.h>

struct strbuf {
    char *buf;      /* never NULL after init: "" at least */
    size_t len;
    size_t alloc;
    int failed;     /* an allocation failed: contents are incomplete */
};

void strbuf_init(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
/* Empty sb (and clear `failed`), keeping its buffer for the next contents. */
void strbuf_reset(struct strbuf *sb);

void strbuf_add(struct strbuf *sb, const char *data, size_t len);
void strbuf_puts(struct strbuf *sb, const char *s);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* n in decimal, as "%zu" writes it (without formatting a format). */
void strbuf_add_size(struct strbuf *sb, size_t n);

/* Hand the string over: the caller frees it with free(); sb is reset.
 * Returns NULL when an append had failed. */
char *strbuf_detach(struct strbuf *sb);

#endif
