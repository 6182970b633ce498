/*
 * upload.h: scans sent from the browser, written into the scans folder.
 *
 * The files of one upload go into a folder of their own,
 * uploads/YYYYMMDD-HHMMSS-ACCOUNT/ under the scans folder, as they
 * arrive, so nothing large is held in memory.  Names are reduced to a
 * safe base name with a scan's extension.  When the request ends, every
 * file must open as an image (image.h); otherwise, or on any error, the
 * whole folder is removed and the upload refused, naming the file.
 */
#ifndef SOGOC_STAFF_UPLOAD_H
#define SOGOC_STAFF_UPLOAD_H

#include <stddef.h>
#include <stdint.h>

#define UPLOAD_FILES_MAX	500
#define UPLOAD_FILE_MAX		((uint64_t)200 << 20)	/* bytes a file */
#define UPLOAD_MAX		((uint64_t)2 << 30)	/* bytes in all */

struct upload;

/* A new upload for account by under scans; NULL with why in err. */
struct upload	*upload_begin(const char *scans, const char *by, char *err,
		    size_t errsz);

/*
 * Data of the file named name (as the browser gave it) at offset off.
 * A new name starts a new file.  0, or -1 with why in err: the upload is
 * then spoilt and upload_finish() will refuse it.
 */
int		 upload_chunk(struct upload *u, const char *name,
		    const char *data, uint64_t off, size_t size, char *err,
		    size_t errsz);

/*
 * Ends the upload: 0 with its folder (relative to the scans folder) in
 * folder and the number of files in *n, u still held: upload_keep() it
 * once its import has started, or upload_abort() it when none can start.
 * Or -1 with why in err, the files removed and u freed.
 */
int		 upload_finish(struct upload *u, char *folder, size_t foldersz,
		    int *n, char *err, size_t errsz);

/* Frees u, leaving its files for the import (NULL is fine). */
void		 upload_keep(struct upload *u);

/* Removes whatever was written and frees u (NULL is fine). */
void		 upload_abort(struct upload *u);

#endif /* SOGOC_STAFF_UPLOAD_H */
