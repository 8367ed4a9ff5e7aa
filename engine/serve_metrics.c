/* serve_metrics.c - counters for GET /metrics (serve_metrics.h). */
#include "serve_metrics.h"

#include <pthread.h>

#include "cli.h"

static const unsigned statuses[] = {200, 400, 401, 404, 405, 411, 413, 415, 500, 503};
#define STATUS_COUNT (sizeof statuses / sizeof statuses[0])
#define OTHER_STATUS STATUS_COUNT   /* any status not listed */

static const double bounds[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
#define BUCKETS (sizeof bounds / sizeof bounds[0])

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t requests[EP_COUNT][STATUS_COUNT + 1];
static uint64_t latency[EP_COUNT][BUCKETS + 1];   /* not cumulative; last: above every bound */
static double latency_sum[EP_COUNT];
static uint64_t verdicts[VERDICT_COUNT];
static uint64_t rule_errors;

const char *serve_endpoint_name(enum serve_endpoint ep)
{
    static const char *const names[EP_COUNT] = {
        "/v1/check", "/v1/timeline", "/v1/rules", "/v1/rules/{id}", "/v1/version",
        "/v1/openapi.json", "/health", "/metrics", "static", "unknown",
    };
    return ep < EP_COUNT ? names[ep] : "unknown";
}

void serve_metrics_request(enum serve_endpoint ep, unsigned status, uint64_t micros)
{
    size_t s = OTHER_STATUS, b = BUCKETS;
    double seconds = (double)micros / 1e6;
    for (size_t i = 0; i < STATUS_COUNT; i++)
        if (statuses[i] == status)
            s = i;
    for (size_t i = 0; i < BUCKETS && b == BUCKETS; i++)
        if (seconds <= bounds[i])
            b = i;
    pthread_mutex_lock(&lock);
    requests[ep][s]++;
    latency[ep][b]++;
    latency_sum[ep] += seconds;
    pthread_mutex_unlock(&lock);
}

void serve_metrics_result(const struct result *r)
{
    pthread_mutex_lock(&lock);
    if (!r->input_error && (unsigned)r->verdict < VERDICT_COUNT)
        verdicts[r->verdict]++;
    rule_errors += r->counts[RULE_ERROR];
    pthread_mutex_unlock(&lock);
}

void serve_metrics_text(struct strbuf *out, const char *digest)
{
    pthread_mutex_lock(&lock);
    strbuf_puts(out, "# HELP admit_http_requests_total HTTP requests answered, by endpoint and status.\n"
                     "# TYPE admit_http_requests_total counter\n");
    for (int ep = 0; ep < EP_COUNT; ep++)
        for (size_t s = 0; s <= STATUS_COUNT; s++)
            if (requests[ep][s] != 0) {
                if (s == OTHER_STATUS)
                    strbuf_addf(out, "admit_http_requests_total{endpoint=\"%s\",status=\"other\"} %llu\n",
                                serve_endpoint_name((enum serve_endpoint)ep),
                                (unsigned long long)requests[ep][s]);
                else
                    strbuf_addf(out, "admit_http_requests_total{endpoint=\"%s\",status=\"%u\"} %llu\n",
                                serve_endpoint_name((enum serve_endpoint)ep), statuses[s],
                                (unsigned long long)requests[ep][s]);
            }
    strbuf_puts(out, "# HELP admit_http_request_duration_seconds Time from the request's first byte "
                     "to its answer.\n"
                     "# TYPE admit_http_request_duration_seconds histogram\n");
    for (int ep = 0; ep < EP_COUNT; ep++) {
        uint64_t total = 0;
        for (size_t b = 0; b <= BUCKETS; b++)
            total += latency[ep][b];
        if (total == 0)
            continue;
        const char *name = serve_endpoint_name((enum serve_endpoint)ep);
        uint64_t cumulative = 0;
        for (size_t b = 0; b < BUCKETS; b++) {
            cumulative += latency[ep][b];
            strbuf_addf(out, "admit_http_request_duration_seconds_bucket{endpoint=\"%s\",le=\"%g\"} %llu\n",
                        name, bounds[b], (unsigned long long)cumulative);
        }
        strbuf_addf(out, "admit_http_request_duration_seconds_bucket{endpoint=\"%s\",le=\"+Inf\"} %llu\n"
                         "admit_http_request_duration_seconds_sum{endpoint=\"%s\"} %.6f\n"
                         "admit_http_request_duration_seconds_count{endpoint=\"%s\"} %llu\n",
                    name, (unsigned long long)total, name, latency_sum[ep], name,
                    (unsigned long long)total);
    }
    strbuf_puts(out, "# HELP admit_verdicts_total Dossiers checked, by verdict.\n"
                     "# TYPE admit_verdicts_total counter\n");
    for (int v = 0; v < VERDICT_COUNT; v++)
        strbuf_addf(out, "admit_verdicts_total{verdict=\"%s\"} %llu\n",
                    verdict_name((enum verdict)v), (unsigned long long)verdicts[v]);
    strbuf_addf(out, "# HELP admit_rule_errors_total Rule results with status error.\n"
                     "# TYPE admit_rule_errors_total counter\n"
                     "admit_rule_errors_total %llu\n",
                (unsigned long long)rule_errors);
    pthread_mutex_unlock(&lock);
    strbuf_addf(out, "# HELP admit_info The engine and the rule set in use.\n"
                     "# TYPE admit_info gauge\n"
                     "admit_info{version=\"%s\",ruleset=\"%s\"} 1\n",
                ADMIT_VERSION, digest);
}
