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
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/uio.h>
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
#include "text.h"

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

/*
 * Binds a unix socket at path with the given mode and group and listens.
 * Nothing is changed by path after the bind: as root, a chmod or chown of
 * the path would follow whatever a writer of the directory put there in
 * the meantime (a symlink or a hard link to any file).  The mode comes
 * from the umask at bind time, and the group from the effective group id
 * the socket is created with.  Not root, a group is set with lchown,
 * which can only give away what this user already owns.  gid (gid_t)-1
 * keeps the process's own group.  Single-threaded callers only (umask
 * and the effective group id are per process).
 */
static int
listen_unix(const char *path, int mode, gid_t gid)
{
	struct sockaddr_un	 sun;
	struct stat		 st;
	mode_t			 omask;
	gid_t			 egid = getegid();
	int			 fd, rc, saved, as_root = geteuid() == 0;

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
	if (as_root && gid != (gid_t)-1 && setegid(gid) == -1) {
		log_err("listen: setegid %u: %m", (unsigned)gid);
		close(fd);
		return -1;
	}
	omask = umask(~(mode_t)mode & 0777);
	rc = bind(fd, (struct sockaddr *)&sun, sizeof(sun));
	saved = errno;
	umask(omask);
	if (as_root && gid != (gid_t)-1 && setegid(egid) == -1) {
		log_err("listen: restoring the group: %m");
		close(fd);
		return -1;
	}
	errno = saved;
	if (rc == 0 && !as_root && gid != (gid_t)-1 &&
	    lchown(path, (uid_t)-1, gid) == -1)
		rc = -1;
	if (rc == -1 || listen(fd, 1024) == -1) {
		log_err("listen: %s: %m", path);
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
		log_err("listen: %s: %m", addr);
		close(fd);
		fd = -1;
	}
fail:
	freeaddrinfo(res);
	return fd;
}

/*
 * The group a unix socket is created with: listen_group when set, else,
 * as root, the primary group of the user usergate becomes (so that a
 * socket shared with nginx needs its own setting); (gid_t)-1 for the
 * process's own.  0, or -1 if the group or user is unknown.
 */
static int
socket_group(const struct config *cfg, gid_t *gid)
{
	struct group	*gr;
	struct passwd	*pw;
	uint64_t	 v;
	const char	*g = cfg->listen_group;

	*gid = (gid_t)-1;
	if (g[0] != '\0') {
		if ((gr = getgrnam(g)) != NULL)
			*gid = gr->gr_gid;
		else if (parse_u64(g, strlen(g), UINT32_MAX - 1, &v) == 0)
			*gid = (gid_t)v;
		else {
			log_err("listen_group \"%s\" does not exist", g);
			return -1;
		}
		return 0;
	}
	if (geteuid() != 0)
		return 0;
	if (cfg->user[0] == '\0' || (pw = getpwnam(cfg->user)) == NULL) {
		log_err("running as root and user \"%s\" does not exist; "
		    "refusing to serve as root", cfg->user);
		return -1;
	}
	*gid = pw->pw_gid;
	return 0;
}

int
server_listen(const struct config *cfg, const char *addr)
{
	gid_t	 gid;

	if (strncmp(addr, "unix:", 5) == 0 || addr[0] == '/' ||
	    addr[0] == '.') {
		if (socket_group(cfg, &gid) == -1)
			return -1;
		if (strncmp(addr, "unix:", 5) == 0)
			addr += 5;
		return listen_unix(addr, cfg->listen_mode, gid);
	}
	return listen_tcp(addr);
}

