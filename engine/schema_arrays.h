/*
 * schema_arrays.h - the property names a JSON Schema types as arrays.
 *
 * A rule reading a missing member of the dossier gets an empty array when
 * the schema makes that member an array, so that `#d.introducers` and
 * ipairs need no nil checks (lua_dossier.h).  Which names those are is a
 * property of the schema alone: computed once per ruleset, or taken from
 * the build-time image of the shipped rulebook (rulebook_image.h).
 */
#ifndef ADMIT_SCHEMA_ARRAYS_H
#define ADMIT_SCHEMA_ARRAYS_H

#include <stddef.h>

#include <cjson/cJSON.h>

/*
 * The name of every property, at any depth of `doc` (a JSON Schema document
 * with local "#/definitions/NAME" $refs), whose schema allows an array
 * ("type": "array", a list of types holding "array", or an anyOf/oneOf
 * branch that does), in the order met (a name typed so in two places comes
 * twice: the answer is read as a set); the names point into `doc`.  Returns
 * a malloc'd array of *count names (free the array only), or NULL when out
 * of memory.  An empty answer is a valid array.
 */
const char **schema_array_keys(const cJSON *doc, size_t *count);

#endif
