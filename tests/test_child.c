/* test_child.c: bounded children: limits, descriptors, network, deadline. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <sys/wait.h>

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <vstream.h>

#include "runner.h"

static const char *const	 env[] = { "PATH=/usr/bin:/bin", NULL };
static char			 out[256];
static struct vs_child_run	 r;

/* Run sh -c cmd bounded by lim; its output, terminated, in out. */
static enum vs_child_end
sh(const char *cmd, const struct vs_limits *lim, int secs)
{
	const char		*argv[] = { "/bin/sh", "-c", cmd, NULL };
	enum vs_child_end	 e;

	e = vs_child_run(argv, env, lim, secs, out, sizeof(out) - 1, &r);
	out[r.cr_len] = '\0';
	return e;
}

START_TEST(limits_apply)
{
	struct vs_limits	 lim = { 1LL << 30, 5, 16, 1 };

	ck_assert_int_eq(sh("ulimit -n; ulimit -f; ulimit -c; ulimit -t",
	    &lim, 5), VS_CHILD_EXITED);
	ck_assert_int_eq(r.cr_code, 0);
	ck_assert_str_eq(out, "16\n0\n0\n5\n");
#ifndef __SANITIZE_ADDRESS__
	ck_assert_int_eq(sh("ulimit -v", &lim, 5), VS_CHILD_EXITED);
	ck_assert_str_eq(out, "1048576\n");
#endif
	/* A file may not grow: the shell dies of SIGXFSZ writing one. */
	ck_assert_int_eq(sh("echo x > /tmp/vstream-test-child.$$", &lim, 5),
	    VS_CHILD_SIGNALED);
	ck_assert_int_eq(r.cr_code, SIGXFSZ);
	ck_assert_int_eq(system("rm -f /tmp/vstream-test-child.*"), 0);
}
END_TEST

/* Nothing of the parent's is inherited but the standard three. */
START_TEST(no_descriptors_inherited)
{
	struct vs_limits	 lim = { 0, 0, 0, 0 };
	int			 fd = open("/dev/null", O_RDONLY);

	ck_assert_int_ge(fd, 3);
	/* 3 is ls's own, reading the folder: the lowest one free. */
	ck_assert_int_eq(sh("exec ls /proc/self/fd", &lim, 5),
	    VS_CHILD_EXITED);
	ck_assert_str_eq(out, "0\n1\n2\n3\n");
	close(fd);
}
END_TEST

/* Where the system permits a network namespace, only lo is left. */
START_TEST(no_network)
{
	struct vs_limits	 lim = { 0, 0, 0, 0 };
	pid_t			 pid;
	int			 status;

	if ((pid = fork()) == 0)
		_exit(vs_child_unshare_net());
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	if (WEXITSTATUS(status) != 1)
		return;
	ck_assert_int_eq(sh("tail -n +3 /proc/net/dev | cut -d: -f1 | "
	    "tr -d ' '", &lim, 5), VS_CHILD_EXITED);
	ck_assert_str_eq(out, "lo\n");
}
END_TEST

START_TEST(deadline_and_ends)
{
	struct vs_limits	 lim = { 0, 0, 0, 0 };
	char			 why[128];

	ck_assert_int_eq(sh("exec sleep 30", &lim, 1), VS_CHILD_TIMEOUT);
	ck_assert_str_eq(vs_child_why(&r, 1, why, sizeof(why)),
	    "it took longer than 1 s");
	/* Closing its output does not let it run past the deadline. */
	ck_assert_int_eq(sh("exec >&-; exec sleep 30", &lim, 1),
	    VS_CHILD_TIMEOUT);
	ck_assert_int_eq(sh("exec yes", &lim, 5), VS_CHILD_OVERFLOW);
	ck_assert_int_eq(sh("exit 7", &lim, 5), VS_CHILD_EXITED);
	ck_assert_str_eq(vs_child_why(&r, 5, why, sizeof(why)),
	    "it exited with status 7");
	ck_assert_int_eq(sh("kill -ABRT $$", &lim, 5), VS_CHILD_SIGNALED);
	ck_assert_str_eq(vs_child_why(&r, 5, why, sizeof(why)),
	    "it was stopped by SIGABRT (Aborted)");
	ck_assert_int_eq(sh("printf %s \"$PATH\"", &lim, 5), VS_CHILD_EXITED);
	ck_assert_str_eq(out, "/usr/bin:/bin");
}
END_TEST

int
main(void)
{
	RUN_TESTS("child", limits_apply, no_descriptors_inherited, no_network,
	    deadline_and_ends);
}
