/*
 * unit_dot2.c: unit tests of the IEEE 1609.2 COER codec (dot2*.c, oer.c):
 * build/parse identity over every CHOICE alternative and optional field,
 * truncations, lying lengths, depth bombs, non-canonical encodings,
 * unknown tags, constraints, lenient recovery.  Prints PASS/FAIL lines.
 *
 * It is also the tool the Python tests drive:
 *   unit_dot2 parse [-l] [-u] HEX|@FILE   one JSON line: reason, used,
 *                                         payload, rebuild check, layer
 *   unit_dot2 samples                      name and hex of built samples
 *   unit_dot2 corpus DIR                   write them as fuzz seeds
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "dot2.h"
#include "oer.h"
#include "reason.h"

/* Pattern bytes that the samples point into. */
static uint8_t P[2048];
#define B(off)	(P + (off))

/* --- sample certificates ------------------------------------------------------ */

static struct dot2_psid_ssp	 app_a[4], app_1[1];
static struct dot2_bytes	 opq[2];
static struct dot2_psid_range	 ranges_a[4];
static struct dot2_group_perm	 issue_a[2], request_a[1], issue_e[1],
				 request_f[1], issue_t[1];
static struct dot2_rect		 rects_b[2];
static struct dot2_2d		 poly_c[4];
static const uint8_t		 regions_d[] = { 1, 2, 3 };
static const uint16_t		 subs_d0[] = { 37, 59 };
static struct dot2_subregions	 subs_d[2];
static struct dot2_idregion	 ids_d[3];
static struct dot2_cert		 cert_a, cert_b, cert_c, cert_d, cert_e,
				 cert_f;
static const char		 name_a[] = "r\xc3\xa9seau-root.example";

/* Permissions the sample certificates share. */
static void
make_perms(void)
{
	app_a[0].psid = 0x20;
	app_a[1].psid = 0x8007;
	app_a[1].has_ssp = 1;
	app_a[1].ssp_kind = DOT2_SSP_OPAQUE;
	app_a[1].ssp = (struct dot2_bytes){ B(10), 3 };
	app_a[2].psid = 0x204085;
	app_a[2].has_ssp = 1;
	app_a[2].ssp_kind = DOT2_SSP_BITMAP;
	app_a[2].ssp = (struct dot2_bytes){ B(20), 2 };
	app_a[3].psid = 0xe0000001ULL;
	app_a[3].has_ssp = 1;
	app_a[3].ssp_kind = DOT2_SSP_BITMAP;
	app_a[3].ssp = (struct dot2_bytes){ B(0), 0 };
	app_1[0].psid = 0x26;

	opq[0] = (struct dot2_bytes){ B(0), 0 };
	opq[1] = (struct dot2_bytes){ B(30), 3 };
	ranges_a[0].psid = 35;
	ranges_a[1].psid = 36;
	ranges_a[1].has_range = 1;
	ranges_a[1].kind = DOT2_SSPR_OPAQUE;
	ranges_a[1].n = 2;
	ranges_a[1].opaque = opq;
	ranges_a[2].psid = 37;
	ranges_a[2].has_range = 1;
	ranges_a[2].kind = DOT2_SSPR_ALL;
	ranges_a[3].psid = 38;
	ranges_a[3].has_range = 1;
	ranges_a[3].kind = DOT2_SSPR_BITMAP;
	ranges_a[3].value = (struct dot2_bytes){ B(40), 3 };
	ranges_a[3].mask = (struct dot2_bytes){ B(50), 3 };
	issue_a[0] = (struct dot2_group_perm){ DOT2_SUBJECT_EXPLICIT, 4,
	    ranges_a, 2, -1, 0xc0 };
	issue_a[1] = (struct dot2_group_perm){ DOT2_SUBJECT_ALL, 0, NULL, 1,
	    0, 0x80 };
	request_a[0] = (struct dot2_group_perm){ DOT2_SUBJECT_ALL, 0, NULL, 1,
	    0, 0x40 };
	issue_e[0] = (struct dot2_group_perm){ DOT2_SUBJECT_EXPLICIT, 1,
	    ranges_a, 300, 70000, 0x80 };
	request_f[0] = (struct dot2_group_perm){ DOT2_SUBJECT_EXPLICIT, 0,
	    NULL, 0, 0, 0x80 };
}

/* A: explicit, self-signed, every root OPTIONAL and the 2022
 * additions. */
static void
make_cert_a(void)
{
	struct dot2_tbs_cert	*t;

	cert_a.type = DOT2_CERT_EXPLICIT;
	cert_a.issuer.kind = DOT2_ISSUER_SELF;
	cert_a.issuer.self_hash = DOT2_HASH_SHA256;
	t = &cert_a.tbs;
	t->id.kind = DOT2_CERTID_NAME;
	t->id.name = (struct dot2_bytes){ (const uint8_t *)name_a,
	    sizeof(name_a) - 1 };
	t->craca_id = B(60);
	t->crl_series = 7;
	t->validity = (struct dot2_validity){ 0x1ddff7b5, DOT2_DUR_HOURS, 168 };
	t->has_region = 1;
	t->region.kind = DOT2_REGION_CIRCULAR;
	t->region.center = (struct dot2_2d){ 481234567, 115678901 };
	t->region.radius = 5000;
	t->has_assurance = 1;
	t->assurance = 0xe0;
	t->has_app = 1;
	t->n_app = 4;
	t->app = app_a;
	t->has_issue = 1;
	t->n_issue = 2;
	t->issue = issue_a;
	t->has_request = 1;
	t->n_request = 1;
	t->request = request_a;
	t->can_request_rollover = 1;
	t->has_enc_key = 1;
	t->enc_key.symm = DOT2_SYMM_SM4CCM;
	t->enc_key.alg = DOT2_ENC_ECENC_SM2;
	t->enc_key.point = (struct dot2_point){ DOT2_POINT_COMPRESSED_Y0,
	    B(70), NULL, 32 };
	t->vki = DOT2_VKI_KEY;
	t->key.alg = DOT2_KEY_ECDSA_NIST_P256;
	t->key.point = (struct dot2_point){ DOT2_POINT_COMPRESSED_Y1, B(110),
	    NULL, 32 };
	t->has_flags = 1;
	t->flags = 0x80;
	t->has_app_ext = 1;
	t->app_ext = (struct dot2_bytes){ B(150), 5 };
	t->has_issue_ext = 1;
	t->issue_ext = (struct dot2_bytes){ B(160), 4 };
	t->has_request_ext = 1;
	t->request_ext = (struct dot2_bytes){ B(170), 3 };
	cert_a.has_signature = 1;
	cert_a.signature.type = DOT2_SIG_ECDSA_NIST_P256;
	cert_a.signature.r = (struct dot2_point){ DOT2_POINT_X_ONLY, B(200),
	    NULL, 32 };
	cert_a.signature.s = B(240);
}

/* B: explicit, sha384AndDigest, linkage id, rectangles, P-384. */
static void
make_cert_b(void)
{
	struct dot2_tbs_cert	*t;

	cert_b.type = DOT2_CERT_EXPLICIT;
	cert_b.issuer.kind = DOT2_ISSUER_SHA384_DIGEST;
	cert_b.issuer.digest = B(300);
	t = &cert_b.tbs;
	t->id.kind = DOT2_CERTID_LINKAGE;
	t->id.icert = 513;
	t->id.linkage_value = B(310);
	t->id.has_group = 1;
	t->id.group_j = B(320);
	t->id.group_value = B(330);
	t->craca_id = B(340);
	t->validity = (struct dot2_validity){ 600000000, DOT2_DUR_MINUTES,
	    10140 };
	t->has_region = 1;
	t->region.kind = DOT2_REGION_RECTANGULAR;
	rects_b[0] = (struct dot2_rect){ { 500000000, 100000000 },
	    { 490000000, 110000000 } };
	rects_b[1] = (struct dot2_rect){ { -100, -1799999999 },
	    { -900000000, 1800000000 } };
	t->region.n = 2;
	t->region.rects = rects_b;
	t->has_app = 1;
	t->n_app = 1;
	t->app = app_1;
	t->vki = DOT2_VKI_KEY;
	t->key.alg = DOT2_KEY_ECDSA_BRAINPOOL_P384R1;
	t->key.point = (struct dot2_point){ DOT2_POINT_UNCOMPRESSED, B(350),
	    B(400), 48 };
	cert_b.has_signature = 1;
	cert_b.signature.type = DOT2_SIG_ECDSA_NIST_P384;
	cert_b.signature.r = (struct dot2_point){ DOT2_POINT_COMPRESSED_Y1,
	    B(450), NULL, 48 };
	cert_b.signature.s = B(500);
}

