/* app.h: start-up shared by every program. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_APP_H
#define VS_APP_H

/* What a program needs beyond a valid configuration. */
#define VS_APP_SECRET	0x01	/* secret_key: it signs or checks tokens */

/*
 * Load and validate the configuration, set the umask it names and set up
 * logging for the program called name; flags say what else it cannot run without. On a bad or
 * missing setting it prints one line naming the key to standard error and
 * exits with status 2: nothing runs half set up.
 */
void		 vs_app_start(const char *, int);
/* The program name given to vs_app_start(). */
const char	*vs_app_name(void);

#endif
