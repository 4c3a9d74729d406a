/* vstreamctl.c: the operator's command: migrate, config, users, doctor. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <vstream.h>

struct command {
	const char	*c_name;
	int		(*c_fn)(int, char **);
	const char	*c_usage;
};

static int	usage(void);

static int
cmd_migrate(int argc, char **argv)
{
	int	 n;

	(void)argv;
	if (argc != 1)
		return usage();
	if ((n = vs_migrate(vs_config_str(VS_CFG_SCHEMA_DIR))) == -1) {
		fprintf(stderr, "vstreamctl: migrate: failed (see log)\n");
		return 1;
	}
	printf("migrate: %d applied, schema current\n", n);
	return 0;
}

static int
cmd_config(int argc, char **argv)
{
	int	 k;

	if (argc == 2 && strcmp(argv[1], "check") == 0) {
		printf("config: ok\n");
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "keys") == 0) {
		for (k = 0; k < VS_CFG__MAX; k++)
			printf("%s\n", vs_config_name((enum vs_cfg)k));
		return 0;
	}
	if (argc != 3 || strcmp(argv[1], "get") != 0)
		return usage();
	if ((k = vs_config_lookup(argv[2])) == -1) {
		fprintf(stderr, "vstreamctl: config: unknown key %s\n",
		    argv[2]);
		return 1;
	}
	printf("%s\n", vs_config_str((enum vs_cfg)k));
	return 0;
}

/* The first line of standard input, without its newline; never argv. */
static int
read_password(char *buf, size_t len)
{
	if (isatty(STDIN_FILENO))
		fprintf(stderr, "password: ");
	if (fgets(buf, (int)len, stdin) == NULL)
		return -1;
	buf[strcspn(buf, "\r\n")] = '\0';
	return buf[0] == '\0' ? -1 : 0;
}

/* Report the outcome of an operation on account name; 0, or 1. */
static int
outcome(enum vs_err rc, const char *what, const char *name)
{
	switch (rc) {
	case VS_OK:
		printf("%s: %s\n", name, what);
		return 0;
	case VS_ENOTFOUND:
		fprintf(stderr, "vstreamctl: no user %s\n", name);
		return 1;
	case VS_ECONFLICT:
		fprintf(stderr, "vstreamctl: user %s or its email exists\n",
		    name);
		return 1;
	case VS_EUNAVAIL:
		fprintf(stderr, "vstreamctl: database unavailable\n");
		return 1;
	default:
		fprintf(stderr, "vstreamctl: %s: refused (see the manual)\n",
		    name);
		return 1;
	}
}

static int
user_add(int argc, char **argv)
{
	const char	*email = NULL, *name;
	char		 pw[1024], fallback[320];
	int		 role = VS_ROLE_USER, c;

	optind = 1;
	while ((c = getopt(argc, argv, "e:r:")) != -1) {
		if (c == 'e')
			email = optarg;
		else if (c != 'r' || (role = vs_role_parse(optarg)) == -1)
			return usage();
	}
	if (argc - optind != 1)
		return usage();
	name = argv[optind];
	if (email == NULL) {
		snprintf(fallback, sizeof(fallback), "%s@localhost.localdomain",
		    name);
		email = fallback;
	}
	if (read_password(pw, sizeof(pw)) == -1) {
		fprintf(stderr, "vstreamctl: no password on stdin\n");
		return 1;
	}
	return outcome(vs_user_create(name, email, pw, (enum vs_role)role,
	    NULL), "added", name);
}

static int
user_passwd(const char *name)
{
	struct vs_user	 u;
	char		 pw[1024];
	enum vs_err	 rc;

	if ((rc = vs_user_find(name, &u)) != VS_OK)
		return outcome(rc, "", name);
	if (read_password(pw, sizeof(pw)) == -1) {
		fprintf(stderr, "vstreamctl: no password on stdin\n");
		return 1;
	}
	if ((rc = vs_user_set_password(u.u_id, pw)) == VS_OK) {
		vs_refresh_revoke_user(u.u_id);
		vs_session_drop_all(u.u_id, NULL);
	}
	return outcome(rc, "password changed, sessions ended", name);
}

static int
user_list(void)
{
	struct json_object	*list, *u;
	size_t			 i;

	if (vs_user_list(&list) != VS_OK)
		return outcome(VS_EUNAVAIL, "", "");
	for (i = 0; i < json_object_array_length(list); i++) {
		u = json_object_array_get_idx(list, i);
		printf("%-32s %-9s %-6s %s\n", vs_json_str(u, "username"),
		    vs_json_str(u, "role"), json_object_get_boolean(
		    json_object_object_get(u, "banned")) ? "banned" : "-",
		    vs_json_str(u, "email"));
	}
	json_object_put(list);
	return 0;
}

