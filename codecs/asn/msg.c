/*
 * msg.c: the message registry: chooses the ASN.1 type of a message (J2735
 * MessageFrame messageId, ETSI ItsPduHeader messageID, type names and
 * aliases) and resolves the open types that our schemas carry as octet
 * strings.  The tables of each family are in msg_j2735.c and msg_etsi.c.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "asn_application.h"
#include "OCTET_STRING.h"

#include "asn_int.h"
#include "codec.h"
#include "msg.h"
#include "msg_int.h"

static const struct msg_familydef *const families[] = { &msg_j2735, &msg_etsi };
#define NFAMILIES	(sizeof(families) / sizeof(families[0]))

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void
init(void)
{
	size_t	 i;

	for (i = 0; i < NFAMILIES; i++)
		codec_init(families[i]->pdus);
}

void
msg_init(void)
{
	pthread_once(&init_once, init);
}

static const struct msg_familydef *
family(enum msg_family f)
{
	size_t	 i;

	for (i = 0; i < NFAMILIES; i++)
		if (families[i]->family == f)
			return families[i];
	return NULL;
}

const char *
msg_family_str(enum msg_family f)
{
	switch (f) {
	case FAMILY_J2735:
		return "j2735";
	case FAMILY_ETSI:
		return "etsi";
	default:
		return "any";
	}
}

const char *
msg_type_name(const asn_TYPE_descriptor_t *td)
{
	return td->name;
}

int
msg_family_parse(const char *s, enum msg_family *f)
{
	if (strcmp(s, "j2735") == 0)
		*f = FAMILY_J2735;
	else if (strcmp(s, "etsi") == 0)
		*f = FAMILY_ETSI;
	else if (strcmp(s, "any") == 0)
		*f = FAMILY_ANY;
	else
		return -1;
	return 0;
}

static asn_TYPE_descriptor_t *
find_in(const struct msg_familydef *fd, const char *name)
{
	asn_TYPE_descriptor_t	**pp;
	size_t			  i;

	for (i = 0; i < fd->nmsgs; i++) {
		const struct msg_def *d = &fd->msgs[i];

		if (d->td != NULL && (strcmp(d->td->name, name) == 0 ||
		    (d->alias != NULL && strcasecmp(d->alias, name) == 0)))
			return d->td;
	}
	for (pp = fd->pdus; *pp != NULL; pp++)
		if (strcmp((*pp)->name, name) == 0)
			return *pp;
	return NULL;
}

asn_TYPE_descriptor_t *
msg_type_find(const char *name, enum msg_family fam, enum msg_family *found)
{
	asn_TYPE_descriptor_t	*td;
	size_t			 i;

	msg_init();
	/* The family asked for first, then the others for names only they
	 * have (CAM needs no --family). */
	if (fam != FAMILY_ANY && (td = find_in(family(fam), name)) != NULL) {
		if (found != NULL)
			*found = fam;
		return td;
	}
	for (i = 0; i < NFAMILIES; i++)
		if ((td = find_in(families[i], name)) != NULL) {
			if (found != NULL)
				*found = families[i]->family;
			return td;
		}
	return NULL;
}

/* The family whose schema has type td. */
static enum msg_family
family_of(const asn_TYPE_descriptor_t *td)
{
	asn_TYPE_descriptor_t	**pp;
	size_t			  i;

	for (i = 0; i < NFAMILIES; i++)
		for (pp = families[i]->pdus; *pp != NULL; pp++)
			if (*pp == td)
				return families[i]->family;
	return FAMILY_ANY;
}

asn_TYPE_descriptor_t *
msg_frame_type(enum msg_family f)
{
	const struct msg_familydef *fd = family(f);

	return fd != NULL ? fd->frame : NULL;
}

asn_TYPE_descriptor_t *
msg_id_type(enum msg_family f, long id, const char **name)
{
	const struct msg_familydef *fd = family(f);
	size_t	 i;

	if (name != NULL)
		*name = NULL;
	for (i = 0; fd != NULL && i < fd->nmsgs; i++)
		if (fd->msgs[i].id == id) {
			if (name != NULL)
				*name = fd->msgs[i].idname;
			return fd->msgs[i].td;
		}
	return NULL;
}

static long
member_long(const asn_TYPE_descriptor_t *td, int i, const void *sptr)
{
	const void *p = member_ptr(&td->elements[i], sptr);

	return p == NULL ? -1 : *(const long *)p;
}

