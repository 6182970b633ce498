/*
 * serial.h: what the text of serial and entry numbers says about their
 * reading (text/serial.c).  Pure functions of their arguments:
 * thread-safe, nothing allocated.
 */
#ifndef SOGOC_TEXT_SERIAL_H
#define SOGOC_TEXT_SERIAL_H

/*
 * Returns 1 when raw, the text OCR read in a serial number's cell, runs its
 * letters into its digits with no space or hyphen between, and its last
 * letter is one OCR also reads for a digit (G 6, O D Q 0, I L 1, S 5, B 8,
 * Z 2): "TNG476798" may be "TN6476798", "AB6101075" "A86101075".  The
 * column cannot settle which (every row is read alike), so such a reading
 * is not evidence enough to accept.  0 otherwise, and for NULL.
 */
int		 norm_serial_boundary(const char *raw);

/*
 * Is b the entry after a: equal but for one run of digits whose value in
 * b is one more than in a ("A 0123456" -> "A 0123457", "05-THPT/1868" ->
 * "05-THPT/1869", "99" -> "100")?  Returns 1 or 0.
 */
int		 norm_consecutive(const char *a, const char *b);

#endif /* SOGOC_TEXT_SERIAL_H */
