/* SPDX-License-Identifier: BSD-2-Clause */
/* HTTP/1.x request heads: finding the end of one in a buffer and checking
 * it. Pure code over a byte buffer (no lwIP, no kernel), so that the
 * parser is tested on the host with sanitizers (test/net). */
#ifndef HTTPD_REQUEST_H
#define HTTPD_REQUEST_H

#include <stdbool.h>
#include <stddef.h>

enum http_method { HTTP_GET, HTTP_HEAD, HTTP_OTHER };

struct http_request {
	size_t head_len;          /* bytes of the head, through the blank line */
	int status;               /* 0: valid; else the error status to answer */
	const char *reason;       /* with an error status: what is wrong, for the reply */
	enum http_method method;
	const char *path;         /* into the buffer: target without the query */
	size_t path_len;
	int minor;                /* HTTP/1.minor */
	bool keep_alive;          /* the client wants the connection kept */
	bool has_body;            /* Content-Length > 0 or Transfer-Encoding */
};

/* Looks for a complete head (request line, headers, CRLF CRLF) at the
 * start of buf. Every line must end in CRLF: a bare LF or a CR followed
 * by anything but LF is refused at once, without waiting for the rest
 * (RFC 9112 section 2.2 lets a server accept a bare LF; this one does
 * not, so that a request has one reading only). eof says that no more
 * bytes will follow (the client closed its side).
 *
 * Returns false when no complete head is there yet and more may come (or
 * buf is empty at eof): the caller reads more, or answers 400 when its
 * buffer is already full. Returns true with *req filled otherwise;
 * req->status is then 0 or one of 400 (bare CR or LF, a head cut short by
 * eof, malformed request line or header, HTTP/1.1 without Host, bad
 * Content-Length), 405 (a method other than GET and HEAD), 505 (an HTTP
 * version other than 1.0 and 1.1), with req->reason naming the fault. An
 * error's head_len covers all of buf: nothing after it is read. */
bool http_parse_head(const char *buf, size_t len, bool eof, struct http_request *req);

#endif
