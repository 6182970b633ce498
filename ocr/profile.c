/*
 * profile.c: load a layout profile (see profile.h) with jansson.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "profile.h"

/* "serial_series": 1 to 8 strings of 0 to 6 ASCII letters. */
static int
load_series(json_t *arr, struct profile *out, char *err, size_t errsz)
{
	json_t		*v;
	const char	*s;
	size_t		 i, k, n;

	if (arr == NULL)
		return 0;
	if (!json_is_array(arr) || json_array_size(arr) < 1 ||
	    json_array_size(arr) > PROFILE_MAX_SERIES) {
		(void)snprintf(err, errsz, "\"serial_series\" must be an "
		    "array of 1 to %d strings", PROFILE_MAX_SERIES);
		return -1;
	}
	json_array_foreach(arr, i, v) {
		s = json_string_value(v);
		n = s != NULL ? strlen(s) : 0;
		for (k = 0; k < n; k++)
			if (!((s[k] >= 'A' && s[k] <= 'Z') ||
			    (s[k] >= 'a' && s[k] <= 'z')))
				break;
		if (s == NULL || n > PROFILE_SERIES_LEN || k < n) {
			(void)snprintf(err, errsz, "serial series %zu must "
			    "be 0 to %d letters A-Z", i + 1,
			    PROFILE_SERIES_LEN);
			return -1;
		}
		for (k = 0; k < n; k++)
			out->series[i][k] = (char)(s[k] >= 'a' ?
			    s[k] - 'a' + 'A' : s[k]);
		out->series[i][n] = '\0';
	}
	out->nseries = (int)json_array_size(arr);
	return 0;
}

int
profile_series_known(const struct profile *prof, const char *value)
{
	size_t	 n = 0;
	int	 i;

	if (prof == NULL || value == NULL)
		return 0;
	while (value[n] >= 'A' && value[n] <= 'Z')
		n++;
	for (i = 0; i < prof->nseries; i++)
		if (strlen(prof->series[i]) == n &&
		    strncmp(prof->series[i], value, n) == 0)
			return 1;
	return 0;
}

int
profile_load(const char *path, struct profile *out, char *err, size_t errsz)
{
	json_error_t	 jerr;
	json_t		*root, *cols, *year, *v;
	const char	*key;
	size_t		 i;
	int		 rc = -1;

	memset(out, 0, sizeof(*out));
	root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		(void)snprintf(err, errsz, "line %d: %s", jerr.line,
		    jerr.text);
		return -1;
	}
	if (!json_is_object(root)) {
		(void)snprintf(err, errsz, "a profile is a JSON object");
		goto out;
	}
	json_object_foreach(root, key, v) {
		if (strcmp(key, "columns") != 0 &&
		    strcmp(key, "ledger_year") != 0 &&
		    strcmp(key, "serial_series") != 0) {
			(void)snprintf(err, errsz, "unknown key \"%s\" "
			    "(expected \"columns\", \"ledger_year\" or "
			    "\"serial_series\")", key);
			goto out;
		}
	}
	cols = json_object_get(root, "columns");
	if (cols != NULL) {
		if (!json_is_array(cols) || json_array_size(cols) < 1 ||
		    json_array_size(cols) > PROFILE_MAX_COLUMNS) {
			(void)snprintf(err, errsz, "\"columns\" must be an "
			    "array of 1 to %d field keys",
			    PROFILE_MAX_COLUMNS);
			goto out;
		}
		json_array_foreach(cols, i, v) {
			const char	*s = json_string_value(v);
			enum field	 f;

			if (s == NULL) {
				(void)snprintf(err, errsz, "column %zu is not "
				    "a string", i + 1);
				goto out;
			}
			f = field_from_key(s);
			if (f == FIELD_UNKNOWN && strcmp(s, "ignore") != 0) {
				(void)snprintf(err, errsz, "column %zu: "
				    "unknown field key \"%s\"", i + 1, s);
				goto out;
			}
			out->columns[i] = f;
		}
		out->ncolumns = (int)json_array_size(cols);
	}
	year = json_object_get(root, "ledger_year");
	if (year != NULL) {
		if (!json_is_integer(year) || json_integer_value(year) < 1900 ||
		    json_integer_value(year) > 2100) {
			(void)snprintf(err, errsz, "\"ledger_year\" must be a "
			    "year between 1900 and 2100");
			goto out;
		}
		out->ledger_year = (int)json_integer_value(year);
	}
	if (load_series(json_object_get(root, "serial_series"), out, err,
	    errsz) != 0)
		goto out;
	rc = 0;
out:
	json_decref(root);
	if (rc != 0)
		memset(out, 0, sizeof(*out));
	return rc;
}
