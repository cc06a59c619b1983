/*
 * ntcip.c: the NTCIP 1202 v03 SPaT blob (traffic signal controller
 * broadcast message) that signal controllers send over UDP: parse, build,
 * describe in JSON.  The octet layout is the one of the open-source readers
 * (facts, no code taken): usdot-fhwa-OPS/V2X-Hub
 * src/v2i-hub/SpatPlugin/src/NTCIP1202.h (struct Ntcip1202Ext and
 * Ntcip1202Ext_PhaseTime, packed, 16-bit fields read with ntohs: big
 * endian), NTCIP1202.cpp (phase n is bit n - 1 of a group; times to change
 * in tenths of a second; bit 7 of the intersection status means flash; a
 * blob longer than the structure is refused) and its test
 * test/test_NTCIP1202.cpp (a 241-octet blob from a controller: header 0xcd,
 * 16 phases, time stamp 01 0a c5); usdot-fhwa-stol/carma-streets
 * streets_utils/streets_signal_phase_and_timing/include/ntcip_1202_ext.h and
 * src/models/ntcip_1202_ext.cpp (the three time stamp octets are one 24-bit
 * big-endian second of the day, as 01 0a c5 = 68293 s shows: as hour,
 * minute, second it would be second 197).
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "bytes.h"
#include "ntcip.h"
#include "reason.h"

/* Octet offsets of the blob (Ntcip1202Ext, in field order). */
#define OFF_HEADER	0
#define OFF_NUM_PHASES	1
#define OFF_TIMES	2			/* 16 phase entries */
#define PT_LEN		13			/* one Ntcip1202Ext_PhaseTime */
#define PT_PHASE	0			/* phaseNumber, 1 octet */
#define PT_VEH_MIN	1			/* then six 16-bit times */
#define OFF_GROUPS	(OFF_TIMES + NTCIP_SPAT_PHASES * PT_LEN)   /* 210 */
#define N_GROUPS	11			/* 16-bit bit groups */
#define OFF_STATUS	(OFF_GROUPS + 2 * N_GROUPS)		   /* 232 */
#define OFF_TIMEBASE	(OFF_STATUS + 1)	/* timebaseAscActionStatus */
#define OFF_DISCONT	(OFF_STATUS + 2)	/* discontinuous change flag */
#define OFF_SEQ		(OFF_STATUS + 3)	/* message sequence counter */
#define OFF_SECONDS	(OFF_STATUS + 4)	/* 3 octets, second of day */
#define OFF_MSEC	(OFF_SECONDS + 3)	/* 239 */
#define OFF_PED_CALL	(OFF_MSEC + 2)		/* 241: the older blob ends */
#define OFF_PED_DETECT	(OFF_PED_CALL + 2)	/* 243 */

#if OFF_PED_CALL != NTCIP_SPAT_LEN_SHORT || OFF_PED_DETECT + 2 != NTCIP_SPAT_LEN
#error "NTCIP SPaT blob layout and lengths disagree"
#endif

int
ntcip_bit(uint16_t group, unsigned n)
{
	if (n < 1 || n > 16)
		return 0;
	return (group >> (n - 1)) & 1;
}

const struct ntcip_phase_time *
ntcip_spat_phase(const struct ntcip_spat *s, unsigned phase)
{
	int	 i;

	if (phase == 0)
		return NULL;
	for (i = 0; i < NTCIP_SPAT_PHASES; i++)
		if (s->times[i].phase == phase)
			return &s->times[i];
	return NULL;
}

/* The bit groups in their order on the wire. */
static const size_t group_off[N_GROUPS] = {
	offsetof(struct ntcip_spat, phase_red),
	offsetof(struct ntcip_spat, phase_yellow),
	offsetof(struct ntcip_spat, phase_green),
	offsetof(struct ntcip_spat, phase_dont_walk),
	offsetof(struct ntcip_spat, phase_ped_clear),
	offsetof(struct ntcip_spat, phase_walk),
	offsetof(struct ntcip_spat, overlap_red),
	offsetof(struct ntcip_spat, overlap_yellow),
	offsetof(struct ntcip_spat, overlap_green),
	offsetof(struct ntcip_spat, flash_phase),
	offsetof(struct ntcip_spat, flash_overlap)
};
#define GROUP(s, i)	(*(uint16_t *)((char *)(s) + group_off[i]))
#define CGROUP(s, i)	(*(const uint16_t *)((const char *)(s) + group_off[i]))

