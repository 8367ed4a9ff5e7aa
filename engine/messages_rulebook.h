/*
 * messages_rulebook.h - the message catalogue of a rulebook read once
 * (rulebook_files.h), from the texts of its messages/ folder.
 *
 * Shared by the ruleset (ruleset.c) and the build tool that makes the
 * shipped rulebook's image (rulebook_image.h), so that both load it alike.
 */
#ifndef ADMIT_MESSAGES_RULEBOOK_H
#define ADMIT_MESSAGES_RULEBOOK_H

#include "messages.h"
#include "rulebook_files.h"
#include "status.h"

/*
 * The catalogue of folder `dir` (the rulebook's messages/), from the files
 * as `files` read them; a folder with none listed (or that could not be
 * listed) is left to messages_load, which says so as it always did.  The
 * schema's names are not added (messages_add_schema_names).  Errors as
 * messages_load's.
 */
enum admit_status messages_load_rulebook(const struct rulebook_files *files, const char *dir,
                                         struct messages **out, struct admit_error *err);

#endif
