/*
 * dot2.h: IEEE 1609.2 secured messages and certificates in canonical OER:
 * IEEE Std 1609.2-2016 with 1609.2a-2017 and the 2022 additions, as profiled
 * by ETSI TS 103 097 v1.3.1 / v1.4.1.  Parsing and building only, no
 * cryptography: the structures keep the exact encoded bytes that signatures
 * and HashedIds are computed over (dot2_signed.tbs_enc, dot2_cert.enc,
 * dot2_cert.tbs_enc).
 *
 * Parsed structures point into the input: keep it alive while using them.
 * Builders read the same structures, filled by hand, and append canonical
 * OER to a struct buf; they ignore the *enc spans.  Never build into the
 * buffer a structure was parsed from: it may move when it grows.
 */
#ifndef DOT2_H
#define DOT2_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "reason.h"

#define DOT2_VERSION	3	/* Ieee1609Dot2Data and Certificate version */
#define DOT2_MAX_DEPTH	8	/* nested Ieee1609Dot2Data levels */

/* dot2_parse flags */
#define DOT2_LENIENT	0x01	/* recover an unsecuredData whose length runs
				   past the input; sets dot2_data.lenient */
#define DOT2_UNWRAP	0x02	/* parse unsecuredData that is itself a whole
				   Ieee1609Dot2Data into dot2_data.inner */

struct dot2_arena;

/* A span of encoded bytes (borrowed). */
struct dot2_bytes {
	const uint8_t	*p;
	size_t		 len;
};

/* Extension additions we do not know (kept for rebuilding), and the
 * length of the presence bitmap as received (0: as many bits as we know). */
struct dot2_ext_raw {
	unsigned		 bit;	/* index among the additions */
	struct dot2_bytes	 value;	/* the open type's contents */
};
struct dot2_exts {
	unsigned			 nbits;
	size_t				 n;
	const struct dot2_ext_raw	*unknown;
};

/* --- base types (Ieee1609Dot2BaseTypes) ---------------------------------- */

enum dot2_hash { DOT2_HASH_SHA256, DOT2_HASH_SHA384, DOT2_HASH_SM3 };

/* EccP256CurvePoint / EccP384CurvePoint; x, y are 32 or 48 octets. */
enum dot2_point_form {
	DOT2_POINT_X_ONLY, DOT2_POINT_FILL, DOT2_POINT_COMPRESSED_Y0,
	DOT2_POINT_COMPRESSED_Y1, DOT2_POINT_UNCOMPRESSED
};
struct dot2_point {
	enum dot2_point_form	 form;
	const uint8_t		*x;	/* NULL for fill */
	const uint8_t		*y;	/* uncompressed only */
	size_t			 size;	/* set by the parser: 32 or 48 */
};

/* Signature CHOICE (tag order).  sm2Signature's rSig is r.x (x-only). */
enum dot2_sig_type {
	DOT2_SIG_ECDSA_NIST_P256, DOT2_SIG_ECDSA_BRAINPOOL_P256R1,
	DOT2_SIG_ECDSA_BRAINPOOL_P384R1, DOT2_SIG_ECDSA_NIST_P384, DOT2_SIG_SM2
};
struct dot2_signature {
	enum dot2_sig_type	 type;
	struct dot2_point	 r;
	const uint8_t		*s;	/* 32 or 48 octets */
	struct dot2_bytes	 enc;	/* parsed: the whole Signature */
};

/* PublicVerificationKey CHOICE (tag order). */
enum dot2_key_alg {
	DOT2_KEY_ECDSA_NIST_P256, DOT2_KEY_ECDSA_BRAINPOOL_P256R1,
	DOT2_KEY_ECDSA_BRAINPOOL_P384R1, DOT2_KEY_ECDSA_NIST_P384,
	DOT2_KEY_ECSIG_SM2
};
struct dot2_verify_key {
	enum dot2_key_alg	 alg;
	struct dot2_point	 point;
};

