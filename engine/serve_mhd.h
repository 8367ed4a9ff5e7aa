/*
 * serve_mhd.h - the functions of libmicrohttpd that `admit serve` calls,
 * bound when the command starts (lazy_lib.h): every other command starts
 * without loading libmicrohttpd and GnuTLS.
 *
 * Call serve_mhd_open() before the first use; then call through the table:
 * serve_mhd.MHD_start_daemon(...).  The types and constants are the library's
 * own (microhttpd.h).
 */
#ifndef ADMIT_SERVE_MHD_H
#define ADMIT_SERVE_MHD_H

#include <stddef.h>

#include <microhttpd.h>

#include "lazy_lib.h"

#define SERVE_MHD_FUNCTIONS(X)                                                  \
    X(MHD_add_response_header) X(MHD_create_response_from_buffer)               \
    X(MHD_destroy_response) X(MHD_get_daemon_info) X(MHD_is_feature_supported)  \
    X(MHD_lookup_connection_value) X(MHD_queue_response) X(MHD_quiesce_daemon)  \
    X(MHD_start_daemon) X(MHD_stop_daemon)

LAZY_LIB_TABLE(serve_mhd_table, SERVE_MHD_FUNCTIONS);

/* Filled by serve_mhd_open; read-only afterwards (the connection threads
 * call through it). */
extern struct serve_mhd_table serve_mhd;

/* Loads libmicrohttpd: 0, or -1 with the reason in err, in the user's language
 * (lazy_lib_open). */
int serve_mhd_open(char *err, size_t errlen);

#endif
