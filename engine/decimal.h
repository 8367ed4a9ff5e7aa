/*
 * decimal.h - the decimal digits of an integer, written without printf.
 *
 * Results and messages print many whole numbers (a fact, an age's years,
 * a count); a printf format parsed for each was a measurable part of a
 * batch (docs/performance.md, changes 19 and 25).  Shared by json_print.c
 * (numbers of a result), messages.c (numbers in a message) and strbuf.c
 * (strbuf_add_size: the text report's counts).
 */
#ifndef ADMIT_DECIMAL_H
#define ADMIT_DECIMAL_H

/* Room for the digits of any unsigned long long (20) and a sign. */
#define DECIMAL_MAX 21

/* The magnitude of `value`, LLONG_MIN included (negated as unsigned). */
static inline unsigned long long decimal_magnitude(long long value)
{
    return value < 0 ? 0ULL - (unsigned long long)value : (unsigned long long)value;
}

/*
 * Write the decimal digits of `magnitude` (at least one: "0") so that they
 * end just before `end`, and return where they start.  The buffer must have
 * DECIMAL_MAX - 1 bytes before `end`, and one more for a sign the caller
 * may put before the digits.
 */
static inline char *decimal_digits(unsigned long long magnitude, char *end)
{
    do {
        *--end = (char)('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude != 0);
    return end;
}

#endif
