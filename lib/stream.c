/* stream.c: playlists for players: cached, signed where need be. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <sys/stat.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <hiredis.h>

#include "cache.h"
#include "config.h"
#include "db.h"
#include "path.h"
#include "signed.h"
#include "storyboard.h"
#include "str.h"
#include "stream.h"

#define PLAYLIST_MAX	(1024 * 1024)

/* The purpose the MAC of every link is made for. */
#define LINK_PURPOSE	"media"

int
vs_stream_valid_quality(const char *q)
{
	size_t	 n = strspn(q, "0123456789");

	return n >= 2 && n <= 4 && q[0] != '0' && strcmp(q + n, "p") == 0;
}

int
vs_stream_valid_segment(const char *s)
{
	size_t	 n = strspn(s, "0123456789");

	if (strcmp(s, "init.mp4") == 0)
		return 1;
	return n >= 1 && n <= 6 && (n == 1 || s[0] != '0') &&
	    strcmp(s + n, ".m4s") == 0;
}

int
vs_stream_valid_sheet(const char *s)
{
	size_t	 n;
	long	 k;

	if (strncmp(s, "sheet-", 6) != 0)
		return 0;
	s += 6;
	n = strspn(s, "0123456789");
	if (n < 1 || n > 4 || (n > 1 && s[0] == '0') ||
	    strcmp(s + n, ".jpg") != 0)
		return 0;
	k = strtol(s, NULL, 10);
	return k < VS_STORYBOARD_SHEETS_MAX;
}

/* All playlists of a video live in one hash: one DEL forgets them. */
static void
cache_key(char *buf, size_t len, const char *id)
{
	snprintf(buf, len, "vs:pl:%s", id);
}

static enum vs_err
cache_get(const char *key, const char *field, char **body, size_t *len)
{
	const char	*argv[] = { "HGET", key, field };
	redisReply	*r;
	enum vs_err	 rc = VS_ENOTFOUND;

	if ((r = vs_cache_cmd(3, argv)) == NULL)
		return VS_EUNAVAIL;
	if (r->type == REDIS_REPLY_STRING &&
	    (*body = vs_str_ndup(r->str, r->len)) != NULL) {
		*len = r->len;
		rc = VS_OK;
	}
	freeReplyObject(r);
	return rc;
}

static void
cache_put(const char *key, const char *field, const char *body)
{
	const char	*hset[] = { "HSET", key, field, body };
	const char	*expire[] = { "EXPIRE", key, "86400" };
	const char	*const *argvs[] = { hset, expire };
	const int	 argcs[] = { 4, 3 };

	vs_cache_batch(2, argcs, argvs);
}

/*
 * A video's ladder on disk: the finished one, else the one the worker is
 * still growing. The finished one is looked at again last, as the growing
 * one becomes it by one rename at the end of the job.
 */
static const char *const ladders[] = { "hls", "live/hls", "hls" };

#define LADDER_GROWING	1

