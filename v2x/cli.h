/*
 * cli.h: shared pieces of the v2x command-line tool: the commands, and the
 * helpers of util.c they share.
 */
#ifndef CLI_H
#define CLI_H

#include <getopt.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "buf.h"
#include "log.h"
#include "msg.h"

#define V2X_VERSION	"0.1.0"

/* Exit statuses of DESIGN.md. */
#define EXIT_ALLOK	0
#define EXIT_SOMEBAD	1
#define EXIT_USAGE	2
/* What a command's option parser returns when the command goes on. */
#define ARGS_OK		(-1)

/* The commands (decode.c, encode.c, ...): an exit status. */
int	cmd_decode(int, char **);
int	cmd_encode(int, char **);
int	cmd_random(int, char **);
int	cmd_cert(int, char **);
int	cmd_sign(int, char **);
int	cmd_verify(int, char **);
int	cmd_sub(int, char **);
int	cmd_cmd(int, char **);

/* util.c: options */
/* The end of every command's long options: --help, which cli_getopt()
 * answers, and the terminator. */
#define HELP_LONGOPTS \
	{ "help", no_argument, NULL, 'h' }, \
	{ NULL, 0, NULL, 0 }
/* The long options -t TYPE and --family FAMILY (decode, encode, random),
 * read with cli_type() and cli_family(). */
#define TYPE_LONGOPTS \
	{ "type", required_argument, NULL, 't' }, \
	{ "family", required_argument, NULL, 'F' }
/* getopt_long over argv: -h prints usage on stdout, an unknown option or
 * a missing argument usage on stderr, every other option goes to opt(ctx,
 * ch, optarg), which says what is wrong and returns -1.  ARGS_OK with
 * optind at the first operand, or the exit status. */
int	cli_getopt(int argc, char **argv, const char *shortopts,
	    const struct option *, void (*usage)(FILE *),
	    int (*opt)(void *, int, char *), void *ctx);
/* --family FAMILY of command cmd; -1 with a message. */
int	cli_family(const char *cmd, const char *, enum msg_family *);
/* The type -t names, in family *fam first, then in the others; *fam
 * becomes the family it was found in.  NULL with a message and the types. */
struct asn_TYPE_descriptor_s *cli_type(const char *cmd, const char *,
	    enum msg_family *fam);
/* -i or -o (opt) json|xer of command cmd into *xer; -1 with a message. */
int	cli_xer(const char *cmd, const char *opt, const char *, int *xer);

/* util.c: files and output */
/* fn(ctx, path, name) for each FILE operand, or once for stdin (path
 * NULL); name is the path when there are several, for messages, else
 * NULL.  -1 when fn was -1 for some file, else 0. */
int	cli_files(int argc, char **argv,
	    int (*fn)(void *, const char *path, const char *name), void *ctx);
/* Read a whole file ("-" or NULL: stdin) into b.  -1 with a message. */
int	read_file(const char *, struct buf *);
/* Write one JSON error object line: {"error":..,"detail":..,<where>:<n>} */
void	print_error(const char *reason, const char *detail, const char *file,
	    const char *where, size_t pos);
/* List the type names -t accepts, for help and errors. */
void	print_types(FILE *);
/* The paragraph of a command's help on TYPE, with the list. */
void	print_types_help(FILE *);

/* zclient.c: the ZeroMQ client socket of 'v2x sub' and 'v2x cmd'. */
struct zclient {
	const char	*endpoint;
	const char	*server, *secret;	/* CURVE keys (Z85), or NULL */
	double		 timeout;		/* --timeout S */
	void		*ctx, *s;
};
/* argv[*i] and its value when it is --timeout, --server-key or
 * --secret-key: 1 with *i past it, else 0. */
int	zclient_opt(struct zclient *, int argc, char **argv, int *i);
/* Connect a socket of type to z->endpoint, with the CURVE client keys
 * when given; 0, or -1 with a message naming cmd. */
int	zclient_connect(struct zclient *, const char *cmd, int type);
/* Close the socket and its context. */
void	zclient_close(struct zclient *);

#endif
