/*
 * field.c: names of the canonical ledger fields (see field.h).
 */
#include "config.h"

#include <string.h>

#include "field.h"

static const char *const field_keys[FIELD_COUNT] = {
	"seq",
	"full_name",
	"date_of_birth",
	"place_of_birth",
	"sex",
	"ethnicity",
	"school",
	"classification",
	"serial_no",
	"register_no",
	"notes",
	"signature",
};

const char *
field_key(enum field f)
{
	if (f < 0 || f >= FIELD_COUNT)
		return NULL;
	return field_keys[f];
}

/* The ledger's usual column label of each field. */
static const char *const field_labels[FIELD_COUNT] = {
	"STT", "Họ và tên", "Ngày sinh", "Nơi sinh", "Giới tính", "Dân tộc",
	"Trường", "Xếp loại", "Số hiệu văn bằng", "Số vào sổ", "Ghi chú",
	"Chữ ký",
};

const char *
field_label(enum field f)
{
	if (f < 0 || f >= FIELD_COUNT)
		return NULL;
	return field_labels[f];
}

enum field
field_from_key(const char *key)
{
	int	 i;

	if (key == NULL)
		return FIELD_UNKNOWN;
	for (i = 0; i < FIELD_COUNT; i++)
		if (strcmp(key, field_keys[i]) == 0)
			return (enum field)i;
	return FIELD_UNKNOWN;
}
