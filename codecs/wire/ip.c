/*
 * ip.c: IPv4 (RFC 791), IPv6 (RFC 8200, extension headers skipped) and UDP
 * (RFC 768, checksums of RFC 1071) under a link layer or on their own:
 * read, built back, described in JSON.
 */
#include <arpa/inet.h>
#include <string.h>

#include "buf.h"
#include "bytes.h"
#include "link.h"
#include "link_int.h"

static uint32_t
sum16(uint32_t s, const uint8_t *p, size_t n)
{
	size_t	 i;

	for (i = 0; i + 1 < n; i += 2)
		s += rd_be16(p + i);
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	return s;
}

static uint16_t
fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)s;
}

/* The UDP checksum field value for datagram u[0..ulen) (its checksum
 * field as it is) and the addresses in ip: ~sum, 0 mapped to 0xffff. */
static uint16_t
udp_sum(const struct link_ip *ip, const uint8_t *u, size_t ulen)
{
	uint32_t s;
	uint16_t c;

	if (ip->version == 4) {
		s = sum16(0, ip->src, 4);
		s = sum16(s, ip->dst, 4);
	} else {
		s = sum16(0, ip->src, 16);
		s = sum16(s, ip->dst, 16);
		s += (uint32_t)(ulen >> 16);
	}
	s += 17 + (uint32_t)(ulen & 0xffff);
	s = sum16(s, u, ulen);
	c = ~fold(s);
	return c;
}

static enum reason
udp_parse(const uint8_t *p, size_t off, size_t end, struct link_frame *f)
{
	size_t	 ulen;

	if (end - off < 8)
		return REASON_BAD_LENGTH;
	f->udp.sport = rd_be16(p + off);
	f->udp.dport = rd_be16(p + off + 2);
	f->udp.len = rd_be16(p + off + 4);
	f->udp.csum_val = rd_be16(p + off + 6);
	ulen = f->udp.len;
	if (ulen < 8 || ulen > end - off)
		return REASON_BAD_LENGTH;
	f->layers |= LINK_L_UDP;
	if (f->udp.csum_val == 0 && f->ip.version == 4)
		f->udp.csum = LINK_SUM_NONE;
	else
		f->udp.csum = udp_sum(&f->ip, p + off, ulen) == 0 ?
		    LINK_SUM_GOOD : LINK_SUM_BAD;
	f->payload_off = off + 8;
	f->payload_len = ulen - 8;
	return REASON_OK;
}

static enum reason
ipv4_parse(const uint8_t *p, size_t n, struct link_frame *f)
{
	size_t	 hl, tot;

	if (n < 20)
		return REASON_TRUNCATED;
	hl = (size_t)(p[0] & 15) * 4;
	if (hl < 20)
		return REASON_BAD_LENGTH;
	if (hl > n)
		return REASON_TRUNCATED;
	tot = rd_be16(p + 2);
	if (tot < hl)
		return REASON_BAD_LENGTH;
	if (tot > n)
		return REASON_TRUNCATED;
	f->ip.version = 4;
	f->ip.tos = p[1];
	f->ip.id = rd_be16(p + 4);
	f->ip.frag = rd_be16(p + 6);
	f->ip.ttl = p[8];
	f->ip.proto = f->ip.nh = p[9];
	memcpy(f->ip.src, p + 12, 4);
	memcpy(f->ip.dst, p + 16, 4);
	f->ip.opts = hl > 20 ? p + 20 : NULL;
	f->ip.opts_len = hl - 20;
	f->ip.csum = fold(sum16(0, p, hl)) == 0xffff ? LINK_SUM_GOOD :
	    LINK_SUM_BAD;
	f->layers |= LINK_L_IPV4;
	if (f->ip.frag & 0x3fff)
		return REASON_UNSUPPORTED;	/* MF or an offset */
	if (f->ip.proto == 17)
		return udp_parse(p, hl, tot, f);
	f->payload_off = hl;
	f->payload_len = tot - hl;
	return REASON_OK;
}

