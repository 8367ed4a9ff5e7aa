/* cmd_serve.c - `admit serve`: the HTTP API and the web page (docs/serve.md). */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "serve_mhd.h"

#include "cli.h"
#include "input.h"
#include "paths.h"
#include "serve_http.h"
#include "serve_pool.h"

#define CONNECTION_LIMIT 512
#define RECEIVE_TIMEOUT 10      /* seconds without progress before a connection is closed */
#define DRAIN_MAX_SECONDS 60

static const struct cli_option_use options[] = {
    {CLI_OPT_LISTEN, NULL, NULL},
    {CLI_OPT_THREADS, NULL, NULL},
    {CLI_OPT_TOKEN_FILE, NULL, NULL},
    {CLI_OPT_INSECURE, NULL, NULL},
    {CLI_OPT_TLS_CERT, NULL, NULL},
    {CLI_OPT_TLS_KEY, NULL, NULL},
    {CLI_OPT_LANG, "ngôn ngữ mặc định của câu trả lời (tham số lang của yêu cầu thay đổi nó)",
     "default language of the answers (a request's lang parameter overrides it)"},
    {CLI_OPT_RULES, NULL, NULL},
    {CLI_OPT_PLUGINS, NULL, NULL},
    {CLI_OPT_PROFILE, NULL, NULL},
    {CLI_OPT_PROFILES, NULL, NULL},
    {CLI_OPT_TRUST, NULL, NULL},
    {CLI_OPT_REQUIRE_SIGNED, NULL, NULL},
    {CLI_OPT_REGISTRY, NULL, NULL},
    {CLI_OPT_HOLIDAYS, NULL, NULL},
    {CLI_OPT_END, NULL, NULL},
};

static const struct cli_command command = {
    "serve",
    "admit serve [tùy chọn]",
    "admit serve [options]",
    "Phục vụ API HTTP (POST /v1/check, /v1/timeline; GET /v1/rules, /v1/version, /health,\n"
    "/metrics) và trang web cho bí thư chi bộ tại GET /.  Bộ quy tắc nạp một lần; SIGHUP\n"
    "nạp lại (giữ bộ cũ nếu bộ mới lỗi); SIGTERM/SIGINT làm xong các yêu cầu rồi dừng.",
    "Serves the HTTP API (POST /v1/check, /v1/timeline; GET /v1/rules, /v1/version,\n"
    "/health, /metrics) and the branch secretary's web page at GET /.  The rulebook is\n"
    "loaded once; SIGHUP reloads it (keeping the old one if the new one fails);\n"
    "SIGTERM/SIGINT finish the requests in flight and stop.",
    "text", options,
    "Địa chỉ không phải loopback cần --token-file (hoặc --insecure), và HTTPS\n"
    "(--tls-cert, --tls-key) hoặc một proxy TLS phía trước.  Mã thoát: 0 dừng bình thường, 2 tùy chọn sai, 3 không nạp được\n"
    "bộ quy tắc hoặc không mở được cổng.",
    "A non-loopback address needs --token-file (or --insecure), and HTTPS (--tls-cert,\n"
    "--tls-key) or a TLS proxy in front.  Exit codes: 0 stopped normally, 2 bad option, 3 the rulebook does not\n"
    "load or the port cannot be opened.",
};

/* "ADDR:PORT" (IPv4) into *sa.  Returns 0, or -1. */
static int parse_listen(const char *text, struct sockaddr_in *sa)
{
    const char *colon = strrchr(text, ':');
    char addr[64];
    if (colon == NULL || (size_t)(colon - text) >= sizeof addr)
        return -1;
    memcpy(addr, text, (size_t)(colon - text));
    addr[colon - text] = '\0';
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (colon[1] == '\0' || *end != '\0' || port < 0 || port > 65535)
        return -1;
    memset(sa, 0, sizeof *sa);
    sa->sin_family = AF_INET;
    sa->sin_port = htons((uint16_t)port);
    return inet_pton(AF_INET, addr, &sa->sin_addr) == 1 ? 0 : -1;
}

