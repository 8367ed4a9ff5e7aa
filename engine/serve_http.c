/* serve_http.c - the endpoints of admit serve (serve_http.h). */
#define _DEFAULT_SOURCE   /* realpath */
#include "json_print.h"
#include "serve_http.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "check_run.h"
#include "profile_load.h"
#include "cli.h"
#include "input.h"
#include "outcome.h"
#include "report_html.h"
#include "serve_metrics.h"
#include "strbuf.h"
#include "timeline.h"
#include "validate_report.h"

#define STATIC_MAX (8u * 1024 * 1024)

struct request {
    struct timespec start;
    enum serve_endpoint endpoint;
    char method[16];
    char path[256];
    struct strbuf body;
    int too_big;           /* the body passed SERVE_BODY_MAX */
    int answered;          /* a response is queued */
    unsigned status;
    size_t bytes;
    /* While an endpoint runs on a worker (on_worker), its response is kept
     * here and queued by the connection's own thread afterwards: MHD queues
     * a response only from the thread of its connection. */
    int deferring;
    struct deferred {
        int set;
        unsigned status;
        const char *type, *allow;   /* static texts */
        char *body;
        size_t len;
    } deferred;
};

static uint64_t micros_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (uint64_t)(now.tv_sec - start->tv_sec) * 1000000u +
           (uint64_t)((now.tv_nsec - start->tv_nsec) / 1000);
}

/* -- answering ------------------------------------------------------------- */

/* Keep a response made on a worker (struct deferred): MHD_YES, or MHD_NO
 * out of memory. */
static enum MHD_Result defer(struct request *req, unsigned status, const char *type,
                             const char *body, size_t len, const char *allow)
{
    char *copy = malloc(len > 0 ? len : 1);
    if (copy == NULL)
        return MHD_NO;
    memcpy(copy, body, len);
    free(req->deferred.body);
    req->deferred = (struct deferred){1, status, type, allow, copy, len};
    return MHD_YES;
}

/* Queue `len` bytes of `body` (copied) with `type`; `allow` adds an Allow
 * header.  On a worker: kept, for the connection's thread to queue. */
static enum MHD_Result respond(struct MHD_Connection *c, struct request *req, unsigned status,
                               const char *type, const char *body, size_t len, const char *allow)
{
    if (req->deferring)
        return defer(req, status, type, body, len, allow);
    struct MHD_Response *resp =
        serve_mhd.MHD_create_response_from_buffer(len, (void *)body, MHD_RESPMEM_MUST_COPY);
    if (resp == NULL)
        return MHD_NO;
    serve_mhd.MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    serve_mhd.MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    if (allow != NULL)
        serve_mhd.MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, allow);
    if (status == MHD_HTTP_UNAUTHORIZED)
        serve_mhd.MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer");
    enum MHD_Result ok = serve_mhd.MHD_queue_response(c, status, resp);
    serve_mhd.MHD_destroy_response(resp);
    if (ok == MHD_YES) {
        req->answered = 1;
        req->status = status;
        req->bytes = len;
    }
    return ok;
}

static enum MHD_Result respond_json_text(struct MHD_Connection *c, struct request *req,
                                         unsigned status, char *text)
{
    if (text == NULL) {
        static const char oom[] =
            "{\"error\": {\"code\": \"engine_error\", \"message\": \"out of memory\"}}\n";
        return respond(c, req, 500, "application/json", oom, sizeof oom - 1, NULL);
    }
    struct strbuf out;
    strbuf_init(&out);
    strbuf_puts(&out, text);
    strbuf_puts(&out, "\n");
    free(text);
    enum MHD_Result ok = respond(c, req, status, "application/json", out.buf, out.len, NULL);
    strbuf_release(&out);
    return ok;
}