/* C: explicit, sm3AndDigest, binaryId, polygon, SM2. */
static void
make_cert_c(void)
{
	struct dot2_tbs_cert	*t;

	cert_c.type = DOT2_CERT_EXPLICIT;
	cert_c.issuer.kind = DOT2_ISSUER_SM3_DIGEST;
	cert_c.issuer.digest = B(550);
	t = &cert_c.tbs;
	t->id.kind = DOT2_CERTID_BINARY;
	t->id.name = (struct dot2_bytes){ B(560), 64 };
	t->craca_id = B(630);
	t->crl_series = 65535;
	t->validity = (struct dot2_validity){ 0xffffffffu,
	    DOT2_DUR_SIXTY_HOURS, 65535 };
	t->has_region = 1;
	t->region.kind = DOT2_REGION_POLYGONAL;
	poly_c[0] = (struct dot2_2d){ 1, 2 };
	poly_c[1] = (struct dot2_2d){ 900000000, -1799999999 };
	poly_c[2] = (struct dot2_2d){ 900000001, 1800000001 };
	poly_c[3] = (struct dot2_2d){ -5, 5 };
	t->region.n = 4;
	t->region.points = poly_c;
	t->has_assurance = 1;
	t->assurance = 0x21;
	t->has_app = 1;
	t->n_app = 1;
	t->app = app_1;
	t->vki = DOT2_VKI_KEY;
	t->key.alg = DOT2_KEY_ECSIG_SM2;
	t->key.point = (struct dot2_point){ DOT2_POINT_UNCOMPRESSED, B(640),
	    B(680), 32 };
	cert_c.has_signature = 1;
	cert_c.signature.type = DOT2_SIG_SM2;
	cert_c.signature.r = (struct dot2_point){ DOT2_POINT_X_ONLY, B(720),
	    NULL, 32 };
	cert_c.signature.s = B(760);
}

/* D: implicit, identified regions of every kind. */
static void
make_cert_d(void)
{
	struct dot2_tbs_cert	*t;

	cert_d.type = DOT2_CERT_IMPLICIT;
	cert_d.issuer.kind = DOT2_ISSUER_SHA256_DIGEST;
	cert_d.issuer.digest = B(800);
	t = &cert_d.tbs;
	t->id.kind = DOT2_CERTID_NONE;
	t->craca_id = B(810);
	t->validity = (struct dot2_validity){ 0, DOT2_DUR_YEARS, 3 };
	t->has_region = 1;
	t->region.kind = DOT2_REGION_IDENTIFIED;
	subs_d[0] = (struct dot2_subregions){ 6, 2, subs_d0 };
	subs_d[1] = (struct dot2_subregions){ 48, 0, NULL };
	ids_d[0] = (struct dot2_idregion){ DOT2_IDREG_COUNTRY_ONLY, 840, 0,
	    NULL, NULL };
	ids_d[1] = (struct dot2_idregion){ DOT2_IDREG_COUNTRY_AND_REGIONS,
	    276, 3, regions_d, NULL };
	ids_d[2] = (struct dot2_idregion){ DOT2_IDREG_COUNTRY_AND_SUBREGIONS,
	    840, 2, NULL, subs_d };
	t->region.n = 3;
	t->region.ids = ids_d;
	t->has_app = 1;
	t->n_app = 4;
	t->app = app_a;
	t->vki = DOT2_VKI_RECONSTRUCTION;
	t->reconstruction = (struct dot2_point){ DOT2_POINT_COMPRESSED_Y0,
	    B(820), NULL, 32 };
}

/* E: explicit, self sha384, empty name, P-384 key, issue only. */
static void
make_cert_e(void)
{
	struct dot2_tbs_cert	*t;

	cert_e.type = DOT2_CERT_EXPLICIT;
	cert_e.issuer.kind = DOT2_ISSUER_SELF;
	cert_e.issuer.self_hash = DOT2_HASH_SHA384;
	t = &cert_e.tbs;
	t->id.kind = DOT2_CERTID_NAME;
	t->craca_id = B(860);
	t->validity = (struct dot2_validity){ 12345, DOT2_DUR_MICROSECONDS,
	    1 };
	t->has_issue = 1;
	t->n_issue = 1;
	t->issue = issue_e;
	t->vki = DOT2_VKI_KEY;
	t->key.alg = DOT2_KEY_ECDSA_NIST_P384;
	t->key.point = (struct dot2_point){ DOT2_POINT_COMPRESSED_Y0, B(870),
	    NULL, 48 };
	cert_e.has_signature = 1;
	cert_e.signature.type = DOT2_SIG_ECDSA_BRAINPOOL_P384R1;
	cert_e.signature.r = (struct dot2_point){ DOT2_POINT_X_ONLY, B(920),
	    NULL, 48 };
	cert_e.signature.s = B(970);
}

/* F: explicit, brainpoolP256r1, request only, AES public key. */
static void
make_cert_f(void)
{
	struct dot2_tbs_cert	*t;

	cert_f.type = DOT2_CERT_EXPLICIT;
	cert_f.issuer.kind = DOT2_ISSUER_SELF;
	cert_f.issuer.self_hash = DOT2_HASH_SM3;
	t = &cert_f.tbs;
	t->id.kind = DOT2_CERTID_NONE;
	t->craca_id = B(1020);
	t->validity = (struct dot2_validity){ 99, DOT2_DUR_MILLISECONDS,
	    500 };
	t->has_request = 1;
	t->n_request = 1;
	t->request = request_f;
	t->has_enc_key = 1;
	t->enc_key.symm = DOT2_SYMM_AES128CCM;
	t->enc_key.alg = DOT2_ENC_ECIES_BRAINPOOL_P256R1;
	t->enc_key.point = (struct dot2_point){ DOT2_POINT_UNCOMPRESSED,
	    B(1030), B(1070), 32 };
	t->vki = DOT2_VKI_KEY;
	t->key.alg = DOT2_KEY_ECDSA_BRAINPOOL_P256R1;
	t->key.point = (struct dot2_point){ DOT2_POINT_UNCOMPRESSED, B(1110),
	    B(1150), 32 };
	cert_f.has_signature = 1;
	cert_f.signature.type = DOT2_SIG_ECDSA_BRAINPOOL_P256R1;
	cert_f.signature.r = (struct dot2_point){ DOT2_POINT_FILL, NULL, NULL,
	    32 };
	cert_f.signature.s = B(1190);
}

static void
make_certs(void)
{
	make_perms();
	make_cert_a();
	make_cert_b();
	make_cert_c();
	make_cert_d();
	make_cert_e();
	make_cert_f();
}

static struct dot2_cert *const all_certs[] = {
	&cert_a, &cert_b, &cert_c, &cert_d, &cert_e, &cert_f,
};
#define NCERTS	(sizeof(all_certs) / sizeof(all_certs[0]))

/* --- sample data -------------------------------------------------------------- */

static struct dot2_data		 d_unsec0, d_unsec300, d_unsec10, d_self,
				 d_digest, d_chain, d_omitted, d_sm3, d_nest,
				 d_enc, d_enc0, d_req, d_x509, d_plain,
				 d_tshark_cert, d_tshark_chain, d_tshark_p2p;
static struct dot2_signed	 s_self, s_digest, s_chain, s_omitted, s_sm3,
				 s_nest, s_plain, s_tshark_cert,
				 s_tshark_chain, s_tshark_p2p;
static struct dot2_encrypted	 e_all, e_none;
static struct dot2_recipient	 recips[5];
static struct dot2_bytes	 extns_1[2], extns_2[1];
static struct dot2_contrib	 contrib[2];
static struct dot2_cert		 chain_ba[2], chain_c[1], chain_efd[3],
				 chain_t1[1], chain_t2[2];
static struct dot2_cert		 cert_t1, cert_t2;

static void
unsecured(struct dot2_data *d, const uint8_t *p, size_t n)
{
	d->content = DOT2_UNSECURED;
	d->opaque = (struct dot2_bytes){ p, n };
}

static void
signed_(struct dot2_data *d, struct dot2_signed *s)
{
	d->content = DOT2_SIGNED;
	d->signed_data = s;
}

/* 2024-05-01T12:00:00.123456Z in TAI microseconds. */
#define GEN_2024	((uint64_t)(1714564800LL - 1072915200LL + 5) * \
			    1000000 + 123456)

/* Unsecured data: empty, 300 and 10 octets. */
static void
make_unsecured(void)
{
	unsecured(&d_unsec0, B(0), 0);
	unsecured(&d_unsec300, B(100), 300);
	unsecured(&d_unsec10, B(1300), 10);
}

/* Self-signed, every root OPTIONAL of HeaderInfo. */
static void
make_signed_self(void)
{
	struct dot2_header	*h;

	signed_(&d_self, &s_self);
	s_self.hash_id = DOT2_HASH_SHA256;
	s_self.payload.data = &d_unsec10;
	h = &s_self.header;
	h->psid = 32;
	h->has_generation_time = 1;
	h->generation_time = GEN_2024;
	h->has_expiry_time = 1;
	h->expiry_time = GEN_2024 + 30000000;
	h->has_location = 1;
	h->location = (struct dot2_3d){ -900000000, 1800000001, 0xffff };
	h->has_p2pcd = 1;
	h->p2pcd_learning_request = B(1320);
	h->has_missing_crl = 1;
	h->missing_crl.craca_id = B(1330);
	h->missing_crl.crl_series = 4;
	h->has_enc_key = 1;
	h->enc_key.kind = DOT2_ENCKEY_PUBLIC;
	h->enc_key.pub.symm = DOT2_SYMM_AES128CCM;
	h->enc_key.pub.alg = DOT2_ENC_ECIES_NIST_P256;
	h->enc_key.pub.point = (struct dot2_point){ DOT2_POINT_COMPRESSED_Y1,
	    B(1340), NULL, 32 };
	s_self.signer.kind = DOT2_SIGNER_SELF;
	s_self.signature.type = DOT2_SIG_ECDSA_NIST_P256;
	s_self.signature.r = (struct dot2_point){ DOT2_POINT_X_ONLY, B(1380),
	    NULL, 32 };
	s_self.signature.s = B(1420);
}

