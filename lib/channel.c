/* channel.c: a person's public page: profile, videos, Atom feed. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "channel.h"
#include "db.h"
#include "json.h"
#include "str.h"
#include "user.h"

/* Who may be seen: the account is not banned now. */
#define NOT_BANNED "NOT (u.banned_at IS NOT NULL AND (u.ban_until IS NULL " \
	"OR u.ban_until > now()))"
/* The videos of u that anyone may watch, as the listing shows them. */
#define OPEN_VIDEOS "FROM videos v WHERE v.owner_id = u.id AND v.status = " \
	"'ready' AND v.visibility = 'public' AND NOT v.hidden"

enum vs_err
vs_channel_get(const char *name, struct json_object **out)
{
	const char	*p[] = { name };

	*out = NULL;
	if (name == NULL || !vs_user_valid_name(name))
		return VS_ENOTFOUND;
	return vs_db_json_row("SELECT json_build_object('id', u.id, "
	    "'username', u.username, 'display_name', u.display_name, 'bio', "
	    "u.bio, 'initial', upper(left(coalesce(u.display_name, "
	    "u.username), 1)), 'created_at', u.created_at, 'videos', (SELECT "
	    "count(*) " OPEN_VIDEOS "), 'views', (SELECT coalesce(sum("
	    "v.view_count), 0) " OPEN_VIDEOS ")) FROM users u WHERE "
	    "u.username = $1 AND " NOT_BANNED, 1, p, out);
}

enum vs_err
vs_channel_profile(const char *id, struct json_object **out)
{
	const char	*p[] = { id };

	*out = NULL;
	if (!vs_uuid_valid(id))
		return VS_ENOTFOUND;
	return vs_db_json_row("SELECT json_build_object('display_name', "
	    "coalesce(display_name, ''), 'bio', coalesce(bio, '')) FROM users "
	    "WHERE id = $1", 1, p, out);
}

/*
 * The characters of UTF-8 text s, or -1 when it holds a control character
 * (C0 other than those in allowed, DEL, C1: U+0080 to U+009F).
 */
static long
text_length(const char *s, const char *allowed)
{
	const unsigned char	*p;
	long			 n = 0;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if ((*p < 0x20 || *p == 0x7f) && strchr(allowed, *p) == NULL)
			return -1;
		if (*p == 0xc2 && p[1] >= 0x80 && p[1] < 0xa0)
			return -1;
		if ((*p & 0xc0) != 0x80)
			n++;
	}
	return n;
}

enum vs_err
vs_channel_check(const char *display, const char *bio, const char **why)
{
	long	 n;

	if (display != NULL && (!vs_str_utf8(display) ||
	    (n = text_length(display, "")) == -1 || n > VS_CHANNEL_NAME_MAX)) {
		*why = "The display name must be at most 64 characters of "
		    "text on one line.";
		return VS_EINVAL;
	}
	if (bio != NULL && (!vs_str_utf8(bio) ||
	    (n = text_length(bio, "\t\r\n")) == -1 || n > VS_CHANNEL_BIO_MAX)) {
		*why = "The bio must be at most 2000 characters of text.";
		return VS_EINVAL;
	}
	return VS_OK;
}

enum vs_err
vs_channel_set(const char *id, const char *display, const char *bio,
    const char **why)
{
	const char	*p[] = { id, display, bio };
	PGresult	*res;
	enum vs_err	 rc;

	if (!vs_uuid_valid(id))
		return VS_ENOTFOUND;
	if ((rc = vs_channel_check(display, bio, why)) != VS_OK)
		return rc;
	res = vs_db_exec("UPDATE users SET display_name = CASE WHEN $2::text "
	    "IS NULL THEN display_name ELSE nullif($2, '') END, bio = CASE WHEN "
	    "$3::text IS NULL THEN bio ELSE nullif($3, '') END, updated_at = "
	    "now() WHERE id = $1", 3, p);
	if (res == NULL)
		return vs_db_error();
	rc = strcmp(PQcmdTuples(res), "1") == 0 ? VS_OK : VS_ENOTFOUND;
	PQclear(res);
	return rc;
}

/*
 * Append s XML-escaped, leaving out what XML forbids: the control
 * characters but tab and line ends, and U+FFFE and U+FFFF (EF BF BE/BF).
 */
