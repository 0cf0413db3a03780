/* SPDX-License-Identifier: BSD-2-Clause */
/* HTTP/1.x request head parser (RFC 9112 section 2-3, 5; RFC 9110 for the
 * token grammar). Strict where leniency would be a risk: CRLF line endings
 * only (a bare CR or LF is refused as soon as it arrives), single spaces
 * in the request line, no whitespace before a header's colon (request
 * smuggling), no obsolete line folding, Host required in HTTP/1.1. The server never reads request bodies: a request announcing
 * one is answered and its connection closed, so body bytes are never
 * mistaken for the next request. */
#include <string.h>
#include "request.h"

static bool is_tchar(unsigned char c)
{
	if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return true;
	return c && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static char lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static bool ieq(const char *a, size_t alen, const char *b)
{
	size_t blen = strlen(b);
	if (alen != blen)
		return false;
	for (size_t i = 0; i < alen; i++)
		if (lower(a[i]) != b[i])
			return false;
	return true;
}

/* Does the comma-separated header value contain token (case-insensitive)? */
static bool has_token(const char *v, size_t len, const char *token)
{
	size_t i = 0;
	while (i < len) {
		while (i < len && (v[i] == ' ' || v[i] == '\t' || v[i] == ','))
			i++;
		size_t start = i;
		while (i < len && v[i] != ',' && v[i] != ' ' && v[i] != '\t')
			i++;
		if (i > start && ieq(v + start, i - start, token))
			return true;
		while (i < len && v[i] != ',')
			i++;
	}
	return false;
}

enum scan { SCAN_MORE, SCAN_DONE, SCAN_BAD };

/* Finds the blank line that ends the head (*end: the bytes through it),
 * checking on the way that every CR and LF belongs to a CRLF pair. A CR
 * in the last byte may still be followed by its LF. */
static enum scan scan_head(const char *buf, size_t len, size_t *end, const char **reason)
{
	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '\r' && i + 1 < len && buf[i + 1] != '\n') {
			*reason = "bare CR in the request head";
			return SCAN_BAD;
		}
		if (buf[i] != '\n')
			continue;
		if (i == 0 || buf[i - 1] != '\r') {
			*reason = "bare LF in the request head";
			return SCAN_BAD;
		}
		if (i >= 3 && buf[i - 2] == '\n' && buf[i - 3] == '\r') {
			*end = i + 1;
			return SCAN_DONE;
		}
	}
	return SCAN_MORE;
}

static int fail(struct http_request *req, int status, const char *reason)
{
	req->reason = reason;
	return status;
}

static int parse_request_line(const char *p, size_t len, struct http_request *req)
{
	size_t i = 0, m;

	while (i < len && is_tchar((unsigned char)p[i]))
		i++;
	if (i == 0 || i >= len || p[i] != ' ')
		return fail(req, 400, "malformed method in the request line");
	m = i;
	if (m == 3 && !memcmp(p, "GET", 3))
		req->method = HTTP_GET;
	else if (m == 4 && !memcmp(p, "HEAD", 4))
		req->method = HTTP_HEAD;
	else
		req->method = HTTP_OTHER;

	/* origin-form target: '/' then visible ASCII, up to the single SP. */
	size_t t = ++i;
	if (t >= len || p[t] != '/')
		return fail(req, 400, "request target does not start with /");
	while (i < len && p[i] > ' ' && p[i] < 0x7f)
		i++;
	if (i >= len || p[i] != ' ')
		return fail(req, 400, "malformed request target");
	req->path = p + t;
	req->path_len = i - t;
	const char *q = memchr(req->path, '?', req->path_len);
	if (q)
		req->path_len = (size_t)(q - req->path);

	/* HTTP-version = "HTTP/" DIGIT "." DIGIT, then the end of the line. */
	const char *v = p + i + 1;
	size_t vlen = len - i - 1;
	if (vlen != 8 || memcmp(v, "HTTP/", 5) || v[6] != '.' || v[5] < '0' || v[5] > '9' ||
	    v[7] < '0' || v[7] > '9')
		return fail(req, 400, "malformed HTTP version in the request line");
	if (v[5] != '1' || v[7] > '1')
		return fail(req, 505, "only HTTP/1.0 and HTTP/1.1 are served");
	req->minor = v[7] - '0';
	return 0;
}

