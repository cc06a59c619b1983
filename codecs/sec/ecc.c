/*
 * ecc.c: ECDSA keys, signing, verification and hashes on OpenSSL 3.0, for
 * IEEE 1609.2 (curves nistP256, brainpoolP256r1, nistP384,
 * brainpoolP384r1: 1609.2-2016 6.3.29ff) and ETSI TS 103 097.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/sha.h>

#include "ecc.h"

struct ecc_key {
	EVP_PKEY	*pkey;
	EVP_PKEY_CTX	*ctx;		/* sign or verify context, reused */
	enum ecc_curve	 curve;
};

/* A public key is a key with a verify context, a type of its own so that
 * one is not passed for the other; key is its first member (ecc_pub_free
 * frees it through ecc_key_free). */
struct ecc_pub {
	struct ecc_key	 key;
};

static const struct {
	const char	*name;		/* 1609.2 name */
	const char	*group;		/* OpenSSL group */
	size_t		 len;
} curves[ECC_CURVE_MAX] = {
	[ECC_NISTP256] = { "nistP256", "prime256v1", 32 },
	[ECC_BRAINPOOLP256R1] = { "brainpoolP256r1", "brainpoolP256r1", 32 },
	[ECC_NISTP384] = { "nistP384", "secp384r1", 48 },
	[ECC_BRAINPOOLP384R1] = { "brainpoolP384r1", "brainpoolP384r1", 48 },
};

const char *
ecc_curve_str(enum ecc_curve c)
{
	return (unsigned)c < ECC_CURVE_MAX ? curves[c].name : "unknown";
}

int
ecc_curve_parse(const char *s, enum ecc_curve *c)
{
	int	 i;

	for (i = 0; i < ECC_CURVE_MAX; i++)
		if (strcasecmp(s, curves[i].name) == 0 ||
		    strcasecmp(s, curves[i].group) == 0) {
			*c = i;
			return 0;
		}
	if (strcasecmp(s, "p256") == 0)
		*c = ECC_NISTP256;
	else if (strcasecmp(s, "p384") == 0)
		*c = ECC_NISTP384;
	else if (strcasecmp(s, "brainpoolp256") == 0)
		*c = ECC_BRAINPOOLP256R1;
	else if (strcasecmp(s, "brainpoolp384") == 0)
		*c = ECC_BRAINPOOLP384R1;
	else
		return -1;
	return 0;
}

size_t
ecc_curve_len(enum ecc_curve c)
{
	return (unsigned)c < ECC_CURVE_MAX ? curves[c].len : 0;
}

void
ecc_sha256(const void *p, size_t n, uint8_t out[32])
{
	SHA256(p, n, out);
}

void
ecc_sha384(const void *p, size_t n, uint8_t out[48])
{
	SHA384(p, n, out);
}

static int
curve_of(EVP_PKEY *pk, enum ecc_curve *c)
{
	char	 g[64];
	size_t	 gl;
	int	 i;

	if (!EVP_PKEY_get_utf8_string_param(pk, OSSL_PKEY_PARAM_GROUP_NAME,
	    g, sizeof(g), &gl))
		return -1;
	for (i = 0; i < ECC_CURVE_MAX; i++)
		if (strcmp(g, curves[i].group) == 0) {
			*c = i;
			return 0;
		}
	return -1;
}

static struct ecc_key *
key_wrap(EVP_PKEY *pk)
{
	struct ecc_key	*k;

	if ((k = calloc(1, sizeof(*k))) == NULL)
		return NULL;
	k->pkey = pk;
	if (curve_of(pk, &k->curve) == -1 ||
	    (k->ctx = EVP_PKEY_CTX_new(pk, NULL)) == NULL ||
	    EVP_PKEY_sign_init(k->ctx) <= 0) {
		ecc_key_free(k);
		return NULL;
	}
	return k;
}

struct ecc_key *
ecc_key_generate(enum ecc_curve c)
{
	EVP_PKEY	*pk;
	struct ecc_key	*k;

	if ((unsigned)c >= ECC_CURVE_MAX)
		return NULL;
	if ((pk = EVP_EC_gen(curves[c].group)) == NULL)
		return NULL;
	if ((k = key_wrap(pk)) == NULL)
		EVP_PKEY_free(pk);
	return k;
}