static int
xml_text(struct vs_buf *b, const char *s)
{
	char	 one[2] = { 0, 0 };
	int	 rc = 0;

	for (; rc == 0 && s != NULL && *s != '\0'; s++) {
		if ((unsigned char)*s < 0x20 && strchr("\t\r\n", *s) == NULL)
			continue;
		if (strncmp(s, "\xef\xbf\xbe", 3) == 0 ||
		    strncmp(s, "\xef\xbf\xbf", 3) == 0) {
			s += 2;
			continue;
		}
		one[0] = *s;
		rc = vs_str_html(b, one);
	}
	return rc;
}

/* <name>text</name> on a line of its own. */
static int
xml_element(struct vs_buf *b, const char *name, const char *text)
{
	if (vs_buf_printf(b, "<%s>", name) == -1 || xml_text(b, text) == -1)
		return -1;
	return vs_buf_printf(b, "</%s>\n", name);
}

/* <link rel="rel" [type="type"] href="site path"/>. */
static int
xml_link(struct vs_buf *b, const char *rel, const char *type,
    const char *site, const char *path)
{
	if (vs_buf_printf(b, "<link rel=\"%s\"%s%s%s href=\"", rel,
	    type ? " type=\"" : "", type ? type : "", type ? "\"" : "") == -1 ||
	    xml_text(b, site) == -1 || xml_text(b, path) == -1)
		return -1;
	return vs_buf_puts(b, "\"/>\n");
}

static int
atom_entry(struct vs_buf *b, struct json_object *v, const char *site)
{
	const char	*id = vs_json_str(v, "id"), *at = vs_json_str(v,
			    "created_at");
	char		 path[128];

	if (id == NULL || !vs_uuid_valid(id))
		return 0;
	snprintf(path, sizeof(path), "/videos/%s", id);
	if (vs_buf_printf(b, "<entry>\n<id>urn:uuid:%s</id>\n", id) == -1 ||
	    xml_element(b, "title", vs_json_str(v, "title")) == -1 ||
	    xml_element(b, "published", at) == -1 ||
	    xml_element(b, "updated", at) == -1 ||
	    xml_link(b, "alternate", "text/html", site, path) == -1 ||
	    xml_element(b, "summary", vs_json_str(v, "description") ?
	    vs_json_str(v, "description") : "") == -1)
		return -1;
	snprintf(path, sizeof(path), "/api/videos/%s/thumbnail.jpg", id);
	if (xml_link(b, "enclosure", "image/jpeg", site, path) == -1 ||
	    vs_buf_puts(b, "<media:thumbnail url=\"") == -1 ||
	    xml_text(b, site) == -1 || xml_text(b, path) == -1)
		return -1;
	return vs_buf_puts(b, "\"/>\n</entry>\n");
}

/* The feed's head: who, where, when it last changed. */
static int
atom_head(struct vs_buf *b, struct json_object *ch, struct json_object *items,
    const char *site)
{
	const char	*name = vs_json_str(ch, "username");
	const char	*shown = vs_json_str(ch, "display_name");
	const char	*updated = vs_json_str(ch, "created_at");
	char		 path[96];

	if (json_object_array_length(items) > 0)
		updated = vs_json_str(json_object_array_get_idx(items, 0),
		    "created_at");
	if (vs_buf_puts(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\" "
	    "xmlns:media=\"http://search.yahoo.com/mrss/\">\n") == -1 ||
	    vs_buf_printf(b, "<id>urn:uuid:%s</id>\n", vs_json_str(ch, "id") ?
	    vs_json_str(ch, "id") : "") == -1 ||
	    xml_element(b, "title", shown ? shown : name) == -1 ||
	    xml_element(b, "updated", updated) == -1 ||
	    vs_buf_puts(b, "<author>") == -1 ||
	    xml_element(b, "name", shown ? shown : name) == -1)
		return -1;
	snprintf(path, sizeof(path), "/u/%s", name ? name : "");
	if (vs_buf_puts(b, "<uri>") == -1 || xml_text(b, site) == -1 ||
	    xml_text(b, path) == -1 || vs_buf_puts(b, "</uri></author>\n") == -1 ||
	    xml_link(b, "alternate", "text/html", site, path) == -1)
		return -1;
	snprintf(path, sizeof(path), "/u/%s/feed.atom", name ? name : "");
	return xml_link(b, "self", "application/atom+xml", site, path);
}

int
vs_channel_atom(struct vs_buf *b, struct json_object *ch,
    struct json_object *items, const char *site)
{
	size_t	 i;

	if (atom_head(b, ch, items, site) == -1)
		return -1;
	for (i = 0; i < json_object_array_length(items); i++)
		if (atom_entry(b, json_object_array_get_idx(items, i),
		    site) == -1)
			return -1;
	return vs_buf_puts(b, "</feed>\n");
}
