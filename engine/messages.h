/*
 * messages.h - the texts of message codes, in Vietnamese and English.
 *
 * Rules say *what* they found with a code and facts; the texts live in
 * rules/messages/ (one JSON file per topic) as templates ({key}, {key|date}, {key|age}) so that
 * both languages exist for every code and wording changes are data changes.
 */
#ifndef ADMIT_MESSAGES_H
#define ADMIT_MESSAGES_H

#include <cjson/cJSON.h>

#include "i18n.h"
#include "status.h"

struct messages;

/*
 * Load every *.json file of `dir`, each an object {code: {"vi": ..., "en": ...}}.
 * A code defined twice or missing a language is an ADMIT_ERULES error naming
 * the file and the code.  Caller frees *out with messages_free.
 */
enum admit_status messages_load(const char *dir, struct messages **out, struct admit_error *err);

/* A message file of `dir` already read: its name in the folder and its text
 * (NULL: read it from the folder). */
struct messages_file {
    const char *name;
    const char *text;
    size_t len;
};

/*
 * messages_load of the `count` files listed, in that order (the folder's
 * sorted listing, as messages_load lists it), taking their texts from the
 * list instead of reading them (the rulebook read once: rulebook_files.h).
 * Errors name `dir`'s files as messages_load's do.
 */
enum admit_status messages_load_texts(const char *dir, const struct messages_file *files,
                                      size_t count, struct messages **out,
                                      struct admit_error *err);

/*
 * Add the names the dossier schema gives, the only source of them: for every
 * enumeration, from its "x-labels" {value: {"vi", "en"}}, the code
 * "label.<field>.<value>" (field: the property holding the enumeration, or
 * the definition's name) and, when every enumeration that has the value
 * names it alike, "label.<value>"; for every top-level field with "title"
 * (Vietnamese) and "x-title-en", the code "section.<field>".  Texts are
 * copied.  An enumeration value without both names, a name for a value not
 * in the enumeration, one code named two ways, or a code also defined by a
 * messages file is an ADMIT_ERULES error naming `file` and the JSON pointer
 * into the schema.
 */
enum admit_status messages_add_schema_names(struct messages *m, const cJSON *schema,
                                            const char *file, struct admit_error *err);

void messages_free(struct messages *m);

/*
 * Add the message file `path` (a committee profile's) to a loaded catalog.
 * Errors as messages_load, also for a code the catalog already holds.
 */
enum admit_status messages_add(struct messages *m, const char *path, struct admit_error *err);

/* The template of `code` in `lang`, or NULL when the code is unknown. */
const char *messages_find(const struct messages *m, const char *code, enum admit_lang lang);

/*
 * The template for a rule's code: "<rule>.<code>" if defined, else the
 * generic "<code>"; NULL when neither exists.
 */
const char *messages_for_rule(const struct messages *m, const char *rule, const char *code,
                              enum admit_lang lang);

/* Values a template may name besides the facts. */
struct message_vars {
    const char *rule;
    const char *edition;     /* may be NULL */
    const char *procedure;
    const cJSON *missing;    /* array of strings; may be NULL */
    const char *error;       /* may be NULL */
    const struct messages *catalog;  /* for {key|label}; may be NULL */
};

/*
 * Expand a template: {key} inserts facts[key] (or a var), {key|date} a
 * "YYYY-MM-DD" fact as DD/MM/YYYY in Vietnamese, {key|age} a number of months
 * as years and months, {key|label} the name of an enumeration value: code
 * "label.<key>.<value>", else "label.<value>" (messages_add_schema_names),
 * {key|section} a JSON path with the name of its dossier section
 * (code "section.<first key>").  An unknown key is kept as "{key}" so that the gap
 * shows.  Returns a string the caller frees, or NULL when out of memory.
 */
char *messages_render(const char *template_text, enum admit_lang lang, const cJSON *facts,
                      const struct message_vars *vars);

/* Number of codes loaded. */
size_t messages_count(const struct messages *m);

/* One code and its two texts, as a catalogue holds them. */
struct message_text {
    const char *code;
    const char *vi;
    const char *en;
};

/*
 * Entry `i` (below messages_count) of the catalogue, in the order loaded:
 * the code and its two texts, pointing into the catalogue.  For the build
 * tool that writes the shipped rulebook's image (rulebook_image.h).
 */
void messages_entry(const struct messages *m, size_t i, struct message_text *out);

/*
 * A catalogue of the `count` entries given, in that order, as if loaded
 * from the files they were written from (rulebook_image.h).  The texts are
 * not copied: they must outlive the catalogue (the image's are static).
 * Codes must be unique, as a written image's are; a duplicate is the
 * ADMIT_ERULES error messages_load would give, naming `where`.
 */
enum admit_status messages_from_entries(const struct message_text *entries, size_t count,
                                        const char *where, struct messages **out,
                                        struct admit_error *err);

#endif