/* A PEM file whole (NUL-terminated); NULL on error (printed). */
static char *read_pem(const char *path)
{
    struct admit_error err;
    char *text = NULL;
    size_t len = 0;
    admit_error_clear(&err);
    if (input_read(path, 1024 * 1024, &text, &len, &err) != ADMIT_OK) {
        cli_print_error(&err);
        return NULL;
    }
    if (strstr(text, "-----BEGIN ") == NULL) {
        cli_error(TR("%s: cần một tệp PEM (-----BEGIN ...)", "%s: expected a PEM file (-----BEGIN ...)"),
                  path);
        free(text);
        return NULL;
    }
    return text;
}

/* The token: the file's first line without surrounding blanks; NULL on error (printed). */
static char *read_token(const char *path)
{
    struct admit_error err;
    char *text = NULL;
    size_t len = 0;
    admit_error_clear(&err);
    if (input_read(path, 4096, &text, &len, &err) != ADMIT_OK) {
        cli_print_error(&err);
        return NULL;
    }
    char *s = text;
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strcspn(s, "\r\n");
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n == 0) {
        cli_error(TR("%s: tệp mã truy cập trống", "%s: the token file is empty"), path);
        free(text);
        return NULL;
    }
    memmove(text, s, n);
    text[n] = '\0';
    return text;
}

