/*
 * Replays inputs through a fuzz target without libFuzzer, so that
 * `make check` (gcc, plain or under the sanitizers) runs every committed
 * seed and every crash ever found, as TAP.
 *
 *	replay_TARGET			every file in FUZZ_DIR/corpus and
 *					FUZZ_DIR/regressions
 *	replay_TARGET PATH...		these files, or the files in these
 *					directories
 *
 * A target reports a violated property by aborting, which fails the
 * test; the name of the input being replayed is printed first.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

static int		 ntests;
static int		 failed;
static const char	*current;	/* the input being replayed */

/* The sanitizers' runtime, when one is linked in. */
void	 __sanitizer_set_death_callback(void (*)(void)) __attribute__((weak));

/* Names the input that failed, whichever way the process dies. */
static void
blame(void)
{
	if (current != NULL)
		fprintf(stderr, "replay: failed on %s\n", current);
}

static void
on_abort(int sig)
{
	blame();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Reads path whole into a malloc'd buffer of exactly its size. */
static int
replay_file(const char *path)
{
	FILE		*f;
	uint8_t		*data = NULL;
	size_t		 len = 0, cap = 0, n;

	if ((f = fopen(path, "rb")) == NULL) {
		printf("not ok %d - %s: %s\n", ++ntests, path, strerror(errno));
		failed++;
		return -1;
	}
	for (;;) {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 8192;
			if ((data = realloc(data, cap)) == NULL)
				abort();
		}
		n = fread(data + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	fclose(f);
	/* An exact-size copy, so a read past the input is caught. */
	{
		uint8_t	*exact = malloc(len > 0 ? len : 1);

		if (exact == NULL)
			abort();
		if (len > 0)
			memcpy(exact, data, len);
		free(data);
		data = exact;
	}
	current = path;
	LLVMFuzzerTestOneInput(data, len);
	current = NULL;
	free(data);
	printf("ok %d - %s\n", ++ntests, path);
	fflush(stdout);
	return 0;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Replays a file, or every regular file in a directory, in name order. */
static void
replay_path(const char *path, int missing_ok)
{
	struct stat	 st;
	struct dirent	*de;
	DIR		*d;
	char		**names = NULL, *full;
	size_t		 n = 0, cap = 0, i, len;

	if (stat(path, &st) == -1) {
		if (missing_ok && errno == ENOENT)
			return;
		printf("not ok %d - %s: %s\n", ++ntests, path, strerror(errno));
		failed++;
		return;
	}
	if (!S_ISDIR(st.st_mode)) {
		replay_file(path);
		return;
	}
	if ((d = opendir(path)) == NULL) {
		printf("not ok %d - %s: %s\n", ++ntests, path, strerror(errno));
		failed++;
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			if ((names = realloc(names, cap * sizeof(*names))) ==
			    NULL)
				abort();
		}
		len = strlen(path) + strlen(de->d_name) + 2;
		if ((full = malloc(len)) == NULL)
			abort();
		snprintf(full, len, "%s/%s", path, de->d_name);
		names[n++] = full;
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof(*names), cmp_names);
	for (i = 0; i < n; i++) {
		if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode))
			replay_file(names[i]);
		free(names[i]);
	}
	free(names);
}

int
main(int argc, char **argv)
{
	int	 i;

	signal(SIGABRT, on_abort);
	signal(SIGSEGV, on_abort);
	if (__sanitizer_set_death_callback != NULL)
		__sanitizer_set_death_callback(blame);
	if (argc > 1) {
		for (i = 1; i < argc; i++)
			replay_path(argv[i], 0);
	} else {
		replay_path(FUZZ_DIR "/corpus", 0);
		replay_path(FUZZ_DIR "/regressions", 1);
	}
	printf("1..%d\n", ntests);
	return failed != 0 || ntests == 0;
}