enum dot2_symm_alg { DOT2_SYMM_AES128CCM, DOT2_SYMM_SM4CCM };
/* BasePublicEncryptionKey CHOICE (tag order). */
enum dot2_enc_alg {
	DOT2_ENC_ECIES_NIST_P256, DOT2_ENC_ECIES_BRAINPOOL_P256R1,
	DOT2_ENC_ECENC_SM2
};
struct dot2_public_enc_key {			/* PublicEncryptionKey */
	enum dot2_symm_alg	 symm;
	enum dot2_enc_alg	 alg;
	struct dot2_point	 point;
};
enum dot2_enckey_kind { DOT2_ENCKEY_PUBLIC, DOT2_ENCKEY_SYMMETRIC };
struct dot2_encryption_key {			/* EncryptionKey */
	enum dot2_enckey_kind		 kind;
	struct dot2_public_enc_key	 pub;
	enum dot2_symm_alg		 symm;	/* SymmetricEncryptionKey */
	const uint8_t			*key;	/* 16 octets */
};

/* Locations: 1/10 microdegree; elevation in decimetres above -409.5 m. */
struct dot2_2d {
	int32_t		 lat;
	int32_t		 lon;
};
struct dot2_3d {
	int32_t		 lat;
	int32_t		 lon;
	uint16_t	 elevation;
};
struct dot2_rect {
	struct dot2_2d	 nw;
	struct dot2_2d	 se;
};
struct dot2_subregions {			/* RegionAndSubregions */
	uint8_t		 region;
	size_t		 n;
	const uint16_t	*subregions;
};
enum dot2_idregion_kind {
	DOT2_IDREG_COUNTRY_ONLY, DOT2_IDREG_COUNTRY_AND_REGIONS,
	DOT2_IDREG_COUNTRY_AND_SUBREGIONS
};
struct dot2_idregion {				/* IdentifiedRegion */
	enum dot2_idregion_kind		 kind;
	uint16_t			 country;
	size_t				 n;	/* regions or subs */
	const uint8_t			*regions;
	const struct dot2_subregions	*subs;
};
enum dot2_region_kind {
	DOT2_REGION_CIRCULAR, DOT2_REGION_RECTANGULAR, DOT2_REGION_POLYGONAL,
	DOT2_REGION_IDENTIFIED
};
struct dot2_region {				/* GeographicRegion */
	enum dot2_region_kind		 kind;
	struct dot2_2d			 center;	/* circular */
	uint16_t			 radius;	/* metres */
	size_t				 n;
	const struct dot2_rect		*rects;
	const struct dot2_2d		*points;	/* polygon, n >= 3 */
	const struct dot2_idregion	*ids;
};

enum dot2_ssp_kind { DOT2_SSP_OPAQUE, DOT2_SSP_BITMAP };
struct dot2_psid_ssp {				/* PsidSsp */
	uint64_t		 psid;
	int			 has_ssp;
	enum dot2_ssp_kind	 ssp_kind;
	struct dot2_bytes	 ssp;		/* bitmap: 0..31 octets */
};
enum dot2_sspr_kind { DOT2_SSPR_OPAQUE, DOT2_SSPR_ALL, DOT2_SSPR_BITMAP };
struct dot2_psid_range {			/* PsidSspRange */
	uint64_t			 psid;
	int				 has_range;
	enum dot2_sspr_kind		 kind;
	size_t				 n;		/* opaque */
	const struct dot2_bytes		*opaque;
	struct dot2_bytes		 value;		/* bitmapSspRange */
	struct dot2_bytes		 mask;
};
enum dot2_subject_kind { DOT2_SUBJECT_EXPLICIT, DOT2_SUBJECT_ALL };
/* PsidGroupPermissions.  The DEFAULTs (1, 0, {app} = 0x80) are omitted
 * when building and filled in when parsing: set them when building. */
struct dot2_group_perm {
	enum dot2_subject_kind		 kind;
	size_t				 n;
	const struct dot2_psid_range	*ranges;
	int64_t				 min_chain_length;
	int64_t				 chain_length_range;
	uint8_t				 ee_type;	/* bit 0x80 app, 0x40 enrol */
};

/* --- certificates ---------------------------------------------------------- */

