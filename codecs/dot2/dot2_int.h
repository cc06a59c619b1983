/*
 * dot2_int.h: what the IEEE 1609.2 codec files (dot2.c, dot2_rd.c,
 * dot2_enc.c, dot2_base.c, dot2_cert.c, dot2_json.c) share and nobody
 * else needs: the parse context, its arena, and the per-type readers and
 * writers.
 */
#ifndef DOT2_INT_H
#define DOT2_INT_H

#include "dot2.h"
#include "oer.h"

/* State of one dot2_parse() or dot2_cert_parse(). */
struct dot2_ctx {
	struct dot2_arena	*arena;
	int			 flags;
	int			 depth;
	int			 stop;	/* lenient recovery took the rest */
	const uint8_t		*base;	/* start of the input, for offsets */
	int			 failed;
	size_t			 fail_off;
	const char		*fail_what;
};

/* Remember the first (innermost) failure and pass its reason on. */
enum reason	 dot2_fail(struct dot2_ctx *, const struct oer_rd *,
		    enum reason, const char *what);

#define TRY(c, r, what, expr) do {					\
	enum reason try_e_ = (expr);					\
	if (try_e_ != REASON_OK)					\
		return dot2_fail((c), (r), try_e_, (what));		\
} while (0)

/* Builders: return the reason of the first failing step. */
#define PUT(expr) do {							\
	enum reason put_e_ = (expr);					\
	if (put_e_ != REASON_OK)					\
		return put_e_;						\
} while (0)

/* Parse a top-level value from p[0..len): rd reads it into size zeroed
 * octets of a new arena, returned in *out and *arena (the caller stores the
 * arena in the value, which lives in it).  On failure err tells the reason
 * and, when known, the offset and the structure. */
typedef enum reason (*dot2_top_fn)(struct dot2_ctx *, struct oer_rd *,
		    void *);
enum reason	 dot2_parse_top(const uint8_t *p, size_t len, int flags,
		    size_t size, dot2_top_fn rd, void **out,
		    struct dot2_arena **arena, size_t *used, char *err,
		    size_t errlen);
/* The end of a top-level build that started at mark: e, or NOMEM; on
 * failure the buffer is cut back to mark. */
enum reason	 dot2_built(struct buf *, size_t mark, enum reason e);

struct dot2_arena	*dot2_arena_new(void);
void			 dot2_arena_free(struct dot2_arena *);
/* n zeroed elements of size octets each from the context's arena, after
 * checking that n elements of at least minenc encoded octets fit in what
 * is left of r (a lying count fails before anything is allocated). */
enum reason		 dot2_array(struct dot2_ctx *, const struct oer_rd *,
			    size_t n, size_t size, size_t minenc, void **out);
void			*dot2_zalloc(struct dot2_ctx *, size_t size);

/* The tag of a CHOICE what, UNKNOWN_TYPE above max (the last alternative
 * we know, extensions included). */
enum reason	 dot2_rd_tag(struct dot2_ctx *, struct oer_rd *, const char *what,
		    unsigned max, unsigned *tag);

/* An extension alternative of a CHOICE, or an extension addition: an open
 * type.  *sub reads its contents; dot2_open_done() checks that the value
 * filled it exactly. */
enum reason	 dot2_open_done(const struct oer_rd *sub);
/* An extension alternative holding n octets, pointed to by *out. */
enum reason	 dot2_rd_open_fixed(struct dot2_ctx *, struct oer_rd *,
		    const char *what, size_t n, const uint8_t **out);

/* Extension additions of an extensible SEQUENCE: reads the bitmap, then
 * calls known(arg, i, sub) for each present addition i < nknown and keeps
 * the others in *ext. */
typedef enum reason (*dot2_ext_fn)(struct dot2_ctx *, void *arg, unsigned i,
		    struct oer_rd *sub);
enum reason	 dot2_rd_exts(struct dot2_ctx *, struct oer_rd *,
		    unsigned nknown, dot2_ext_fn known, void *arg,
		    struct dot2_exts *ext);
/* Bitmap length when building: ext->nbits if set, else nknown, and at
 * least enough for the known additions present and the unknown ones. */
