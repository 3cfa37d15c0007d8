/*
 * conn.c - connecting to a MySQL or MariaDB server.
 *
 *   mysql://user:password@host:port/database?ssl-mode=REQUIRED&ssl-ca=PATH
 *   mysql://user@/database?socket=/run/mysqld/mysqld.sock
 *   mariadb://...                        (the same)
 *
 * The [client] group of the option files (~/.my.cnf ...) is read first, so
 * whatever the URL leaves out comes from there, as with the mysql client.
 * A URL with a port speaks TCP even to "localhost", which the client
 * library would otherwise take to mean its default socket.
 *
 * Every session uses utf8mb4 and the time zone +00:00, so that TIMESTAMP
 * values read and written by migrations are not shifted by the server's
 * zone.  The sql_mode stays the server's: migrations are written for it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mysqldrv.h"

enum ssl_mode {
  SSL_MODE_UNSET,
  SSL_MODE_IS_DISABLED,
  SSL_MODE_IS_PREFERRED,
  SSL_MODE_IS_REQUIRED,
  SSL_MODE_IS_VERIFY_CA,
  SSL_MODE_IS_VERIFY_IDENTITY
};

static const char *const ssl_mode_names[] = {
    NULL, "DISABLED", "PREFERRED", "REQUIRED", "VERIFY_CA", "VERIFY_IDENTITY",
};

/* What the URL's ?parameters ask for. */
struct conn_options {
  const char *socket;
  enum ssl_mode ssl_mode;
  const char *ssl_ca;
  unsigned connect_timeout; /* seconds; 0: the library's default */
};

/* Parameter names match with '-' and '_' alike: ssl-mode, ssl_mode. */
static int param_is(const char *key, const char *name) {
  for (; *key && *name; key++, name++) {
    char k = *key == '_' ? '-' : *key;
    if (k != *name)
      return 0;
  }
  return *key == *name;
}

static int parse_ssl_mode(const struct strata_host *host, const char *value,
                          enum ssl_mode *out, struct strata_error *err) {
  for (int i = SSL_MODE_IS_DISABLED; i <= SSL_MODE_IS_VERIFY_IDENTITY; i++) {
    if (strcasecmp(value, ssl_mode_names[i]) == 0) {
      *out = (enum ssl_mode)i;
      return 0;
    }
  }
  return mysqldrv_fail(host, err, STRATA_EURL,
                       "unknown ssl-mode '%s'; use DISABLED, PREFERRED, "
                       "REQUIRED, VERIFY_CA or VERIFY_IDENTITY",
                       value);
}

static int parse_timeout(const struct strata_host *host, const char *value,
                         unsigned *out, struct strata_error *err) {
  char *end;
  long n = strtol(value, &end, 10);
  if (*value == '\0' || *end != '\0' || n <= 0 || n > 86400)
    return mysqldrv_fail(host, err, STRATA_EURL,
                         "connect_timeout '%s' is not a number of seconds "
                         "between 1 and 86400",
                         value);
  *out = (unsigned)n;
  return 0;
}

static int read_param(const struct strata_host *host,
                      const struct strata_url_param *p, struct conn_options *o,
                      const char *redacted, struct strata_error *err) {
  const char *value = p->value ? p->value : "";
  if (param_is(p->key, "socket"))
    o->socket = value;
  else if (param_is(p->key, "ssl-ca"))
    o->ssl_ca = value;
  else if (param_is(p->key, "ssl-mode"))
    return parse_ssl_mode(host, value, &o->ssl_mode, err);
  else if (param_is(p->key, "connect-timeout"))
    return parse_timeout(host, value, &o->connect_timeout, err);
  else
    return mysqldrv_fail(host, err, STRATA_EURL,
                         "unknown parameter '%s' in '%s'; use socket, "
                         "ssl-mode, ssl-ca or connect_timeout",
                         p->key, redacted);
  return 0;
}

static int read_options(const struct strata_host *host,
                        const struct strata_url *url, struct conn_options *o,
                        struct strata_error *err) {
  memset(o, 0, sizeof(*o));
  for (size_t i = 0; i < url->param_count; i++) {
    int rc = read_param(host, &url->params[i], o, url->redacted, err);
    if (rc != 0)
      return rc;
  }
  /* A host that is a path names the server's socket. */
  if (o->socket == NULL && url->host != NULL && url->host[0] == '/')
    o->socket = url->host;
  return 0;
}

#if defined(MARIADB_PACKAGE_VERSION_ID)
/* MariaDB Connector/C, Debian's default client library, has no ssl-mode:
 * REQUIRED asks for TLS (check_tls() makes sure it was used) and the
 * VERIFY modes also check the server's certificate and name.  Connector/C
 * 3.3 uses TLS only when asked to, so DISABLED and PREFERRED leave the
 * library's (and ~/.my.cnf's) choice. */
