/* doctor.c: checks of what an installation commonly gets wrong. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/time.h>
#include <sys/wait.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <grp.h>
#include <netdb.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "cache.h"
#include "config.h"
#include "crypto.h"
#include "db.h"
#include "doctor.h"
#include "migrate.h"
#include "path.h"
#include "str.h"

#define LIMITS_PATH	"/api/v1/uploads/limits-check"
#define ANSWER_MAX	(4 * 1024 * 1024)	/* largest answer read */
#define TOKEN_TTL	300
#define CLOCK_SKEW	5			/* seconds allowed */
#define PROBES_MAX	20			/* requests to find a limit */

/* What a check needs to have gone right before it. */
enum need {
	NEED_NONE,
	NEED_DB,	/* PostgreSQL answers */
	NEED_SCHEMA,	/* and holds the current schema */
	NEED_WORKER,	/* d_worker is set */
	NEED_WEB,	/* d_web is set */
	NEED_SITE,	/* and the site answered the first request */
};

static const char *const states[VS_DOC__MAX] = {
	[VS_DOC_OK] = "ok",
	[VS_DOC_SKIP] = "skipped",
	[VS_DOC_WARN] = "warning",
	[VS_DOC_PROBLEM] = "problem",
};

/* One request to the site and its answer. */
struct answer {
	int		 a_status;	/* 0: no answer */
	struct vs_buf	 a_raw;		/* status line, headers, body */
	const char	*a_body;	/* into a_raw */
	size_t		 a_len;
};

/* The site, from base_url: http://host[:port][/prefix]. */
struct site {
	char		 s_host[256];
	char		 s_port[8];
	char		 s_prefix[1024];
};

const char *
vs_doctor_state(enum vs_doc_state s)
{
	return states[s];
}

int
vs_doctor_stale_secs(void)
{
	long long	 s = 3 * vs_config_int(VS_CFG_WORKER_POLL);

	return s < 120 ? 120 : (int)s;
}

/* Record r's outcome: fix ("" or NULL for none), then the message. */
static void
say(struct vs_doc_result *r, enum vs_doc_state st, const char *fix,
    const char *fmt, ...)
{
	va_list	 ap;

	r->dr_state = st;
	snprintf(r->dr_fix, sizeof(r->dr_fix), "%s", fix ? fix : "");
	va_start(ap, fmt);
	vsnprintf(r->dr_msg, sizeof(r->dr_msg), fmt, ap);
	va_end(ap);
}

static void
check_config(struct vs_doc *d, struct vs_doc_result *r)
{
	(void)d;
	if (*vs_config_str(VS_CFG_SECRET_KEY) == '\0') {
		say(r, VS_DOC_PROBLEM, "set secret_key to at least 32 random "
		    "characters (openssl rand -hex 32)", "secret_key is "
		    "missing: nobody can sign in");
		return;
	}
	say(r, VS_DOC_OK, NULL, "configuration valid");
}

static void
check_database(struct vs_doc *d, struct vs_doc_result *r)
{
	PGresult	*res;

	(void)d;
	if ((res = vs_db_exec("SELECT current_setting('server_version')", 0,
	    NULL)) == NULL) {
		say(r, VS_DOC_PROBLEM, "start PostgreSQL, or correct db_url",
		    "PostgreSQL does not answer at db_url");
		return;
	}
	say(r, VS_DOC_OK, NULL, "PostgreSQL %s answers", vs_db_get(res, 0, 0));
	PQclear(res);
}

static void
check_schema(struct vs_doc *d, struct vs_doc_result *r)
{
	const char	*dir = vs_config_str(VS_CFG_SCHEMA_DIR);
	int		 n;

	(void)d;
	if ((n = vs_migrate_pending(dir)) == -1)
		say(r, VS_DOC_PROBLEM, "correct schema_dir", "cannot compare "
		    "the database with the files in schema_dir %s", dir);
	else if (n > 0)
		say(r, VS_DOC_PROBLEM, "run vstreamctl migrate", "the database "
		    "lacks %d of the migrations in %s", n, dir);
	else
		say(r, VS_DOC_OK, NULL, "the database is migrated");
}

static void
check_redis(struct vs_doc *d, struct vs_doc_result *r)
{
	(void)d;
	if (vs_cache_ping() != VS_OK)
		say(r, VS_DOC_PROBLEM, "start Redis, or correct redis_url",
		    "Redis does not answer at redis_url");
	else
		say(r, VS_DOC_OK, NULL, "Redis answers");
}

