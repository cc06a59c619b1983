/*
 * input.h: the messages of one input of 'v2x decode', 'sign' and 'verify':
 * hex text one message a line, binary UPER messages back to back, the
 * frames of a pcap or pcapng capture (through libpcap), or the whole input.
 */
#ifndef INPUT_H
#define INPUT_H

#include <sys/time.h>

#include <stddef.h>
#include <stdint.h>

#include "msg.h"

enum input_fmt {
	INPUT_AUTO,		/* by content, among those accepted */
	INPUT_HEX,		/* one message a line, # comments */
	INPUT_UPER,		/* bare messages back to back */
	INPUT_PCAP,		/* a pcap or pcapng capture, frame by frame */
	INPUT_RAW		/* the whole input is one message */
};
#define INPUT_ACCEPTS(f)	(1u << (f))

struct input_opts {
	enum input_fmt	 fmt;
	unsigned	 accept;	/* INPUT_ACCEPTS() of what auto may pick;
					   not hex and not a capture: UPER if
					   accepted, else RAW */
	/* UPER: where a message ends is where msg_decode() stops. */
	enum msg_family	 family;
	struct asn_TYPE_descriptor_s *type;
	int		 envelope;	/* UPER input whose first octet cannot
					   start a bare message (> 2) is one
					   packet (GeoNetworking, WSMP...) */
};

enum input_status {
	INPUT_OK,
	INPUT_NOT_HEX,		/* a line that is not hexadecimal */
	INPUT_NO_END		/* UPER: no message here; the last item */
};

/* One message of an input, valid until the next input_next(). */
struct input_msg {
	enum input_status status;
	enum input_fmt	 fmt;		/* where it came from */
	const uint8_t	*p;
	size_t		 n;
	const char	*where;		/* "line", "frame", "offset"; NULL for
					   the whole input */
	size_t		 pos;		/* line or frame number, or offset */
	const struct timeval *ts;	/* a frame's capture time, else NULL */
	int		 dlt;		/* a frame's link type */
	struct msg	*msg;		/* UPER: the message as decoded to find
					   its end (trailing 0), else NULL */
	enum reason	 reason;	/* INPUT_NO_END: why, and detail */
	char		 detail[256];
};

struct input;

/* -i NAME (auto, hex, uper, pcap, raw) among accepted formats; 0 or -1. */
int		 input_fmt_parse(const char *, unsigned accept, enum input_fmt *);
/* Open path (NULL or "-": stdin): a capture named by -i pcap is read as a
 * stream, anything else whole.  NULL with a message on stderr. */
struct input	*input_open(const char *path, const struct input_opts *);
/* The format read: -i's, or what auto chose. */
enum input_fmt	 input_fmt(const struct input *);
/* The next message: 1, 0 at the end, -1 on a read error (said on stderr). */
int		 input_next(struct input *, struct input_msg *);
void		 input_free(struct input *);

#endif
