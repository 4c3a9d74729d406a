/* video.c: videos as the catalog shows them. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "chapter.h"
#include "config.h"
#include "db.h"
#include "fs.h"
#include "json.h"
#include "log.h"
#include "path.h"
#include "probe.h"
#include "random.h"
#include "str.h"
#include "stream.h"
#include "user.h"
#include "video.h"

/*
 * Each order: what rows are sorted by (the expression an index has), its
 * cursor's text, and the cursor read back in the sort's terms. "new" sorts
 * by created_at itself, so that videos_listing_idx gives the page without
 * reading the table; its cursor is microseconds since the epoch.
 */
static const struct {
	const char	*o_name;
	const char	*o_sort;
	const char	*o_key;
	const char	*o_after;
} orders[] = {
	{ "new", "v.created_at",
	    "(extract(epoch FROM v.created_at) * 1000000)::bigint",
	    "'epoch'::timestamptz + $3::bigint * interval '1 microsecond'" },
	{ "popular", "v.view_count", "v.view_count", "$3::bigint" },
	{ "rank", "ts_rank(v.search, websearch_to_tsquery('simple', $1))",
	    "ts_rank(v.search, websearch_to_tsquery('simple', $1))",
	    "$3::real" },
};

#define ITEM_JSON "json_build_object('id', v.id, 'title', v.title, " \
	"'description', v.description, 'owner', u.username, 'duration', " \
	"v.duration, 'thumbnail', $7::text || '/api/videos/' || v.id || " \
	"'/thumbnail.jpg', " \
	"'views', v.view_count, 'status', v.status, 'visibility', " \
	"v.visibility, 'progress', v.progress, 'playable', " \
	"v.playable AND v.status IN ('queued', 'processing'), " \
	"'created_at', v.created_at, 'renditions', v.renditions)"

/* A cursor is "<key>.<uuid>": split it, checking both halves. */
static int
cursor_split(const char *c, char *key, size_t klen, char *id)
{
	const char	*dot = c ? strrchr(c, '.') : NULL;
	size_t		 n;

	if (dot == NULL || (n = (size_t)(dot - c)) == 0 || n >= klen ||
	    strspn(c, "0123456789.e-+") < n || !vs_uuid_valid(dot + 1))
		return -1;
	memcpy(key, c, n);
	key[n] = '\0';
	snprintf(id, 37, "%s", dot + 1);
	return 0;
}

enum vs_err
vs_video_search(const struct vs_video_query *q, struct json_object **items,
    char **next)
{
	char		 sql[2048], key[64], id[37], limit[16];
	const char	*p[7];
	size_t		 o = 0, i;
	PGresult	*res;
	int		 n, want;

	*next = NULL;
	if (q->vq_q != NULL && *q->vq_q != '\0')
		o = 2;
	else if (q->vq_sort != NULL && strcmp(q->vq_sort, "popular") == 0)
		o = 1;
	want = q->vq_limit > 0 && q->vq_limit <= VS_VIDEO_PAGE_MAX ?
	    q->vq_limit : VS_VIDEO_PAGE;
	snprintf(limit, sizeof(limit), "%d", want + 1);
	if (q->vq_after != NULL &&
	    cursor_split(q->vq_after, key, sizeof(key), id) == -1)
		return VS_EINVAL;
	p[0] = o == 2 ? q->vq_q : NULL;
	p[1] = q->vq_owner;
	p[2] = q->vq_after ? key : NULL;
	p[3] = q->vq_after ? id : NULL;
	p[4] = limit;
	p[5] = q->vq_mine;
	/* Links in the items are below the site's path (base_url's). */
	p[6] = vs_config_base();
	/*
	 * Only fixed fragments from the table above: user text is $n only.
	 * The page is chosen first and only its rows become JSON.
	 */
	snprintf(sql, sizeof(sql), "SELECT " ITEM_JSON ", p.k::text, v.id "
	    "FROM (SELECT v.id, (%s) AS s, (%s) AS k "
	    "FROM videos v JOIN users u ON u.id = v.owner_id WHERE "
	    "CASE WHEN $6::uuid IS NULL THEN v.status = 'ready' AND "
	    "v.visibility = 'public' AND NOT v.hidden AND (u.banned_at IS NULL "
	    "OR u.ban_until < now()) ELSE v.owner_id = $6::uuid END "
	    "AND ($1::text IS NULL OR v.search @@ websearch_to_tsquery("
	    "'simple', $1)) AND ($2::text IS NULL OR u.username = $2) "
	    "AND ($3::text IS NULL OR ((%s), v.id) < (%s, $4::uuid)) "
	    "ORDER BY (%s) DESC, v.id DESC LIMIT $5::int) p "
	    "JOIN videos v ON v.id = p.id JOIN users u ON u.id = v.owner_id "
	    "ORDER BY p.s DESC, p.id DESC", orders[o].o_sort, orders[o].o_key,
	    orders[o].o_sort, orders[o].o_after, orders[o].o_sort);
	if ((res = vs_db_exec(sql, 7, p)) == NULL)
		return vs_db_error() == VS_EUNAVAIL ? VS_EUNAVAIL : VS_ERR;
	*items = json_object_new_array();
	n = PQntuples(res);
	for (i = 0; i < (size_t)n && i < (size_t)want; i++)
		json_object_array_add(*items, vs_json_parse(vs_db_get(res,
		    (int)i, 0), (size_t)PQgetlength(res, (int)i, 0)));
	if (n > want && asprintf(next, "%s.%s", vs_db_get(res, want - 1, 1),
	    vs_db_get(res, want - 1, 2)) == -1)
		*next = NULL;
	PQclear(res);
	return VS_OK;
}