/* Digest signer, every HeaderInfo extension. */
static void
make_signed_digest(void)
{
	struct dot2_header	*h;

	signed_(&d_digest, &s_digest);
	s_digest.hash_id = DOT2_HASH_SHA384;
	s_digest.payload.data = &d_unsec0;
	h = &s_digest.header;
	h->psid = 0x8003;
	h->has_enc_key = 1;
	h->enc_key.kind = DOT2_ENCKEY_SYMMETRIC;
	h->enc_key.symm = DOT2_SYMM_AES128CCM;
	h->enc_key.key = B(1460);
	h->has_inline_p2pcd = 1;
	h->n_inline_p2pcd = 2;
	h->inline_p2pcd = B(1480);
	h->requested_cert = &cert_d;
	h->has_pdu_type = 1;
	h->pdu_type = 3;
	extns_1[0] = (struct dot2_bytes){ B(1490), 2 };
	extns_1[1] = (struct dot2_bytes){ B(0), 0 };
	extns_2[0] = (struct dot2_bytes){ B(1500), 130 };
	contrib[0] = (struct dot2_contrib){ 1, 2, extns_1 };
	contrib[1] = (struct dot2_contrib){ 2, 1, extns_2 };
	h->has_contrib = 1;
	h->n_contrib = 2;
	h->contrib = contrib;
	s_digest.signer.kind = DOT2_SIGNER_DIGEST;
	s_digest.signer.digest = B(1640);
	s_digest.signature.type = DOT2_SIG_ECDSA_BRAINPOOL_P256R1;
	s_digest.signature.r = (struct dot2_point){ DOT2_POINT_COMPRESSED_Y0,
	    B(1650), NULL, 32 };
	s_digest.signature.s = B(1690);
}

/* Certificate signers (a chain of two, one SM2, three round nested data),
 * external hashes. */
static void
make_signed_chains(void)
{
	/* A chain of two certificates, data and extDataHash. */
	signed_(&d_chain, &s_chain);
	s_chain.hash_id = DOT2_HASH_SM3;
	s_chain.payload.data = &d_unsec300;
	s_chain.payload.has_ext_hash = 1;
	s_chain.payload.ext_hash_alg = DOT2_HASH_SHA256;
	s_chain.payload.ext_hash = B(1730);
	s_chain.header.psid = 36;
	s_chain.header.has_generation_time = 1;
	s_chain.header.generation_time = 501427680646830ULL;
	chain_ba[0] = cert_b;
	chain_ba[1] = cert_a;
	s_chain.signer.kind = DOT2_SIGNER_CERTIFICATE;
	s_chain.signer.n_certs = 2;
	s_chain.signer.certs = chain_ba;
	s_chain.signature.type = DOT2_SIG_ECDSA_BRAINPOOL_P384R1;
	s_chain.signature.r = (struct dot2_point){ DOT2_POINT_UNCOMPRESSED,
	    B(1770), B(1820), 48 };
	s_chain.signature.s = B(1870);

	/* sha384 external hash and omitted; P-384 signature, fill. */
	signed_(&d_omitted, &s_omitted);
	s_omitted.payload.has_ext_hash = 1;
	s_omitted.payload.ext_hash_alg = DOT2_HASH_SHA384;
	s_omitted.payload.ext_hash = B(1920);
	s_omitted.payload.omitted = 1;
	s_omitted.header.psid = 0;
	s_omitted.header.has_enc_key = 1;
	s_omitted.header.enc_key.kind = DOT2_ENCKEY_SYMMETRIC;
	s_omitted.header.enc_key.symm = DOT2_SYMM_SM4CCM;
	s_omitted.header.enc_key.key = B(1970);
	s_omitted.signer.kind = DOT2_SIGNER_SELF;
	s_omitted.signature.type = DOT2_SIG_ECDSA_NIST_P384;
	s_omitted.signature.r = (struct dot2_point){ DOT2_POINT_FILL, NULL,
	    NULL, 48 };
	s_omitted.signature.s = B(1990);

	/* sm3 external hash only, SM2 certificate and signature. */
	signed_(&d_sm3, &s_sm3);
	s_sm3.payload.has_ext_hash = 1;
	s_sm3.payload.ext_hash_alg = DOT2_HASH_SM3;
	s_sm3.payload.ext_hash = B(1200);
	s_sm3.header.psid = 0xffffffffffffffffULL;
	chain_c[0] = cert_c;
	s_sm3.signer.kind = DOT2_SIGNER_CERTIFICATE;
	s_sm3.signer.n_certs = 1;
	s_sm3.signer.certs = chain_c;
	s_sm3.signature.type = DOT2_SIG_SM2;
	s_sm3.signature.r = (struct dot2_point){ DOT2_POINT_X_ONLY, B(1240),
	    NULL, 32 };
	s_sm3.signature.s = B(1280);

	/* Signed data inside signed data. */
	signed_(&d_nest, &s_nest);
	s_nest.payload.data = &d_self;
	s_nest.header.psid = 135;
	chain_efd[0] = cert_e;
	chain_efd[1] = cert_f;
	chain_efd[2] = cert_d;
	s_nest.signer.kind = DOT2_SIGNER_CERTIFICATE;
	s_nest.signer.n_certs = 3;
	s_nest.signer.certs = chain_efd;
	s_nest.signature.type = DOT2_SIG_ECDSA_NIST_P256;
	s_nest.signature.r = (struct dot2_point){ DOT2_POINT_UNCOMPRESSED,
	    B(400), B(440), 32 };
	s_nest.signature.s = B(480);
}

/* Encrypted data with every kind of recipient. */
static void
make_encrypted(void)
{
	recips[0] = (struct dot2_recipient){ .kind = DOT2_RECIP_PSK,
	    .id = B(600) };
	recips[1] = (struct dot2_recipient){ .kind = DOT2_RECIP_SYMM,
	    .id = B(610), .enc_key = { DOT2_SYMM_AES128CCM, B(620),
	    { B(640), 32 } } };
	recips[2] = (struct dot2_recipient){ .kind = DOT2_RECIP_CERT,
	    .id = B(680), .ek_alg = DOT2_EK_ECIES_NIST_P256,
	    .v = { DOT2_POINT_COMPRESSED_Y0, B(690), NULL, 32 }, .c = B(730),
	    .t = B(750) };
	recips[3] = (struct dot2_recipient){ .kind = DOT2_RECIP_SIGNED_DATA,
	    .id = B(770), .ek_alg = DOT2_EK_ECIES_BRAINPOOL_P256R1,
	    .v = { DOT2_POINT_UNCOMPRESSED, B(780), B(820), 32 }, .c = B(860),
	    .t = B(880) };
	recips[4] = (struct dot2_recipient){ .kind = DOT2_RECIP_REK,
	    .id = B(900), .ek_alg = DOT2_EK_ECENC_SM2,
	    .v = { DOT2_POINT_COMPRESSED_Y1, B(910), NULL, 32 }, .c = B(950),
	    .t = B(970) };
	e_all.n = 5;
	e_all.recipients = recips;
	e_all.ciphertext = (struct dot2_symm_ct){ DOT2_SYMM_AES128CCM, B(1010),
	    { B(1030), 200 } };
	d_enc.content = DOT2_ENCRYPTED;
	d_enc.encrypted = &e_all;
	e_none.ciphertext = (struct dot2_symm_ct){ DOT2_SYMM_SM4CCM, B(1010),
	    { B(1030), 0 } };
	d_enc0.content = DOT2_ENCRYPTED;
	d_enc0.encrypted = &e_none;

	d_req.content = DOT2_CERT_REQUEST;
	d_req.opaque = (struct dot2_bytes){ B(1100), 140 };
	d_x509.content = DOT2_X509_CERT_REQUEST;
	d_x509.opaque = (struct dot2_bytes){ B(1100), 40 };
}

/* What tshark 4.0 (IEEE 1609.2-2016 ASN.1) knows: plain signed data
 * with a certificate, a chain, and the inline P2PCD fields. */
static void
make_tshark(void)
{
	signed_(&d_plain, &s_plain);
	s_plain.payload.data = &d_unsec10;
	s_plain.header.psid = 32;
	s_plain.header.has_generation_time = 1;
	s_plain.header.generation_time = GEN_2024;
	s_plain.signer.kind = DOT2_SIGNER_DIGEST;
	s_plain.signer.digest = B(1640);
	s_plain.signature = s_self.signature;

	cert_t1 = cert_a;			/* no 2022 additions */
	cert_t1.tbs.has_flags = cert_t1.tbs.has_app_ext = 0;
	cert_t1.tbs.has_issue_ext = cert_t1.tbs.has_request_ext = 0;
	cert_t1.tbs.has_enc_key = 0;		/* SM2: 2016 does not know */
	cert_t1.tbs.n_app = 3;			/* no 4-octet PSID */
	/* tshark 4.0 fails on minChainLength and chainLengthRange (a
	 * "dissector bug" on unconstrained INTEGERs) and on eeType ("BIT
	 * STRING not handled yet"): the DEFAULTs only. */
	issue_t[0] = (struct dot2_group_perm){ DOT2_SUBJECT_EXPLICIT, 4,
	    ranges_a, 1, 0, 0x80 };
	cert_t1.tbs.issue = issue_t;
	cert_t1.tbs.n_issue = 1;
	cert_t1.tbs.has_request = 0;
	cert_t2 = cert_d;
	cert_t2.tbs.n_app = 3;
	chain_t1[0] = cert_t1;
	chain_t2[0] = cert_t2;
	chain_t2[1] = cert_t1;
	signed_(&d_tshark_cert, &s_tshark_cert);
	s_tshark_cert = s_plain;
	s_tshark_cert.header.psid = 35;
	s_tshark_cert.header.has_location = 1;
	s_tshark_cert.header.location = (struct dot2_3d){ 481234567,
	    115678901, 5000 };
	s_tshark_cert.signer.kind = DOT2_SIGNER_CERTIFICATE;
	s_tshark_cert.signer.n_certs = 1;
	s_tshark_cert.signer.certs = chain_t1;
	signed_(&d_tshark_chain, &s_tshark_chain);
	s_tshark_chain = s_tshark_cert;
	s_tshark_chain.header.psid = 38;
	s_tshark_chain.header.has_location = 0;
	s_tshark_chain.signer.n_certs = 2;
	s_tshark_chain.signer.certs = chain_t2;
	s_tshark_chain.signature = s_chain.signature;
	signed_(&d_tshark_p2p, &s_tshark_p2p);
	s_tshark_p2p = s_plain;
	s_tshark_p2p.header.psid = 135;
	s_tshark_p2p.header.has_inline_p2pcd = 1;
	s_tshark_p2p.header.n_inline_p2pcd = 2;
	s_tshark_p2p.header.inline_p2pcd = B(1480);
	s_tshark_p2p.header.requested_cert = &cert_t2;
	s_tshark_p2p.signer.kind = DOT2_SIGNER_SELF;
}

