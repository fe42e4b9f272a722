/*
 * Logging for operators.  Under spawn-fcgi stdout and stderr go to
 * /dev/null, so the destination is chosen by configuration: "syslog"
 * (the default; journald collects it), "stderr", or a file path opened
 * once with O_APPEND before privileges are dropped.  Each message is one
 * write(2), so lines from worker threads never interleave.
 */
#ifndef UG_LOG_H
#define UG_LOG_H

#include <syslog.h>

/*
 * 0, or -1 with errno if a file could not be opened; a file is never
 * opened through a symlink (the last component) or when it has another
 * hard link.
 */
int	 log_open(const char *dest, int level);
void	 log_close(void);
void	 ug_log(int prio, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

#define log_err(...)	ug_log(LOG_ERR, __VA_ARGS__)
#define log_warn(...)	ug_log(LOG_WARNING, __VA_ARGS__)
#define log_info(...)	ug_log(LOG_INFO, __VA_ARGS__)
#define log_debug(...)	ug_log(LOG_DEBUG, __VA_ARGS__)

/* "err", "warning", "info", "debug" -> syslog priority, or -1. */
int	 log_level_parse(const char *);

#endif
