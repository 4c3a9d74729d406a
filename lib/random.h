/* random.h: bytes from the kernel's random source. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_RANDOM_H
#define VS_RANDOM_H

#include <stddef.h>

/* Fill buf with len random bytes; 0, or -1 when the kernel refuses. */
int	 vs_random_bytes(void *, size_t);
/*
 * Write 2 * n lowercase hex digits of n random bytes and a NUL into out,
 * which holds at least 2 * n + 1 bytes; 0 / -1 as vs_random_bytes().
 */
int	 vs_random_hex(char *, size_t);

/* A random (version 4) UUID in its text form; 0 / -1. */
int	 vs_random_uuid(char[37]);

#endif