enum dot2_duration_unit {
	DOT2_DUR_MICROSECONDS, DOT2_DUR_MILLISECONDS, DOT2_DUR_SECONDS,
	DOT2_DUR_MINUTES, DOT2_DUR_HOURS, DOT2_DUR_SIXTY_HOURS, DOT2_DUR_YEARS
};
struct dot2_validity {				/* ValidityPeriod */
	uint32_t		 start;		/* Time32 */
	enum dot2_duration_unit	 unit;
	uint16_t		 duration;
};

enum dot2_certid_kind {
	DOT2_CERTID_LINKAGE, DOT2_CERTID_NAME, DOT2_CERTID_BINARY,
	DOT2_CERTID_NONE
};
struct dot2_cert_id {				/* CertificateId */
	enum dot2_certid_kind	 kind;
	uint16_t		 icert;		/* linkageData */
	const uint8_t		*linkage_value;	/* 9 */
	int			 has_group;
	const uint8_t		*group_j;	/* 4 */
	const uint8_t		*group_value;	/* 9 */
	struct dot2_bytes	 name;		/* name (UTF-8) or binaryId */
};

enum dot2_cert_type { DOT2_CERT_EXPLICIT, DOT2_CERT_IMPLICIT };
enum dot2_issuer_kind {
	DOT2_ISSUER_SHA256_DIGEST, DOT2_ISSUER_SELF, DOT2_ISSUER_SHA384_DIGEST,
	DOT2_ISSUER_SM3_DIGEST
};
struct dot2_issuer {				/* IssuerIdentifier */
	enum dot2_issuer_kind	 kind;
	const uint8_t		*digest;	/* HashedId8 */
	enum dot2_hash		 self_hash;	/* self */
};

enum dot2_vki_kind { DOT2_VKI_KEY, DOT2_VKI_RECONSTRUCTION };

struct dot2_tbs_cert {				/* ToBeSignedCertificate */
	struct dot2_cert_id		 id;
	const uint8_t			*craca_id;	/* HashedId3 */
	uint16_t			 crl_series;
	struct dot2_validity		 validity;
	int				 has_region;
	struct dot2_region		 region;
	int				 has_assurance;
	uint8_t				 assurance;
	int				 has_app;
	size_t				 n_app;
	const struct dot2_psid_ssp	*app;
	int				 has_issue;
	size_t				 n_issue;
	const struct dot2_group_perm	*issue;
	int				 has_request;
	size_t				 n_request;
	const struct dot2_group_perm	*request;
	int				 can_request_rollover;
	int				 has_enc_key;
	struct dot2_public_enc_key	 enc_key;
	enum dot2_vki_kind		 vki;
	struct dot2_verify_key		 key;		/* verificationKey */
	struct dot2_point		 reconstruction;/* 256-bit point */
	/* Extension additions of 1609.2-2022; the *_ext are the encodings
	 * of SequenceOfAppExtensions etc., kept as they are. */
	int				 has_flags;
	uint8_t				 flags;		/* 0x80 usesCubk */
	int				 has_app_ext;
	struct dot2_bytes		 app_ext;
	int				 has_issue_ext;
	struct dot2_bytes		 issue_ext;
	int				 has_request_ext;
	struct dot2_bytes		 request_ext;
	struct dot2_exts		 ext;
};

struct dot2_cert {				/* Certificate */
	struct dot2_bytes	 enc;		/* the whole certificate */
	struct dot2_bytes	 tbs_enc;	/* its toBeSigned */
	enum dot2_cert_type	 type;
	struct dot2_issuer	 issuer;
	struct dot2_tbs_cert	 tbs;
	int			 has_signature;
	struct dot2_signature	 signature;
	/* For the verifier: the HashedId8 of enc, when it has computed it. */
	int			 has_hashed_id8;
	uint8_t			 hashed_id8[8];
	struct dot2_arena	*arena;		/* dot2_cert_parse's result */
};

/* --- secured data ------------------------------------------------------------ */

struct dot2_missing_crl {			/* MissingCrlIdentifier */
	const uint8_t		*craca_id;	/* HashedId3 */
	uint16_t		 crl_series;
	struct dot2_exts	 ext;
};
struct dot2_contrib {				/* ContributedExtensionBlock */
	uint8_t			 id;		/* 1 IEEE, 2 ETSI */
	size_t			 n;
	const struct dot2_bytes	*extns;		/* each an open type's value */
};

