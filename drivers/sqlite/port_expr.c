/*
 * port_expr.c - an expression of a model from another engine, in the
 * canonical portable text the core rewrote it into (driver.h,
 * portable_expression), written as SQLite: the text is SQLite's already
 * (the port keeps names as they are), but for char_length(), which SQLite
 * calls length().
 */
#include "port.h"

static const char *const sqlite_spellings[] = {"char_length", "length", NULL};

static void put_name(void *ctx, const char *name) {
  sqlite_text_add_ident(ctx, name);
}

static void put_string(void *ctx, const char *value) {
  sqlite_text_adds(ctx, "'");
  for (const char *p = value; *p != '\0'; p++)
    sqlite_text_add(ctx, *p == '\'' ? "''" : p, *p == '\'' ? 2 : 1);
  sqlite_text_adds(ctx, "'");
}

static void put_text(void *ctx, const char *text, size_t length) {
  sqlite_text_add(ctx, text, length);
}

void sqlite_port_expression(const char *portable, struct sqlite_text *out) {
  struct common_spelling spelling = {.ctx = out,
                                     .name = put_name,
                                     .string = put_string,
                                     .put = put_text,
                                     .renames = sqlite_spellings};
  if (common_spell_portable(portable, &spelling) != 0)
    out->failed = 1;
}
