/*
 * wydot.h: the binary OBU log files of the Wyoming (WYDOT) Connected Vehicle
 * Pilot as the USDOT ODE imports them (jpo-ode data/wydotLogRecords.h and
 * its importer's log file parsers): transmitted BSMs, BSMs logged during an
 * event, received messages, distress notifications and driver alerts.
 */
#ifndef WYDOT_H
#define WYDOT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "reason.h"

/* The record type is not in the file: ODE takes it from the file name's
 * prefix.  bsmTx, bsmLogDuringEvent and rxMsg share one layout. */
enum wydot_type {
	WYDOT_AUTO = 0,		/* guess the layout from the content */
	WYDOT_BSM_TX,		/* "bsmTx" */
	WYDOT_BSM_EVENT,	/* "bsmLogDuringEvent" */
	WYDOT_RX_MSG,		/* "rxMsg" */
	WYDOT_DN_MSG,		/* "dnMsg" */
	WYDOT_DRIVER_ALERT	/* "driverAlert" */
};

#define WYDOT_END		REASON_MAX	/* wydot_next(): no more records */
#define WYDOT_MAX_PAYLOAD	2302	/* MAX_PAYLOAD_SIZE (1609.3 WSM) */
#define WYDOT_MAX_ALERT		255	/* MAX_STRING_LEN of a driver alert */
#define WYDOT_MAX_SECURITY	35	/* last securityResultCode */
#define WYDOT_MAX_GUNZIP	(256UL << 20)	/* wydot_gunzip() output cap */

/* J2735 "unavailable" values of the location fields. */
#define WYDOT_LAT_NA		900000001
#define WYDOT_LON_NA		1800000001
#define WYDOT_ELEV_NA		(-4096)
#define WYDOT_SPEED_NA		8191
#define WYDOT_HEADING_NA	28800

/* One record.  Pointers borrow the buffer given to wydot_open(). */
struct wydot_record {
	enum wydot_type		 type;
	size_t			 offset;	/* of the record in the file */
	size_t			 size;		/* its bytes, with the '\n' some
						 * writers add; 0 if unframed */
	size_t			 skipped;	/* after an error: bytes passed
						 * over to the next record */
	int			 has_direction;	/* bsmTx, bsmLogDuringEvent */
	uint8_t			 direction;	/* 0 EV (sent), 1 RV (received) */
	int			 has_rx_source;	/* rxMsg */
	uint8_t			 rx_source;	/* 0 RSU, 1 SAT, 2 RV, 3 SNMP */
	int32_t			 latitude;	/* 1e-7 degree */
	int32_t			 longitude;	/* 1e-7 degree */
	int32_t			 elevation;	/* 0.1 m */
	uint16_t		 speed;		/* 0.02 m/s */
	uint16_t		 heading;	/* 0.0125 degree */
	uint32_t		 utc_time;	/* utcTimeInSec, Unix seconds */
	uint16_t		 msec;
	int			 has_security;	/* all but driverAlert */
	uint8_t			 security;	/* securityResultCode */
	uint16_t		 length;	/* of the payload or text */
	const uint8_t		*payload;	/* 1609.2 or WSMP bytes, or NULL */
	const char		*text;		/* driverAlert text, or NULL; not
						 * NUL-terminated: length bytes */
};

struct wydot_reader;

/* A reader over a whole (decompressed) log file p[0..n), which must outlive
 * it.  wydot_open guesses the layout; wydot_open_type takes it (WYDOT_AUTO:
 * guess), e.g. from wydot_type_from_name().  A guess says bsmTx for
 * bsmLogDuringEvent (same layout), and bsmTx or rxMsg by the content.
 * Whether records end with '\n' is always found from the content.  NULL
 * only when out of memory. */
struct wydot_reader *wydot_open(const uint8_t *p, size_t n);
struct wydot_reader *wydot_open_type(const uint8_t *p, size_t n,
		    enum wydot_type);
void		 wydot_free(struct wydot_reader *);	/* accepts NULL */

/* The type read (WYDOT_AUTO if nothing fits the content). */
enum wydot_type	 wydot_type(const struct wydot_reader *);

/* The next record: REASON_OK; WYDOT_END after the last; otherwise why the
 * record at out->offset is malformed (TRUNCATED, BAD_LENGTH, BAD_VALUE,
 * UNKNOWN_TYPE), with what could be read of it, and the reader moves on
 * to the next place where a record fits (out->skipped bytes later), or to
 * the end.  Calling again after an error goes on from there. */
enum reason	 wydot_next(struct wydot_reader *, struct wydot_record *out);

/* Append one JSON object for a decoded message's "layers" array:
 * {"layer":"wydot","recordType":..,"offset":..,...} */
void		 wydot_json(struct buf *, const struct wydot_record *);

/* Type names as ODE spells them ("bsmTx"...); "unknown" for WYDOT_AUTO. */
const char	*wydot_type_str(enum wydot_type);
/* The type a log file name stands for (by its base name's prefix, as ODE
 * does: "rxMsg_1527.bin.gz"), WYDOT_AUTO if none. */
enum wydot_type	 wydot_type_from_name(const char *path);
const char	*wydot_security_str(unsigned);	/* "success"...; "unknown" */
const char	*wydot_rx_source_str(unsigned);	/* "RSU"...; "unknown" */

/* 1 if p starts with the gzip magic 1f 8b. */
int		 wydot_is_gzip(const uint8_t *p, size_t n);
/* Append the decompressed bytes of gzip data (all members; bytes after a
 * member that do not start another are ignored, as gzip(1) does) to out.
 * Returns 0, or -1 with a message in err (bad data, truncated, larger
 * than WYDOT_MAX_GUNZIP, out of memory); out is then as it was. */
int		 wydot_gunzip(const uint8_t *p, size_t n, struct buf *out,
		    char *err, size_t errlen);

#endif
