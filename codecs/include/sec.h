/*
 * sec.h: IEEE 1609.2-2016 (with 1609.2a-2017) / ETSI TS 103 097 v1.3.1
 * security services over dot2.h (COER) and ecc.h (OpenSSL): signing of
 * Ieee1609Dot2Data signedData, verification of signed data and of
 * certificate chains up to a trust store, a certificate cache by HashedId8,
 * replay detection and revocation by a deny-list.  All times are TAI
 * microseconds since 2004-01-01 (tai.h), leap seconds counted.
 *
 * A struct sec_ctx or sec_signer is used by one thread at a time.
 */
#ifndef SEC_H
#define SEC_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "dot2.h"
#include "ecc.h"
#include "reason.h"

#define SEC_MAX_CHAIN	8	/* certificates from signer to anchor */

/*
 * Verdicts, in the order the verifier checks them (the first failing check
 * names the verdict): the structure, the signer, the chain to an anchor
 * (certificate signatures, issue permissions), revocation, certificate
 * validity now, the message signature, certificate validity at the
 * generation time, the PSID, the region, the time window, replay.
 */
enum sec_verdict {
	SEC_VALID = 0,
	SEC_MALFORMED,		/* 1609.2 structure does not parse (reason) */
	SEC_UNSIGNED,		/* unsecuredData only: nothing to verify */
	SEC_UNSUPPORTED,	/* encrypted, implicit certificate, SM2,
				   extDataHash, self signer */
	SEC_SIG_BAD,		/* a signature (message or certificate) */
	SEC_CERT_UNKNOWN,	/* digest signer not in the cache */
	SEC_ISSUER_UNTRUSTED,	/* chain ends at an issuer we do not trust */
	SEC_CHAIN,		/* issuer not a CA, permissions, validity or
				   region not within the issuer's, too long */
	SEC_REVOKED,		/* a certificate of the chain is denied */
	SEC_EXPIRED,		/* a certificate's validity has ended */
	SEC_NOT_YET_VALID,	/* ... has not begun */
	SEC_PSID_NOT_PERMITTED,	/* psid not in the signer's appPermissions */
	SEC_REGION,		/* generation location outside a region */
	SEC_TIME_WINDOW,	/* generationTime too old or too far ahead,
				   or expiryTime passed */
	SEC_REPLAY,		/* the same signed message seen before */
	SEC_VERDICT_MAX
};

/* "VALID", "SIG_BAD", ... as the tools print them; "UNKNOWN" if out of
 * range. */
const char	*sec_verdict_str(enum sec_verdict);
/* Verdict of a name as sec_verdict_str prints it; SEC_VERDICT_MAX if none. */
enum sec_verdict sec_verdict_from_str(const char *);
/* The nearest reason of reason.h (EXPIRED for NOT_YET_VALID and
 * TIME_WINDOW, CERT_UNKNOWN for ISSUER_UNTRUSTED, BAD_VALUE for CHAIN,
 * REVOKED, PSID_NOT_PERMITTED and REGION). */
enum reason	 sec_verdict_reason(enum sec_verdict);

/* How a chain ended. */
enum sec_anchor {
	SEC_ANCHOR_NONE = 0,
	SEC_ANCHOR_ROOT,	/* a self-signed root of the store */
	SEC_ANCHOR_PINNED,	/* a certificate pinned as it is */
	SEC_ANCHOR_ISSUER	/* a pinned issuer digest: the last
				   certificate's signature is not checked */
};
const char	*sec_anchor_str(enum sec_anchor);	/* "root", ... */

/* TAI microseconds now (CLOCK_REALTIME with the leap seconds of tai.h). */
uint64_t	 sec_now(void);

/* HashedId8 / HashedId3 and whole-certificate hash of an encoded
 * certificate: SHA-256, or SHA-384 when its key is on a 384-bit curve
 * (1609.2 6.4.3).  hash gets 32 or 48 octets (may be NULL); returns the
 * hash length, 0 if the certificate does not parse. */
size_t		 sec_cert_id(const uint8_t *cert, size_t len, uint8_t id[8],
		    uint8_t *hash);

/* --- verification -------------------------------------------------------- */

struct sec_config {
	uint64_t	 past_us;	/* generationTime at most this old
					   (default 30 s) */
	uint64_t	 future_us;	/* ... at most this far ahead (5 s) */
	size_t		 cert_cache;	/* learned certificates kept (4096) */
	size_t		 replay_cache;	/* messages remembered (65536) */
	int		 no_replay;	/* skip the replay check */
	int		 no_learn;	/* do not cache certificates learned
					   from messages */
};
void		 sec_config_default(struct sec_config *);

