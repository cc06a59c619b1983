/*
 * pki.h: a test PKI for IEEE 1609.2-2016 / ETSI TS 103 097 v1.3.1 explicit
 * certificates: a self-signed root CA, authorization authorities (AA) and
 * authorization tickets (AT), each signed by its issuer as 1609.2 6.4.3
 * specifies, in canonical COER (compressed keys, x-only r).
 */
#ifndef PKI_H
#define PKI_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "dot2.h"
#include "ecc.h"
#include "reason.h"

#define PKI_MAX_PSID	16

enum pki_kind { PKI_ROOT, PKI_AA, PKI_AT };

/* A PSID with its SSP (AT appPermissions). */
struct pki_psid {
	uint64_t		 psid;
	int			 has_ssp;
	enum dot2_ssp_kind	 ssp_kind;	/* opaque or bitmapSsp */
	uint8_t			 ssp[32];
	size_t			 ssp_len;
};

struct pki_opts {
	enum pki_kind		 kind;
	uint32_t		 start;		/* Time32 (TAI s); 0: now */
	uint32_t		 days;		/* validity (0: 365) */
	size_t			 n_psid;	/* root, AA: what it may issue
						   (none: all); AT: its
						   appPermissions */
	struct pki_psid		 psid[PKI_MAX_PSID];
	int			 has_region;	/* circular */
	int32_t			 lat, lon;	/* 1/10 microdegree */
	uint16_t		 radius;	/* metres */
	const char		*name;		/* CertificateId name; NULL:
						   none (ATs are anonymous) */
	int			 clamp;		/* end the validity with the
						   issuer's rather than fail */
};

void		 pki_opts_init(struct pki_opts *, enum pki_kind);
const char	*pki_kind_str(enum pki_kind);

/* Validity of days from start (Time32): hours when they fit, else years
 * rounded up. */
void		 pki_validity(uint32_t start, uint32_t days,
		    struct dot2_validity *);

/*
 * Append a certificate for the public half of subject: self-signed with
 * subject when ca_cert is NULL (a root), else signed by ca_key, whose
 * certificate ca_cert is.  The certificate's validity must lie within the
 * issuer's (BAD_VALUE otherwise, unless clamp shortens it); an AT needs at
 * least one PSID.
 */
enum reason	 pki_issue(struct buf *out, const struct pki_opts *,
		    const struct ecc_key *subject, const struct ecc_key *ca_key,
		    const uint8_t *ca_cert, size_t ca_len, char *err,
		    size_t errlen);

#endif