static int
in_group(const struct passwd *pw, gid_t gid)
{
	gid_t	 groups[256];
	int	 n = 256, i;

	if (getgrouplist(pw->pw_name, pw->pw_gid, groups, &n) == -1)
		return pw->pw_gid == gid;
	for (i = 0; i < n; i++)
		if (groups[i] == gid)
			return 1;
	return 0;
}

/* Whether pw may make files in the folder st, by its mode bits. */
static int
can_write(const struct stat *st, const struct passwd *pw)
{
	mode_t	 m = st->st_mode;

	if (pw->pw_uid == 0)
		return 1;
	if (st->st_uid == pw->pw_uid)
		return (m & S_IWUSR) && (m & S_IXUSR);
	if (in_group(pw, st->st_gid))
		return (m & S_IWGRP) && (m & S_IXGRP);
	return (m & S_IWOTH) && (m & S_IXOTH);
}

/* One folder pw must write; 0 when it can, else -1 with r filled. */
static int
writable(struct vs_doc_result *r, const char *path, const struct passwd *pw)
{
	const char	*data = vs_config_str(VS_CFG_DATA_DIR);
	struct passwd	*owner;
	struct stat	 st;
	char		 fix[512], who[64];

	snprintf(fix, sizeof(fix), "mkdir -p %s/media && chown -R %s: %s",
	    data, pw->pw_name, data);
	if (stat(path, &st) == -1 || !S_ISDIR(st.st_mode)) {
		say(r, VS_DOC_PROBLEM, fix, "%s is not a folder (%s)", path,
		    strerror(errno ? errno : ENOTDIR));
		return -1;
	}
	if (can_write(&st, pw))
		return 0;
	if ((owner = getpwuid(st.st_uid)) != NULL)
		snprintf(who, sizeof(who), "%s", owner->pw_name);
	else
		snprintf(who, sizeof(who), "%u", (unsigned)st.st_uid);
	say(r, VS_DOC_PROBLEM, fix, "%s belongs to %s, mode %04o: %s cannot "
	    "write it", path, who, (unsigned)(st.st_mode & 07777), pw->pw_name);
	return -1;
}

static void
check_data_dir(struct vs_doc *d, struct vs_doc_result *r)
{
	const char	*data = vs_config_str(VS_CFG_DATA_DIR);
	struct passwd	*pw;
	char		 media[4096];

	pw = d->d_user ? getpwnam(d->d_user) : getpwuid(geteuid());
	if (pw == NULL) {
		say(r, VS_DOC_PROBLEM, "name the web server's user with -u",
		    "no user %s", d->d_user ? d->d_user : "for this process");
		return;
	}
	errno = 0;
	snprintf(media, sizeof(media), "%s/media", data);
	if (writable(r, data, pw) == 0 && writable(r, media, pw) == 0)
		say(r, VS_DOC_OK, NULL, "%s can write %s and its media folder",
		    pw->pw_name, data);
}

static void
check_disk(struct vs_doc *d, struct vs_doc_result *r)
{
	const char	*data = vs_config_str(VS_CFG_DATA_DIR);
	long long	 need = vs_config_int(VS_CFG_UPLOAD_MAX), free_b;
	struct statvfs	 fs;

	(void)d;
	if (statvfs(data, &fs) == -1) {
		say(r, VS_DOC_PROBLEM, "create data_dir", "%s: %s", data,
		    strerror(errno));
		return;
	}
	free_b = (long long)fs.f_bavail * (long long)fs.f_frsize;
	if (free_b < need)
		say(r, VS_DOC_WARN, "free space, or move data_dir to a larger "
		    "file system", "%lld MiB free under %s, less than one "
		    "upload (upload_max, %lld MiB)", free_b >> 20, data,
		    need >> 20);
	else
		say(r, VS_DOC_OK, NULL, "%lld MiB free under %s", free_b >> 20,
		    data);
}

