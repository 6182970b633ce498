/*
 * monitor_state.c: the bytes of a followed log's state in the monitor's
 * `logs` database (monitor.h), and the root of the tree its edge tiles
 * imply.  The encoding, integers big-endian:
 *
 *   u8 version (1), u64 size, 32-byte root,
 *   for each level L < tile_levels(size): u8 w_L, then w_L hashes
 *     (the level's partial tile; w_L = (size >> 8L) & 255),
 *   u32 length, then the checkpoint note of that size.
 *
 * Decoding is strict (a width that is not the size's, bytes left over, a
 * note longer than MONITOR_NOTE_MAX) because the state decides what a
 * log must agree with: a damaged one must stop the monitor, not steer it.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitor.h"
#include "store.h"

#define STATE_VERSION	1

int
monitor_state_decode(const uint8_t *buf, size_t len,
    struct monitor_state *s, char *msg, size_t msgsz)
{
	size_t		 off = 0, need;
	uint32_t	 nl;
	int		 L;

	memset(s, 0, offsetof(struct monitor_state, edge));
	s->note = NULL;
	s->notelen = 0;
	if (len < 1 + 8 + MERKLE_HASH_LEN || buf[0] != STATE_VERSION) {
		snprintf(msg, msgsz, "stored state: not version %d",
		    STATE_VERSION);
		return MONITOR_ELOCAL;
	}
	s->size = store_get_u64(buf + 1);
	memcpy(s->root, buf + 9, MERKLE_HASH_LEN);
	off = 9 + MERKLE_HASH_LEN;
	s->levels = tile_levels(s->size);
	if (s->levels > MONITOR_LEVELS)
		goto bad;
	for (L = 0; L < s->levels; L++) {
		if (off >= len || buf[off] != tile_width(s->size, L))
			goto bad;
		s->w[L] = buf[off++];
		need = (size_t)s->w[L] * MERKLE_HASH_LEN;
		if (len - off < need)
			goto bad;
		memcpy(s->edge[L], buf + off, need);
		off += need;
	}
	if (len - off < 4)
		goto bad;
	nl = (uint32_t)buf[off] << 24 | (uint32_t)buf[off + 1] << 16 |
	    (uint32_t)buf[off + 2] << 8 | buf[off + 3];
	off += 4;
	if (nl > MONITOR_NOTE_MAX || len - off != nl)
		goto bad;
	s->note = (const char *)buf + off;
	s->notelen = nl;
	return MONITOR_OK;
bad:
	snprintf(msg, msgsz, "stored state of size %llu is damaged",
	    (unsigned long long)s->size);
	return MONITOR_ELOCAL;
}

int
monitor_state_encode(const struct monitor_state *s, uint8_t **out,
    size_t *len)
{
	uint8_t		*p;
	size_t		 n, off;
	int		 L;

	*out = NULL;
	*len = 0;
	if (s->levels > MONITOR_LEVELS || s->notelen > MONITOR_NOTE_MAX)
		return MONITOR_ELOCAL;
	n = 1 + 8 + MERKLE_HASH_LEN + 4 + s->notelen;
	for (L = 0; L < s->levels; L++)
		n += 1 + (size_t)s->w[L] * MERKLE_HASH_LEN;
	p = malloc(n);
	if (p == NULL)
		return MONITOR_ELOCAL;
	p[0] = STATE_VERSION;
	store_u64(s->size, p + 1);
	memcpy(p + 9, s->root, MERKLE_HASH_LEN);
	off = 9 + MERKLE_HASH_LEN;
	for (L = 0; L < s->levels; L++) {
		p[off++] = (uint8_t)s->w[L];
		memcpy(p + off, s->edge[L], (size_t)s->w[L] * MERKLE_HASH_LEN);
		off += (size_t)s->w[L] * MERKLE_HASH_LEN;
	}
	p[off++] = (uint8_t)(s->notelen >> 24);
	p[off++] = (uint8_t)(s->notelen >> 16);
	p[off++] = (uint8_t)(s->notelen >> 8);
	p[off++] = (uint8_t)s->notelen;
	if (s->notelen > 0)
		memcpy(p + off, s->note, s->notelen);
	*out = p;
	*len = n;
	return MONITOR_OK;
}

/*
 * The RFC 6962 root from the edges: each set bit b of the size is a
 * complete subtree at tree level b, whose 2^(b mod 8) hashes at level
 * 8 * (b / 8) sit in that level's partial tile after the hashes of the
 * higher bits of its width.  The root hashes them from the right.
 */
int
monitor_state_root(const struct monitor_state *s, uint8_t *out)
{
	uint8_t		 sub[64][MERKLE_HASH_LEN];
	unsigned int	 w, r, start;
	int		 b, L, n = 0;

	if (s->size == 0)
		return merkle_root(0, NULL, NULL, out) == MERKLE_OK ?
		    MONITOR_OK : MONITOR_ELOCAL;
	for (b = 63; b >= 0; b--) {
		if ((s->size >> b & 1) == 0)
			continue;
		L = b / TILE_HEIGHT;
		r = (unsigned int)(b % TILE_HEIGHT);
		w = s->w[L];
		start = w >> (r + 1) << (r + 1);
		if (L >= s->levels || start + (1u << r) > w ||
		    tile_subtree((const uint8_t (*)[MERKLE_HASH_LEN])
		    s->edge[L][start], (size_t)1 << r, sub[n]) != TILE_OK)
			return MONITOR_ELOCAL;
		n++;
	}
	memcpy(out, sub[n - 1], MERKLE_HASH_LEN);
	while (--n > 0)
		if (merkle_node_hash(sub[n - 1], out, out) != MERKLE_OK)
			return MONITOR_ELOCAL;
	return MONITOR_OK;
}
