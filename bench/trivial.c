/*
 * trivial: the smallest libfcgi responder, the benchmark's reference for
 * what FastCGI through nginx costs on this machine before usergate does
 * anything.  One request at a time; spawn-fcgi -F N runs N of them.
 */
#include <fcgiapp.h>

int
main(void)
{
	FCGX_Request	 req;

	if (FCGX_Init() != 0 || FCGX_InitRequest(&req, 0, 0) != 0)
		return 1;
	while (FCGX_Accept_r(&req) >= 0)
		FCGX_PutS("Content-Type: text/plain\r\n\r\nok\n", req.out);
	return 0;
}