static void
check_worker(struct vs_doc *d, struct vs_doc_result *r)
{
	char		 secs[16];
	const char	*p[] = { secs };
	PGresult	*res;

	(void)d;
	snprintf(secs, sizeof(secs), "%d", vs_doctor_stale_secs());
	if ((res = vs_db_exec("SELECT count(*) FILTER (WHERE heartbeat_at > "
	    "now() - make_interval(secs => $1::int)), coalesce(extract(epoch "
	    "FROM now() - max(heartbeat_at))::bigint::text, 'never') FROM "
	    "workers", 1, p)) == NULL) {
		say(r, VS_DOC_PROBLEM, "run vstreamctl migrate", "cannot read "
		    "the workers table");
		return;
	}
	if (strcmp(vs_db_get(res, 0, 0), "0") == 0)
		say(r, VS_DOC_PROBLEM, "start vstream-worker or its cron line",
		    "no worker is running (last heartbeat: %s%s, none within "
		    "%s s): uploads are never transcoded",
		    vs_db_get(res, 0, 1), strcmp(vs_db_get(res, 0, 1),
		    "never") ? " s ago" : "", secs);
	else
		say(r, VS_DOC_OK, NULL, "%s worker(s) running",
		    vs_db_get(res, 0, 0));
	PQclear(res);
}