unsigned	 dot2_ext_nbits(const struct dot2_exts *, unsigned nknown,
		    uint32_t known_present);
/* Append the unknown additions numbered i (if any). */
enum reason	 dot2_wr_ext_unknown(struct buf *, const struct dot2_exts *,
		    unsigned i);
uint32_t	 dot2_ext_unknown_bits(const struct dot2_exts *);

/* Base types (dot2_base.c). */
enum reason	 dot2_rd_hash(struct dot2_ctx *, struct oer_rd *,
		    enum dot2_hash *);
enum reason	 dot2_rd_point(struct dot2_ctx *, struct oer_rd *, size_t size,
		    struct dot2_point *);
enum reason	 dot2_rd_signature(struct dot2_ctx *, struct oer_rd *,
		    struct dot2_signature *);
enum reason	 dot2_rd_verify_key(struct dot2_ctx *, struct oer_rd *,
		    struct dot2_verify_key *);
enum reason	 dot2_rd_public_enc_key(struct dot2_ctx *, struct oer_rd *,
		    struct dot2_public_enc_key *);
enum reason	 dot2_rd_encryption_key(struct dot2_ctx *, struct oer_rd *,
		    struct dot2_encryption_key *);
enum reason	 dot2_rd_3d(struct dot2_ctx *, struct oer_rd *,
		    struct dot2_3d *);
enum reason	 dot2_rd_region(struct dot2_ctx *, struct oer_rd *,
		    struct dot2_region *);
enum reason	 dot2_rd_psid(struct dot2_ctx *, struct oer_rd *, uint64_t *);
enum reason	 dot2_rd_psid_ssps(struct dot2_ctx *, struct oer_rd *,
		    size_t *, const struct dot2_psid_ssp **);
enum reason	 dot2_rd_group_perms(struct dot2_ctx *, struct oer_rd *,
		    size_t *, const struct dot2_group_perm **);
enum reason	 dot2_rd_validity(struct dot2_ctx *, struct oer_rd *,
		    struct dot2_validity *);

enum reason	 dot2_wr_hash(struct buf *, enum dot2_hash);
enum reason	 dot2_wr_point(struct buf *, const struct dot2_point *,
		    size_t size);
enum reason	 dot2_wr_signature(struct buf *, const struct dot2_signature *);
enum reason	 dot2_wr_verify_key(struct buf *, const struct dot2_verify_key *);
enum reason	 dot2_wr_public_enc_key(struct buf *,
		    const struct dot2_public_enc_key *);
enum reason	 dot2_wr_encryption_key(struct buf *,
		    const struct dot2_encryption_key *);
enum reason	 dot2_wr_3d(struct buf *, const struct dot2_3d *);
enum reason	 dot2_wr_region(struct buf *, const struct dot2_region *);
enum reason	 dot2_wr_psid_ssps(struct buf *, size_t,
		    const struct dot2_psid_ssp *);
enum reason	 dot2_wr_group_perms(struct buf *, size_t,
		    const struct dot2_group_perm *);
enum reason	 dot2_wr_validity(struct buf *, const struct dot2_validity *);

/* Certificates (dot2_cert.c). */
enum reason	 dot2_rd_cert(struct dot2_ctx *, struct oer_rd *,
		    struct dot2_cert *);
enum reason	 dot2_rd_certs(struct dot2_ctx *, struct oer_rd *, size_t *,
		    struct dot2_cert **);
enum reason	 dot2_wr_cert(struct buf *, const struct dot2_cert *);

/* EncryptedData (dot2_enc.c). */
enum reason	 dot2_rd_encrypted(struct dot2_ctx *, struct oer_rd *,
		    struct dot2_encrypted *);
enum reason	 dot2_wr_encrypted(struct buf *, const struct dot2_encrypted *);

/* Canonical point forms (dot2_cert.c); 1 if changed. */
int		 dot2_canon_key(struct dot2_point *);
int		 dot2_canon_sig(struct dot2_signature *);

/* Fixed sizes. */
size_t		 dot2_sig_size(enum dot2_sig_type);	/* 32 or 48 */
size_t		 dot2_key_size(enum dot2_key_alg);

#endif
