/*
 * audit.h: the audit of 'v2x verify --summary' (audit.c): what a whole
 * input held, by verdict, PSID, signer and certificate.
 */
#ifndef AUDIT_H
#define AUDIT_H

#include <stdint.h>

#include "buf.h"
#include "peel.h"
#include "sec.h"

struct audit;

/* An empty audit (out of memory: exits); audit_free() ends it. */
struct audit	*audit_new(void);
void		 audit_free(struct audit *);
/* Count a frame without a V2X message. */
void		 audit_not_v2x(struct audit *);
/* Count one verified message: its layers, verdict, verification time. */
void		 audit_add(struct audit *, const struct peel *,
		    const struct sec_result *, uint64_t at);
/* Print the audit as one JSON line on stdout, with the cache of sec,
 * through b. */
void		 audit_print(const struct audit *, struct sec_ctx *,
		    struct buf *);

#endif
