/* migrate.h: numbered schema files applied in order, once each. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_MIGRATE_H
#define VS_MIGRATE_H

/*
 * Apply every dir/NNNN_name.sql not yet recorded in schema_migrations, in
 * order, each in its own transaction together with its record; an advisory
 * lock keeps two runs from racing. Returns the number applied (0 when all
 * were), or -1 after logging the file that failed (it is rolled back, and
 * the ones before it stay applied).
 */
int	 vs_migrate(const char *);
/*
 * How many of dir's migration files the database has not applied (all of
 * them when it has no schema_migrations table). -1 when dir cannot be
 * listed or the database does not answer.
 */
int	 vs_migrate_pending(const char *);

#endif
