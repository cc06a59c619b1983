/*
 * xer_in.c: XML input, basic XER (ITU-T X.693) as asn1c 0.9.28 writes it,
 * into asn1c structures, generic over the type descriptors; parsing by
 * libxml2 without network access, DTDs or entity expansion.  Open types are
 * given as their value inside an element named after their type (encoded
 * here into their octets), or as hex.  This file: the documents (parse,
 * xer_read, xer_read_msg, xer_next), diagnostics and element helpers; the
 * values are read by xer_leaf.c and xer_tree.c.
 */
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "codec.h"
#include "msg_int.h"
#include "xer.h"
#include "xer_int.h"

#define XER_PATH_MAX	300	/* libxml2 stops at 256 levels anyway */
#define XER_PATH_SHOWN	100	/* characters of a path in messages */

/* Where n is: Root/member/Item[3]/..., for messages. */
static void
node_path(const xmlNode *n, char *out, size_t len)
{
	const xmlNode	*chain[XER_PATH_MAX], *s;
	size_t		 off = 0;
	int		 depth = 0, i, idx, same;

	for (; n != NULL && n->type == XML_ELEMENT_NODE && depth < XER_PATH_MAX;
	    n = n->parent)
		chain[depth++] = n;
	out[0] = '\0';
	for (i = depth - 1; i >= 0 && off < len; i--) {
		idx = same = 0;
		for (s = chain[i]->parent ? chain[i]->parent->children : NULL;
		    s != NULL; s = s->next) {
			if (s->type != XML_ELEMENT_NODE ||
			    strcmp(nm(s), nm(chain[i])) != 0)
				continue;
			same++;
			if (s == chain[i])
				idx = same;
		}
		off += snprintf(out + off, len - off, "%s%.64s", off ? "/" : "",
		    nm(chain[i]));
		if (same > 1 && off < len)
			off += snprintf(out + off, len - off, "[%d]", idx);
	}
}

enum reason
xr_fail(struct xr *r, enum reason why, const xmlNode *n, const char *fmt, ...)
{
	char		 what[200], path[1024];
	const char	*tail;
	va_list		 ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	node_path(n, path, sizeof(path));
	/* What went wrong first; of a long path, its end is what tells. */
	if (strlen(path) > XER_PATH_SHOWN &&
	    (tail = strchr(path + strlen(path) - XER_PATH_SHOWN, '/')) != NULL)
		snprintf(r->err, r->errlen, "XML: %s (at ...%s, line %ld of "
		    "the document)", what, tail, xmlGetLineNo(n));
	else
		snprintf(r->err, r->errlen, "XML: %s (at %s, line %ld of the "
		    "document)", what, path, xmlGetLineNo(n));
	return why;
}

enum reason
xr_nomem(struct xr *r)
{
	snprintf(r->err, r->errlen, "out of memory");
	return REASON_NOMEM;
}

int
xr_elem_count(xmlNode *n)
{
	xmlNode	*c;
	int	 k = 0;

	for (c = first_elem(n); c != NULL; c = next_elem(c->next))
		k++;
	return k;
}

/* Content made of elements only (white space, comments and processing
 * instructions between them are ignored). */
enum reason
xr_only_elements(struct xr *r, xmlNode *n)
{
	xmlNode	*c;

	for (c = n->children; c != NULL; c = c->next) {
		switch (c->type) {
		case XML_ELEMENT_NODE:
		case XML_COMMENT_NODE:
		case XML_PI_NODE:
			break;
		case XML_TEXT_NODE:
		case XML_CDATA_SECTION_NODE:
			if (!all_ws(c->content))
				return xr_fail(r, REASON_JSON_TYPE, n,
				    "text \"%.32s\" where elements were "
				    "expected", (const char *)c->content);
			break;
		default:
			return xr_fail(r, REASON_JSON_TYPE, n,
			    "entity references are not accepted");
		}
	}
	return REASON_OK;
}

