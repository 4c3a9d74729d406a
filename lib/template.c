/* template.c: HTML templates that escape by default. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "extern.h"
#include "log.h"
#include "str.h"
#include "template.h"

enum node_type {
	N_TEXT,
	N_VAR,		/* escaped value */
	N_RAW,		/* unescaped value */
	N_IF,
	N_EACH,
	N_PARTIAL,
	N__MAX
};

struct node {
	enum node_type	 n_type;
	char		*n_text;	/* N_TEXT: text; others: a name */
	size_t		 n_len;
	struct node	*n_body;	/* N_IF, N_EACH: the block */
	struct node	*n_else;	/* N_IF, N_EACH: after {{else}} */
	struct node	*n_next;
};

struct tmpl {
	char		*t_name;
	struct node	*t_root;
	struct tmpl	*t_next;
};

/* How a block ended: what the parser of the enclosing block expects. */
enum block_end {
	END_EOF,
	END_IF,
	END_EACH,
	END_ELSE,
	END__MAX
};

struct parser {
	const char	*p_pos;
	int		 p_line;
	char		*p_err;
	size_t		 p_errlen;
};

#define TAG_MAX		128	/* longest {{ ... }} */
#define NEST_MAX	16	/* blocks inside blocks */
#define PARTIAL_MAX	8	/* partials inside partials */
#define FILE_MAX	(1024 * 1024)

static struct tmpl	*templates;

static void
nodes_free(struct node *n)
{
	struct node	*next;

	for (; n != NULL; n = next) {
		next = n->n_next;
		nodes_free(n->n_body);
		nodes_free(n->n_else);
		free(n->n_text);
		free(n);
	}
}

static struct node *
node_new(enum node_type type, const char *text, size_t len)
{
	struct node	*n;

	if ((n = calloc(1, sizeof(*n))) == NULL)
		return NULL;
	if ((n->n_text = vs_str_ndup(text, len)) == NULL) {
		free(n);
		return NULL;
	}
	n->n_type = type;
	n->n_len = len;
	return n;
}

static int
perr(struct parser *p, const char *what)
{
	snprintf(p->p_err, p->p_errlen, "line %d: %s", p->p_line, what);
	return -1;
}

static int
valid_name(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (strchr("abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-/", *s) == NULL)
			return 0;
	return 1;
}

static void
count_lines(struct parser *p, const char *s, size_t len)
{
	while (len-- > 0)
		if (*s++ == '\n')
			p->p_line++;
}

/* Read the tag at p_pos (just past "{{") into tag; 0 / -1. */
static int
read_tag(struct parser *p, char *tag)
{
	const char	*end = strstr(p->p_pos, "}}");
	size_t		 len;
	char		*s, *e;

	if (end == NULL)
		return perr(p, "unclosed {{");
	len = (size_t)(end - p->p_pos);
	if (len >= TAG_MAX)
		return perr(p, "tag too long");
	memcpy(tag, p->p_pos, len);
	tag[len] = '\0';
	count_lines(p, p->p_pos, len);
	p->p_pos = end + 2;
	for (s = tag; *s == ' '; s++)
		;
	memmove(tag, s, strlen(s) + 1);
	for (e = tag + strlen(tag); e > tag && e[-1] == ' '; )
		*--e = '\0';
	return 0;
}

static int	parse_block(struct parser *, struct node **, enum block_end *,
		    int);

/* Parse the rest of an {{#if}} or {{#each}} up to its closing tag. */
static int
parse_section(struct parser *p, struct node *n, enum block_end want,
    int depth)
{
	enum block_end	 end;

	if (parse_block(p, &n->n_body, &end, depth + 1) == -1)
		return -1;
	if (end == END_ELSE &&
	    parse_block(p, &n->n_else, &end, depth + 1) == -1)
		return -1;
	if (end != want)
		return perr(p, want == END_IF ? "expected {{/if}}" :
		    "expected {{/each}}");
	return 0;
}

/*
 * Turn one tag into a node, or report how the block ends. Returns 0 with
 * *out set (NULL for a comment), 1 when the tag ends the block, -1 on error.
 */
static int
parse_tag(struct parser *p, const char *tag, struct node **out,
    enum block_end *end, int depth)
{
	static const struct {
		const char	*kw;
		enum node_type	 type;
	} kinds[] = {
		{ "#if ", N_IF }, { "#each ", N_EACH }, { "> ", N_PARTIAL },
		{ "& ", N_RAW },
	};
	enum node_type	 type = N_VAR;
	const char	*name = tag;
	size_t		 i;

