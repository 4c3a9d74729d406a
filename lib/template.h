/* template.h: HTML templates that escape by default. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_TEMPLATE_H
#define VS_TEMPLATE_H

#include <stddef.h>

struct json_object;
struct vs_buf;

/*
 * The language, over a json-c object as context:
 *   {{name}} {{a.b}} {{.}}   the value, HTML-escaped
 *   {{& name}}               the value unescaped: explicit, and rare
 *   {{#if name}}..{{else}}..{{/if}}
 *   {{#each list}}..{{else}}..{{/each}}  (inside, names look in the item
 *                            first, then outwards; {{.}} is the item)
 *   {{> partials/name}}      another template, same context
 *   {{! comment}}
 */

/*
 * Load every dir/NAME.html as "NAME", dir/partials/NAME.html as
 * "partials/NAME" and dir/admin/NAME.html as "admin/NAME", replacing what
 * was loaded. Returns 0, or -1 with the
 * file and line of the first error logged.
 */
int	 vs_template_load(const char *);
/*
 * Compile src and keep it as the template called name (replacing one of
 * that name). Returns 0, or -1 with "line N: problem" in err.
 */
int	 vs_template_add(const char *, const char *, char *, size_t);
/*
 * Render the template called name against ctx, appending to out.
 * Returns 0, or -1 for an unknown template or partial, partials nested too
 * deep, or no memory (out may then hold part of the page).
 */
int	 vs_template_render(const char *, struct json_object *,
	    struct vs_buf *);
/* Forget every template. */
void	 vs_template_clear(void);

#endif
