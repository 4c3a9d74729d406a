/* db.h: the PostgreSQL connection of this process (libpq); lib/ only. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_DB_H
#define VS_DB_H

#include <libpq-fe.h>

#include "err.h"

struct json_object;

/*
 * Run one parameterized statement on this process's connection, connecting
 * or reconnecting first when needed (the connection is reused across
 * requests and survives a server restart). Returns a result the caller
 * frees with PQclear(), or NULL on failure; vs_db_error() says why.
 */
PGresult	*vs_db_exec(const char *, int, const char *const *);
/*
 * The row helpers: the value at row, col of a result, rows and columns
 * counted from 0 and known to exist. NULL reads as "", 0 or false.
 */
/* The text, owned by the result; never NULL. */
const char	*vs_db_get(const PGresult *, int, int);
/* Copy the text into buf of len bytes; 0, or -1 when it was cut short. */
int		 vs_db_str(const PGresult *, int, int, char *, size_t);
/* A whole number; 0 for anything else (logged: a column of the wrong type). */
long long	 vs_db_ll(const PGresult *, int, int);
/* A number with a fraction; 0 for anything else. */
double		 vs_db_double(const PGresult *, int, int);
/* 1 for true, 0 for false or NULL. */
int		 vs_db_bool(const PGresult *, int, int);
/* Why the last vs_db_exec() failed: VS_EUNAVAIL, VS_ECONFLICT or VS_ERR. */
enum vs_err	 vs_db_error(void);
/*
 * Run fn(arg) inside BEGIN ... COMMIT; fn returns 0 to commit, anything
 * else to roll back. Returns fn's result, or -1 when the transaction could
 * not be begun or committed.
 */
int		 vs_db_tx(int (*)(void *), void *);
/*
 * Run a script of several statements (a schema migration shipped with the
 * program, never outside input). Returns 0, or -1 with the server's
 * message logged.
 */
int		 vs_db_script(const char *);
/* Name the connection after the program (application_name). */
void		 vs_db_name(const char *);
/*
 * Run a statement whose first column is a JSON value per row, and collect
 * the values into a JSON array (the caller frees it with json_object_put).
 * VS_OK, or vs_db_error()'s answer.
 */
enum vs_err	 vs_db_json_rows(const char *, int, const char *const *,
		    struct json_object **);
/*
 * As vs_db_json_rows(), for a statement of one row: its value in *out
 * (caller frees), VS_ENOTFOUND for no row, or vs_db_error()'s answer.
 */
enum vs_err	 vs_db_json_row(const char *, int, const char *const *,
		    struct json_object **);
/* Connect now if not connected; 0, or -1 when the server is out of reach. */
int		 vs_db_connect(void);
/*
 * Forget the connection without telling the server, for a forked child
 * that must open its own.
 */
void		 vs_db_forget(void);
/* Close the connection; the next statement opens a new one. */
void		 vs_db_close(void);
/* The raw connection (for LISTEN/NOTIFY), or NULL when not connected. */
PGconn		*vs_db_conn(void);

#endif
