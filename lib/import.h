/*
 * Importing a legacy user table: a reader for the files operators can
 * export (CSV and TSV with a header row, JSON Lines), one preset per
 * legacy system that knows its columns, role encoding and password
 * format, and the run itself: every row checked first, bad rows
 * reported by line, writes in batches of one transaction each, hashing
 * on every CPU, and a re-run of the same file skipping the users it
 * already imported.
 *
 *	imp_parse	the file into records (pure; the fuzz target's)
 *	imp_row_make	one record into a row to write, or why not (pure)
 *	imp_check	the rows against each other and the store
 *	imp_write	the good rows, in batches, on worker threads
 */
#ifndef UG_IMPORT_H
#define UG_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "password.h"
#include "user.h"
#include "userfield.h"

struct config;
struct db;

/* Hard limits on what a file may hold. */
#define IMP_MAX_BYTES		(512UL * 1024 * 1024)
#define IMP_MAX_COLS		256
#define IMP_MAX_FIELD		65536
#define IMP_MAX_ROWS		1000000UL	/* about 1 KiB of memory each */

enum imp_format { IMP_AUTO, IMP_CSV, IMP_TSV, IMP_JSONL };

/* One value of a record, under its column's name. */
struct imp_kv {
	const char	*k;
	size_t		 klen;
	char		*v;		/* NUL-terminated; may hold a NUL */
	size_t		 vlen;
	int		 is_null;
};

/* A record: the line it starts on, its values, or why it is unreadable. */
struct imp_rec {
	unsigned long	 line;
	const char	*bad;		/* NULL if readable */
	size_t		 n;
	struct imp_kv	*kv;
};

struct imp_file {
	enum imp_format	 format;
	size_t		 nhdr;
	char		**hdr;		/* CSV/TSV column names */
	size_t		*hdr_len;
	size_t		 nrec;
	struct imp_rec	*rec;
};

/*
 * Parses data[0..len): the format is fmt, or for IMP_AUTO a first
 * character '{' means JSON Lines, a tab in the header line TSV, else
 * CSV.  Unreadable records are kept with their reason; -1 (with err)
 * only if there is no header row, too much, or no memory.  The file owns
 * everything; free it with imp_file_free().
 */
int		 imp_parse(const char *data, size_t len, enum imp_format,
		    struct imp_file *, char *err, size_t errsz);
void		 imp_file_free(struct imp_file *);

/* Where a legacy column goes, besides a field of userfield.h. */
enum imp_target {
	IMPT_IGNORE = -1,
	IMPT_PASSWORD = UF_NFIELDS,	/* the hash (or plaintext) */
	IMPT_PLAINPW,			/* a plaintext used when no hash */
	IMPT_SALT,
	IMPT_ROLE,
	IMPT_OTP,
	IMPT_LAST
};

struct imp_col {
	const char	*legacy;
	int		 target;
};

struct imp_preset;

/* The preset for a system's name ("loginphp"), or NULL. */
const struct imp_preset	*imp_preset_find(const char *);
/* Their names, for a usage line: "loginphp|backstage|...". */
const char	*imp_preset_names(void);
/* A target by name: a field of userfield.h, password, salt, role,
 * otp_secret, or "-" (ignored); -2 if none. */
int		 imp_target_parse(const char *, size_t);

#define IMP_MAX_MAP	64

struct imp_opts {
	const struct imp_preset	*preset;
	struct imp_col		 map[IMP_MAX_MAP];	/* --map overrides */
	size_t			 nmap;
	int			 hash;		/* enum pw_legacy, -1: preset's */
	int			 dry_run;
	int			 skip_bad;
	size_t			 batch;		/* rows per transaction */
	int			 threads;	/* 0: hash_concurrency or CPUs */
};

enum imp_state {
	IR_NEW,			/* to be written */
	IR_BAD,			/* refused: why says why */
	IR_DONE,		/* already in the store from an earlier run */
	IR_WRITTEN
};

#define IMP_WHY_MAX	96

/* A row to write: points into its imp_file. */
struct imp_row {
	unsigned long	 line;
	enum imp_state	 state;
	char		 why[IMP_WHY_MAX];
	struct ustr	 name;
	struct pw_old	 old;
	int		 role_id;
	uint32_t	 set;			/* fields given: 1u << field */
	struct ustr	 text[UF_NFIELDS];
	long long	 num[UF_NFIELDS];
	char		 created[24];		/* "YYYY-MM-DD HH:MM:SS.mmm" */
	struct ustr	 otp;
	char		*hash;			/* what is stored, once made */
};

/*
 * Maps record r through the preset and o's overrides into *row,
 * validating every value; row->state IR_BAD with row->why if it cannot
 * be imported.  Writes nothing, hashes nothing.
 */
void		 imp_row_make(const struct config *, const struct imp_opts *,
		    const struct imp_rec *, struct imp_row *);

/* The columns of a file that the preset and --map leave unused. */
size_t		 imp_unused_columns(const struct imp_opts *,
		    const struct imp_file *, const char **names, size_t max);

typedef void	(*imp_progress_fn)(void *, size_t done, size_t total);

/*
 * Checks rows[0..n) against each other and the store: an unknown role,
 * a name (case-insensitively, as the store compares) or an openid
 * twice in the file or already in the store is IR_BAD -- unless the
 * stored user is this very row imported before (same name and same
 * legacy hash), which is IR_DONE.  A stored user is never overwritten.
 */
enum ug_err	 imp_check(struct db *, const struct config *,
		    const struct imp_opts *, struct imp_row *, size_t n);

struct imp_stats {
	size_t	 rows;
	size_t	 imported;
	size_t	 kept;			/* crypt strings stored as they were */
	size_t	 wrapped[PWL_NSCHEMES];
	size_t	 already;		/* IR_DONE */
	size_t	 bad;
};

/*
 * Writes the IR_NEW rows in batches of o->batch, each one transaction,
 * on o->threads workers that hash and write; progress is called about
 * every 200 ms from the calling thread.  Stops at the first error; the
 * batches committed stay, and a re-run of the same file skips them.
 */
enum ug_err	 imp_write(const struct config *, const struct imp_opts *,
		    struct imp_row *, size_t n, imp_progress_fn, void *arg);

/* Counts the rows' states into *st. */
void		 imp_stats(const struct imp_row *, size_t n, struct imp_stats *);

#endif
