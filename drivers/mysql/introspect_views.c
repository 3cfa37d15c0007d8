/*
 * introspect_views.c - views and triggers.
 *
 * A view's SELECT names the database in every reference (`app`.`orders`);
 * those are cut, so the dump loads into a database of another name.  A
 * SELECT in which information_schema may have lost a character is read
 * again (introspect_exact.c).
 * Routines are read first, since a view may call them.  Its
 * DEFINER is an account of this server and stays out; ALGORITHM and SQL
 * SECURITY are kept only where they differ from the defaults, as they
 * change what the view does.
 *
 * A trigger is rebuilt as CREATE TRIGGER without its DEFINER.  Several
 * triggers on one table, time and event run in ACTION_ORDER; a dump
 * creates them by name, so each one after the first created says whom it
 * FOLLOWS or PRECEDES among those already there.  The session it was
 * created under goes with it (introspect_settings.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mysqldrv.h"

enum view_value { V_NAME, V_DEFINITION, V_CHECK, V_SECURITY, V_ALGORITHM };

static const char *view_options(struct mysqldrv_catalog *cat,
                                const char *const *values, int *failed) {
  struct mysqldrv_text t = {0};
  const char *algorithm = values[V_ALGORITHM];
  const char *copy = NULL;
  if (algorithm != NULL && strcmp(algorithm, "UNDEFINED") != 0) {
    mysqldrv_text_puts(&t, "ALGORITHM=");
    mysqldrv_text_puts(&t, algorithm);
  }
  if (values[V_SECURITY] != NULL && strcmp(values[V_SECURITY], "INVOKER") == 0)
    mysqldrv_text_puts(&t, t.length ? " SQL SECURITY INVOKER"
                                    : "SQL SECURITY INVOKER");
  if (t.failed)
    *failed = 1;
  else if (t.length > 0)
    copy = mysqldrv_catalog_text(cat, t.data, t.length, failed);
  mysqldrv_text_release(&t);
  return copy;
}

/* The SELECT with its WITH CHECK OPTION, as the server gives it. */
static const char *view_definition(struct mysqldrv_catalog *cat,
                                   const char *const *values,
                                   const size_t *lengths, int *failed) {
  const char *check = values[V_CHECK];
  struct mysqldrv_text t = {0};
  const char *copy = NULL;
  mysqldrv_text_append(&t, values[V_DEFINITION], lengths[V_DEFINITION]);
  if (check != NULL && strcmp(check, "NONE") != 0) {
    mysqldrv_text_puts(&t, " WITH ");
    mysqldrv_text_puts(&t, check);
    mysqldrv_text_puts(&t, " CHECK OPTION");
  }
  if (t.failed)
    *failed = 1;
  else
    copy = mysqldrv_catalog_text(cat, t.data, t.length, failed);
  mysqldrv_text_release(&t);
  return copy;
}

static int take_view(void *ctx, int columns, const char *const *values,
                     const size_t *lengths) {
  struct mysqldrv_catalog *cat = ctx;
  struct strata_view *v;
  int failed = 0;
  (void)columns;
  if (values[V_DEFINITION] == NULL || lengths[V_DEFINITION] == 0)
    return mysqldrv_fail(cat->conn->host, cat->err, STRATA_ESQL,
                         "cannot read the definition of view '%s': the "
                         "account needs the SHOW VIEW privilege",
                         values[V_NAME]);
  v = STRATA_SCHEMA_APPEND(cat->conn->host, cat->schema, cat->schema->views,
                           cat->schema->view_count);
  if (v == NULL)
    return mysqldrv_catalog_nomem(cat);
  v->name =
      mysqldrv_catalog_text(cat, values[V_NAME], lengths[V_NAME], &failed);
  v->definition = view_definition(cat, values, lengths, &failed);
  v->options = view_options(cat, values, &failed);
  return failed ? mysqldrv_catalog_nomem(cat) : 0;
}

/* The length of the quoted token at s (a string or a `name`), which ends
 * at the first lone closing quote; a backslash escapes inside strings. */
static size_t quoted_length(const char *s, size_t length) {
  char q = s[0];
  size_t i = 1;
  while (i < length) {
    if (s[i] == '\\' && q != '`' && i + 1 < length)
      i += 2;
    else if (s[i] == q && i + 1 < length && s[i + 1] == q)
      i += 2;
    else if (s[i] == q)
      return i + 1;
    else
      i++;
  }
  return length;
}

/* The `name` at s, n bytes with its quotes, unquoted into out. */
static const char *unquoted(const char *s, size_t n, char *out) {
  size_t k = 0;
  for (size_t i = 1; i + 1 < n; i++) {
    out[k++] = s[i];
    i += s[i] == '`'; /* a doubled backtick */
  }
  out[k] = '\0';
  return out;
}

static int names_object(const struct mysqldrv_catalog *cat, const char *name) {
  const struct strata_schema *schema = cat->schema;
  if (cat->conn->host->schema_find_table(schema, name) != NULL)
    return 1;
  for (size_t i = 0; i < schema->view_count; i++)
    if (strcmp(schema->views[i]->name, name) == 0)
      return 1;
  for (size_t i = 0; i < schema->routine_count; i++)
    if (strcmp(schema->routines[i]->name, name) == 0)
      return 1;
  return 0;
}