int
server_drop_privileges(const struct config *cfg)
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
	if (setgroups(0, NULL) == -1 || setgid(pw->pw_gid) == -1 ||
	    setuid(pw->pw_uid) == -1) {
		log_err("dropping privileges to %s: %m", cfg->user);
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
	reply_end(&r);
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

/*
 * Reads what is left of the request's stdin.  nginx sends the whole
 * body before it reads an answer: an answer written while it is still
 * sending (a body refused for its size, unread) would wait for a drain
 * that never comes.
 */
static void
drain_stdin(FCGX_Request *req)
{
	char	 junk[4096];

	while (FCGX_GetStr(junk, sizeof(junk), req->in) > 0)
		continue;
}

/* writev(2) of all of iov[0..n), on through short writes; 0 or -1. */
static int
writev_all(int fd, struct iovec *iov, int n)
{
	ssize_t	 w;

	while (n > 0) {
		w = writev(fd, iov, n);
		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		while (n > 0 && (size_t)w >= iov->iov_len) {
			w -= (ssize_t)iov->iov_len;
			iov++;
			n--;
		}
		if (n > 0) {
			iov->iov_base = (char *)iov->iov_base + w;
			iov->iov_len -= (size_t)w;
		}
	}
	return 0;
}

/*
 * The pieces as FastCGI stdout records of up to REC_MAX bytes, written
 * straight to the connection, REC_BATCH records a writev, rather than
 * through libfcgi's stream, which writes a record per 8 KiB of it: a
 * write, and a wake-up of nginx, each.  The rest of stdin is read
 * first (see drain_stdin), and what the stream holds goes first, so the
 * order stays.
 *
 * With last, the pieces end the answer: the end of stdout and the
 * END_REQUEST record go in the same writev as the last bytes, and the
 * stream is marked closed, so that FCGX_Finish_r writes nothing more.
 * An answer is then one write, whatever its size, and nginx, which may
 * have its Content-Length, never reads all of it without the end (it
 * would close the connection it keeps rather than wait).  libfcgi's
 * close of the error stream, which comes first, writes nothing when
 * nothing was written to it (usergate never does), and leaves the
 * END_REQUEST to the output stream's close, which this replaces.
 */
#define REC_MAX		32768
#define REC_BATCH	4

static void
rec_header(unsigned char *h, int type, int id, size_t len)
{
	h[0] = 1;				/* FCGI_VERSION_1 */
	h[1] = (unsigned char)type;
	h[2] = (unsigned char)(id >> 8);
	h[3] = (unsigned char)id;
	h[4] = (unsigned char)(len >> 8);
	h[5] = (unsigned char)len;
	h[6] = 0;				/* no padding */
	h[7] = 0;
}

static int
write_records(FCGX_Request *req, const struct iovec *in, int nin, int last)
{
	/* The end of stdout, then END_REQUEST: status 0, REQUEST_COMPLETE. */
	unsigned char	 fin[8 + 16] = { 0 };
	unsigned char	 hdr[REC_BATCH][8];
	struct iovec	 iov[REC_BATCH * (1 + REQ_IOV_MAX) + 1];
	size_t		 left = 0, off = 0, len, take;
	int		 i, nrec, niov;

	if (nin > REQ_IOV_MAX)
		return -1;
	for (i = 0; i < nin; i++)
		left += in[i].iov_len;
	if (left == 0 && !last)
		return 0;
	drain_stdin(req);
	if (FCGX_FFlush(req->out) == -1)
		return -1;
	i = 0;
	do {
		for (nrec = 0, niov = 0; nrec < REC_BATCH && left > 0; nrec++) {
			len = left < REC_MAX ? left : REC_MAX;
			rec_header(hdr[nrec], 6, req->requestId, len);
			iov[niov].iov_base = hdr[nrec];	/* FCGI_STDOUT */
			iov[niov++].iov_len = 8;
			left -= len;
			/* The record's bytes, from as many pieces as it spans. */
			while (len > 0) {
				take = in[i].iov_len - off;
				if (take > len)
					take = len;
				if (take > 0) {
					iov[niov].iov_base =
					    (char *)in[i].iov_base + off;
					iov[niov++].iov_len = take;
				}
				off += take;
				len -= take;
				if (off == in[i].iov_len) {
					i++;
					off = 0;
				}
			}
		}
		if (left == 0 && last) {
			rec_header(fin, 6, req->requestId, 0);
			rec_header(fin + 8, 3, req->requestId, 8);
			iov[niov].iov_base = fin;	/* FCGI_END_REQUEST */
			iov[niov++].iov_len = sizeof(fin);
		}
		if (writev_all(req->ipcFd, iov, niov) == -1)
			return -1;
	} while (left > 0);
	if (last) {	/* fcgiapp.h's FCGX_Stream, as FCGX_FClose sets it */
		req->out->wasFCloseCalled = 1;
		req->out->isClosed = 1;
	}
	return 0;
}

static int
fcgi_writev(void *ctx, const struct iovec *in, int nin)
{
	return write_records(ctx, in, nin, 0);
}

static int
fcgi_write_last(void *ctx, const struct iovec *in, int nin)
{
	return write_records(ctx, in, nin, 1);
}

static int
fcgi_write1(void *ctx, const char *p, size_t len)
{
	struct iovec	 iov = { (void *)(uintptr_t)p, len };

	return fcgi_writev(ctx, &iov, 1);
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
 *
 * Stopping (server_run, on SIGTERM): the listening socket leaves the set,
 * what is already queued on it is accepted, and it is closed, so that a
 * connection nginx makes from then on is refused (and may go to another
 * instance) instead of reset; then the pipe wakes every worker, and each
 * serves whatever connection has a request waiting until none has, and
 * exits.  A connection served from then on is closed after its answer.
 */
static int		 ep = -1;
static atomic_int	 stopping;

/*
 * The listening socket, -1 once closed at the stop.  accept_mu makes
 * accepting, re-arming and the closing exclusive: a worker never accepts
 * on, or re-arms, a descriptor the stop has closed (and whose number a
 * database connection may have taken since).  Uncontended but at the
 * stop: EPOLLONESHOT gives the listening socket to one worker at a time.
 */
static pthread_mutex_t	 accept_mu = PTHREAD_MUTEX_INITIALIZER;
static int		 accept_fd = -1;

/* Out of descriptors: one log line per this many seconds, not per try. */
#define ACCEPT_LOG_EVERY	10
/* Connections taken from the listen backlog at the stop, at most. */
#define STOP_BACKLOG_MAX	4096

/*
 * ThreadSanitizer takes only EPOLL_CTL_ADD as handing a descriptor over
 * to the thread whose epoll_wait returns it, not the EPOLL_CTL_MOD that
 * re-arms a kept connection: the next worker's close of it then reads as
 * a race with the epoll_ctl of the worker before.  The kernel orders the
 * two; these say so to TSan, and are nothing in any other build.
 */
#if defined(__SANITIZE_THREAD__)
#define UG_TSAN	1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define UG_TSAN	1
#endif
#endif
#ifdef UG_TSAN
#include <sanitizer/tsan_interface.h>
static char		 epoll_handover;
#define EPOLL_HANDED()	__tsan_release(&epoll_handover)
#define EPOLL_TAKEN()	__tsan_acquire(&epoll_handover)
#else
#define EPOLL_HANDED()	do { } while (0)
#define EPOLL_TAKEN()	do { } while (0)
#endif

static int
epoll_add(int op, int fd, uint32_t events)
{
	struct epoll_event	 ev;
	int			 rc;

	memset(&ev, 0, sizeof(ev));
	ev.events = events;
	ev.data.fd = fd;
	rc = epoll_ctl(ep, op, fd, &ev);
	EPOLL_HANDED();
	return rc;
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
	int	 keep = req->keepConnection;	/* what nginx asked for */

	drain_stdin(req);
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
 * Takes up to max connections waiting on the listening socket fd and
 * registers each for its first request: in line behind the requests
 * already waiting on kept connections, not one per trip around the line;
 * and a connection that has sent nothing yet holds no thread.  Returns
 * the errno that ended it (EAGAIN: nothing more waits), 0 at max; adds
 * the number taken to *taken.  Under accept_mu.
 */
static int
accept_queued(const struct config *cfg, int fd, size_t max, size_t *taken)
{
	struct timeval	 tv = { cfg->peer_timeout, 0 };
	int		 c;

	for (; max > 0; max--) {
		if ((c = accept4(fd, NULL, NULL, SOCK_CLOEXEC)) == -1)
			return errno;
		/*
		 * nginx sends a whole request at once (it buffers the body
		 * before connecting) and reads as fast as it can, so only a
		 * stuck peer meets these; it must not hold a worker, or a
		 * SIGTERM, forever.
		 */
		setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		setsockopt(c, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		if (epoll_arm(EPOLL_CTL_ADD, c) == -1) {
			log_err("epoll: %m");
			close(c);
		} else
			(*taken)++;
	}
	return 0;
}

/*
 * Out of descriptors: the connection stays queued, so the next try would
 * fail the same way at once.  Logs at most once per ACCEPT_LOG_EVERY
 * seconds (with how many failures it did not log) and returns; the caller
 * waits before re-arming.  Under accept_mu.
 */
static void
accept_starved(int err)
{
	static struct timespec	 next;
	static unsigned long	 quiet;
	struct timespec		 now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec < next.tv_sec) {
		quiet++;
		return;
	}
	errno = err;
	if (quiet > 0)
		log_err("accept: %m (and %lu more times in %d s)", quiet,
		    ACCEPT_LOG_EVERY);
	else
		log_err("accept: %m");
	quiet = 0;
	next.tv_sec = now.tv_sec + ACCEPT_LOG_EVERY;
}

/* A worker's turn on the listening socket: accept, then re-arm it. */
static void
accept_all(const struct config *cfg)
{
	size_t	 n = 0;
	int	 err;

	pthread_mutex_lock(&accept_mu);
	if (accept_fd == -1) {		/* closed by the stop meanwhile */
		pthread_mutex_unlock(&accept_mu);
		return;
	}
	err = accept_queued(cfg, accept_fd, SIZE_MAX, &n);
	if (err == EMFILE || err == ENFILE) {
		accept_starved(err);
		/* Give descriptors a moment to come back, without the lock
		 * (the stop may want it). */
		pthread_mutex_unlock(&accept_mu);
		poll(NULL, 0, 100);
		pthread_mutex_lock(&accept_mu);
	}
	if (accept_fd != -1 && epoll_arm(EPOLL_CTL_MOD, accept_fd) == -1)
		log_err("epoll: %m");
	pthread_mutex_unlock(&accept_mu);
}

/*
 * The stop's first step (main thread): no connection is accepted after
 * it.  Takes the listening socket out of the epoll set, accepts what is
 * already queued on it (at most STOP_BACKLOG_MAX), and closes it.
 * Returns how many were taken.
 */
static size_t
accept_stop(const struct config *cfg)
{
	size_t	 n = 0;
	int	 fd, err;

	pthread_mutex_lock(&accept_mu);
	if ((fd = accept_fd) != -1) {
		(void)epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL);
		err = accept_queued(cfg, fd, STOP_BACKLOG_MAX, &n);
		if (err == EMFILE || err == ENFILE)
			log_err("accept at the stop: %m");
		close(fd);
		accept_fd = -1;
	}
	pthread_mutex_unlock(&accept_mu);
	return n;
}

static void *
worker_main(void *arg)
{
	struct worker		*w = arg;
	FCGX_Request		 req;
	struct req_io		 io = { fcgi_param, fcgi_read, fcgi_write1,
				    &req, fcgi_envp, 0, fcgi_writev,
				    fcgi_write_last };
	struct epoll_event	 ev[2];
	int			 fd, i, n, draining = 0, drained;

	/*
	 * The worker accepts for itself, then hands the connection to
	 * libfcgi.  libfcgi's own blocking accept() cannot be woken for a
	 * clean stop; with listen_sock -1 it never calls it.
	 */
	FCGX_InitRequest(&req, -1, 0);
	for (;;) {
		/*
		 * One event at a time: what this worker cannot serve now,
		 * another may.  Once stopping, without waiting: two, since
		 * the stop pipe is always among the ready and must not hide
		 * the one connection that may be there beside it.
		 */
		drained = draining;
		n = epoll_wait(ep, ev, draining ? 2 : 1, draining ? 0 : -1);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			log_err("epoll_wait: %m");
			break;
		}
		EPOLL_TAKEN();
		fd = -1;
		for (i = 0; i < n; i++) {
			if (ev[i].data.fd == wake[0])
				draining = 1;
			else if (fd == -1)
				fd = ev[i].data.fd;
			/* A second connection goes back, for another worker
			 * or this one's next turn. */
			else if (epoll_arm(EPOLL_CTL_MOD, ev[i].data.fd) == -1) {
				log_err("epoll: %m");
				close(ev[i].data.fd);
			}
		}
		if (fd == -1) {
			if (drained)	/* stopping, and no request waits */
				break;
			continue;
		}
		if (fd == w->listen_fd) {
			accept_all(w->cfg);
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
			log_err("epoll: %m");
			close(fd);
		}
	}
	return NULL;
}

/*
 * Descriptors: the soft limit up to the hard one.  Each connection nginx
 * keeps is one (a worker per core times its keepalive, idle or not), and
 * the usual soft limit of 1024 is the hard limit of select(2), which
 * usergate does not use (epoll and poll; Debian's libfcgi closes with
 * poll too).  systemd's hard limit is 512Ki; usergate takes what it is
 * given.
 */
static void
raise_nofile(void)
{
	struct rlimit	 rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == -1 || rl.rlim_cur >= rl.rlim_max)
		return;
	rl.rlim_cur = rl.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &rl) == -1)
		log_info("descriptor limit stays as it is: %m");
}

