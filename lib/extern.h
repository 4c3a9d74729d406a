/* extern.h: what the library's files share and nobody else sees. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_EXTERN_H
#define VS_EXTERN_H

/* The number of elements of a fixed-size array. */
#define nitems(a)	(sizeof(a) / sizeof((a)[0]))

struct vs_req;

/*
 * CORS: when the request's Origin is one of cors_origins ("*" for any),
 * allow it and expose the headers players read. A preflight (OPTIONS)
 * gets its answer here: 1 when answered, else 0.
 */
int		 vs_resp_cors(struct vs_req *);
/*
 * CORS for what anyone may load: any origin ("*", so no credentials go
 * with it), whatever cors_origins says. A preflight is answered here: 1
 * when answered, else 0.
 */
int		 vs_resp_cors_any(struct vs_req *);

#endif
