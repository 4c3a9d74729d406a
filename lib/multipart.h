/* multipart.h: a streaming multipart/form-data parser in bounded memory. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_MULTIPART_H
#define VS_MULTIPART_H

#include <stddef.h>

/* The headers of one part, as the part begins. */
struct vs_part {
	char	 pt_name[64];		/* the form field */
	char	 pt_filename[256];	/* "" for a plain field */
	char	 pt_type[128];		/* its Content-Type, "" when absent */
};

/*
 * What the parser calls as it goes; each returns 0 to go on or -1 to stop
 * the parse (vs_multipart_feed() then fails with the callback's reason).
 */
struct vs_multipart_cb {
	int	(*mc_part)(void *, const struct vs_part *);	/* begins */
	int	(*mc_data)(void *, const char *, size_t);	/* its bytes */
	int	(*mc_end)(void *);				/* it ended */
};

struct vs_multipart;

/*
 * A parser for a body whose Content-Type header is type (it must be
 * multipart/form-data with a valid boundary). Memory stays bounded (about
 * 64 KiB) whatever the body's size. NULL for a type that is not a usable
 * multipart one, or out of memory. Free with vs_multipart_free().
 */
struct vs_multipart	*vs_multipart_new(const char *,
			    const struct vs_multipart_cb *, void *);
/*
 * Feed the next len bytes of the body, split anywhere. 0, or -1 for a
 * malformed body or a callback that stopped (vs_multipart_error() says why;
 * the parser then refuses more input).
 */
int			 vs_multipart_feed(struct vs_multipart *,
			    const void *, size_t);
/* 1 once the closing delimiter has been seen: the body was complete. */
int			 vs_multipart_done(const struct vs_multipart *);
/* Why the parse stopped, for a person; "" while all is well. */
const char		*vs_multipart_error(const struct vs_multipart *);
/* Free the parser; NULL is fine. */
void			 vs_multipart_free(struct vs_multipart *);

#endif
