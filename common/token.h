/*
 * token.h: random secrets written as text: session cookies, the private
 * links of copy requests, share codes.
 */
#ifndef SOGOC_COMMON_TOKEN_H
#define SOGOC_COMMON_TOKEN_H

#include <stddef.h>

/* base64url's 64 symbols, and Crockford's 32 (no I, L, O, U: typed by
 * hand without confusion). */
#define TOKEN_B64URL	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" \
			"0123456789-_"
#define TOKEN_B32	"0123456789ABCDEFGHJKMNPQRSTVWXYZ"

/*
 * Writes len random symbols of alphabet (of 32 or 64 symbols, each one
 * equally likely) and a NUL into out (len + 1 bytes), from OpenSSL's
 * generator.  0, or -1 when it fails (out is then "").
 */
int	token_random(char *out, size_t len, const char *alphabet);

/* Whether s is exactly len symbols of alphabet. */
int	token_valid(const char *s, size_t len, const char *alphabet);

#endif /* SOGOC_COMMON_TOKEN_H */