/* {"error": {"code", "message", "path"?}} */
static enum MHD_Result respond_error(struct MHD_Connection *c, struct request *req, unsigned status,
                                     const char *code, const char *message, const char *path,
                                     const char *allow)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON *e = doc ? cJSON_AddObjectToObject(doc, "error") : NULL;
    if (e != NULL) {
        cJSON_AddStringToObject(e, "code", code);
        cJSON_AddStringToObject(e, "message", message);
        if (path != NULL && path[0] != '\0')
            cJSON_AddStringToObject(e, "path", path);
    }
    char *text = e ? cJSON_Print(doc) : NULL;
    cJSON_Delete(doc);
    if (text == NULL)
        return respond_json_text(c, req, status, NULL);
    struct strbuf out;
    strbuf_init(&out);
    strbuf_puts(&out, text);
    strbuf_puts(&out, "\n");
    free(text);
    enum MHD_Result ok = respond(c, req, status, "application/json", out.buf, out.len, allow);
    strbuf_release(&out);
    return ok;
}

/* -- the request's parameters ---------------------------------------------- */

static const char *query(struct MHD_Connection *c, const char *key)
{
    return serve_mhd.MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, key);
}

/* A query parameter that is not valid: a 400 naming it. */
static enum MHD_Result bad_query(struct MHD_Connection *c, struct request *req, const char *key,
                                 const char *expected)
{
    char message[256];
    snprintf(message, sizeof message, TR("tham số \"%s\": cần %s", "parameter \"%s\": expected %s"),
             key, expected);
    return respond_error(c, req, 400, "input_error", message, NULL, NULL);
}

struct params {
    enum admit_lang lang;
    admit_day as_of;        /* OUTCOME_NO_DAY: the dossier's, or today */
    int full;
    int html;
    const char *profile;    /* ?profile=ID; NULL: the dossier's committee chooses */
};

/* Read lang, as_of (or date), profile, full and format.  Returns 0, or -1 after answering 400. */
static int read_params(struct MHD_Connection *c, struct request *req, const struct serve_ctx *ctx,
                       const char *date_key, struct params *p, enum MHD_Result *ret)
{
    const char *v;
    p->lang = ctx->lang;
    p->as_of = OUTCOME_NO_DAY;
    p->full = 1;
    p->html = 0;
    p->profile = query(c, "profile");
    if ((v = query(c, "lang")) != NULL && i18n_parse(v, &p->lang) != 0) {
        *ret = bad_query(c, req, "lang", "vi, en");
        return -1;
    }
    i18n_set_thread_lang((int)p->lang);   /* this request's language, on its own thread */
    if ((v = query(c, date_key)) != NULL && date_parse(v, strlen(v), &p->as_of) != 0) {
        *ret = bad_query(c, req, date_key, TR("một ngày YYYY-MM-DD", "a date YYYY-MM-DD"));
        return -1;
    }
    if ((v = query(c, "full")) != NULL) {
        if (strcmp(v, "true") == 0 || strcmp(v, "1") == 0)
            p->full = 1;
        else if (strcmp(v, "false") == 0 || strcmp(v, "0") == 0)
            p->full = 0;
        else {
            *ret = bad_query(c, req, "full", "true, false");
            return -1;
        }
    }
    if ((v = query(c, "format")) != NULL) {
        if (strcmp(v, "html") == 0)
            p->html = 1;
        else if (strcmp(v, "json") != 0) {
            *ret = bad_query(c, req, "format", "json, html");
            return -1;
        }
    }
    return 0;
}

/*
 * The ruleset ?profile= names in `run` (*rs; NULL when the query names none:
 * the run chooses).  Returns 0, or -1 after answering 400 for an unknown
 * profile, naming the known ones.
 */
static int query_profile(struct MHD_Connection *c, struct request *req, struct cli_run *run,
                         const struct params *p, struct ruleset **rs, enum MHD_Result *ret)
{
    int code;
    *rs = NULL;
    if (p->profile == NULL)
        return 0;
    *rs = cli_run_profile(run, p->profile, &code);
    if (*rs != NULL)
        return 0;
    struct strbuf known;
    strbuf_init(&known);
    cli_profile_ids(run->set, &known);
    *ret = bad_query(c, req, "profile", known.failed ? "central" : known.buf);
    strbuf_release(&known);
    return -1;
}

/* -- the endpoints ---------------------------------------------------------- */

