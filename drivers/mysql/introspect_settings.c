/*
 * introspect_settings.c - the session a stored program was created under.
 *
 * MySQL keeps with each routine and trigger the sql_mode, the client's
 * character set and the connection's collation it was created with, and
 * the database's collation then.  They decide how the body reads
 * (ANSI_QUOTES, PIPES_AS_CONCAT ...), what it does with a value that does
 * not fit (STRICT_*), the character set of its literals, and that of its
 * variables, parameters and result where they name none.  The model keeps
 * them as the statements that set a session up so
 * (strata_routine.settings), which a dump and a port run before the
 * program's CREATE (mysqldrv_render_stored_program()).
 *
 * The definition was read in utf8mb4.  Where the program's client
 * character set is not UTF-8 and the definition holds more than ASCII,
 * the text would not read the same in that set, so utf8mb4 stays the
 * client's: the characters arrive intact, and the literals still take
 * the connection's character set.
 */
#include <stdlib.h>
#include <string.h>

#include "mysqldrv.h"

int mysqldrv_session_keep(struct mysqldrv_program_session *s,
                          const char *const *values) {
  memset(s, 0, sizeof *s);
  for (int i = 0; i < MYSQLDRV_SESSION_VALUES; i++) {
    s->values[i] = values[i] ? strdup(values[i]) : NULL;
    if (values[i] != NULL && s->values[i] == NULL)
      return -1;
  }
  return 0;
}

void mysqldrv_session_release(struct mysqldrv_program_session *s) {
  for (int i = 0; i < MYSQLDRV_SESSION_VALUES; i++)
    free(s->values[i]);
}

static int is_ascii(const char *text) {
  for (; *text != '\0'; text++)
    if ((unsigned char)*text >= 0x80)
      return 0;
  return 1;
}

/* The client character set the definition is sent in. */
static const char *client_set(const char *client, const char *definition) {
  if (strncmp(client, "utf8", 4) == 0 || is_ascii(definition))
    return client;
  return "utf8mb4";
}

const char *mysqldrv_session_settings(struct mysqldrv_catalog *cat,
                                      const struct mysqldrv_program_session *s,
                                      const char *definition, int *failed) {
  char *const *v = s->values;
  struct mysqldrv_text t = {0};
  const char *settings;
  for (int i = 0; i < MYSQLDRV_SESSION_VALUES; i++)
    if (v[i] == NULL)
      return NULL;
  mysqldrv_text_puts(&t, "SET SESSION sql_mode = ");
  mysqldrv_text_literal(&t, v[MYSQLDRV_SESSION_SQL_MODE]);
  mysqldrv_text_puts(&t, ", character_set_client = ");
  mysqldrv_text_literal(&t, client_set(v[MYSQLDRV_SESSION_CLIENT], definition));
  mysqldrv_text_puts(&t, ", collation_connection = ");
  mysqldrv_text_literal(&t, v[MYSQLDRV_SESSION_CONNECTION]);
  mysqldrv_text_puts(&t, ";\nALTER DATABASE COLLATE ");
  mysqldrv_text_literal(&t, v[MYSQLDRV_SESSION_DATABASE]);
  mysqldrv_text_puts(&t, ";\n");
  settings = t.failed ? NULL
                      : mysqldrv_catalog_text(cat, t.data, t.length, failed);
  *failed |= t.failed;
  mysqldrv_text_release(&t);
  return settings;
}
