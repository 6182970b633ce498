/*
 * serial.c: the shape of serial and entry numbers beyond one cell: a
 * letter-digit boundary OCR cannot settle, and whether one number is the
 * next after another.
 */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include "serial.h"

/*
 * Letters OCR reads for a digit, and so writes at the end of a serial's
 * letters when the first digit takes a letter's shape: "TNG476798" for
 * "TN6476798".  Pages print these letters in series too (AB, QB).
 */
static int
digit_like(char c)
{
	if (c >= 'a' && c <= 'z')
		c = (char)(c - 'a' + 'A');
	return c != '\0' && strchr("GODQILSBZ", c) != NULL;
}

int
norm_serial_boundary(const char *raw)
{
	const char	*p = raw;
	size_t		 n = 0;

	if (raw == NULL)
		return 0;
	while (*p == ' ' || *p == '|' || *p == '.' || *p == ',')
		p++;
	while ((p[n] >= 'A' && p[n] <= 'Z') || (p[n] >= 'a' && p[n] <= 'z'))
		n++;
	return n > 0 && p[n] >= '0' && p[n] <= '9' && digit_like(p[n - 1]);
}

/*
 * Is b the entry after a: equal but for one run of digits whose value in b
 * is one more than in a ("A 0123456" -> "A 0123457", "05-THPT/1868" ->
 * "05-THPT/1869", "99" -> "100")?  Works for any layout of serial or entry
 * number without knowing it.
 */
int
norm_consecutive(const char *a, const char *b)
{
	size_t	 i = 0, ia, ib, ea, eb;
	long	 na = 0, nb = 0;

	while (a[i] != '\0' && a[i] == b[i])
		i++;
	if (a[i] == '\0' && b[i] == '\0')
		return 0;
	/* Back to the start of the digit run that differs. */
	while (i > 0 && a[i - 1] >= '0' && a[i - 1] <= '9')
		i--;
	ia = ib = i;
	for (ea = ia; a[ea] >= '0' && a[ea] <= '9' && ea - ia < 12; ea++)
		na = na * 10 + (a[ea] - '0');
	for (eb = ib; b[eb] >= '0' && b[eb] <= '9' && eb - ib < 12; eb++)
		nb = nb * 10 + (b[eb] - '0');
	if (ea == ia || eb == ib)
		return 0;
	/* The rest must match, and leading zeros keep their width. */
	if (strcmp(a + ea, b + eb) != 0)
		return 0;
	if (ea - ia != eb - ib && a[ia] == '0')
		return 0;
	return nb == na + 1;
}
