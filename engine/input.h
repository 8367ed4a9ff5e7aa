/*
 * input.h - reading a whole input (file or stdin) into a bounded buffer.
 *
 * Input larger than the limit is refused, never truncated (dossier.md,
 * "Size limits"; style.md point 7).
 */
#ifndef ADMIT_INPUT_H
#define ADMIT_INPUT_H

#include <stddef.h>

#include "status.h"

/*
 * Read all of `path` ("-" for standard input) into a new buffer of at most
 * `max` bytes.  The buffer is NUL-terminated one byte past *len.
 * Returns ADMIT_OK with *data (caller frees with free()), ADMIT_EIO when the
 * file cannot be read, ADMIT_EINPUT when it is larger than `max`.
 */
enum admit_status input_read(const char *path, size_t max, char **data, size_t *len,
                             struct admit_error *err);

/* The name of `path` for messages: "<stdin>" for "-", else path itself. */
const char *input_display_name(const char *path);

#endif
