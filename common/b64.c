/*
 * b64.c: strict standard base64 over OpenSSL's block coder.
 *
 * EVP_DecodeBlock accepts leading and trailing white space, ignores the
 * padding when counting and tolerates non-zero bits in the last symbol; a
 * signature or hash read from a file must have exactly one spelling, so the
 * checks here come first and the result is re-encoded and compared.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "b64.h"

static int
b64_symbol(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '+' || c == '/';
}

int
b64_encode(const void *in, size_t len, char *out, size_t outsz)
{
	if (len > (size_t)0x3fffffff || outsz < B64_ENCLEN(len) + 1)
		return -1;
	return EVP_EncodeBlock((unsigned char *)out, in, (int)len);
}

int
b64_decode(const char *in, size_t len, uint8_t *out, size_t outsz,
    size_t *outlen)
{
	unsigned char	*tmp;
	char		*check;
	size_t		 i, pad = 0, n;
	int		 rc = -1;

	if (len == 0) {
		*outlen = 0;
		return 0;
	}
	if (len % 4 != 0 || len > 0x3ffffffc)
		return -1;
	if (in[len - 1] == '=')
		pad++;
	if (in[len - 2] == '=')
		pad++;
	for (i = 0; i < len - pad; i++)
		if (!b64_symbol((unsigned char)in[i]))
			return -1;
	n = len / 4 * 3 - pad;
	if (n > outsz)
		return -1;
	tmp = malloc(len / 4 * 3 + 1);
	check = malloc(len + 1);
	if (tmp == NULL || check == NULL)
		goto out;
	if (EVP_DecodeBlock(tmp, (const unsigned char *)in, (int)len) < 0)
		goto out;
	/* Only the canonical spelling re-encodes to the same text. */
	if (b64_encode(tmp, n, check, len + 1) != (int)len ||
	    memcmp(check, in, len) != 0)
		goto out;
	memcpy(out, tmp, n);
	*outlen = n;
	rc = 0;
out:
	if (tmp != NULL)
		OPENSSL_cleanse(tmp, len / 4 * 3 + 1);
	free(tmp);
	free(check);
	return rc;
}

int
b64url_encode(const void *in, size_t len, char *out, size_t outsz)
{
	int	 n, i;

	n = b64_encode(in, len, out, outsz);
	if (n < 0)
		return -1;
	while (n > 0 && out[n - 1] == '=')
		out[--n] = '\0';
	for (i = 0; i < n; i++) {
		if (out[i] == '+')
			out[i] = '-';
		else if (out[i] == '/')
			out[i] = '_';
	}
	return n;
}

int
b64url_decode(const char *in, size_t len, uint8_t *out, size_t outsz,
    size_t *outlen)
{
	char	*std;
	size_t	 i, padded;
	int	 rc;

	/* One symbol left over cannot be whole bytes. */
	if (len % 4 == 1 || len > 0x3ffffff0)
		return -1;
	padded = (len + 3) / 4 * 4;
	std = malloc(padded + 1);
	if (std == NULL)
		return -1;
	for (i = 0; i < len; i++) {
		if (in[i] == '+' || in[i] == '/' || in[i] == '=') {
			free(std);
			return -1;
		}
		std[i] = in[i] == '-' ? '+' : in[i] == '_' ? '/' : in[i];
	}
	for (; i < padded; i++)
		std[i] = '=';
	std[padded] = '\0';
	/* b64_decode() refuses what is not canonical, trailing bits too. */
	rc = b64_decode(std, padded, out, outsz, outlen);
	free(std);
	return rc;
}
