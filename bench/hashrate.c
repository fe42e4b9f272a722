/*
 * hashrate: the raw cost of the configured password hash, the yardstick
 * for the login benchmark.  Runs one thread per CPU, each hashing with
 * libxcrypt's crypt_rn under the policy of lib/password.c, for SECONDS,
 * and prints "hashes/s N".
 *
 *   hashrate SCHEME COST SECONDS
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "password.h"
#include "text.h"

static atomic_long	 done;
static atomic_int	 stop;

static void *
run(void *arg)
{
	int	 ok;

	(void)arg;
	while (!atomic_load(&stop)) {
		/* A verify is what a login does: one crypt_rn call. */
		if (password_verify("benchmark-password", 18, NULL, &ok) != UG_OK)
			break;
		atomic_fetch_add(&done, 1);
	}
	return NULL;
}

int
main(int argc, char **argv)
{
	pthread_t	*th;
	struct timespec	 t0, t1;
	char		 err[256];
	uint64_t	 cost, secs;
	long		 n, i;
	double		 el;

	if (argc != 4 || parse_u64(argv[2], strlen(argv[2]), 31, &cost) == -1 ||
	    parse_u64(argv[3], strlen(argv[3]), 3600, &secs) == -1) {
		fprintf(stderr, "usage: hashrate SCHEME COST SECONDS\n");
		return 2;
	}
	n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		n = 1;
	if (password_init(argv[1], (int)cost, (int)n, 60, err, sizeof(err)) ==
	    -1) {
		fprintf(stderr, "hashrate: %s\n", err);
		return 1;
	}
	if ((th = calloc((size_t)n, sizeof(*th))) == NULL)
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < n; i++)
		pthread_create(&th[i], NULL, run, NULL);
	sleep((unsigned)secs);
	atomic_store(&stop, 1);
	for (i = 0; i < n; i++)
		pthread_join(th[i], NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	el = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("threads %ld\nhashes/s %.1f\n", n, (double)atomic_load(&done) / el);
	free(th);
	return 0;
}
