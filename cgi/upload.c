/* upload.c: upload.fcgi, multipart and resumable uploads. */
#include <vstream.h>

int
main(void)
{
	vs_app_start("upload", VS_APP_SECRET);
	return vs_http_serve(NULL, 0);
}
