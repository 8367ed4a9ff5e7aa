/* merge_patch.c - RFC 7386, section 2, on cJSON. */
#include "merge_patch.h"

cJSON *merge_patch_apply(cJSON *target, const cJSON *patch)
{
    if (!cJSON_IsObject(patch)) {
        cJSON_Delete(target);
        return cJSON_Duplicate(patch, 1);
    }
    if (!cJSON_IsObject(target)) {
        cJSON_Delete(target);
        target = cJSON_CreateObject();
        if (target == NULL)
            return NULL;
    }
    const cJSON *member;
    cJSON_ArrayForEach(member, patch) {
        if (cJSON_IsNull(member)) {
            cJSON_DeleteItemFromObjectCaseSensitive(target, member->string);
            continue;
        }
        cJSON *old = cJSON_DetachItemFromObjectCaseSensitive(target, member->string);
        cJSON *merged = merge_patch_apply(old, member);
        if (merged == NULL) {
            cJSON_Delete(target);
            return NULL;
        }
        cJSON_AddItemToObject(target, member->string, merged);
    }
    return target;
}
