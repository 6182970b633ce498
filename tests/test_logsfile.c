/*
 * test_logsfile.c: the logs file of a witness or a monitor
 * (tlog/logsfile.c), table-driven: what it accepts, how it groups keys by
 * origin, and each malformed file refused with the number of its line.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cm.h"

#include "logsfile.h"

#define K1 "go.example/log+3255461c+" \
	"AYpFcr7V7ZdC0sFZ4iqYobXZ/OR/xJn7wH2XELIYqAnb"
#define K2 "go.example/log+8d8e283a+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4"
#define KW "witness.example.com/w1+a0059f11+" \
	"BAOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4"
#define KO "example.com/foo+530d903a+" \
	"AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"

static void
test_good(void **state)
{
	static const char text[] =
	    "# logs a witness cosigns\n"
	    "\n"
	    "go.example/log " K1 " https://go.example/tiles/\n"
	    "  example.com/foo\t" KO "\r\n"
	    "go.example/log " K2 "\n"
	    "go.example/log " K2 " https://go.example/tiles/";
	struct logsfile			*lf;
	const struct logsfile_log	*l;
	char				 err[256];

	(void)state;
	assert_int_equal(logsfile_parse(text, strlen(text), 0, &lf, err,
	    sizeof(err)), LOGSFILE_OK);
	assert_int_equal(lf->nlogs, 2);
	l = logsfile_find(lf, "go.example/log", 14);
	assert_non_null(l);
	assert_int_equal(l->nkeys, 3);
	assert_string_equal(l->url, "https://go.example/tiles/");
	assert_int_equal(l->line, 3);
	l = logsfile_find(lf, "example.com/foo", 15);
	assert_non_null(l);
	assert_int_equal(l->nkeys, 1);
	assert_null(l->url);
	assert_null(logsfile_find(lf, "go.example/lo", 13));
	assert_null(logsfile_find(lf, "example.com/foox", 16));
	logsfile_free(lf);
	logsfile_free(NULL);
}

static void
test_bad(void **state)
{
	static const struct {
		const char	*text;
		int		 flags;
		const char	*err;
	} row[] = {
		{ "", 0, "no logs listed" },
		{ "# only a comment\n\n", 0, "no logs listed" },
		{ "go.example/log\n", 0, "line 1: want <origin> <vkey>" },
		{ "\n\ngo.example/log " K1 " https://a/ x\n", 0,
		  "line 3: want <origin> <vkey>" },
		{ "go.example/log " K1 "\n", LOGSFILE_NEED_URL,
		  "line 1: no URL" },
		{ "go.example/log " K1 " ftp://go.example/\n", 0,
		  "line 1: the URL is not http:// or https://" },
		{ "go.example/log " K1 " https://\n", 0,
		  "line 1: the URL is not" },
		{ "go.example/log not-a-key\n", 0,
		  "line 1: not a log's verifier key" },
		{ "witness.example.com/w1 " KW "\n", 0,
		  "line 1: not a log's verifier key" },
		{ "other.example/log " K1 "\n", 0,
		  "line 1: the key is named \"go.example/log\", not the "
		  "origin \"other.example/log\"" },
		{ "go.example/log " K1 " https://a/\n"
		  "go.example/log " K2 " https://b/\n", 0,
		  "line 2: another URL than line 1's for go.example/log" },
		{ "go.example/log " K1 "\n\xff\xfe\n", 0,
		  "line 2: not UTF-8 text" },
		{ "go.example/log " K1 "\nx\0y " K1 "\n", 0,
		  "line 2: not UTF-8 text" },
	};
	struct logsfile	*lf;
	char		 err[256];
	size_t		 i, len;
	int		 rc;

	(void)state;
	cm_failures = 0;
	for (i = 0; i < NELEM(row); i++) {
		len = strlen(row[i].text);
		/* The row with a NUL byte is longer than strlen says. */
		if (strstr(row[i].text, "\nx") != NULL)
			len += 1 + strlen(strchr(row[i].text, '\0') + 1);
		lf = (struct logsfile *)1;
		err[0] = '\0';
		rc = logsfile_parse(row[i].text, len, row[i].flags, &lf, err,
		    sizeof(err));
		CHECK(rc == LOGSFILE_EFORMAT && lf == NULL,
		    "row %zu: rc %d\n", i, rc);
		CHECK(strstr(err, row[i].err) == err, "row %zu: \"%s\"\n", i,
		    err);
	}
	assert_int_equal(cm_failures, 0);
}

static void
test_long_line(void **state)
{
	struct logsfile	*lf;
	char		*text, err[256];

	(void)state;
	text = malloc(5000);
	assert_non_null(text);
	memset(text, 'a', 4999);
	text[4999] = '\n';
	assert_int_equal(logsfile_parse(text, 5000, 0, &lf, err, sizeof(err)),
	    LOGSFILE_EFORMAT);
	assert_string_equal(err, "line 1: longer than 4096 bytes");
	free(text);
	assert_int_equal(logsfile_read("/nonexistent/logs", 0, &lf, err,
	    sizeof(err)), LOGSFILE_EIO);
	assert_non_null(strstr(err, "/nonexistent/logs: "));
}

CM_MAIN(
	cmocka_unit_test(test_good),
	cmocka_unit_test(test_bad),
	cmocka_unit_test(test_long_line)
)