static void apply_tls(MYSQL *m, const struct conn_options *o) {
  my_bool on = 1;
  if (o->ssl_ca != NULL)
    mysql_options(m, MYSQL_OPT_SSL_CA, o->ssl_ca);
  if (o->ssl_mode >= SSL_MODE_IS_REQUIRED)
    mysql_options(m, MYSQL_OPT_SSL_ENFORCE, &on);
  if (o->ssl_mode >= SSL_MODE_IS_VERIFY_CA)
    mysql_options(m, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &on);
}
#else
/* libmysqlclient takes the modes as they are.  Without TLS, MySQL 8's
 * caching_sha2_password needs the server's RSA key to send a password. */
static void apply_tls(MYSQL *m, const struct conn_options *o) {
  static const unsigned modes[] = {
      0,
      SSL_MODE_DISABLED,
      SSL_MODE_PREFERRED,
      SSL_MODE_REQUIRED,
      SSL_MODE_VERIFY_CA,
      SSL_MODE_VERIFY_IDENTITY,
  };
  bool fetch_key = true;
  if (o->ssl_ca != NULL)
    mysql_options(m, MYSQL_OPT_SSL_CA, o->ssl_ca);
  if (o->ssl_mode != SSL_MODE_UNSET)
    mysql_options(m, MYSQL_OPT_SSL_MODE, &modes[o->ssl_mode]);
  mysql_options(m, MYSQL_OPT_GET_SERVER_PUBLIC_KEY, &fetch_key);
}
#endif

static void apply_options(MYSQL *m, const struct strata_url *url,
                          const struct conn_options *o) {
  unsigned protocol = MYSQL_PROTOCOL_TCP;
  mysql_options(m, MYSQL_READ_DEFAULT_GROUP, "client");
  mysql_options(m, MYSQL_SET_CHARSET_NAME, "utf8mb4");
  if (o->connect_timeout > 0)
    mysql_options(m, MYSQL_OPT_CONNECT_TIMEOUT, &o->connect_timeout);
  if (o->socket != NULL)
    protocol = MYSQL_PROTOCOL_SOCKET;
  if (o->socket != NULL || url->port != 0)
    mysql_options(m, MYSQL_OPT_PROTOCOL, &protocol);
  apply_tls(m, o);
}

static const char *server_host(const struct strata_url *url,
                               const struct conn_options *o) {
  if (o->socket != NULL)
    return "localhost";
  return url->host != NULL && url->host[0] != '\0' ? url->host : NULL;
}

/* Connector/C 3.3 falls back to a plain connection when the server offers
 * no TLS, even when told to enforce it: check what was agreed. */
static int check_tls(const struct strata_host *host, MYSQL *m,
                     const struct conn_options *o, const char *redacted,
                     struct strata_error *err) {
  if (o->ssl_mode < SSL_MODE_IS_REQUIRED || mysql_get_ssl_cipher(m) != NULL)
    return 0;
  return mysqldrv_fail(host, err, STRATA_ECONNECT,
                       "cannot connect to '%s' over TLS: the server does not "
                       "offer it; enable TLS on the server or drop ssl-mode",
                       redacted);
}

/* The option files are read while connecting and may name another
 * character set; the session is utf8mb4 whatever they say. */
static int pin_charset(const struct strata_host *host, MYSQL *m,
                       struct strata_error *err) {
  if (strcmp(mysql_character_set_name(m), "utf8mb4") != 0 &&
      mysql_set_character_set(m, "utf8mb4") != 0)
    return mysqldrv_server_error(host, m, NULL, 0, err);
  return 0;
}

static int pin_session(const struct strata_host *host, MYSQL *m,
                       struct strata_error *err) {
  static const char sql[] = "SET time_zone = '+00:00'";
  int rc = pin_charset(host, m, err);
  if (rc == 0 && mysql_real_query(m, sql, sizeof(sql) - 1) != 0)
    rc = mysqldrv_server_error(host, m, NULL, 0, err);
  return rc;
}

/* The session settings migrations set for themselves (a dump's
 * "SET FOREIGN_KEY_CHECKS=0", a sql_mode for old syntax), as the session
 * began: kept in user variables of the session, and put back after each
 * migration, with the pinned time zone in the same statement (one round
 * trip per migration, not two). */
static const char save_settings[] =
    "SET @strata_sql_mode = @@SESSION.sql_mode, "
    "@strata_foreign_key_checks = @@SESSION.foreign_key_checks, "
    "@strata_unique_checks = @@SESSION.unique_checks, "
    "@strata_sql_safe_updates = @@SESSION.sql_safe_updates";
const char mysqldrv_restore_settings[] =
    "SET SESSION sql_mode = @strata_sql_mode, "
    "foreign_key_checks = @strata_foreign_key_checks, "
    "unique_checks = @strata_unique_checks, "
    "sql_safe_updates = @strata_sql_safe_updates, time_zone = '+00:00'";

