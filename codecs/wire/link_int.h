/*
 * link_int.h: what link.c (802.11, LLC, Ethernet, SLL), radiotap.c and ip.c
 * share behind the public link.h.
 */
#ifndef LINK_INT_H
#define LINK_INT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "link.h"
#include "reason.h"

/* radiotap.c: the radiotap header at p[0..n) into rt (rt->len: where the
 * 802.11 frame starts); a field we do not know stops the reading of fields
 * (rt->partial, a warning), not the frame.  A failure says why in
 * why[0..whylen). */
enum reason	 radiotap_parse(const uint8_t *p, size_t n,
		    struct link_radiotap *rt, char *why, size_t whylen);
/* The header again: rt->raw as it was, or the fields rt->has lists; -1
 * for a field we cannot build. */
int		 radiotap_build(struct buf *, const struct link_radiotap *rt);

/* ip.c: IP (and UDP) at base[off..end) of a frame of total octets; the
 * payload offsets in f count from base. */
enum reason	 ip_parse(const uint8_t *base, size_t total, size_t off,
		    size_t end, struct link_frame *f);
/* IP, UDP and the payload of f, with their checksums computed. */
int		 ip_build(struct buf *, const struct link_frame *f);

/* link.c: "good", "bad" or "none" for a LINK_SUM_ value. */
const char	*link_sum_str(int);

#endif
