/* db.c: the PostgreSQL connection of this process (libpq). */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "config.h"
#include "db.h"
#include "json.h"
#include "log.h"
#include "str.h"

static PGconn		*conn;
static enum vs_err	 last_error;
static int		 in_tx;		/* never reconnect inside BEGIN ... */
static char		 app_name[32] = "vstream";

/* Name the connection in pg_stat_activity after the program. */
void
vs_db_name(const char *name)
{
	snprintf(app_name, sizeof(app_name), "vstream-%s", name);
}

/*
 * True when an idle connection was closed by the server (a restart, an
 * administrator's kill): the server then leaves a message and EOF on the
 * socket, which may take more than one read to see. Checking before
 * sending means no statement is ever sent twice.
 */
static int
conn_dropped(void)
{
	struct pollfd	 pfd;
	int		 reads;

	for (reads = 0; reads < 4; reads++) {
		if (PQstatus(conn) != CONNECTION_OK)
			return 1;
		pfd.fd = PQsocket(conn);
		pfd.events = POLLIN;
		if (poll(&pfd, 1, 0) <= 0)
			return 0;
		if (PQconsumeInput(conn) == 0)
			return 1;
	}
	return PQstatus(conn) != CONNECTION_OK;
}

/* Server notices go to our log as JSON, not raw onto standard error. */
static void
notice(void *arg, const char *msg)
{
	(void)arg;
	vs_log(VS_LOG_INFO, "postgresql: %.*s", (int)strcspn(msg, "\n"), msg);
}

int
vs_db_connect(void)
{
	const char	*kw[] = { "dbname", "connect_timeout", "options",
			    "application_name", NULL };
	const char	*val[5];
	char		 timeout[16], options[64];

	if (conn != NULL && !conn_dropped())
		return 0;
	vs_db_close();
	snprintf(timeout, sizeof(timeout), "%lld",
	    vs_config_int(VS_CFG_DB_CONNECT_TIMEOUT));
	snprintf(options, sizeof(options), "-c statement_timeout=%lld",
	    vs_config_int(VS_CFG_DB_STATEMENT_TIMEOUT));
	val[0] = vs_config_str(VS_CFG_DB_URL);
	val[1] = timeout;
	val[2] = options;
	val[3] = app_name;
	val[4] = NULL;
	conn = PQconnectdbParams(kw, val, 1);
	if (PQstatus(conn) == CONNECTION_OK) {
		PQsetNoticeProcessor(conn, notice, NULL);
		return 0;
	}
	vs_warnx("%s: %s", __func__, conn ? PQerrorMessage(conn) : "no memory");
	vs_db_close();
	return -1;
}

static enum vs_err
classify(const PGresult *res)
{
	const char	*state;

	if (conn == NULL || PQstatus(conn) != CONNECTION_OK)
		return VS_EUNAVAIL;
	state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	if (state == NULL)
		return VS_ERR;
	if (strcmp(state, "23505") == 0)
		return VS_ECONFLICT;
	/* Class 08 (connection), 57P0x (shutdown), 53 (resources). */
	if (strncmp(state, "08", 2) == 0 || strncmp(state, "57P0", 4) == 0 ||
	    strncmp(state, "53", 2) == 0)
		return VS_EUNAVAIL;
	return VS_ERR;
}

PGresult *
vs_db_exec(const char *sql, int n, const char *const *params)
{
	PGresult	*res;

	if ((in_tx && (conn == NULL || conn_dropped())) ||
	    vs_db_connect() == -1) {
		last_error = VS_EUNAVAIL;
		return NULL;
	}
	res = PQexecParams(conn, sql, n, NULL, params, NULL, NULL, 0);
	switch (PQresultStatus(res)) {
	case PGRES_COMMAND_OK:
	case PGRES_TUPLES_OK:
		return res;
	default:
		break;
	}
	last_error = classify(res);
	if (last_error != VS_ECONFLICT)
		vs_warnx("%s: %s", __func__, PQerrorMessage(conn));
	if (PQstatus(conn) != CONNECTION_OK)
		vs_db_close();
	PQclear(res);
	return NULL;
}

enum vs_err
vs_db_error(void)
{
	return last_error;
}

static int
simple(const char *sql)
{
	PGresult	*res;

	if ((res = vs_db_exec(sql, 0, NULL)) == NULL)
		return -1;
	PQclear(res);
	return 0;
}

int
vs_db_tx(int (*fn)(void *), void *arg)
{
	int	 rc;

	if (simple("BEGIN") == -1)
		return -1;
	in_tx = 1;
	if ((rc = fn(arg)) != 0)
		simple("ROLLBACK");
	else
		rc = simple("COMMIT");
	in_tx = 0;
	return rc;
}

enum vs_err
vs_db_json_rows(const char *sql, int n, const char *const *p,
    struct json_object **out)
{
	PGresult	*res;
	int		 i;

	if ((res = vs_db_exec(sql, n, p)) == NULL)
		return vs_db_error();
	if ((*out = json_object_new_array()) == NULL) {
		PQclear(res);
		return VS_ERR;
	}
	for (i = 0; i < PQntuples(res); i++)
		json_object_array_add(*out, vs_json_parse(PQgetvalue(res, i, 0),
		    (size_t)PQgetlength(res, i, 0)));
	PQclear(res);
	return VS_OK;
}

enum vs_err
vs_db_json_row(const char *sql, int n, const char *const *p,
    struct json_object **out)
{
	struct json_object	*rows;
	enum vs_err		 rc;

	*out = NULL;
	if ((rc = vs_db_json_rows(sql, n, p, &rows)) != VS_OK)
		return rc;
	*out = json_object_get(json_object_array_get_idx(rows, 0));
	json_object_put(rows);
	return *out != NULL ? VS_OK : VS_ENOTFOUND;
}

int
vs_db_script(const char *sql)
{
	PGresult	*res;
	int		 rc = -1;

	if (vs_db_connect() == -1)
		return -1;
	res = PQexec(conn, sql);
	if (PQresultStatus(res) == PGRES_COMMAND_OK ||
	    PQresultStatus(res) == PGRES_TUPLES_OK)
		rc = 0;
	else
		vs_errx("%s: %s", __func__, PQerrorMessage(conn));
	PQclear(res);
	return rc;
}

void
vs_db_forget(void)
{
	conn = NULL;
}

void
vs_db_close(void)
{
	if (conn != NULL)
		PQfinish(conn);
	conn = NULL;
}

PGconn *
vs_db_conn(void)
{
	return conn;
}

const char *
vs_db_get(const PGresult *res, int row, int col)
{
	return PQgetvalue(res, row, col);
}

int
vs_db_str(const PGresult *res, int row, int col, char *buf, size_t len)
{
	int	 n;

	n = snprintf(buf, len, "%s", PQgetvalue(res, row, col));
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

long long
vs_db_ll(const PGresult *res, int row, int col)
{
	const char	*v = PQgetvalue(res, row, col), *err;
	long long	 n;

	if (*v == '\0')
		return 0;
	if (vs_str_tonum(v, LLONG_MIN, LLONG_MAX, &n, &err) == -1) {
		vs_warnx("%s: column %d: %s", __func__, col, err);
		return 0;
	}
	return n;
}

double
vs_db_double(const PGresult *res, int row, int col)
{
	const char	*v = PQgetvalue(res, row, col);
	char		*end;
	double		 d;

	d = strtod(v, &end);
	return end == v || *end != '\0' ? 0 : d;
}

int
vs_db_bool(const PGresult *res, int row, int col)
{
	return PQgetvalue(res, row, col)[0] == 't';
}