	*out = NULL;
	if (tag[0] == '!')
		return 0;
	if (strcmp(tag, "else") == 0 || strcmp(tag, "/if") == 0 ||
	    strcmp(tag, "/each") == 0) {
		*end = tag[0] == 'e' ? END_ELSE : tag[1] == 'i' ? END_IF :
		    END_EACH;
		return 1;
	}
	for (i = 0; i < nitems(kinds); i++)
		if (strncmp(tag, kinds[i].kw, strlen(kinds[i].kw)) == 0) {
			type = kinds[i].type;
			name = tag + strlen(kinds[i].kw);
			name += strspn(name, " ");
		}
	if (!valid_name(name))
		return perr(p, "bad name in tag");
	if ((*out = node_new(type, name, strlen(name))) == NULL)
		return perr(p, "out of memory");
	if (type == N_IF || type == N_EACH)
		return parse_section(p, *out,
		    type == N_IF ? END_IF : END_EACH, depth);
	return 0;
}

/* Parse text and tags until a block end or the end of input. */
static int
parse_block(struct parser *p, struct node **head, enum block_end *end,
    int depth)
{
	struct node	**tail = head, *n;
	const char	*open;
	char		 tag[TAG_MAX];
	size_t		 len;
	int		 rc;

	if (depth > NEST_MAX)
		return perr(p, "blocks nested too deep");
	for (;;) {
		open = strstr(p->p_pos, "{{");
		len = open ? (size_t)(open - p->p_pos) : strlen(p->p_pos);
		if (len > 0) {
			if ((n = node_new(N_TEXT, p->p_pos, len)) == NULL)
				return perr(p, "out of memory");
			count_lines(p, p->p_pos, len);
			*tail = n;
			tail = &n->n_next;
		}
		if (open == NULL) {
			*end = END_EOF;
			return 0;
		}
		p->p_pos = open + 2;
		if (read_tag(p, tag) == -1)
			return -1;
		rc = parse_tag(p, tag, &n, end, depth);
		if (n != NULL) {
			*tail = n;
			tail = &n->n_next;
		}
		if (rc != 0)
			return rc == 1 ? 0 : -1;
	}
}

static struct tmpl *
find(const char *name)
{
	struct tmpl	*t;

	for (t = templates; t != NULL; t = t->t_next)
		if (strcmp(t->t_name, name) == 0)
			return t;
	return NULL;
}

int
vs_template_add(const char *name, const char *src, char *err, size_t errlen)
{
	struct parser	 p = { src, 1, err, errlen };
	struct node	*root = NULL;
	struct tmpl	*t;
	enum block_end	 end;

	if (parse_block(&p, &root, &end, 0) == -1 ||
	    (end != END_EOF && perr(&p, "unexpected closing tag") == -1)) {
		nodes_free(root);
		return -1;
	}
	if ((t = find(name)) != NULL) {
		nodes_free(t->t_root);
		t->t_root = root;
		return 0;
	}
	if ((t = calloc(1, sizeof(*t))) == NULL ||
	    (t->t_name = strdup(name)) == NULL) {
		free(t);
		nodes_free(root);
		return perr(&p, "out of memory");
	}
	t->t_root = root;
	t->t_next = templates;
	templates = t;
	return 0;
}

void
vs_template_clear(void)
{
	struct tmpl	*t, *next;

	for (t = templates; t != NULL; t = next) {
		next = t->t_next;
		nodes_free(t->t_root);
		free(t->t_name);
		free(t);
	}
	templates = NULL;
}

/* Compile one file; 0, or -1 with the reason logged. */
static int
load_file(const char *path, const char *name)
{
	struct vs_buf	 b = { 0 };
	char		 err[256];
	FILE		*f;
	int		 rc = -1;

	if ((f = fopen(path, "r")) == NULL || vs_buf_read(&b, f,
	    FILE_MAX) == -1)
		vs_errx("%s: %s: cannot read", __func__, path);
	else if ((rc = vs_template_add(name, b.b_data, err,
	    sizeof(err))) == -1)
		vs_errx("%s: %s: %s", __func__, path, err);
	if (f != NULL)
		fclose(f);
	vs_buf_free(&b);
	return rc;
}