static void
get_time(const uint8_t *p, struct ntcip_phase_time *t)
{
	p += PT_VEH_MIN;
	t->veh_min = rd_be16(p);
	t->veh_max = rd_be16(p + 2);
	t->ped_min = rd_be16(p + 4);
	t->ped_max = rd_be16(p + 6);
	t->ovl_min = rd_be16(p + 8);
	t->ovl_max = rd_be16(p + 10);
}

/* Decode a whole blob's worth of octets (zero beyond what was sent). */
static void
decode(const uint8_t *p, struct ntcip_spat *s)
{
	int	 i;

	s->header = p[OFF_HEADER];
	s->num_phases = p[OFF_NUM_PHASES];
	for (i = 0; i < NTCIP_SPAT_PHASES; i++) {
		s->times[i].phase = p[OFF_TIMES + i * PT_LEN + PT_PHASE];
		get_time(p + OFF_TIMES + i * PT_LEN, &s->times[i]);
	}
	for (i = 0; i < N_GROUPS; i++)
		GROUP(s, i) = rd_be16(p + OFF_GROUPS + 2 * i);
	s->status = p[OFF_STATUS];
	s->timebase_action = p[OFF_TIMEBASE];
	s->discontinuous = p[OFF_DISCONT];
	s->seq = p[OFF_SEQ];
	s->seconds = (uint32_t)p[OFF_SECONDS] << 16 |
	    (uint32_t)p[OFF_SECONDS + 1] << 8 | p[OFF_SECONDS + 2];
	s->msec = rd_be16(p + OFF_MSEC);
	s->ped_call = rd_be16(p + OFF_PED_CALL);
	s->ped_detect = rd_be16(p + OFF_PED_DETECT);
}

/* BAD_VALUE checks shared by parse and build; why says which. */
static enum reason
check(const struct ntcip_spat *s, char *why, size_t len)
{
	uint32_t	 seen = 0;
	int		 i;

	if (s->num_phases > NTCIP_SPAT_PHASES) {
		snprintf(why, len, "%u phases, at most %d", s->num_phases,
		    NTCIP_SPAT_PHASES);
		return REASON_BAD_VALUE;
	}
	for (i = 0; i < NTCIP_SPAT_PHASES; i++) {
		unsigned ph = s->times[i].phase;

		if (ph > NTCIP_SPAT_PHASES) {
			snprintf(why, len, "entry %d: phase %u, at most %d",
			    i + 1, ph, NTCIP_SPAT_PHASES);
			return REASON_BAD_VALUE;
		}
		if (ph != 0 && (seen & 1U << ph)) {
			snprintf(why, len, "entry %d: phase %u twice", i + 1,
			    ph);
			return REASON_BAD_VALUE;
		}
		seen |= 1U << ph;
	}
	if (s->seconds >= NTCIP_SPAT_DAY || s->msec > 999) {
		snprintf(why, len, "time stamp %lu.%03u s of the day",
		    (unsigned long)s->seconds, s->msec);
		return REASON_BAD_VALUE;
	}
	return REASON_OK;
}

enum reason
ntcip_spat_parse(struct ntcip_spat *out, const uint8_t *p, size_t n,
    char *err, size_t errlen)
{
	uint8_t	 blob[NTCIP_SPAT_LEN];
	char	 why[96];

	why[0] = '\0';
	memset(out, 0, sizeof(*out));
	memset(blob, 0, sizeof(blob));
	if (n > 0)
		memcpy(blob, p, n < sizeof(blob) ? n : sizeof(blob));
	decode(blob, out);
	out->has_ped = n >= NTCIP_SPAT_LEN;
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (n == 0) {
		snprintf(err, err ? errlen : 0, "empty");
		return REASON_TRUNCATED;
	}
	if (out->header != NTCIP_SPAT_HEADER) {
		snprintf(err, err ? errlen : 0, "header 0x%02x, not 0x%02x",
		    out->header, NTCIP_SPAT_HEADER);
		return REASON_UNKNOWN_TYPE;
	}
	if (n < NTCIP_SPAT_LEN_SHORT) {
		snprintf(err, err ? errlen : 0, "%zu octets, at least %d", n,
		    NTCIP_SPAT_LEN_SHORT);
		return REASON_TRUNCATED;
	}
	if (n != NTCIP_SPAT_LEN_SHORT && n != NTCIP_SPAT_LEN) {
		snprintf(err, err ? errlen : 0, "%zu octets, not %d or %d", n,
		    NTCIP_SPAT_LEN_SHORT, NTCIP_SPAT_LEN);
		return REASON_BAD_LENGTH;
	}
	if (check(out, why, sizeof(why)) != REASON_OK) {
		snprintf(err, err ? errlen : 0, "%s", why);
		return REASON_BAD_VALUE;
	}
	return REASON_OK;
}

