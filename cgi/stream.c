/* stream.c: stream.fcgi, playlists, segments, MP4 fallback and thumbnails. */
#include <vstream.h>

int
main(void)
{
	vs_app_start("stream", VS_APP_SECRET);
	return vs_http_serve(NULL, 0);
}
