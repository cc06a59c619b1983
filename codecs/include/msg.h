/*
 * msg.h: the message registry and the decoded message.  Chooses the ASN.1
 * type of a message (J2735 MessageFrame messageId, type names and aliases)
 * and resolves the open types that our schema carries as octet strings:
 * MessageFrame.value, RegionalExtension.regExtValue, BSMpartIIExtension.partII-Value
 * (SAE J2735 2020, clauses 5.1, 6.x "REGION" and DF_PartIIcontent), and
 * the ETSI ITS messages by their ItsPduHeader (TS 102 894-2 v1.3.1).
 */
#ifndef MSG_H
#define MSG_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "reason.h"

struct asn_TYPE_descriptor_s;

enum msg_family {
	FAMILY_J2735 = 0,
	FAMILY_ETSI,
	FAMILY_ANY
};

/* A decoded (or JSON-built) message.  Owned by the caller: msg_clear(). */
struct msg {
	enum msg_family			 family;
	struct asn_TYPE_descriptor_s	*pdu;	/* type decoded: MessageFrame, or a bare type */
	struct asn_TYPE_descriptor_s	*type;	/* the message inside (== pdu when bare) */
	void				*value;	/* asn1c structure of pdu */
	void				*inner;	/* MessageFrame: decoded value, of type */
	long				 id;	/* messageId, or -1 */
	size_t				 len;	/* bytes of the message */
	size_t				 trailing;	/* bytes after it */
};

/* A member resolved as an open type.  td is NULL when the id is unknown. */
struct msg_open {
	int				 member;	/* index of the value member */
	long				 id;
	const char			*idname;	/* member holding the id */
	struct asn_TYPE_descriptor_s	*td;
};

const char	*msg_family_str(enum msg_family);

/* ASN.1 name of a type, e.g. "SPAT". */
const char	*msg_type_name(const struct asn_TYPE_descriptor_s *);
int		 msg_family_parse(const char *, enum msg_family *);

/* Find a type by ASN.1 name or short alias (BSM, TIM, RSA, SRM, SSM, PSM),
 * a message first, then any type of the schema.  NULL if unknown. */
struct asn_TYPE_descriptor_s *msg_type_find(const char *, enum msg_family,
		    enum msg_family *found);

/* The MessageFrame type of a family (J2735), or NULL. */
struct asn_TYPE_descriptor_s *msg_frame_type(enum msg_family);

/* Type of a message id (J2735 messageId, ETSI ItsPduHeader messageID),
 * NULL if not decoded here; *name is set to the id's name when known. */
struct asn_TYPE_descriptor_s *msg_id_type(enum msg_family, long id,
		    const char **name);

/* If member values of type container hold an open type, resolve it.
 * owner is the name of the type that holds container (for regional
 * extensions, whose content depends on where they appear).  sptr is the
 * container's structure, read for the id.  Returns 1 and fills *o, or 0. */
int		 msg_open_resolve(const struct asn_TYPE_descriptor_s *container,
		    const char *owner, const void *sptr, struct msg_open *o);

/* Decode one message from p[0..n).  type is the PDU; NULL: the family's
 * MessageFrame (J2735) or the type its ItsPduHeader names (ETSI); with
 * FAMILY_ANY, the family the first octet allows.  Constraints are checked.
 * On failure m is left empty. */
enum reason	 msg_decode(struct msg *m, enum msg_family,
		    struct asn_TYPE_descriptor_s *type, const uint8_t *p,
		    size_t n, char *err, size_t errlen);

/* Check constraints and append the UPER encoding of m->value to out; a
 * decoded MessageFrame's message (m->inner) is encoded into it anew. */
enum reason	 msg_encode(const struct msg *m, struct buf *out, char *err,
		    size_t errlen);

void		 msg_clear(struct msg *m);

/* Ensure the library is initialised (done by msg_decode and friends). */
void		 msg_init(void);

#endif
