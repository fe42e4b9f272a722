/*
 * Growable byte buffers and a per-request arena.
 *
 * A buf owns its bytes; data is always NUL-terminated past len so it can
 * be handed to C string APIs.  Allocation failure is sticky: once a
 * buf_* call fails, buf->oom is set and later appends are no-ops, so a
 * caller may append freely and check once at the end.
 *
 * An arena hands out memory that lives until arena_reset(); a worker
 * keeps one and resets it after each request, which makes the request
 * the single owner of everything it decoded.
 */
#ifndef UG_BUF_H
#define UG_BUF_H

#include <stddef.h>

struct buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
	int	 oom;
	int	 fixed;		/* data is the caller's; never reallocated */
};

void	 buf_init(struct buf *);
/* A buf over the caller's memory (say, the stack): full means oom. */
void	 buf_init_fixed(struct buf *, char *mem, size_t cap);
void	 buf_free(struct buf *);
void	 buf_reset(struct buf *);		/* len = 0, keeps memory */
int	 buf_reserve(struct buf *, size_t extra);
int	 buf_grow_add(struct buf *, const void *, size_t);
int	 buf_adds(struct buf *, const char *);
int	 buf_addu(struct buf *, unsigned long long);
int	 buf_addi(struct buf *, long long);

/*
 * Appends are on every response's hot path (a list row is a dozen of
 * them), so the common case -- room already there -- is inline.
 */
static inline int
buf_add(struct buf *b, const void *p, size_t len)
{
	if (!b->oom && b->cap - b->len > len) {
		if (len > 0)
			__builtin_memcpy(b->data + b->len, p, len);
		b->len += len;
		b->data[b->len] = '\0';
		return 0;
	}
	return buf_grow_add(b, p, len);
}

static inline int
buf_addc(struct buf *b, char c)
{
	if (!b->oom && b->cap - b->len > 1) {
		b->data[b->len++] = c;
		b->data[b->len] = '\0';
		return 0;
	}
	return buf_grow_add(b, &c, 1);
}

/* Appends a string literal without a strlen. */
#define buf_addlit(b, lit)	buf_add((b), "" lit, sizeof(lit) - 1)

struct arena_chunk;
struct arena {
	struct arena_chunk	*head;
	size_t			 chunk_size;
};

void	 arena_init(struct arena *, size_t chunk_size);
void	 arena_reset(struct arena *);	/* frees all but the first chunk */
void	 arena_free(struct arena *);
void	*arena_alloc(struct arena *, size_t);
/* A NUL-terminated copy of len bytes of s. */
char	*arena_strndup(struct arena *, const char *s, size_t len);

#endif