struct dot2_header {				/* HeaderInfo */
	uint64_t			 psid;
	int				 has_generation_time;
	uint64_t			 generation_time;	/* Time64 */
	int				 has_expiry_time;
	uint64_t			 expiry_time;
	int				 has_location;
	struct dot2_3d			 location;
	int				 has_p2pcd;
	const uint8_t			*p2pcd_learning_request;/* HashedId3 */
	int				 has_missing_crl;
	struct dot2_missing_crl		 missing_crl;
	int				 has_enc_key;
	struct dot2_encryption_key	 enc_key;
	/* extension additions */
	int				 has_inline_p2pcd;
	size_t				 n_inline_p2pcd;
	const uint8_t			*inline_p2pcd;	/* n * HashedId3 */
	struct dot2_cert		*requested_cert;
	int				 has_pdu_type;
	uint8_t				 pdu_type;
	int				 has_contrib;
	size_t				 n_contrib;
	const struct dot2_contrib	*contrib;
	struct dot2_exts		 ext;
};

struct dot2_data;

struct dot2_payload {				/* SignedDataPayload */
	struct dot2_data	*data;
	int			 has_ext_hash;
	enum dot2_hash		 ext_hash_alg;	/* HashedData alternative */
	const uint8_t		*ext_hash;	/* 32 or 48 octets */
	int			 omitted;	/* 2022 extension addition */
	struct dot2_exts	 ext;
};

enum dot2_signer_kind {
	DOT2_SIGNER_DIGEST, DOT2_SIGNER_CERTIFICATE, DOT2_SIGNER_SELF
};
struct dot2_signer {				/* SignerIdentifier */
	enum dot2_signer_kind	 kind;
	const uint8_t		*digest;	/* HashedId8 */
	size_t			 n_certs;	/* certificate: signer first */
	struct dot2_cert	*certs;
};

struct dot2_signed {				/* SignedData */
	enum dot2_hash		 hash_id;
	struct dot2_bytes	 tbs_enc;	/* ToBeSignedData: hashed */
	struct dot2_payload	 payload;
	struct dot2_header	 header;
	struct dot2_signer	 signer;
	struct dot2_signature	 signature;
	/* Lenient parse: the input ended inside the payload; header, signer
	 * and signature are absent. */
	int			 incomplete;
};

struct dot2_symm_ct {				/* SymmetricCiphertext */
	enum dot2_symm_alg	 alg;
	const uint8_t		*nonce;		/* 12 */
	struct dot2_bytes	 ct;		/* ccmCiphertext */
};
enum dot2_recip_kind {
	DOT2_RECIP_PSK, DOT2_RECIP_SYMM, DOT2_RECIP_CERT,
	DOT2_RECIP_SIGNED_DATA, DOT2_RECIP_REK
};
enum dot2_ek_alg {
	DOT2_EK_ECIES_NIST_P256, DOT2_EK_ECIES_BRAINPOOL_P256R1,
	DOT2_EK_ECENC_SM2
};
struct dot2_recipient {				/* RecipientInfo */
	enum dot2_recip_kind	 kind;
	const uint8_t		*id;		/* HashedId8 */
	struct dot2_symm_ct	 enc_key;	/* symmRecipInfo */
	enum dot2_ek_alg	 ek_alg;	/* the PK kinds */
	struct dot2_point	 v;
	const uint8_t		*c;		/* 16 */
	const uint8_t		*t;		/* 16, ecencSm2256: 32 */
};
struct dot2_encrypted {				/* EncryptedData */
	size_t				 n;
	const struct dot2_recipient	*recipients;
	struct dot2_symm_ct		 ciphertext;
};

enum dot2_content {
	DOT2_UNSECURED, DOT2_SIGNED, DOT2_ENCRYPTED, DOT2_CERT_REQUEST,
	DOT2_X509_CERT_REQUEST
};