/* 400 input_error for a result that could not be evaluated, every error listed. */
static enum MHD_Result respond_input_error(struct MHD_Connection *c, struct request *req,
                                           const char *path, const char *message,
                                           const struct dossier_report *report)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON *e = doc ? cJSON_AddObjectToObject(doc, "error") : NULL;
    if (e != NULL) {
        cJSON_AddStringToObject(e, "code", "input_error");
        cJSON_AddStringToObject(e, "message", message);
        if (path != NULL && path[0] != '\0')
            cJSON_AddStringToObject(e, "path", path);
        cJSON *all = report != NULL && report->count > 0 ? cJSON_AddArrayToObject(e, "errors") : NULL;
        if (all != NULL && validate_report_json(all, report) != 0)
            cJSON_DeleteItemFromObjectCaseSensitive(e, "errors");
    }
    char *text = e ? cJSON_Print(doc) : NULL;
    cJSON_Delete(doc);
    return respond_json_text(c, req, 400, text);
}

/* -- on a worker -------------------------------------------------------------- */

/* An endpoint's work with a worker's rule sets, its parameters read before. */
struct work {
    struct MHD_Connection *c;   /* only for respond*, which defer on a worker */
    struct request *req;
    struct serve_ctx *ctx;
    struct params p;
    const char *only;           /* /v1/rules/ID: the rule */
    enum MHD_Result (*endpoint)(struct work *w, struct cli_run *run);
    enum MHD_Result ret;
};

static void work_on(struct cli_run *run, void *arg)
{
    struct work *w = arg;
    w->ret = w->endpoint(w, run);
}

/* Run the endpoint of `w` on a worker (serve_pool_run) and queue, on this
 * thread, the response it made. */
static enum MHD_Result on_worker(struct work *w)
{
    struct request *req = w->req;
    req->deferring = 1;
    serve_pool_run(w->ctx->pool, work_on, w);
    req->deferring = 0;
    struct deferred d = req->deferred;
    req->deferred = (struct deferred){0};
    enum MHD_Result ret = d.set ? respond(w->c, req, d.status, d.type, d.body, d.len, d.allow)
                                : MHD_NO;   /* the worker ran out of memory answering */
    free(d.body);
    return w->ret == MHD_YES ? ret : MHD_NO;
}

/* Read the parameters (`date_key`: as_of or date) on this thread, then run
 * `endpoint` on a worker. */
static enum MHD_Result with_rules(struct MHD_Connection *c, struct request *req,
                                  struct serve_ctx *ctx, const char *date_key, const char *only,
                                  enum MHD_Result (*endpoint)(struct work *w, struct cli_run *run))
{
    struct work w = {c, req, ctx, {0}, only, endpoint, MHD_NO};
    enum MHD_Result ret;
    if (read_params(c, req, ctx, date_key, &w.p, &ret) != 0)
        return ret;
    return on_worker(&w);
}

static enum MHD_Result check_on(struct work *w, struct cli_run *run)
{
    struct MHD_Connection *c = w->c;
    struct request *req = w->req;
    struct serve_ctx *ctx = w->ctx;
    const struct params p = w->p;
    enum MHD_Result ret;
    struct ruleset *forced, *used;
    if (query_profile(c, req, run, &p, &forced, &ret) != 0)
        return ret;
    char engine[64];
    snprintf(engine, sizeof engine, "admit %s", ADMIT_VERSION);
    const char *profile[PROFILE_CHAIN_MAX + 1];
    struct report_context rctx = {.engine = engine};
    /* With full=false the answer shows nothing of what passes or does not
     * apply but its status: evaluated as for a brief result, as admit check's
     * text report is (docs/performance.md, changes 65 and 67). */
    struct eval_options eopt = {p.as_of, cli_today(), p.lang, sandbox_default_limits, NULL,
                                !p.full && !p.html};
    char *candidate = NULL;
    struct dossier_report report;
    int code;
    /* The dossier's tree in this worker's arena: it is done with once the
     * answer's text is made. */
    struct alloc_arena *arena = serve_pool_arena();
    struct result *r = check_run_text(run, forced, arena, input_display_name("-"), req->body.buf,
                                      req->body.len, &eopt, &candidate, &report, &used, &code);
    check_run_context(&rctx, used, profile);
    if (r == NULL) {
        ret = respond_json_text(c, req, 500, NULL);
    } else if (r->input_error) {
        ret = respond_input_error(c, req, r->error_path, r->error_message, &report);
    } else if (p.html) {
        serve_metrics_result(r);
        struct report_html_options hopt = {p.lang, ctx->holidays, time(NULL)};
        struct strbuf page;
        strbuf_init(&page);
        if (report_html_page(&page, r, &rctx, candidate, &hopt) != 0 || page.failed)
            ret = respond_json_text(c, req, 500, NULL);
        else
            ret = respond(c, req, 200, "text/html; charset=utf-8", page.buf, page.len, NULL);
        strbuf_release(&page);
    } else {
        serve_metrics_result(r);
        /* Written without a tree (an input error was answered above): nothing
         * of it goes into the arena. */
        char *text = p.full ? check_run_json(r, &rctx, &report)
                            : report_json_text(r, &rctx, 1, 1);   /* as admit audit's lines */
        ret = respond_json_text(c, req, 200, text);
    }
    result_free(r);
    free(candidate);
    dossier_report_release(&report);
    return ret;
}

