/* vstreamctl.c: the operator's command: migrate, config, users. */
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
		snprintf(fallback, sizeof(fallback), "%s@localhost", name);
		email = fallback;
	}
	if (read_password(pw, sizeof(pw)) == -1) {
		fprintf(stderr, "vstreamctl: user add: no password on stdin\n");
		return 1;
	}
	switch (vs_user_create(name, email, pw, (enum vs_role)role)) {
	case VS_OK:
		printf("user %s added as %s\n", name, vs_role_name(role));
		return 0;
	case VS_ECONFLICT:
		fprintf(stderr, "vstreamctl: user %s or %s exists\n", name,
		    email);
		return 1;
	default:
		fprintf(stderr, "vstreamctl: user add: failed (name must be "
		    "3-32 of a-z 0-9 _ . -; see log)\n");
		return 1;
	}
}

static int
cmd_user(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "add") == 0)
		return user_add(argc - 1, argv + 1);
	return usage();
}

static const struct command commands[] = {
	{ "migrate", cmd_migrate, "migrate" },
	{ "config", cmd_config, "config check | config get KEY" },
	{ "user", cmd_user, "user add [-r role] [-e email] NAME "
	    "(password on stdin)" },
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

	vs_app_start("vstreamctl");
	if (argc < 2)
		return usage();
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].c_name) == 0)
			return commands[i].c_fn(argc - 1, argv + 1);
	return usage();
}
