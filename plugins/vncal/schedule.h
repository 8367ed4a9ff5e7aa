/*
 * schedule.h - announced schedules of days off: a folder of YYYY.tsv files.
 *
 * Each year the government announces the exact days off and the make-up
 * working days.  A file YYYY.tsv lists them for one year, one day a line:
 *
 *     YYYY-MM-DD<TAB>off|work<TAB>note
 *
 * `#` starts a comment (to the end of the line); blank lines are ignored;
 * the note is optional.  A file replaces the computed default for its whole
 * year, so it must list every day off of the year (weekend days inside a
 * span may be listed) and every make-up working day.  Files whose names do
 * not end in ".tsv", and names starting with a dot, are not schedules.
 */
#ifndef VNCAL_SCHEDULE_H
#define VNCAL_SCHEDULE_H

#include <stddef.h>
#include <stdint.h>

/* Most bytes one schedule file may have. */
#define SCHEDULE_MAX_FILE (256 * 1024)

struct schedule_entry {
    int32_t day;
    int off;      /* 1: a day off; 0: a make-up working day */
    char *note;   /* "" when the line has none */
};

struct schedule_year {
    int year;
    struct schedule_entry *entries;  /* in date order */
    size_t count;
};

struct schedule {
    struct schedule_year *years;     /* in year order */
    size_t count;
};

/*
 * Read every schedule of folder `dir` into `out` (which is zeroed first).
 * `first_year`..`last_year` are the years a schedule may be for.  Returns
 * 0; or -1 with a message in `err` (`size` bytes, in English when
 * `english`, else Vietnamese) that names the folder, or the file and line,
 * and what is wrong; `out` is then empty.  Free with schedule_release.
 */
int schedule_load(const char *dir, int first_year, int last_year, int english,
                  struct schedule *out, char *err, size_t size);

/* Free what schedule_load allocated; `s` may be empty or zeroed. */
void schedule_release(struct schedule *s);

/* The schedule of `year`, or NULL when the folder has none. */
const struct schedule_year *schedule_find(const struct schedule *s, int year);

#endif
