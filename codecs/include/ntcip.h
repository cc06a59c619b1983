/*
 * ntcip.h: the NTCIP 1202 v03 "SPaT blob" (traffic signal controller
 * broadcast message, TSCBM) that signal controllers send over UDP at 10 Hz,
 * in the layout the V2X-Hub SPaT plugin and CARMA Streets read (ntcip.c
 * cites them): per phase the times to change, then the signal state bit
 * groups, the intersection status and the time stamp.
 */
#ifndef NTCIP_H
#define NTCIP_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "reason.h"

#define NTCIP_SPAT_HEADER	0xcd	/* first octet of every blob */
#define NTCIP_SPAT_PHASES	16	/* phase entries, always all sent */
#define NTCIP_SPAT_LEN		245	/* with pedestrian call and detect */
#define NTCIP_SPAT_LEN_SHORT	241	/* older form, without them */
#define NTCIP_SPAT_DAY		86400	/* seconds of a day */
#define NTCIP_STATUS_FLASH	0x80	/* intersection status: in flash */

/* One phase entry.  Times to change are in tenths of a second from now. */
struct ntcip_phase_time {
	uint8_t		 phase;		/* 1..16; 0: entry not used */
	uint16_t	 veh_min;	/* vehicle min time to change */
	uint16_t	 veh_max;	/* vehicle max time to change */
	uint16_t	 ped_min;	/* pedestrian min time to change */
	uint16_t	 ped_max;	/* pedestrian max time to change */
	uint16_t	 ovl_min;	/* overlap min time to change */
	uint16_t	 ovl_max;	/* overlap max time to change */
};

/*
 * One blob.  The bit groups hold phase (or overlap) n in bit n - 1 of the
 * 16-bit big-endian field: ntcip_bit() reads them.
 */
struct ntcip_spat {
	uint8_t		 header;	/* NTCIP_SPAT_HEADER */
	uint8_t		 num_phases;	/* 0..16 */
	struct ntcip_phase_time times[NTCIP_SPAT_PHASES];
	uint16_t	 phase_red;
	uint16_t	 phase_yellow;
	uint16_t	 phase_green;
	uint16_t	 phase_dont_walk;
	uint16_t	 phase_ped_clear;
	uint16_t	 phase_walk;
	uint16_t	 overlap_red;
	uint16_t	 overlap_yellow;
	uint16_t	 overlap_green;
	uint16_t	 flash_phase;	/* flashing output, phases */
	uint16_t	 flash_overlap;	/* flashing output, overlaps */
	uint8_t		 status;	/* intersection status, NTCIP_STATUS_* */
	uint8_t		 timebase_action; /* timebase ASC action status */
	uint8_t		 discontinuous;	/* discontinuous change flag */
	uint8_t		 seq;		/* message sequence counter */
	uint32_t	 seconds;	/* time stamp: seconds of the day (UTC) */
	uint16_t	 msec;		/* time stamp: milliseconds, 0..999 */
	int		 has_ped;	/* the two fields below were sent */
	uint16_t	 ped_call;	/* pedestrian call, per phase */
	uint16_t	 ped_detect;	/* pedestrian detect, per phase */
};

/*
 * Parse a blob p[0..n) into out (filled as far as the bytes go).
 * UNKNOWN_TYPE: the first octet is not NTCIP_SPAT_HEADER; TRUNCATED:
 * shorter than NTCIP_SPAT_LEN_SHORT; BAD_LENGTH: neither that nor
 * NTCIP_SPAT_LEN; BAD_VALUE: more than 16 phases, a phase number above 16
 * or twice, seconds beyond the day or milliseconds beyond 999.  err (may
 * be NULL) says which.
 */
enum reason	 ntcip_spat_parse(struct ntcip_spat *out, const uint8_t *p,
		    size_t n, char *err, size_t errlen);

/* Append the blob: NTCIP_SPAT_LEN octets, or NTCIP_SPAT_LEN_SHORT when
 * has_ped is 0.  -1 (nothing appended) on a value parse refuses. */
int		 ntcip_spat_build(struct buf *, const struct ntcip_spat *);

/* The entry of a phase number, NULL if none. */
const struct ntcip_phase_time *ntcip_spat_phase(const struct ntcip_spat *,
		    unsigned phase);

/* Bit of phase or overlap n (1..16) in a bit group; 0 for n out of range. */
int		 ntcip_bit(uint16_t group, unsigned n);

/*
 * Append one JSON object:
 * {"layer":"ntcip-spat","length":245,"numPhases":N,
 *  "phases":[{"phase":N,"vehMin":T,"vehMax":T,"pedMin":T,"pedMax":T,
 *   "ovlMin":T,"ovlMax":T},...] (entries with a phase number only),
 *  "phaseRed":"0x0000","phaseYellow":..,"phaseGreen":..,
 *  "phaseDontWalk":..,"phasePedClear":..,"phaseWalk":..,"overlapRed":..,
 *  "overlapYellow":..,"overlapGreen":..,"flashPhase":..,"flashOverlap":..,
 *  "status":N,"flash":b,"timebaseAction":N,"discontinuous":N,"seq":N,
 *  "seconds":S,"msec":MS[,"pedCall":"0x0000","pedDetect":"0x0000"]}
 * Times in tenths of a second; bit groups as four hex digits.
 */
void		 ntcip_spat_json(struct buf *, const struct ntcip_spat *);

#endif
