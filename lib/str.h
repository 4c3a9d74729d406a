/* str.h: growable byte buffers, strict number parsing and escaping. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_STR_H
#define VS_STR_H

#include <stddef.h>
#include <stdio.h>

/* A growable, always NUL-terminated byte buffer. */
struct vs_buf {
	char	*b_data;
	size_t	 b_len;
	size_t	 b_cap;
};

/* Append len bytes of data; returns 0, or -1 when memory runs out. */
int	 vs_buf_add(struct vs_buf *, const void *, size_t);
/* Append a NUL-terminated string; 0 / -1 as vs_buf_add(). */
int	 vs_buf_puts(struct vs_buf *, const char *);
/* Append printf-style formatted text; 0 / -1 as vs_buf_add(). */
int	 vs_buf_printf(struct vs_buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/*
 * Append everything left in the stream; 0, or -1 on a read error or when
 * the stream holds more than max bytes.
 */
int	 vs_buf_read(struct vs_buf *, FILE *, size_t);
/* Release the memory; accepts a zeroed or already freed buffer. */
void	 vs_buf_free(struct vs_buf *);

/*
 * Parse a whole decimal string into [min, max], like OpenBSD's strtonum():
 * digits, with a leading '-' only when min is negative ("-0" is refused
 * where min >= 0); no '+', no spaces. Returns 0 and sets *out; on failure
 * returns -1 and sets *err to a static description ("not a number",
 * "too small", "too large").
 */
int	 vs_str_tonum(const char *, long long, long long, long long *,
	    const char **);
/*
 * Parse a duration: whole seconds ("90") or hours, minutes and seconds in
 * that order, each at most once ("1h2m3s", "1m30s", "5s"), into [0, max].
 * Returns 0 and sets *out, or -1 for anything else (NULL, empty, signs,
 * spaces, more than 16 characters).
 */
int	 vs_str_seconds(const char *, long long, long long *);
/* Append s to the buffer with & < > " ' replaced by entities; 0 / -1. */
int	 vs_str_html(struct vs_buf *, const char *);
/*
 * Decode len bytes of standard base64 (padded, no whitespace) into out,
 * at most max bytes. The count, or -1 for anything that is not strict
 * base64 or does not fit.
 */
long	 vs_str_base64(const char *, size_t, unsigned char *, size_t);
/* 1 when s is well-formed UTF-8 (no overlong forms, no surrogates). */
int	 vs_str_utf8(const char *);
/* Is a Content-Type header the media type want (parameters aside)? */
int	 vs_str_type_is(const char *, const char *);
/* The index of s in a table of n names, or -1 (also for NULL). */
int	 vs_str_index(const char *const *, int, const char *);
/* 1 when s is a UUID in its canonical lowercase text form. */
int	 vs_uuid_valid(const char *);
/* Copy at most n bytes; returns a malloc'd string the caller frees. */
char	*vs_str_ndup(const char *, size_t);
/* Constant-time comparison of two byte strings; 1 when equal. */
int	 vs_str_ct_equal(const void *, size_t, const void *, size_t);

#endif