static enum MHD_Result timeline_on(struct work *w, struct cli_run *run)
{
    struct MHD_Connection *c = w->c;
    struct request *req = w->req;
    const struct params p = w->p;
    enum MHD_Result ret;
    struct ruleset *rs;
    if (query_profile(c, req, run, &p, &rs, &ret) != 0)
        return ret;
    struct schema_report_options ropt = validate_report_options(ruleset_messages(run->main));
    struct dossier_report report;
    struct admit_error err;
    struct dossier *d = NULL;
    struct timeline *t = NULL;
    struct result *papers = NULL;
    admit_error_clear(&err);
    memset(&report, 0, sizeof report);
    struct eval_options eopt = {p.as_of, cli_today(), p.lang, sandbox_default_limits, NULL, 0};
    int code = 0;
    if (dossier_parse_report(ruleset_schema(run->main), &ropt, input_display_name("-"),
                             req->body.buf, req->body.len, &d, &report, &err) != ADMIT_OK ||
        (rs == NULL && (rs = cli_run_select(run, d, p.as_of, &code)) == NULL) ||
        profile_validate_extensions(ruleset_profile(rs), d->root, &err) != ADMIT_OK ||
        cmd_timeline_build(rs, d, &eopt, &t, &papers, &err) != ADMIT_OK) {
        if (err.status == ADMIT_EINPUT)
            ret = respond_input_error(c, req, err.path, err.message, &report);
        else
            ret = respond_json_text(c, req, 500, NULL);
    } else {
        cJSON *doc = cmd_timeline_json(rs, d, t);
        char *text = doc ? cJSON_Print(doc) : NULL;
        cJSON_Delete(doc);
        ret = respond_json_text(c, req, 200, text);
    }
    timeline_free(t);
    result_free(papers);
    dossier_free(d);
    dossier_report_release(&report);
    return ret;
}

static enum MHD_Result rules_on(struct work *w, struct cli_run *run)
{
    struct MHD_Connection *c = w->c;
    struct request *req = w->req;
    const struct params p = w->p;
    const char *only = w->only;
    enum MHD_Result ret;
    admit_day day = p.as_of != OUTCOME_NO_DAY ? p.as_of : cli_today();
    struct ruleset *rs;
    if (query_profile(c, req, run, &p, &rs, &ret) != 0)
        return ret;
    cJSON *doc = cmd_rules_json(rs != NULL ? rs : run->main, day, only != NULL, only);
    if (doc != NULL && only != NULL &&
        cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(doc, "rules")) == 0) {
        cJSON_Delete(doc);
        char message[400];
        snprintf(message, sizeof message, TR("không có quy tắc \"%s\"", "no rule \"%s\""), only);
        return respond_error(c, req, 404, "not_found", message, NULL, NULL);
    }
    char *text = doc ? cJSON_Print(doc) : NULL;
    cJSON_Delete(doc);
    return respond_json_text(c, req, 200, text);
}

static enum MHD_Result version_on(struct work *w, struct cli_run *run)
{
    return respond_json_text(w->c, w->req, 200, cmd_version_json(run->main));
}

