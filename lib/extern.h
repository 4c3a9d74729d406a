/* extern.h: what the library's files share and nobody else sees. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_EXTERN_H
#define VS_EXTERN_H

/* The number of elements of a fixed-size array. */
#define nitems(a)	(sizeof(a) / sizeof((a)[0]))

#endif