int
msg_open_resolve(const asn_TYPE_descriptor_t *c, const char *owner,
    const void *sptr, struct msg_open *o)
{
	const struct msg_familydef *fd;
	size_t	 f, i;

	for (f = 0; f < NFAMILIES; f++) {
		fd = families[f];
		if (c == fd->frame) {
			o->member = 1;
			o->idname = "messageId";
			o->id = member_long(c, 0, sptr);
			o->td = msg_id_type(fd->family, o->id, NULL);
			return 1;
		}
		if (c == fd->regext) {
			o->member = 1;
			o->idname = "regionId";
			o->id = member_long(c, 0, sptr);
			o->td = NULL;
			for (i = 0; owner != NULL && i < fd->nregs; i++)
				if (fd->regs[i].region == o->id &&
				    strcmp(fd->regs[i].owner, owner) == 0)
					o->td = fd->regs[i].td;
			return 1;
		}
		if (c == fd->partii) {
			o->member = 1;
			o->idname = "partII-Id";
			o->id = member_long(c, 0, sptr);
			o->td = o->id >= 0 && (size_t)o->id < fd->npartii ?
			    fd->partii_types[o->id] : NULL;
			return 1;
		}
		for (i = 0; i < fd->nidtabs; i++) {
			const struct msg_idtab *t = &fd->idtabs[i];

			if (c != t->container)
				continue;
			o->member = 1;
			o->idname = t->idname;
			o->id = member_long(c, 0, sptr);
			o->td = o->id >= 0 && (size_t)o->id < t->ntypes ?
			    t->types[o->id] : NULL;
			return 1;
		}
	}
	return 0;
}

void
msg_clear(struct msg *m)
{
	if (m->inner != NULL)
		codec_free(m->type, m->inner);
	if (m->value != NULL)
		codec_free(m->pdu, m->value);
	memset(m, 0, sizeof(*m));
	m->id = -1;
}

void
msg_adopt(struct msg *m, enum msg_family fam, asn_TYPE_descriptor_t *td,
    void *value)
{
	struct msg_open	 o;

	m->family = fam;
	m->pdu = m->type = td;
	m->value = value;
	if (msg_open_resolve(td, NULL, value, &o) && td == msg_frame_type(fam)) {
		m->id = o.id;
		if (o.td != NULL)
			m->type = o.td;
	}
}

/* The octets of a MessageFrame's value member. */
static const OCTET_STRING_t *
frame_value(const asn_TYPE_descriptor_t *frame, const void *sptr)
{
	return (const OCTET_STRING_t *)((const char *)sptr +
	    frame->elements[1].memb_offset);
}

/* The one protocolVersion at which message id is decoded, or 0: any. */
static int
version_of(const struct msg_familydef *fd, long id)
{
	size_t	 i;

	for (i = 0; fd != NULL && i < fd->nversions; i++)
		if (fd->versions[i].id == id)
			return fd->versions[i].version;
	return 0;
}

/*
 * The type of a message whose type was not given: a J2735 MessageFrame
 * starts with a zero octet (extension bit, then the top bits of a 15-bit
 * messageId below 128); an ETSI PDU with its ItsPduHeader, whose
 * protocolVersion octet is 1 or 2 and messageID octet follows.
 */
static enum reason
choose(enum msg_family *fam, asn_TYPE_descriptor_t **type, long *id,
    const uint8_t *p, size_t n, char *err, size_t errlen)
{
	const char	*idname;
	int		 v;

	if (*fam == FAMILY_ANY) {
		if (n > 0 && p[0] == 0)
			*fam = FAMILY_J2735;
		else if (n > 0 && (p[0] == 1 || p[0] == 2))
			*fam = FAMILY_ETSI;
		else {
			snprintf(err, errlen, "neither a J2735 MessageFrame nor "
			    "an ETSI ItsPduHeader starts with %s%02x",
			    n > 0 ? "0x" : "", n > 0 ? p[0] : 0);
			return n > 0 ? REASON_UNKNOWN_TYPE : REASON_TRUNCATED;
		}
	}
	if ((*type = msg_frame_type(*fam)) != NULL)
		return REASON_OK;
	if (*fam != FAMILY_ETSI)
		return REASON_UNKNOWN_TYPE;
	if (n < 6) {
		snprintf(err, errlen, "ItsPduHeader: %zu bytes, needs 6", n);
		return REASON_TRUNCATED;
	}
	if (p[0] != 1 && p[0] != 2) {
		snprintf(err, errlen, "ItsPduHeader protocolVersion %u",
		    p[0]);
		return REASON_UNKNOWN_VERSION;
	}
	*id = p[1];
	if ((*type = msg_id_type(*fam, *id, &idname)) == NULL) {
		snprintf(err, errlen, "ItsPduHeader messageID %ld%s%s%s is "
		    "not a message type this version decodes", *id,
		    idname ? " (" : "", idname ? idname : "", idname ? ")" : "");
		return REASON_UNKNOWN_TYPE;
	}
	if ((v = version_of(family(*fam), *id)) != 0 && v != p[0]) {
		snprintf(err, errlen, "ItsPduHeader messageID %ld (%s) "
		    "protocolVersion %u: this version decodes %d only", *id,
		    idname, p[0], v);
		return REASON_UNKNOWN_VERSION;
	}
	return REASON_OK;
}

