/*
 * replay.c: runs a libFuzzer target over corpus files and directories
 * without libFuzzer, so that ordinary (ASan+UBSan) test runs replay the
 * corpus.  Prints "PASS <target> <dir>: N inputs".
 */
#include <sys/stat.h>

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
run_file(const char *path)
{
	FILE	*f;
	uint8_t	*p;
	long	 n;

	if ((f = fopen(path, "rb")) == NULL)
		return -1;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	if (n < 0 || (p = malloc((size_t)n + 1)) == NULL) {
		fclose(f);
		return -1;
	}
	if (fread(p, 1, (size_t)n, f) != (size_t)n) {
		free(p);
		fclose(f);
		return -1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(p, (size_t)n);
	free(p);
	return 0;
}

int
main(int argc, char **argv)
{
	struct dirent	*de;
	struct stat	 st;
	DIR		*d;
	char		 path[4096];
	long		 count;
	int		 i, bad = 0;

	for (i = 1; i < argc; i++) {
		count = 0;
		if (stat(argv[i], &st) == -1) {
			printf("FAIL replay %s: no such file or directory\n",
			    argv[i]);
			bad = 1;
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			if (run_file(argv[i]) == 0)
				count++;
		} else if ((d = opendir(argv[i])) != NULL) {
			while ((de = readdir(d)) != NULL) {
				if (de->d_name[0] == '.')
					continue;
				snprintf(path, sizeof(path), "%s/%s", argv[i],
				    de->d_name);
				if (run_file(path) == 0)
					count++;
			}
			closedir(d);
		}
		printf("PASS replay %s: %ld inputs\n", argv[i], count);
	}
	return bad;
}
