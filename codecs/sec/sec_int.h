/*
 * sec_int.h: what the IEEE 1609.2 security files (sec_store.c,
 * sec_cert.c, sec_verify.c, sec_sign.c) share and nobody else needs: the
 * certificate cache, the id sets, the replay cache and the certificate
 * helpers (hashes, canonical form, keys, permissions, regions).
 */
#ifndef SEC_INT_H
#define SEC_INT_H

#include "sec.h"

/* A set of HashedId8s (pins, deny-list): open addressing, grows. */
struct sec_idset {
	uint64_t	*v;		/* 0 marks a free slot; id 0 is kept
					   apart */
	size_t		 cap;		/* power of two, or 0 */
	size_t		 n;
	int		 has_zero;
};
int		 sec_idset_add(struct sec_idset *, const uint8_t id[8]);
int		 sec_idset_has(const struct sec_idset *, const uint8_t id[8]);
void		 sec_idset_free(struct sec_idset *);

/* Cache entry flags. */
#define ENT_ROOT	0x01	/* trusted self-signed root */
#define ENT_PINNED	0x02	/* anchor as it is */
#define ENT_STORE	0x04	/* from the trust store: never evicted */
#define ENT_VERIFIED	0x08	/* chain verified up to an anchor */
#define ENT_ISSUER_PIN	0x10	/* anchored by its pinned issuer digest */

/* One certificate of the cache. */
struct sec_ent {
	uint8_t		 id[8];		/* HashedId8 */
	uint8_t		 hash[48];	/* whole-certificate hash */
	uint8_t		 hlen;		/* 32 or 48 */
	uint8_t		 in_use;
	uint8_t		 used;		/* clock bit */
	uint8_t		 depth;		/* certificates down to the anchor,
					   itself included */
	unsigned	 flags;		/* ENT_* */
	uint32_t	 gen;		/* bumped when the slot is reused */
	int32_t		 next;		/* bucket chain, or free list */
	int32_t		 parent;	/* issuer's slot when verified, -1 */
	uint32_t	 parent_gen;
	uint64_t	 start, end;	/* validity, TAI us */
	uint8_t		*enc;		/* canonical encoding (owned) */
	size_t		 len;
	struct dot2_cert *cert;		/* parsed from enc */
	struct ecc_pub	*pub;		/* its key, made when first needed */
};

/* SHA-256 and SHA-384 fetched once: OpenSSL 3's one-shot SHA256() looks
 * the algorithm up at every call, which costs more than hashing a short
 * message. */
struct sec_md {
	void		*sha256;	/* EVP_MD */
	void		*sha384;
	void		*ctx;		/* EVP_MD_CTX */
};

/* Replay cache: a ring of message keys with a hash index. */
struct sec_replay {
	uint8_t		 key[16];
	int32_t		 next;
	uint8_t		 in_use;
};

struct sec_ctx {
	struct sec_config	 cfg;
	struct sec_ent		*ents;
	size_t			 nents;		/* slots allocated */
	size_t			 capents;
	int32_t			 free;		/* free slot list */
	int32_t			*buckets;
	size_t			 nbuckets;	/* power of two */
	size_t			 nlearned;	/* entries not from the store */
	size_t			 ncerts;
	size_t			 hand;		/* clock */
	struct sec_idset	 pins;
	struct sec_idset	 deny;
	struct sec_replay	*ring;
	size_t			 nring;
	size_t			 ringpos;
	int32_t			*rbuckets;
	size_t			 nrbuckets;
	struct sec_stats	 st;
	uint8_t			 want[8][3];	/* P2PCD: HashedId3s missed */
	size_t			 nwant;
	struct sec_md		 md;
	struct buf		 scratch;	/* canonical encodings, tbs */
};

/* --- cache (sec_store.c) ------------------------------------------------- */

