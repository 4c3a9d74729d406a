/* json.c: helpers around json-c for request and response bodies. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <string.h>

#include "json.h"

struct json_object *
vs_json_parse(const char *s, size_t len)
{
	struct json_tokener	*tok;
	struct json_object	*o = NULL;

	if (len > (size_t)INT32_MAX - 1)
		return NULL;
	if ((tok = json_tokener_new_ex(VS_JSON_DEPTH)) == NULL)
		return NULL;
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	o = json_tokener_parse_ex(tok, s, (int)len);
	if (json_tokener_get_error(tok) != json_tokener_success ||
	    json_tokener_get_parse_end(tok) != len) {
		json_object_put(o);
		o = NULL;
	}
	json_tokener_free(tok);
	return o;
}

struct json_object *
vs_json_error(const char *code, const char *msg)
{
	struct json_object	*o, *e;

	if ((o = json_object_new_object()) == NULL)
		return NULL;
	if ((e = json_object_new_object()) == NULL) {
		json_object_put(o);
		return NULL;
	}
	json_object_object_add(e, "code", json_object_new_string(code));
	json_object_object_add(e, "message", json_object_new_string(msg));
	json_object_object_add(o, "error", e);
	return o;
}

const char *
vs_json_str(struct json_object *o, const char *key)
{
	struct json_object	*v;

	const char		*s;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	s = json_object_get_string(v);
	/* An escaped NUL would cut the C string short: refuse it. */
	if (strlen(s) != (size_t)json_object_get_string_len(v))
		return NULL;
	return s;
}