static enum MHD_Result do_health(struct MHD_Connection *c, struct request *req,
                                 struct serve_ctx *ctx)
{
    char digest[128], body[256];
    serve_pool_digest(ctx->pool, digest, sizeof digest);
    int n = snprintf(body, sizeof body, "{\"status\": \"ok\", \"ruleset\": \"%s\"}\n", digest);
    return respond(c, req, 200, "application/json", body, (size_t)n, NULL);
}

static enum MHD_Result do_metrics(struct MHD_Connection *c, struct request *req,
                                  struct serve_ctx *ctx)
{
    char digest[128];
    struct strbuf out;
    serve_pool_digest(ctx->pool, digest, sizeof digest);
    strbuf_init(&out);
    serve_metrics_text(&out, digest);
    enum MHD_Result ret = out.failed ? respond_json_text(c, req, 500, NULL)
                                     : respond(c, req, 200, "text/plain; version=0.0.4; charset=utf-8",
                                               out.buf, out.len, NULL);
    strbuf_release(&out);
    return ret;
}

/* -- files ------------------------------------------------------------------ */

static const char *content_type(const char *path)
{
    static const struct { const char *ext, *type; } types[] = {
        {".html", "text/html; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"}, {".json", "application/json"},
        {".svg", "image/svg+xml"}, {".png", "image/png"}, {".ico", "image/x-icon"},
        {".txt", "text/plain; charset=utf-8"}, {".woff2", "font/woff2"}, {".webp", "image/webp"},
    };
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot != NULL && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(dot, types[i].ext) == 0)
            return types[i].type;
    return NULL;
}

/* Serve the regular file `file` (already checked to lie inside its folder). */
static enum MHD_Result send_file(struct MHD_Connection *c, struct request *req, const char *file,
                                 const char *type)
{
    struct admit_error err;
    char *data = NULL;
    size_t len = 0;
    struct stat st;
    admit_error_clear(&err);
    if (stat(file, &st) != 0 || !S_ISREG(st.st_mode) ||
        input_read(file, STATIC_MAX, &data, &len, &err) != ADMIT_OK) {
        free(data);
        return respond_error(c, req, 404, "not_found", TR("không có tệp này", "no such file"),
                             NULL, NULL);
    }
    enum MHD_Result ret = respond(c, req, 200, type, data, len, NULL);
    free(data);
    return ret;
}

/*
 * A file of the web page.  The path must be made of letters, digits, '-',
 * '_', '.' and '/' with no segment starting with '.', so that it never leaves
 * the folder (no "..", no hidden file); the resolved path is checked to lie
 * in the folder too, against symbolic links.
 */
static enum MHD_Result do_static(struct MHD_Connection *c, struct request *req, struct serve_ctx *ctx,
                                 const char *url)
{
    const char *rel = strcmp(url, "/") == 0 ? "/index.html" : url;
    int ok = rel[0] == '/' && strlen(rel) < 200;
    for (const char *s = rel; ok && *s; s++) {
        if (*s == '/')
            ok = s[1] != '.' && s[1] != '/' && s[1] != '\0';
        else
            ok = isalnum((unsigned char)*s) || *s == '-' || *s == '_' || *s == '.';
    }
    const char *type = ok ? content_type(rel) : NULL;
    char file[1400], real[PATH_MAX], root[PATH_MAX];
    if (type != NULL) {
        snprintf(file, sizeof file, "%s%s", ctx->web_dir, rel);
        ok = realpath(file, real) != NULL && realpath(ctx->web_dir, root) != NULL &&
             strncmp(real, root, strlen(root)) == 0 && real[strlen(root)] == '/';
    }
    if (!ok || type == NULL)
        return respond_error(c, req, 404, "not_found", TR("không có tệp này", "no such file"), NULL,
                             NULL);
    return send_file(c, req, real, type);
}

/* -- routing ---------------------------------------------------------------- */