static double
wall(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Against the middle of the query, so that its time does not count. */
static void
check_clock(struct vs_doc *d, struct vs_doc_result *r)
{
	PGresult	*res;
	double		 t0 = wall(), t1, skew;

	(void)d;
	if ((res = vs_db_exec("SELECT extract(epoch FROM now())", 0,
	    NULL)) == NULL) {
		say(r, VS_DOC_PROBLEM, "start PostgreSQL", "cannot read "
		    "PostgreSQL's clock");
		return;
	}
	t1 = wall();
	skew = vs_db_double(res, 0, 0) - (t0 + t1) / 2;
	PQclear(res);
	if (skew > CLOCK_SKEW || skew < -CLOCK_SKEW)
		say(r, VS_DOC_PROBLEM, "keep both clocks in time with NTP "
		    "(chrony or systemd-timesyncd)", "this clock is %.1f s %s "
		    "PostgreSQL's: tokens and links expire at the wrong time",
		    skew < 0 ? -skew : skew, skew < 0 ? "ahead of" : "behind");
	else
		say(r, VS_DOC_OK, NULL, "the clock agrees with PostgreSQL's "
		    "(%.1f s)", skew);
}

/* Run d_worker --check; its output is its verdict. */
static void
check_encoders(struct vs_doc *d, struct vs_doc_result *r)
{
	char	 out[400];
	int	 fds[2], status = -1;
	ssize_t	 n, len = 0;
	pid_t	 pid = -1;

	if (pipe(fds) == 0 && (pid = fork()) == -1) {
		close(fds[0]);
		close(fds[1]);
	}
	if (pid == -1) {
		say(r, VS_DOC_PROBLEM, NULL, "cannot run %s", d->d_worker);
		return;
	}
	if (pid == 0) {
		dup2(fds[1], STDOUT_FILENO);
		dup2(fds[1], STDERR_FILENO);
		close(fds[0]);
		execl(d->d_worker, d->d_worker, "--check", (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	while ((n = read(fds[0], out + len, sizeof(out) - 1 - (size_t)len)) > 0)
		len += n;
	out[len] = '\0';
	close(fds[0]);
	waitpid(pid, &status, 0);
	for (n = 0; n < len; n++)
		if (out[n] == '\n')
			out[n] = n + 1 < len ? ';' : '\0';
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		say(r, VS_DOC_OK, NULL, "FFmpeg encoders: %s", out);
	else
		say(r, VS_DOC_PROBLEM, "install FFmpeg libraries built with "
		    "libx264 (Debian: libavcodec59)", "%s --check: %s",
		    d->d_worker, len ? out : "failed without a word");
}

/* Split http://host[:port][/prefix]; -1 for anything else. */
static int
site_parse(const char *url, struct site *s)
{
	const char	*h, *end, *colon;

	if (strncmp(url, "http://", 7) != 0)
		return -1;
	h = url + 7;
	end = h + strcspn(h, "/");
	colon = memchr(h, ':', (size_t)(end - h));
	if (colon == NULL)
		colon = end;
	if (colon == h || (size_t)(colon - h) >= sizeof(s->s_host) ||
	    (colon < end && (end - colon < 2 || end - colon > 6)))
		return -1;
	snprintf(s->s_host, sizeof(s->s_host), "%.*s", (int)(colon - h), h);
	snprintf(s->s_port, sizeof(s->s_port), "%.*s", colon < end ?
	    (int)(end - colon - 1) : 2, colon < end ? colon + 1 : "80");
	snprintf(s->s_prefix, sizeof(s->s_prefix), "%s", end);
	s->s_prefix[strcspn(s->s_prefix, "?#")] = '\0';
	if (s->s_prefix[0] != '\0' &&
	    s->s_prefix[strlen(s->s_prefix) - 1] == '/')
		s->s_prefix[strlen(s->s_prefix) - 1] = '\0';
	return 0;
}

static int
site_connect(const struct site *s)
{
	struct addrinfo	 hints = { 0 }, *res = NULL, *ai;
	struct timeval	 tv = { 30, 0 };
	int		 fd = -1;

	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(s->s_host, s->s_port, &hints, &res) != 0)
		return -1;
	for (ai = res; ai != NULL && fd == -1; ai = ai->ai_next) {
		if ((fd = socket(ai->ai_family, SOCK_STREAM, 0)) == -1)
			continue;
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == -1) {
			close(fd);
			fd = -1;
		}
	}
	freeaddrinfo(res);
	return fd;
}

/* Send len zero bytes; stops early when the server stops reading. */
static void
send_zeros(int fd, long long len)
{
	static const char	 zeros[64 * 1024];
	ssize_t			 n;

	while (len > 0) {
		n = write(fd, zeros, len < (long long)sizeof(zeros) ?
		    (size_t)len : sizeof(zeros));
		if (n <= 0)
			return;
		len -= n;
	}
}

/* Read the whole answer; the server closes after an HTTP/1.0 request. */
static void
read_answer(int fd, struct answer *a)
{
	char		 buf[16384], *end;
	ssize_t		 n;

	while (a->a_raw.b_len < ANSWER_MAX &&
	    (n = read(fd, buf, sizeof(buf))) > 0)
		if (vs_buf_add(&a->a_raw, buf, (size_t)n) == -1)
			return;
	if (a->a_raw.b_data == NULL ||
	    sscanf(a->a_raw.b_data, "HTTP/%*d.%*d %d", &a->a_status) != 1 ||
	    (end = strstr(a->a_raw.b_data, "\r\n\r\n")) == NULL) {
		a->a_status = 0;
		return;
	}
	a->a_body = end + 4;
	a->a_len = a->a_raw.b_len - (size_t)(a->a_body - a->a_raw.b_data);
}

/*
 * One HTTP/1.0 request to the site, with extra header lines (each ending
 * in CRLF) and a body of len zero bytes (-1: none). a->a_status is 0 when
 * nothing came back. The caller frees a->a_raw.
 */
static void
request(const struct site *s, const char *method, const char *path,
    const char *extra, long long len, struct answer *a)
{
	struct vs_buf	 head = { 0 };
	int		 fd;

	memset(a, 0, sizeof(*a));
	if ((fd = site_connect(s)) == -1)
		return;
	vs_buf_printf(&head, "%s %s%s HTTP/1.0\r\nHost: %s:%s\r\n"
	    "User-Agent: vstreamctl-doctor\r\n%s", method, s->s_prefix, path,
	    s->s_host, s->s_port, extra);
	if (len >= 0)
		vs_buf_printf(&head, "Content-Type: application/octet-stream"
		    "\r\nContent-Length: %lld\r\n", len);
	vs_buf_puts(&head, "\r\n");
	if (head.b_data != NULL &&
	    write(fd, head.b_data, head.b_len) == (ssize_t)head.b_len)
		send_zeros(fd, len);
	shutdown(fd, SHUT_WR);
	read_answer(fd, a);
	close(fd);
	vs_buf_free(&head);
}

/* The answer's body as a JSON object, or NULL; the caller frees it. */
static struct json_object *
answer_json(const struct answer *a)
{
	struct json_object	*o;

	if (a->a_status != 200 || a->a_body == NULL)
		return NULL;
	o = json_tokener_parse(a->a_body);
	if (o != NULL && !json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

/* A request to the limits-check route, signed; see answer_json(). */
static struct json_object *
limits_check(const struct site *s, long long len, const char *more,
    int *status)
{
	struct answer		 a;
	struct json_object	*o;
	char			 extra[512], token[128];

	vs_doctor_token(token, sizeof(token));
	snprintf(extra, sizeof(extra), "X-Vstream-Doctor: %s\r\n%s", token,
	    more);
	request(s, "POST", LIMITS_PATH, extra, len, &a);
	*status = a.a_status;
	o = answer_json(&a);
	vs_buf_free(&a.a_raw);
	return o;
}

/* Whether the site received a body of len bytes whole. */
static int
passes(const struct site *s, long long len)
{
	struct json_object	*o, *v;
	int			 status, ok;

	o = limits_check(s, len, "", &status);
	ok = o != NULL && json_object_object_get_ex(o, "received", &v) &&
	    json_object_get_int64(v) == len;
	json_object_put(o);
	return ok;
}

/* The site from d_base or base_url; -1 with r filled when unusable. */
static int
site_of(const struct vs_doc *d, struct site *s, struct vs_doc_result *r)
{
	const char	*url = d->d_base ? d->d_base :
			    vs_config_str(VS_CFG_BASE_URL);

	if (site_parse(url, s) == 0)
		return 0;
	say(r, VS_DOC_SKIP, "give the web server's local http:// address "
	    "with -b", "cannot send requests to %s (only http://)", url);
	return -1;
}

/*
 * The first request: the route answers and says whether a bearer token
 * arrived. Apache drops Authorization unless told to pass it on.
 */
static void
check_authorization(struct vs_doc *d, struct vs_doc_result *r)
{
	struct json_object	*o, *v;
	struct site		 s;
	int			 status;

	if (site_of(d, &s, r) == -1)
		return;
	o = limits_check(&s, 0, "Authorization: Bearer doctor-probe\r\n",
	    &status);
	d->d_answered = o != NULL;
	if (o == NULL) {
		say(r, VS_DOC_PROBLEM, status == 403 ? "give vstreamctl and "
		    "the web server the same configuration file" : "start the "
		    "web server, or give its address with -b", status == 0 ?
		    "http://%s:%s does not answer" : "http://%s:%s"
		    LIMITS_PATH " answered %d", s.s_host, s.s_port, status);
		return;
	}
	if (json_object_object_get_ex(o, "authorization", &v) &&
	    json_object_get_boolean(v))
		say(r, VS_DOC_OK, NULL, "the web server passes the "
		    "Authorization header to the programs");
	else
		say(r, VS_DOC_PROBLEM, "Apache with mod_fcgid: FcgidPassHeader "
		    "Authorization; with mod_proxy_fcgi or CGI: CGIPassAuth On",
		    "the web server drops the Authorization header: API "
		    "clients' bearer tokens never arrive");
	json_object_put(o);
}

/*
 * A body of upload_chunk bytes must pass; when it does not, halve the
 * interval between what passed and what did not until it is within a
 * thirty-second of the limit.
 */
static void
check_body_limit(struct vs_doc *d, struct vs_doc_result *r)
{
	long long	 chunk = vs_config_int(VS_CFG_UPLOAD_CHUNK), lo = 0,
			 hi = chunk, mid;
	char		 fix[512];
	struct site	 s;
	int		 i;

	if (site_of(d, &s, r) == -1)
		return;
	if (passes(&s, chunk)) {
		say(r, VS_DOC_OK, NULL, "the web server passes a body of "
		    "upload_chunk (%lld bytes)", chunk);
		return;
	}
	for (i = 0; i < PROBES_MAX && hi - lo > hi / 32; i++) {
		mid = lo + (hi - lo) / 2;
		if (passes(&s, mid))
			lo = mid;
		else
			hi = mid;
	}
	snprintf(fix, sizeof(fix), "set upload_chunk below %lld, or raise "
	    "FcgidMaxRequestLen (Apache with mod_fcgid) or the server's "
	    "body limit", lo);
	say(r, VS_DOC_PROBLEM, fix, "the web server accepts at most ~%lld "
	    "bytes per request, less than upload_chunk (%lld)%s", lo, chunk,
	    lo < vs_config_int(VS_CFG_UPLOAD_MAX) ?
	    "; multipart uploads over that fail too" : "");
}

/* A file of at most max bytes into b; -1 when it cannot be read. */
static int
slurp(const char *path, struct vs_buf *b, size_t max)
{
	FILE	*f;
	int	 rc;

	if ((f = fopen(path, "r")) == NULL)
		return -1;
	rc = vs_buf_read(b, f, max);
	fclose(f);
	return rc;
}

/* The thumbnail of a public video, on disk and through the stream route. */
static void
sendfile_compare(struct vs_doc_result *r, const struct site *s,
    const char *id)
{
	struct vs_buf	 disk = { 0 };
	struct answer	 a;
	char		 dir[4096], path[4200], url[128];

	memset(&a, 0, sizeof(a));
	if (vs_path_video(id, dir, sizeof(dir)) == -1)
		goto out;
	snprintf(path, sizeof(path), "%s/thumb.jpg", dir);
	if (slurp(path, &disk, ANSWER_MAX) == -1 || disk.b_data == NULL) {
		say(r, VS_DOC_SKIP, NULL, "cannot read %s", path);
		goto out;
	}
	snprintf(url, sizeof(url), "/api/videos/%s/thumbnail.jpg", id);
	request(s, "GET", url, "", -1, &a);
	if (a.a_status == 200 && a.a_len == disk.b_len &&
	    memcmp(a.a_body, disk.b_data, disk.b_len) == 0)
		say(r, VS_DOC_OK, NULL, "X-Sendfile works (%s)", url);
	else
		say(r, VS_DOC_PROBLEM, "lighttpd: \"x-sendfile\" => \"enable\" "
		    "with x-sendfile-docroot data_dir/media for stream.fcgi; "
		    "Apache: mod_xsendfile, XSendFile On, XSendFilePath "
		    "data_dir/media; or set sendfile = none", "%s answered %d "
		    "with %zu bytes, not the %zu bytes on disk: the web server "
		    "does not act on X-Sendfile", url, a.a_status, a.a_len,
		    disk.b_len);
out:
	vs_buf_free(&disk);
	vs_buf_free(&a.a_raw);
}

static void
check_sendfile(struct vs_doc *d, struct vs_doc_result *r)
{
	PGresult	*res;
	struct site	 s;

	if (!d->d_schema) {
		say(r, VS_DOC_SKIP, NULL, "X-Sendfile: not checked (see "
		    "above)");
		return;
	}
	if (strcmp(vs_config_str(VS_CFG_SENDFILE), "x-sendfile") != 0) {
		say(r, VS_DOC_OK, NULL, "sendfile = none: the programs send "
		    "files themselves");
		return;
	}
	if (site_of(d, &s, r) == -1)
		return;
	if ((res = vs_db_exec("SELECT id FROM videos WHERE status = 'ready' "
	    "AND visibility = 'public' AND NOT hidden AND thumbnail_size > 0 "
	    "ORDER BY created_at LIMIT 1", 0, NULL)) == NULL ||
	    PQntuples(res) == 0)
		say(r, VS_DOC_SKIP, NULL, "X-Sendfile: no public video to "
		    "fetch yet");
	else
		sendfile_compare(r, &s, vs_db_get(res, 0, 0));
	PQclear(res);
}

static const struct {
	const char	*c_name;
	enum need	 c_need;
	void		(*c_fn)(struct vs_doc *, struct vs_doc_result *);
} checks[] = {
	{ "config", NEED_NONE, check_config },
	{ "database", NEED_NONE, check_database },
	{ "schema", NEED_DB, check_schema },
	{ "redis", NEED_NONE, check_redis },
	{ "data_dir", NEED_NONE, check_data_dir },
	{ "disk", NEED_NONE, check_disk },
	{ "worker", NEED_SCHEMA, check_worker },
	{ "clock", NEED_DB, check_clock },
	{ "encoders", NEED_WORKER, check_encoders },
	{ "authorization", NEED_WEB, check_authorization },
	{ "body_limit", NEED_SITE, check_body_limit },
	{ "sendfile", NEED_SITE, check_sendfile },
};

/* The state of the check called name so far; VS_DOC_SKIP when absent. */
static enum vs_doc_state
state_of(const struct vs_doc *d, const char *name)
{
	size_t	 i;

	for (i = 0; i < d->d_count; i++)
		if (strcmp(d->d_res[i].dr_name, name) == 0)
			return d->d_res[i].dr_state;
	return VS_DOC_SKIP;
}

/* Whether a check can run after the ones before; -1: leave it out. */
static int
ready(const struct vs_doc *d, enum need need)
{
	switch (need) {
	case NEED_NONE:
		return 1;
	case NEED_DB:
		return state_of(d, "database") == VS_DOC_OK;
	case NEED_SCHEMA:
		return d->d_schema;
	case NEED_WORKER:
		return d->d_worker != NULL ? 1 : -1;
	case NEED_WEB:
		return d->d_web ? 1 : -1;
	case NEED_SITE:
		return d->d_web ? d->d_answered : -1;
	}
	return -1;
}

int
vs_doctor_run(struct vs_doc *d)
{
	struct vs_doc_result	*r;
	size_t			 i;
	int			 ok, problems = 0;

	d->d_count = 0;
	d->d_answered = d->d_schema = 0;
	for (i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		if ((ok = ready(d, checks[i].c_need)) == -1)
			continue;
		r = &d->d_res[d->d_count++];
		memset(r, 0, sizeof(*r));
		r->dr_name = checks[i].c_name;
		if (ok)
			checks[i].c_fn(d, r);
		else
			say(r, VS_DOC_SKIP, NULL, "%s: not checked (see above)",
			    r->dr_name);
		problems += r->dr_state == VS_DOC_PROBLEM;
		d->d_schema = state_of(d, "schema") == VS_DOC_OK;
	}
	return problems;
}

struct json_object *
vs_doctor_json(const struct vs_doc *d)
{
	struct json_object	*a, *o;
	size_t			 i;

	if ((a = json_object_new_array()) == NULL)
		return NULL;
	for (i = 0; i < d->d_count; i++) {
		o = json_object_new_object();
		json_object_object_add(o, "check",
		    json_object_new_string(d->d_res[i].dr_name));
		json_object_object_add(o, "status", json_object_new_string(
		    states[d->d_res[i].dr_state]));
		json_object_object_add(o, "message",
		    json_object_new_string(d->d_res[i].dr_msg));
		json_object_object_add(o, "fix",
		    json_object_new_string(d->d_res[i].dr_fix));
		json_object_array_add(a, o);
	}
	return a;
}

/* The owner of process pid when it runs upload.fcgi; -1 otherwise. */
static long
upload_owner(const char *pid)
{
	char		 path[300], comm[64];
	struct stat	 st;
	FILE		*f;
	int		 is;

	snprintf(path, sizeof(path), "/proc/%s/comm", pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	is = fgets(comm, sizeof(comm), f) != NULL &&
	    strcmp(comm, "upload.fcgi\n") == 0;
	fclose(f);
	snprintf(path, sizeof(path), "/proc/%s", pid);
	if (!is || stat(path, &st) == -1)
		return -1;
	return (long)st.st_uid;
}

void
vs_doctor_web_user(char *buf, size_t len)
{
	struct dirent	*de;
	struct passwd	*pw = NULL;
	DIR		*dir;
	long		 uid = -1;

	if ((dir = opendir("/proc")) != NULL) {
		while (uid == -1 && (de = readdir(dir)) != NULL)
			if (isdigit((unsigned char)de->d_name[0]))
				uid = upload_owner(de->d_name);
		closedir(dir);
	}
	if (uid != -1)
		pw = getpwuid((uid_t)uid);
	snprintf(buf, len, "%s", pw != NULL ? pw->pw_name : "www-data");
}

static void
token_at(long long t, char *buf, size_t len)
{
	unsigned char	 mac[VS_SHA256_LEN];
	char		 when[24], hex[VS_SHA256_HEX];

	snprintf(when, sizeof(when), "%lld", t);
	vs_mac("doctor", when, strlen(when), mac);
	vs_hex(hex, mac, sizeof(mac));
	snprintf(buf, len, "%s.%s", when, hex);
}

void
vs_doctor_token(char *buf, size_t len)
{
	token_at((long long)time(NULL), buf, len);
}

int
vs_doctor_token_valid(const char *s)
{
	char		 want[128];
	const char	*err;
	long long	 t, now = (long long)time(NULL);
	size_t		 n;

	if (s == NULL || (n = strcspn(s, ".")) == 0 || n > 12 ||
	    s[n] != '.')
		return 0;
	snprintf(want, sizeof(want), "%.*s", (int)n, s);
	if (vs_str_tonum(want, 0, 1LL << 40, &t, &err) == -1 ||
	    t < now - TOKEN_TTL || t > now + TOKEN_TTL)
		return 0;
	token_at(t, want, sizeof(want));
	return vs_str_ct_equal(want, strlen(want), s, strlen(s));
}
