/*
 * test_header.c: table-driven unit tests of header_match() in
 * text/header.c: every label of SPEC section 2 and the Circular 21/2019
 * forms as printed, in the casings, line breaks and diacritic slips seen on
 * scans, with OCR errors, and the headers that must name no field.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cm.h"

#include "field.h"
#include "header.h"

/* How a row expects to match. */
#define EXACT	1	/* score 1 */
#define FUZZY	0	/* score in [0.75, 1) */

static const struct {
	const char	*text;
	enum field	 want;
	int		 exact;
} label_cases[] = {
	/* seq */
	{ "TT", FIELD_SEQ, EXACT },
	{ "STT", FIELD_SEQ, EXACT },
	{ "S.T.T", FIELD_SEQ, EXACT },
	{ "stt", FIELD_SEQ, EXACT },
	{ "Số TT", FIELD_SEQ, EXACT },
	{ "SỐ TT", FIELD_SEQ, EXACT },
	{ "Số thứ tự", FIELD_SEQ, EXACT },
	{ "Số\nthứ tự", FIELD_SEQ, EXACT },
	{ "Số thứ tư", FIELD_SEQ, EXACT },
	{ "TT (1)", FIELD_SEQ, EXACT },
	{ "TT\n(1)", FIELD_SEQ, EXACT },
	{ "STT (l)", FIELD_SEQ, EXACT },
	/* full_name */
	{ "Họ và tên", FIELD_FULL_NAME, EXACT },
	{ "HỌ VÀ TÊN", FIELD_FULL_NAME, EXACT },
	{ "Ho va ten", FIELD_FULL_NAME, EXACT },
	{ "Họ và\ntên", FIELD_FULL_NAME, EXACT },
	{ "Họ và tên (2)", FIELD_FULL_NAME, EXACT },
	{ "(2) Họ và tên", FIELD_FULL_NAME, EXACT },
	{ "Ho va te\xcc\x82n", FIELD_FULL_NAME, EXACT },
	{ "Họ tên", FIELD_FULL_NAME, EXACT },
	{ "Họ và tên người học", FIELD_FULL_NAME, EXACT },
	{ "Họ và tên\nngười được cấp\nvăn bằng", FIELD_FULL_NAME, EXACT },
	{ "Họ và tên học sinh", FIELD_FULL_NAME, EXACT },
	{ "Ho va tcn", FIELD_FULL_NAME, FUZZY },
	{ "Họ và tén người hoc", FIELD_FULL_NAME, EXACT },
	{ "Họ và tên học sinh lớp", FIELD_FULL_NAME, FUZZY },
	/* date_of_birth */
	{ "Ngày sinh", FIELD_DATE_OF_BIRTH, EXACT },
	{ "NGÀY SINH", FIELD_DATE_OF_BIRTH, EXACT },
	{ "Ngay sinh", FIELD_DATE_OF_BIRTH, EXACT },
	{ "Ngày tháng năm sinh", FIELD_DATE_OF_BIRTH, EXACT },
	{ "Ngày\ntháng năm sinh", FIELD_DATE_OF_BIRTH, EXACT },
	{ "Ngày, tháng, năm sinh", FIELD_DATE_OF_BIRTH, EXACT },
	{ "Ngày, tháng,\nnăm sinh", FIELD_DATE_OF_BIRTH, EXACT },
	{ "NGÀY THÁNG NĂM SINH", FIELD_DATE_OF_BIRTH, EXACT },
	{ "Năm sinh", FIELD_DATE_OF_BIRTH, EXACT },
	{ "Ngàv tháng năm sinh", FIELD_DATE_OF_BIRTH, FUZZY },
	{ "Ngày sinh (ngày/tháng/năm)", FIELD_DATE_OF_BIRTH, FUZZY },
	{ "Noay sinh", FIELD_DATE_OF_BIRTH, FUZZY },
	/* place_of_birth */
	{ "Nơi sinh", FIELD_PLACE_OF_BIRTH, EXACT },
	{ "NƠI SINH", FIELD_PLACE_OF_BIRTH, EXACT },
	{ "Noi sinh", FIELD_PLACE_OF_BIRTH, EXACT },
	{ "Nơi sỉnh", FIELD_PLACE_OF_BIRTH, EXACT },
	{ "Nơi sinh (3)", FIELD_PLACE_OF_BIRTH, EXACT },
	{ "Nơl sinh", FIELD_PLACE_OF_BIRTH, FUZZY },
	/* sex */
	{ "Giới tính", FIELD_SEX, EXACT },
	{ "GIỚI TÍNH", FIELD_SEX, EXACT },
	{ "Gioi tinh", FIELD_SEX, EXACT },
	{ "Giói tỉnh", FIELD_SEX, EXACT },
	{ "Nam/Nữ", FIELD_SEX, EXACT },
	{ "Nam Nữ", FIELD_SEX, EXACT },
	{ "Nam\nNữ", FIELD_SEX, EXACT },
	{ "Nam", FIELD_SEX, EXACT },
	{ "Nữ", FIELD_SEX, EXACT },
	{ "NỮ", FIELD_SEX, EXACT },
	{ "Giới tính (Nam/Nữ)", FIELD_SEX, FUZZY },
	{ "Gióí tinb", FIELD_SEX, FUZZY },
	/* ethnicity */
	{ "Dân tộc", FIELD_ETHNICITY, EXACT },
	{ "DÂN TỘC", FIELD_ETHNICITY, EXACT },
	{ "Dan toc", FIELD_ETHNICITY, EXACT },
	{ "Dân tôc", FIELD_ETHNICITY, EXACT },
	{ "Dàn tọc", FIELD_ETHNICITY, EXACT },
	{ "Dân tộc\n(6)", FIELD_ETHNICITY, EXACT },
	{ "Dân tôe", FIELD_ETHNICITY, FUZZY },
	/* school */
	{ "Học sinh trường", FIELD_SCHOOL, EXACT },
	{ "HỌC SINH TRƯỜNG", FIELD_SCHOOL, EXACT },
	{ "Học sinh\ntrường", FIELD_SCHOOL, EXACT },
	{ "Trường", FIELD_SCHOOL, EXACT },
	{ "Hội đồng thi", FIELD_SCHOOL, EXACT },
	{ "Trường/Hội đồng thi", FIELD_SCHOOL, EXACT },
	{ "Trường/ Hội đồng thi", FIELD_SCHOOL, EXACT },
	{ "Học sinh của trường", FIELD_SCHOOL, EXACT },
	{ "Hội \xc3\x90ồng thi", FIELD_SCHOOL, EXACT },	/* Ð */
	{ "Hội đồng coi thi", FIELD_SCHOOL, FUZZY },
	/* classification */
	{ "Xếp loại", FIELD_CLASSIFICATION, EXACT },
	{ "XẾP LOẠI", FIELD_CLASSIFICATION, EXACT },
	{ "Xêp loai", FIELD_CLASSIFICATION, EXACT },
	{ "Xếp loại tốt nghiệp", FIELD_CLASSIFICATION, EXACT },
	{ "Xếp loại\ntốt nghiệp", FIELD_CLASSIFICATION, EXACT },
	{ "Loại tốt nghiệp", FIELD_CLASSIFICATION, EXACT },
	{ "Xếp loại TN", FIELD_CLASSIFICATION, EXACT },
	{ "Xếp Ioại tốt nghiệp", FIELD_CLASSIFICATION, FUZZY },
	/* serial_no */
	{ "Số hiệu văn bằng", FIELD_SERIAL_NO, EXACT },
	{ "SỐ HIỆU VĂN BẰNG", FIELD_SERIAL_NO, EXACT },
	{ "Sô hiệu văn băng", FIELD_SERIAL_NO, EXACT },
	{ "So hieu van bang", FIELD_SERIAL_NO, EXACT },
	{ "Số hiệu\nvăn bằng", FIELD_SERIAL_NO, EXACT },
	{ "Số hiệu văn bằng (9)", FIELD_SERIAL_NO, EXACT },
	{ "Số hiệu", FIELD_SERIAL_NO, EXACT },
	{ "Số hiệư", FIELD_SERIAL_NO, EXACT },
	{ "Số bằng", FIELD_SERIAL_NO, EXACT },
	{ "Số hiệu bằng", FIELD_SERIAL_NO, EXACT },
	{ "S6 hiệu văn bằng", FIELD_SERIAL_NO, FUZZY },
	{ "Số hiêu vản bàng", FIELD_SERIAL_NO, EXACT },
	{ "Số hiệu văn bằng, chứng chỉ", FIELD_SERIAL_NO, FUZZY },
	/* register_no */
	{ "Số vào sổ gốc cấp văn bằng", FIELD_REGISTER_NO, EXACT },
	{ "Số vào\nsổ gốc cấp\nvăn bằng", FIELD_REGISTER_NO, EXACT },
	{ "Số vàosổ gốc cấpvăn bằng", FIELD_REGISTER_NO, EXACT },
	{ "Số vào sổ", FIELD_REGISTER_NO, EXACT },
	{ "So vao so", FIELD_REGISTER_NO, EXACT },
	{ "Số vào sổ gốc", FIELD_REGISTER_NO, EXACT },
	{ "Số vào sồ gốc", FIELD_REGISTER_NO, EXACT },
	{ "Số vào sổ cấp bằng", FIELD_REGISTER_NO, EXACT },
	{ "Số vảo sổ", FIELD_REGISTER_NO, EXACT },
	{ "Số vao s0", FIELD_REGISTER_NO, FUZZY },
	{ "Sổ vào số gốc cấp văn bảng", FIELD_REGISTER_NO, EXACT },
	/* notes */
	{ "Ghi chú", FIELD_NOTES, EXACT },
	{ "GHI CHÚ", FIELD_NOTES, EXACT },
	{ "Ghi chu", FIELD_NOTES, EXACT },
	{ "Ghi chú (12)", FIELD_NOTES, EXACT },
	{ "Ghl chú", FIELD_NOTES, FUZZY },
	/* signature */
	{ "Ký nhận", FIELD_SIGNATURE, EXACT },
	{ "KÝ NHẬN", FIELD_SIGNATURE, EXACT },
	{ "Ký nhận (13)", FIELD_SIGNATURE, EXACT },
	{ "Người nhận văn bằng ký và ghi rõ họ tên", FIELD_SIGNATURE, EXACT },
	{ "Người nhận văn bằng\nký và ghi rõ\nhọ tên", FIELD_SIGNATURE,
	    EXACT },
	{ "Người nhận bằng ký", FIELD_SIGNATURE, EXACT },
	{ "Chữ ký", FIELD_SIGNATURE, EXACT },
	{ "Ký tên", FIELD_SIGNATURE, EXACT },
	{ "Ký tèn", FIELD_SIGNATURE, EXACT },
	{ "Ký và ghi rõ họ tên", FIELD_SIGNATURE, EXACT },
	{ "Kí nhận", FIELD_SIGNATURE, FUZZY },
	{ "Người nhận ký, ghi rõ họ tên", FIELD_SIGNATURE, FUZZY },
	/* Headers that name no field, and near misses. */
	{ "", FIELD_UNKNOWN, FUZZY },
	{ "   ", FIELD_UNKNOWN, FUZZY },
	{ "\n\n", FIELD_UNKNOWN, FUZZY },
	{ "Lớp", FIELD_UNKNOWN, FUZZY },
	{ "Lớp 12A", FIELD_UNKNOWN, FUZZY },
	{ "xxxx", FIELD_UNKNOWN, FUZZY },
	{ "(3)", FIELD_UNKNOWN, FUZZY },
	{ "123", FIELD_UNKNOWN, FUZZY },
	{ "|||", FIELD_UNKNOWN, FUZZY },
	{ "So", FIELD_UNKNOWN, FUZZY },
	{ "Số", FIELD_UNKNOWN, FUZZY },
	{ "Số vào", FIELD_UNKNOWN, FUZZY },
	{ "Ký", FIELD_UNKNOWN, FUZZY },
	{ "Họ", FIELD_UNKNOWN, FUZZY },
	{ "Tên", FIELD_UNKNOWN, FUZZY },
	{ "Giới", FIELD_UNKNOWN, FUZZY },
	{ "Điểm thi", FIELD_UNKNOWN, FUZZY },
	{ "Môn thi", FIELD_UNKNOWN, FUZZY },
	{ "Địa chỉ", FIELD_UNKNOWN, FUZZY },
	{ "Ngày cấp", FIELD_UNKNOWN, FUZZY },
	{ "Họ tên cha mẹ", FIELD_UNKNOWN, FUZZY },
	{ "Nơi cư trú", FIELD_UNKNOWN, FUZZY },
	{ "Nai sinh", FIELD_UNKNOWN, FUZZY },	/* Nơi sinh? Năm sinh? */
	{ "Ngày sinh Nơi sinh", FIELD_UNKNOWN, FUZZY },	/* merged cells */
	{ "Họ và tên Ngày sinh", FIELD_UNKNOWN, FUZZY },
	{ "Số hiệu văn bằng Số vào sổ", FIELD_UNKNOWN, FUZZY },
	/* two levels in one cell: the lower level names the column */
	{ "Văn bằng Số hiệu", FIELD_SERIAL_NO, EXACT },
	{ "Văn bằng Số vào sổ", FIELD_REGISTER_NO, EXACT },
	{ "Thông tin người học Họ và tên", FIELD_FULL_NAME, EXACT },
	{ "Người được cấp văn bằng Ngày tháng năm sinh",
	    FIELD_DATE_OF_BIRTH, EXACT },
	{ "Người được cấp văn bằng Nam", FIELD_UNKNOWN, FUZZY },
	{ "\xff\xfe\xfd", FIELD_UNKNOWN, FUZZY },
	{ "日本語", FIELD_UNKNOWN, FUZZY },
};

