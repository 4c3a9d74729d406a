/* migrate.c: numbered schema files applied in order, once each. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "log.h"
#include "migrate.h"
#include "str.h"

/* Any number the two runs agree on; "vstr" in ASCII. */
#define MIGRATE_LOCK	"1987276914"
#define SCRIPT_MAX	(4 * 1024 * 1024)

/* NNNN_lowercase_words.sql */
static int
is_migration(const char *name)
{
	size_t	 len = strlen(name);

	return len > 9 && strspn(name, "0123456789") == 4 && name[4] == '_' &&
	    strcmp(name + len - 4, ".sql") == 0 &&
	    strspn(name + 5, "abcdefghijklmnopqrstuvwxyz0123456789_") ==
	    len - 9;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted migration file names in dir; NULL-terminated, caller frees. */
static char **
list_files(const char *dir)
{
	DIR		*d;
	struct dirent	*de;
	char		**v = NULL, **nv;
	size_t		 n = 0;

	if ((d = opendir(dir)) == NULL)
		return NULL;
	while ((de = readdir(d)) != NULL) {
		if (!is_migration(de->d_name))
			continue;
		if ((nv = realloc(v, (n + 2) * sizeof(*v))) == NULL)
			goto fail;
		v = nv;
		if ((v[n] = strdup(de->d_name)) == NULL)
			goto fail;
		v[++n] = NULL;
	}
	closedir(d);
	if (v == NULL)
		v = calloc(1, sizeof(*v));
	else
		qsort(v, n, sizeof(*v), by_name);
	return v;
fail:
	closedir(d);
	while (n > 0)
		free(v[--n]);
	free(v);
	return NULL;
}

static int
applied(const char *version)
{
	const char	*p[] = { version };
	PGresult	*res;
	int		 n;

	res = vs_db_exec("SELECT 1 FROM schema_migrations WHERE version = $1",
	    1, p);
	if (res == NULL)
		return -1;
	n = PQntuples(res);
	PQclear(res);
	return n > 0;
}

struct step {
	const char	*s_version;
	const char	*s_sql;
};

static int
apply(void *arg)
{
	struct step	*s = arg;
	const char	*p[] = { s->s_version };
	PGresult	*res;

	if (vs_db_script(s->s_sql) == -1)
		return -1;
	res = vs_db_exec("INSERT INTO schema_migrations (version) VALUES ($1)",
	    1, p);
	PQclear(res);
	return res == NULL ? -1 : 0;
}

static int
run_file(const char *dir, const char *name)
{
	struct vs_buf	 b = { 0 };
	struct step	 s;
	char		 path[4096], version[256];
	FILE		*f = NULL;
	int		 rc;

	snprintf(version, sizeof(version), "%.*s", (int)(strlen(name) - 4),
	    name);
	if ((rc = applied(version)) != 0)
		return rc == 1 ? 0 : -1;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "r")) == NULL ||
	    vs_buf_read(&b, f, SCRIPT_MAX) == -1) {
		vs_errx("%s: %s: cannot read", __func__, path);
		rc = -1;
		goto out;
	}
	s.s_version = version;
	s.s_sql = b.b_data;
	if ((rc = vs_db_tx(apply, &s)) == 0) {
		vs_log(VS_LOG_INFO, "applied %s", name);
		rc = 1;
	} else
		vs_errx("%s: %s failed", __func__, name);
out:
	if (f != NULL)
		fclose(f);
	vs_buf_free(&b);
	return rc;
}

static int
setup(void)
{
	PGresult	*res;

	res = vs_db_exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
	    "version text PRIMARY KEY, "
	    "applied_at timestamptz NOT NULL DEFAULT now())", 0, NULL);
	PQclear(res);
	if (res == NULL)
		return -1;
	res = vs_db_exec("SELECT pg_advisory_lock(" MIGRATE_LOCK ")", 0, NULL);
	PQclear(res);
	return res == NULL ? -1 : 0;
}

int
vs_migrate(const char *dir)
{
	char	**files;
	size_t	 i;
	int	 rc, count = 0;

	if ((files = list_files(dir)) == NULL) {
		vs_errx("%s: %s: cannot list", __func__, dir);
		return -1;
	}
	if (setup() == -1)
		count = -1;
	for (i = 0; count >= 0 && files[i] != NULL; i++) {
		if ((rc = run_file(dir, files[i])) == -1)
			count = -1;
		else
			count += rc;
	}
	PQclear(vs_db_exec("SELECT pg_advisory_unlock(" MIGRATE_LOCK ")", 0,
	    NULL));
	for (i = 0; files[i] != NULL; i++)
		free(files[i]);
	free(files);
	return count;
}

int
vs_migrate_pending(const char *dir)
{
	PGresult	*res;
	char		**files, version[256];
	size_t		 i;
	int		 rc, known, count = 0;

	if ((files = list_files(dir)) == NULL)
		return -1;
	res = vs_db_exec("SELECT to_regclass('schema_migrations') IS NOT NULL",
	    0, NULL);
	known = res != NULL && vs_db_bool(res, 0, 0);
	if (res == NULL)
		count = -1;
	PQclear(res);
	for (i = 0; count >= 0 && files[i] != NULL; i++) {
		snprintf(version, sizeof(version), "%.*s",
		    (int)(strlen(files[i]) - 4), files[i]);
		if (!known)
			count++;
		else if ((rc = applied(version)) == -1)
			count = -1;
		else
			count += !rc;
	}
	for (i = 0; files[i] != NULL; i++)
		free(files[i]);
	free(files);
	return count;
}