/* The path of file name (NULL: master.m3u8) of rung quality in ladder i. */
static int
ladder_path(const char *id, int i, const char *quality, const char *name,
    char *path, size_t len)
{
	char	 dir[4096];
	int	 n;

	if (vs_path_video(id, dir, sizeof(dir)) == -1)
		return -1;
	if (quality == NULL)
		n = snprintf(path, len, "%s/%s/master.m3u8", dir, ladders[i]);
	else
		n = snprintf(path, len, "%s/%s/%s/%s", dir, ladders[i], quality,
		    name);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

/*
 * What tells one version of a playlist file from the next: its inode,
 * size and change time, as a rewrite (a new file renamed over it) moves
 * them all.
 */
struct stamp {
	ino_t		 sp_ino;
	off_t		 sp_size;
	struct timespec	 sp_ctime;
};

/*
 * The first file of the ladders from ladder start on that exists: its
 * path, its stamp and whether it is still growing. The ladder's index,
 * or -1 when none has it.
 */
static int
locate(const char *id, int start, const char *quality, const char *name,
    char *path, size_t len, struct stamp *s, int *growing)
{
	struct stat	 st;
	int		 i;

	memset(s, 0, sizeof(*s));
	for (i = start; i < (int)(sizeof(ladders) / sizeof(ladders[0])); i++)
		if (ladder_path(id, i, quality, name, path, len) == 0 &&
		    stat(path, &st) == 0) {
			s->sp_ino = st.st_ino;
			s->sp_size = st.st_size;
			s->sp_ctime = st.st_ctim;
			*growing = i == LADDER_GROWING;
			return i;
		}
	return -1;
}

int
vs_stream_file_path(const char *id, const char *quality, const char *name,
    char *path, size_t len)
{
	struct stamp	 s;
	int		 growing;

	return locate(id, 0, quality, name, path, len, &s, &growing) == -1 ?
	    -1 : 0;
}

static int
same_stamp(const struct stamp *a, const struct stamp *b)
{
	return a->sp_ino == b->sp_ino && a->sp_size == b->sp_size &&
	    a->sp_ctime.tv_sec == b->sp_ctime.tv_sec &&
	    a->sp_ctime.tv_nsec == b->sp_ctime.tv_nsec;
}

/* The Redis field of one version of a playlist: its name and its stamp. */
static void
cache_field(char *buf, size_t len, const char *field, const struct stamp *s)
{
	snprintf(buf, len, "%s:%llu:%lld:%lld.%09ld", field,
	    (unsigned long long)s->sp_ino, (long long)s->sp_size,
	    (long long)s->sp_ctime.tv_sec, (long)s->sp_ctime.tv_nsec);
}

static char *
from_disk(const char *path, size_t *len)
{
	struct vs_buf	 b = { 0 };
	FILE		*f;

	if ((f = fopen(path, "r")) == NULL)
		return NULL;
	if (vs_buf_read(&b, f, PLAYLIST_MAX) == -1)
		vs_buf_free(&b);
	fclose(f);
	*len = b.b_len;
	return b.b_data;
}

/*
 * Playlists are also remembered by the process for a second: a popular
 * video's master playlist is asked for many times a second. A copy is
 * good only while the file on disk is the one it was taken beside, so
 * that a rewritten master (captions) shows at once in every process.
 */
#define RECENT_SLOTS	32

static struct {
	char		 rc_key[64];
	char		*rc_body;
	size_t		 rc_len;
	time_t		 rc_at;
	struct stamp	 rc_stamp;
} recent[RECENT_SLOTS];

/* Where key goes in a table of n slots. */
static int
slot_of(const char *key, unsigned n)
{
	unsigned	 h = 5381;

	for (; *key != '\0'; key++)
		h = h * 33 + (unsigned char)*key;
	return (int)(h % n);
}

/*
 * A copy of the playlist in slot if it is key's, from this second, and
 * taken beside the file stamped s.
 */
static int
recent_get(int slot, const char *key, const struct stamp *s, char **body,
    size_t *len)
{
	if (recent[slot].rc_body == NULL || strcmp(recent[slot].rc_key,
	    key) != 0 || recent[slot].rc_at != time(NULL) ||
	    !same_stamp(&recent[slot].rc_stamp, s))
		return -1;
	if ((*body = vs_str_ndup(recent[slot].rc_body,
	    recent[slot].rc_len)) == NULL)
		return -1;
	*len = recent[slot].rc_len;
	return 0;
}

static void
recent_put(int slot, const char *key, const struct stamp *s,
    const char *body, size_t len)
{
	recent[slot].rc_stamp = *s;
	free(recent[slot].rc_body);
	recent[slot].rc_body = vs_str_ndup(body, len);
	recent[slot].rc_len = len;
	recent[slot].rc_at = time(NULL);
	snprintf(recent[slot].rc_key, sizeof(recent[slot].rc_key), "%s", key);
}

/*
 * One version of a playlist, the file at path stamped st: from this
 * process's memory, Redis (finished ladders only: a growing one changes
 * every few seconds) or the disk.
 */
static enum vs_err
fetch(const char *id, const char *field, const char *path,
    const struct stamp *st, int growing, char **body, size_t *len)
{
	char		 key[96], rkey[64], hfield[128];
	enum vs_err	 rc = VS_EUNAVAIL;
	int		 slot;

	snprintf(rkey, sizeof(rkey), "%s:%s", id, field);
	slot = slot_of(rkey, RECENT_SLOTS);
	if (recent_get(slot, rkey, st, body, len) == 0)
		return VS_OK;
	cache_key(key, sizeof(key), id);
	cache_field(hfield, sizeof(hfield), field, st);
	if (growing || (rc = cache_get(key, hfield, body, len)) != VS_OK) {
		if ((*body = from_disk(path, len)) == NULL)
			return VS_ENOTFOUND;
		if (rc == VS_ENOTFOUND && strlen(*body) == *len)
			cache_put(key, hfield, *body);
	}
	recent_put(slot, rkey, st, *body, *len);
	return VS_OK;
}

/*
 * File name of rung quality (NULL: the master) of video id, from the
 * finished ladder or the growing one; field names it in the video's
 * Redis hash.
 */
static enum vs_err
playlist(const char *id, const char *quality, const char *name,
    const char *field, char **body, size_t *len, int *growing)
{
	char		 path[4400];
	struct stamp	 st;
	enum vs_err	 rc = VS_ENOTFOUND;
	int		 at = 0;

	/* Stamped before it is read: a copy is never newer than its stamp. */
	while (rc == VS_ENOTFOUND && (at = locate(id, at, quality, name, path,
	    sizeof(path), &st, growing)) != -1) {
		rc = fetch(id, field, path, &st, *growing, body, len);
		at++;
	}
	return rc;
}

enum vs_err
vs_stream_playlist(const char *id, const char *quality, char **body,
    size_t *len, int *growing)
{
	if (quality != NULL && !vs_stream_valid_quality(quality))
		return VS_ENOTFOUND;
	return playlist(id, quality, "playlist.m3u8", quality ? quality :
	    "master", body, len, growing);
}

enum vs_err
vs_stream_iframes(const char *id, const char *quality, char **body,
    size_t *len, int *growing)
{
	char	 field[32];

	if (!vs_stream_valid_quality(quality))
		return VS_ENOTFOUND;
	snprintf(field, sizeof(field), "%s:iframes", quality);
	return playlist(id, quality, "iframes.m3u8", field, body, len,
	    growing);
}

/* Append a line, with "?t=<token>" at offset cut when sign is set. */
static int
add_line(struct vs_buf *out, const char *line, size_t len, int sign,
    size_t cut, const char *token)
{
	if (!sign)
		return vs_buf_add(out, line, len) == 0 &&
		    vs_buf_puts(out, "\n") == 0 ? 0 : -1;
	if (vs_buf_add(out, line, cut) == -1 ||
	    vs_buf_printf(out, "?t=%s", token) == -1 ||
	    vs_buf_add(out, line + cut, len - cut) == -1)
		return -1;
	return vs_buf_puts(out, "\n");
}

enum vs_err
vs_stream_storyboard(const char *id, char **body, size_t *len)
{
	char	 dir[4096], path[4400];

	if (vs_path_video(id, dir, sizeof(dir)) == -1)
		return VS_ENOTFOUND;
	snprintf(path, sizeof(path), "%s/storyboard/storyboard.vtt", dir);
	if ((*body = from_disk(path, len)) == NULL)
		return VS_ENOTFOUND;
	if (*len < 7 || strncmp(*body, "WEBVTT\n", 7) != 0) {
		free(*body);
		*body = NULL;
		return VS_ENOTFOUND;
	}
	return VS_OK;
}

int
vs_stream_has_storyboard(const char *id)
{
	struct stat	 st;
	char		 dir[4096], path[4400];

	if (vs_path_video(id, dir, sizeof(dir)) == -1)
		return 0;
	snprintf(path, sizeof(path), "%s/storyboard/storyboard.vtt", dir);
	return stat(path, &st) == 0;
}

int
vs_stream_sign_storyboard(const char *vtt, const char *token,
    struct vs_buf *out)
{
	const char	*hash;
	size_t		 len;
	int		 rc = 0;

	while (rc == 0 && *vtt != '\0') {
		len = strcspn(vtt, "\n");
		hash = memchr(vtt, '#', len);
		rc = add_line(out, vtt, len, len > 11 && hash != NULL &&
		    strncmp(vtt, "storyboard/", 11) == 0,
		    hash != NULL ? (size_t)(hash - vtt) : len, token);
		vtt += len;
		if (*vtt == '\n')
			vtt++;
	}
	return rc;
}

int
vs_stream_sign(const char *pl, const char *token, struct vs_buf *out)
{
	const char	*uri, *quote;
	size_t		 len, cut;
	int		 sign, rc = 0;

	while (rc == 0 && *pl != '\0') {
		len = strcspn(pl, "\n");
		cut = len;
		sign = len > 0 && *pl != '#';
		uri = memmem(pl, len, "URI=\"", 5);
		if (!sign && uri != NULL && (quote = memchr(uri + 5, '"',
		    len - (size_t)(uri + 5 - pl))) != NULL) {
			sign = 1;
			cut = (size_t)(quote - pl);
		}
		rc = add_line(out, pl, len, sign, cut, token);
		pl += len;
		if (*pl == '\n')
			pl++;
	}
	return rc;
}

int
vs_stream_token(const char *id, long long gen, long expiry, char *out,
    size_t len)
{
	return vs_signed_link_make(LINK_PURPOSE, id, gen, expiry, out, len);
}

/* The generation of a video that has no row: no link is good for it. */
#define GEN_GONE	LLONG_MAX

/* The generation as PostgreSQL has it now. */
static enum vs_err
gen_from_db(const char *id, long long *gen)
{
	const char	*p[] = { id };
	const char	*err;
	PGresult	*res;
	enum vs_err	 rc = VS_OK;

	if ((res = vs_db_exec("SELECT access_gen FROM videos WHERE id = $1",
	    1, p)) == NULL)
		return vs_db_error();
	*gen = GEN_GONE;
	if (PQntuples(res) == 1 && vs_str_tonum(vs_db_get(res, 0, 0), 1,
	    LLONG_MAX, gen, &err) == -1)
		rc = VS_ERR;
	PQclear(res);
	return rc;
}

/*
 * Redis keeps "<generation> <until>" per video: what PostgreSQL said, and
 * the time after which no copy of it may be trusted, so that a copy of a
 * copy is no older than access_check_ttl either.
 */
static void
gen_key(char *buf, size_t len, const char *id)
{
	snprintf(buf, len, "vs:gen:%s", id);
}

static enum vs_err
gen_from_cache(const char *key, long long *gen, time_t *until)
{
	const char	*argv[] = { "GET", key };
	const char	*err;
	char		 num[24];
	redisReply	*r;
	long long	 t;
	size_t		 n;
	enum vs_err	 rc = VS_ENOTFOUND;

	if ((r = vs_cache_cmd(2, argv)) == NULL)
		return VS_EUNAVAIL;
	if (r->type == REDIS_REPLY_STRING &&
	    (n = strcspn(r->str, " ")) < sizeof(num) && r->str[n] == ' ') {
		memcpy(num, r->str, n);
		num[n] = '\0';
		if (vs_str_tonum(num, 1, LLONG_MAX, gen, &err) == 0 &&
		    vs_str_tonum(r->str + n + 1, 0, LLONG_MAX, &t, &err) == 0) {
			*until = (time_t)t;
			rc = VS_OK;
		}
	}
	freeReplyObject(r);
	return rc;
}

static void
gen_to_cache(const char *key, long long gen, time_t until)
{
	char		 val[48], ttl[24];
	const char	*argv[] = { "SET", key, val, "EX", ttl };
	redisReply	*r;

	snprintf(val, sizeof(val), "%lld %lld", gen, (long long)until);
	snprintf(ttl, sizeof(ttl), "%lld",
	    vs_config_int(VS_CFG_ACCESS_CHECK_TTL));
	if ((r = vs_cache_cmd(5, argv)) != NULL)
		freeReplyObject(r);
}

/* What this process learnt of videos' generations, each until gc_until. */
#define GEN_SLOTS	256

static struct {
	char		 gc_id[37];
	long long	 gc_gen;
	time_t		 gc_until;
} gens[GEN_SLOTS];

/*
 * The access generation of video id, no older than access_check_ttl: from
 * this process's memory, else Redis, else PostgreSQL (and then into
 * Redis). Redis being down costs a query, not an answer.
 */
static enum vs_err
generation(const char *id, long long *gen)
{
	char		 key[64];
	time_t		 now = time(NULL), until;
	long long	 ttl = vs_config_int(VS_CFG_ACCESS_CHECK_TTL);
	int		 slot = slot_of(id, GEN_SLOTS);
	enum vs_err	 rc;

	if (strcmp(gens[slot].gc_id, id) == 0 && now < gens[slot].gc_until) {
		*gen = gens[slot].gc_gen;
		return VS_OK;
	}
	gen_key(key, sizeof(key), id);
	if (gen_from_cache(key, gen, &until) != VS_OK || until <= now) {
		if ((rc = gen_from_db(id, gen)) != VS_OK)
			return rc;
		until = now + ttl;
		gen_to_cache(key, *gen, until);
	}
	if (until > now + ttl)
		until = now + ttl;
	snprintf(gens[slot].gc_id, sizeof(gens[slot].gc_id), "%s", id);
	gens[slot].gc_gen = *gen;
	gens[slot].gc_until = until;
	return VS_OK;
}

enum vs_err
vs_stream_check(const char *id, const char *token, struct vs_signed_link *l)
{
	long long	 gen;
	enum vs_err	 rc;

	if (!vs_uuid_valid(id) ||
	    !vs_signed_link_check(LINK_PURPOSE, id, token, l))
		return VS_EINVAL;
	if ((rc = generation(id, &gen)) != VS_OK)
		return rc;
	return gen != GEN_GONE && l->sl_gen >= gen ? VS_OK : VS_EINVAL;
}

void
vs_stream_forget(const char *id)
{
	char	 key[96];

	cache_key(key, sizeof(key), id);
	vs_cache_del(key);
}