enum reason
ecc_key_load(const char *path, struct ecc_key **out, char *err, size_t errlen)
{
	struct stat	 st;
	EVP_PKEY	*pk;
	FILE		*f;
	int		 fd;

	*out = NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return REASON_NOT_V2X;
	}
	if (fstat(fd, &st) == -1 || (st.st_mode & 077) != 0) {
		snprintf(err, errlen, "%s: private key readable or writable by "
		    "others (mode %03o): chmod 600 it", path,
		    (unsigned)(st.st_mode & 0777));
		close(fd);
		return REASON_BAD_VALUE;
	}
	if ((f = fdopen(fd, "r")) == NULL) {
		close(fd);
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return REASON_NOMEM;
	}
	pk = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	fclose(f);
	if (pk == NULL) {
		snprintf(err, errlen, "%s: not a PEM private key", path);
		return REASON_BAD_VALUE;
	}
	if ((*out = key_wrap(pk)) == NULL) {
		EVP_PKEY_free(pk);
		snprintf(err, errlen, "%s: not a key on a 1609.2 curve", path);
		return REASON_UNSUPPORTED;
	}
	return REASON_OK;
}

int
ecc_key_save(const struct ecc_key *k, const char *path, char *err,
    size_t errlen)
{
	FILE	*f;
	int	 fd, ok;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) ==
	    -1 || fchmod(fd, 0600) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	if ((f = fdopen(fd, "w")) == NULL) {
		close(fd);
		return -1;
	}
	ok = PEM_write_PrivateKey(f, k->pkey, NULL, NULL, 0, NULL, NULL);
	if (fclose(f) != 0 || !ok) {
		snprintf(err, errlen, "%s: cannot write the key", path);
		return -1;
	}
	return 0;
}

void
ecc_key_free(struct ecc_key *k)
{
	if (k == NULL)
		return;
	EVP_PKEY_CTX_free(k->ctx);
	EVP_PKEY_free(k->pkey);
	free(k);
}

enum ecc_curve
ecc_key_curve(const struct ecc_key *k)
{
	return k->curve;
}

static int
point_xy(EVP_PKEY *pk, size_t len, uint8_t *x, uint8_t *y)
{
	uint8_t	 buf[1 + 2 * 48];
	size_t	 n;

	if (!EVP_PKEY_get_octet_string_param(pk, OSSL_PKEY_PARAM_PUB_KEY,
	    buf, sizeof(buf), &n) || n != 1 + 2 * len || buf[0] != 4) {
		/* Some keys hold the compressed form: ask for it anew. */
		if (EVP_PKEY_set_utf8_string_param(pk,
		    OSSL_PKEY_PARAM_EC_POINT_CONVERSION_FORMAT,
		    "uncompressed") <= 0 ||
		    !EVP_PKEY_get_octet_string_param(pk,
		    OSSL_PKEY_PARAM_PUB_KEY, buf, sizeof(buf), &n) ||
		    n != 1 + 2 * len || buf[0] != 4)
			return -1;
	}
	memcpy(x, buf + 1, len);
	if (y != NULL)
		memcpy(y, buf + 1 + len, len);
	return 0;
}

int
ecc_key_public(const struct ecc_key *k, uint8_t *x, uint8_t *y)
{
	return point_xy(k->pkey, curves[k->curve].len, x, y);
}

/* r and s to and from the DER ECDSA-Sig-Value OpenSSL speaks. */
static int
sig_from_der(const uint8_t *der, size_t n, size_t len, uint8_t *r, uint8_t *s)
{
	const uint8_t	*p = der;
	const BIGNUM	*br, *bs;
	ECDSA_SIG	*sig;
	int		 ok;

	if ((sig = d2i_ECDSA_SIG(NULL, &p, (long)n)) == NULL)
		return -1;
	ECDSA_SIG_get0(sig, &br, &bs);
	ok = BN_bn2binpad(br, r, (int)len) == (int)len &&
	    BN_bn2binpad(bs, s, (int)len) == (int)len;
	ECDSA_SIG_free(sig);
	return ok ? 0 : -1;
}

