/*
 * conn.c - connecting to PostgreSQL through libpq.
 *
 * The URL becomes libpq keywords: the parts it names, and every query
 * parameter but search_path and schema (which strata sets itself once
 * connected).  Parts the URL leaves out stay unset, so libpq's own defaults
 * still apply: PGHOST, PGUSER, ~/.pgpass, service files.
 *
 * libpq reports a failed connection as text only, so the failure is
 * classified from its wording: a server that cannot be reached is
 * STRATA_ECONNECT (the core retries that for --wait), a refused login
 * STRATA_EAUTH, a missing database STRATA_ENOTFOUND.
 */
#include "postgres.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* NOTICEs (a CREATE ... IF NOT EXISTS that skipped) are noise on every
 * run; warnings are worth showing.  The options libpq would have sent
 * (PGOPTIONS) and the URL's own come after, so either can bring notices
 * back with "-c client_min_messages=notice". */
#define DEFAULT_OPTIONS "-c client_min_messages=warning"

struct conninfo {
  const char **keys;
  const char **values;
  size_t count;
  char port[16];
  char *options;
};

static void conninfo_add(struct conninfo *ci, const char *key,
                         const char *value) {
  if (value == NULL || *value == '\0')
    return;
  ci->keys[ci->count] = key;
  ci->values[ci->count] = value;
  ci->count++;
}

static int is_strata_param(const char *key) {
  return strcmp(key, "search_path") == 0 || strcmp(key, "schema") == 0;
}

const char *postgres_url_dbname(const struct strata_url *url) {
  for (size_t i = 0; i < url->param_count; i++)
    if (strcmp(url->params[i].key, "dbname") == 0)
      return url->params[i].value;
  const char *path = url->path ? url->path : "";
  return *path == '/' ? path + 1 : path;
}

static int conninfo_options(struct conninfo *ci, const struct strata_url *url) {
  const char *env = getenv("PGOPTIONS"), *given = "";
  for (size_t i = 0; i < url->param_count; i++)
    if (strcmp(url->params[i].key, "options") == 0)
      given = url->params[i].value;
  env = env ? env : "";
  size_t n = strlen(DEFAULT_OPTIONS) + strlen(env) + strlen(given) + 3;
  ci->options = malloc(n);
  if (ci->options == NULL)
    return -1;
  snprintf(ci->options, n, "%s%s%s%s%s", DEFAULT_OPTIONS, *env ? " " : "", env,
           *given ? " " : "", given);
  return 0;
}

/* Defaults first and the URL's parameters last: libpq keeps the last value
 * of a keyword given twice. */
static int conninfo_build(struct conninfo *ci, const struct strata_url *url,
                          const char *dbname, int with_options) {
  memset(ci, 0, sizeof *ci);
  size_t max = url->param_count + 10;
  ci->keys = calloc(max, sizeof *ci->keys);
  ci->values = calloc(max, sizeof *ci->values);
  if (ci->keys == NULL || ci->values == NULL || conninfo_options(ci, url) != 0)
    return -1;
  conninfo_add(ci, "fallback_application_name", "strata");
  conninfo_add(ci, "client_encoding", "UTF8");
  conninfo_add(ci, "host", url->host);
  if (url->port > 0) {
    snprintf(ci->port, sizeof ci->port, "%d", url->port);
    conninfo_add(ci, "port", ci->port);
  }
  conninfo_add(ci, "user", url->user);
  conninfo_add(ci, "password", url->password);
  conninfo_add(ci, "dbname", dbname ? dbname : postgres_url_dbname(url));
  for (size_t i = 0; i < url->param_count; i++) {
    const struct strata_url_param *p = &url->params[i];
    if (!is_strata_param(p->key) && strcmp(p->key, "options") != 0 &&
        strcmp(p->key, "dbname") != 0)
      conninfo_add(ci, p->key, p->value);
  }
  if (with_options)
    conninfo_add(ci, "options", ci->options);
  return 0;
}

static void conninfo_release(struct conninfo *ci) {
  free(ci->keys);
  free(ci->values);
  free(ci->options);
}

/* A URL with no host reaches the server through a socket libpq chooses
 * (/var/run/postgresql, /tmp, PGHOST ...): its first line names the one it
 * tried, which the user needs to see. */
static void append_socket(const char *msg, size_t len, char *out, size_t n,
                          int used) {
  static const char on_socket[] = "on socket \"";
  const char *at = strstr(msg, on_socket);
  if (at == NULL || (size_t)(at - msg) >= len || used < 0 || (size_t)used >= n)
    return;
  at += strlen(on_socket);
  size_t path = strcspn(at, "\"\n");
  snprintf(out + used, n - (size_t)used, " (socket %.*s)", (int)path, at);
}

/* libpq's message is several lines, the first naming the server tried:
 * 'connection to server at "h", port 5432 failed: FATAL:  reason'.  The
 * reason alone, with no severity, makes the one-line message. */
