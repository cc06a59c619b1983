/*
 * dot2_enc.c: IEEE 1609.2-2016 6.3 EncryptedData (with the 1609.2a-2017
 * SM2/SM4 extensions; ETSI TS 103 097 clause 5, EtsiTs103097Data-Encrypted)
 * in canonical OER: RecipientInfo, EncryptedDataEncryptionKey,
 * SymmetricCiphertext.
 */
#include "dot2_int.h"

/* SymmetricCiphertext: aes128ccm; sm4Ccm as an extension. */
static enum reason
rd_symm_ct(struct dot2_ctx *c, struct oer_rd *r, struct dot2_symm_ct *s)
{
	struct oer_rd	 sub, *in = r;
	unsigned	 tag;

	PUT(dot2_rd_tag(c, r, "SymmetricCiphertext", DOT2_SYMM_SM4CCM, &tag));
	s->alg = (enum dot2_symm_alg)tag;
	if (tag == DOT2_SYMM_SM4CCM) {
		TRY(c, r, "SymmetricCiphertext", oer_get_open(r, &sub));
		in = &sub;
	}
	TRY(c, in, "One28BitCcmCiphertext", oer_get_fixed(in, 12, &s->nonce));
	TRY(c, in, "One28BitCcmCiphertext", oer_get_octets(in, &s->ct.p,
	    &s->ct.len));
	if (in == &sub)
		TRY(c, in, "SymmetricCiphertext", dot2_open_done(in));
	return REASON_OK;
}

static enum reason
wr_symm_ct(struct buf *b, const struct dot2_symm_ct *s)
{
	size_t	 mark = 0;

	if ((unsigned)s->alg > DOT2_SYMM_SM4CCM || s->nonce == NULL ||
	    (s->ct.len > 0 && s->ct.p == NULL))
		return REASON_BAD_VALUE;
	oer_put_tag(b, s->alg);
	if (s->alg == DOT2_SYMM_SM4CCM)
		mark = oer_open_begin(b);
	buf_add(b, s->nonce, 12);
	oer_put_octets(b, s->ct.p, s->ct.len);
	if (s->alg == DOT2_SYMM_SM4CCM)
		oer_open_end(b, mark);
	return REASON_OK;
}

/* EncryptedDataEncryptionKey: eciesNistP256, eciesBrainpoolP256r1;
 * ecencSm2256 as an extension. */
static enum reason
rd_ek(struct dot2_ctx *c, struct oer_rd *r, struct dot2_recipient *ri)
{
	struct oer_rd	 sub, *in = r;
	unsigned	 tag;

	PUT(dot2_rd_tag(c, r, "EncryptedDataEncryptionKey", DOT2_EK_ECENC_SM2,
	    &tag));
	ri->ek_alg = (enum dot2_ek_alg)tag;
	if (tag == DOT2_EK_ECENC_SM2) {
		TRY(c, r, "EncryptedDataEncryptionKey", oer_get_open(r, &sub));
		in = &sub;
	}
	PUT(dot2_rd_point(c, in, 32, &ri->v));
	TRY(c, in, "EncryptedKey c", oer_get_fixed(in, 16, &ri->c));
	TRY(c, in, "EncryptedKey t", oer_get_fixed(in,
	    tag == DOT2_EK_ECENC_SM2 ? 32 : 16, &ri->t));
	if (in == &sub)
		TRY(c, in, "EncryptedDataEncryptionKey", dot2_open_done(in));
	return REASON_OK;
}

static enum reason
wr_ek(struct buf *b, const struct dot2_recipient *ri)
{
	size_t	 mark = 0;

	if ((unsigned)ri->ek_alg > DOT2_EK_ECENC_SM2 || ri->c == NULL ||
	    ri->t == NULL)
		return REASON_BAD_VALUE;
	oer_put_tag(b, ri->ek_alg);
	if (ri->ek_alg == DOT2_EK_ECENC_SM2)
		mark = oer_open_begin(b);
	PUT(dot2_wr_point(b, &ri->v, 32));
	buf_add(b, ri->c, 16);
	buf_add(b, ri->t, ri->ek_alg == DOT2_EK_ECENC_SM2 ? 32 : 16);
	if (ri->ek_alg == DOT2_EK_ECENC_SM2)
		oer_open_end(b, mark);
	return REASON_OK;
}

enum reason
dot2_rd_encrypted(struct dot2_ctx *c, struct oer_rd *r,
    struct dot2_encrypted *en)
{
	struct dot2_recipient	*ri;
	unsigned		 tag;
	size_t			 i;
	void			*a;

	TRY(c, r, "SequenceOfRecipientInfo", oer_get_quantity(r, &en->n));
	TRY(c, r, "SequenceOfRecipientInfo", dot2_array(c, r, en->n,
	    sizeof(*ri), 9, &a));
	ri = a;
	for (i = 0; i < en->n; i++) {
		PUT(dot2_rd_tag(c, r, "RecipientInfo", DOT2_RECIP_REK, &tag));
		ri[i].kind = (enum dot2_recip_kind)tag;
		TRY(c, r, "RecipientInfo", oer_get_fixed(r, 8, &ri[i].id));
		if (tag == DOT2_RECIP_SYMM)
			PUT(rd_symm_ct(c, r, &ri[i].enc_key));
		else if (tag != DOT2_RECIP_PSK)
			PUT(rd_ek(c, r, &ri[i]));
	}
	en->recipients = ri;
	return rd_symm_ct(c, r, &en->ciphertext);
}

enum reason
dot2_wr_encrypted(struct buf *b, const struct dot2_encrypted *en)
{
	const struct dot2_recipient *ri;
	size_t	 i;

	if (en->n > 0 && en->recipients == NULL)
		return REASON_BAD_VALUE;
	oer_put_quantity(b, en->n);
	for (i = 0; i < en->n; i++) {
		ri = &en->recipients[i];
		if ((unsigned)ri->kind > DOT2_RECIP_REK || ri->id == NULL)
			return REASON_BAD_VALUE;
		oer_put_tag(b, ri->kind);
		buf_add(b, ri->id, 8);
		if (ri->kind == DOT2_RECIP_SYMM)
			PUT(wr_symm_ct(b, &ri->enc_key));
		else if (ri->kind != DOT2_RECIP_PSK)
			PUT(wr_ek(b, ri));
	}
	return wr_symm_ct(b, &en->ciphertext);
}