static void
make_data(void)
{
	make_unsecured();
	make_signed_self();
	make_signed_digest();
	make_signed_chains();
	make_encrypted();
	make_tshark();
}

struct sample {
	const char		*name;
	struct dot2_data	*d;
	int			 tshark;	/* 2016 structures only */
};
static const struct sample samples[] = {
	{ "unsecured-empty", &d_unsec0, 1 },
	{ "unsecured-300", &d_unsec300, 1 },
	{ "signed-self-header", &d_self, 0 },
	{ "signed-digest-extensions", &d_digest, 0 },
	{ "signed-chain-exthash", &d_chain, 0 },
	{ "signed-omitted-p384", &d_omitted, 0 },
	{ "signed-sm3-sm2", &d_sm3, 0 },
	{ "signed-nested", &d_nest, 0 },
	{ "encrypted-recipients", &d_enc, 0 },
	{ "encrypted-empty-sm4", &d_enc0, 0 },
	{ "cert-request", &d_req, 1 },
	{ "x509-cert-request", &d_x509, 0 },
	{ "signed-digest-plain", &d_plain, 1 },
	{ "signed-certificate", &d_tshark_cert, 1 },
	{ "signed-chain-p384", &d_tshark_chain, 1 },
	{ "signed-self-p2pcd", &d_tshark_p2p, 1 },
};
#define NSAMPLES	(sizeof(samples) / sizeof(samples[0]))

static void
setup(void)
{
	size_t	 i;

	for (i = 0; i < sizeof(P); i++)
		P[i] = (uint8_t)(i * 37 + 11);
	make_certs();
	make_data();
}

/* --- helpers ---------------------------------------------------------------------- */

static int
same(const struct buf *a, const uint8_t *p, size_t n)
{
	return a->len == n && (n == 0 || memcmp(a->p, p, n) == 0);
}

/* Every certificate's full JSON, for comparing parsed with built. */
static void
certs_json(struct buf *b, const struct dot2_data *d, int depth)
{
	const struct dot2_signed *s;
	size_t	 i;

	if (d == NULL || depth > DOT2_MAX_DEPTH)
		return;
	if (d->inner != NULL)
		certs_json(b, d->inner, depth + 1);
	if (d->content != DOT2_SIGNED)
		return;
	s = d->signed_data;
	for (i = 0; !s->incomplete && s->signer.kind ==
	    DOT2_SIGNER_CERTIFICATE && i < s->signer.n_certs; i++)
		dot2_cert_json(b, &s->signer.certs[i]);
	if (s->header.requested_cert != NULL)
		dot2_cert_json(b, s->header.requested_cert);
	certs_json(b, s->payload.data, depth + 1);
}

static void
full_json(struct buf *b, const struct dot2_data *d)
{
	dot2_json(b, d);
	certs_json(b, d, 0);
}

/* PASS what when the JSON of the value built and of the value parsed are
 * the same; else FAIL, with both. */
static void
same_json(const char *what, struct buf *built, struct buf *parsed)
{
	int	 ok;

	ok = built->len == parsed->len &&
	    memcmp(built->p, parsed->p, built->len) == 0;
	CHECK(what, ok);
	if (!ok)
		printf("    built  %s\n    parsed %s\n", buf_cstr(built),
		    buf_cstr(parsed));
}

/* Build d, parse it back, compare the JSON and rebuild it. */
static void
identity(const char *name, const struct dot2_data *d)
{
	struct dot2_data	*p = NULL;
	struct buf		 enc, enc2, j1, j2;
	char			 what[128], err[128];
	size_t			 used = 0;
	enum reason		 e;

	buf_init(&enc);
	buf_init(&enc2);
	buf_init(&j1);
	buf_init(&j2);
	e = dot2_build(&enc, d);
	snprintf(what, sizeof(what), "identity %s: build", name);
	CHECK(what, e == REASON_OK && enc.len > 0);
	e = dot2_parse(&p, (uint8_t *)enc.p, enc.len, 0, &used, err,
	    sizeof(err));
	snprintf(what, sizeof(what), "identity %s: parse", name);
	CHECK(what, e == REASON_OK && used == enc.len);
	if (e != REASON_OK) {
		printf("    %s\n", err);
		goto out;
	}
	full_json(&j1, d);
	full_json(&j2, p);
	snprintf(what, sizeof(what), "identity %s: parse(build(x)) == x",
	    name);
	same_json(what, &j1, &j2);
	e = dot2_build(&enc2, p);
	snprintf(what, sizeof(what), "identity %s: build(parse(b)) == b",
	    name);
	CHECK(what, e == REASON_OK && same(&enc2, (uint8_t *)enc.p, enc.len));
	snprintf(what, sizeof(what), "identity %s: encoding span", name);
	CHECK(what, p->enc.p == (uint8_t *)enc.p && p->enc.len == enc.len);
	if (p->content == DOT2_SIGNED) {
		buf_reset(&enc2);
		e = dot2_build_tbs(&enc2, p->signed_data);
		snprintf(what, sizeof(what), "identity %s: tbsData span", name);
		CHECK(what, e == REASON_OK && same(&enc2,
		    p->signed_data->tbs_enc.p, p->signed_data->tbs_enc.len));
	}
 out:
	dot2_free(p);
	buf_free(&enc);
	buf_free(&enc2);
	buf_free(&j1);
	buf_free(&j2);
}

static void
cert_identity(const char *name, const struct dot2_cert *ct)
{
	struct dot2_cert	*p = NULL;
	struct buf		 enc, enc2, j1, j2;
	char			 what[128], err[128];
	size_t			 used = 0;
	enum reason		 e;

	buf_init(&enc);
	buf_init(&enc2);
	buf_init(&j1);
	buf_init(&j2);
	e = dot2_cert_build(&enc, ct);
	snprintf(what, sizeof(what), "cert identity %s: build", name);
	CHECK(what, e == REASON_OK);
	e = dot2_cert_parse(&p, (uint8_t *)enc.p, enc.len, &used, err,
	    sizeof(err));
	snprintf(what, sizeof(what), "cert identity %s: parse", name);
	CHECK(what, e == REASON_OK && used == enc.len);
	if (e != REASON_OK) {
		printf("    %s\n", err);
		goto out;
	}
	dot2_cert_json(&j1, ct);
	dot2_cert_json(&j2, p);
	snprintf(what, sizeof(what), "cert identity %s: parse(build(x)) == x",
	    name);
	same_json(what, &j1, &j2);
	e = dot2_cert_build(&enc2, p);
	snprintf(what, sizeof(what), "cert identity %s: build(parse(b)) == b",
	    name);
	CHECK(what, e == REASON_OK && same(&enc2, (uint8_t *)enc.p, enc.len));
	buf_reset(&enc2);
	e = dot2_cert_build_tbs(&enc2, &p->tbs);
	snprintf(what, sizeof(what), "cert identity %s: toBeSigned span",
	    name);
	CHECK(what, e == REASON_OK && same(&enc2, p->tbs_enc.p,
	    p->tbs_enc.len) && p->enc.p == (uint8_t *)enc.p &&
	    p->enc.len == enc.len);
 out:
	dot2_cert_free(p);
	buf_free(&enc);
	buf_free(&enc2);
	buf_free(&j1);
	buf_free(&j2);
}

/* Hex with spaces, where "Zn," stands for n zero octets. */
static long
unhex(const char *hex, uint8_t *out, size_t cap)
{
	char	 text[8192];
	size_t	 o = 0;
	long	 z;
	char	*end;

	while (*hex != '\0' && o + 2 < sizeof(text)) {
		if (*hex != 'Z') {
			text[o++] = *hex++;
			continue;
		}
		z = strtol(hex + 1, &end, 10);
		if (*end != ',')
			return -1;
		hex = end + 1;
		while (z-- > 0 && o + 4 < sizeof(text)) {
			text[o++] = '0';
			text[o++] = '0';
			text[o++] = ' ';
		}
	}
	return hex_decode(text, o, out, cap);
}