static int cpu_count(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

static void log_line(const char *what, const char *arg)
{
    time_t now = time(NULL);
    struct tm tm;
    char when[32];
    gmtime_r(&now, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    fprintf(stderr, "%s admit serve: %s%s\n", when, what, arg);
}

int cmd_serve(int argc, char **argv)
{
    struct cli_options opt;
    int code = cli_begin(&command, argc, argv, &opt);
    if (code >= 0)
        return code;
    if (opt.arg_count != 0) {
        cli_error(TR("serve: không nhận đối số \"%s\" (xem admit serve --help)",
                     "serve: takes no argument \"%s\" (see admit serve --help)"), opt.args[0]);
        return EXIT_INPUT;
    }
    struct sockaddr_in sa;
    const char *listen = opt.listen != NULL ? opt.listen : "127.0.0.1:8640";
    if (parse_listen(listen, &sa) != 0) {
        cli_error(TR("serve: --listen \"%s\": cần ĐỊA_CHỈ_IPv4:CỔNG, vd. 127.0.0.1:8640",
                     "serve: --listen \"%s\": expected IPV4_ADDRESS:PORT, e.g. 127.0.0.1:8640"),
                  listen);
        return EXIT_INPUT;
    }
    int loopback = (ntohl(sa.sin_addr.s_addr) >> 24) == 127;
    if (!loopback && opt.token_file == NULL && !opt.insecure) {
        cli_error(TR("serve: địa chỉ %s không phải loopback: cần --token-file (hoặc --insecure)",
                     "serve: %s is not a loopback address: --token-file is required (or --insecure)"),
                  listen);
        return EXIT_INPUT;
    }
    if ((opt.tls_cert == NULL) != (opt.tls_key == NULL)) {
        cli_error("%s", TR("serve: --tls-cert và --tls-key phải đi cùng nhau",
                           "serve: --tls-cert and --tls-key go together"));
        return EXIT_INPUT;
    }
    char why[512];
    if (serve_mhd_open(why, sizeof why) != 0) {
        cli_error("serve: %s", why);
        return EXIT_ENGINE;
    }
    if (opt.tls_cert != NULL && serve_mhd.MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
        cli_error("%s", TR("serve: libmicrohttpd này không hỗ trợ TLS (cần bản dựng với GnuTLS)",
                           "serve: this libmicrohttpd has no TLS support (it needs a GnuTLS build)"));
        return EXIT_ENGINE;
    }
    char *token = NULL, *cert = NULL, *key = NULL;
    if (opt.token_file != NULL && (token = read_token(opt.token_file)) == NULL)
        return EXIT_INPUT;
    if (opt.tls_cert != NULL &&
        ((cert = read_pem(opt.tls_cert)) == NULL || (key = read_pem(opt.tls_key)) == NULL)) {
        free(token);
        free(cert);
        return EXIT_INPUT;
    }

    /* The signals are taken by sigwait below; every thread started from
     * here on inherits the mask. */
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGTERM);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);

    int workers = opt.threads > 0 ? opt.threads : cpu_count();
    struct serve_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.pool = serve_pool_new(&opt, workers);
    if (ctx.pool == NULL) {
        free(token);
        free(cert);
        free(key);
        return EXIT_ENGINE;
    }
    ctx.token = token;
    ctx.lang = i18n_lang();
    ctx.holidays = opt.holidays;
    atomic_init(&ctx.in_flight, 0);
    struct admit_paths defaults;
    paths_default(&defaults);
    /* web/ sits beside schemas/, in the source tree and installed (DATADIR). */
    snprintf(ctx.web_dir, sizeof ctx.web_dir, "%s/../web", defaults.schemas);
    snprintf(ctx.openapi, sizeof ctx.openapi, "%s/openapi.json", defaults.schemas);
    snprintf(ctx.dossier_schema, sizeof ctx.dossier_schema, "%s/dossier.schema.json",
             defaults.schemas);

    /* One thread per connection: a stalled client or a long evaluation holds
     * its own thread only; the listening thread keeps accepting. */
    struct MHD_OptionItem tls[] = {
        {MHD_OPTION_HTTPS_MEM_CERT, 0, cert},
        {MHD_OPTION_HTTPS_MEM_KEY, 0, key},
        {MHD_OPTION_END, 0, NULL},
    };
    struct MHD_Daemon *d = serve_mhd.MHD_start_daemon(
        MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC |
            MHD_USE_POLL | (cert != NULL ? MHD_USE_TLS : 0),
        0, NULL, NULL, serve_http_handle, &ctx,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)RECEIVE_TIMEOUT,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned int)CONNECTION_LIMIT,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int)CONNECTION_LIMIT,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
        MHD_OPTION_NOTIFY_COMPLETED, serve_http_completed, &ctx,
        MHD_OPTION_ARRAY, cert != NULL ? tls : tls + 2,
        MHD_OPTION_END);
    if (d == NULL) {
        cli_error(TR("serve: không mở được %s: %s%s", "serve: cannot listen on %s: %s%s"), listen,
                  strerror(errno), cert != NULL ? TR(" (hoặc chứng chỉ/khóa TLS không dùng được)",
                                                     " (or the TLS certificate/key is not usable)")
                                                : "");
        serve_pool_free(ctx.pool);
        free(token);
        free(cert);
        free(key);
        return EXIT_ENGINE;
    }
    const union MHD_DaemonInfo *info = serve_mhd.MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    char addr[INET_ADDRSTRLEN], where[96];
    inet_ntop(AF_INET, &sa.sin_addr, addr, sizeof addr);
    snprintf(where, sizeof where, "%s://%s:%u/ (%d workers)", cert != NULL ? "https" : "http", addr,
             info != NULL ? (unsigned)info->port : (unsigned)ntohs(sa.sin_port), workers);
    log_line("listening on ", where);

    for (;;) {
        int sig = 0;
        if (sigwait(&sigs, &sig) != 0)
            continue;
        if (sig == SIGHUP) {
            log_line("SIGHUP: reloading the rule set", "");
            if (serve_pool_reload(ctx.pool) == 0) {
                char digest[128];
                serve_pool_digest(ctx.pool, digest, sizeof digest);
                log_line("rule set reloaded: ", digest);
            } else {
                log_line("the new rule set does not load: keeping the old one", "");
            }
            continue;
        }
        break;
    }
    /* Stop accepting, let the requests in flight finish, then stop. */
    log_line("stopping: finishing the requests in flight", "");
    MHD_socket lsock = serve_mhd.MHD_quiesce_daemon(d);
    if (lsock != MHD_INVALID_SOCKET)
        close(lsock);
    for (int i = 0; i < DRAIN_MAX_SECONDS * 100 && atomic_load(&ctx.in_flight) > 0; i++) {
        struct timespec pause = {0, 10 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
    serve_mhd.MHD_stop_daemon(d);
    serve_pool_free(ctx.pool);
    free(token);
    free(cert);
    free(key);
    log_line("stopped", "");
    return 0;
}
