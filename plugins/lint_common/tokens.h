/*
 * tokens.h - a token scan of one SQL statement, shared by the lint plugins
 * that read MySQL, SQLite and engine-neutral CREATE TABLE text.
 *
 * The statement boundaries come from the driver's splitter; this scan only
 * has to tell words, quoted names, strings, numbers and punctuation apart
 * inside one statement, and skip comments.  It knows the three dialects'
 * quoting: "name", `name`, [name], 'string' with '' inside, and, where
 * asked, MySQL's backslash escapes in strings.
 *
 * Names are compared lower-cased: MySQL and SQLite compare table names
 * without case on the platforms strata runs on, and a quoted name that
 * differs only in case from another is a mistake worth no finding.
 */
#ifndef STRATA_LINT_TOKENS_H
#define STRATA_LINT_TOKENS_H

#include <stddef.h>

enum tok_kind {
  TOK_WORD,   /* a keyword or an unquoted name */
  TOK_QUOTED, /* a quoted name */
  TOK_STRING,
  TOK_NUMBER,
  TOK_PUNCT /* one character: ( ) , ; = . and the rest */
};

struct tok {
  enum tok_kind kind;
  size_t offset; /* in the script */
  size_t length;
};

struct toks {
  const char *text; /* the script the offsets are in */
  struct tok *items;
  size_t count;
};

/* Scans length bytes of text from offset.  0, or -1 when memory runs out. */
int toks_scan(struct toks *t, const char *text, size_t offset, size_t length,
              int backslash_escapes);
void toks_release(struct toks *t);

struct strata_lint_script;

/* Scans each statement of script in turn and hands its tokens to read,
 * with state: how the token-reading rule sets walk a script.  0, or -1
 * when memory runs out (the statements before that one were read). */
int toks_each_statement(const struct strata_lint_script *script,
                        int backslash_escapes,
                        void (*read)(void *state, const struct toks *t),
                        void *state);

/* Whether token i exists and is the keyword word (any case). */
int toks_is(const struct toks *t, size_t i, const char *word);
/* Whether token i exists and is the punctuation character c. */
int toks_punct(const struct toks *t, size_t i, char c);
/* Whether token i is a name: a word or a quoted name. */
int toks_is_name(const struct toks *t, size_t i);
/* Token i as a name, unquoted and lower-cased, into out (n bytes). */
void toks_name(const struct toks *t, size_t i, char *out, size_t n);

/* Reads a possibly qualified name (a.b.c) at *i into out, the last part
 * only, and moves *i past it.  0, or -1 when there is no name at *i. */
int toks_qualified(const struct toks *t, size_t *i, char *out, size_t n);

/* The index of the token after the parenthesised group that opens at i
 * (t->count when it never closes). */
size_t toks_skip_group(const struct toks *t, size_t i);

/* The end (exclusive) of the comma-separated item that starts at i, ending
 * at a top-level comma, at the close of the enclosing group, or at end. */
size_t toks_item_end(const struct toks *t, size_t i, size_t end);

/* Whether the keyword word appears between tokens from and to, outside
 * any parenthesised group that opens there. */
int toks_has_word(const struct toks *t, size_t from, size_t to,
                  const char *word);

/* Tokens from..to as one lower-case text ("varchar(64)", "int unsigned"):
 * a space between two words, none around punctuation. */
void toks_text(const struct toks *t, size_t from, size_t to, char *out,
               size_t n);

/* In a column definition whose type starts at i, the end of the type: the
 * first word after the type's own first word that starts a column option
 * (NOT, NULL, DEFAULT, PRIMARY, CHARACTER SET, ...), or end. */
size_t toks_type_end(const struct toks *t, size_t i, size_t end);

/* Whether the item from..to of a CREATE TABLE list (or the rest of an ALTER
 * TABLE ... ADD) declares a table constraint or index rather than a
 * column: CONSTRAINT, PRIMARY, UNIQUE, FOREIGN, CHECK, KEY, INDEX, ... */
int toks_is_table_constraint(const struct toks *t, size_t i);

#endif
