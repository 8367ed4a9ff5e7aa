/*
 * merge_patch.h - JSON Merge Patch (RFC 7386) on cJSON trees.
 */
#ifndef ADMIT_MERGE_PATCH_H
#define ADMIT_MERGE_PATCH_H

#include <cjson/cJSON.h>

/*
 * Apply `patch` to `target` and return the patched document, which replaces
 * `target` (target is consumed; patch is only read).  Objects merge member
 * by member, null removes a member, anything else replaces.  Returns NULL
 * when out of memory (target is then freed).
 */
cJSON *merge_patch_apply(cJSON *target, const cJSON *patch);

#endif