/* Parse hex with flags; returns the reason. */
static enum reason
parse_hex(const char *hex, int flags, size_t *used)
{
	struct dot2_data	*d = NULL;
	uint8_t			 in[2048];
	long			 n;
	size_t			 u = 0;
	enum reason		 e;

	n = unhex(hex, in, sizeof(in));
	if (n < 0)
		return REASON_BAD_HEX;
	e = dot2_parse(&d, in, (size_t)n, flags, &u, NULL, 0);
	dot2_free(d);
	if (used != NULL)
		*used = u;
	return e;
}

static enum reason
cert_hex(const char *hex)
{
	struct dot2_cert	*c = NULL;
	uint8_t			 in[1024];
	long			 n;
	enum reason		 e;

	n = unhex(hex, in, sizeof(in));
	if (n < 0)
		return REASON_BAD_HEX;
	e = dot2_cert_parse(&c, in, (size_t)n, NULL, NULL, 0);
	dot2_cert_free(c);
	return e;
}

/* --- the tests --------------------------------------------------------------------- */

static void
test_oer(void)
{
	struct buf	 b;
	struct oer_rd	 r;
	uint64_t	 u;
	int64_t		 s;
	size_t		 n;
	long		 v;
	static const int64_t svals[] = { 0, 1, -1, 127, 128, -128, -129,
	    32767, 32768, -32768, INT64_MAX, INT64_MIN };
	size_t		 i;
	int		 ok = 1;

	buf_init(&b);
	for (i = 0; i < sizeof(svals) / sizeof(svals[0]); i++) {
		buf_reset(&b);
		oer_put_svar(&b, svals[i]);
		r.p = (uint8_t *)b.p;
		r.end = r.p + b.len;
		if (oer_get_svar(&r, &s) != REASON_OK || s != svals[i] ||
		    r.p != r.end)
			ok = 0;
		buf_reset(&b);
		oer_put_enum(&b, (long)svals[i]);
		r.p = (uint8_t *)b.p;
		r.end = r.p + b.len;
		if (oer_get_enum(&r, &v) != REASON_OK || v != (long)svals[i] ||
		    r.p != r.end)
			ok = 0;
	}
	CHECK("oer signed integers and enumerations round trip", ok);
	ok = 1;
	for (u = 1; u != 0 && ok; u <<= 1) {
		buf_reset(&b);
		oer_put_uvar(&b, u - 1);
		oer_put_length(&b, (size_t)(u & 0xffffffff));
		oer_put_tag(&b, (unsigned)(u & 0x3fffffff));
		r.p = (uint8_t *)b.p;
		r.end = r.p + b.len;
		{
			uint64_t x;
			unsigned t;

			if (oer_get_uvar(&r, &x) != REASON_OK || x != u - 1 ||
			    oer_get_length(&r, &n) != REASON_OK ||
			    n != (size_t)(u & 0xffffffff) ||
			    oer_get_tag(&r, &t) != REASON_OK ||
			    t != (unsigned)(u & 0x3fffffff) || r.p != r.end)
				ok = 0;
		}
	}
	CHECK("oer lengths, unsigned integers, tags round trip", ok);
	buf_free(&b);
}

static void
test_identity(void)
{
	struct dot2_cert	 c;
	char			 name[64];
	size_t			 i;
	int			 u;

	for (i = 0; i < NSAMPLES; i++)
		identity(samples[i].name, samples[i].d);
	for (i = 0; i < NCERTS; i++) {
		snprintf(name, sizeof(name), "%c", (int)('A' + i));
		cert_identity(name, all_certs[i]);
	}
	for (u = DOT2_DUR_MICROSECONDS; u <= DOT2_DUR_YEARS; u++) {
		c = cert_a;
		c.tbs.validity.unit = (enum dot2_duration_unit)u;
		snprintf(name, sizeof(name), "duration %d", u);
		cert_identity(name, &c);
	}
}

/* Every proper prefix of an encoding fails with TRUNCATED or BAD_LENGTH. */
static void
test_truncations(void)
{
	static struct dot2_data *const which[] = { &d_self, &d_digest,
	    &d_chain, &d_sm3, &d_nest, &d_enc, &d_x509 };
	struct dot2_data	*p;
	struct buf		 enc;
	char			 what[96];
	size_t			 i, k;
	enum reason		 e;
	int			 ok;

	buf_init(&enc);
	for (i = 0; i < sizeof(which) / sizeof(which[0]); i++) {
		buf_reset(&enc);
		if (dot2_build(&enc, which[i]) != REASON_OK)
			continue;
		ok = 1;
		for (k = 0; k < enc.len; k++) {
			e = dot2_parse(&p, (uint8_t *)enc.p, k, 0, NULL, NULL,
			    0);
			if (e != REASON_TRUNCATED && e != REASON_BAD_LENGTH) {
				printf("    prefix %zu of %zu: %s\n", k, enc.len,
				    reason_str(e));
				ok = 0;
				dot2_free(p);
				break;
			}
		}
		snprintf(what, sizeof(what), "every truncation of sample %zu "
		    "(%zu octets) fails", i, enc.len);
		CHECK(what, ok);
	}
	buf_free(&enc);
}

/* Single-octet mutations: never a crash; what still parses strictly
 * rebuilds to the same octets (the codec has one encoding per value). */
static void
test_mutations(void)
{
	static const uint8_t vals[] = { 0x00, 0x01, 0x03, 0x7f, 0x80, 0x81,
	    0x82, 0x83, 0x84, 0xbf, 0xff };
	struct dot2_data	*p;
	struct dot2_cert	*ct;
	struct buf		 enc, re;
	uint8_t			*m;
	size_t			 i, k, v, used, parsed = 0, tried = 0;
	int			 ok = 1;

	buf_init(&enc);
	buf_init(&re);
	for (i = 0; i < NSAMPLES; i++) {
		buf_reset(&enc);
		if (dot2_build(&enc, samples[i].d) != REASON_OK)
			continue;
		if ((m = malloc(enc.len)) == NULL)
			break;
		for (k = 0; k < enc.len; k++) {
			for (v = 0; v < sizeof(vals) + 1; v++) {
				memcpy(m, enc.p, enc.len);
				m[k] = v < sizeof(vals) ? vals[v] : m[k] ^ 0x40;
				tried++;
				if (dot2_parse(&p, m, enc.len, 0, &used, NULL,
				    0) != REASON_OK)
					continue;
				parsed++;
				buf_reset(&re);
				if (dot2_build(&re, p) != REASON_OK ||
				    !same(&re, m, used)) {
					if (ok)
						printf("    sample %zu octet %zu"
						    " value %02x\n", i, k, m[k]);
					ok = 0;
				}
				dot2_free(p);
			}
		}
		free(m);
	}
	for (i = 0; i < NCERTS; i++) {
		buf_reset(&enc);
		if (dot2_cert_build(&enc, all_certs[i]) != REASON_OK)
			continue;
		if ((m = malloc(enc.len)) == NULL)
			break;
		for (k = 0; k < enc.len; k++) {
			memcpy(m, enc.p, enc.len);
			m[k] ^= 0x81;
			tried++;
			if (dot2_cert_parse(&ct, m, enc.len, &used, NULL, 0) !=
			    REASON_OK)
				continue;
			parsed++;
			buf_reset(&re);
			if (dot2_cert_build(&re, ct) != REASON_OK ||
			    !same(&re, m, used))
				ok = 0;
			dot2_cert_free(ct);
		}
		free(m);
	}
	printf("    %zu mutations, %zu still parse\n", tried, parsed);
	CHECK("mutated encodings that parse rebuild to the same octets", ok);
	buf_free(&enc);
	buf_free(&re);
}

/* Pieces of hand-made encodings. */
#define SIG	" 80 80 Z64,"			/* ecdsaNistP256, x-only */
#define SIGNED	"03 81 00 40 03 80 00"		/* sha256, data: empty */
#define HDR	" 00 01 20"			/* HeaderInfo: psid 32 */
#define SELF	" 82"				/* signer self */

static void
test_lengths(void)
{
	size_t	 used;

	CHECK("hand-made signed data parses",
	    parse_hex(SIGNED HDR SELF SIG, 0, &used) == REASON_OK &&
	    used == 77);
	CHECK("unsecuredData longer than the input: BAD_LENGTH",
	    parse_hex("03 80 05 01 02 03", 0, NULL) == REASON_BAD_LENGTH);
	CHECK("unsecuredData shorter than the input: trailing octets",
	    parse_hex("03 80 02 01 02 ff ff", 0, &used) == REASON_OK &&
	    used == 5);
	CHECK("long-form length past the end: BAD_LENGTH",
	    parse_hex("03 80 81 ff 00", 0, NULL) == REASON_BAD_LENGTH);
	CHECK("length determinant cut off: TRUNCATED",
	    parse_hex("03 80 82", 0, NULL) == REASON_TRUNCATED);
	CHECK("huge length: BAD_LENGTH",
	    parse_hex("03 80 88 ff ff ff ff ff ff ff ff", 0, NULL) ==
	    REASON_BAD_LENGTH);
	/* ecdsaNistP384Signature is an extension alternative: an open type
	 * here one octet longer than the 97 of its value. */
	CHECK("open type longer than its value: BAD_LENGTH",
	    parse_hex(SIGNED HDR SELF " 83 62 80 Z97,", 0, NULL) ==
	    REASON_BAD_LENGTH);
	CHECK("open type shorter than its value: TRUNCATED",
	    parse_hex(SIGNED HDR SELF " 83 60 80 Z97,", 0, NULL) ==
	    REASON_TRUNCATED);
	CHECK("SEQUENCE OF quantity that cannot fit: BAD_LENGTH",
	    parse_hex(SIGNED HDR " 81 01 64 Z200,", 0, NULL) ==
	    REASON_BAD_LENGTH);
	CHECK("quantity of 2^64-1: BAD_LENGTH",
	    parse_hex(SIGNED HDR " 81 08 ff ff ff ff ff ff ff ff", 0, NULL) ==
	    REASON_BAD_LENGTH);
	CHECK("quantity wider than 64 bits: BAD_LENGTH",
	    parse_hex(SIGNED HDR " 81 09 01 Z8,", 0, NULL) ==
	    REASON_BAD_LENGTH);
	CHECK("PSID of zero octets: BAD_LENGTH",
	    parse_hex(SIGNED " 00 00" SELF SIG, 0, NULL) ==
	    REASON_BAD_LENGTH);
	CHECK("hostname length past the end: BAD_LENGTH",
	    cert_hex("80 03 00 81 00 10 81 40 41 42") == REASON_BAD_LENGTH);
}

