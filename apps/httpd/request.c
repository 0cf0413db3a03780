/* HTTP/1.x request head parser (RFC 9112 section 2-3, 5; RFC 9110 for the
 * token grammar). Strict where leniency would be a risk: CRLF line endings
 * only, single spaces in the request line, no whitespace before a header's
 * colon (request smuggling), no obsolete line folding, Host required in
 * HTTP/1.1. The server never reads request bodies: a request announcing
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

/* Position of the first CRLF CRLF plus 4, or 0. */
static size_t head_end(const char *buf, size_t len)
{
	for (size_t i = 3; i < len; i++)
		if (buf[i] == '\n' && buf[i - 1] == '\r' && buf[i - 2] == '\n' && buf[i - 3] == '\r')
			return i + 1;
	return 0;
}

static int parse_request_line(const char *p, size_t len, struct http_request *req)
{
	size_t i = 0, m;

	while (i < len && is_tchar((unsigned char)p[i]))
		i++;
	if (i == 0 || i >= len || p[i] != ' ')
		return 400;
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
		return 400;
	while (i < len && p[i] > ' ' && p[i] < 0x7f)
		i++;
	if (i >= len || p[i] != ' ')
		return 400;
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
		return 400;
	if (v[5] != '1' || v[7] > '1')
		return 505;
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
			return 400;
		if (eol == p)
			break; /* the blank line */
		/* field-name ":" OWS field-value OWS; a line starting with
		 * whitespace is obsolete folding, refused. */
		const char *c = p;
		while (c < eol && is_tchar((unsigned char)*c))
			c++;
		if (c == p || c == eol || *c != ':')
			return 400;
		size_t nlen = (size_t)(c - p);
		const char *v = c + 1, *ve = eol;
		while (v < ve && (*v == ' ' || *v == '\t'))
			v++;
		while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t'))
			ve--;
		for (const char *x = v; x < ve; x++)
			if ((unsigned char)*x < ' ' && *x != '\t')
				return 400;
		size_t vlen = (size_t)(ve - v);

		if (ieq(p, nlen, "host")) {
			if (host)
				return 400; /* RFC 9112 3.2: exactly one */
			host = true;
		} else if (ieq(p, nlen, "connection")) {
			close |= has_token(v, vlen, "close");
			keep |= has_token(v, vlen, "keep-alive");
		} else if (ieq(p, nlen, "content-length")) {
			bool nonzero;
			if (length_seen || !parse_length(v, vlen, &nonzero))
				return 400;
			length_seen = true;
			req->has_body |= nonzero;
		} else if (ieq(p, nlen, "transfer-encoding")) {
			req->has_body = true;
		}
		p = eol + 2;
	}
	if (req->minor == 1 && !host)
		return 400;
	req->keep_alive = req->minor == 1 ? !close : keep && !close;
	return 0;
}

bool http_parse_head(const char *buf, size_t len, struct http_request *req)
{
	size_t end = head_end(buf, len);
	const char *eol;

	if (!end)
		return false;
	memset(req, 0, sizeof(*req));
	req->head_len = end;
	eol = buf;
	while (!(eol[0] == '\r' && eol[1] == '\n'))
		eol++;
	/* A bare CR or LF inside the request line is malformed. */
	for (const char *x = buf; x < eol; x++)
		if (*x == '\r' || *x == '\n')
			goto bad;
	req->status = parse_request_line(buf, (size_t)(eol - buf), req);
	if (req->status == 0)
		req->status = parse_headers(eol + 2, buf + end, req);
	if (req->status == 0 && req->method == HTTP_OTHER)
		req->status = 405;
	return true;
bad:
	req->status = 400;
	return true;
}
