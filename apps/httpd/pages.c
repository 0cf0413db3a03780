/* The pages: a static greeting at / and the counters at /stats; error
 * statuses get a one-line text body. */
#include <stdlib.h>
#include <string.h>
#include <rumpk/build_info.h>
#include <rumpk/fiber.h>
#include <rumpk/mem.h>
#include <rumpk/net.h>
#include <rumpk/printk.h>
#include <rumpk/time.h>
#include "httpd.h"

#define STATS_MAX 6144

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
	case 500: return "Internal Server Error";
	case 505: return "HTTP Version Not Supported";
	}
	return "Error";
}

static void count_fiber(const struct rk_fiber *f, void *arg)
{
	++*(unsigned *)arg;
}

/* "name value" lines: kernel, heap, httpd, then the network's own. */
static char *stats_text(size_t *len)
{
	char *buf = malloc(STATS_MAX);
	struct rk_mem_stats m;
	unsigned fibers = 0;
	size_t n;

	if (!buf)
		return NULL;
	rk_mem_stats(&m);
	rk_fiber_foreach(count_fiber, &fibers);
	n = (size_t)rk_snprintf(buf, STATS_MAX,
		"version %s\narch %s\nplatform %s\nuptime_ms %llu\n"
		"fibers %u\nfiber_switches %llu\n"
		"ram_bytes %llu\npages_total %llu\npages_free %llu\n"
		"heap_in_use %llu\nheap_peak %llu\nheap_allocs %llu\nheap_frees %llu\n"
		"heap_failures %llu\n"
		"httpd_connections_active %llu\nhttpd_connections_accepted %llu\n"
		"httpd_connections_refused %llu\nhttpd_requests %llu\nhttpd_bad_requests %llu\n"
		"httpd_idle_timeouts %llu\nhttpd_resets %llu\n",
		rk_build_version, rk_build_arch, rk_build_platform,
		(unsigned long long)(rk_time_ns() / RK_NSEC_PER_MSEC), fibers,
		(unsigned long long)rk_sched_switches(), (unsigned long long)m.ram_bytes,
		(unsigned long long)m.pages_total, (unsigned long long)m.pages_free,
		(unsigned long long)m.heap_in_use, (unsigned long long)m.heap_peak,
		(unsigned long long)m.heap_allocs, (unsigned long long)m.heap_frees,
		(unsigned long long)m.heap_failures,
		(unsigned long long)httpd_stats.active, (unsigned long long)httpd_stats.accepted,
		(unsigned long long)httpd_stats.refused, (unsigned long long)httpd_stats.requests,
		(unsigned long long)httpd_stats.bad_requests,
		(unsigned long long)httpd_stats.timeouts,
		(unsigned long long)httpd_stats.resets);
	if (n < STATS_MAX)
		n += (size_t)rk_net_stats_format(buf + n, STATS_MAX - n);
	if (n >= STATS_MAX)
		n = STATS_MAX - 1; /* cut: still a valid (shorter) page */
	*len = n;
	return buf;
}

static void error_page(int status, struct http_response *r)
{
	static char text[64]; /* one fiber runs httpd: a static buffer is safe */
	int n = rk_snprintf(text, sizeof(text), "%d %s\n", status, httpd_reason(status));

	r->status = status;
	r->content_type = "text/plain";
	r->body = text;
	r->body_len = (size_t)n;
}

static bool path_is(const struct http_request *q, const char *s)
{
	return q->path_len == strlen(s) && !memcmp(q->path, s, q->path_len);
}

void httpd_route(const struct http_request *req, int status, struct http_response *r)
{
	memset(r, 0, sizeof(*r));
	if (status) {
		error_page(status, r);
		if (status == 405)
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
		size_t len;
		char *text = stats_text(&len);
		if (!text) {
			error_page(500, r);
			return;
		}
		r->status = 200;
		r->content_type = "text/plain; charset=utf-8";
		r->body = text;
		r->body_len = len;
		r->body_owned = true;
	} else {
		error_page(404, r);
	}
}
