/*
 * field.c: names of the canonical ledger fields (see field.h).
 */
#include "config.h"

#include "field.h"
#include "names.h"

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
	return names_get(field_keys, FIELD_COUNT, (int)f);
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
	return names_get(field_labels, FIELD_COUNT, (int)f);
}

enum field
field_from_key(const char *key)
{
	int	 i;

	i = names_find(field_keys, FIELD_COUNT, key);
	return i < 0 ? FIELD_UNKNOWN : (enum field)i;
}
