/*
 * msg_int.h: the per-family tables behind the message registry (msg.c):
 * message ids, regional extension types by owner, Part II types.
 */
#ifndef MSG_INT_H
#define MSG_INT_H

#include <stddef.h>

#include "msg.h"

struct asn_TYPE_descriptor_s;

struct msg_def {
	long				 id;
	const char			*idname;	/* the id's ASN.1 name */
	const char			*alias;		/* short name, or NULL */
	struct asn_TYPE_descriptor_s	*td;		/* NULL: known, not decoded */
};

struct msg_regdef {
	const char			*owner;	/* type with the regional member */
	long				 region;
	struct asn_TYPE_descriptor_s	*td;
};

/* An open type chosen by an id: container is SEQUENCE { id INTEGER, value
 * OCTET STRING } (the id first), types[id] the value's type or NULL. */
struct msg_idtab {
	struct asn_TYPE_descriptor_s	*container;
	const char			*idname;	/* the id member */
	struct asn_TYPE_descriptor_s	*const *types;
	size_t				 ntypes;
};

/* A message id that is decoded at one protocolVersion only (ETSI: the
 * other versions are other schemas). */
struct msg_version {
	long				 id;
	int				 version;
};

struct msg_familydef {
	enum msg_family			 family;
	const struct msg_def		*msgs;
	size_t				 nmsgs;
	const struct msg_regdef		*regs;
	size_t				 nregs;
	struct asn_TYPE_descriptor_s	**pdus;		/* NULL-terminated */
	struct asn_TYPE_descriptor_s	*frame;		/* MessageFrame, or NULL */
	struct asn_TYPE_descriptor_s	*regext;	/* RegionalExtension */
	struct asn_TYPE_descriptor_s	*partii;	/* BSMpartIIExtension, or NULL */
	struct asn_TYPE_descriptor_s	*const *partii_types;
	size_t				 npartii;
	const struct msg_idtab		*idtabs;	/* more open types */
	size_t				 nidtabs;
	const struct msg_version	*versions;
	size_t				 nversions;
};

/* m holds value, of PDU type td of family fam, with its message type and
 * id resolved from a MessageFrame's (msg.c). */
void		 msg_adopt(struct msg *m, enum msg_family fam,
		    struct asn_TYPE_descriptor_s *td, void *value);

extern const struct msg_familydef msg_j2735;
extern const struct msg_familydef msg_etsi;

#endif
