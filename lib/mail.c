/* mail.c: messages to users, handed to a configurable command. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "config.h"
#include "log.h"
#include "mail.h"

int
vs_mail_send(const char *to, const char *subject, const char *body)
{
	const char	*cmd = vs_config_str(VS_CFG_MAIL_COMMAND);
	FILE		*p;
	int		 st;

	/* Header values come from validated fields; refuse line breaks. */
	if (strpbrk(to, "\r\n") != NULL || strpbrk(subject, "\r\n") != NULL)
		return -1;
	if (*cmd == '\0') {
		/* The body carries links that open accounts: debug only. */
		vs_log(VS_LOG_INFO, "mail to %s: %s: not sent (no "
		    "mail_command); the message is logged at level debug", to,
		    subject);
		vs_debug("mail to %s: %s: %s", to, subject, body);
		return 0;
	}
	if ((p = popen(cmd, "w")) == NULL) {
		vs_errx("%s: cannot run mail_command", __func__);
		return -1;
	}
	fprintf(p, "To: %s\nSubject: %s\nContent-Type: text/plain; "
	    "charset=utf-8\n\n%s\n", to, subject, body);
	st = pclose(p);
	if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		vs_errx("%s: mail_command failed", __func__);
		return -1;
	}
	return 0;
}