static void connect_reason(const char *msg, char *out, size_t n) {
  size_t len = strcspn(msg, "\n");
  const char *failed = NULL;
  for (const char *p = msg;
       (p = strstr(p, " failed: ")) != NULL && (size_t)(p - msg) < len; p++)
    failed = p;
  const char *start =
      postgres_skip_severity(failed ? failed + strlen(" failed: ") : msg);
  int used =
      snprintf(out, n, "%.*s", (int)(len - (size_t)(start - msg)), start);
  append_socket(msg, len, out, n, used);
}

static int mentions(const char *msg, const char *const *words, size_t count) {
  for (size_t i = 0; i < count; i++)
    if (strstr(msg, words[i]) != NULL)
      return 1;
  return 0;
}

static const char *const auth_failures[] = {
    "authentication failed",
    "no password supplied",
    "pg_hba.conf",
    "role \"",
    "permission denied for database",
    "SCRAM",
    "password is required",
};

static const char *const url_mistakes[] = {
    "invalid connection option", "invalid sslmode value", "invalid port",
    "invalid integer value",     "invalid value for",
};

static int classify(const char *msg) {
  if (strstr(msg, "database \"") != NULL && strstr(msg, "does not exist"))
    return STRATA_ENOTFOUND;
  if (mentions(msg, auth_failures,
               sizeof auth_failures / sizeof *auth_failures))
    return STRATA_EAUTH;
  if (mentions(msg, url_mistakes, sizeof url_mistakes / sizeof *url_mistakes))
    return STRATA_EURL;
  return STRATA_ECONNECT;
}

/* The lines after the first ("\tIs the server running on that host ...?"),
 * without their indent. */
static void add_detail_lines(const char *rest, struct strata_error *err) {
  while (rest != NULL && *++rest != '\0') {
    rest += strspn(rest, " \t");
    int n = (int)strcspn(rest, "\n");
    if (n > 0)
      postgres_error_detail(err, "%.*s", n, rest);
    rest = strchr(rest, '\n');
  }
}

static int connect_failed(const struct strata_url *url, PGconn *pg,
                          struct strata_error *err) {
  const char *msg = PQerrorMessage(pg);
  char reason[512];
  connect_reason(msg, reason, sizeof reason);
  int code = classify(msg);
  const char *hint = code == STRATA_ENOTFOUND ? "; run 'strata create'" : "";
  postgres_error_set(err, code, "cannot connect to '%s': %s%s", url->redacted,
                     reason, hint);
  add_detail_lines(strchr(msg, '\n'), err);
  return code;
}

static PGconn *connect_with(const struct strata_url *url, const char *dbname,
                            int with_options) {
  struct conninfo ci;
  PGconn *pg = NULL;
  if (conninfo_build(&ci, url, dbname, with_options) == 0)
    pg = PQconnectdbParams(ci.keys, ci.values, 0);
  conninfo_release(&ci);
  return pg;
}

/* pgbouncer before 1.20 refuses the startup parameter "options" unless
 * told to ignore it: strata then connects without it, its notices
 * unfiltered, rather than not at all. */
static int refused_options(PGconn *pg) {
  return PQstatus(pg) != CONNECTION_OK &&
         strstr(PQerrorMessage(pg), "unsupported startup parameter: options");
}

int postgres_open(const struct strata_url *url, const char *dbname,
                  PGconn **out, struct strata_error *err) {
  *out = NULL;
  PGconn *pg = connect_with(url, dbname, 1);
  if (pg != NULL && refused_options(pg)) {
    PQfinish(pg);
    pg = connect_with(url, dbname, 0);
  }
  if (pg == NULL)
    return postgres_error_set(err, STRATA_ENOMEM, "out of memory");
  if (PQstatus(pg) != CONNECTION_OK) {
    int code = connect_failed(url, pg, err);
    PQfinish(pg);
    return code;
  }
  *out = pg;
  return 0;
}

int postgres_quote_ident(PGconn *pg, const char *name, char **out,
                         struct strata_error *err) {
  char *q = PQescapeIdentifier(pg, name, strlen(name));
  *out = q ? strdup(q) : NULL;
  PQfreemem(q);
  if (q == NULL)
    return postgres_error_set(
        err, STRATA_EINVAL, "cannot quote the name '%s': %.*s", name,
        (int)strcspn(PQerrorMessage(pg), "\n"), PQerrorMessage(pg));
  if (*out == NULL)
    return postgres_error_set(err, STRATA_ENOMEM, "out of memory");
  return 0;
}

/* Server warnings arrive as "WARNING:  text\n"; the user sees one line,
 * "WARNING: text". */
static void forward_notice(void *arg, const char *message) {
  const struct strata_conn *conn = arg;
  if (conn->host == NULL || conn->host->notice == NULL)
    return;
  const char *colon = strstr(message, ":  ");
  int severity = colon && colon - message < 16 ? (int)(colon - message) + 1 : 0;
  const char *text = message + severity + strspn(message + severity, " ");
  conn->host->notice(conn->host->host_ctx, "%.*s%s%.*s", severity, message,
                     severity ? " " : "", (int)strcspn(text, "\n"), text);
}

