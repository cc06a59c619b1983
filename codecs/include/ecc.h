/*
 * ecc.h: the narrow interface to elliptic-curve keys, ECDSA and hashing that
 * IEEE 1609.2 / ETSI TS 103 097 security needs, on OpenSSL 3.  Private keys
 * stay behind struct ecc_key so that an HSM (PKCS#11) can replace the PEM
 * implementation later without touching the callers.
 */
#ifndef ECC_H
#define ECC_H

#include <stddef.h>
#include <stdint.h>

#include "reason.h"

enum ecc_curve {
	ECC_NISTP256 = 0,
	ECC_BRAINPOOLP256R1,
	ECC_NISTP384,
	ECC_BRAINPOOLP384R1,
	ECC_CURVE_MAX
};

struct ecc_key;		/* a private key (and its public half) */
struct ecc_pub;		/* a public key ready for verification */

const char	*ecc_curve_str(enum ecc_curve);		/* "nistP256" ... */
int		 ecc_curve_parse(const char *, enum ecc_curve *);
size_t		 ecc_curve_len(enum ecc_curve);		/* 32 or 48 */

/* Hash with the curve's hash (SHA-256 for 256-bit curves, SHA-384). */
void		 ecc_sha256(const void *, size_t, uint8_t out[32]);
void		 ecc_sha384(const void *, size_t, uint8_t out[48]);

/* New random key. */
struct ecc_key	*ecc_key_generate(enum ecc_curve);
/* Load a PEM private key; refused (REASON_BAD_VALUE) when the file can be
 * read or written by group or others. */
enum reason	 ecc_key_load(const char *path, struct ecc_key **,
		    char *err, size_t errlen);
/* Write the key as PEM, mode 0600. */
int		 ecc_key_save(const struct ecc_key *, const char *path,
		    char *err, size_t errlen);
void		 ecc_key_free(struct ecc_key *);
enum ecc_curve	 ecc_key_curve(const struct ecc_key *);
/* Public point: x and y, ecc_curve_len() octets each. */
int		 ecc_key_public(const struct ecc_key *, uint8_t *x, uint8_t *y);

/* ECDSA over a digest of ecc_curve_len() octets: r and s, each
 * ecc_curve_len() octets (r is the x coordinate of R). */
int		 ecc_sign(const struct ecc_key *, const uint8_t *digest,
		    uint8_t *r, uint8_t *s);

/* A public key from its point: y given (uncompressed), or only x and the
 * parity of y (ybit 0 or 1, y NULL: compressed).  NULL if not on the curve. */
struct ecc_pub	*ecc_pub_new(enum ecc_curve, const uint8_t *x, const uint8_t *y,
		    int ybit);
void		 ecc_pub_free(struct ecc_pub *);
enum ecc_curve	 ecc_pub_curve(const struct ecc_pub *);
/* Uncompressed point of a public key. */
int		 ecc_pub_point(const struct ecc_pub *, uint8_t *x, uint8_t *y);

/* REASON_OK or REASON_SIG_BAD. */
enum reason	 ecc_verify(struct ecc_pub *, const uint8_t *digest,
		    const uint8_t *r, const uint8_t *s);

#endif
