/*
 * good.c - a test plugin that uses every part of the ABI the host tests
 * check: functions of each value type, errors, run-time strings, the call
 * context, logging, shutdown, and a whole check.
 */
#include <stdio.h>
#include <string.h>

#include "admit_plugin.h"

static const struct admit_host *host;
static struct admit_plugin *self;

/* add(a, b): the sum of two integers. */
static int fn_add(void *userdata, struct admit_call *call, int argc,
                  const struct admit_value *argv, struct admit_value *ret)
{
    (void)userdata;
    if (argc != 2 || argv[0].type != ADMIT_VALUE_INT || argv[1].type != ADMIT_VALUE_INT) {
        host->call_error(call, "add expects two integers, got %d arguments", argc);
        return -1;
    }
    ret->type = ADMIT_VALUE_INT;
    ret->as.integer = argv[0].as.integer + argv[1].as.integer;
    return 0;
}

/* fail(): always fails, with a message. */
static int fn_fail(void *userdata, struct admit_call *call, int argc,
                   const struct admit_value *argv, struct admit_value *ret)
{
    (void)userdata, (void)argc, (void)argv, (void)ret;
    host->call_error(call, "registry file \"%s\" is locked", "members.db");
    return -1;
}

/* echo(x): its argument, strings included (pointing into the argument). */
static int fn_echo(void *userdata, struct admit_call *call, int argc,
                   const struct admit_value *argv, struct admit_value *ret)
{
    (void)userdata, (void)call;
    if (argc >= 1)
        *ret = argv[0];
    return 0;
}

/* anchor(): the anchor date of the calling rule. */
static int fn_anchor(void *userdata, struct admit_call *call, int argc,
                     const struct admit_value *argv, struct admit_value *ret)
{
    (void)userdata, (void)argc, (void)argv;
    ret->type = ADMIT_VALUE_INT;
    ret->as.integer = host->call_anchor(call);
    return 0;
}

/* greet(name): a string built at run time, "hello, NAME (EDITION)". */
static int fn_greet(void *userdata, struct admit_call *call, int argc,
                    const struct admit_value *argv, struct admit_value *ret)
{
    (void)userdata;
    char buf[128];
    if (argc != 1 || argv[0].type != ADMIT_VALUE_STRING) {
        host->call_error(call, "greet expects a string");
        return -1;
    }
    int n = snprintf(buf, sizeof buf, "hello, %.*s (%s)", (int)argv[0].as.string.len,
                     argv[0].as.string.data, host->call_edition(call));
    if (n < 0 || (size_t)n >= sizeof buf) {
        host->call_error(call, "name too long");
        return -1;
    }
    return host->call_return_string(call, ret, buf, (size_t)n);
}

/* silent(): fails without a message. */
static int fn_silent(void *userdata, struct admit_call *call, int argc,
                     const struct admit_value *argv, struct admit_value *ret)
{
    (void)userdata, (void)call, (void)argc, (void)argv, (void)ret;
    return -1;
}

/* nothing(): leaves *ret as the host set it. */
static int fn_nothing(void *userdata, struct admit_call *call, int argc,
                      const struct admit_value *argv, struct admit_value *ret)
{
    (void)userdata, (void)call, (void)argc, (void)argv, (void)ret;
    return 0;
}

/* badtype(): returns a value type that does not exist. */
static int fn_badtype(void *userdata, struct admit_call *call, int argc,
                      const struct admit_value *argv, struct admit_value *ret)
{
    (void)userdata, (void)call, (void)argc, (void)argv;
    ret->type = (enum admit_value_type)42;
    return 0;
}

/* ymd(y, m, d): the host's date conversion, both ways. */
static int fn_ymd(void *userdata, struct admit_call *call, int argc,
                  const struct admit_value *argv, struct admit_value *ret)
{
    (void)userdata;
    if (argc != 3) {
        host->call_error(call, "ymd expects three integers");
        return -1;
    }
    int32_t day = host->date_from_ymd((int)argv[0].as.integer, (int)argv[1].as.integer,
                                      (int)argv[2].as.integer);
    if (day != ADMIT_NO_DAY) {
        int y, m, d;
        host->date_to_ymd(day, &y, &m, &d);
        if (y != argv[0].as.integer || m != argv[1].as.integer || d != argv[2].as.integer) {
            host->call_error(call, "date_to_ymd does not invert date_from_ymd");
            return -1;
        }
    }
    ret->type = ADMIT_VALUE_INT;
    ret->as.integer = day;
    return 0;
}

/*
 * test.plugin_check: needs the candidate's birth date; passes with two or
 * more introducers, else fails with a hint 30 days after the anchor.
 */
