/* mail.h: messages to users, handed to a configurable command. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_MAIL_H
#define VS_MAIL_H

/*
 * Send a plain-text message. With mail_command set (for example
 * "/usr/sbin/sendmail -t"), the whole message, headers first, is written to
 * that command's standard input: no part of it reaches a command line.
 * Without one, the log says a message was not sent, and only at level
 * debug holds the message itself: its links open accounts. Returns 0, or
 * -1 when the command failed.
 */
int	 vs_mail_send(const char *, const char *, const char *);

#endif
