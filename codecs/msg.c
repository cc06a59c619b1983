/*
 * msg.c: message registry and open-type resolution for SAE J2735 (2020).
 * Message ids: J2735 (2020) DE_DSRCmsgID; region ids: DE_RegionId (addGrpC
 * is 3); Part II ids: DE_PartII-Id; which AddGrpC type extends which data
 * frame: the REGION module of J2735 (2020) and AddGrpC.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "asn_application.h"
#include "MessageFrame.h"
#include "BasicSafetyMessage.h"
#include "SPAT.h"
#include "MapData.h"
#include "TravelerInformation.h"
#include "RoadSideAlert.h"
#include "SignalRequestMessage.h"
#include "SignalStatusMessage.h"
#include "PersonalSafetyMessage.h"
#include "RegionalExtension.h"
#include "PartIIcontent.h"
#include "VehicleSafetyExtensions.h"
#include "SpecialVehicleExtensions.h"
#include "SupplementalVehicleExtensions.h"
#include "ConnectionManeuverAssist-addGrpC.h"
#include "IntersectionState-addGrpC.h"
#include "MapData-addGrpC.h"
#include "Position3D-addGrpC.h"
#include "RestrictionUserType-addGrpC.h"

#include "codec.h"
#include "msg.h"

extern asn_TYPE_descriptor_t *j2735_pdu_collection[];

struct msgdef {
	long			 id;
	const char		*idname;	/* DE_DSRCmsgID value name */
	const char		*alias;
	asn_TYPE_descriptor_t	*td;		/* NULL: known, not decoded */
};

/* J2735 (2020) DE_DSRCmsgID. */
static const struct msgdef j2735_msgs[] = {
	{ 18, "mapData", "MAP", &asn_DEF_MapData },
	{ 19, "signalPhaseAndTimingMessage", "SPaT", &asn_DEF_SPAT },
	{ 20, "basicSafetyMessage", "BSM", &asn_DEF_BasicSafetyMessage },
	{ 21, "commonSafetyRequest", NULL, NULL },
	{ 22, "emergencyVehicleAlert", NULL, NULL },
	{ 23, "intersectionCollision", NULL, NULL },
	{ 24, "nmeaCorrections", NULL, NULL },
	{ 25, "probeDataManagement", NULL, NULL },
	{ 26, "probeVehicleData", NULL, NULL },
	{ 27, "roadSideAlert", "RSA", &asn_DEF_RoadSideAlert },
	{ 28, "rtcmCorrections", NULL, NULL },
	{ 29, "signalRequestMessage", "SRM", &asn_DEF_SignalRequestMessage },
	{ 30, "signalStatusMessage", "SSM", &asn_DEF_SignalStatusMessage },
	{ 31, "travelerInformation", "TIM", &asn_DEF_TravelerInformation },
	{ 32, "personalSafetyMessage", "PSM", &asn_DEF_PersonalSafetyMessage },
	{ 41, "sensorDataSharingMessage", "SDSM", NULL },	/* J2735 (2024) */
};

/* Region id 3 (addGrpC): J2735 (2020) REGION module, the Reg-<owner> sets
 * that AddGrpC extends. */
struct regdef {
	const char		*owner;
	long			 region;
	asn_TYPE_descriptor_t	*td;
};

static const struct regdef j2735_regions[] = {
	{ "ConnectionManeuverAssist", 3, &asn_DEF_ConnectionManeuverAssist_addGrpC },
	{ "IntersectionState", 3, &asn_DEF_IntersectionState_addGrpC },
	{ "MapData", 3, &asn_DEF_MapData_addGrpC },
	{ "Position3D", 3, &asn_DEF_Position3D_addGrpC },
	{ "RestrictionUserType", 3, &asn_DEF_RestrictionUserType_addGrpC },
};

/* J2735 (2020) DE_PartII-Id. */
static asn_TYPE_descriptor_t *const j2735_partii[] = {
	&asn_DEF_VehicleSafetyExtensions,	/* 0 vehicleSafetyExt */
	&asn_DEF_SpecialVehicleExtensions,	/* 1 specialVehicleExt */
	&asn_DEF_SupplementalVehicleExtensions,	/* 2 supplementalVehicleExt */
};

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void
init(void)
{
	codec_init(j2735_pdu_collection);
}

void
msg_init(void)
{
	pthread_once(&init_once, init);
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
	else
		return -1;
	return 0;
}

