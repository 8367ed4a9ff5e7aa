/*
 * rulebook.h - the rulebook's data: editions, parameters and the catalog.
 *
 * These are the tables of rulebook.md kept as data in rules/ (editions.json,
 * params.json, catalog.json), so that a new edition or a corrected figure is
 * a data change.  Loaded once per process; read-only afterwards.
 */
#ifndef ADMIT_RULEBOOK_H
#define ADMIT_RULEBOOK_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "date.h"
#include "status.h"

enum rule_severity { SEVERITY_ELIGIBILITY = 0, SEVERITY_PROCESS, SEVERITY_ADVISORY };

/* Procedures as bits, so a rule can name several. */
#define PROCEDURE_ADMISSION   1u
#define PROCEDURE_RECOGNITION 2u

/* "eligibility", "process", "advisory". */
const char *rule_severity_name(enum rule_severity severity);
int rule_severity_parse(const char *name, enum rule_severity *out);

/* "admission" or "recognition" -> its bit; 0 for anything else. */
unsigned procedure_parse(const char *name);

struct guidance {
    const char *id;     /* e.g. "01-HD/TW 2021" */
    admit_day from;
};

struct edition {
    const char *id;          /* e.g. "2021" */
    admit_day from;          /* in force from this date until the next edition */
    const char *regulation;
    const struct guidance *guidance;
    size_t guidance_count;
};

struct catalog_entry {
    const char *id;
    enum rule_severity severity;
    unsigned procedures;     /* PROCEDURE_* bits */
    const char *step;        /* the step it checks (result.md, "Steps"); never NULL */
};

/*
 * A step of a procedure (result.md, "Steps").  The first step of each
 * procedure (preparation, probation) has no event; every later step happened
 * once the date at `event` is present and not after the evaluation date.
 */
struct step {
    const char *id;          /* e.g. "branch_vote" */
    const char *event;       /* JSON path of the event's date; NULL for the first step */
    const char *skip_when;   /* JSON path of a boolean: true means the step does not
                                exist for this dossier (a grassroots branch); or NULL */
};

enum param_direction { PARAM_UP, PARAM_DOWN, PARAM_FIXED };

struct param {
    const char *name;
    enum param_direction direction;
    const char *source;
    const cJSON **by_edition;   /* value per edition index; NULL: none */
};

struct rulebook;

/*
 * Load editions.json, params.json and catalog.json from `dir`.
 * Returns ADMIT_OK and *out (caller frees with rulebook_free), or
 * ADMIT_ERULES with `err` naming the file and the JSON path at fault.
 */
enum admit_status rulebook_load(const char *dir, struct rulebook **out, struct admit_error *err);

/* rulebook_load, taking the files' texts from `files` where it has them
 * (rulebook_files.h; NULL: read them all). */
struct rulebook_files;
enum admit_status rulebook_load_files(const char *dir, const struct rulebook_files *files,
                                      struct rulebook **out, struct admit_error *err);

void rulebook_free(struct rulebook *rb);

size_t rulebook_edition_count(const struct rulebook *rb);
const struct edition *rulebook_edition(const struct rulebook *rb, size_t index);

/* Index of the edition in force on `day`, or -1 before the first edition. */
int rulebook_edition_at(const struct rulebook *rb, admit_day day);

/* Index of the edition called `id`, or -1. */
int rulebook_edition_find(const struct rulebook *rb, const char *id);

/* The guidance in force on `day` within edition `index`; NULL if none. */
const char *rulebook_guidance_at(const struct rulebook *rb, size_t index, admit_day day);

size_t rulebook_param_count(const struct rulebook *rb);
const struct param *rulebook_param_at(const struct rulebook *rb, size_t index);

/* The parameter called `name`, or NULL. */
const struct param *rulebook_param(const struct rulebook *rb, const char *name);

/* Its value in edition `index`: NULL when it has none (JSON null included). */
const cJSON *rulebook_param_value(const struct param *param, size_t edition);

/*
 * A committee profile's value for parameter `name` in edition `edition`
 * (profile_load.c checked that it does not loosen).  `value` must outlive
 * the rulebook; an unknown name or edition is ignored.
 */
void rulebook_param_override(struct rulebook *rb, const char *name, size_t edition,
                             const cJSON *value);

size_t rulebook_catalog_count(const struct rulebook *rb);
const struct catalog_entry *rulebook_catalog_at(const struct rulebook *rb, size_t index);

/* Catalog index of `id`, or -1. */
int rulebook_catalog_find(const struct rulebook *rb, const char *id);

/* The steps of one procedure (a PROCEDURE_* bit), in order. */
size_t rulebook_step_count(const struct rulebook *rb, unsigned procedure);
const struct step *rulebook_step(const struct rulebook *rb, unsigned procedure, size_t index);

/* Index of step `id` in `procedure`, or -1. */
int rulebook_step_find(const struct rulebook *rb, unsigned procedure, const char *id);

/*
 * 0 when `id` is a step a rule of `procedures` (bits) may belong to: a step of
 * its procedure, or for a rule of both procedures the first step of either
 * (it checks what exists before any vote in both); -1 otherwise.
 */
int rulebook_step_valid(const struct rulebook *rb, unsigned procedures, const char *id);

/* The position in `procedure` of a rule's step `id` (valid as above): 0 for
 * the first step of the other procedure. */
int rulebook_step_index(const struct rulebook *rb, unsigned procedure, const char *id);

/* The default step of a rule of `procedures`: the first step of its procedure. */
const char *rulebook_first_step(const struct rulebook *rb, unsigned procedures);

#endif
