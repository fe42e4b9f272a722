#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "config.h"
#include "db.h"
#include "log.h"
#include "password.h"
#include "request.h"
#include "router.h"
#include "server.h"

/* A worker gives back an output buffer that grew past this. */
#define OUT_KEEP_MAX	(256 * 1024)

struct worker {
	pthread_t		 th;
	const struct config	*cfg;
	int			 listen_fd;
	struct db		*db;
	struct arena		 arena;
	struct buf		 out;
};

static int		 wake[2] = { -1, -1 };

int
fd_is_listening(int fd)
{
	int		 v = 0;
	socklen_t	 len = sizeof(v);

	return getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &v, &len) == 0 && v;
}

static int
listen_unix(const char *path, int mode)
{
	struct sockaddr_un	 sun;
	struct stat		 st;
	int			 fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		log_err("listen: %s: path too long", path);
		return -1;
	}
	memcpy(sun.sun_path, path, strlen(path) + 1);
	/* Replace a stale socket from an earlier run, never another file. */
	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			log_err("listen: %s exists and is not a socket", path);
			return -1;
		}
		unlink(path);
	}
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1 ||
	    chmod(path, (mode_t)mode) == -1 || listen(fd, 1024) == -1) {
		log_err("listen: %s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static int
is_loopback(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET)
		return (ntohl(((const struct sockaddr_in *)sa)->sin_addr.s_addr)
		    >> 24) == 127;
	if (sa->sa_family == AF_INET6)
		return IN6_IS_ADDR_LOOPBACK(
		    &((const struct sockaddr_in6 *)sa)->sin6_addr);
	return 0;
}

static int
listen_tcp(const char *addr)
{
	struct addrinfo	 hints, *res = NULL;
	char		 host[256];
	const char	*colon, *port;
	size_t		 hl;
	int		 fd = -1, one = 1, rc;

	if ((colon = strrchr(addr, ':')) == NULL) {
		log_err("listen: %s: expected HOST:PORT or a socket path", addr);
		return -1;
	}
	hl = (size_t)(colon - addr);
	if (hl >= 2 && addr[0] == '[' && addr[hl - 1] == ']') {
		addr++;
		hl -= 2;
	}
	if (hl == 0 || hl >= sizeof(host)) {
		log_err("listen: %s: bad host", addr);
		return -1;
	}
	memcpy(host, addr, hl);
	host[hl] = '\0';
	port = colon + 1;
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	if ((rc = getaddrinfo(host, port, &hints, &res)) != 0) {
		log_err("listen: %s: %s", addr, gai_strerror(rc));
		return -1;
	}
	/*
	 * libfcgi trusts its peer (some malformed records abort it), so the
	 * socket must be reachable by nginx on this host alone.
	 */
	if (!is_loopback(res->ai_addr)) {
		log_err("listen: %s is not a loopback address; use a unix "
		    "socket or 127.0.0.1", host);
		goto fail;
	}
	if ((fd = socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		goto fail;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, res->ai_addr, res->ai_addrlen) == -1 ||
	    listen(fd, 1024) == -1) {
		log_err("listen: %s: %s", addr, strerror(errno));
		close(fd);
		fd = -1;
	}
fail:
	freeaddrinfo(res);
	return fd;
}

int
server_listen(const char *addr, int mode)
{
	if (strncmp(addr, "unix:", 5) == 0)
		return listen_unix(addr + 5, mode);
	if (addr[0] == '/' || addr[0] == '.')
		return listen_unix(addr, mode);
	return listen_tcp(addr);
}

int
server_drop_privileges(const struct config *cfg, const char *sockpath)
{
	struct passwd	*pw;

	if (geteuid() != 0)
		return 0;
	if (cfg->user[0] == '\0' || (pw = getpwnam(cfg->user)) == NULL) {
		log_err("running as root and user \"%s\" does not exist; "
		    "refusing to serve as root", cfg->user);
		return -1;
	}
	if (pw->pw_uid == 0) {
		log_err("user \"%s\" is root; refusing to serve as root",
		    cfg->user);
		return -1;
	}
	if (sockpath != NULL && chown(sockpath, pw->pw_uid, pw->pw_gid) == -1)
		log_warn("chown %s: %s", sockpath, strerror(errno));
	if (setgroups(0, NULL) == -1 || setgid(pw->pw_gid) == -1 ||
	    setuid(pw->pw_uid) == -1) {
		log_err("dropping privileges to %s: %s", cfg->user,
		    strerror(errno));
		return -1;
	}
	if (setuid(0) != -1) {
		log_err("could still regain root after dropping privileges");
		return -1;
	}
	return 0;
}

int
server_prepare(const struct config *cfg)
{
	char	 err[256];

	if (password_init(cfg->password_scheme, cfg->password_cost,
	    cfg->hash_concurrency, cfg->hash_wait, err, sizeof(err)) == -1) {
		log_err("%s", err);
		return -1;
	}
	if (db_library_init() == -1) {
		log_err("cannot initialise the MariaDB client library");
		return -1;
	}
	if (router_init(cfg) == -1) {
		log_err("out of memory building routes");
		return -1;
	}
	return 0;
}

/* Runs one request through the router and sends the response. */
static void
serve_one(const struct config *cfg, struct db *db, struct arena *arena,
    struct buf *out, const struct req_io *io)
{
	struct request	 r;

	request_init(&r, io, cfg, db, arena, out);
	router_handle(&r);
	reply_flush(&r);
	request_free(&r);
	arena_reset(arena);
	if (out->cap > OUT_KEEP_MAX)
		buf_free(out);
}

static const char *
fcgi_param(void *ctx, const char *name)
{
	return FCGX_GetParam(name, ((FCGX_Request *)ctx)->envp);
}

static char **
fcgi_envp(void *ctx)
{
	return ((FCGX_Request *)ctx)->envp;
}

static long
fcgi_read(void *ctx, char *p, size_t len)
{
	int	 n = len > 65536 ? 65536 : (int)len;

	return FCGX_GetStr(p, n, ((FCGX_Request *)ctx)->in);
}

static int
fcgi_write(void *ctx, const char *p, size_t len)
{
	FCGX_Stream	*out = ((FCGX_Request *)ctx)->out;
	int		 n;

	while (len > 0) {
		n = len > 65536 ? 65536 : (int)len;
		if (FCGX_PutStr(p, n, out) != n)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * One epoll set for the whole server, waited on by every worker: the
 * listening socket, the stop pipe, and the connections nginx keeps
 * (fastcgi_keep_conn) between their requests.  Connections and the
 * listening socket are registered EPOLLONESHOT, so each readiness goes to
 * exactly one worker, which re-arms it when done; an idle kept connection
 * holds no thread, and whichever worker is free serves the next request
 * on any of them.  The stop pipe is level-triggered and never drained, so
 * every worker sees it.
 */
static int		 ep = -1;
static atomic_int	 stopping;

static int
epoll_add(int op, int fd, uint32_t events)
{
	struct epoll_event	 ev;

	memset(&ev, 0, sizeof(ev));
	ev.events = events;
	ev.data.fd = fd;
	return epoll_ctl(ep, op, fd, &ev);
}

/* (Re-)arms a socket for its next readiness, which one worker takes. */
static int
epoll_arm(int op, int fd)
{
	return epoll_add(op, fd, EPOLLIN | EPOLLONESHOT);
}

/*
 * Ends the request: returns 1 if the connection stays open for nginx's
 * next request, else closes it.  Not libfcgi's own close, which shuts
 * down the write side and then sleeps until the peer hangs up (a wake-up
 * and three system calls per request, and the worker held meanwhile: a
 * third of usergate's time at the floor).  The rest of stdin is read
 * first: a kept connection must be at the next request's first record,
 * and a close must never find unread data and reset nginx before it has
 * read the answer.
 */
static int
finish(FCGX_Request *req)
{
	char	 junk[4096];
	int	 keep = req->keepConnection;	/* what nginx asked for */

	while (FCGX_GetStr(junk, sizeof(junk), req->in) > 0)
		continue;
	req->keepConnection = 1;	/* libfcgi leaves the fd to us ... */
	FCGX_Finish_r(req);
	if (req->ipcFd == -1)		/* ... unless it failed and closed */
		return 0;
	keep = keep && !atomic_load(&stopping);
	if (!keep)
		close(req->ipcFd);
	req->ipcFd = -1;
	return keep;
}

/*
 * Takes every connection waiting on the listening socket and registers
 * each for its first request: in line behind the requests already waiting
 * on kept connections, not one per trip around the line; and a connection
 * that has sent nothing yet holds no thread.
 */
static void
accept_all(const struct worker *w)
{
	struct timeval	 tv = { w->cfg->peer_timeout, 0 };
	int		 fd;

	while ((fd = accept4(w->listen_fd, NULL, NULL, SOCK_CLOEXEC)) != -1) {
		/*
		 * nginx sends a whole request at once (it buffers the body
		 * before connecting) and reads as fast as it can, so only a
		 * stuck peer meets these; it must not hold a worker, or a
		 * SIGTERM, forever.
		 */
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		if (epoll_arm(EPOLL_CTL_ADD, fd) == -1) {
			log_err("epoll: %s", strerror(errno));
			close(fd);
		}
	}
	if (errno == EMFILE || errno == ENFILE) {
		log_err("accept: %s", strerror(errno));
		poll(NULL, 0, 100);
	}
	if (epoll_arm(EPOLL_CTL_MOD, w->listen_fd) == -1)
		log_err("epoll: %s", strerror(errno));
}

static void *
worker_main(void *arg)
{
	struct worker		*w = arg;
	FCGX_Request		 req;
	struct req_io		 io = { fcgi_param, fcgi_read, fcgi_write, &req,
				    fcgi_envp, 0 };
	struct epoll_event	 ev;
	int			 fd;

	/*
	 * The worker accepts for itself, then hands the connection to
	 * libfcgi.  libfcgi's own blocking accept() cannot be woken for a
	 * clean stop; with listen_sock -1 it never calls it.
	 */
	FCGX_InitRequest(&req, -1, 0);
	for (;;) {
		/* One event at a time: what this worker cannot serve now,
		 * another may. */
		if (epoll_wait(ep, &ev, 1, -1) != 1) {
			if (errno == EINTR)
				continue;
			log_err("epoll_wait: %s", strerror(errno));
			break;
		}
		if ((fd = ev.data.fd) == wake[0])
			break;
		if (fd == w->listen_fd) {
			accept_all(w);
			continue;
		}
		/*
		 * FCGX_Accept_r begins with FCGX_Finish_r, which would close
		 * the fd it is handed unless the connection counts as kept;
		 * the begin record then sets the peer's real choice.
		 */
		req.ipcFd = fd;
		req.keepConnection = 1;
		if (FCGX_Accept_r(&req) < 0) {
			/* nginx hung up, or a malformed opening; libfcgi
			 * closed the connection. */
			req.ipcFd = -1;
			continue;
		}
		serve_one(w->cfg, w->db, &w->arena, &w->out, &io);
		if (finish(&req) && epoll_arm(EPOLL_CTL_MOD, fd) == -1) {
			log_err("epoll: %s", strerror(errno));
			close(fd);
		}
	}
	return NULL;
}

int
server_run(const struct config *cfg, int listen_fd)
{
	struct worker	*ws;
	sigset_t	 set;
	int		 i, n = cfg->threads, sig, started = 0, flags;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (FCGX_Init() != 0) {
		log_err("FCGX_Init failed");
		return 1;
	}
	if (pipe2(wake, O_CLOEXEC) == -1) {
		log_err("pipe: %s", strerror(errno));
		return 1;
	}
	/* Non-blocking, so a worker that loses the race for a connection
	 * goes back to epoll instead of sleeping in accept(). */
	flags = fcntl(listen_fd, F_GETFL);
	fcntl(listen_fd, F_SETFL, flags | O_NONBLOCK);
	if ((ep = epoll_create1(EPOLL_CLOEXEC)) == -1 ||
	    epoll_arm(EPOLL_CTL_ADD, listen_fd) == -1 ||
	    epoll_add(EPOLL_CTL_ADD, wake[0], EPOLLIN) == -1) {
		log_err("epoll: %s", strerror(errno));
		return 1;
	}

	if ((ws = calloc((size_t)n, sizeof(*ws))) == NULL)
		return 1;
	for (i = 0; i < n; i++) {
		ws[i].cfg = cfg;
		ws[i].listen_fd = listen_fd;
		arena_init(&ws[i].arena, (size_t)cfg->max_body * 2 + 16384);
		buf_init(&ws[i].out);
		if ((ws[i].db = db_new(cfg)) == NULL)
			break;
		/* Connect now so that a wrong password shows at start-up. */
		(void)db_connect(ws[i].db);
		if (pthread_create(&ws[i].th, NULL, worker_main, &ws[i]) != 0) {
			db_free(ws[i].db);
			break;
		}
		started++;
	}
	if (started == 0) {
		log_err("no worker thread could start");
		free(ws);
		return 1;
	}
	log_info("serving FastCGI with %d threads", started);

	for (;;) {
		if (sigwait(&set, &sig) != 0)
			continue;
		if (sig == SIGHUP)
			continue;
		break;
	}
	log_info("signal %d: finishing requests in flight", sig);
	/* Kept connections close after their request from now on.  One
	 * byte, never read: every worker sees the pipe readable. */
	atomic_store(&stopping, 1);
	(void)!write(wake[1], "x", 1);
	for (i = 0; i < started; i++) {
		pthread_join(ws[i].th, NULL);
		db_free(ws[i].db);
		arena_free(&ws[i].arena);
		buf_free(&ws[i].out);
	}
	free(ws);
	close(ep);
	close(wake[0]);
	close(wake[1]);
	log_info("stopped");
	return 0;
}

static const char *
cgi_param(void *ctx, const char *name)
{
	return getenv(name);
}

static char **
cgi_envp(void *ctx)
{
	return environ;
}

static long
cgi_read(void *ctx, char *p, size_t len)
{
	ssize_t	 n;

	do
		n = read(0, p, len);
	while (n == -1 && errno == EINTR);
	return (long)n;
}

static int
cgi_write(void *ctx, const char *p, size_t len)
{
	ssize_t	 n;

	while (len > 0) {
		n = write(1, p, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int
server_cgi(const struct config *cfg)
{
	struct req_io	 io = { cgi_param, cgi_read, cgi_write, NULL, cgi_envp,
				    1 };
	struct arena	 arena;
	struct buf	 out;
	struct db	*db;

	signal(SIGPIPE, SIG_IGN);
	if ((db = db_new(cfg)) == NULL)
		return 1;
	arena_init(&arena, 16384);
	buf_init(&out);
	serve_one(cfg, db, &arena, &out, &io);
	buf_free(&out);
	arena_free(&arena);
	db_free(db);
	return 0;
}
