/*
 * fwd.h: what an RSU or a controller sends in a UDP datagram, classified:
 * a bare SAE J2735 MessageFrame (UPER), an IEEE 1609.2 Ieee1609Dot2Data
 * (COER), an IEEE 1609.3 WSMP packet, a short length prefix (with or
 * without a leading type octet) before a MessageFrame, one leading type
 * octet before a WSMP packet, or the RSU 4.1 immediate forward text.
 * The answer is a list of candidates ordered by confidence, not one guess.
 */
#ifndef FWD_H
#define FWD_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "reason.h"

enum fwd_kind {
	FWD_MSGFRAME = 0,	/* J2735 MessageFrame */
	FWD_DOT2,		/* Ieee1609Dot2Data */
	FWD_WSMP,		/* WSMP packet */
	FWD_PREFIX_MSGFRAME,	/* [type octet] length, then MessageFrame */
	FWD_TYPE_WSMP,		/* one type octet, then WSMP */
	FWD_IFM,		/* immediate forward text */
	FWD_SCAN_DOT2,		/* Ieee1609Dot2Data after unknown octets */
	FWD_SCAN_MSGFRAME,	/* MessageFrame found after unknown octets */
	FWD_KIND_MAX
};

#define FWD_MAX		8	/* candidates kept */
#define FWD_SCAN_MAX	256	/* octets searched for a scan candidate */

/* One candidate: the inner part starts at off and, by its own encoding,
 * is len octets long (0: to the end); score 1..100.  For the prefix
 * kinds, the prefix layout. */
struct fwd_cand {
	enum fwd_kind	 kind;
	size_t		 off;
	size_t		 len;
	int		 score;
	long		 msgid;		/* MessageFrame messageId, else -1 */
	int		 has_type;	/* a leading type octet */
	uint8_t		 type;
	int		 lenbytes;	/* 0, 1 or 2 octets of length */
	int		 le;		/* the length is little endian */
	size_t		 declared;	/* the length the prefix says */
};

struct fwd_result {
	size_t		 n;
	struct fwd_cand	 c[FWD_MAX];
};

/*
 * Classify the datagram p[0..n): candidates best first (higher score,
 * then smaller offset).  Exact structural fits score highest: a
 * MessageFrame, 1609.2 data or WSMP packet whose own length ends at the
 * end of the datagram, a prefix whose length equals the MessageFrame's.
 * TRUNCATED: empty input; UNKNOWN_TYPE: nothing plausible.
 */
enum reason	 fwd_classify(const uint8_t *p, size_t n,
		    struct fwd_result *out);

/* Length of the MessageFrame at p[0..n) by its header (extension bit 0,
 * 15-bit messageId, UPER length determinant), 0 if it cannot be one that
 * fits in n; *msgid set.  The first octet must be 0: J2735 uses no
 * messageId above 255. */
size_t		 fwd_msgframe_len(const uint8_t *p, size_t n, long *msgid);

/* Length of the Ieee1609Dot2Data at p[0..n) when its content is
 * unsecuredData (the only kind whose end its header gives), 0 otherwise;
 * *content set to the content's CHOICE octet (0x80..0x84) or -1. */
size_t		 fwd_dot2_len(const uint8_t *p, size_t n, int *content);

/* Append a prefix of a FWD_PREFIX_MSGFRAME or FWD_TYPE_WSMP candidate's
 * layout (type octet, length of n octets) then inner[0..n); for the other
 * kinds only inner.  0, or -1 for a scan kind or a length that does not
 * fit the prefix. */
int		 fwd_build(struct buf *, const struct fwd_cand *,
		    const uint8_t *inner, size_t n);

/* Name of a kind: "msgframe", "ieee1609dot2", "wsmp", "length-prefix",
 * "type-wsmp", "immediate-forward", "scan-ieee1609dot2",
 * "scan-msgframe". */
const char	*fwd_kind_str(enum fwd_kind);

/* Append {"layer":"rsu-forward","kind":..,"offset":..,"confidence":..}
 * with the prefix octets of p in hex (when off > 0), the messageId and
 * the prefix layout. */
void		 fwd_json(struct buf *, const uint8_t *p,
		    const struct fwd_cand *);

#endif
