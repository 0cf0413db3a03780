/* SPDX-License-Identifier: BSD-2-Clause */
/* Host tests of httpd's request head parser (apps/httpd/request.c). */
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "request.h"

/* Parses s as the whole input so far (eof: the client closed after it).
 * Returns the status, or -1 when the parser wants more input. */
static int parse_eof(const char *s, bool eof, struct http_request *r)
{
	/* An exact-size heap copy: ASan catches any read past the end. */
	size_t n = strlen(s);
	char *b = malloc(n ? n : 1);
	memcpy(b, s, n);
	bool done = http_parse_head(b, n, eof, r);
	free(b);
	if (done && r->status)
		CHECK_MSG(r->reason && *r->reason, "status %d without a reason", r->status);
	if (done && !r->status)
		CHECK(r->reason == NULL);
	if (done)
		CHECK(r->head_len <= n);
	return done ? r->status : -1;
}

static int parse(const char *s, struct http_request *r)
{
	return parse_eof(s, false, r);
}

/* The 400 of a malformed line ending, and the reason naming it. */
static void check_line_ending(const char *s, bool eof, const char *reason, int line)
{
	struct http_request r;
	int st = parse_eof(s, eof, &r);

	check_at(st == 400, __FILE__, line, "%s: status %d, not 400", s, st);
	if (st == 400)
		check_at(!strcmp(r.reason, reason), __FILE__, line, "reason '%s', not '%s'", r.reason,
			 reason);
}
#define LINE_ENDING(s, eof, reason) check_line_ending(s, eof, reason, __LINE__)

int main(void)
{
	struct http_request r = { 0 }; /* defined for the checks after a failed parse */

	CHECK(parse("GET / HTTP/1.1\r\nHost: a\r\n\r\n", &r) == 0);
	CHECK(r.method == HTTP_GET && r.minor == 1 && r.keep_alive && r.path_len == 1);
	CHECK(r.head_len == strlen("GET / HTTP/1.1\r\nHost: a\r\n\r\n"));
	CHECK(parse("HEAD /stats?x=1 HTTP/1.0\r\n\r\n", &r) == 0);
	CHECK(r.method == HTTP_HEAD && !r.keep_alive && r.path_len == 6);
	CHECK(parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", &r) == 0 && r.keep_alive);
	CHECK(parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: foo, close\r\n\r\n", &r) == 0 &&
	       !r.keep_alive);
	CHECK(parse("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n", &r) == 0 && r.has_body);
	/* A complete head is served even when the client closed after it;
	 * what follows it (a pipelined request) is not part of it. */
	CHECK(parse_eof("GET / HTTP/1.1\r\nHost: a\r\n\r\n", true, &r) == 0);
	CHECK(parse("GET / HTTP/1.1\r\nHost: a\r\n\r\nGET /x HTTP/1.1\n", &r) == 0 &&
	      r.head_len == strlen("GET / HTTP/1.1\r\nHost: a\r\n\r\n"));
	/* Incomplete heads, at every length of a valid one: more is wanted,
	 * unless the client has closed, which makes every one of them a 400. */
	const char *full = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
	for (size_t i = 0; i < strlen(full); i++) {
		char *b = malloc(i + 1);
		memcpy(b, full, i);
		CHECK(!http_parse_head(b, i, false, &r));
		if (i == 0) {
			CHECK(!http_parse_head(b, i, true, &r)); /* nothing sent: no reply */
		} else {
			CHECK(http_parse_head(b, i, true, &r) && r.status == 400 && r.head_len == i);
			CHECK(r.reason && !strcmp(r.reason, "request head ends without its blank line"));
		}
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

	/* Line endings: CRLF only. A bare LF or CR is refused as soon as it is
	 * seen, without waiting for the rest of the head (which never comes
	 * from a client that ends its lines differently). */
	LINE_ENDING("GET / HTTP/1.1\n", false, "bare LF in the request head");
	LINE_ENDING("GET / HTTP/1.1\nHost: a\n\n", false, "bare LF in the request head");
	LINE_ENDING("GET / HTTP/1.1\r\nHost: a\n", false, "bare LF in the request head");
	LINE_ENDING("GET / HTTP/1.1\r\nHost: a\r\n\n", false, "bare LF in the request head");
	LINE_ENDING("\n", false, "bare LF in the request head");
	LINE_ENDING("GET / HTTP/1.1\rHost: a\r\r", false, "bare CR in the request head");
	LINE_ENDING("GET / HTTP/1.1\r\nHost: a\r\r\n", false, "bare CR in the request head");
	LINE_ENDING("GET / HTTP/1.1\r\nHost: a\r\n\rX", false, "bare CR in the request head");
	LINE_ENDING("GET / HTTP/1.1\r\r\n", false, "bare CR in the request head");
	/* A CR in the last byte may still get its LF. */
	CHECK(parse("GET / HTTP/1.1\r", &r) == -1);
	CHECK(parse("GET / HTTP/1.1\r\nHost: a\r\n\r", &r) == -1);
	/* A head the client ends (FIN) before its final CRLF. */
	LINE_ENDING("GET / HTTP/1.1\r\nHost: a\r\n", true, "request head ends without its blank line");
	LINE_ENDING("GET / HTTP/1.1\r\nHost: a\r\n\r", true, "request head ends without its blank line");
	LINE_ENDING("GET / HTTP/1.1\r", true, "request head ends without its blank line");
	LINE_ENDING("GET / HTTP/1.1", true, "request head ends without its blank line");
	/* A bare LF is refused even when a proper blank line follows it. */
	LINE_ENDING("GET / HTTP/1.1\r\nX: a\nb\r\nHost: a\r\n\r\n", false, "bare LF in the request head");
	return check_summary("test_http_request");
}
