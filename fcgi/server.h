/*
 * Serving: FastCGI on a listening socket with worker threads, or one
 * plain CGI request.  Each worker has its own database connection,
 * arena and output buffer, and accepts for itself; SIGTERM or SIGINT
 * stops the accepting (what is already queued is taken, then the socket
 * closed), serves every request already waiting, and returns.
 */
#ifndef UG_SERVER_H
#define UG_SERVER_H

struct config;

/* 1 if fd is a listening socket (spawn-fcgi and systemd hand one over). */
int	 fd_is_listening(int fd);
/*
 * Opens a FastCGI socket: "/path" or "unix:/path" (created with
 * listen_mode and listen_group, owned by whoever runs this: root when
 * started as root), or "HOST:PORT" on a loopback address only.  Returns
 * the fd or -1.  Before any thread starts.
 */
int	 server_listen(const struct config *, const char *addr);
/* As root, switches to cfg->user; 0 or -1. */
int	 server_drop_privileges(const struct config *);
/* Serves until a stop signal; returns the process exit status. */
int	 server_run(const struct config *, int listen_fd);
/* Answers one CGI request from the environment and stdin. */
int	 server_cgi(const struct config *);
/* What every way of serving needs first (hash policy, routes). */
int	 server_prepare(const struct config *);

#endif