struct sec_ctx;

/* A verifier with an empty trust store; NULL config: the defaults.
 * NULL when out of memory. */
struct sec_ctx	*sec_new(const struct sec_config *);
void		 sec_free(struct sec_ctx *);
void		 sec_set_window(struct sec_ctx *, uint64_t past_us,
		    uint64_t future_us);

/*
 * Trust store directory (see sec_store.c for the layout):
 *   DIR/NAME.cert          certificates (COER): self-signed ones are trusted
 *                       roots (their signature checked at load); the others
 *                       CA certificates that must chain to an anchor
 *   DIR/pinned/NAME.cert   certificates trusted as they are (an AA or AT whose
 *                       issuer we do not have)
 *   DIR/anchors.txt     HashedId8s (hex, one a line, # comments): a
 *                       certificate with that digest, or issued by one with
 *                       it, is an anchor
 *   DIR/deny.txt        HashedId8s of revoked certificates
 * A missing DIR is an error; missing parts are not.  Returns the number of
 * certificates loaded, or -1 with err set.
 */
int		 sec_store_load(struct sec_ctx *, const char *dir, char *err,
		    size_t errlen);

/* sec_add_cert flags */
#define SEC_TRUST_ROOT	0x01	/* self-signed root: signature checked */
#define SEC_TRUST_PIN	0x02	/* anchor as it is */
/* Add an encoded certificate to the store (flags 0: a CA certificate
 * known in advance, verified when first used).  id (may be NULL) gets its
 * HashedId8.  MALFORMED, UNSUPPORTED, SIG_BAD (a root's self-signature),
 * CHAIN (a root that is not self-signed) or VALID. */
enum sec_verdict sec_add_cert(struct sec_ctx *, const uint8_t *, size_t,
		    unsigned flags, uint8_t id[8], char *err, size_t errlen);
/* Pin a HashedId8 as an anchor; deny one (revocation).  0 or -1 (memory). */
int		 sec_pin_digest(struct sec_ctx *, const uint8_t id[8]);
int		 sec_deny(struct sec_ctx *, const uint8_t id[8]);

/* The cached encoding of a certificate by HashedId8 (borrowed until the
 * next call on ctx), or NULL. */
const struct dot2_cert *sec_cert_find(struct sec_ctx *, const uint8_t id[8]);

/* Certificates to ask peers for (1609.2 clause 8, inline P2PCD): the
 * HashedId3s of digest signers and issuers met but not known, at most max,
 * each once; the caller puts them in its next message's
 * inlineP2pcdRequest (sec_sign_opts.p2pcd).  Returns how many. */
size_t		 sec_p2pcd_wanted(struct sec_ctx *, uint8_t (*ids)[3],
		    size_t max);

/* Counters since sec_new. */
struct sec_stats {
	unsigned long	 verified[SEC_VERDICT_MAX];
	unsigned long	 cache_hits;	/* signer found verified */
	unsigned long	 chains;	/* chains verified */
	unsigned long	 learned;	/* certificates cached from messages */
	unsigned long	 evicted;
	size_t		 certs;		/* in the cache now */
};
void		 sec_stats(const struct sec_ctx *, struct sec_stats *);

/* What the verifier found: the verdict, and what it knows of the message
 * whatever the verdict. */
struct sec_result {
	enum sec_verdict	 verdict;
	enum reason		 reason;	/* MALFORMED: the parser's;
						   else sec_verdict_reason */
	char			 detail[200];
	int			 has_psid;
	uint64_t		 psid;
	int			 has_generation_time;
	uint64_t		 generation_time;
	int			 has_expiry_time;
	uint64_t		 expiry_time;
	int			 has_signer;
	enum dot2_signer_kind	 signer_kind;
	uint8_t			 signer[8];	/* HashedId8 of its
						   certificate */
	int			 has_cert;	/* the fields below are known */
	uint64_t		 cert_start;	/* validity of the signer's */
	uint64_t		 cert_end;
	int			 has_issuer;
	uint8_t			 issuer[8];
	enum sec_anchor		 anchor;
	size_t			 chain_len;	/* signer first, anchor last */
	uint8_t			 chain[SEC_MAX_CHAIN][8];
	int			 learned;	/* its certificate was cached */
};

