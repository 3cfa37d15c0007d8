/*
 * text.h - what the layout plugins share: walking a file line by
 * line, recognising a tool's comment markers, and reading the usual
 * "<version>_<name>" file names.  Linked into each layout module; it is
 * no plugin itself and knows nothing of the core.
 */
#ifndef STRATA_PLUGINS_TEXT_H
#define STRATA_PLUGINS_TEXT_H

#include <stddef.h>
#include <strata/layout.h>

/* One line: [start, end) without its "\n" or "\r\n"; next is where the
 * following line starts. */
struct layout_line {
  size_t start, end, next;
};

/* The line that starts at pos; 0 when pos is at the end of text. */
int layout_next_line(const char *text, size_t len, size_t pos,
                     struct layout_line *out);

/* Whether the line is a comment "--", blanks, then word (compared without
 * case; a blank inside word matches any run of blanks), ending there or
 * at a blank.  *rest is where the line goes on after word. */
int layout_line_marker(const char *text, const struct layout_line *l,
                       const char *word, size_t *rest);

/* Whether any line of text is the comment marker word (as
 * layout_line_marker reads it): how a layout of marked sections claims a
 * file. */
int layout_has_marker(const char *text, size_t length, const char *word);

/* Whether [from, l->end) holds word (without case) as a blank-separated
 * word: dbmate's "transaction:false" after its marker. */
int layout_line_has_word(const char *text, size_t from,
                         const struct layout_line *l, const char *word);

/* Whether every line of [from, to) is blank or a "--" comment: a file of
 * only comments is an empty migration, not a malformed one. */
int layout_only_comments(const char *text, size_t from, size_t to);

/* Whether name (n bytes) is a migration name: letters, digits, '_', '-'. */
int layout_name_valid(const char *name, size_t n);

/* Copies n bytes of src into dst (cap bytes) with a NUL; 0 when they do
 * not fit. */
int layout_copy(char *dst, size_t cap, const char *src, size_t n);

/* Whether s (n bytes) ends with suffix, compared without case when fold. */
int layout_ends_with(const char *s, size_t n, const char *suffix, int fold);

/* Whether path names a migration file's text: a .sql file that is not
 * hidden.  *len is then the length of path without ".sql". */
int layout_sql_stem(const char *path, size_t *len);

/* Reads "<digits>_<name>.sql" (the digits and name of dbmate and goose
 * files) into out with role: 0, 1 for a file that is not a .sql file or
 * is hidden, or STRATA_ESOURCE through host for a .sql file of another
 * shape, naming form (the expected shape) in the message. */
int layout_parse_simple(const struct strata_host *host, const char *path,
                        enum strata_layout_role role, const char *form,
                        struct strata_layout_file *out,
                        struct strata_error *err);

/* Sets a malformed-name error: "malformed migration file name 'path':
 * expected form". */
int layout_malformed(const struct strata_host *host, const char *path,
                     const char *form, struct strata_error *err);

/* Sets a STRATA_ESOURCE error about the file's text, pointing err->offset
 * at offset in it; returns the code. */
int layout_refuse_at(const struct strata_host *host, size_t offset,
                     struct strata_error *err, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* The section of a file that holds one direction only (plain's files,
 * diesel's up.sql and down.sql): the whole file when its role is the
 * direction asked, else absent. */
void layout_one_direction(enum strata_layout_role role,
                          enum strata_layout_direction direction,
                          size_t length, struct strata_layout_section *out);

/* For a file of sections (dbmate, goose) in which no section is marked: a
 * file of only comments is an empty migration, both ways, so *out is the
 * whole file; SQL outside any section is refused, as the tool refuses it,
 * naming the up marker it lacks ("-- up_marker"). */
int layout_unmarked_sections(const struct strata_host *host, const char *text,
                             size_t length, const char *tool,
                             const char *up_marker,
                             struct strata_layout_section *out,
                             struct strata_error *err);

#endif
