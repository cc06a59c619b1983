/*
 * unit_ecc.c: keys, ECDSA and public points on every 1609.2 curve.
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "ecc.h"

static void
test_curve(enum ecc_curve c)
{
	struct ecc_key	*k, *k2;
	struct ecc_pub	*pub, *cpub;
	uint8_t		 x[48], y[48], r[48], s[48], d[48], x2[48], y2[48];
	char		 name[128], path[] = "/tmp/unit_ecc_XXXXXX", err[256];
	size_t		 len = ecc_curve_len(c);
	int		 fd, i, ok;

	memset(d, 0x5a, sizeof(d));
	k = ecc_key_generate(c);
	snprintf(name, sizeof(name), "%s generate", ecc_curve_str(c));
	CHECK(name, k != NULL && ecc_key_curve(k) == c);
	if (k == NULL)
		return;
	ecc_key_public(k, x, y);
	pub = ecc_pub_new(c, x, y, 0);
	cpub = ecc_pub_new(c, x, NULL, y[len - 1] & 1);
	snprintf(name, sizeof(name), "%s public point, compressed too",
	    ecc_curve_str(c));
	CHECK(name, pub != NULL && cpub != NULL &&
	    ecc_pub_point(cpub, x2, y2) == 0 && memcmp(y, y2, len) == 0);
	for (ok = 1, i = 0; i < 20; i++) {
		d[0] = (uint8_t)i;
		if (ecc_sign(k, d, r, s) != 0 ||
		    ecc_verify(pub, d, r, s) != REASON_OK ||
		    ecc_verify(cpub, d, r, s) != REASON_OK)
			ok = 0;
	}
	snprintf(name, sizeof(name), "%s sign then verify", ecc_curve_str(c));
	CHECK(name, ok);
	d[1] ^= 1;
	snprintf(name, sizeof(name), "%s flipped digest bit", ecc_curve_str(c));
	CHECK(name, ecc_verify(pub, d, r, s) == REASON_SIG_BAD);
	d[1] ^= 1;
	s[len - 1] ^= 1;
	snprintf(name, sizeof(name), "%s flipped signature bit",
	    ecc_curve_str(c));
	CHECK(name, ecc_verify(pub, d, r, s) == REASON_SIG_BAD);
	memset(r, 0, len);
	snprintf(name, sizeof(name), "%s zero r", ecc_curve_str(c));
	CHECK(name, ecc_verify(pub, d, r, s) == REASON_SIG_BAD);
	x[0] ^= 0x40;
	snprintf(name, sizeof(name), "%s point off the curve refused",
	    ecc_curve_str(c));
	CHECK(name, ecc_pub_new(c, x, y, 0) == NULL);

	/* PEM round trip, and the mode check. */
	fd = mkstemp(path);
	close(fd);
	snprintf(name, sizeof(name), "%s key save and load", ecc_curve_str(c));
	CHECK(name, ecc_key_save(k, path, err, sizeof(err)) == 0 &&
	    ecc_key_load(path, &k2, err, sizeof(err)) == REASON_OK &&
	    ecc_key_curve(k2) == c);
	ecc_key_free(k2);
	chmod(path, 0644);
	snprintf(name, sizeof(name), "%s world-readable key refused",
	    ecc_curve_str(c));
	CHECK(name, ecc_key_load(path, &k2, err, sizeof(err)) ==
	    REASON_BAD_VALUE && strstr(err, "chmod 600") != NULL);
	unlink(path);
	ecc_pub_free(pub);
	ecc_pub_free(cpub);
	ecc_key_free(k);
}

int
main(void)
{
	int	 c;

	for (c = 0; c < ECC_CURVE_MAX; c++)
		test_curve(c);
	return check_exit();
}
