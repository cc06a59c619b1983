/*
 * psid.h: the PSIDs (IEEE 1609.12-2019 clause 4, values as allocated in the
 * IEEE Registration Authority's PSID public listing) and ETSI ITS-AIDs
 * (ETSI TS 102 965 v2.1.1, the same numbering space) of the messages this
 * project carries, and which message type each one carries.
 */
#ifndef PSID_H
#define PSID_H

#include <stdint.h>

#include "msg.h"

/* PSIDs as values; the p-encoded form on the air in the comment. */
#define PSID_BSM	0x20		/* 20: vehicle to vehicle safety */
#define PSID_PSM	0x27		/* 27: vulnerable road users safety */
#define PSID_SPAT	0x82		/* 80 02: signal phase and timing */
#define PSID_TIM	0x83		/* 80 03: traveler information */
#define PSID_PROBE	0x84		/* 80 04: mobile probe exchanges */
#define PSID_SSM	0x204095	/* e0 00 00 15: signal status */
#define PSID_SRM	0x204096	/* e0 00 00 16: signal request */
#define PSID_MAP	0x204097	/* e0 00 00 17: intersection geometry */

/* ITS-AIDs of the ETSI facilities messages (TS 102 965). */
#define ITS_AID_CAM	36		/* CA basic service, EN 302 637-2 */
#define ITS_AID_DENM	37		/* DEN basic service, EN 302 637-3 */
#define ITS_AID_SPATEM	137		/* traffic light manoeuvre */
#define ITS_AID_MAPEM	138		/* road and lane topology */
#define ITS_AID_IVIM	139		/* infrastructure to vehicle info */
#define ITS_AID_SREM	140		/* traffic light control request */
#define ITS_AID_SSEM	141		/* traffic light control status */

/* One message type and the PSID / ITS-AID it is sent under.  A PSID may
 * carry several types (TIM and RSA share 0x83). */
struct psid_msg {
	uint32_t	 psid;
	const char	*name;		/* short name; the immediate forward's
					 * Type= (USDOT RSU v4.1) */
	const char	*type;		/* ASN.1 type name, as msg.h finds it */
	enum msg_family	 family;
};

/* The entry of a message type (ASN.1 name, e.g. "MapData"), or NULL. */
const struct psid_msg	*psid_by_type(const char *type);

/* The first entry sent under psid, or NULL. */
const struct psid_msg	*psid_by_value(uint32_t psid);

#endif
