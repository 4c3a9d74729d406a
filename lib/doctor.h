/* doctor.h: checks of what an installation commonly gets wrong. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_DOCTOR_H
#define VS_DOCTOR_H

#include <stddef.h>

struct json_object;

enum vs_doc_state {
	VS_DOC_OK,
	VS_DOC_SKIP,		/* not checked: something before it failed */
	VS_DOC_WARN,		/* works, but will not for long */
	VS_DOC_PROBLEM,
	VS_DOC__MAX
};

#define VS_DOC_CHECKS_MAX	16

struct vs_doc_result {
	const char		*dr_name;	/* "database"; static */
	enum vs_doc_state	 dr_state;
	char			 dr_msg[512];
	char			 dr_fix[512];	/* "" when there is nothing to do */
};

/* What to check, set by the caller, and the results. */
struct vs_doc {
	const char		*d_user;	/* who must write data_dir;
						   NULL: this process */
	const char		*d_base;	/* the site; NULL: base_url */
	const char		*d_worker;	/* vstream-worker binary; NULL:
						   encoders not checked */
	int			 d_web;		/* send requests to the site */
	int			 d_schema;	/* set by the checks: the
						   database is current */
	int			 d_answered;	/* and the site answered */
	struct vs_doc_result	 d_res[VS_DOC_CHECKS_MAX];
	size_t			 d_count;
};

/*
 * Run every check d asks for, in order: configuration, PostgreSQL, its
 * schema against schema_dir, Redis, data_dir's owner and mode, free
 * space, the workers' heartbeats, the clock against PostgreSQL's; with
 * d_worker, the encoders vstream-worker finds; with d_web, the web
 * server's body limit, the Authorization header and X-Sendfile, by real
 * requests to the site. Each check is bounded by the configured
 * time-outs (30 s per request). Fills d_res; returns the number of
 * problems (warnings and skipped checks are not).
 */
int			 vs_doctor_run(struct vs_doc *);
/* "ok", "skipped", "warning", "problem". */
const char		*vs_doctor_state(enum vs_doc_state);
/*
 * [{"check","status","message","fix"}] of d's results; the caller frees
 * it with json_object_put(); NULL without memory.
 */
struct json_object	*vs_doctor_json(const struct vs_doc *);
/*
 * Seconds after which a worker's heartbeat is stale: three worker_poll
 * intervals, at least two minutes (a cron line runs once a minute).
 */
int			 vs_doctor_stale_secs(void);
/*
 * The user the web server runs the programs as: the owner of a running
 * upload.fcgi, else "www-data". Writes it to buf.
 */
void			 vs_doctor_web_user(char *, size_t);
/*
 * The token the limits-check route asks for: "<unix time>.<MAC>", a MAC
 * of the time under a key derived from secret_key. Writes it to buf.
 */
void			 vs_doctor_token(char *, size_t);
/* Whether s is such a token, made within the last five minutes. */
int			 vs_doctor_token_valid(const char *);

#endif