static void
test_noncanonical(void)
{
	CHECK("long-form length below 128: NONCANONICAL",
	    parse_hex("03 80 81 01 01", 0, NULL) == REASON_NONCANONICAL);
	CHECK("length with a leading zero octet: NONCANONICAL",
	    parse_hex("03 80 82 00 80 Z128,", 0, NULL) ==
	    REASON_NONCANONICAL);
	CHECK("length 0x80 (no octets): NONCANONICAL",
	    parse_hex("03 80 80", 0, NULL) == REASON_NONCANONICAL);
	CHECK("PSID with a leading zero octet: NONCANONICAL",
	    parse_hex(SIGNED " 00 02 00 20" SELF SIG, 0, NULL) ==
	    REASON_NONCANONICAL);
	CHECK("quantity with a leading zero octet: NONCANONICAL",
	    parse_hex(SIGNED HDR " 81 02 00 01 Z100,", 0, NULL) ==
	    REASON_NONCANONICAL);
	CHECK("payload preamble padding bit set: NONCANONICAL",
	    parse_hex("03 81 00 41 03 80 00" HDR SELF SIG, 0, NULL) ==
	    REASON_NONCANONICAL);
	CHECK("HeaderInfo padding bit set: NONCANONICAL",
	    parse_hex(SIGNED " 01 01 20" SELF SIG, 0, NULL) ==
	    REASON_NONCANONICAL);
	CHECK("extension bit with no addition present: NONCANONICAL",
	    parse_hex(SIGNED " 80 01 20 02 00 00" SELF SIG, 0, NULL) ==
	    REASON_NONCANONICAL);
	CHECK("extension bitmap unused bits set: NONCANONICAL",
	    parse_hex(SIGNED " 80 01 20 02 04 03 01 00 01 00" SELF SIG, 0,
	    NULL) == REASON_NONCANONICAL);
	CHECK("HashAlgorithm in long form: NONCANONICAL",
	    parse_hex("03 81 81 00 40 03 80 00" HDR SELF SIG, 0, NULL) ==
	    REASON_NONCANONICAL);
	CHECK("CHOICE tag in long form below 63: NONCANONICAL",
	    parse_hex("03 bf 01 00", 0, NULL) == REASON_NONCANONICAL);
	/* PsidGroupPermissions sending minChainLength 1, its DEFAULT. */
	CHECK("DEFAULT value encoded: NONCANONICAL",
	    cert_hex("80 03 00 81 00 08 83 000000 0000 00000000 80 0000"
	    " 01 01 80 81 01 01 Z80,") == REASON_NONCANONICAL);
}

static void
test_tags(void)
{
	CHECK("unknown content tag: UNKNOWN_TYPE",
	    parse_hex("03 85 00", 0, NULL) == REASON_UNKNOWN_TYPE);
	CHECK("non-context tag class: BAD_VALUE",
	    parse_hex("03 00 00", 0, NULL) == REASON_BAD_VALUE);
	CHECK("unknown signer tag: UNKNOWN_TYPE",
	    parse_hex(SIGNED HDR " 83" SIG, 0, NULL) == REASON_UNKNOWN_TYPE);
	CHECK("unknown signature tag: UNKNOWN_TYPE",
	    parse_hex(SIGNED HDR SELF " 85 Z64,", 0, NULL) ==
	    REASON_UNKNOWN_TYPE);
	CHECK("unknown curve point tag: UNKNOWN_TYPE",
	    parse_hex(SIGNED HDR SELF " 80 85 Z64,", 0, NULL) ==
	    REASON_UNKNOWN_TYPE);
	CHECK("unknown hash algorithm: UNKNOWN_TYPE",
	    parse_hex("03 81 03 40 03 80 00" HDR SELF SIG, 0, NULL) ==
	    REASON_UNKNOWN_TYPE);
	CHECK("large tag number: UNKNOWN_TYPE",
	    parse_hex("03 bf 8f 7f 00", 0, NULL) == REASON_UNKNOWN_TYPE);
	CHECK("version 2: UNKNOWN_VERSION",
	    parse_hex("02 80 01 00", 0, NULL) == REASON_UNKNOWN_VERSION);
	CHECK("a J2735 MessageFrame is not 1609.2: UNKNOWN_VERSION",
	    parse_hex("00 20 1A 00 00 02 1B D8 68 91", 0, NULL) ==
	    REASON_UNKNOWN_VERSION);
	CHECK("certificate version 2: UNKNOWN_VERSION",
	    cert_hex("00 02") == REASON_UNKNOWN_VERSION);
	CHECK("unknown certificate type: UNKNOWN_TYPE",
	    cert_hex("00 03 02") == REASON_UNKNOWN_TYPE);
	CHECK("empty input: TRUNCATED",
	    parse_hex("", 0, NULL) == REASON_TRUNCATED);
}

/* An encoded sample with one field replaced, parsed back. */
static enum reason
cert_variant(void (*edit)(struct dot2_cert *))
{
	struct dot2_cert	 c = cert_a;
	struct buf		 b;
	enum reason		 e;

	edit(&c);
	buf_init(&b);
	e = dot2_cert_build(&b, &c);
	buf_free(&b);
	return e;
}

static void edit_poly(struct dot2_cert *c)
{
	c->tbs.region.kind = DOT2_REGION_POLYGONAL;
	c->tbs.region.n = 2;
	c->tbs.region.points = poly_c;
}
static void edit_lat(struct dot2_cert *c)
{
	c->tbs.region.center.lat = 900000002;
}
static void edit_noperm(struct dot2_cert *c)
{
	c->tbs.has_app = c->tbs.has_issue = c->tbs.has_request = 0;
}
static void edit_nosig(struct dot2_cert *c)
{
	c->has_signature = 0;
}
static void edit_binid(struct dot2_cert *c)
{
	c->tbs.id.kind = DOT2_CERTID_BINARY;
	c->tbs.id.name.len = 65;
}
static void edit_utf8(struct dot2_cert *c)
{
	c->tbs.id.name = (struct dot2_bytes){ (const uint8_t *)"\xc0\xaf", 2 };
}
static void edit_nullkey(struct dot2_cert *c)
{
	c->tbs.key.point.x = NULL;
}

