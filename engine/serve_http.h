/*
 * serve_http.h - the requests `admit serve` answers (docs/serve.md): routing,
 * the bounds on a request (1 MiB body, a JSON content type, a bearer token),
 * the endpoints, JSON errors, the web page's files, one log line per request.
 *
 * Runs on libmicrohttpd's connection threads: one thread per connection,
 * so a slow client or a slow evaluation holds only its own thread, and at
 * most `workers` evaluations run at once (serve_pool.h).
 */
#ifndef ADMIT_SERVE_HTTP_H
#define ADMIT_SERVE_HTTP_H

#include <stdatomic.h>
#include <stddef.h>

#include "serve_mhd.h"

#include "i18n.h"
#include "serve_pool.h"

#define SERVE_BODY_MAX (1024 * 1024)

struct serve_ctx {
    struct serve_pool *pool;
    const char *token;          /* NULL: no token asked */
    char web_dir[1100];         /* the page's files */
    char openapi[1100];         /* schemas/openapi.json */
    char dossier_schema[1100];  /* schemas/dossier.schema.json, for the page's form */
    enum admit_lang lang;       /* --lang: the default of `lang` */
    const char *holidays;       /* --holidays, shown on the printed page */
    atomic_int in_flight;       /* requests between their headers and their end */
};

enum MHD_Result serve_http_handle(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size, void **con_cls);

/* MHD_OPTION_NOTIFY_COMPLETED: logs the request, counts it, frees its state. */
void serve_http_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                          enum MHD_RequestTerminationCode toe);

#endif
