/*
 * audit_order.h - the bounded reorder window of `admit audit`.
 *
 * Records are numbered in input order as they are read (audit_order_add),
 * taken by workers in that order (audit_order_take), finished in any order
 * (audit_order_done) and handed back strictly in input order
 * (audit_order_pop).  At most `window` records are between reading and
 * writing, so memory is bounded by the window, not by the input.
 *
 * Not thread-safe by itself: the caller holds one mutex around every call
 * (audit_run.c).  Each slot carries an opaque payload.
 */
#ifndef ADMIT_AUDIT_ORDER_H
#define ADMIT_AUDIT_ORDER_H

#include <stddef.h>

struct audit_order {
    void **payload;        /* window slots, by sequence number modulo window */
    unsigned char *state;  /* AUDIT_SLOT_* */
    size_t window;
    long long added;       /* records added so far (next sequence number) */
    long long taken;       /* records handed to workers */
    long long popped;      /* records handed back in order */
};

/* Set up a window of `window` (>= 1) slots.  Returns 0, or -1 when out of
 * memory.  Release with audit_order_release. */
int audit_order_init(struct audit_order *o, size_t window);
void audit_order_release(struct audit_order *o);

/* 1 when one more record fits in the window. */
int audit_order_has_room(const struct audit_order *o);

/* Add the next record; returns its sequence number, or -1 when the window
 * is full. */
long long audit_order_add(struct audit_order *o, void *payload);

/* The oldest record not yet taken: its sequence number and *payload, or -1
 * when every added record is taken. */
long long audit_order_take(struct audit_order *o, void **payload);

/* Record `seq` (taken, not done) is finished with `payload`.  Returns 0, or
 * -1 when seq is not a taken record of the window. */
int audit_order_done(struct audit_order *o, long long seq, void *payload);

/* The next record in input order when it is done: returns 1 with *payload
 * and frees its slot, else 0. */
int audit_order_pop(struct audit_order *o, void **payload);

/* How many records audit_order_pop would hand back now: the done ones
 * from the oldest onwards, up to the first that is not done. */
size_t audit_order_ready(const struct audit_order *o);

#endif
