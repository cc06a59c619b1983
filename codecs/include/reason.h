/*
 * reason.h: why a stage rejected its input.  Every parser, decoder, encoder
 * and verifier returns one of these; the daemon counts them, the tools print
 * reason_str().  The order is part of the counters' layout: append only.
 */
#ifndef REASON_H
#define REASON_H

enum reason {
	REASON_OK = 0,
	REASON_TRUNCATED,	/* input ended inside a structure */
	REASON_BAD_LENGTH,	/* a length field disagrees with the data */
	REASON_UNKNOWN_VERSION,	/* protocol version we do not speak */
	REASON_UNKNOWN_TYPE,	/* message or type id we do not know */
	REASON_UPER_FAIL,	/* UPER bits do not decode */
	REASON_CONSTRAINT,	/* a value outside its ASN.1 constraint */
	REASON_ENCODE_FAIL,	/* the encoder refused the value */
	REASON_BAD_HEX,		/* text that is not hexadecimal */
	REASON_BAD_JSON,	/* text that is not JSON */
	REASON_JSON_TYPE,	/* JSON of the wrong shape for the ASN.1 type */
	REASON_NOMEM,		/* out of memory */
	REASON_NOT_V2X,		/* a frame that carries no V2X message */
	REASON_TOO_DEEP,	/* nesting beyond our limit */
	REASON_SIG_BAD,		/* signature does not verify */
	REASON_CERT_UNKNOWN,	/* signer certificate not known */
	REASON_EXPIRED,		/* outside a validity period */
	REASON_REPLAY,		/* seen before */
	REASON_NONCANONICAL,	/* encoding valid but not canonical (COER) */
	REASON_UNSUPPORTED,	/* well formed, but a feature we do not handle */
	REASON_BAD_VALUE,	/* a field holds a value the standard forbids */
	REASON_MAX
};

/* Upper-case name of a reason, e.g. "TRUNCATED"; "UNKNOWN" if out of range. */
const char	*reason_str(enum reason);

/* Reason for a name as reason_str() prints it; REASON_MAX if none. */
enum reason	 reason_from_str(const char *);

#endif
