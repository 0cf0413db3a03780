/* SPDX-License-Identifier: BSD-2-Clause */
/* httpd: an HTTP/1.1 server on lwIP's raw API (server.c) with two pages
 * (pages.c). All of it runs in the network fiber, inside lwIP callbacks. */
#ifndef HTTPD_H
#define HTTPD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "request.h"

/* httpd's counters, the httpd_<name> lines of /stats. Every connection
 * httpd ends on its own is counted by the reason. */
#define HTTPD_COUNTERS(X)                                                          \
	X(connections_active)   /* now */                                          \
	X(connections_accepted)                                                     \
	X(connections_refused)  /* every slot busy sending: reset at once */       \
	X(connections_evicted)  /* reset to give the slot to a new connection */   \
	X(requests)             /* replies, errors included */                     \
	X(bad_requests)         /* 400 replies */                                  \
	X(heads_too_large)      /* ... for a head over CONFIG_HTTPD_MAX_REQUEST */ \
	X(head_timeouts)        /* 408: head not complete by its deadline */       \
	X(idle_timeouts)        /* closed: no request for the idle time */         \
	X(send_timeouts)        /* reset: reply not sent within the idle time */   \
	X(linger_aborts)        /* reset: client did not close after our last reply */ \
	X(resets)               /* reset by the client (or dropped by lwIP) */     \
	X(input_deferred)       /* input left with lwIP: the buffer was full */

struct httpd_counters {
#define HTTPD_FIELD(name) uint64_t name;
	HTTPD_COUNTERS(HTTPD_FIELD)
#undef HTTPD_FIELD
};
extern struct httpd_counters httpd_stats;
/* Receive buffers held for connections now: input that did not fit their
 * request buffers, and lwIP's refused data. */
unsigned httpd_input_pbufs(void);

/* What to send for one request. */
struct http_response {
	int status;
	const char *content_type;
	const char *body;
	size_t body_len;
	bool body_static;          /* constant for the image's life: sent without a copy */
	bool body_owned;           /* heap text: free(body) once it has been queued */
	const char *extra_headers; /* "Allow: GET, HEAD\r\n" or NULL */
};

/* Fill *resp for a parsed request (req->status == 0) or for the error in
 * req->status and req->reason. */
void httpd_route(const struct http_request *req, struct http_response *resp);
const char *httpd_reason(int status);

/* Listen on CONFIG_HTTPD_PORT; 0 or a negative RK_E* code. Call with the
 * stack lock held. */
int httpd_start(void);

/* CONFIG_HTTPD_BURNER (burner.c): start the CPU-bound fiber on the CPU
 * after the network CPU; 0, or -RK_EINVAL with a message when there is
 * none. Its rounds so far and its CPU, for /stats. */
int httpd_burner_start(void);
uint64_t httpd_burner_rounds(void);
unsigned httpd_burner_cpu(void);

#endif
