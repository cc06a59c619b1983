/*
 * wrap.h: the envelopes 'v2x encode' can put around a message (WSMP with an
 * optional 1609.2 unsecuredData, GeoNetworking SHB/GBC + BTP-B, Ethernet or
 * 802.11 OCB) and capture output.
 */
#ifndef WRAP_H
#define WRAP_H

#include <stdint.h>

#include "buf.h"

struct msg;

enum wrap_net { WRAP_NONE, WRAP_WSMP, WRAP_GN_SHB, WRAP_GN_GBC };
enum wrap_link { WRAP_NOLINK, WRAP_ETHER, WRAP_80211 };

struct wrap_opts {
	enum wrap_net	 net;
	enum wrap_link	 link;
	uint32_t	 psid;		/* WSMP */
	int		 channel;	/* WSMP channel number element, -1 none */
	int		 dot2;		/* 1609.2 unsecuredData inside WSMP */
	double		 lat, lon;	/* GN: source; GBC: area centre */
	unsigned	 radius;	/* GBC circle, metres */
	uint8_t		 src[6];	/* link source address */
};

void	wrap_init(struct wrap_opts *);
/* Wrap the UPER message (of type name tname, for the BTP port) as the
 * options say; -1 with a message in err. */
int	wrap(const struct wrap_opts *, const char *tname, const uint8_t *p,
	    size_t n, struct buf *out, char *err, size_t errlen);
/* The pcap link type of what wrap() produces (DLT_EN10MB ...). */
int	wrap_dlt(const struct wrap_opts *);

#endif