/* The account, its videos and its unfinished uploads, files included. */
static int
user_delete(const char *name)
{
	struct vs_user	 u;
	enum vs_err	 rc;

	if ((rc = vs_user_find(name, &u)) != VS_OK)
		return outcome(rc, "", name);
	return outcome(vs_admin_remove_user(u.u_id),
	    "deleted with its videos and uploads", name);
}

static int
cmd_user(int argc, char **argv)
{
	int	 role;

	if (argc >= 2 && strcmp(argv[1], "add") == 0)
		return user_add(argc - 1, argv + 1);
	if (argc == 2 && strcmp(argv[1], "list") == 0)
		return user_list();
	if (argc == 3 && strcmp(argv[1], "passwd") == 0)
		return user_passwd(argv[2]);
	if (argc == 4 && strcmp(argv[1], "role") == 0) {
		if ((role = vs_role_parse(argv[3])) == -1)
			return usage();
		return outcome(vs_user_set_role(argv[2], (enum vs_role)role),
		    argv[3], argv[2]);
	}
	if ((argc == 4 || argc == 5) && strcmp(argv[1], "ban") == 0)
		return outcome(vs_user_ban(argv[2], argv[3], argc == 5 ?
		    argv[4] : NULL), "banned, sessions ended", argv[2]);
	if (argc == 3 && strcmp(argv[1], "unban") == 0)
		return outcome(vs_user_unban(argv[2]), "unbanned", argv[2]);
	if (argc == 3 && strcmp(argv[1], "delete") == 0)
		return user_delete(argv[2]);
	return usage();
}

static int
video_import(int argc, char **argv)
{
	const char		*owner = NULL, *title = NULL, *vis = "public";
	const char		*base;
	char			 id[37], why[256];
	struct vs_user		 u;
	struct vs_video_new	 vn;
	enum vs_err	 rc;
	int		 c;

	optind = 1;
	while ((c = getopt(argc, argv, "u:t:v:")) != -1) {
		if (c == 'u')
			owner = optarg;
		else if (c == 't')
			title = optarg;
		else if (c == 'v')
			vis = optarg;
		else
			return usage();
	}
	if (argc - optind != 1 || owner == NULL)
		return usage();
	if ((rc = vs_user_find(owner, &u)) != VS_OK)
		return outcome(rc, "", owner);
	if (title == NULL)
		title = argv[optind];
	vn = (struct vs_video_new){ .vn_owner = u.u_id, .vn_title = title,
	    .vn_desc = "", .vn_vis = vis, .vn_name = argv[optind] };
	if ((base = strrchr(argv[optind], '/')) != NULL)
		vn.vn_name = base + 1;
	rc = vs_video_import(argv[optind], 0, &vn, id, why, sizeof(why));
	if (rc != VS_OK) {
		fprintf(stderr, "vstreamctl: %s: %s\n", argv[optind],
		    rc == VS_EUNAVAIL ? "database unavailable" : why);
		return 1;
	}
	printf("%s\n", id);
	return 0;
}

static int
cmd_video(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "import") == 0)
		return video_import(argc - 1, argv + 1);
	return usage();
}

static int
jobs_list(void)
{
	struct json_object	*list, *j, *at;
	char			 resumed[48];
	size_t			 i;

	if (vs_job_list(&list) != VS_OK)
		return outcome(VS_EUNAVAIL, "", "");
	for (i = 0; i < json_object_array_length(list); i++) {
		j = json_object_array_get_idx(list, i);
		at = json_object_object_get(j, "resumed_at");
		snprintf(resumed, sizeof(resumed), at != NULL ? " resumed at "
		    "%.3f s" : "", json_object_get_double(at));
		printf("%s %-9s %3d%% try %d/%d%s video %s %s\n",
		    vs_json_str(j, "id"), vs_json_str(j, "state"),
		    json_object_get_int(json_object_object_get(j, "progress")),
		    json_object_get_int(json_object_object_get(j, "attempts")),
		    json_object_get_int(json_object_object_get(j,
		    "max_attempts")), resumed, vs_json_str(j, "video_id"),
		    vs_json_str(j, "error") ? vs_json_str(j, "error") : "");
	}
	json_object_put(list);
	return 0;
}

