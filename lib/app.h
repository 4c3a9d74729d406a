/* app.h: start-up shared by every program. */
#ifndef VS_APP_H
#define VS_APP_H

/*
 * Load and validate the configuration and set up logging for the program
 * called name. On a bad or missing setting it prints one line naming the
 * key to standard error and exits with status 2: nothing runs half set up.
 */
void		 vs_app_start(const char *);
/* The program name given to vs_app_start(). */
const char	*vs_app_name(void);

#endif
