/* worker.c: a worker process's presence in the workers table. */
#include <poll.h>
#include <stdio.h>
#include <unistd.h>

#include "db.h"
#include "worker.h"

#ifndef VS_VERSION
#define VS_VERSION	"0"
#endif

int
vs_worker_beat(const char *name, int concurrency, int running)
{
	char		 host[256], pid[16], conc[16], run[16];
	const char	*p[] = { name, host, pid, VS_VERSION, conc, run };
	PGresult	*res;

	if (gethostname(host, sizeof(host)) == -1)
		snprintf(host, sizeof(host), "unknown");
	host[sizeof(host) - 1] = '\0';
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	snprintf(conc, sizeof(conc), "%d", concurrency);
	snprintf(run, sizeof(run), "%d", running);
	res = vs_db_exec("INSERT INTO workers (name, hostname, pid, version, "
	    "concurrency, running) VALUES ($1, $2, $3, $4, $5, $6) "
	    "ON CONFLICT (name) DO UPDATE SET heartbeat_at = now(), "
	    "running = EXCLUDED.running, concurrency = EXCLUDED.concurrency",
	    6, p);
	PQclear(res);
	return res == NULL ? -1 : 0;
}

int
vs_worker_leave(const char *name)
{
	const char	*p[] = { name };
	PGresult	*res;

	res = vs_db_exec("DELETE FROM workers WHERE name = $1", 1, p);
	PQclear(res);
	return res == NULL ? -1 : 0;
}

int
vs_worker_wait(int secs)
{
	static PGconn	*listening;
	struct pollfd	 pfd;
	PGnotify	*n;
	PGresult	*res;
	int		 got = 0;

	if (vs_db_conn() != listening || listening == NULL) {
		if ((res = vs_db_exec("LISTEN vstream_jobs", 0, NULL)) == NULL)
			return -1;
		PQclear(res);
		listening = vs_db_conn();
	}
	pfd.fd = PQsocket(listening);
	pfd.events = POLLIN;
	if (poll(&pfd, 1, secs * 1000) > 0 && PQconsumeInput(listening) == 0)
		return -1;
	while ((n = PQnotifies(listening)) != NULL) {
		got = 1;
		PQfreemem(n);
	}
	return got;
}
