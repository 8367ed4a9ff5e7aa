/*
 * fuzz_common.h - what the libFuzzer harnesses of tests/fuzz/ share
 * (docs/fuzzing.md).
 *
 * The harnesses are built into BUILD-FUZZ (build-fuzz/ by default) beside
 * its plugins/, so that paths_default() finds rules/ and schemas/ of the
 * source tree and the fuzz build's plugins, as build/admit does.
 */
#ifndef ADMIT_FUZZ_COMMON_H
#define ADMIT_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "eval.h"
#include "ruleset.h"

/* The ruleset with both plugins (vncal; registry on FUZZ_REGISTRY, default
 * BUILD-FUZZ/fuzz-registry.db), loaded once; aborts when it does not load. */
struct ruleset *fuzz_ruleset(void);

/* Evaluation options of the harnesses: a fixed "today", English messages. */
struct eval_options fuzz_eval_options(void);

/*
 * Write `size` bytes to a file of this process under BUILD-FUZZ/fuzz-tmp/a/b/
 * (two levels down, so that a rule test's "base": "../../examples/..."
 * resolves through the link BUILD-FUZZ/fuzz-tmp/examples), and return its
 * path (static storage).  Aborts when it cannot.
 */
const char *fuzz_write_file(const uint8_t *data, size_t size, const char *name);

#endif
