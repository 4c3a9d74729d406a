/* tus.c: the rules of the tus 1.0 resumable upload protocol. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "str.h"
#include "tus.h"
#include "video.h"

/* Longest metadata key, and longest decoded value. */
#define KEY_MAX		64
#define VALUE_MAX	6144

static const char *const algo_names[VS_TUS_ALGO__MAX] = {
	[VS_TUS_SHA1] = "sha1",
	[VS_TUS_SHA256] = "sha256",
};

static const size_t algo_lens[VS_TUS_ALGO__MAX] = {
	[VS_TUS_SHA1] = 20,
	[VS_TUS_SHA256] = 32,
};

static const char *const meta_names[VS_TUS_M__MAX] = {
	[VS_TUS_M_FILENAME] = "filename",
	[VS_TUS_M_FILETYPE] = "filetype",
	[VS_TUS_M_TITLE] = "title",
	[VS_TUS_M_DESC] = "description",
	[VS_TUS_M_VIS] = "visibility",
};

static int
key_char(int c)
{
	return c > ' ' && c < 127 && c != ',';
}

/* One "key[ value]" pair of len bytes into l; 0 / -1. */
static int
meta_pair(const char *p, size_t len, struct vs_kvlist *l)
{
	unsigned char		 val[VALUE_MAX];
	size_t			 k = 0;
	long			 n = 0;

	while (k < len && key_char((unsigned char)p[k]))
		k++;
	if (k == 0 || k > KEY_MAX || (k < len && p[k] != ' '))
		return -1;
	if (k < len && (n = vs_str_base64(p + k + 1, len - k - 1, val,
	    VALUE_MAX)) < 0)
		return -1;
	if (memchr(val, '\0', (size_t)n) != NULL)
		return -1;
	for (size_t i = 0; i < l->kl_len; i++)
		if (strlen(l->kl_items[i].kv_key) == k &&
		    memcmp(l->kl_items[i].kv_key, p, k) == 0)
			return -1;
	return vs_kv_addn(l, p, k, (const char *)val, (size_t)n);
}

int
vs_tus_metadata(const char *h, struct vs_kvlist *out)
{
	size_t	 len;

	if (strlen(h) > VS_TUS_META_MAX)
		return -1;
	while (*h != '\0') {
		h += strspn(h, " ");
		len = strcspn(h, ",");
		while (len > 0 && h[len - 1] == ' ')
			len--;
		if (out->kl_len == VS_TUS_META_PAIRS ||
		    meta_pair(h, len, out) == -1) {
			vs_kv_free(out);
			return -1;
		}
		h += strcspn(h, ",");
		if (*h == ',' && *++h == '\0') {
			vs_kv_free(out);
			return -1;
		}
	}
	return 0;
}

int
vs_tus_checksum(const char *h, struct vs_tus_sum *s)
{
	char	 name[16];
	size_t	 n = strcspn(h, " ");
	long	 len;
	int	 a;

	if (n == 0 || n >= sizeof(name) || h[n] != ' ')
		return -1;
	memcpy(name, h, n);
	name[n] = '\0';
	if ((a = vs_str_index(algo_names, VS_TUS_ALGO__MAX, name)) < 0)
		return -1;
	len = vs_str_base64(h + n + 1, strlen(h + n + 1), s->ts_digest,
	    sizeof(s->ts_digest));
	if (len < 0 || (size_t)len != algo_lens[a])
		return -1;
	s->ts_algo = algo_names[a];
	s->ts_len = (size_t)len;
	return 0;
}

int
vs_tus_size(const char *s, long long max, long long *out)
{
	const char	*err;

	return vs_str_tonum(s, 0, max, out, &err);
}

int
vs_tus_fits(long long offset, long long n, long long length)
{
	return offset >= 0 && n >= 0 && offset <= length &&
	    n <= length - offset;
}

int
vs_tus_version_ok(const char *v)
{
	return v != NULL && strcmp(v, VS_TUS_VERSION) == 0;
}