static int
cmd_jobs(int argc, char **argv)
{
	int	 n;

	if (argc == 2 && strcmp(argv[1], "list") == 0)
		return jobs_list();
	if (argc == 3 && strcmp(argv[1], "requeue") == 0)
		return outcome(vs_job_requeue(argv[2]), "queued", argv[2]);
	if (argc == 3 && strcmp(argv[1], "cancel") == 0)
		return outcome(vs_job_cancel(argv[2]), "cancelled", argv[2]);
	if (argc == 2 && strcmp(argv[1], "retry-failed") == 0) {
		if (vs_job_retry_failed(&n) != VS_OK)
			return outcome(VS_EUNAVAIL, "", "");
		printf("%d videos queued again\n", n);
		return 0;
	}
	return usage();
}

/* A configuration that does not load is the doctor's first finding. */
static int
doctor_config(void)
{
	const char	*file = getenv("VSTREAM_CONFIG");
	char		 err[512];

	if (vs_config_load(NULL, err, sizeof(err)) == 0)
		return 0;
	printf("problem: configuration: %s \xe2\x80\x94 fix: correct it in "
	    "%s\n", err, file != NULL ? file : VS_CONFIG_FILE);
	return -1;
}

/* vstream-worker next to this program, where make install puts both. */
static void
worker_path(char *buf, size_t len)
{
	char	 self[4096];
	ssize_t	 n;

	if ((n = readlink("/proc/self/exe", self, sizeof(self) - 1)) <= 0)
		n = 0;
	self[n] = '\0';
	if (strrchr(self, '/') != NULL)
		*strrchr(self, '/') = '\0';
	snprintf(buf, len, "%s/vstream-worker", n > 0 ? self : ".");
}

static int
cmd_doctor(int argc, char **argv)
{
	struct vs_doc	 d = { 0 };
	char		 user[64], worker[4200];
	size_t		 i;
	int		 c, problems;

	optind = 1;
	d.d_web = 1;
	while ((c = getopt(argc, argv, "b:u:w:")) != -1) {
		if (c == 'b')
			d.d_base = optarg;
		else if (c == 'u')
			d.d_user = optarg;
		else if (c == 'w')
			d.d_worker = optarg;
		else
			return usage();
	}
	if (argc != optind)
		return usage();
	if (d.d_user == NULL) {
		vs_doctor_web_user(user, sizeof(user));
		d.d_user = user;
	}
	if (d.d_worker == NULL) {
		worker_path(worker, sizeof(worker));
		d.d_worker = worker;
	}
	problems = vs_doctor_run(&d);
	for (i = 0; i < d.d_count; i++)
		printf("%s: %s%s%s\n", vs_doctor_state(d.d_res[i].dr_state),
		    d.d_res[i].dr_msg, d.d_res[i].dr_fix[0] ?
		    " \xe2\x80\x94 fix: " : "", d.d_res[i].dr_fix);
	return problems > 0;
}

static const struct command commands[] = {
	{ "migrate", cmd_migrate, "migrate" },
	{ "config", cmd_config, "config check | config get KEY | config keys" },
	{ "user", cmd_user, "user add [-r role] [-e email] NAME "
	    "(password on stdin)" },
	{ "user", cmd_user, "user passwd NAME (password on stdin)" },
	{ "user", cmd_user, "user role NAME user|premium|moderator|admin" },
	{ "user", cmd_user, "user ban NAME REASON [UNTIL]" },
	{ "user", cmd_user, "user unban NAME" },
	{ "user", cmd_user, "user delete NAME" },
	{ "user", cmd_user, "user list" },
	{ "video", cmd_video, "video import -u OWNER [-t TITLE] "
	    "[-v public|unlisted|private] FILE" },
	{ "jobs", cmd_jobs, "jobs list | requeue VIDEO|JOB | cancel JOB | "
	    "retry-failed" },
	{ "doctor", cmd_doctor, "doctor [-u WEBUSER] [-b URL] [-w WORKER]" },
};

static int
usage(void)
{
	size_t	 i;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(stderr, "%s vstreamctl %s\n", i ? "      " : "usage:",
		    commands[i].c_usage);
	return 64;
}

int
main(int argc, char *argv[])
{
	size_t	 i;

	if (argc >= 2 && strcmp(argv[1], "doctor") == 0 &&
	    doctor_config() == -1)
		return 1;
	vs_app_start("vstreamctl", 0);
	if (argc < 2)
		return usage();
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].c_name) == 0)
			return commands[i].c_fn(argc - 1, argv + 1);
	return usage();
}