static enum reason
ipv6_parse(const uint8_t *p, size_t n, struct link_frame *f)
{
	size_t	 off = 40, end, l;
	uint32_t w;
	uint8_t	 nh;
	int	 depth = 0;

	if (n < 40)
		return REASON_TRUNCATED;
	w = rd_be32(p);
	f->ip.version = 6;
	f->ip.tos = (w >> 20) & 0xff;
	f->ip.flow = w & 0xfffff;
	f->ip.nh = nh = p[6];
	f->ip.ttl = p[7];
	memcpy(f->ip.src, p + 8, 16);
	memcpy(f->ip.dst, p + 24, 16);
	f->layers |= LINK_L_IPV6;
	end = 40 + (size_t)rd_be16(p + 4);
	if (end == 40 && nh == 0)
		return REASON_UNSUPPORTED;	/* jumbogram */
	if (end > n)
		return REASON_TRUNCATED;
	for (;;) {
		switch (nh) {
		case 0:		/* hop-by-hop options */
		case 43:	/* routing */
		case 60:	/* destination options */
		case 135:	/* mobility */
		case 139:	/* HIP */
		case 140:	/* shim6 */
			if (end - off < 2)
				return REASON_BAD_LENGTH;
			l = ((size_t)p[off + 1] + 1) * 8;
			break;
		case 44:	/* fragment */
			if (end - off < 8)
				return REASON_BAD_LENGTH;
			if (rd_be16(p + off + 2) & 0xfff9)
				return REASON_UNSUPPORTED;
			l = 8;
			break;
		case 51:	/* authentication header */
			if (end - off < 2)
				return REASON_BAD_LENGTH;
			l = ((size_t)p[off + 1] + 2) * 4;
			break;
		case 50:	/* ESP: encrypted */
			return REASON_UNSUPPORTED;
		default:
			l = 0;
			break;
		}
		if (l == 0)
			break;
		if (l > end - off)
			return REASON_BAD_LENGTH;
		if (++depth > 16)
			return REASON_TOO_DEEP;
		nh = p[off];
		off += l;
	}
	f->ip.proto = nh;
	f->ip.opts = off > 40 ? p + 40 : NULL;
	f->ip.opts_len = off - 40;
	if (nh == 17)
		return udp_parse(p, off, end, f);
	f->payload_off = off;
	f->payload_len = end - off;
	return REASON_OK;
}

/* IP at p[0..n), offsets relative to p. */
static enum reason
ip_at(const uint8_t *p, size_t n, struct link_frame *f)
{
	if (n < 1)
		return REASON_TRUNCATED;
	switch (p[0] >> 4) {
	case 4:
		return ipv4_parse(p, n, f);
	case 6:
		return ipv6_parse(p, n, f);
	default:
		f->ip.version = p[0] >> 4;
		return REASON_UNKNOWN_VERSION;
	}
}

enum reason
ip_parse(const uint8_t *base, size_t total, size_t off, size_t end,
    struct link_frame *f)
{
	enum reason	 r;

	if ((r = ip_at(base + off, end - off, f)) != REASON_OK)
		return r;
	f->payload_off += off;
	f->payload = base + f->payload_off;
	f->trailing = total - f->payload_off - f->payload_len;
	return REASON_OK;
}

enum reason
link_parse_ip(const uint8_t *p, size_t n, struct link_frame *out)
{
	enum reason	 r;

	memset(out, 0, sizeof(*out));
	out->dlt = LINK_RAW;
	if ((r = ip_parse(p, n, 0, n, out)) != REASON_OK)
		return r;
	out->ethertype = out->ip.version == 4 ? LINK_ET_IPV4 : LINK_ET_IPV6;
	return REASON_OK;
}

