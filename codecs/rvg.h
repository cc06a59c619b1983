/*
 * rvg.h: a constraint-aware random value generator over the asn1c type
 * descriptors, for cross-checks, fuzz seeds, benchmarks and the simulator.
 * Deterministic for a seed; the state is the caller's.
 */
#ifndef RVG_H
#define RVG_H

#include <stdint.h>

#include "reason.h"

struct asn_TYPE_descriptor_s;

struct rvg {
	uint64_t	 s[4];		/* xoshiro256** state */
	int		 optional_pct;	/* chance an OPTIONAL member is present */
	int		 max_list;	/* cap on SEQUENCE OF / string sizes */
};

void		 rvg_seed(struct rvg *, uint64_t seed);
uint64_t	 rvg_next(struct rvg *);
/* Uniform in [lo, hi]. */
long		 rvg_range(struct rvg *, long lo, long hi);

/* A random valid value of td (every constraint holds; open types get a
 * random value of a type their id resolves to).  Free with codec_free. */
enum reason	 rvg_value(struct rvg *, struct asn_TYPE_descriptor_s *td,
		    void **out, char *err, size_t errlen);

#endif
