/* Unit tests of lua_ctx.c: which fact keys hold dates (the naming convention
 * by which an integer fact is written as an ISO date in results). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "lua_ctx.h"

static void test_date_keys(void **state)
{
    (void)state;
    static const char *const dates[] = {"date",       "since",     "until",        "earliest",
                                        "latest",     "birth_date", "joined_on",   "member_since",
                                        "valid_until", "counted_from", "decision_due", "x_on"};
    static const char *const not_dates[] = {"",        "dat",     "dates",   "update",  "_date",
                                            "_on",     "on",      "sinceX",  "latest_", "due",
                                            "from",    "age_months", "datex", "mandate",
                                            "earliest2", "x_dat"};
    for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++)
        if (!lua_ctx_is_date_key(dates[i]))
            fail_msg("\"%s\" should be a date key", dates[i]);
    for (size_t i = 0; i < sizeof not_dates / sizeof not_dates[0]; i++)
        if (lua_ctx_is_date_key(not_dates[i]))
            fail_msg("\"%s\" should not be a date key", not_dates[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_date_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