/* The endpoint of `url` and the methods it allows. */
static enum serve_endpoint route(const char *url, const char **allow)
{
    static const struct { const char *path; enum serve_endpoint ep; const char *allow; } fixed[] = {
        {"/v1/check", EP_CHECK, "POST"},       {"/v1/timeline", EP_TIMELINE, "POST"},
        {"/v1/rules", EP_RULES, "GET, HEAD"},  {"/v1/version", EP_VERSION, "GET, HEAD"},
        {"/v1/openapi.json", EP_OPENAPI, "GET, HEAD"}, {"/health", EP_HEALTH, "GET, HEAD"},
        {"/metrics", EP_METRICS, "GET, HEAD"},
    };
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        if (strcmp(url, fixed[i].path) == 0) {
            *allow = fixed[i].allow;
            return fixed[i].ep;
        }
    *allow = "GET, HEAD";
    if (strncmp(url, "/v1/rules/", 10) == 0 && url[10] != '\0' && strchr(url + 10, '/') == NULL)
        return EP_RULE;
    if (strncmp(url, "/v1/", 4) == 0 || strcmp(url, "/v1") == 0)
        return EP_UNKNOWN;
    return EP_STATIC;
}

static int method_allowed(const char *method, const char *allow)
{
    if (strcmp(allow, "POST") == 0)
        return strcmp(method, "POST") == 0;
    return strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
}

/* Constant-time comparison of the bearer token. */
static int authorized(struct MHD_Connection *c, const struct serve_ctx *ctx)
{
    if (ctx->token == NULL)
        return 1;
    const char *h = serve_mhd.MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    if (h == NULL || strncasecmp(h, "Bearer ", 7) != 0)
        return 0;
    const char *given = h + 7;
    size_t n = strlen(ctx->token), m = strlen(given);
    unsigned char diff = (unsigned char)(n != m);
    for (size_t i = 0; i < n; i++)
        diff |= (unsigned char)(ctx->token[i] ^ (i < m ? given[i] : 0));
    return diff == 0;
}

/* The checks made when the headers are in: path, method, token, length, type.
 * Returns 1 when it answered. */
static int check_headers(struct MHD_Connection *c, struct request *req, struct serve_ctx *ctx,
                         const char *url, const char *method, enum MHD_Result *ret)
{
    const char *allow;
    req->endpoint = route(url, &allow);
    if (req->endpoint == EP_UNKNOWN) {
        *ret = respond_error(c, req, 404, "not_found", TR("không có địa chỉ này", "no such endpoint"),
                             NULL, NULL);
        return 1;
    }
    if (!method_allowed(method, allow)) {
        char message[128];
        snprintf(message, sizeof message, TR("phương thức %s không được phép (chỉ %s)",
                                             "method %s not allowed (only %s)"), method, allow);
        *ret = respond_error(c, req, 405, "method_not_allowed", message, NULL, allow);
        return 1;
    }
    /* The page and the health probe are public; the API and its counters are not. */
    int protected_ep = req->endpoint != EP_STATIC && req->endpoint != EP_HEALTH;
    if (protected_ep && !authorized(c, ctx)) {
        *ret = respond_error(c, req, 401, "unauthorized",
                             TR("cần Authorization: Bearer với mã truy cập đúng",
                                "a valid Authorization: Bearer token is required"), NULL, NULL);
        return 1;
    }
    if (strcmp(method, "POST") != 0)
        return 0;
    const char *length = serve_mhd.MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    const char *encoding =
        serve_mhd.MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING);
    if (length == NULL && (encoding == NULL || strcasecmp(encoding, "chunked") != 0)) {
        *ret = respond_error(c, req, 411, "length_required",
                             TR("cần Content-Length", "Content-Length is required"), NULL, NULL);
        return 1;
    }
    if (length != NULL && strtoull(length, NULL, 10) > SERVE_BODY_MAX) {
        *ret = respond_error(c, req, 413, "too_large",
                             TR("hồ sơ quá lớn (tối đa 1 MiB)", "the dossier is too large (1 MiB at most)"),
                             NULL, NULL);
        return 1;
    }
    const char *type = serve_mhd.MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    size_t tlen = type ? strcspn(type, ";") : 0;
    while (tlen > 0 && isspace((unsigned char)type[tlen - 1]))
        tlen--;
    if (type == NULL || tlen != 16 || strncasecmp(type, "application/json", 16) != 0) {
        *ret = respond_error(c, req, 415, "unsupported_media_type",
                             TR("cần Content-Type: application/json",
                                "Content-Type: application/json is required"), NULL, NULL);
        return 1;
    }
    return 0;
}

