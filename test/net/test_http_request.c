/* Host tests of httpd's request head parser (apps/httpd/request.c). */
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "request.h"

static int parse(const char *s, struct http_request *r)
{
	/* An exact-size heap copy: ASan catches any read past the end. */
	size_t n = strlen(s);
	char *b = malloc(n ? n : 1);
	memcpy(b, s, n);
	bool done = http_parse_head(b, n, r);
	free(b);
	return done ? r->status : -1;
}

int main(void)
{
	struct http_request r = { 0 }; /* defined for the checks after a failed parse */

	CHECK(parse("GET / HTTP/1.1\r\nHost: a\r\n\r\n", &r) == 0);
	CHECK(r.method == HTTP_GET && r.minor == 1 && r.keep_alive && r.path_len == 1);
	CHECK(parse("HEAD /stats?x=1 HTTP/1.0\r\n\r\n", &r) == 0);
	CHECK(r.method == HTTP_HEAD && !r.keep_alive && r.path_len == 6);
	CHECK(parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", &r) == 0 && r.keep_alive);
	CHECK(parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: foo, close\r\n\r\n", &r) == 0 &&
	       !r.keep_alive);
	CHECK(parse("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n", &r) == 0 && r.has_body);
	/* Incomplete heads, at every length of a valid one. */
	const char *full = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
	for (size_t i = 0; i < strlen(full); i++) {
		char *b = malloc(i + 1);
		memcpy(b, full, i);
		CHECK(!http_parse_head(b, i, &r));
		free(b);
	}
	CHECK(parse("POST / HTTP/1.1\r\nHost: a\r\n\r\n", &r) == 405);
	CHECK(parse("GET / HTTP/2.0\r\nHost: a\r\n\r\n", &r) == 505);
	const char *bad[] = {
		"G@T / HTTP/1.1\r\nHost: a\r\n\r\n", "GET /\r\n\r\n", "GET  / HTTP/1.1\r\n\r\n",
		"GET x HTTP/1.1\r\nHost: a\r\n\r\n", "GET / HTTP/1.1\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: a\r\nBad\r\n\r\n", "GET / HTTP/1.1\r\nHost : a\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: a\r\n x\r\n\r\n", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", "\r\n\r\n",
		"GET / HTTP/1.1\nHost: a\r\n\r\n", "GET / HTTP/1.1\r\nHost: a\x01\r\n\r\n",
		"GET / HTTP/1.10\r\nHost: a\r\n\r\n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int st = parse(bad[i], &r);
		CHECK_MSG(st == 400, "bad case %zu: status %d", i, st);
	}
	return check_summary("test_http_request");
}
