/*
 * ifm.h: the immediate forward message of the USDOT DSRC Roadside Unit
 * Specifications v4.1 (2016/2017, the "Version=0.7" text sent to an RSU
 * over UDP, port 1516 by default): twelve "Key=value" lines, in this
 * order, each ended by a newline:
 *
 *	Version=0.7		format version
 *	Type=SPAT		message type name (SPAT, MAP, TIM, BSM, ...)
 *	PSID=0x8002		PSID, p-encoded, in hexadecimal
 *	Priority=7		0..7
 *	TxMode=CONT		CONT (continuous) or ALT (alternating)
 *	TxChannel=172		channel number (some senders write CCH / SCH)
 *	TxInterval=0		0 for immediate forwarding
 *	DeliveryStart=		empty, or "mm/dd/yyyy, hh:mm"
 *	DeliveryStop=
 *	Signature=False		True: the RSU signs the payload
 *	Encryption=False
 *	Payload=0013...		the message (UPER, or 1609.2 data), hex
 */
#ifndef IFM_H
#define IFM_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "reason.h"

#define IFM_VERSION	"0.7"
#define IFM_PORT	1516

/* Keys, in the specification's order (bits of ifm_msg.present). */
enum ifm_key {
	IFM_K_VERSION = 0,
	IFM_K_TYPE,
	IFM_K_PSID,
	IFM_K_PRIORITY,
	IFM_K_TXMODE,
	IFM_K_TXCHANNEL,
	IFM_K_TXINTERVAL,
	IFM_K_START,
	IFM_K_STOP,
	IFM_K_SIGNATURE,
	IFM_K_ENCRYPTION,
	IFM_K_PAYLOAD,
	IFM_K_MAX
};
#define IFM_ALL		((1u << IFM_K_MAX) - 1)

enum ifm_txmode {
	IFM_CONT = 0,
	IFM_ALT
};

/* Parse flags (ifm_msg.flags): accepted, but ifm_build writes other bytes. */
#define IFM_F_ORDER	0x01	/* keys not in the specification's order */
#define IFM_F_FORM	0x02	/* CR LF, blanks around values, "true" for
				 * "True", lower-case PSID digits, a missing
				 * optional key or final newline, trailing
				 * NULs or blank lines */

/* Text inside the parsed message (not NUL-terminated). */
struct ifm_str {
	const char	*p;
	size_t		 len;
};

struct ifm_msg {
	unsigned	 present;	/* 1 << IFM_K_*: keys given */
	unsigned	 flags;		/* IFM_F_* */
	struct ifm_str	 version;
	struct ifm_str	 type;
	uint32_t	 psid;		/* the value (p-decoded) */
	uint8_t		 priority;
	enum ifm_txmode	 txmode;
	int		 channel;	/* 0..255, or -1: channel_name */
	struct ifm_str	 channel_name;	/* "CCH" or "SCH" */
	unsigned long	 interval;
	struct ifm_str	 start;		/* DeliveryStart, may be empty */
	struct ifm_str	 stop;
	int		 signature;
	int		 encryption;
	struct ifm_str	 payload_hex;	/* parsed: the Payload text */
	const uint8_t	*payload;	/* building: binary payload, written
					 * as upper-case hex instead of
					 * payload_hex when not NULL */
	size_t		 payload_len;	/* octets of the payload */
};

/*
 * Parse an immediate forward message p[0..n) into out (pointers into p).
 * Lines end with LF or CR LF; blanks around a value are ignored; keys are
 * case-sensitive; the optional keys are TxInterval, DeliveryStart,
 * DeliveryStop, Signature, Encryption.  TRUNCATED: the text ends before a
 * Payload line, or inside the last line's key; UNKNOWN_VERSION: Version is
 * not 0.7; BAD_VALUE: an unknown or repeated key, a line without '=', a
 * required key missing, a value out of its range or form (PSID not
 * "0x" and a valid p-encoding, Priority > 7, TxMode not CONT/ALT...);
 * BAD_HEX: a Payload that is not an even number of hex digits, or empty.
 */
enum reason	 ifm_parse(const uint8_t *p, size_t n, struct ifm_msg *out);

/* Append the message: the keys in out->present (all for ifm_init) in the
 * specification's order, LF line ends, "True"/"False", PSID as "0x" and
 * upper-case p-encoded octets.  0, or -1 on a value out of range. */
int		 ifm_build(struct buf *, const struct ifm_msg *);

/* A message with every key: Version 0.7, type (a NUL-terminated name),
 * psid, Priority 7, TxMode CONT, TxChannel channel, TxInterval 0, no
 * delivery times, no signature or encryption, the binary payload. */
void		 ifm_init(struct ifm_msg *, const char *type, uint32_t psid,
		    int channel, const uint8_t *payload, size_t n);

/* Decode the payload into out[0..cap): octets, or -1. */
long		 ifm_payload(const struct ifm_msg *, uint8_t *out, size_t cap);

/* Does p[0..n) start like an immediate forward message ("Version=")? */
int		 ifm_probe(const uint8_t *p, size_t n);

/* Name of a key, e.g. "TxChannel". */
const char	*ifm_key_str(enum ifm_key);

/* Append {"layer":"immediate-forward",...}: version, type, psid, psidHex,
 * psidEncoded, priority, txMode, txChannel (number or name), txInterval,
 * deliveryStart, deliveryStop, signature, encryption, length (payload
 * octets), for the keys present. */
void		 ifm_json(struct buf *, const struct ifm_msg *);

#endif
