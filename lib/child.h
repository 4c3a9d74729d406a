/* child.h: work on untrusted input in a child process with bounds. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_CHILD_H
#define VS_CHILD_H

#include <stddef.h>

/* What a child may use; a field at 0 leaves that resource as it was. */
struct vs_limits {
	long long	 l_memory;	/* bytes of address space */
	long long	 l_cpu;		/* seconds of processor time */
	long long	 l_files;	/* open descriptors */
	int		 l_nowrite;	/* 1: no file may grow (RLIMIT_FSIZE 0) */
};

/* How a run ended. */
enum vs_child_end {
	VS_CHILD_EXITED,	/* status in cr_code */
	VS_CHILD_SIGNALED,	/* signal in cr_code */
	VS_CHILD_TIMEOUT,	/* killed at the deadline */
	VS_CHILD_OVERFLOW,	/* killed: wrote more than the buffer holds */
	VS_CHILD_ERR,		/* could not be started: errno in cr_code */
	VS_CHILD__MAX
};

struct vs_child_run {
	enum vs_child_end	 cr_end;
	int			 cr_code;
	size_t			 cr_len;	/* bytes of output */
};

/*
 * In a child about to run untrusted work: apply lim and allow no core
 * dump. Async-signal-safe, so it may run between fork and exec. Under
 * AddressSanitizer the address space stays unlimited (its shadow memory
 * is reserved up front). 0, or -1 when a limit could not be set.
 */
int		 vs_child_limit(const struct vs_limits *);
/*
 * Leave the network: move this process into a new network namespace with
 * no interface but a downed loopback, directly when privileged, else in a
 * new user namespace. Async-signal-safe. 1 when done, 0 when the system
 * does not permit it (the caller's other defences must then suffice).
 */
int		 vs_child_unshare_net(void);
/*
 * Run argv[0] (a path) with argv and the environment envp in a child
 * bounded by lim, without network when permitted, standard input and
 * error on /dev/null and no other descriptor inherited. Its standard
 * output is read into out (at most len bytes, not terminated); more than
 * that, or a run past secs seconds of wall-clock time, kills it. Fills r
 * and returns r->cr_end.
 */
enum vs_child_end vs_child_run(const char *const *, const char *const *,
		    const struct vs_limits *, int, char *, size_t,
		    struct vs_child_run *);
/*
 * How a run went wrong, for a person: "it took longer than 20 s", "it was
 * stopped by SIGSEGV (Segmentation fault)", "it exited with status 3".
 * Writes into buf and returns it.
 */
char		*vs_child_why(const struct vs_child_run *, int, char *, size_t);
/* A signal as a person reads it: "SIGSEGV (Segmentation fault)". */
char		*vs_child_signal(int, char *, size_t);

#endif