static void
test_constraints(void)
{
	struct dot2_signed	 s = s_self;
	struct dot2_data	 d;
	struct buf		 b;

	CHECK("builder: polygon of two points: BAD_VALUE",
	    cert_variant(edit_poly) == REASON_BAD_VALUE);
	CHECK("builder: latitude out of range: BAD_VALUE",
	    cert_variant(edit_lat) == REASON_BAD_VALUE);
	CHECK("builder: no permissions at all: BAD_VALUE",
	    cert_variant(edit_noperm) == REASON_BAD_VALUE);
	CHECK("builder: explicit certificate without signature: BAD_VALUE",
	    cert_variant(edit_nosig) == REASON_BAD_VALUE);
	CHECK("builder: binaryId of 65 octets: BAD_VALUE",
	    cert_variant(edit_binid) == REASON_BAD_VALUE);
	CHECK("builder: name not UTF-8: BAD_VALUE",
	    cert_variant(edit_utf8) == REASON_BAD_VALUE);
	CHECK("builder: missing key octets: BAD_VALUE",
	    cert_variant(edit_nullkey) == REASON_BAD_VALUE);
	buf_init(&b);
	s.payload.data = NULL;
	memset(&d, 0, sizeof(d));
	signed_(&d, &s);
	CHECK("builder: payload with nothing in it: BAD_VALUE",
	    dot2_build(&b, &d) == REASON_BAD_VALUE && b.len == 0);
	buf_free(&b);

	/* The parser's side of the same constraints. */
	CHECK("parser: payload with nothing in it: BAD_VALUE",
	    parse_hex("03 81 00 00" HDR SELF SIG, 0, NULL) ==
	    REASON_BAD_VALUE);
	CHECK("parser: certificate chain of none: BAD_VALUE",
	    parse_hex(SIGNED HDR " 81 01 00" SIG, 0, NULL) ==
	    REASON_BAD_VALUE);
	CHECK("parser: latitude out of range: BAD_VALUE",
	    parse_hex(SIGNED " 10 01 20 35 a4 e9 02 Z6," SELF SIG, 0, NULL) ==
	    REASON_BAD_VALUE);
	CHECK("parser: longitude out of range: BAD_VALUE",
	    parse_hex(SIGNED " 10 01 20 00 00 00 00 80 00 00 00 00 00" SELF
	    SIG, 0, NULL) == REASON_BAD_VALUE);
	CHECK("parser: hand-made implicit certificate parses",
	    cert_hex("00 03 01 81 00 10 83 000000 0000 00000000 80 0000"
	    " 01 01 00 01 20 81 80 Z32,") == REASON_OK);
	CHECK("parser: implicit certificate with a signature: BAD_VALUE",
	    cert_hex("80 03 01 81 00 10 83 000000 0000 00000000 80 0000"
	    " 01 01 00 01 20 81 80 Z32," SIG) == REASON_BAD_VALUE);
	CHECK("parser: explicit certificate without a signature: BAD_VALUE",
	    cert_hex("00 03 00 81 00 10 83 000000 0000 00000000 80 0000"
	    " 01 01 00 01 20 80 80 82 Z32,") == REASON_BAD_VALUE);
	CHECK("parser: no permissions: BAD_VALUE",
	    cert_hex("00 03 01 81 00 00 83 000000 0000 00000000 80 0000"
	    " 81 80 Z32,") == REASON_BAD_VALUE);
	CHECK("parser: binaryId of zero octets: BAD_VALUE",
	    cert_hex("80 03 00 81 00 10 82 00 Z80,") == REASON_BAD_VALUE);
	CHECK("parser: name not UTF-8: BAD_VALUE",
	    cert_hex("80 03 00 81 00 10 81 02 c0 af Z80,") ==
	    REASON_BAD_VALUE);
	CHECK("parser: polygon of two points: BAD_VALUE",
	    cert_hex("80 03 00 81 00 50 83 000000 0000 00000000 80 0000"
	    " 82 01 02 Z16,") == REASON_BAD_VALUE);
	CHECK("parser: BitmapSsp of 32 octets: BAD_VALUE",
	    cert_hex("00 03 01 81 00 10 83 000000 0000 00000000 80 0000"
	    " 01 01 80 01 20 81 21 20 Z32, 81 80 Z32,") == REASON_BAD_VALUE);
}

/* Depth bombs: signedData inside signedData inside ..., and (with
 * DOT2_UNWRAP) unsecuredData inside unsecuredData. */
static void
test_depth(void)
{
	char	 hex[4096];
	size_t	 i, o = 0;

	for (i = 0; i < 100; i++)
		o += (size_t)snprintf(hex + o, sizeof(hex) - o, "03810040");
	CHECK("signedData nested 100 deep: TOO_DEEP",
	    parse_hex(hex, 0, NULL) == REASON_TOO_DEEP);
	o = 0;
	for (i = 0; i < DOT2_MAX_DEPTH - 1; i++)
		o += (size_t)snprintf(hex + o, sizeof(hex) - o, "03810040");
	o += (size_t)snprintf(hex + o, sizeof(hex) - o, "038000");
	for (i = 0; i < DOT2_MAX_DEPTH - 1; i++)
		o += (size_t)snprintf(hex + o, sizeof(hex) - o, HDR SELF SIG);
	CHECK("signedData nested to the limit parses",
	    parse_hex(hex, 0, NULL) == REASON_OK);
	/* 03 80 LL 03 80 LL ... 03 80 00, 20 levels. */
	{
		uint8_t		 in[64];
		struct dot2_data *d;
		struct dot2_bytes pl;
		int		 k, n = 20;

		for (k = 0; k < n; k++) {
			in[3 * k] = 3;
			in[3 * k + 1] = 0x80;
			in[3 * k + 2] = (uint8_t)(3 * (n - 1 - k));
		}
		CHECK("unsecuredData nested 20 deep, DOT2_UNWRAP: TOO_DEEP",
		    dot2_parse(&d, in, 3 * (size_t)n, DOT2_UNWRAP, NULL, NULL,
		    0) == REASON_TOO_DEEP);
		CHECK("unsecuredData nested 20 deep, plain: opaque",
		    dot2_parse(&d, in, 3 * (size_t)n, 0, NULL, NULL, 0) ==
		    REASON_OK && d->inner == NULL);
		dot2_free(d);
		n = 4;
		for (k = 0; k < n; k++) {
			in[3 * k] = 3;
			in[3 * k + 1] = 0x80;
			in[3 * k + 2] = (uint8_t)(3 * (n - 1 - k));
		}
		CHECK("unsecuredData nested 4 deep, DOT2_UNWRAP: unwrapped",
		    dot2_parse(&d, in, 3 * (size_t)n, DOT2_UNWRAP, NULL,
		    NULL, 0) == REASON_OK && d->inner != NULL &&
		    d->inner->inner != NULL && dot2_payload(d, &pl) ==
		    REASON_OK && pl.len == 0 && pl.p == in + 3 * n);
		if (d != NULL) {
			struct buf b;

			buf_init(&b);
			CHECK("unwrapped data rebuilds",
			    dot2_build(&b, d) == REASON_OK &&
			    same(&b, in, 3 * (size_t)n));
			buf_free(&b);
		}
		dot2_free(d);
	}
}

/* The jpo-ode SPAT vector's shape: signedData whose unsecuredData says
 * 0x7c octets and holds 5. */
static void
test_lenient(void)
{
	static const char spat[] = "0381004003807c0013470008";
	struct dot2_data	*d = NULL;
	struct dot2_bytes	 pl;
	struct buf		 j;
	uint8_t			 in[64];
	long			 n;
	size_t			 used = 0;

	n = check_unhex(spat, in, sizeof(in));
	CHECK("lenient: strict parse gives BAD_LENGTH",
	    dot2_parse(&d, in, (size_t)n, 0, NULL, NULL, 0) ==
	    REASON_BAD_LENGTH && d == NULL);
	CHECK("lenient: DOT2_LENIENT recovers the payload",
	    dot2_parse(&d, in, (size_t)n, DOT2_LENIENT, &used, NULL, 0) ==
	    REASON_OK && used == (size_t)n && d->lenient &&
	    d->signed_data->incomplete && dot2_payload(d, &pl) == REASON_OK &&
	    pl.len == 5 && pl.p == in + 7);
	buf_init(&j);
	if (d != NULL) {
		dot2_json(&j, d);
		CHECK("lenient: JSON says so",
		    strstr(buf_cstr(&j), "\"lenient\":true") != NULL &&
		    strstr(buf_cstr(&j), "\"incomplete\":true") != NULL);
		buf_reset(&j);
		CHECK("lenient: a recovered message does not rebuild",
		    dot2_build(&j, d) == REASON_BAD_VALUE);
	}
	dot2_free(d);
	in[0] = 3;
	in[1] = 0x80;
	in[2] = 0;
	CHECK("lenient: a sound message is not marked",
	    dot2_parse(&d, in, 3, DOT2_LENIENT, NULL, NULL, 0) ==
	    REASON_OK && !d->lenient && d->opaque.len == 0);
	dot2_free(d);
	buf_free(&j);
}

static void
test_payload(void)
{
	struct dot2_data	*d;
	struct dot2_bytes	 pl;
	struct buf		 b;

	buf_init(&b);
	dot2_build(&b, &d_nest);
	CHECK("payload of signed-in-signed is the innermost unsecuredData",
	    dot2_parse(&d, (uint8_t *)b.p, b.len, 0, NULL, NULL, 0) ==
	    REASON_OK && dot2_payload(d, &pl) == REASON_OK && pl.len == 10 &&
	    memcmp(pl.p, B(1300), 10) == 0 &&
	    dot2_first_signed(d) == d->signed_data);
	dot2_free(d);
	CHECK("payload of encryptedData: UNSUPPORTED",
	    dot2_payload(&d_enc, &pl) == REASON_UNSUPPORTED);
	CHECK("payload of an external hash only: UNSUPPORTED",
	    dot2_payload(&d_sm3, &pl) == REASON_UNSUPPORTED);
	CHECK("payload of a certificate request: UNSUPPORTED",
	    dot2_payload(&d_req, &pl) == REASON_UNSUPPORTED);
	buf_free(&b);
}

/* Unknown extension additions are kept and sent back as they came. */
static void
test_unknown_ext(void)
{
	/* HeaderInfo with a 6-bit bitmap: pduFunctionalType (bit 2) and
	 * an unknown bit 5; MissingCrlIdentifier with an unknown addition. */
	static const char hex[] = SIGNED " 84 01 20"
	    " 80 ab cd ef 00 07 02 07 80 01 ff"
	    " 02 02 24 01 05 03 aa bb cc" SELF SIG;
	struct dot2_data	*d = NULL;
	struct buf		 b;
	uint8_t			 in[256];
	long			 n;
	size_t			 used = 0;
	enum reason		 e;

	n = unhex(hex, in, sizeof(in));
	e = dot2_parse(&d, in, (size_t)n, 0, &used, NULL, 0);
	CHECK("unknown extension additions parse",
	    e == REASON_OK && d->signed_data->header.has_pdu_type &&
	    d->signed_data->header.pdu_type == 5 &&
	    d->signed_data->header.ext.n == 1 &&
	    d->signed_data->header.ext.unknown[0].bit == 5 &&
	    d->signed_data->header.missing_crl.ext.n == 1);
	buf_init(&b);
	if (e == REASON_OK)
		CHECK("unknown extension additions rebuild",
		    dot2_build(&b, d) == REASON_OK && same(&b, in, used) &&
		    used == (size_t)n);
	buf_free(&b);
	dot2_free(d);
}