/* Whether the tokens at s (the first n bytes long) are `db`.`object`, db
 * being this database and object one of its tables, views or routines;
 * `t`.`col`, where a table or alias t bears the database's name, stays
 * whole.  scratch has room for length bytes. */
static int is_qualified(const struct mysqldrv_catalog *cat, const char *s,
                        size_t n, size_t length, char *scratch) {
  size_t m;
  if (s[0] != '`' || n + 1 >= length || s[n] != '.' || s[n + 1] != '`' ||
      strcmp(unquoted(s, n, scratch), cat->database) != 0)
    return 0;
  m = quoted_length(s + n + 1, length - n - 1);
  return names_object(cat, unquoted(s + n + 1, m, scratch));
}

/* The definition with `db`. cut from its references to this database's
 * objects, outside string literals. */
static const char *unqualify(struct mysqldrv_catalog *cat, const char *sql,
                             int *failed) {
  size_t length = strlen(sql), i = 0;
  struct mysqldrv_text t = {0};
  char *scratch = malloc(length + 1);
  const char *copy = NULL;
  while (scratch != NULL && i < length) {
    size_t n = 1;
    if (sql[i] == '\'' || sql[i] == '"' || sql[i] == '`')
      n = quoted_length(sql + i, length - i);
    if (is_qualified(cat, sql + i, n, length - i, scratch))
      n++; /* `db`. goes */
    else
      mysqldrv_text_append(&t, sql + i, n);
    i += n;
  }
  if (scratch == NULL || t.failed)
    *failed = 1;
  else
    copy = mysqldrv_catalog_text(cat, t.data ? t.data : "", t.length, failed);
  free(scratch);
  mysqldrv_text_release(&t);
  return copy;
}

/* A definition with a '?' may have lost characters: SHOW CREATE VIEW has
 * them. */
static struct mysqldrv_exact view_select(void *ctx, size_t i) {
  struct strata_view *v = ((struct strata_schema *)ctx)->views[i];
  return (struct mysqldrv_exact){
      .kind = "VIEW", .name = v->name, .text = &v->definition};
}

/* Definitions are unqualified once every view's name is known. */
int mysqldrv_read_views(struct mysqldrv_catalog *cat) {
  static const char sql[] =
      "SELECT TABLE_NAME, VIEW_DEFINITION, CHECK_OPTION, SECURITY_TYPE, %s "
      "FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ? "
      "ORDER BY TABLE_NAME";
  char query[sizeof sql + 16];
  int rc, failed = 0;
  snprintf(query, sizeof query, sql,
           cat->has_view_algorithm ? "ALGORITHM" : "NULL");
  rc = mysqldrv_catalog_query(cat, query, take_view, cat);
  if (rc == 0)
    rc = mysqldrv_read_exact(cat, view_select, cat->schema,
                             cat->schema->view_count);
  for (size_t i = 0; rc == 0 && i < cat->schema->view_count; i++) {
    struct strata_view *v = cat->schema->views[i];
    v->definition = unqualify(cat, v->definition, &failed);
    if (failed)
      rc = mysqldrv_catalog_nomem(cat);
  }
  return rc;
}

enum trigger_value {
  T_TABLE,
  T_NAME,
  T_TIMING,
  T_EVENT,
  T_ORDER,
  T_STATEMENT,
  T_SESSION /* the four values mysqldrv_session_keep() takes */
};

/* A trigger read but not yet put in the model: its strings are. */
struct pending_trigger {
  struct strata_table *table;
  const char *name;
  const char *timing;
  const char *event;
  const char *statement;
  struct mysqldrv_program_session session;
};

struct trigger_reader {
  struct mysqldrv_catalog *cat;
  struct pending_trigger *triggers; /* by table, timing, event, order */
  size_t count;
  size_t size;
};

static int take_trigger(void *ctx, int columns, const char *const *values,
                        const size_t *lengths) {
  struct trigger_reader *r = ctx;
  struct mysqldrv_catalog *cat = r->cat;
  struct pending_trigger *p;
  int failed = 0;
  (void)columns;
  if (r->count == r->size) {
    size_t size = r->size ? 2 * r->size : 16;
    p = realloc(r->triggers, size * sizeof *p);
    if (p == NULL)
      return mysqldrv_catalog_nomem(cat);
    r->triggers = p;
    r->size = size;
  }
  p = &r->triggers[r->count];
  p->table = mysqldrv_catalog_table(cat, values[T_TABLE]);
  if (p->table == NULL)
    return 0;
  r->count++;
  if (mysqldrv_session_keep(&p->session, values + T_SESSION) != 0)
    failed = 1;
  p->name =
      mysqldrv_catalog_text(cat, values[T_NAME], lengths[T_NAME], &failed);
  p->timing =
      mysqldrv_catalog_text(cat, values[T_TIMING], lengths[T_TIMING], &failed);
  p->event =
      mysqldrv_catalog_text(cat, values[T_EVENT], lengths[T_EVENT], &failed);
  p->statement = mysqldrv_catalog_text(cat, values[T_STATEMENT],
                                       lengths[T_STATEMENT], &failed);
  return failed ? mysqldrv_catalog_nomem(cat) : 0;
}

