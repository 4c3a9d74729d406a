/* channel.h: a person's public page: profile, videos, Atom feed. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_CHANNEL_H
#define VS_CHANNEL_H

#include "err.h"

struct json_object;
struct vs_buf;

/* Most characters of a display name and of a bio. */
#define VS_CHANNEL_NAME_MAX	64
#define VS_CHANNEL_BIO_MAX	2000

/* Entries of a channel's Atom feed: its newest public videos. */
#define VS_CHANNEL_FEED_ENTRIES	20

/*
 * The public profile of account name: {username, display_name (or NULL),
 * bio (or NULL), initial (one upper-case character for the avatar),
 * created_at, videos, views} counting only the videos anyone may watch.
 * VS_OK with *out (caller frees), VS_ENOTFOUND for no such account or one
 * banned now (its page is gone while the ban lasts), VS_EUNAVAIL.
 */
enum vs_err	 vs_channel_get(const char *, struct json_object **);
/*
 * The display name and bio of account id as {display_name, bio} ("" for
 * none), for its owner's form. VS_OK with *out (caller frees),
 * VS_ENOTFOUND, VS_EUNAVAIL.
 */
enum vs_err	 vs_channel_profile(const char *, struct json_object **);
/*
 * Check a display name and a bio: UTF-8, at most VS_CHANNEL_NAME_MAX and
 * VS_CHANNEL_BIO_MAX characters, no control characters (a bio may have
 * line breaks and tabs). VS_OK, or VS_EINVAL with a message for a person
 * in *why.
 */
enum vs_err	 vs_channel_check(const char *, const char *, const char **);
/*
 * Set the display name and bio of account id; "" clears one, NULL keeps
 * it.
 * VS_OK, VS_EINVAL with *why (as vs_channel_check), VS_ENOTFOUND,
 * VS_EUNAVAIL.
 */
enum vs_err	 vs_channel_set(const char *, const char *, const char *,
		    const char **);
/*
 * Append the Atom 1.0 feed of channel (a vs_channel_get() object) with
 * entries items (vs_video_search() items) to b. site is base_url without
 * its trailing slash: every link is absolute below it. Text is
 * XML-escaped and characters XML forbids are left out. 0, or -1 when out
 * of memory.
 */
int		 vs_channel_atom(struct vs_buf *, struct json_object *,
		    struct json_object *, const char *);

#endif
