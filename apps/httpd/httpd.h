/* httpd: an HTTP/1.1 server on lwIP's raw API (server.c) with two pages
 * (pages.c). All of it runs in the network fiber, inside lwIP callbacks. */
#ifndef HTTPD_H
#define HTTPD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "request.h"

struct httpd_counters {
	uint64_t accepted, refused, active, requests, bad_requests, timeouts, resets;
};
extern struct httpd_counters httpd_stats;

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

/* Fill *resp for a parsed request (req->status == 0) or an error status. */
void httpd_route(const struct http_request *req, int status, struct http_response *resp);
const char *httpd_reason(int status);

/* Listen on CONFIG_HTTPD_PORT; 0 or a negative RK_E* code. Call with the
 * stack lock held. */
int httpd_start(void);

#endif
