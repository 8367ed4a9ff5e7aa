/* audit_order.c - the reorder window: a ring of slots by sequence number. */
#include "audit_order.h"

#include <stdlib.h>

enum { SLOT_FREE, SLOT_QUEUED, SLOT_TAKEN, SLOT_DONE };

int audit_order_init(struct audit_order *o, size_t window)
{
    o->window = window ? window : 1;
    o->payload = calloc(o->window, sizeof *o->payload);
    o->state = calloc(o->window, 1);
    o->added = o->taken = o->popped = 0;
    if (o->payload == NULL || o->state == NULL) {
        audit_order_release(o);
        return -1;
    }
    return 0;
}

void audit_order_release(struct audit_order *o)
{
    free(o->payload);
    free(o->state);
    o->payload = NULL;
    o->state = NULL;
}

int audit_order_has_room(const struct audit_order *o)
{
    return o->added - o->popped < (long long)o->window;
}

long long audit_order_add(struct audit_order *o, void *payload)
{
    if (!audit_order_has_room(o))
        return -1;
    size_t i = (size_t)(o->added % (long long)o->window);
    o->payload[i] = payload;
    o->state[i] = SLOT_QUEUED;
    return o->added++;
}

long long audit_order_take(struct audit_order *o, void **payload)
{
    if (o->taken == o->added)
        return -1;
    size_t i = (size_t)(o->taken % (long long)o->window);
    o->state[i] = SLOT_TAKEN;
    *payload = o->payload[i];
    return o->taken++;
}

int audit_order_done(struct audit_order *o, long long seq, void *payload)
{
    if (seq < o->popped || seq >= o->taken)
        return -1;
    size_t i = (size_t)(seq % (long long)o->window);
    if (o->state[i] != SLOT_TAKEN)
        return -1;
    o->payload[i] = payload;
    o->state[i] = SLOT_DONE;
    return 0;
}

int audit_order_pop(struct audit_order *o, void **payload)
{
    if (o->popped == o->added)
        return 0;
    size_t i = (size_t)(o->popped % (long long)o->window);
    if (o->state[i] != SLOT_DONE)
        return 0;
    *payload = o->payload[i];
    o->payload[i] = NULL;
    o->state[i] = SLOT_FREE;
    o->popped++;
    return 1;
}

size_t audit_order_ready(const struct audit_order *o)
{
    size_t ready = 0;
    for (long long seq = o->popped; seq < o->added; seq++, ready++)
        if (o->state[(size_t)(seq % (long long)o->window)] != SLOT_DONE)
            break;
    return ready;
}
