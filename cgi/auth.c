/* auth.c: auth.fcgi, accounts: register, log in, tokens, sessions. */
#include <vstream.h>

int
main(void)
{
	vs_app_start("auth");
	return vs_http_serve(NULL, 0);
}