/*
 * Verify the outermost signedData of d (dot2_first_signed) at TAI time now
 * (microseconds): signature over Hash(Hash(tbsData) || Hash(signer
 * certificate)), chain up to an anchor, validity, permissions, region,
 * generation time window, replay.  res (may be NULL) gets the details.
 * Certificates in the signer field and in requestedCertificate are cached
 * once their chain verifies.
 */
enum sec_verdict sec_verify(struct sec_ctx *, const struct dot2_data *,
		    uint64_t now, struct sec_result *);
/* The same from the bytes of an Ieee1609Dot2Data. */
enum sec_verdict sec_verify_bytes(struct sec_ctx *, const uint8_t *, size_t,
		    uint64_t now, struct sec_result *);
/* Verify a certificate (and its chain) at time now, as for a signer; with
 * SEC_VALID it is cached.  res->signer is its HashedId8. */
enum sec_verdict sec_verify_cert(struct sec_ctx *, const uint8_t *, size_t,
		    uint64_t now, struct sec_result *);

/* Append the members of a result, without braces, for a JSON object:
 * "verdict":"VALID"[,"reason":R][,"detail":D],"psid":N,
 * "generationTime":"RFC 3339","generationTimeTai":N,["expiryTime":..,]
 * "signer":{"type":"digest"|"certificate","id":hex16[,"validityStart":..,
 * "validityEnd":..][,"issuer":hex16][,"anchor":"root"|..][,"chain":[..]]}
 * (reason only when not VALID, detail only when set). */
void		 sec_result_json(struct buf *, const struct sec_result *);

/* --- signing ------------------------------------------------------------- */

enum sec_signer_mode {
	SEC_SIGNER_AUTO = 0,	/* digest for CAM and BSM, the certificate at
				   most once a second and when a peer asks
				   for it; the certificate for the others */
	SEC_SIGNER_CERT,	/* always the certificate */
	SEC_SIGNER_DIGEST	/* always the digest */
};
int		 sec_signer_mode_parse(const char *, enum sec_signer_mode *);

struct sec_signer;

/* A signer from a key and its certificate (explicit, its key the key's
 * public half: BAD_VALUE otherwise).  Takes the key on success. */
enum reason	 sec_signer_new(struct sec_signer **, struct ecc_key *,
		    const uint8_t *cert, size_t len, char *err, size_t errlen);
/* The same from a PEM key file (refused when readable by others) and a
 * COER certificate file. */
enum reason	 sec_signer_load(struct sec_signer **, const char *keypath,
		    const char *certpath, char *err, size_t errlen);
void		 sec_signer_free(struct sec_signer *);
/* HashedId8 of the signer's certificate. */
const uint8_t	*sec_signer_id(const struct sec_signer *);
const struct dot2_cert *sec_signer_cert(const struct sec_signer *);
/* The issuer's certificate, sent as requestedCertificate when a peer asks
 * for it.  REASON_OK, BAD_VALUE if it is not the issuer. */
enum reason	 sec_signer_set_issuer(struct sec_signer *, const uint8_t *,
		    size_t);
/* Note the P2PCD requests of a received message (inlineP2pcdRequest,
 * p2pcdLearningRequest): our certificate's HashedId3 makes the next
 * message carry the certificate, our issuer's makes it carry
 * requestedCertificate. */
void		 sec_signer_heard(struct sec_signer *,
		    const struct dot2_data *);

enum sec_r_form { SEC_R_X_ONLY = 0, SEC_R_COMPRESSED };

struct sec_sign_opts {
	uint64_t		 psid;
	uint64_t		 generation_time;	/* TAI us; 0: now */
	int			 has_expiry_time;
	uint64_t		 expiry_time;
	int			 has_location;
	struct dot2_3d		 location;
	enum sec_signer_mode	 mode;
	enum sec_r_form		 r_form;
	int			 any_psid;	/* sign a psid the certificate
						   does not permit (tests) */
	size_t			 n_p2pcd;	/* inlineP2pcdRequest */
	const uint8_t		*p2pcd;		/* n_p2pcd HashedId3s */
};
void		 sec_sign_opts_init(struct sec_sign_opts *, uint64_t psid);

/* Append one Ieee1609Dot2Data signedData over payload (unsecuredData
 * inside) to out.  BAD_VALUE for a psid the certificate does not permit. */
enum reason	 sec_sign(struct sec_signer *, const struct sec_sign_opts *,
		    const uint8_t *payload, size_t n, struct buf *out,
		    char *err, size_t errlen);

#endif
