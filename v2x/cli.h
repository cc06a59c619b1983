/*
 * cli.h: shared pieces of the v2x command-line tool.
 */
#ifndef CLI_H
#define CLI_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "log.h"

#define V2X_VERSION	"0.1.0"

/* Exit statuses of DESIGN.md. */
#define EXIT_ALLOK	0
#define EXIT_SOMEBAD	1
#define EXIT_USAGE	2

int	cmd_decode(int, char **);
int	cmd_encode(int, char **);
int	cmd_random(int, char **);
int	cmd_cert(int, char **);
int	cmd_sign(int, char **);
int	cmd_verify(int, char **);
int	cmd_sub(int, char **);
int	cmd_cmd(int, char **);
/* CURVE client keys on a ZeroMQ socket (sub.c); 0 or -1. */
int	cli_curve(void *, const char *server, const char *secret);

/* Read a whole file ("-" or NULL: stdin) into b.  -1 with a message. */
int	read_file(const char *, struct buf *);

/* Write one JSON error object line: {"error":..,"detail":..,<where>:<n>} */
void	print_error(const char *reason, const char *detail, const char *file,
	    const char *where, size_t pos);

/* A pcap or pcapng file, by its magic number. */
int	is_capture(const uint8_t *, size_t);
/* Hex text: hex digits, white space, ':' and # comment lines only. */
int	is_hex_text(const uint8_t *, size_t);

/* List the type names -t accepts, for help and errors. */
void	print_types(FILE *);

#endif
