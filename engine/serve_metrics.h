/*
 * serve_metrics.h - what `admit serve` counts, in Prometheus text format
 * (GET /metrics): requests by endpoint and status, a latency histogram,
 * verdicts by kind, rule errors, and an info metric carrying the ruleset
 * digest.  Every function is thread-safe.
 */
#ifndef ADMIT_SERVE_METRICS_H
#define ADMIT_SERVE_METRICS_H

#include <stdint.h>

#include "result.h"
#include "strbuf.h"

/* The endpoints, as labels. */
enum serve_endpoint {
    EP_CHECK, EP_TIMELINE, EP_RULES, EP_RULE, EP_VERSION, EP_OPENAPI, EP_HEALTH, EP_METRICS,
    EP_STATIC, EP_UNKNOWN, EP_COUNT
};

const char *serve_endpoint_name(enum serve_endpoint ep);

void serve_metrics_request(enum serve_endpoint ep, unsigned status, uint64_t micros);

/* A result answered: its verdict and its rule errors. */
void serve_metrics_result(const struct result *r);

/* Append the exposition. */
void serve_metrics_text(struct strbuf *out, const char *digest);

#endif
