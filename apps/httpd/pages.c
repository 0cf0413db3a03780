/* SPDX-License-Identifier: BSD-2-Clause */
/* The pages: a static greeting at / and the counters at /stats; error
 * statuses get a one-line text body saying what was wrong. */
#include <string.h>
#include <rumpk/fiber.h>
#include <rumpk/net_server.h>
#include <rumpk/printk.h>
#include "httpd.h"

static const char index_html[] =
	"<!DOCTYPE html>\n"
	"<html><head><title>Rumpk</title></head>\n"
	"<body><h1>Hello from Rumpk</h1>\n"
	"<p>A unikernel serving this page with lwIP. Counters: <a href=\"/stats\">/stats</a>.</p>\n"
	"</body></html>\n";

const char *httpd_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 400: return "Bad Request";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 408: return "Request Timeout";
	case 500: return "Internal Server Error";
	case 505: return "HTTP Version Not Supported";
	}
	return "Error";
}

/* "400 Bad Request: bare LF in the request head" */
static void error_page(int status, const char *why, struct http_response *r)
{
	static char text[128]; /* one fiber runs httpd: a static buffer is safe */
	int n = rk_snprintf(text, sizeof(text), "%d %s%s%s\n", status, httpd_reason(status),
			    why ? ": " : "", why ? why : "");

	r->status = status;
	r->content_type = "text/plain";
	r->body = text;
	r->body_len = (size_t)n;
}

static bool path_is(const struct http_request *q, const char *s)
{
	return q->path_len == strlen(s) && !memcmp(q->path, s, q->path_len);
}

void httpd_route(const struct http_request *req, struct http_response *r)
{
	memset(r, 0, sizeof(*r));
	if (req->status) {
		error_page(req->status, req->reason, r);
		if (req->status == 405)
			r->extra_headers = "Allow: GET, HEAD\r\n";
		return;
	}
	if (path_is(req, "/") || path_is(req, "/index.html")) {
		r->status = 200;
		r->content_type = "text/html; charset=utf-8";
		r->body = index_html;
		r->body_len = sizeof(index_html) - 1;
		r->body_static = true;
	} else if (path_is(req, "/stats")) {
#define COUNTER(name) { #name, httpd_stats.name },
		const struct rk_net_counter c[] = {
			HTTPD_COUNTERS(COUNTER) { "input_pbufs", httpd_input_pbufs() },
#ifdef CONFIG_HTTPD_BURNER
			{ "burner_cpu", httpd_burner_cpu() },
			{ "burner_rounds", httpd_burner_rounds() },
#endif
		};
#undef COUNTER
		size_t len;
		char *text = rk_net_status_text("httpd_", c, RK_ARRAY_SIZE(c), &len);
		if (!text) {
			error_page(500, "no memory for the page", r);
			return;
		}
		r->status = 200;
		r->content_type = "text/plain; charset=utf-8";
		r->body = text;
		r->body_len = len;
		r->body_owned = true;
	} else {
		error_page(404, NULL, r);
	}
}