enum reason
msg_decode(struct msg *m, enum msg_family fam, asn_TYPE_descriptor_t *type,
    const uint8_t *p, size_t n, char *err, size_t errlen)
{
	struct msg_open	 o;
	const OCTET_STRING_t *os;
	const char	*idname;
	enum reason	 r;
	size_t		 used;
	long		 id = -1;

	msg_init();
	memset(m, 0, sizeof(*m));
	m->id = -1;
	if (type == NULL) {
		if ((r = choose(&fam, &type, &id, p, n, err, errlen)) !=
		    REASON_OK)
			return r;
	} else if (fam == FAMILY_ANY)
		fam = family_of(type);
	m->family = fam;
	m->id = id;
	m->pdu = m->type = type;
	if ((r = codec_decode(type, p, n, &m->value, &used, err, errlen)) !=
	    REASON_OK)
		goto fail;
	m->len = used;
	m->trailing = n - used;
	if ((r = codec_check(type, m->value, err, errlen)) != REASON_OK)
		goto fail;
	if (fam == FAMILY_ETSI && n >= 2 && msg_id_type(fam, p[1], NULL) ==
	    type)
		m->id = p[1];
	if (type != msg_frame_type(fam) ||
	    !msg_open_resolve(type, NULL, m->value, &o))
		return REASON_OK;

	/* A MessageFrame: decode the message it carries. */
	m->id = o.id;
	if (o.td == NULL) {
		msg_id_type(fam, o.id, &idname);
		snprintf(err, errlen, "messageId %ld%s%s%s is not a message "
		    "type this version decodes", o.id, idname ? " (" : "",
		    idname ? idname : "", idname ? ")" : "");
		r = REASON_UNKNOWN_TYPE;
		goto fail;
	}
	m->type = o.td;
	os = frame_value(type, m->value);
	if ((r = codec_decode(o.td, os->buf, os->size, &m->inner, &used, err,
	    errlen)) != REASON_OK)
		goto fail;
	if ((r = codec_check(o.td, m->inner, err, errlen)) != REASON_OK)
		goto fail;
	return REASON_OK;
 fail:
	msg_clear(m);
	return r;
}

enum reason
msg_encode(const struct msg *m, struct buf *out, char *err, size_t errlen)
{
	OCTET_STRING_t	*os, saved;
	struct buf	 inner;
	enum reason	 r;

	if (m->inner == NULL) {
		if ((r = codec_check(m->pdu, m->value, err, errlen)) !=
		    REASON_OK)
			return r;
		return codec_encode(m->pdu, m->value, out, err, errlen);
	}
	/* A decoded MessageFrame: the message itself may have been changed
	 * since, so encode it into the frame's value anew. */
	if ((r = codec_check(m->type, m->inner, err, errlen)) != REASON_OK)
		return r;
	buf_init(&inner);
	if ((r = codec_encode(m->type, m->inner, &inner, err, errlen)) !=
	    REASON_OK) {
		buf_free(&inner);
		return r;
	}
	os = (OCTET_STRING_t *)frame_value(m->pdu, m->value);
	saved = *os;
	os->buf = (uint8_t *)inner.p;
	os->size = (int)inner.len;
	if ((r = codec_check(m->pdu, m->value, err, errlen)) == REASON_OK)
		r = codec_encode(m->pdu, m->value, out, err, errlen);
	*os = saved;
	buf_free(&inner);
	return r;
}
