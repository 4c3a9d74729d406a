/* child.c: work on untrusted input in a child process with bounds. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <sys/resource.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "child.h"

/* Lower a limit to v (the hard one to v + slack); never raise it. */
static int
lower(int res, long long v, long long slack)
{
	struct rlimit	 rl;

	if (getrlimit(res, &rl) == -1)
		return -1;
	if (rl.rlim_max == RLIM_INFINITY || (rlim_t)(v + slack) < rl.rlim_max)
		rl.rlim_max = (rlim_t)(v + slack);
	rl.rlim_cur = (rlim_t)v < rl.rlim_max ? (rlim_t)v : rl.rlim_max;
	return setrlimit(res, &rl);
}

int
vs_child_limit(const struct vs_limits *lim)
{
	int	 rc = lower(RLIMIT_CORE, 0, 0);

#ifndef __SANITIZE_ADDRESS__
	if (lim->l_memory > 0 && lower(RLIMIT_AS, lim->l_memory, 0) == -1)
		rc = -1;
#endif
	/* A second of slack: SIGXCPU first, which names the cause. */
	if (lim->l_cpu > 0 && lower(RLIMIT_CPU, lim->l_cpu, 1) == -1)
		rc = -1;
	if (lim->l_files > 0 && lower(RLIMIT_NOFILE, lim->l_files, 0) == -1)
		rc = -1;
	if (lim->l_nowrite && lower(RLIMIT_FSIZE, 0, 0) == -1)
		rc = -1;
	return rc;
}

int
vs_child_unshare_net(void)
{
	if (unshare(CLONE_NEWNET) == 0)
		return 1;
	return unshare(CLONE_NEWUSER | CLONE_NEWNET) == 0;
}

/* Close every descriptor from 3 up (async-signal-safe). */
static void
close_from_3(void)
{
	struct rlimit	 rl;
	rlim_t		 fd;

	if (close_range(3, ~0U, 0) == 0)
		return;
	/* Kernels before 5.9: one by one, up to the highest possible. */
	if (getrlimit(RLIMIT_NOFILE, &rl) == -1 || rl.rlim_cur > 65536)
		rl.rlim_cur = 65536;
	for (fd = 3; fd < rl.rlim_cur; fd++)
		close((int)fd);
}

/* The child's side: between fork and exec, async-signal-safe only. */
static void
start(const char *const *argv, const char *const *envp,
    const struct vs_limits *lim, int out, int null)
{
	if (dup2(null, 0) == -1 || dup2(out, 1) == -1 || dup2(null, 2) == -1)
		_exit(127);
	close_from_3();
	vs_child_unshare_net();
	if (vs_child_limit(lim) == -1)
		_exit(127);
	execve(argv[0], (char *const *)argv, (char *const *)envp);
	_exit(127);
}

static long long
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Read what is there into out. 1 while the pipe stays open, 0 at its
 * end, -1 when the child wrote more than out holds.
 */
static int
drain(int fd, char *out, size_t len, size_t *got)
{
	char	 extra;
	ssize_t	 n;

	if (*got == len)
		n = read(fd, &extra, 1);
	else
		n = read(fd, out + *got, len - *got);
	if (n == -1)
		return errno == EINTR || errno == EAGAIN ? 1 : 0;
	if (n > 0 && *got == len)
		return -1;
	*got += (size_t)n;
	return n > 0;
}

/* Wait for the child until the deadline; 1 when it ended, with status. */
static int
wait_until(pid_t pid, long long until, int *status)
{
	pid_t	 w;

	for (;;) {
		w = waitpid(pid, status, WNOHANG);
		if (w == pid)
			return 1;
		if ((w == -1 && errno != EINTR) || now_ms() >= until)
			return 0;
		poll(NULL, 0, 20);
	}
}

/* The parent's side: the output, the deadline, the end. */
static void
collect(pid_t pid, int fd, int secs, char *out, size_t len,
    struct vs_child_run *r)
{
	struct pollfd	 pfd = { fd, POLLIN, 0 };
	long long	 until = now_ms() + secs * 1000LL, left;
	int		 status, more = 1;

	r->cr_end = VS_CHILD__MAX;
	while (more == 1 && (left = until - now_ms()) > 0)
		if (poll(&pfd, 1, (int)left) > 0)
			more = drain(fd, out, len, &r->cr_len);
	if (more == -1)
		r->cr_end = VS_CHILD_OVERFLOW;
	else if (more == 1 || !wait_until(pid, until, &status))
		r->cr_end = VS_CHILD_TIMEOUT;
	if (r->cr_end != VS_CHILD__MAX) {
		kill(pid, SIGKILL);
		while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
			continue;
		return;
	}
	r->cr_end = WIFSIGNALED(status) ? VS_CHILD_SIGNALED : VS_CHILD_EXITED;
	r->cr_code = WIFSIGNALED(status) ? WTERMSIG(status) :
	    WEXITSTATUS(status);
}

enum vs_child_end
vs_child_run(const char *const *argv, const char *const *envp,
    const struct vs_limits *lim, int secs, char *out, size_t len,
    struct vs_child_run *r)
{
	int	 fds[2] = { -1, -1 }, null = -1;
	pid_t	 pid;

	memset(r, 0, sizeof(*r));
	r->cr_end = VS_CHILD_ERR;
	if (pipe2(fds, O_CLOEXEC) == -1 ||
	    (null = open("/dev/null", O_RDWR | O_CLOEXEC)) == -1 ||
	    (pid = fork()) == -1) {
		r->cr_code = errno;
		goto out;
	}
	if (pid == 0)
		start(argv, envp, lim, fds[1], null);
	close(fds[1]);
	fds[1] = -1;
	collect(pid, fds[0], secs, out, len, r);
out:
	if (fds[0] != -1)
		close(fds[0]);
	if (fds[1] != -1)
		close(fds[1]);
	if (null != -1)
		close(null);
	return r->cr_end;
}

char *
vs_child_signal(int sig, char *buf, size_t len)
{
	const char	*abbrev = sigabbrev_np(sig);

	if (abbrev == NULL)
		snprintf(buf, len, "signal %d", sig);
	else
		snprintf(buf, len, "SIG%s (%s)", abbrev, strsignal(sig));
	return buf;
}

char *
vs_child_why(const struct vs_child_run *r, int secs, char *buf, size_t len)
{
	char	 sig[64];

	switch (r->cr_end) {
	case VS_CHILD_TIMEOUT:
		snprintf(buf, len, "it took longer than %d s", secs);
		break;
	case VS_CHILD_SIGNALED:
		snprintf(buf, len, "it was stopped by %s",
		    vs_child_signal(r->cr_code, sig, sizeof(sig)));
		break;
	case VS_CHILD_OVERFLOW:
		snprintf(buf, len, "its answer was too long");
		break;
	case VS_CHILD_ERR:
		snprintf(buf, len, "it could not be started (%s)",
		    strerror(r->cr_code));
		break;
	default:
		snprintf(buf, len, "it exited with status %d", r->cr_code);
		break;
	}
	return buf;
}