static enum MHD_Result dispatch(struct MHD_Connection *c, struct request *req, struct serve_ctx *ctx,
                                const char *url)
{
    switch (req->endpoint) {
    case EP_CHECK: return with_rules(c, req, ctx, "as_of", NULL, check_on);
    case EP_TIMELINE: return with_rules(c, req, ctx, "as_of", NULL, timeline_on);
    case EP_RULES: return with_rules(c, req, ctx, "date", NULL, rules_on);
    case EP_RULE: return with_rules(c, req, ctx, "date", url + 10, rules_on);
    case EP_VERSION: {
        struct work w = {c, req, ctx, {0}, NULL, version_on, MHD_NO};
        return on_worker(&w);
    }
    case EP_OPENAPI: return send_file(c, req, ctx->openapi, "application/json");
    case EP_HEALTH: return do_health(c, req, ctx);
    case EP_METRICS: return do_metrics(c, req, ctx);
    case EP_STATIC:
        /* The page builds its form from the one dossier schema, not a copy in web/. */
        if (strcmp(url, "/schemas/dossier.schema.json") == 0)
            return send_file(c, req, ctx->dossier_schema, "application/json");
        return do_static(c, req, ctx, url);
    case EP_UNKNOWN:
    case EP_COUNT: break;
    }
    return respond_error(c, req, 404, "not_found", "no such endpoint", NULL, NULL);
}

enum MHD_Result serve_http_handle(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size, void **con_cls)
{
    struct serve_ctx *ctx = cls;
    struct request *req = *con_cls;
    enum MHD_Result ret = MHD_YES;
    (void)version;
    if (req == NULL) {   /* the headers are in */
        req = calloc(1, sizeof *req);
        if (req == NULL)
            return MHD_NO;
        clock_gettime(CLOCK_MONOTONIC, &req->start);
        snprintf(req->method, sizeof req->method, "%s", method);
        snprintf(req->path, sizeof req->path, "%s", url);
        strbuf_init(&req->body);
        *con_cls = req;
        atomic_fetch_add(&ctx->in_flight, 1);
        i18n_set_thread_lang((int)ctx->lang);
        if (check_headers(c, req, ctx, url, method, &ret))
            return ret;
        if (strcmp(method, "POST") == 0)
            return MHD_YES;   /* the body follows */
        return dispatch(c, req, ctx, url);
    }
    if (*upload_data_size > 0) {
        if (!req->too_big && req->body.len + *upload_data_size > SERVE_BODY_MAX)
            req->too_big = 1;
        if (!req->too_big)
            strbuf_add(&req->body, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (req->answered)
        return MHD_YES;
    if (req->too_big)
        return respond_error(c, req, 413, "too_large",
                             TR("hồ sơ quá lớn (tối đa 1 MiB)", "the dossier is too large (1 MiB at most)"),
                             NULL, NULL);
    if (req->body.failed)
        return respond_json_text(c, req, 500, NULL);
    return dispatch(c, req, ctx, url);
}

void serve_http_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                          enum MHD_RequestTerminationCode toe)
{
    struct serve_ctx *ctx = cls;
    struct request *req = *con_cls;
    (void)c;
    if (req == NULL)
        return;
    uint64_t us = micros_since(&req->start);
    unsigned status = req->answered ? req->status : 0;
    time_t now = time(NULL);
    struct tm tm;
    char when[32];
    gmtime_r(&now, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    /* One line, no dossier content; 0: no answer was sent (the client left). */
    fprintf(stderr, "%s %s %s %u %zu %lluus%s\n", when, req->method, req->path, status, req->bytes,
            (unsigned long long)us, toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " aborted");
    serve_metrics_request(req->endpoint, status, us);
    strbuf_release(&req->body);
    free(req);
    *con_cls = NULL;
    i18n_set_thread_lang(-1);
    atomic_fetch_sub(&ctx->in_flight, 1);
}