static int
sig_to_der(const uint8_t *r, const uint8_t *s, size_t len, uint8_t *der,
    size_t cap, size_t *n)
{
	ECDSA_SIG	*sig;
	BIGNUM		*br, *bs;
	uint8_t		*p = der;
	int		 l;

	if ((sig = ECDSA_SIG_new()) == NULL)
		return -1;
	br = BN_bin2bn(r, (int)len, NULL);
	bs = BN_bin2bn(s, (int)len, NULL);
	if (br == NULL || bs == NULL || !ECDSA_SIG_set0(sig, br, bs)) {
		BN_free(br);
		BN_free(bs);
		ECDSA_SIG_free(sig);
		return -1;
	}
	l = i2d_ECDSA_SIG(sig, NULL);
	if (l <= 0 || (size_t)l > cap) {
		ECDSA_SIG_free(sig);
		return -1;
	}
	i2d_ECDSA_SIG(sig, &p);
	ECDSA_SIG_free(sig);
	*n = (size_t)l;
	return 0;
}

int
ecc_sign(const struct ecc_key *k, const uint8_t *digest, uint8_t *r,
    uint8_t *s)
{
	uint8_t	 der[128];
	size_t	 n = sizeof(der), len = curves[k->curve].len;

	if (EVP_PKEY_sign(k->ctx, der, &n, digest, len) <= 0)
		return -1;
	return sig_from_der(der, n, len, r, s);
}

struct ecc_pub *
ecc_pub_new(enum ecc_curve c, const uint8_t *x, const uint8_t *y, int ybit)
{
	OSSL_PARAM_BLD	*bld = NULL;
	OSSL_PARAM	*params = NULL;
	EVP_PKEY_CTX	*fctx = NULL;
	struct ecc_pub	*p;
	struct ecc_key	*k;
	uint8_t		 pt[1 + 2 * 48];
	size_t		 len, n;

	if ((unsigned)c >= ECC_CURVE_MAX)
		return NULL;
	len = curves[c].len;
	if (y != NULL) {
		pt[0] = 4;
		memcpy(pt + 1, x, len);
		memcpy(pt + 1 + len, y, len);
		n = 1 + 2 * len;
	} else {
		pt[0] = ybit ? 3 : 2;
		memcpy(pt + 1, x, len);
		n = 1 + len;
	}
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return NULL;
	k = &p->key;
	k->curve = c;
	if ((bld = OSSL_PARAM_BLD_new()) == NULL ||
	    !OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME,
	    curves[c].group, 0) ||
	    !OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY,
	    pt, n) ||
	    (params = OSSL_PARAM_BLD_to_param(bld)) == NULL ||
	    (fctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL)) == NULL ||
	    EVP_PKEY_fromdata_init(fctx) <= 0 ||
	    EVP_PKEY_fromdata(fctx, &k->pkey, EVP_PKEY_PUBLIC_KEY,
	    params) <= 0 ||
	    (k->ctx = EVP_PKEY_CTX_new(k->pkey, NULL)) == NULL ||
	    EVP_PKEY_verify_init(k->ctx) <= 0 ||
	    EVP_PKEY_public_check_quick(k->ctx) <= 0) {
		ecc_pub_free(p);
		p = NULL;
	}
	EVP_PKEY_CTX_free(fctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	return p;
}

void
ecc_pub_free(struct ecc_pub *p)
{
	if (p != NULL)
		ecc_key_free(&p->key);
}

enum ecc_curve
ecc_pub_curve(const struct ecc_pub *p)
{
	return ecc_key_curve(&p->key);
}

int
ecc_pub_point(const struct ecc_pub *p, uint8_t *x, uint8_t *y)
{
	return point_xy(p->key.pkey, curves[p->key.curve].len, x, y);
}

enum reason
ecc_verify(struct ecc_pub *p, const uint8_t *digest, const uint8_t *r,
    const uint8_t *s)
{
	uint8_t	 der[128];
	size_t	 n, len = curves[p->key.curve].len;

	if (sig_to_der(r, s, len, der, sizeof(der), &n) == -1)
		return REASON_SIG_BAD;
	return EVP_PKEY_verify(p->key.ctx, der, n, digest, len) == 1 ?
	    REASON_OK : REASON_SIG_BAD;
}