static int same_group(const struct pending_trigger *a,
                      const struct pending_trigger *b) {
  return a->table == b->table && strcmp(a->timing, b->timing) == 0 &&
         strcmp(a->event, b->event) == 0;
}

/* Among the triggers of group (n, in action order) a dump creates before
 * group[k], that is those named before it: the nearest one that runs
 * before it, which k FOLLOWS, or else the nearest that runs after it,
 * which k PRECEDES.  NULL for the first one created. */
static const char *anchor(const struct pending_trigger *group, size_t n,
                          size_t k, const char **verb) {
  const char *name = group[k].name;
  for (size_t i = k; i-- > 0;)
    if (strcmp(group[i].name, name) < 0) {
      *verb = "FOLLOWS";
      return group[i].name;
    }
  for (size_t i = k + 1; i < n; i++)
    if (strcmp(group[i].name, name) < 0) {
      *verb = "PRECEDES";
      return group[i].name;
    }
  return NULL;
}

static int add_trigger(struct mysqldrv_catalog *cat,
                       const struct pending_trigger *group, size_t n,
                       size_t k) {
  const struct pending_trigger *p = &group[k];
  struct mysqldrv_text t = {0};
  const char *verb = NULL, *other = anchor(group, n, k, &verb);
  int failed = 0;
  struct strata_trigger *tr =
      STRATA_SCHEMA_APPEND(cat->conn->host, cat->schema, p->table->triggers,
                           p->table->trigger_count);
  if (tr == NULL)
    return mysqldrv_catalog_nomem(cat);
  *tr = (struct strata_trigger){.name = p->name,
                                .table = p->table->name,
                                .timing = p->timing,
                                .events = p->event};
  mysqldrv_text_puts(&t, "CREATE TRIGGER ");
  mysqldrv_text_ident(&t, p->name);
  mysqldrv_text_puts(&t, " ");
  mysqldrv_text_puts(&t, p->timing);
  mysqldrv_text_puts(&t, " ");
  mysqldrv_text_puts(&t, p->event);
  mysqldrv_text_puts(&t, " ON ");
  mysqldrv_text_ident(&t, p->table->name);
  mysqldrv_text_puts(&t, " FOR EACH ROW ");
  if (other != NULL) {
    mysqldrv_text_puts(&t, verb);
    mysqldrv_text_puts(&t, " ");
    mysqldrv_text_ident(&t, other);
    mysqldrv_text_puts(&t, " ");
  }
  mysqldrv_text_puts(&t, p->statement);
  if (!t.failed)
    tr->definition = mysqldrv_catalog_text(cat, t.data, t.length, &failed);
  if (tr->definition != NULL)
    tr->settings =
        mysqldrv_session_settings(cat, &p->session, tr->definition, &failed);
  mysqldrv_text_release(&t);
  return failed || t.failed ? mysqldrv_catalog_nomem(cat) : 0;
}

static int add_triggers(struct trigger_reader *r) {
  size_t start = 0;
  int rc = 0;
  while (rc == 0 && start < r->count) {
    size_t end = start + 1;
    while (end < r->count && same_group(&r->triggers[start], &r->triggers[end]))
      end++;
    for (size_t k = 0; rc == 0 && k < end - start; k++)
      rc = add_trigger(r->cat, r->triggers + start, end - start, k);
    start = end;
  }
  return rc;
}

/* A statement with a '?' may have lost characters: SHOW CREATE TRIGGER
 * has them. */
static struct mysqldrv_exact trigger_statement(void *ctx, size_t i) {
  struct pending_trigger *p = &((struct trigger_reader *)ctx)->triggers[i];
  return (struct mysqldrv_exact){
      .kind = "TRIGGER", .name = p->name, .text = &p->statement};
}

int mysqldrv_read_triggers(struct mysqldrv_catalog *cat) {
  static const char sql[] =
      "SELECT EVENT_OBJECT_TABLE, TRIGGER_NAME, ACTION_TIMING, "
      "EVENT_MANIPULATION, ACTION_ORDER, ACTION_STATEMENT, SQL_MODE, "
      "CHARACTER_SET_CLIENT, COLLATION_CONNECTION, DATABASE_COLLATION "
      "FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ? "
      "ORDER BY EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, "
      "ACTION_ORDER";
  struct trigger_reader r = {.cat = cat};
  int rc = mysqldrv_catalog_query(cat, sql, take_trigger, &r);
  if (rc == 0)
    rc = mysqldrv_read_exact(cat, trigger_statement, &r, r.count);
  if (rc == 0)
    rc = add_triggers(&r);
  for (size_t i = 0; i < r.count; i++)
    mysqldrv_session_release(&r.triggers[i].session);
  free(r.triggers);
  return rc;
}
