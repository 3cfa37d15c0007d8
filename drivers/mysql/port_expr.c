/*
 * port_expr.c - an expression of a model from another engine, in the
 * canonical portable text the core rewrote it into (driver.h,
 * portable_expression), written as MySQL: names mapped as the port maps
 * them and quoted in backticks, strings with their backslashes escaped,
 * and length() as char_length(), since MySQL's length() counts bytes.
 * The rest of the text means the same in MySQL as it is.
 */
#include "port.h"

#include <string.h>

static const char *const mysql_spellings[] = {"length", "char_length", NULL};

static void put_name(void *ctx, const char *name) {
  char buf[MYSQLDRV_PORT_NAME_SIZE];
  mysqldrv_port_name(name, buf);
  mysqldrv_text_ident(ctx, buf);
}

static void put_string(void *ctx, const char *value) {
  mysqldrv_text_literal(ctx, value);
}

static void put_text(void *ctx, const char *text, size_t length) {
  mysqldrv_text_append(ctx, text, length);
}

void mysqldrv_port_expression(const char *portable, struct mysqldrv_text *out) {
  struct common_spelling spelling = {.ctx = out,
                                     .name = put_name,
                                     .string = put_string,
                                     .put = put_text,
                                     .renames = mysql_spellings};
  if (common_spell_portable(portable, &spelling) != 0)
    out->failed = 1;
}

int mysqldrv_port_is_copied(const struct strata_column *c) {
  return !(c->flags &
           (STRATA_COLUMN_GENERATED_STORED | STRATA_COLUMN_GENERATED_VIRTUAL));
}
