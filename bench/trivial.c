/*
 * trivial: the smallest libfcgi responder, the benchmark's reference for
 * what FastCGI through nginx costs on this machine before usergate does
 * anything.  One request at a time; spawn-fcgi -F N runs N of them.
 * With the query bytes=N it answers N bytes (at most 1 MiB) with their
 * Content-Length: what carrying an answer of that size costs nginx, wrk
 * and the kernel, with no work behind it.
 */
#include <stdlib.h>
#include <string.h>

#include <fcgiapp.h>

#define MAX_BYTES	(1L << 20)

int
main(void)
{
	static char	 body[MAX_BYTES];
	FCGX_Request	 req;
	const char	*q;
	long		 n;

	memset(body, 'x', sizeof(body));
	if (FCGX_Init() != 0 || FCGX_InitRequest(&req, 0, 0) != 0)
		return 1;
	while (FCGX_Accept_r(&req) >= 0) {
		q = FCGX_GetParam("QUERY_STRING", req.envp);
		if (q == NULL || strncmp(q, "bytes=", 6) != 0) {
			FCGX_PutS("Content-Type: text/plain\r\n\r\nok\n", req.out);
			continue;
		}
		n = strtol(q + 6, NULL, 10);
		if (n < 0 || n > MAX_BYTES)
			n = 0;
		FCGX_FPrintF(req.out, "Content-Type: text/plain\r\n"
		    "Content-Length: %ld\r\n\r\n", n);
		FCGX_PutStr(body, (int)n, req.out);
	}
	return 0;
}