/* The search path is a list: "a, b" sets two schemas, each quoted. */
static int append_schemas(PGconn *pg, const char *list, char *sql, size_t n,
                          struct strata_error *err) {
  size_t used = strlen(sql);
  int first = 1;
  for (const char *p = list; *p != '\0'; p += *p == ',') {
    p += strspn(p, " ");
    size_t len = strcspn(p, ",");
    const char *next = p + len;
    while (len > 0 && p[len - 1] == ' ')
      len--;
    if (len > 0) {
      char *q = PQescapeIdentifier(pg, p, len);
      if (q == NULL)
        return postgres_error_set(err, STRATA_EURL, "invalid search_path '%s'",
                                  list);
      used += (size_t)snprintf(sql + used, used < n ? n - used : 0, "%s%s",
                               first ? "" : ", ", q);
      PQfreemem(q);
      first = 0;
    }
    p = next;
  }
  if (first)
    return postgres_error_set(err, STRATA_EURL,
                              "search_path '%s' names no schema", list);
  if (used >= n)
    return postgres_error_set(err, STRATA_EURL, "search_path '%s' is too long",
                              list);
  return 0;
}

static int set_search_path(struct strata_conn *conn,
                           const struct strata_url *url,
                           struct strata_error *err) {
  const char *path = NULL;
  for (size_t i = 0; i < url->param_count && path == NULL; i++)
    if (strcmp(url->params[i].key, "search_path") == 0)
      path = url->params[i].value;
  for (size_t i = 0; i < url->param_count && path == NULL; i++)
    if (strcmp(url->params[i].key, "schema") == 0)
      path = url->params[i].value;
  if (path == NULL || *path == '\0')
    return 0;
  if (conn->pooled)
    return postgres_error_set(err, STRATA_EURL,
                              "search_path '%s' cannot be set behind a "
                              "connection pooler, which does not keep a "
                              "session's settings; set it on the role "
                              "(ALTER ROLE ... SET search_path) instead",
                              path);
  char sql[sizeof conn->search_path_sql] = "SET search_path TO ";
  int rc = append_schemas(conn->pg, path, sql, sizeof sql, err);
  if (rc == 0)
    memcpy(conn->search_path_sql, sql, sizeof sql);
  return rc != 0 ? rc : postgres_exec(conn, sql, strlen(sql), err);
}

/* A migration's SET (search_path, a timeout, a role's settings) lasts
 * for the session: the next migration, and strata's own history writes,
 * must not inherit it.  RESET ALL goes back to what the connection
 * started with; the URL's search_path and strata's own lock timeout are
 * set again.  All of it goes ahead of whatever the session runs next
 * (exec.c), so nothing runs before them. */
int postgres_end_migration(struct strata_conn *conn, struct strata_error *err) {
  (void)err;
  conn->reset_pending = 1;
  return 0;
}

/* A pooler such as pgbouncer listens on a port of its own and dials the
 * server on another: the port the server says it listens on is then not
 * the one libpq dialled.  (Over a Unix socket the server reports none.) */
static int detect_pooler(struct strata_conn *conn, struct strata_error *err) {
  PGresult *res = PQexec(conn->pg, "SELECT pg_catalog.inet_server_port()");
  int rc = PQresultStatus(res) == PGRES_TUPLES_OK
               ? 0
               : postgres_result_error(conn->pg, res, NULL, 0, err);
  const char *dialled = PQport(conn->pg);
  if (rc == 0 && PQntuples(res) == 1 && !PQgetisnull(res, 0, 0) && dialled &&
      *dialled && strcmp(PQgetvalue(res, 0, 0), dialled) != 0)
    conn->pooled = 1;
  PQclear(res);
  return rc;
}

static void describe_version(struct strata_conn *conn) {
  int v = PQserverVersion(conn->pg);
  if (v >= 100000)
    snprintf(conn->version, sizeof conn->version, "PostgreSQL %d.%d", v / 10000,
             v % 10000);
  else
    snprintf(conn->version, sizeof conn->version, "PostgreSQL %d.%d.%d",
             v / 10000, v / 100 % 100, v % 100);
}

int postgres_connect(const struct strata_host *host,
                     const struct strata_url *url, struct strata_conn **out,
                     struct strata_error *err) {
  *out = NULL;
  struct strata_conn *conn = calloc(1, sizeof *conn);
  if (conn == NULL)
    return postgres_error_set(err, STRATA_ENOMEM, "out of memory");
  conn->host = host;
  postgres_lease_init(conn);
  int rc = postgres_open(url, NULL, &conn->pg, err);
  if (rc == 0) {
    PQsetNoticeProcessor(conn->pg, forward_notice, conn);
    describe_version(conn);
    rc = detect_pooler(conn, err);
  }
  if (rc == 0) {
    rc = set_search_path(conn, url, err);
  }
  if (rc != 0) {
    postgres_disconnect(conn);
    return rc;
  }
  *out = conn;
  return 0;
}

void postgres_disconnect(struct strata_conn *conn) {
  if (conn == NULL)
    return;
  PQfinish(conn->pg);
  free(conn);
}

const char *postgres_server_version(struct strata_conn *conn) {
  return conn->version;
}