/* The file name extension for a demuxer; sources keep a plain name. */
static const char *
extension(const char *container)
{
	static const char *const map[][2] = {
		{ "mov", "mp4" }, { "matroska", "mkv" }, { "webm", "webm" },
		{ "avi", "avi" }, { "mpegts", "ts" }, { "flv", "flv" },
		{ "mpeg", "mpg" }, { "ogg", "ogv" }, { "asf", "wmv" },
	};
	size_t	 i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(container, map[i][0]) == 0)
			return map[i][1];
	return "bin";
}

static int
copy_file(const char *from, const char *to)
{
	char	 buf[65536];
	ssize_t	 n;
	int	 in, out, rc = 0;

	if ((in = open(from, O_RDONLY)) == -1)
		return -1;
	if ((out = open(to, O_WRONLY | O_CREAT | O_EXCL, 0666)) == -1) {
		close(in);
		return -1;
	}
	while (rc == 0 && (n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n)
			rc = -1;
	if (n < 0 || fsync(out) == -1)
		rc = -1;
	close(in);
	if (close(out) == -1)
		rc = -1;
	return rc;
}

/* Put the source in place; 0 / -1. */
static int
place(const char *path, int move, const char *dir, const char *dest)
{
	char	 media[4096];

	snprintf(media, sizeof(media), "%s/media",
	    vs_config_str(VS_CFG_DATA_DIR));
	if ((mkdir(media, 0777) == -1 && errno != EEXIST) ||
	    mkdir(dir, 0777) == -1)
		return -1;
	if (move && rename(path, dest) == 0)
		return 0;
	if ((!move || errno == EXDEV) && copy_file(path, dest) == 0) {
		if (move)
			unlink(path);
		return 0;
	}
	unlink(dest);
	rmdir(dir);
	return -1;
}

struct import {
	const char		*i_id;
	const struct vs_video_new *i_new;
	const char		*i_ext;
	const struct vs_probe	*i_probe;
	long long		 i_size;
};

/* Run a statement that must touch one row: 0, or -1. */
static int
change_one(const char *sql, int n, const char *const *p)
{
	PGresult	*res;
	int		 one;

	res = vs_db_exec(sql, n, p);
	one = res != NULL && strcmp(PQcmdTuples(res), "1") == 0;
	PQclear(res);
	return one ? 0 : -1;
}

/* The video row and its job, and the upload session it came from. */
static int
import_tx(void *arg)
{
	struct import		*im = arg;
	const struct vs_video_new *vn = im->i_new;
	char			 size[24], w[16], h[16], fps[32], rot[8],
				 dur[32], rate[24], tries[8];
	const char		*p[] = { im->i_id, vn->vn_owner, vn->vn_title,
				    vn->vn_desc, vn->vn_vis, vn->vn_name,
				    im->i_ext, size, im->i_probe->p_container,
				    im->i_probe->p_vcodec,
				    im->i_probe->p_acodec[0] ?
				    im->i_probe->p_acodec : NULL, rate, w, h,
				    fps, rot, dur };
	const char		*q[] = { im->i_id, tries };
	const char		*u[] = { vn->vn_upload, im->i_id };
	const char		*a[] = { vn->vn_owner, size };
	PGresult		*res;

	snprintf(size, sizeof(size), "%lld", im->i_size);
	snprintf(w, sizeof(w), "%d", im->i_probe->p_width);
	snprintf(h, sizeof(h), "%d", im->i_probe->p_height);
	snprintf(fps, sizeof(fps), "%.3f", (double)im->i_probe->p_fps_num /
	    im->i_probe->p_fps_den);
	snprintf(rot, sizeof(rot), "%d", im->i_probe->p_rotation);
	snprintf(dur, sizeof(dur), "%.3f", im->i_probe->p_duration);
	snprintf(rate, sizeof(rate), "%lld", im->i_probe->p_bitrate);
	snprintf(tries, sizeof(tries), "%lld",
	    vs_config_int(VS_CFG_JOB_ATTEMPTS));
	res = vs_db_exec("INSERT INTO videos (id, owner_id, title, "
	    "description, visibility, status, source_name, source_ext, "
	    "source_size, source_container, source_video_codec, "
	    "source_audio_codec, source_bitrate, width, height, frame_rate, "
	    "rotation, has_audio, duration) VALUES ($1, $2, $3, $4, $5, "
	    "'queued', $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, "
	    "$11::text IS NOT NULL, $17)", 17, p);
	PQclear(res);
	if (res == NULL)
		return -1;
	res = vs_db_exec("INSERT INTO transcode_jobs (video_id, max_attempts) "
	    "VALUES ($1, $2)", 2, q);
	PQclear(res);
	if (res == NULL)
		return -1;
	/* The room the upload held in the quota becomes the video's. */
	if (vn->vn_upload != NULL && change_one("UPDATE upload_sessions SET state = "
	    "'complete', video_id = $2, updated_at = now() WHERE id = $1 AND "
	    "state = 'open' AND expires_at > now()", 2, u) == -1)
		return -1;
	if (vn->vn_hold != NULL && change_one("DELETE FROM upload_reservations "
	    "WHERE id = $1 AND expires_at > now()", 1, &vn->vn_hold) == -1)
		return -1;
	res = vs_db_exec("INSERT INTO user_analytics (user_id, day, uploads, "
	    "upload_bytes) VALUES ($1, current_date, 1, $2) ON CONFLICT "
	    "(user_id, day) DO UPDATE SET uploads = user_analytics.uploads + 1, "
	    "upload_bytes = user_analytics.upload_bytes + $2", 2, a);
	PQclear(res);
	if (res == NULL)
		return -1;
	res = vs_db_exec("NOTIFY vstream_jobs", 0, NULL);
	PQclear(res);
	return res == NULL ? -1 : 0;
}

enum vs_err
vs_video_import(const char *path, int move, const struct vs_video_new *vn,
    char *id, char *why, size_t len)
{
	struct vs_probe	 probe;
	struct stat	 st;
	struct import	 im;
	char		 dir[4096], dest[4200];
	enum vs_err	 rc;

	if ((rc = vs_probe_file(path, &probe, why, len)) != VS_OK)
		return rc;
	if (stat(path, &st) == -1 || vs_random_uuid(id) == -1 ||
	    vs_path_video(id, dir, sizeof(dir)) == -1) {
		snprintf(why, len, "the file cannot be read");
		return VS_ERR;
	}
	im = (struct import){ id, vn, extension(probe.p_container), &probe,
	    st.st_size };
	snprintf(dest, sizeof(dest), "%s/source.%s", dir, im.i_ext);
	if (place(path, move, dir, dest) == -1) {
		snprintf(why, len, "the file cannot be stored: %s",
		    strerror(errno));
		vs_errx("%s: %s: %s", __func__, dest, strerror(errno));
		return errno == ENOSPC || errno == EDQUOT ? VS_ENOSPACE :
		    VS_ERR;
	}
	if (vs_db_tx(import_tx, &im) == 0)
		return VS_OK;
	if (move)
		rename(dest, path);
	unlink(dest);
	rmdir(dir);
	snprintf(why, len, "the video could not be recorded");
	return vs_db_error() == VS_EUNAVAIL ? VS_EUNAVAIL : VS_ERR;
}

enum vs_err
vs_video_check(const char *title, const char *desc, const char *vis,
    const char **why)
{
	if (title != NULL && (*title == '\0' || strlen(title) > 200 ||
	    !vs_str_utf8(title))) {
		*why = "The title must be 1 to 200 characters of UTF-8 text.";
		return VS_EINVAL;
	}
	if (desc != NULL && (strlen(desc) > 5000 || !vs_str_utf8(desc))) {
		*why = "The description must be at most 5000 characters of "
		    "UTF-8 text.";
		return VS_EINVAL;
	}
	if (vis != NULL && strcmp(vis, "public") != 0 &&
	    strcmp(vis, "unlisted") != 0 && strcmp(vis, "private") != 0) {
		*why = "Visibility is public, unlisted or private.";
		return VS_EINVAL;
	}
	return VS_OK;
}

/* The chapters of video JSON v, from its description, as JSON. */
static struct json_object *
chapters(struct json_object *v)
{
	struct vs_chapter	 c[VS_CHAPTERS_MAX];
	struct json_object	*a = json_object_new_array(), *o;
	size_t			 i, n;

	n = vs_chapter_parse(vs_json_str(v, "description"),
	    json_object_get_double(json_object_object_get(v, "duration")), c);
	for (i = 0; i < n; i++) {
		o = json_object_new_object();
		json_object_object_add(o, "start",
		    json_object_new_int64(c[i].ch_start));
		json_object_object_add(o, "title",
		    json_object_new_string(c[i].ch_title));
		json_object_array_add(a, o);
	}
	return a;
}

enum vs_err
vs_video_get(const char *id, struct json_object **out)
{
	const char	*p[] = { id };
	enum vs_err	 rc;

	if (!vs_uuid_valid(id))
		return VS_ENOTFOUND;
	rc = vs_db_json_row("SELECT json_build_object('id', v.id, 'title', "
	    "v.title, 'description', v.description, 'owner', u.username, "
	    "'visibility', v.visibility, 'status', v.status, 'progress', "
	    "v.progress, 'playable', v.playable AND v.status IN ('queued', "
	    "'processing'), 'failure_reason', v.failure_reason, 'duration', "
	    "v.duration, 'width', v.width, 'height', v.height, 'renditions', "
	    "v.renditions, 'views', v.view_count, 'created_at', v.created_at) "
	    "FROM videos v JOIN users u ON u.id = v.owner_id WHERE v.id = $1",
	    1, p, out);
	if (rc == VS_OK)
		json_object_object_add(*out, "chapters", chapters(*out));
	return rc;
}

enum vs_err
vs_video_meta(const char *id, struct vs_video_meta *m)
{
	const char	*p[] = { id };
	PGresult	*res;
	enum vs_err	 rc = VS_ENOTFOUND;

	memset(m, 0, sizeof(*m));
	if (!vs_uuid_valid(id))
		return VS_ENOTFOUND;
	res = vs_db_exec("SELECT v.owner_id, v.visibility, v.status, v.hidden, "
	    "u.banned_at IS NOT NULL AND (u.ban_until IS NULL OR "
	    "u.ban_until > now()), v.access_gen, v.playable FROM videos v "
	    "JOIN users u "
	    "ON u.id = v.owner_id WHERE v.id = $1", 1, p);
	if (res == NULL)
		return vs_db_error();
	if (PQntuples(res) == 1) {
		vs_db_str(res, 0, 0, m->vm_owner, sizeof(m->vm_owner));
		vs_db_str(res, 0, 1, m->vm_visibility, sizeof(m->vm_visibility));
		vs_db_str(res, 0, 2, m->vm_status, sizeof(m->vm_status));
		m->vm_hidden = vs_db_bool(res, 0, 3);
		m->vm_owner_banned = vs_db_bool(res, 0, 4);
		m->vm_access_gen = vs_db_ll(res, 0, 5);
		m->vm_playable = vs_db_bool(res, 0, 6);
		rc = VS_OK;
	}
	PQclear(res);
	return rc;
}

#define META_SLOTS	64
#define META_TTL	2	/* seconds */

static struct {
	char			 mc_id[37];
	struct vs_video_meta	 mc_meta;
	time_t			 mc_at;
} meta_cache[META_SLOTS];

enum vs_err
vs_video_meta_recent(const char *id, struct vs_video_meta *m)
{
	unsigned	 h = 5381, slot;
	const char	*p;
	enum vs_err	 rc;

	for (p = id; *p != '\0'; p++)
		h = h * 33 + (unsigned char)*p;
	slot = h % META_SLOTS;
	if (strcmp(meta_cache[slot].mc_id, id) == 0 &&
	    time(NULL) - meta_cache[slot].mc_at < META_TTL) {
		*m = meta_cache[slot].mc_meta;
		return VS_OK;
	}
	if ((rc = vs_video_meta(id, m)) == VS_OK) {
		snprintf(meta_cache[slot].mc_id, sizeof(meta_cache[slot].mc_id),
		    "%s", id);
		meta_cache[slot].mc_meta = *m;
		meta_cache[slot].mc_at = time(NULL);
	}
	return rc;
}

int
vs_video_watchable(const struct vs_video_meta *m)
{
	if (strcmp(m->vm_status, "ready") == 0)
		return 1;
	return m->vm_playable && (strcmp(m->vm_status, "processing") == 0 ||
	    strcmp(m->vm_status, "queued") == 0);
}

int
vs_video_is_public(const struct vs_video_meta *m)
{
	return strcmp(m->vm_visibility, "public") == 0 &&
	    vs_video_watchable(m) && !m->vm_hidden && !m->vm_owner_banned;
}

int
vs_video_may_view(const struct vs_video_meta *m, const struct vs_user *u)
{
	if (u != NULL && (strcmp(u->u_id, m->vm_owner) == 0 ||
	    u->u_role >= VS_ROLE_MODERATOR))
		return 1;
	return strcmp(m->vm_visibility, "private") != 0 && !m->vm_hidden &&
	    !m->vm_owner_banned;
}

enum vs_err
vs_video_update(const char *id, const char *title, const char *desc,
    const char *vis)
{
	const char	*p[] = { id, title, desc, vis }, *why;
	PGresult	*res;
	enum vs_err	 rc;

	if (!vs_uuid_valid(id))
		return VS_ENOTFOUND;
	if (vs_video_check(title, desc, vis, &why) != VS_OK)
		return VS_EINVAL;
	res = vs_db_exec("UPDATE videos SET title = coalesce($2, title), "
	    "description = coalesce($3, description), visibility = "
	    "coalesce($4, visibility), updated_at = now() WHERE id = $1", 4, p);
	if (res == NULL)
		return vs_db_error();
	rc = strcmp(PQcmdTuples(res), "1") == 0 ? VS_OK : VS_ENOTFOUND;
	PQclear(res);
	if (rc == VS_OK)
		vs_stream_forget(id);
	return rc;
}

enum vs_err
vs_video_delete(const char *id)
{
	const char	*p[] = { id };
	char		 dir[4096];
	PGresult	*res;
	enum vs_err	 rc;

	if (vs_path_video(id, dir, sizeof(dir)) == -1)
		return VS_ENOTFOUND;
	res = vs_db_exec("DELETE FROM videos WHERE id = $1", 1, p);
	if (res == NULL)
		return vs_db_error();
	rc = strcmp(PQcmdTuples(res), "1") == 0 ? VS_OK : VS_ENOTFOUND;
	PQclear(res);
	if (rc == VS_OK) {
		vs_fs_remove(dir);
		vs_stream_forget(id);
	}
	return rc;
}
