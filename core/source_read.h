/*
 * source_read.h - reading and checking one migration file, and finding its
 * sections through its layout.  Shared by source.c (memory, down files)
 * and source_folder.c (a folder's up files).
 */
#ifndef STRATA_CORE_SOURCE_READ_H
#define STRATA_CORE_SOURCE_READ_H

#include <stddef.h>
#include <strata/layout.h>

#include "source.h"

/* Takes a leading byte-order mark off a script held in a heap buffer. */
void source_strip_bom(char *text, size_t *len);

/* Reads a file whole, a short one with one read() and no stat(): file is
 * relative to the folder open as at (AT_FDCWD: the working directory); path
 * names it in messages. */
int source_read_file(int at, const char *file, const char *path, char **text,
                     size_t *len, struct strata_error *err);
/* "cannot read migration file 'path': <errnum's text>" */
int source_cannot_read(const char *path, int errnum, struct strata_error *err);

/* Refuses a script that is not UTF-8 (unless binary: for an engine that
 * takes a literal's bytes as they are), holds a NUL byte, or holds the
 * section markers of a layout other than layout ("plain" in memory); what
 * and label name it ("migration file 'x.sql'"). */
int source_check_script(const char *what, const char *label, const char *text,
                        size_t len, const char *layout, int binary,
                        struct strata_error *err);

/* Reads the file (relative to the folder open as at, or AT_FDCWD) whole,
 * without its byte-order mark, and checks it: template is the text
 * `strata new` writes in such a file, refused; path names it. */
int source_read_script(int at, const char *file, const char *path,
                       const char *layout, int binary, const char *template,
                       char **text, size_t *len, struct strata_error *err);
/* The same for a text already read (as source_read_file() returns it):
 * *text is taken, and freed and set to NULL when it is refused. */
int source_accept_script(const char *path, const char *layout, int binary,
                         const char *template, char **text, size_t *len,
                         struct strata_error *err);

/* Finds the section of one direction in text, a file of that role read
 * by layout (NULL: the whole text is the section), with its chunks.
 * *present tells whether the file has that section at all. */
int source_read_section(const struct strata_layout *layout,
                        const struct strata_host *host, const char *path,
                        const char *text, size_t len,
                        enum strata_layout_role role,
                        enum strata_layout_direction dir, struct section *out,
                        int *present, struct strata_error *err);
void source_section_release(struct section *s);

/* An empty source; the release of one migration. */
void source_init(struct source *src);
void source_migration_release(struct migration *m);

#endif