static void
test_labels(void **state)
{
	enum field	 got;
	double		 score;
	size_t		 i;
	int		 ok;

	(void)state;
	cm_failures = 0;
	for (i = 0; i < NELEM(label_cases); i++) {
		score = -1;
		got = header_match(label_cases[i].text, &score);
		if (label_cases[i].want == FIELD_UNKNOWN)
			ok = got == FIELD_UNKNOWN && score == 0;
		else if (label_cases[i].exact)
			ok = got == label_cases[i].want && score == 1;
		else
			ok = got == label_cases[i].want && score >= 0.75 &&
			    score < 1;
		CHECK(ok, "label[%zu] \"%s\": got %s %.3f, want %s %s\n", i,
		    label_cases[i].text, got == FIELD_UNKNOWN ? "unknown" :
		    field_key(got), score, label_cases[i].want ==
		    FIELD_UNKNOWN ? "unknown" : field_key(label_cases[i].want),
		    label_cases[i].exact ? "exact" : "fuzzy");

		/* The score pointer is optional. */
		CHECK(header_match(label_cases[i].text, NULL) == got,
		    "label[%zu]: differs without score\n", i);
	}
	assert_int_equal(cm_failures, 0);
}

static void
test_hostile(void **state)
{
	enum field	 got;
	double		 score = -1;
	char		*big;
	size_t		 i, n = 256 * 1024;

	(void)state;
	got = header_match(NULL, &score);
	assert_int_equal(got, FIELD_UNKNOWN);
	assert_true(score == 0);

	big = malloc(n + 1);
	assert_non_null(big);

	/* A label buried in a huge cell is not a header. */
	for (i = 0; i < n; i++)
		big[i] = "Họ và tên "[i % 10];
	big[n] = '\0';
	score = -1;
	assert_int_equal(header_match(big, &score), FIELD_UNKNOWN);
	assert_true(score == 0);

	/* Unbalanced and repeated parentheses. */
	for (i = 0; i < n; i++)
		big[i] = "((1)"[i % 4];
	big[n] = '\0';
	assert_int_equal(header_match(big, NULL), FIELD_UNKNOWN);

	/* Invalid UTF-8 throughout. */
	for (i = 0; i < n; i++)
		big[i] = (char)(0x80 + i % 0x7f);
	big[n] = '\0';
	assert_int_equal(header_match(big, NULL), FIELD_UNKNOWN);

	/* A label followed by a string too long to compare. */
	memcpy(big, "Ghi chú ", strlen("Ghi chú "));
	for (i = strlen("Ghi chú "); i < n; i++)
		big[i] = 'x';
	big[n] = '\0';
	assert_int_equal(header_match(big, NULL), FIELD_UNKNOWN);
	free(big);
}

CM_MAIN(
	cmocka_unit_test(test_labels),
	cmocka_unit_test(test_hostile)
)
