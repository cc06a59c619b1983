/*
 * rvg.h: a constraint-aware random value generator over the asn1c type
 * descriptors, for cross-checks, fuzz seeds, benchmarks and the simulator.
 * Deterministic for a seed; the state is the caller's.
 */
#ifndef RVG_H
#define RVG_H

#include <stddef.h>
#include <stdint.h>

#include "reason.h"

struct asn_TYPE_descriptor_s;

/* rvg_seed() sets the knobs to their defaults; change them after it. */
struct rvg {
	uint64_t	 s[4];		/* xoshiro256** state */
	int		 optional_pct;	/* chance an OPTIONAL member is present (50) */
	int		 max_list;	/* SEQUENCE OF: at most this many items
					 * above the minimum size (4) */
	int		 max_string;	/* strings, OCTET STRING: at most this many
					 * octets above the minimum, BIT STRING
					 * 8 times as many bits (16) */
	int		 ext_pct;	/* chance of each extension addition:
					 * member, alternative, enumerator (20) */
	int		 unknown_pct;	/* chance an open type other than a
					 * message frame's gets an id without a
					 * type here, with random octets (10) */
};

void		 rvg_seed(struct rvg *, uint64_t seed);
uint64_t	 rvg_next(struct rvg *);
/* Uniform in [lo, hi] (any span, also wider than 32 bits). */
long		 rvg_range(struct rvg *, long lo, long hi);

/* A random valid value of td (every constraint holds; open types get a
 * random value of a type their id resolves to, encoded into their octets;
 * a message frame always carries a message type we decode).  Free with
 * codec_free.  Fails only for types it cannot build (REASON_UNKNOWN_TYPE),
 * nesting too deep (REASON_TOO_DEEP) or out of memory. */
enum reason	 rvg_value(struct rvg *, struct asn_TYPE_descriptor_s *td,
		    void **out, char *err, size_t errlen);

#endif
