/*
 * rvg.c: random value generator (placeholder until it lands).
 */
#include <stdio.h>

#include "rvg.h"

void
rvg_seed(struct rvg *r, uint64_t seed)
{
	r->s[0] = seed ^ 0x9e3779b97f4a7c15ULL;
	r->s[1] = r->s[2] = r->s[3] = 1;
	r->optional_pct = 50;
	r->max_list = 4;
}

uint64_t
rvg_next(struct rvg *r)
{
	return r->s[0] = r->s[0] * 6364136223846793005ULL + 1;
}

long
rvg_range(struct rvg *r, long lo, long hi)
{
	return lo + (long)(rvg_next(r) % (uint64_t)(hi - lo + 1));
}

enum reason
rvg_value(struct rvg *r, struct asn_TYPE_descriptor_s *td, void **out,
    char *err, size_t errlen)
{
	(void)r; (void)td;
	*out = NULL;
	snprintf(err, errlen, "random values are not implemented yet");
	return REASON_UNKNOWN_TYPE;
}
