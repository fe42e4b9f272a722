#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

void
buf_init(struct buf *b)
{
	memset(b, 0, sizeof(*b));
}

void
buf_init_fixed(struct buf *b, char *mem, size_t cap)
{
	memset(b, 0, sizeof(*b));
	b->data = mem;
	b->cap = cap;
	b->fixed = 1;
	if (cap > 0)
		mem[0] = '\0';
	else
		b->oom = 1;
}

void
buf_free(struct buf *b)
{
	if (!b->fixed)
		free(b->data);
	memset(b, 0, sizeof(*b));
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	b->oom = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

int
buf_reserve(struct buf *b, size_t extra)
{
	size_t	 need, ncap;
	char	*p;

	if (b->oom)
		return -1;
	if (extra > SIZE_MAX - b->len - 1)
		goto fail;
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	if (b->fixed)
		goto fail;
	ncap = b->cap ? b->cap : 256;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2)
			goto fail;
		ncap *= 2;
	}
	if ((p = realloc(b->data, ncap)) == NULL)
		goto fail;
	b->data = p;
	b->cap = ncap;
	return 0;
fail:
	b->oom = 1;
	return -1;
}

int
buf_grow_add(struct buf *b, const void *p, size_t len)
{
	if (buf_reserve(b, len) == -1)
		return -1;
	if (len > 0)
		memcpy(b->data + b->len, p, len);
	b->len += len;
	b->data[b->len] = '\0';
	return 0;
}

int
buf_adds(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

int
buf_addu(struct buf *b, unsigned long long v)
{
	char	 tmp[24];
	size_t	 i = sizeof(tmp);

	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	return buf_add(b, tmp + i, sizeof(tmp) - i);
}

int
buf_addi(struct buf *b, long long v)
{
	if (v < 0) {
		if (buf_addc(b, '-') == -1)
			return -1;
		return buf_addu(b, 0ULL - (unsigned long long)v);
	}
	return buf_addu(b, (unsigned long long)v);
}

struct arena_chunk {
	struct arena_chunk	*next;
	size_t			 size;
	size_t			 used;
	max_align_t		 data[];
};

void
arena_init(struct arena *a, size_t chunk_size)
{
	a->head = NULL;
	a->chunk_size = chunk_size < 1024 ? 1024 : chunk_size;
}

void
arena_reset(struct arena *a)
{
	struct arena_chunk	*c, *next;

	if (a->head == NULL)
		return;
	/* Keep the oldest chunk (the tail): it is the common size. */
	for (c = a->head; c->next != NULL; c = next) {
		next = c->next;
		free(c);
	}
	c->used = 0;
	a->head = c;
}

void
arena_free(struct arena *a)
{
	struct arena_chunk	*c, *next;

	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	a->head = NULL;
}

void *
arena_alloc(struct arena *a, size_t len)
{
	struct arena_chunk	*c;
	size_t			 al = sizeof(max_align_t), size;
	void			*p;

	if (len > SIZE_MAX - al)
		return NULL;
	len = (len + al - 1) & ~(al - 1);
	c = a->head;
	if (c == NULL || c->size - c->used < len) {
		size = len > a->chunk_size ? len : a->chunk_size;
		if ((c = malloc(sizeof(*c) + size)) == NULL)
			return NULL;
		c->size = size;
		c->used = 0;
		c->next = a->head;
		a->head = c;
	}
	p = (char *)c->data + c->used;
	c->used += len;
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t len)
{
	char	*p;

	if (len == SIZE_MAX || (p = arena_alloc(a, len + 1)) == NULL)
		return NULL;
	if (len > 0)
		memcpy(p, s, len);
	p[len] = '\0';
	return p;
}