/* Slot of a HashedId8, or -1. */
int32_t		 sec_ent_find(struct sec_ctx *, const uint8_t id[8]);
/* Add an encoded certificate (made canonical first).  *slot is the new
 * entry (*added 1), or the one already cached with the same encoding
 * (*added 0).  flags ENT_STORE etc.  MALFORMED, UNSUPPORTED, CHAIN (an
 * other certificate with the same HashedId8), VALID; err says why. */
enum sec_verdict sec_ent_add(struct sec_ctx *, const uint8_t *, size_t,
		    unsigned flags, int32_t *slot, int *added, char *err,
		    size_t errlen);
void		 sec_ent_remove(struct sec_ctx *, int32_t slot);
/* The entry's public key (made on first use), or NULL if not a point. */
struct ecc_pub	*sec_ent_pub(struct sec_ctx *, struct sec_ent *);

/* Note a HashedId8 whose certificate we lack, for P2PCD. */
void		 sec_want(struct sec_ctx *, const uint8_t id[8]);

/* Replay: 1 if key was seen (and it is remembered now), else 0. */
int		 sec_replay_check(struct sec_ctx *, const uint8_t key[16]);

/* --- certificates (sec_cert.c) ------------------------------------------- */

/* The hash of a curve (SHA-384 for 384-bit), its length, and hashing. */
enum dot2_hash	 sec_curve_hash(enum ecc_curve);
size_t		 sec_hash_len(enum dot2_hash);
size_t		 sec_hash(enum dot2_hash, const void *, size_t, uint8_t *out);
/* The same with fetched digests (md NULL or not ready: sec_hash). */
int		 sec_md_init(struct sec_md *);
void		 sec_md_free(struct sec_md *);
size_t		 sec_md_hash(struct sec_md *, enum dot2_hash, const void *,
		    size_t, uint8_t *out);
/* Curve of a verification key / a signature; -1 if not ECDSA. */
int		 sec_key_curve(enum dot2_key_alg);
int		 sec_sig_curve(enum dot2_sig_type);
enum dot2_sig_type sec_curve_sig(enum ecc_curve);
enum dot2_key_alg sec_curve_key(enum ecc_curve);

/* 1 if the certificate is in canonical form (compressed keys, x-only r),
 * else append its canonical encoding to b and return 0; -1 if it cannot
 * be built. */
int		 sec_cert_canonical(const struct dot2_cert *, struct buf *b);

/* Public key of a point (any form but x-only and fill). */
struct ecc_pub	*sec_point_pub(enum ecc_curve, const struct dot2_point *);

/* Check an ECDSA signature over Hash(Hash(data) || signer_hash) where
 * signer_hash is Hash(signer certificate), or Hash("") when NULL.
 * REASON_OK, or REASON_SIG_BAD (wrong type, curve, point form). */
enum reason	 sec_sig_check(struct sec_md *, struct ecc_pub *,
		    enum dot2_hash, const uint8_t *data, size_t len,
		    const uint8_t *signer_hash, const struct dot2_signature *,
		    uint8_t *data_hash);

/* Chain link checks of a subject against its issuer: CHAIN with a
 * reason in why, or VALID. */
enum sec_verdict sec_link_check(const struct dot2_cert *subject,
		    const struct dot2_cert *issuer, uint64_t sstart,
		    uint64_t send, uint64_t istart, uint64_t iend,
		    char *why, size_t whylen);
/* The own rules of a certificate (certIssuePermissions minChainLength,
 * one entry per PSID...): CHAIN or VALID. */
enum sec_verdict sec_cert_sane(const struct dot2_cert *, char *why,
		    size_t whylen);
/* 1 if psid is in the certificate's appPermissions. */
int		 sec_psid_permitted(const struct dot2_cert *, uint64_t psid);
/* 1 if a 3D location is inside a region (identified regions: 1, we have
 * no map). */
int		 sec_region_has(const struct dot2_region *, int32_t lat,
		    int32_t lon);

/* Hex of an id into a 17-octet string. */
void		 sec_idhex(const uint8_t id[8], char out[17]);

#endif
