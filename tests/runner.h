/* runner.h: the main() every unit test program shares. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_TEST_RUNNER_H
#define VS_TEST_RUNNER_H

#include <check.h>
#include <stdlib.h>

#include "config.h"

/* A secret_key the tests that sign things load. */
#define SECRET	"0123456789abcdef0123456789abcdef"

/* Load the defaults with secret as secret_key, and no file. */
static inline void
with_secret(const char *secret)
{
	char	 err[512];

	setenv("VSTREAM_CONFIG", "/dev/null", 1);
	setenv("VSTREAM_SECRET_KEY", secret, 1);
	ck_assert_msg(vs_config_load(NULL, err, sizeof(err)) == 0, "%s", err);
}

static int
run_tests(const char *name, const TTest *const *tests, size_t n)
{
	Suite	*s = suite_create(name);
	TCase	*tc = tcase_create("core");
	SRunner	*sr;
	size_t	 i;
	int	 failed;

	tcase_set_timeout(tc, 60);
	for (i = 0; i < n; i++)
		tcase_add_test(tc, tests[i]);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* main() body: RUN_TESTS("name", test_a, test_b, ...); */
#define RUN_TESTS(name, ...) do {					\
	const TTest *const t_[] = { __VA_ARGS__ };			\
	return run_tests(name, t_, sizeof(t_) / sizeof(t_[0]));		\
} while (0)

#endif