static int check_introducers(void *userdata, struct admit_call *call,
                             const struct admit_dossier *dossier, struct admit_outcome *outcome)
{
    (void)userdata;
    struct admit_value birth, name, bad;
    if (host->dossier_get(dossier, "candidate.birth_date", &birth) != 0 ||
        host->dossier_get(dossier, "candidate.full_name", &name) != 0) {
        host->call_error(call, "cannot read the dossier");
        return -1;
    }
    /* A malformed path is reported, and leaves NIL. */
    if (host->dossier_get(dossier, "introducers[x]", &bad) != -1 || bad.type != ADMIT_VALUE_NIL) {
        host->call_error(call, "malformed path accepted");
        return -1;
    }
    if (birth.type != ADMIT_VALUE_INT) {
        host->outcome_missing(outcome, "candidate.birth_date");
        host->outcome_set(outcome, ADMIT_OUTCOME_MISSING, "no_birth_date");
        return 0;
    }
    size_t count = host->dossier_count(dossier, "introducers");
    struct admit_value n = {.type = ADMIT_VALUE_INT, .as.integer = (int64_t)count};
    host->outcome_fact_date(outcome, "birth_date", (int32_t)birth.as.integer);
    host->outcome_fact(outcome, "introducers", &n);
    if (name.type == ADMIT_VALUE_STRING)
        host->outcome_fact(outcome, "name", &name);
    if (count >= 2) {
        struct admit_value first;
        host->dossier_get(dossier, "introducers[0].member_id", &first);
        host->outcome_fact(outcome, "first_introducer", &first);
        host->outcome_set(outcome, ADMIT_OUTCOME_PASS, "ok");
    } else {
        host->outcome_hint(outcome, "earliest", host->call_anchor(call) + 30);
        host->outcome_set(outcome, ADMIT_OUTCOME_FAIL, "too_few_introducers");
    }
    return 0;
}

/* test.no_outcome: forgets outcome_set. */
static int check_no_outcome(void *userdata, struct admit_call *call,
                            const struct admit_dossier *dossier, struct admit_outcome *outcome)
{
    (void)userdata, (void)call, (void)dossier, (void)outcome;
    return 0;
}

/* test.bad_hint: misuses outcome_hint. */
static int check_bad_hint(void *userdata, struct admit_call *call,
                          const struct admit_dossier *dossier, struct admit_outcome *outcome)
{
    (void)userdata, (void)call, (void)dossier;
    host->outcome_set(outcome, ADMIT_OUTCOME_PASS, "ok");
    host->outcome_hint(outcome, "soonest", 0);
    return 0;
}

static void shutdown_good(void)
{
    host->log(self, 0, "good shutdown");
}

int admit_plugin_init(const struct admit_host *h, struct admit_plugin *plugin,
                      struct admit_plugin_info *info)
{
    static const struct admit_function_desc functions[] = {
        {.name = "add", .fn = fn_add, .pure = 1},
        {.name = "fail", .fn = fn_fail},
        {.name = "echo", .fn = fn_echo, .pure = 1},
        {.name = "anchor", .fn = fn_anchor},
        {.name = "greet", .fn = fn_greet},
        {.name = "silent", .fn = fn_silent},
        {.name = "nothing", .fn = fn_nothing},
        {.name = "badtype", .fn = fn_badtype},
        {.name = "ymd", .fn = fn_ymd, .pure = 1},
    };
    static const struct admit_check_desc checks[] = {
        {.id = "test.plugin_check", .severity = "eligibility", .procedures = "admission",
         .codes = "ok,no_birth_date,too_few_introducers", .cite = "Test rule 1.1",
         .fn = check_introducers},
        {.id = "test.no_outcome", .severity = "advisory", .procedures = "admission,recognition",
         .codes = "ok", .cite = "Test rule 1.2", .fn = check_no_outcome},
        {.id = "test.bad_hint", .severity = "process", .procedures = "recognition",
         .codes = "ok", .cite = "Test rule 1.3", .fn = check_bad_hint},
    };

    info->abi_version = ADMIT_PLUGIN_ABI_VERSION;
    info->name = "good";
    info->version = "1.2.3";
    info->shutdown = shutdown_good;
    if (h->abi_version < ADMIT_PLUGIN_ABI_VERSION || h->size < sizeof *h) {
        h->error(plugin, "admit is too old for this plugin");
        return -1;
    }
    host = h;
    self = plugin;
    for (size_t i = 0; i < sizeof functions / sizeof functions[0]; i++) {
        if (h->register_function(plugin, &functions[i]) != 0)
            return -1;
    }
    for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++) {
        if (h->register_check(plugin, &checks[i]) != 0)
            return -1;
    }
    h->log(plugin, 0, "good ready with %d functions", (int)(sizeof functions / sizeof functions[0]));
    return 0;
}