int
ntcip_spat_build(struct buf *b, const struct ntcip_spat *s)
{
	char	 why[96];
	int	 i;

	if (s->header != NTCIP_SPAT_HEADER ||
	    check(s, why, sizeof(why)) != REASON_OK)
		return -1;
	buf_addc(b, (char)s->header);
	buf_addc(b, (char)s->num_phases);
	for (i = 0; i < NTCIP_SPAT_PHASES; i++) {
		const struct ntcip_phase_time *t = &s->times[i];

		buf_addc(b, (char)t->phase);
		buf_add_be16(b, t->veh_min);
		buf_add_be16(b, t->veh_max);
		buf_add_be16(b, t->ped_min);
		buf_add_be16(b, t->ped_max);
		buf_add_be16(b, t->ovl_min);
		buf_add_be16(b, t->ovl_max);
	}
	for (i = 0; i < N_GROUPS; i++)
		buf_add_be16(b, CGROUP(s, i));
	buf_addc(b, (char)s->status);
	buf_addc(b, (char)s->timebase_action);
	buf_addc(b, (char)s->discontinuous);
	buf_addc(b, (char)s->seq);
	buf_add_uint(b, s->seconds, 3, 0);
	buf_add_be16(b, s->msec);
	if (s->has_ped) {
		buf_add_be16(b, s->ped_call);
		buf_add_be16(b, s->ped_detect);
	}
	return 0;
}

void
ntcip_spat_json(struct buf *b, const struct ntcip_spat *s)
{
	static const char *const gname[N_GROUPS] = { "phaseRed",
	    "phaseYellow", "phaseGreen", "phaseDontWalk", "phasePedClear",
	    "phaseWalk", "overlapRed", "overlapYellow", "overlapGreen",
	    "flashPhase", "flashOverlap" };
	const char	*sep = "";
	int		 i;

	buf_addf(b, "{\"layer\":\"ntcip-spat\",\"length\":%d,"
	    "\"numPhases\":%u,\"phases\":[", s->has_ped ? NTCIP_SPAT_LEN :
	    NTCIP_SPAT_LEN_SHORT, s->num_phases);
	for (i = 0; i < NTCIP_SPAT_PHASES; i++) {
		const struct ntcip_phase_time *t = &s->times[i];

		if (t->phase == 0)
			continue;
		buf_addf(b, "%s{\"phase\":%u,\"vehMin\":%u,\"vehMax\":%u,"
		    "\"pedMin\":%u,\"pedMax\":%u,\"ovlMin\":%u,\"ovlMax\":%u}",
		    sep, t->phase, t->veh_min, t->veh_max, t->ped_min,
		    t->ped_max, t->ovl_min, t->ovl_max);
		sep = ",";
	}
	buf_addc(b, ']');
	for (i = 0; i < N_GROUPS; i++)
		buf_addf(b, ",\"%s\":\"0x%04x\"", gname[i],
		    CGROUP(s, i));
	buf_addf(b, ",\"status\":%u,\"flash\":%s,\"timebaseAction\":%u,"
	    "\"discontinuous\":%u,\"seq\":%u,\"seconds\":%lu,\"msec\":%u",
	    s->status, (s->status & NTCIP_STATUS_FLASH) ? "true" : "false",
	    s->timebase_action, s->discontinuous, s->seq,
	    (unsigned long)s->seconds, s->msec);
	if (s->has_ped)
		buf_addf(b, ",\"pedCall\":\"0x%04x\",\"pedDetect\":\"0x%04x\"",
		    s->ped_call, s->ped_detect);
	buf_addc(b, '}');
}