int
ip_build(struct buf *b, const struct link_frame *f)
{
	const struct link_ip *ip = &f->ip;
	size_t		 start = b->len, hl, ulen = 0, tot;
	uint8_t		*h, *u;
	uint16_t	 c;
	int		 udp = (f->layers & LINK_L_UDP) != 0;

	if (udp)
		ulen = 8 + f->payload_len;
	if (ip->version == 4) {
		hl = 20 + ip->opts_len;
		tot = hl + (udp ? ulen : f->payload_len);
		if (ip->opts_len % 4 || hl > 60 || tot > 0xffff)
			return -1;
		buf_addc(b, 0x40 | (uint8_t)(hl / 4));
		buf_addc(b, ip->tos);
		buf_add_be16(b, (uint16_t)tot);
		buf_add_be16(b, ip->id);
		buf_add_be16(b, ip->frag);
		buf_addc(b, ip->ttl);
		buf_addc(b, udp ? 17 : ip->proto);
		buf_add_be16(b, 0);
		buf_add(b, ip->src, 4);
		buf_add(b, ip->dst, 4);
	} else if (ip->version == 6) {
		hl = 40 + ip->opts_len;
		tot = (hl - 40) + (udp ? ulen : f->payload_len);
		if (tot > 0xffff)
			return -1;
		buf_add_be32(b, 6u << 28 | (uint32_t)ip->tos << 20 |
		    (ip->flow & 0xfffff));
		buf_add_be16(b, (uint16_t)tot);
		buf_addc(b, ip->opts_len ? ip->nh : (udp ? 17 : ip->proto));
		buf_addc(b, ip->ttl);
		buf_add(b, ip->src, 16);
		buf_add(b, ip->dst, 16);
	} else
		return -1;
	if (ip->opts_len)
		buf_add(b, ip->opts, ip->opts_len);
	if (udp) {
		if (ulen > 0xffff)
			return -1;
		buf_add_be16(b, f->udp.sport);
		buf_add_be16(b, f->udp.dport);
		buf_add_be16(b, (uint16_t)ulen);
		buf_add_be16(b, 0);
	}
	if (f->payload_len)
		buf_add(b, f->payload, f->payload_len);
	if (b->oom)
		return -1;
	h = (uint8_t *)b->p + start;
	if (ip->version == 4)
		wr_be16(h + 10, ~fold(sum16(0, h, hl)));
	if (udp && !(ip->version == 4 && f->udp.csum == LINK_SUM_NONE)) {
		u = h + hl;
		c = udp_sum(ip, u, ulen);
		wr_be16(u + 6, c == 0 ? 0xffff : c);
	}
	return 0;
}

void
link_ip_json(struct buf *b, const struct link_frame *f)
{
	char	 s[INET6_ADDRSTRLEN], d[INET6_ADDRSTRLEN];

	if (f->layers & LINK_L_IPV4) {
		inet_ntop(AF_INET, f->ip.src, s, sizeof(s));
		inet_ntop(AF_INET, f->ip.dst, d, sizeof(d));
		buf_addf(b, "{\"layer\":\"ipv4\",\"src\":\"%s\",\"dst\":\"%s\","
		    "\"protocol\":%u,\"ttl\":%u,\"id\":%u,\"tos\":%u,"
		    "\"checksum\":\"%s\"}", s, d, (unsigned)f->ip.proto,
		    (unsigned)f->ip.ttl, (unsigned)f->ip.id,
		    (unsigned)f->ip.tos, link_sum_str(f->ip.csum));
	} else if (f->layers & LINK_L_IPV6) {
		inet_ntop(AF_INET6, f->ip.src, s, sizeof(s));
		inet_ntop(AF_INET6, f->ip.dst, d, sizeof(d));
		buf_addf(b, "{\"layer\":\"ipv6\",\"src\":\"%s\",\"dst\":\"%s\","
		    "\"nextHeader\":%u,\"hopLimit\":%u,\"trafficClass\":%u,"
		    "\"flowLabel\":%lu,\"extensionBytes\":%zu}", s, d,
		    (unsigned)f->ip.proto, (unsigned)f->ip.ttl,
		    (unsigned)f->ip.tos, (unsigned long)f->ip.flow,
		    f->ip.opts_len);
	}
}

void
link_udp_json(struct buf *b, const struct link_frame *f)
{
	if (!(f->layers & LINK_L_UDP))
		return;
	buf_addf(b, "{\"layer\":\"udp\",\"srcPort\":%u,\"dstPort\":%u,"
	    "\"length\":%u,\"checksum\":\"%s\"}", (unsigned)f->udp.sport,
	    (unsigned)f->udp.dport, (unsigned)f->udp.len,
	    link_sum_str(f->udp.csum));
}
