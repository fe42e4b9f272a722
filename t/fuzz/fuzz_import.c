/*
 * Fuzz target: the import reader (imp_parse: CSV, TSV, JSON Lines) and
 * the presets' mapping of its records (imp_row_make).  The input is the
 * file; it is read as each format in turn and as detected.
 *
 * Properties:
 *	- every value is NUL-terminated at its length, no longer than the
 *	  input and than IMP_MAX_FIELD, and no record has more values than
 *	  IMP_MAX_COLS;
 *	- record lines only go up, and never past the input's lines;
 *	- a CSV or TSV record that reads has one value per header column,
 *	  under the header's names;
 *	- a CSV file whose records all read, written out again with every
 *	  value quoted, reads back to the same values and NULLs;
 *	- every preset maps every record to a row to write or a reason; a
 *	  row to write has a name and a password in a known format.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "config.h"
#include "fuzz.h"
#include "import.h"

static const char *const systems[] = {
	"loginphp", "backstage", "adminsys", "proxypool", "alist", "csv"
};

static size_t
count_lines(const uint8_t *d, size_t len)
{
	size_t	 i, n = 1;

	for (i = 0; i < len; i++)
		n += d[i] == '\n';
	return n;
}

static void
check_file(const struct imp_file *f, size_t len, size_t lines)
{
	const struct imp_rec	*r;
	const struct imp_kv	*kv;
	unsigned long		 last = 0;
	size_t			 i, j;

	for (i = 0; i < f->nrec; i++) {
		r = &f->rec[i];
		FUZZ_CHECK(r->line > last && r->line <= lines);
		last = r->line;
		FUZZ_CHECK(r->n <= IMP_MAX_COLS);
		if (f->format != IMP_JSONL && r->bad == NULL) {
			FUZZ_CHECK(r->n == f->nhdr);
			for (j = 0; j < r->n; j++)
				FUZZ_CHECK(r->kv[j].k == f->hdr[j]);
		}
		for (j = 0; j < r->n; j++) {
			kv = &r->kv[j];
			FUZZ_CHECK(kv->v != NULL && kv->v[kv->vlen] == '\0');
			FUZZ_CHECK(kv->vlen <= len && kv->vlen <= IMP_MAX_FIELD);
			FUZZ_CHECK(kv->k != NULL && kv->klen <= len);
		}
	}
}

/* Appends a CSV field with every value quoted (NULL: nothing). */
static void
csv_field(struct buf *b, const struct imp_kv *kv)
{
	size_t	 i;

	if (kv->is_null)
		return;
	buf_addc(b, '"');
	for (i = 0; i < kv->vlen; i++) {
		if (kv->v[i] == '"')
			buf_addc(b, '"');
		buf_addc(b, kv->v[i]);
	}
	buf_addc(b, '"');
}

static void
csv_roundtrip(const struct imp_file *f)
{
	struct imp_file	 g;
	struct imp_kv	 h;
	struct buf	 b;
	char		 err[256];
	size_t		 i, j, k;

	for (i = 0; i < f->nrec; i++)
		if (f->rec[i].bad != NULL)
			return;
	buf_init(&b);
	for (j = 0; j < f->nhdr; j++) {
		if (j > 0)
			buf_addc(&b, ',');
		memset(&h, 0, sizeof(h));
		h.v = f->hdr[j];
		h.vlen = f->hdr_len[j];
		csv_field(&b, &h);
	}
	buf_addc(&b, '\n');
	for (i = 0; i < f->nrec; i++) {
		for (j = 0; j < f->rec[i].n; j++) {
			if (j > 0)
				buf_addc(&b, ',');
			csv_field(&b, &f->rec[i].kv[j]);
		}
		buf_addc(&b, '\n');
	}
	if (b.oom) {
		buf_free(&b);
		return;
	}
	FUZZ_CHECK(imp_parse(b.data, b.len, IMP_CSV, &g, err, sizeof(err)) == 0);
	FUZZ_CHECK(g.nhdr == f->nhdr);
	/* A record of one NULL value was a blank line, and is none now. */
	for (i = 0, j = 0; i < f->nrec; i++) {
		if (f->rec[i].n == 1 && f->rec[i].kv[0].is_null)
			continue;
		FUZZ_CHECK(j < g.nrec && g.rec[j].bad == NULL);
		FUZZ_CHECK(g.rec[j].n == f->rec[i].n);
		for (k = 0; k < g.rec[j].n; k++) {
			FUZZ_CHECK(g.rec[j].kv[k].is_null ==
			    f->rec[i].kv[k].is_null);
			FUZZ_CHECK(g.rec[j].kv[k].vlen == f->rec[i].kv[k].vlen);
			FUZZ_CHECK(memcmp(g.rec[j].kv[k].v, f->rec[i].kv[k].v,
			    g.rec[j].kv[k].vlen) == 0);
		}
		j++;
	}
	FUZZ_CHECK(j == g.nrec);
	imp_file_free(&g);
	buf_free(&b);
}

static void
check_rows(const struct config *cfg, const struct imp_file *f)
{
	struct imp_opts	 o;
	struct imp_row	 r;
	size_t		 s, i;

	for (s = 0; s < sizeof(systems) / sizeof(systems[0]); s++) {
		memset(&o, 0, sizeof(o));
		o.preset = imp_preset_find(systems[s]);
		o.hash = -1;
		FUZZ_CHECK(o.preset != NULL);
		for (i = 0; i < f->nrec && i < 64; i++) {
			imp_row_make(cfg, &o, &f->rec[i], &r);
			FUZZ_CHECK(r.state == IR_NEW || r.state == IR_BAD);
			if (r.state == IR_BAD) {
				FUZZ_CHECK(r.why[0] != '\0');
				continue;
			}
			FUZZ_CHECK(r.name.s != NULL && r.name.len > 0);
			FUZZ_CHECK(password_legacy_check(&r.old) == UG_OK);
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static struct config	 cfg;
	static int		 ready;
	static const enum imp_format fmts[] = { IMP_AUTO, IMP_CSV, IMP_TSV,
				    IMP_JSONL };
	struct imp_file		 f;
	char			 err[256];
	size_t			 i, lines;

	if (!ready) {
		if (config_defaults(&cfg) == -1)
			abort();
		ready = 1;
	}
	if (len > 65536)
		return 0;
	lines = count_lines(data, len);
	for (i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		if (imp_parse((const char *)data, len, fmts[i], &f, err,
		    sizeof(err)) == -1) {
			FUZZ_CHECK(err[0] != '\0');
			continue;
		}
		check_file(&f, len, lines);
		if (f.format == IMP_CSV)
			csv_roundtrip(&f);
		if (i == 0)
			check_rows(&cfg, &f);
		imp_file_free(&f);
	}
	return 0;
}
