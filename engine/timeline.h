/*
 * timeline.h - a dossier's dated steps and its coming due dates
 * (`admit timeline`): what a branch secretary reads before the meeting.
 *
 * Steps are every date in the dossier, in date order (nothing is left out:
 * the tree is walked, not a list of known fields).  Due dates are the
 * deadlines of rulebook.md counted in working days with the calendar plugin
 * (vncal): the admission decision, the ceremony, the end of probation, the
 * recognition window and the recognition decision, each with its state on
 * the evaluation date.  A date in the dossier after the evaluation date is a
 * plan (the meeting being prepared): it has not happened yet.
 */
#ifndef ADMIT_TIMELINE_H
#define ADMIT_TIMELINE_H

#include <stddef.h>

#include "date.h"
#include "dossier.h"
#include "result.h"
#include "ruleset.h"
#include "status.h"

struct timeline_step {
    admit_day date;
    char path[160];          /* JSON path of the date */
    char what[64];           /* the step, a key into the step names */
    char detail[160];        /* who or what (an introducer's name...), or "" */
    int planned;             /* dated after the evaluation date: not happened yet */
};

enum due_state {
    DUE_DONE,          /* happened on time */
    DUE_LATE,          /* happened after the due date */
    DUE_OVERDUE,       /* not happened, due date passed */
    DUE_PENDING,       /* not happened, still in time */
    DUE_NOT_STARTED,   /* the event it counts from has not happened */
    DUE_NO_DEADLINE,   /* the edition sets no deadline in working days */
    DUE_REACHED,       /* a calendar date (end of probation) that has come */
    DUE_AHEAD          /* a calendar date still ahead */
};

struct timeline_due {
    const char *what;        /* "decision", "ceremony", "probation_end",
                                "recognition_vote", "recognition_decision" */
    admit_day event;         /* the date it counts from; OUTCOME_NO_DAY if none */
    const char *event_path;
    int working_days;        /* allowed, extension included; -1 for calendar dates */
    admit_day opens;         /* first day of a window, or OUTCOME_NO_DAY */
    admit_day due;           /* OUTCOME_NO_DAY when not computable */
    admit_day done;          /* OUTCOME_NO_DAY when not happened by the evaluation date */
    admit_day planned;       /* dated in the dossier after the evaluation date, or
                                OUTCOME_NO_DAY */
    const char *done_path;
    enum due_state state;
    int working_days_left;   /* for DUE_PENDING: working days in (as_of, due] */
    const char *edition;     /* the edition whose deadline applies, or NULL */
};

/* A paper whose validity at the branch vote runs out on a known day. */
struct timeline_paper {
    const char *rule;        /* the rule that judged it (e.g. "train.awareness"); points into
                                the result given to timeline_set_papers */
    admit_day valid_until;   /* its hint `latest`: the last day it still counts */
};

struct timeline {
    admit_day as_of;
    struct timeline_step *steps;
    size_t step_count;
    struct timeline_due due[5];
    size_t due_count;
    /* Before the first vote (result.md, "Steps": next_step is the step after
     * preparation/probation): the papers that expire, and the earliest day one
     * does, until which the dossier as it stands may go to the vote.
     * papers_known is 0 after the vote (or without an evaluation). */
    int papers_known;
    struct timeline_paper *papers;
    size_t paper_count;
    admit_day papers_valid_until;   /* OUTCOME_NO_DAY when none expires */
};

/*
 * Build the timeline of `d` on `as_of`.  Needs the vncal plugin in the
 * ruleset for working days: without it returns ADMIT_EPLUGIN.  A date outside
 * the calendar's range is ADMIT_EINPUT.  Caller frees with timeline_free.
 */
enum admit_status timeline_build(struct ruleset *rs, const struct dossier *d, admit_day as_of,
                                 struct timeline **out, struct admit_error *err);

/*
 * Record, from the evaluation `r` of the same dossier on the same day, until
 * when its current papers stay valid: the eligibility rules of the first step
 * that pass (or warn) with a hint `latest` (docs.freshness, train.awareness).
 * Only while the first vote is still to come; otherwise papers_known stays 0.
 * `r` must outlive `t`.  Returns ADMIT_OK, or ADMIT_ENOMEM.
 */
enum admit_status timeline_set_papers(struct timeline *t, const struct ruleset *rs,
                                      const struct result *r);

void timeline_free(struct timeline *t);

/* "done", "late", "overdue", "pending", "not_started", "no_deadline",
 * "reached", "ahead". */
const char *timeline_state_name(enum due_state state);

#endif