/* An element without content, such as <true/>. */
int
xr_is_empty(xmlNode *n)
{
	xmlNode	*c;

	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE ||
		    ((c->type == XML_TEXT_NODE ||
		    c->type == XML_CDATA_SECTION_NODE) && !all_ws(c->content)) ||
		    c->type == XML_ENTITY_REF_NODE)
			return 0;
	return 1;
}

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void
xml_init(void)
{
	xmlInitParser();
}

static int
contains(const char *p, size_t n, const char *s)
{
	size_t	 k = strlen(s);

	for (; n >= k; p++, n--)
		if (*p == *s && memcmp(p, s, k) == 0)
			return 1;
	return 0;
}

/* Parse one document; NULL with err set (REASON_BAD_JSON, or *why). */
static xmlDoc *
parse(const char *text, size_t len, enum reason *why, char *err,
    size_t errlen)
{
	xmlParserCtxt	*ctxt;
	xmlDoc		*doc;
	xmlError	*xe;
	size_t		 k;

	pthread_once(&xml_once, xml_init);
	*why = REASON_BAD_JSON;
	if (len > INT_MAX) {
		snprintf(err, errlen, "XML: document too large");
		return NULL;
	}
	/* No DTD, so no entity can be declared, expanded or fetched. */
	if (contains(text, len, "<!DOCTYPE") || contains(text, len, "<!ENTITY")) {
		snprintf(err, errlen, "XML: DOCTYPE and ENTITY declarations "
		    "are not accepted");
		return NULL;
	}
	if ((ctxt = xmlNewParserCtxt()) == NULL) {
		*why = REASON_NOMEM;
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	doc = xmlCtxtReadMemory(ctxt, text, (int)len, NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
	    XML_PARSE_NOCDATA);
	if (doc == NULL) {
		xe = xmlCtxtGetLastError(ctxt);
		if (xe != NULL && xe->message != NULL) {
			k = strlen(xe->message);
			while (k > 0 && is_ws((unsigned char)xe->message[k - 1]))
				k--;
			snprintf(err, errlen, "XML: %.*s (line %d of the "
			    "document)", (int)k, xe->message, xe->line);
		} else
			snprintf(err, errlen, "XML: not well-formed");
	} else if (doc->intSubset != NULL || doc->extSubset != NULL ||
	    xmlDocGetRootElement(doc) == NULL) {
		snprintf(err, errlen, "XML: %s", xmlDocGetRootElement(doc) ?
		    "DOCTYPE declarations are not accepted" : "no root element");
		xmlFreeDoc(doc);
		doc = NULL;
	}
	xmlFreeParserCtxt(ctxt);
	return doc;
}

enum reason
xer_read(asn_TYPE_descriptor_t *td, const char *text, size_t len, void **out,
    char *err, size_t errlen)
{
	struct xr	 r;
	xmlDoc		*doc;
	xmlNode		*root;
	enum reason	 e;

	msg_init();
	*out = NULL;
	if ((doc = parse(text, len, &e, err, errlen)) == NULL)
		return e;
	root = xmlDocGetRootElement(doc);
	r.err = err;
	r.errlen = errlen;
	if (strcmp(nm(root), td->xml_tag) != 0)
		e = xr_fail(&r, REASON_JSON_TYPE, root,
		    "expected the root element "
		    "<%s>", td->xml_tag);
	else
		e = xr_read_value(td, root, out, err, errlen);
	xmlFreeDoc(doc);
	return e;
}

enum reason
xer_read_msg(struct msg *m, enum msg_family fam,
    asn_TYPE_descriptor_t *deftype, const char *text, size_t len,
    char *err, size_t errlen)
{
	struct xr	 r;
	xmlDoc		*doc;
	xmlNode		*root;
	asn_TYPE_descriptor_t *td = deftype;
	enum reason	 e;
	void		*v;

	msg_init();
	memset(m, 0, sizeof(*m));
	m->id = -1;
	if ((doc = parse(text, len, &e, err, errlen)) == NULL)
		return e;
	root = xmlDocGetRootElement(doc);
	r.err = err;
	r.errlen = errlen;
	if (td != NULL && strcmp(nm(root), td->xml_tag) != 0) {
		e = xr_fail(&r, REASON_JSON_TYPE, root,
		    "expected the root element "
		    "<%s>", td->xml_tag);
		goto out;
	}
	if (td == NULL && ((td = msg_type_find(nm(root), fam, NULL)) == NULL ||
	    strcmp(td->xml_tag, nm(root)) != 0)) {
		e = xr_fail(&r, REASON_UNKNOWN_TYPE, root, "the root element "
		    "<%.64s> names no type of family %s", nm(root),
		    msg_family_str(fam));
		goto out;
	}
	if ((e = xr_read_value(td, root, &v, err, errlen)) == REASON_OK)
		msg_adopt(m, fam, td, v);
 out:
	xmlFreeDoc(doc);
	if (e != REASON_OK)
		msg_clear(m);
	return e;
}

static int
starts(const char *p, size_t n, const char *s)
{
	size_t	 k = strlen(s);

	return n >= k && memcmp(p, s, k) == 0;
}

/* Index just past the first s in p[i..n), or n. */
static size_t
past(const char *p, size_t i, size_t n, const char *s)
{
	size_t	 k = strlen(s);

	for (; i + k <= n; i++)
		if (memcmp(p + i, s, k) == 0)
			return i + k;
	return n;
}

/* Index just past the '>' ending the tag or declaration at p[i] (quoted
 * values and bracketed internal subsets may hold '>'), 0 if it does not
 * end. */
static size_t
tag_end(const char *p, size_t i, size_t n)
{
	char	 q = 0;
	int	 brackets = 0;

	for (i++; i < n; i++) {
		if (q != 0) {
			if (p[i] == q)
				q = 0;
		} else if (p[i] == '"' || p[i] == '\'')
			q = p[i];
		else if (p[i] == '[')
			brackets++;
		else if (p[i] == ']' && brackets > 0)
			brackets--;
		else if (p[i] == '>' && brackets == 0)
			return i + 1;
	}
	return 0;
}

int
xer_next(const char *p, size_t n, size_t *start, size_t *end)
{
	const char	*nl;
	size_t		 i = 0, j, s = 0;
	int		 depth = 0, begun = 0, rooted = 0;

	*start = *end = n;
	while (i < n) {
		if (depth == 0 && is_ws((unsigned char)p[i])) {
			i++;
			continue;
		}
		if (p[i] != '<') {
			if (depth > 0) {
				i++;
				continue;
			}
			/* Text outside any element: the rest of its line. */
			*start = i;
			nl = memchr(p + i, '\n', n - i);
			*end = nl != NULL ? (size_t)(nl - p) : n;
			return 1;
		}
		if (!begun) {
			s = i;
			begun = 1;
		}
		if (starts(p + i, n - i, "<!--"))
			i = past(p, i + 4, n, "-->");
		else if (starts(p + i, n - i, "<![CDATA["))
			i = past(p, i + 9, n, "]]>");
		else if (starts(p + i, n - i, "<?")) {
			/* An XML declaration starts a new document. */
			if (depth == 0 && !rooted && i + 5 < n &&
			    starts(p + i, n - i, "<?xml") && is_ws(p[i + 5]))
				s = i;
			i = past(p, i + 2, n, "?>");
		} else if (starts(p + i, n - i, "<!")) {
			if ((i = tag_end(p, i, n)) == 0)
				i = n;
		} else {
			rooted = 1;
			if ((j = tag_end(p, i, n)) == 0) {
				i = n;
				break;
			}
			if (p[i + 1] == '/')
				depth--;
			else if (p[j - 2] != '/')
				depth++;
			i = j;
			if (depth <= 0)
				break;
		}
	}
	if (!rooted)
		return 0;
	*start = s;
	*end = i;
	return 1;
}