struct dot2_data {				/* Ieee1609Dot2Data */
	struct dot2_bytes	 enc;		/* the whole encoding */
	enum dot2_content	 content;
	/* unsecuredData, signedCertificateRequest, signedX509...: */
	struct dot2_bytes	 opaque;
	struct dot2_data	*inner;		/* DOT2_UNWRAP */
	struct dot2_signed	*signed_data;
	struct dot2_encrypted	*encrypted;
	int			 lenient;	/* recovered by DOT2_LENIENT */
	struct dot2_arena	*arena;		/* dot2_parse's result */
};

/* --- parsing ------------------------------------------------------------------ */

/* Parse one Ieee1609Dot2Data from p; *used (may be NULL) gets the octets
 * it took (what follows is the caller's: trailing data).  On REASON_OK
 * *out is the result, to be freed with dot2_free(); otherwise *out is NULL
 * and err (may be NULL) says where.  Version other than 3:
 * REASON_UNKNOWN_VERSION. */
enum reason	 dot2_parse(struct dot2_data **out, const uint8_t *p,
		    size_t len, int flags, size_t *used, char *err,
		    size_t errlen);
void		 dot2_free(struct dot2_data *);

/* Parse one Certificate (e.g. a .cert file). */
enum reason	 dot2_cert_parse(struct dot2_cert **out, const uint8_t *p,
		    size_t len, size_t *used, char *err, size_t errlen);
void		 dot2_cert_free(struct dot2_cert *);

/* The application data inside: the unsecuredData at the end of the chain
 * of signedData payloads (and DOT2_UNWRAP inner data).  REASON_UNSUPPORTED
 * for encrypted data, certificate requests and payloads with only an
 * external data hash. */
enum reason	 dot2_payload(const struct dot2_data *, struct dot2_bytes *);

/* The outermost SignedData on the way to the payload, or NULL. */
const struct dot2_signed *dot2_first_signed(const struct dot2_data *);

/* TAI microseconds of the end of a validity period (start + duration;
 * a year is 31556952 s). */
uint64_t	 dot2_validity_end(const struct dot2_validity *);

/* --- building ---------------------------------------------------------------- */

/* Append the canonical OER of d.  REASON_BAD_VALUE for a value outside
 * its constraints (a missing span, a wrong count), REASON_NOMEM. */
enum reason	 dot2_build(struct buf *, const struct dot2_data *);
/* Append the ToBeSignedData of sd alone (what the signer hashes). */
enum reason	 dot2_build_tbs(struct buf *, const struct dot2_signed *);
enum reason	 dot2_cert_build(struct buf *, const struct dot2_cert *);
/* Append the ToBeSignedCertificate alone. */
enum reason	 dot2_cert_build_tbs(struct buf *, const struct dot2_tbs_cert *);

/* IEEE 1609.2 canonicalization (1609.2-2016 6.1.2, 6.3.4, 6.4.3), in
 * place: signature rSig points become x-only; verification, encryption and
 * reconstruction keys compressed (y-0 or y-1 from the low bit of y).  The
 * builders then give the octets that signatures, HashedId8 and HashedId3
 * are computed over.  Returns the number of points changed: 0 means the
 * encoding was canonical already (cert.enc, tbs_enc can be hashed as is). */
int		 dot2_cert_canonicalize(struct dot2_cert *);
int		 dot2_canonicalize(struct dot2_data *);

/* --- JSON ---------------------------------------------------------------------- */

/* Append one object for a decoded message's "layers" array:
 * {"layer":"ieee1609dot2","content":"signedData","psid":32,...}. */
void		 dot2_json(struct buf *, const struct dot2_data *);
/* Append a certificate in full, JER-shaped, with UTC validity added. */
void		 dot2_cert_json(struct buf *, const struct dot2_cert *);
/* Append the short form used inside dot2_json. */
void		 dot2_cert_summary_json(struct buf *, const struct dot2_cert *);

/* ASN.1 identifiers of the enumerations, e.g. "signedData". */
const char	*dot2_content_str(enum dot2_content);
const char	*dot2_hash_str(enum dot2_hash);
const char	*dot2_sig_str(enum dot2_sig_type);
const char	*dot2_key_str(enum dot2_key_alg);
const char	*dot2_signer_str(enum dot2_signer_kind);

#endif
