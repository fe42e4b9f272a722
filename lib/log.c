#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

static int	 log_fd = 2;
static int	 log_syslog;
static int	 log_level = LOG_INFO;

int
log_level_parse(const char *s)
{
	if (strcmp(s, "err") == 0 || strcmp(s, "error") == 0)
		return LOG_ERR;
	if (strcmp(s, "warning") == 0 || strcmp(s, "warn") == 0)
		return LOG_WARNING;
	if (strcmp(s, "info") == 0)
		return LOG_INFO;
	if (strcmp(s, "debug") == 0)
		return LOG_DEBUG;
	return -1;
}

int
log_open(const char *dest, int level)
{
	struct stat	 st;
	int		 fd;

	log_level = level;
	if (dest == NULL || strcmp(dest, "stderr") == 0) {
		log_syslog = 0;
		log_fd = 2;
		return 0;
	}
	if (strcmp(dest, "syslog") == 0) {
		openlog("usergate", LOG_PID | LOG_NDELAY, LOG_DAEMON);
		log_syslog = 1;
		return 0;
	}
	/*
	 * Opened as root when started as root, in a directory the service
	 * user may be able to write: never through a symlink planted there,
	 * nor into a hard link to some other file.
	 */
	fd = open(dest, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
	    0640);
	if (fd == -1)
		return -1;
	if (fstat(fd, &st) == -1 || (S_ISREG(st.st_mode) && st.st_nlink > 1)) {
		close(fd);
		errno = ELOOP;
		return -1;
	}
	if (log_fd > 2)
		close(log_fd);
	log_fd = fd;
	log_syslog = 0;
	return 0;
}

void
log_close(void)
{
	if (log_syslog)
		closelog();
	else if (log_fd > 2)
		close(log_fd);
	log_fd = 2;
	log_syslog = 0;
}

void
ug_log(int prio, const char *fmt, ...)
{
	static const char	*names[] = { "emerg", "alert", "crit", "error",
				    "warning", "notice", "info", "debug" };
	char			 line[1024];
	struct tm		 tm;
	struct timespec		 ts;
	va_list			 ap;
	int			 n, m, saved = errno;

	if (prio > log_level)
		return;
	va_start(ap, fmt);
	if (log_syslog) {
		errno = saved;		/* for %m */
		vsyslog(prio, fmt, ap);
		va_end(ap);
		errno = saved;
		return;
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	n = snprintf(line, sizeof(line),
	    "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ usergate[%d] %s: ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000, (int)getpid(),
	    names[prio & 7]);
	if (n < 0)
		n = 0;
	errno = saved;			/* for %m */
	m = vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	if (m < 0)
		m = 0;
	n += m;
	if ((size_t)n > sizeof(line) - 2)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	(void)!write(log_fd, line, (size_t)n);
	errno = saved;
}