static void
test_json(void)
{
	struct dot2_data	*d;
	struct buf		 b, j;

	buf_init(&b);
	buf_init(&j);
	dot2_build(&b, &d_chain);
	if (dot2_parse(&d, (uint8_t *)b.p, b.len, 0, NULL, NULL, 0) ==
	    REASON_OK) {
		dot2_json(&j, d);
		CHECK("JSON names content, psid, time, signer, certificate",
		    strstr(buf_cstr(&j), "{\"layer\":\"ieee1609dot2\","
		    "\"protocolVersion\":3,\"content\":\"signedData\","
		    "\"hashId\":\"sm3\",\"psid\":36,\"generationTime\":"
		    "\"2019-11-21T13:27:55.646830Z\",\"generationTimeTai\":"
		    "501427680646830,") != NULL &&
		    strstr(buf_cstr(&j), "\"signer\":\"certificate\","
		    "\"certificate\":{\"type\":\"explicit\",\"id\":"
		    "{\"linkageData\":") != NULL &&
		    strstr(buf_cstr(&j), "\"chain\":[{") != NULL &&
		    strstr(buf_cstr(&j), "\"signatureType\":"
		    "\"ecdsaBrainpoolP384r1Signature\"") != NULL);
		dot2_free(d);
	}
	buf_reset(&j);
	dot2_cert_json(&j, &cert_a);
	CHECK("certificate JSON: UTF-8 name, validity in UTC",
	    strstr(buf_cstr(&j), "\"id\":{\"name\":\"r\xc3\xa9seau-root."
	    "example\"}") != NULL &&
	    strstr(buf_cstr(&j), "\"validityStart\":\"2019-11-19T03:00:00Z\","
	    "\"validityEnd\":\"2019-11-26T03:00:00Z\"") != NULL);
	buf_free(&b);
	buf_free(&j);
}

/* Canonical forms for hashing: keys compressed, rSig x-only. */
static void
test_canonical(void)
{
	struct dot2_cert	 c = cert_b, *p = NULL;
	struct dot2_data	*d = NULL;
	struct buf		 b;
	int			 n;

	buf_init(&b);
	n = dot2_cert_canonicalize(&c);
	CHECK("canonicalize certificate: two points change", n == 2 &&
	    c.tbs.key.point.form == ((B(400)[47] & 1) ?
	    DOT2_POINT_COMPRESSED_Y1 : DOT2_POINT_COMPRESSED_Y0) &&
	    c.signature.r.form == DOT2_POINT_X_ONLY &&
	    c.signature.r.x == cert_b.signature.r.x);
	CHECK("canonicalize certificate: then nothing more",
	    dot2_cert_canonicalize(&c) == 0);
	CHECK("canonical certificate builds and parses",
	    dot2_cert_build(&b, &c) == REASON_OK &&
	    dot2_cert_parse(&p, (uint8_t *)b.p, b.len, NULL, NULL, 0) ==
	    REASON_OK && dot2_cert_canonicalize(p) == 0);
	dot2_cert_free(p);
	buf_reset(&b);
	dot2_build(&b, &d_chain);
	if (dot2_parse(&d, (uint8_t *)b.p, b.len, 0, NULL, NULL, 0) ==
	    REASON_OK) {
		CHECK("canonicalize signed data: chain and signature",
		    dot2_canonicalize(d) == 3 && dot2_canonicalize(d) == 0 &&
		    d->signed_data->signer.certs[0].signature.r.form ==
		    DOT2_POINT_X_ONLY);
		struct buf b2;	/* d points into b */

		buf_init(&b2);
		CHECK("canonical signed data builds",
		    dot2_build(&b2, d) == REASON_OK && b2.len < d->enc.len);
		buf_free(&b2);
	}
	dot2_free(d);
	buf_free(&b);
}

/* --- tool modes ----------------------------------------------------------------------- */

static long
read_input(const char *arg, uint8_t *out, size_t cap)
{
	FILE	*f;
	size_t	 n;

	if (arg[0] != '@')
		return check_unhex(arg, out, cap);
	if ((f = fopen(arg + 1, "rb")) == NULL)
		return -1;
	n = fread(out, 1, cap, f);
	fclose(f);
	return (long)n;
}

static int
tool_parse(int argc, char **argv)
{
	static uint8_t		 in[1 << 20];
	struct dot2_data	*d;
	struct dot2_bytes	 pl;
	struct buf		 b, re;
	char			 err[256];
	size_t			 used = 0;
	long			 n;
	int			 i, flags = 0;
	enum reason		 e;

	for (i = 0; i < argc - 1; i++) {
		if (strcmp(argv[i], "-l") == 0)
			flags |= DOT2_LENIENT;
		else if (strcmp(argv[i], "-u") == 0)
			flags |= DOT2_UNWRAP;
	}
	if (argc < 1 || (n = read_input(argv[argc - 1], in, sizeof(in))) < 0) {
		fprintf(stderr, "usage: unit_dot2 parse [-l] [-u] HEX|@FILE\n");
		return 2;
	}
	buf_init(&b);
	buf_init(&re);
	e = dot2_parse(&d, in, (size_t)n, flags, &used, err, sizeof(err));
	if (e != REASON_OK) {
		printf("{\"reason\":\"%s\",\"detail\":\"%s\"}\n", reason_str(e),
		    err);
		return 1;
	}
	buf_addf(&b, "{\"reason\":\"OK\",\"used\":%zu,\"trailing\":%zu",
	    used, (size_t)n - used);
	if (dot2_payload(d, &pl) == REASON_OK) {
		buf_adds(&b, ",\"payload\":\"");
		buf_addhex(&b, pl.p, pl.len);
		buf_addc(&b, '"');
	}
	if (!d->lenient) {
		e = dot2_build(&re, d);
		buf_addf(&b, ",\"rebuild\":\"%s\"", e != REASON_OK ?
		    reason_str(e) : same(&re, in, used) ? "same" : "differs");
	}
	if (d->content == DOT2_SIGNED && !d->signed_data->incomplete) {
		buf_reset(&re);
		e = dot2_build_tbs(&re, d->signed_data);
		buf_addf(&b, ",\"tbs\":\"%s\"", e != REASON_OK ?
		    reason_str(e) : same(&re, d->signed_data->tbs_enc.p,
		    d->signed_data->tbs_enc.len) ? "same" : "differs");
	}
	buf_adds(&b, ",\"layer\":");
	dot2_json(&b, d);
	if (d->content == DOT2_SIGNED && !d->signed_data->incomplete &&
	    d->signed_data->signer.kind == DOT2_SIGNER_CERTIFICATE) {
		buf_adds(&b, ",\"certificates\":[");
		for (i = 0; (size_t)i < d->signed_data->signer.n_certs; i++) {
			if (i)
				buf_addc(&b, ',');
			dot2_cert_json(&b, &d->signed_data->signer.certs[i]);
		}
		buf_addc(&b, ']');
	}
	buf_adds(&b, "}\n");
	fwrite(b.p, 1, b.len, stdout);
	dot2_free(d);
	buf_free(&b);
	buf_free(&re);
	return 0;
}

static int
tool_samples(const char *dir)
{
	struct buf	 b, h;
	char		 path[1024];
	size_t		 i;

	buf_init(&b);
	buf_init(&h);
	for (i = 0; i < NSAMPLES; i++) {
		buf_reset(&b);
		if (dot2_build(&b, samples[i].d) != REASON_OK) {
			fprintf(stderr, "sample %s does not build\n",
			    samples[i].name);
			return 1;
		}
		if (dir == NULL) {
			buf_reset(&h);
			buf_addhex(&h, (uint8_t *)b.p, b.len);
			printf("{\"name\":\"%s\",\"tshark\":%s,\"hex\":\"%s\"}\n",
			    samples[i].name, samples[i].tshark ? "true" :
			    "false", buf_cstr(&h));
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s", dir, samples[i].name);
		if (check_write_file(path, b.p, b.len) == -1)
			return 1;
		if (samples[i].d == &d_self) {
			/* Cut inside the payload: a lenient-mode seed. */
			snprintf(path, sizeof(path), "%s/%s-cut", dir,
			    samples[i].name);
			if (check_write_file(path, b.p, 12) == -1)
				return 1;
		}
	}
	for (i = 0; dir != NULL && i < NCERTS; i++) {
		buf_reset(&b);
		if (dot2_cert_build(&b, all_certs[i]) != REASON_OK)
			return 1;
		snprintf(path, sizeof(path), "%s/certificate-%c", dir,
		    (int)('a' + i));
		if (check_write_file(path, b.p, b.len) == -1)
			return 1;
	}
	buf_free(&b);
	buf_free(&h);
	return 0;
}

int
main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	setup();
	if (argc > 1 && strcmp(argv[1], "parse") == 0)
		return tool_parse(argc - 2, argv + 2);
	if (argc > 1 && strcmp(argv[1], "samples") == 0)
		return tool_samples(NULL);
	if (argc > 2 && strcmp(argv[1], "corpus") == 0)
		return tool_samples(argv[2]);
	test_oer();
	test_identity();
	test_truncations();
	test_mutations();
	test_lengths();
	test_noncanonical();
	test_tags();
	test_constraints();
	test_depth();
	test_lenient();
	test_payload();
	test_unknown_ext();
	test_json();
	test_canonical();
	return check_exit();
}