enum vs_err
vs_tus_refuse(struct vs_tus_refusal *r, enum vs_tus_reason reason,
    const char *fmt, ...)
{
	va_list	 ap;

	r->tr_reason = reason;
	r->tr_text[0] = '\0';
	if (fmt != NULL) {
		va_start(ap, fmt);
		vsnprintf(r->tr_text, sizeof(r->tr_text), fmt, ap);
		va_end(ap);
	}
	return VS_EINVAL;
}

enum vs_err
vs_tus_body(const char *type, long long length, const char *checksum,
    struct vs_tus_sum *sum, struct vs_tus_refusal *r)
{
	sum->ts_algo = NULL;
	if (!vs_str_type_is(type, VS_TUS_TYPE))
		return vs_tus_refuse(r, VS_TUS_R_TYPE, NULL);
	if (length < 0)
		return vs_tus_refuse(r, VS_TUS_R_NO_LENGTH, NULL);
	if (checksum != NULL && vs_tus_checksum(checksum, sum) == -1) {
		sum->ts_algo = NULL;
		return vs_tus_refuse(r, VS_TUS_R_CHECKSUM, NULL);
	}
	return VS_OK;
}

/* The pairs of l with a known key and a value, into o. */
static void
meta_keep(const struct vs_kvlist *l, struct json_object *o)
{
	const struct vs_kv	*kv;
	size_t			 i;

	for (i = 0; i < l->kl_len; i++) {
		kv = &l->kl_items[i];
		if (vs_str_index(meta_names, VS_TUS_M__MAX, kv->kv_key) >= 0 &&
		    *kv->kv_val != '\0')
			json_object_object_add(o, kv->kv_key,
			    json_object_new_string(kv->kv_val));
	}
}

/* Are the kept values of o acceptable? VS_OK, or VS_EINVAL with r. */
static enum vs_err
meta_check(struct json_object *o, struct vs_tus_refusal *r)
{
	const char	*name = vs_tus_meta_get(o, VS_TUS_M_FILENAME, "");
	const char	*why;

	if (strlen(name) > 255 || !vs_str_utf8(name))
		return vs_tus_refuse(r, VS_TUS_R_METADATA, "The file name must "
		    "be at most 255 bytes of UTF-8.");
	if (vs_video_check(vs_tus_meta_get(o, VS_TUS_M_TITLE, NULL),
	    vs_tus_meta_get(o, VS_TUS_M_DESC, NULL),
	    vs_tus_meta_get(o, VS_TUS_M_VIS, NULL), &why) != VS_OK)
		return vs_tus_refuse(r, VS_TUS_R_METADATA, "%s", why);
	return VS_OK;
}

enum vs_err
vs_tus_meta(const char *h, struct json_object **out, struct vs_tus_refusal *r)
{
	struct vs_kvlist	 l = { 0 };
	struct json_object	*o;
	enum vs_err		 rc;

	*out = NULL;
	if (h != NULL && vs_tus_metadata(h, &l) == -1)
		return vs_tus_refuse(r, VS_TUS_R_METADATA, NULL);
	o = json_object_new_object();
	meta_keep(&l, o);
	vs_kv_free(&l);
	if ((rc = meta_check(o, r)) != VS_OK) {
		json_object_put(o);
		return rc;
	}
	*out = o;
	return VS_OK;
}

const char *
vs_tus_meta_get(struct json_object *o, enum vs_tus_meta k, const char *dflt)
{
	struct json_object	*v;

	return json_object_object_get_ex(o, meta_names[k], &v) ?
	    json_object_get_string(v) : dflt;
}

int
vs_tus_date(time_t t, char *buf, size_t len)
{
	struct tm	 tm;

	if (gmtime_r(&t, &tm) == NULL)
		return -1;
	return strftime(buf, len, "%a, %d %b %Y %H:%M:%S GMT", &tm) == 0 ?
	    -1 : 0;
}
