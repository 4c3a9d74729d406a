/* json.h: helpers around json-c for request and response bodies. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_JSON_H
#define VS_JSON_H

#include <stddef.h>

#include <json-c/json.h>

/* Deepest nesting accepted in a request body. */
#define VS_JSON_DEPTH	16

/*
 * Parse exactly len bytes as one JSON value, strictly, nested at most
 * VS_JSON_DEPTH deep. Returns the value (caller frees with json_object_put)
 * or NULL for malformed or trailing input.
 */
struct json_object	*vs_json_parse(const char *, size_t);
/* {"error":{"code":code,"message":msg}}; caller frees; NULL on no memory. */
struct json_object	*vs_json_error(const char *, const char *);
/*
 * The string member key of an object, or NULL when absent, not a string,
 * or holding a NUL character. Owned by the object.
 */
const char		*vs_json_str(struct json_object *, const char *);

#endif
