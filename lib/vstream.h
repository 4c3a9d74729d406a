/* vstream.h: the public interface of libvstream, one header per subsystem. */
#ifndef VSTREAM_H
#define VSTREAM_H

#include "app.h"
#include "cache.h"
#include "config.h"
#include "cookie.h"
#include "db.h"
#include "err.h"
#include "health.h"
#include "http.h"
#include "json.h"
#include "kv.h"
#include "log.h"
#include "metrics.h"
#include "migrate.h"
#include "password.h"
#include "random.h"
#include "router.h"
#include "str.h"
#include "template.h"
#include "url.h"
#include "user.h"
#include "worker.h"
#include "video.h"

#endif