static int run_own(const struct strata_host *host, MYSQL *m, const char *sql,
                   struct strata_error *err) {
  if (mysql_real_query(m, sql, strlen(sql)) != 0)
    return mysqldrv_server_error(host, m, NULL, 0, err);
  return 0;
}

int mysqldrv_pin_charset(struct strata_conn *conn, struct strata_error *err) {
  return pin_charset(conn->host, conn->mysql, err);
}

/* The reset waits for the next thing the session runs (exec.c): after a
 * migration that is the history write before the next one's first
 * statement, and the three go in one packet. */
int mysqldrv_end_migration(struct strata_conn *conn, struct strata_error *err) {
  (void)err;
  conn->reset_pending = 1;
  return 0;
}

int mysqldrv_open(const struct strata_host *host, const struct strata_url *url,
                  const char *dbname, MYSQL **out, struct strata_error *err) {
  struct conn_options o;
  const char *redacted = url->redacted ? url->redacted : url->scheme;
  unsigned int local_files = 1;
  MYSQL *m;
  int rc;
  *out = NULL;
  rc = read_options(host, url, &o, err);
  if (rc != 0)
    return rc;
  if ((m = mysql_init(NULL)) == NULL)
    return mysqldrv_fail(host, err, STRATA_ENOMEM,
                         "out of memory starting a MySQL session");
  apply_options(m, url, &o);
  /* A port's loads send their rows as a local file (load.c); the handler
   * set after connecting sends nothing else. */
  mysql_options(m, MYSQL_OPT_LOCAL_INFILE, &local_files);
  if (mysql_real_connect(m, server_host(url, &o), url->user, url->password,
                         dbname, (unsigned)url->port, o.socket,
                         CLIENT_MULTI_RESULTS | CLIENT_MULTI_STATEMENTS) == NULL)
    rc = mysqldrv_connect_error(host, m, redacted, dbname, err);
  else if ((rc = check_tls(host, m, &o, redacted, err)) == 0)
    rc = pin_session(host, m, err);
  if (rc == 0)
    mysqldrv_refuse_local_files(m);
  if (rc == 0)
    rc = run_own(host, m, save_settings, err);
  if (rc != 0) {
    mysql_close(m);
    return rc;
  }
  *out = m;
  return 0;
}

int mysqldrv_url_database(const struct strata_host *host,
                          const struct strata_url *url, char **out,
                          struct strata_error *err) {
  const char *name = url->path ? url->path : "";
  *out = NULL;
  if (*name == '/')
    name++;
  if (*name == '\0')
    return 0;
  if (strchr(name, '/') != NULL)
    return mysqldrv_fail(host, err, STRATA_EURL,
                         "'%s' names the database '%s', but a MySQL "
                         "database name holds no '/'",
                         url->redacted, name);
  if ((*out = strdup(name)) == NULL)
    return mysqldrv_fail(host, err, STRATA_ENOMEM, "out of memory");
  return 0;
}

/* "10.11.6-MariaDB-0+deb12u1" -> "MariaDB 10.11.6"; "8.0.36" -> "MySQL
 * 8.0.36".  MariaDB 10 servers may prefix "5.5.5-" for old replicas. */
static void describe_server(MYSQL *m, char *out, size_t n) {
  const char *info = mysql_get_server_info(m);
  int mariadb = strstr(info, "MariaDB") != NULL;
  if (mariadb && strncmp(info, "5.5.5-", 6) == 0)
    info += 6;
  snprintf(out, n, "%s %.*s", mariadb ? "MariaDB" : "MySQL",
           (int)strspn(info, "0123456789."), info);
}

int mysqldrv_connect(const struct strata_host *host,
                     const struct strata_url *url, struct strata_conn **out,
                     struct strata_error *err) {
  struct strata_conn *conn;
  char *dbname;
  int rc;
  *out = NULL;
  rc = mysqldrv_url_database(host, url, &dbname, err);
  if (rc != 0)
    return rc;
  if ((conn = calloc(1, sizeof(*conn))) == NULL) {
    free(dbname);
    return mysqldrv_fail(host, err, STRATA_ENOMEM, "out of memory");
  }
  conn->host = host;
  mysqldrv_lease_init(conn);
  conn->database = dbname;
  rc = mysqldrv_open(host, url, dbname, &conn->mysql, err);
  if (rc != 0) {
    mysqldrv_disconnect(conn);
    return rc;
  }
  describe_server(conn->mysql, conn->version, sizeof(conn->version));
  *out = conn;
  return 0;
}

void mysqldrv_disconnect(struct strata_conn *conn) {
  if (conn == NULL)
    return;
  if (conn->mysql != NULL)
    mysql_close(conn->mysql);
  free(conn->database);
  free(conn);
}

const char *mysqldrv_server_version(struct strata_conn *conn) {
  return conn->version;
}