asn_TYPE_descriptor_t *
msg_type_find(const char *name, enum msg_family fam, enum msg_family *found)
{
	asn_TYPE_descriptor_t	**pp;
	size_t			  i;

	msg_init();
	if (fam == FAMILY_ETSI)
		return NULL;	/* ETSI modules are not built yet */
	for (i = 0; i < sizeof(j2735_msgs) / sizeof(j2735_msgs[0]); i++) {
		const struct msgdef *d = &j2735_msgs[i];

		if (d->td == NULL)
			continue;
		if (strcmp(d->td->name, name) == 0 ||
		    (d->alias != NULL && strcasecmp(d->alias, name) == 0))
			goto hit;
		continue;
 hit:
		if (found != NULL)
			*found = FAMILY_J2735;
		return d->td;
	}
	for (pp = j2735_pdu_collection; *pp != NULL; pp++)
		if (strcmp((*pp)->name, name) == 0) {
			if (found != NULL)
				*found = FAMILY_J2735;
			return *pp;
		}
	return NULL;
}

asn_TYPE_descriptor_t *
msg_frame_type(enum msg_family f)
{
	return f == FAMILY_J2735 ? &asn_DEF_MessageFrame : NULL;
}

asn_TYPE_descriptor_t *
msg_j2735_type(long id, const char **name)
{
	size_t	 i;

	if (name != NULL)
		*name = NULL;
	for (i = 0; i < sizeof(j2735_msgs) / sizeof(j2735_msgs[0]); i++)
		if (j2735_msgs[i].id == id) {
			if (name != NULL)
				*name = j2735_msgs[i].idname;
			return j2735_msgs[i].td;
		}
	return NULL;
}

static long
member_long(const asn_TYPE_descriptor_t *td, int i, const void *sptr)
{
	const asn_TYPE_member_t *m = &td->elements[i];
	const void *p = (const char *)sptr + m->memb_offset;

	if (m->flags & ATF_POINTER)
		p = *(const void *const *)p;
	return p == NULL ? -1 : *(const long *)p;
}

int
msg_open_resolve(const asn_TYPE_descriptor_t *c, const char *owner,
    const void *sptr, struct msg_open *o)
{
	size_t	 i;

	if (c == &asn_DEF_MessageFrame) {
		o->member = 1;
		o->idname = "messageId";
		o->id = member_long(c, 0, sptr);
		o->td = msg_j2735_type(o->id, NULL);
		return 1;
	}
	if (c == &asn_DEF_RegionalExtension) {
		o->member = 1;
		o->idname = "regionId";
		o->id = member_long(c, 0, sptr);
		o->td = NULL;
		if (owner == NULL)
			return 1;
		for (i = 0; i < sizeof(j2735_regions) / sizeof(j2735_regions[0]); i++)
			if (j2735_regions[i].region == o->id &&
			    strcmp(j2735_regions[i].owner, owner) == 0)
				o->td = j2735_regions[i].td;
		return 1;
	}
	if (c == &asn_DEF_PartIIcontent) {
		o->member = 1;
		o->idname = "partII-Id";
		o->id = member_long(c, 0, sptr);
		o->td = (o->id >= 0 && o->id < 3) ? j2735_partii[o->id] : NULL;
		return 1;
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

/* The octets of a MessageFrame's value member. */
static const OCTET_STRING_t *
frame_value(const asn_TYPE_descriptor_t *frame, const void *sptr)
{
	return (const OCTET_STRING_t *)((const char *)sptr +
	    frame->elements[1].memb_offset);
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

	msg_init();
	memset(m, 0, sizeof(*m));
	m->id = -1;
	m->family = fam;
	if (type == NULL && (type = msg_frame_type(fam)) == NULL) {
		snprintf(err, errlen, "no MessageFrame for family %s",
		    msg_family_str(fam));
		return REASON_UNKNOWN_TYPE;
	}
	m->pdu = m->type = type;
	if ((r = codec_decode(type, p, n, &m->value, &used, err, errlen)) !=
	    REASON_OK)
		goto fail;
	m->len = used;
	m->trailing = n - used;
	if ((r = codec_check(type, m->value, err, errlen)) != REASON_OK)
		goto fail;
	if (!msg_open_resolve(type, NULL, m->value, &o) ||
	    type != msg_frame_type(fam))
		return REASON_OK;

	/* A MessageFrame: decode the message it carries. */
	m->id = o.id;
	if (o.td == NULL) {
		msg_j2735_type(o.id, &idname);
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