static int
load_dir(const char *dir, const char *prefix)
{
	DIR		*d;
	struct dirent	*de;
	char		 path[1024], name[256];
	size_t		 len;
	int		 rc = 0;

	if ((d = opendir(dir)) == NULL) {
		vs_errx("%s: %s: cannot open", __func__, dir);
		return -1;
	}
	while (rc == 0 && (de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len < 6 || strcmp(de->d_name + len - 5, ".html") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		snprintf(name, sizeof(name), "%s%.*s", prefix, (int)(len - 5),
		    de->d_name);
		rc = load_file(path, name);
	}
	closedir(d);
	return rc;
}

int
vs_template_load(const char *dir)
{
	char	 sub[1024], adm[1024];

	vs_template_clear();
	snprintf(sub, sizeof(sub), "%s/partials", dir);
	snprintf(adm, sizeof(adm), "%s/admin", dir);
	if (load_dir(dir, "") == -1 || load_dir(sub, "partials/") == -1 ||
	    load_dir(adm, "admin/") == -1) {
		vs_template_clear();
		return -1;
	}
	return 0;
}

/* Names look up through a stack of contexts, innermost last. */
struct scope {
	struct json_object	*s_ctx[NEST_MAX + 2];
	int			 s_len;
	int			 s_partials;
};

static struct json_object *
lookup(const struct scope *s, const char *name)
{
	struct json_object	*o = NULL;
	char			 key[TAG_MAX];
	const char		*rest;
	size_t			 len;
	int			 i;

	if (strcmp(name, ".") == 0)
		return s->s_ctx[s->s_len - 1];
	len = strcspn(name, ".");
	snprintf(key, sizeof(key), "%.*s", (int)len, name);
	for (i = s->s_len - 1; i >= 0; i--)
		if (json_object_object_get_ex(s->s_ctx[i], key, &o))
			break;
	for (rest = name + len; o != NULL && *rest == '.'; rest += len) {
		rest++;
		len = strcspn(rest, ".");
		snprintf(key, sizeof(key), "%.*s", (int)len, rest);
		if (!json_object_object_get_ex(o, key, &o))
			o = NULL;
	}
	return o;
}

static int
truthy(struct json_object *o)
{
	switch (json_object_get_type(o)) {
	case json_type_null:
		return 0;
	case json_type_boolean:
	case json_type_int:
		return json_object_get_int64(o) != 0;
	case json_type_double:
		return json_object_get_double(o) != 0.0;
	case json_type_string:
		return json_object_get_string_len(o) > 0;
	case json_type_array:
		return json_object_array_length(o) > 0;
	default:
		return 1;
	}
}

static int	render(const struct node *, struct scope *, struct vs_buf *);

static int
render_each(const struct node *n, struct scope *s, struct vs_buf *out)
{
	struct json_object	*list = lookup(s, n->n_text);
	size_t			 i, len;
	int			 rc = 0;

	if (!json_object_is_type(list, json_type_array) ||
	    (len = json_object_array_length(list)) == 0)
		return render(n->n_else, s, out);
	if (s->s_len >= NEST_MAX + 2)
		return -1;
	for (i = 0; rc == 0 && i < len; i++) {
		s->s_ctx[s->s_len++] = json_object_array_get_idx(list, i);
		rc = render(n->n_body, s, out);
		s->s_len--;
	}
	return rc;
}

static int
render_partial(const struct node *n, struct scope *s, struct vs_buf *out)
{
	struct tmpl	*t = find(n->n_text);
	int		 rc;

	if (t == NULL || s->s_partials >= PARTIAL_MAX) {
		vs_errx("%s: %s: unknown or nested too deep", __func__,
		    n->n_text);
		return -1;
	}
	s->s_partials++;
	rc = render(t->t_root, s, out);
	s->s_partials--;
	return rc;
}

static int
render_value(const struct node *n, struct scope *s, struct vs_buf *out)
{
	struct json_object	*o = lookup(s, n->n_text);
	const char		*v;

	if (o == NULL)
		return 0;
	v = json_object_get_string(o);
	return n->n_type == N_RAW ? vs_buf_puts(out, v) : vs_str_html(out, v);
}

static int
render(const struct node *n, struct scope *s, struct vs_buf *out)
{
	int	 rc = 0;

	for (; rc == 0 && n != NULL; n = n->n_next) {
		switch (n->n_type) {
		case N_TEXT:
			rc = vs_buf_add(out, n->n_text, n->n_len);
			break;
		case N_VAR:
		case N_RAW:
			rc = render_value(n, s, out);
			break;
		case N_IF:
			rc = render(truthy(lookup(s, n->n_text)) ?
			    n->n_body : n->n_else, s, out);
			break;
		case N_EACH:
			rc = render_each(n, s, out);
			break;
		case N_PARTIAL:
			rc = render_partial(n, s, out);
			break;
		case N__MAX:
			rc = -1;
			break;
		}
	}
	return rc;
}

int
vs_template_render(const char *name, struct json_object *ctx,
    struct vs_buf *out)
{
	struct scope	 s = { .s_len = 1 };
	struct tmpl	*t;

	if ((t = find(name)) == NULL) {
		vs_errx("%s: %s: no such template", __func__, name);
		return -1;
	}
	s.s_ctx[0] = ctx;
	return render(t->t_root, &s, out);
}