/* Content-Length: 1*DIGIT; returns false for anything else. */
static bool parse_length(const char *v, size_t len, bool *nonzero)
{
	if (len == 0)
		return false;
	*nonzero = false;
	for (size_t i = 0; i < len; i++) {
		if (v[i] < '0' || v[i] > '9')
			return false;
		if (v[i] != '0')
			*nonzero = true;
	}
	return true;
}

static int parse_headers(const char *p, const char *end, struct http_request *req)
{
	bool host = false, close = false, keep = false, length_seen = false;

	while (p < end) {
		const char *eol = p;
		while (eol + 1 < end && !(eol[0] == '\r' && eol[1] == '\n'))
			eol++;
		if (eol + 1 >= end)
			return fail(req, 400, "header line without CRLF");
		if (eol == p)
			break; /* the blank line */
		/* field-name ":" OWS field-value OWS; a line starting with
		 * whitespace is obsolete folding, refused. */
		const char *c = p;
		while (c < eol && is_tchar((unsigned char)*c))
			c++;
		if (c == p || c == eol || *c != ':')
			return fail(req, 400, "malformed header line");
		size_t nlen = (size_t)(c - p);
		const char *v = c + 1, *ve = eol;
		while (v < ve && (*v == ' ' || *v == '\t'))
			v++;
		while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t'))
			ve--;
		for (const char *x = v; x < ve; x++)
			if ((unsigned char)*x < ' ' && *x != '\t')
				return fail(req, 400, "control character in a header value");
		size_t vlen = (size_t)(ve - v);

		if (ieq(p, nlen, "host")) {
			if (host) /* RFC 9112 3.2: exactly one */
				return fail(req, 400, "more than one Host header");
			host = true;
		} else if (ieq(p, nlen, "connection")) {
			close |= has_token(v, vlen, "close");
			keep |= has_token(v, vlen, "keep-alive");
		} else if (ieq(p, nlen, "content-length")) {
			bool nonzero;
			if (length_seen || !parse_length(v, vlen, &nonzero))
				return fail(req, 400, "bad Content-Length");
			length_seen = true;
			req->has_body |= nonzero;
		} else if (ieq(p, nlen, "transfer-encoding")) {
			req->has_body = true;
		}
		p = eol + 2;
	}
	if (req->minor == 1 && !host)
		return fail(req, 400, "HTTP/1.1 request without Host");
	req->keep_alive = req->minor == 1 ? !close : keep && !close;
	return 0;
}

bool http_parse_head(const char *buf, size_t len, bool eof, struct http_request *req)
{
	const char *reason = NULL;
	size_t end = 0;
	const char *eol;

	memset(req, 0, sizeof(*req));
	switch (scan_head(buf, len, &end, &reason)) {
	case SCAN_MORE:
		if (!eof || !len)
			return false;
		reason = "request head ends without its blank line";
		/* fall through */
	case SCAN_BAD:
		req->head_len = len;
		req->status = fail(req, 400, reason);
		return true;
	case SCAN_DONE:
		break;
	}
	req->head_len = end;
	eol = buf;
	while (!(eol[0] == '\r' && eol[1] == '\n'))
		eol++;
	req->status = parse_request_line(buf, (size_t)(eol - buf), req);
	if (req->status == 0)
		req->status = parse_headers(eol + 2, buf + end, req);
	if (req->status == 0 && req->method == HTTP_OTHER)
		req->status = fail(req, 405, "only GET and HEAD are served");
	return true;
}