int
server_run(const struct config *cfg, int listen_fd)
{
	struct worker	*ws;
	sigset_t	 set;
	size_t		 queued;
	int		 i, n = cfg->threads, sig, started = 0, flags;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	raise_nofile();

	if (FCGX_Init() != 0) {
		log_err("FCGX_Init failed");
		return 1;
	}
	if (pipe2(wake, O_CLOEXEC) == -1) {
		log_err("pipe: %m");
		return 1;
	}
	/* Non-blocking, so a worker that loses the race for a connection
	 * goes back to epoll instead of sleeping in accept(). */
	flags = fcntl(listen_fd, F_GETFL);
	fcntl(listen_fd, F_SETFL, flags | O_NONBLOCK);
	accept_fd = listen_fd;
	if ((ep = epoll_create1(EPOLL_CLOEXEC)) == -1 ||
	    epoll_arm(EPOLL_CTL_ADD, listen_fd) == -1 ||
	    epoll_add(EPOLL_CTL_ADD, wake[0], EPOLLIN) == -1) {
		log_err("epoll: %m");
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
	/* Kept connections close after their request from now on. */
	atomic_store(&stopping, 1);
	queued = accept_stop(cfg);
	if (queued > 0)
		log_info("took %zu queued connections before closing the "
		    "socket", queued);
	/* One byte, never read: every worker sees the pipe readable. */
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

static int
cgi_writev(void *ctx, const struct iovec *in, int n)
{
	struct iovec	 iov[REQ_IOV_MAX];

	(void)ctx;
	if (n > REQ_IOV_MAX)
		return -1;
	memcpy(iov, in, sizeof(iov[0]) * (size_t)n);
	return writev_all(1, iov, n);
}

int
server_cgi(const struct config *cfg)
{
	struct req_io	 io = { cgi_param, cgi_read, cgi_write, NULL, cgi_envp,
				    1, cgi_writev, NULL };
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
