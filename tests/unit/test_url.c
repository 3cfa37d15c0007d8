/*
 * test_url.c - target URLs: every accepted form, decoding, redaction, and
 * errors that never show the password.
 */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "url.h"

struct url_case {
  const char *text;
  const char *scheme, *user, *password, *host;
  int port;
  const char *path;
  const char *redacted;
};

static const struct url_case valid[] = {
    {"postgres://user:pw@host:5432/db?sslmode=require&application_name=x",
     "postgres", "user", "pw", "host", 5432, "/db",
     "postgres://user:***@host:5432/db?sslmode=require&application_name=x"},
    {"postgresql://app@db.example.com/app", "postgresql", "app", NULL,
     "db.example.com", 0, "/app", "postgresql://app@db.example.com/app"},
    {"mysql://root:secret@127.0.0.1:3306/shop", "mysql", "root", "secret",
     "127.0.0.1", 3306, "/shop", "mysql://root:***@127.0.0.1:3306/shop"},
    {"mariadb://u@localhost/x", "mariadb", "u", NULL, "localhost", 0, "/x",
     "mariadb://u@localhost/x"},
    {"postgres:///app", "postgres", NULL, NULL, NULL, 0, "/app",
     "postgres:///app"},
    {"postgres://%2Fvar%2Frun%2Fpostgresql/app", "postgres", NULL, NULL,
     "/var/run/postgresql", 0, "/app",
     "postgres://%2Fvar%2Frun%2Fpostgresql/app"},
    {"postgres://[::1]:5432/app", "postgres", NULL, NULL, "::1", 5432, "/app",
     "postgres://[::1]:5432/app"},
    {"postgres://u:p@[fe80::1%25eth0]/app", "postgres", "u", "p",
     "fe80::1%eth0", 0, "/app", "postgres://u:***@[fe80::1%25eth0]/app"},
    {"postgres://[::1]/app", "postgres", NULL, NULL, "::1", 0, "/app",
     "postgres://[::1]/app"},
    {"sqlite:relative/path.db", "sqlite", NULL, NULL, NULL, 0,
     "relative/path.db", "sqlite:relative/path.db"},
    {"sqlite:///abs/path.db", "sqlite", NULL, NULL, NULL, 0, "/abs/path.db",
     "sqlite:///abs/path.db"},
    {"sqlite::memory:", "sqlite", NULL, NULL, NULL, 0,
     ":memory:", "sqlite::memory:"},
    {"SQLite:db/app.sqlite3", "sqlite", NULL, NULL, NULL, 0, "db/app.sqlite3",
     "SQLite:db/app.sqlite3"},
    {"sqlite:my%20db.sqlite3", "sqlite", NULL, NULL, NULL, 0, "my db.sqlite3",
     "sqlite:my%20db.sqlite3"},
    {"POSTGRES://Host:1/D", "postgres", NULL, NULL, "Host", 1, "/D",
     "POSTGRES://Host:1/D"},
    {"postgres://h:65535", "postgres", NULL, NULL, "h", 65535, NULL,
     "postgres://h:65535"},
    {"postgres://us%40er:p%40ss%3Aw%2Fd@h/d%20b", "postgres", "us@er",
     "p@ss:w/d", "h", 0, "/d b", "postgres://us%40er:***@h/d%20b"},
    /* Unescaped '@' and '/' in a password: the userinfo ends at the last
     * '@' before the query. */
    {"postgres://u:p@ss/w@h/db", "postgres", "u", "p@ss/w", "h", 0, "/db",
     "postgres://u:***@h/db"},
    {"postgres://u:@h/db", "postgres", "u", "", "h", 0, "/db",
     "postgres://u:@h/db"},
    {"postgres://:pw@h/db", "postgres", NULL, "pw", "h", 0, "/db",
     "postgres://:***@h/db"},
    {"postgres://h/", "postgres", NULL, NULL, "h", 0, "/", "postgres://h/"},
    {"redis://h/0", "redis", NULL, NULL, "h", 0, "/0", "redis://h/0"},
    {"postgres://h/db?password=hunter2&sslmode=disable", "postgres", NULL, NULL,
     "h", 0, "/db", "postgres://h/db?password=***&sslmode=disable"},
};

static void check_valid(const struct url_case *c) {
  struct strata_url *url = NULL;
  struct strata_error err;
  strata_error_clear(&err);
  int rc = url_parse(c->text, &url, &err);
  if (!is_int(rc, 0, "'%s' parses", c->text)) {
    printf("#   %s\n", err.message);
    return;
  }
  is_str(url->scheme, c->scheme, "'%s': scheme", c->text);
  is_str(url->user, c->user, "'%s': user", c->text);
  is_str(url->password, c->password, "'%s': password", c->text);
  is_str(url->host, c->host, "'%s': host", c->text);
  is_int(url->port, c->port, "'%s': port", c->text);
  is_str(url->path, c->path, "'%s': path", c->text);
  is_str(url->redacted, c->redacted, "'%s': redacted", c->text);
  char buf[256];
  url_redact(c->text, buf, sizeof buf);
  is_str(buf, c->redacted, "'%s': url_redact() agrees", c->text);
  url_free(url);
}

static void test_params(void) {
  struct strata_url *url;
  struct strata_error err;
  int rc = url_parse("postgres://h/db?sslmode=require&application_name=my%20app"
                     "&&empty=&options=-c%20x%3D1",
                     &url, &err);
  if (!is_int(rc, 0, "a URL with parameters parses"))
    return;
  is_int(url->param_count, 4, "four parameters, empty pieces skipped");
  is_str(url_param(url, "sslmode"), "require", "sslmode");
  is_str(url_param(url, "application_name"), "my app", "decoded value");
  is_str(url_param(url, "empty"), "", "an empty value");
  is_str(url_param(url, "options"), "-c x=1", "escaped '=' in a value");
  is_str(url_param(url, "missing"), NULL, "an absent key is NULL");
  is_str(url->params[0].key, "sslmode", "parameters keep their order");
  url_free(url);

  rc = url_parse("postgres://h/db?a%5Fb=1", &url, &err);
  is_int(rc, 0, "an escaped key parses");
  is_str(url_param(url, "a_b"), "1", "keys are decoded");
  url_free(url);

  rc = url_parse("sqlite:app.db?mode=ro", &url, &err);
  is_int(rc, 0, "an opaque URL parses");
  is_str(url->path, "app.db?mode=ro", "an opaque URL is all path");
  is_int(url->param_count, 0, "an opaque URL has no parameters");
  url_free(url);
}

struct error_case {
  const char *text;
  const char *message;
};

static const struct error_case errors[] = {
    {"foo", "'foo' is not a URL: expected scheme://... or sqlite:path"},
    {"db/app.sqlite3",
     "'db/app.sqlite3' is not a URL: expected scheme://... or sqlite:path"},
    {"", "'' is not a URL: expected scheme://... or sqlite:path"},
    {"://u:hunter2@h/db",
     "'://u:***@h/db' is not a URL: expected scheme://... or sqlite:path"},
    {"1postgres://h/db",
     "'1postgres://h/db' is not a URL: expected scheme://... or sqlite:path"},
    {"postgres://u:hunter2@h:0/db",
     "invalid port in 'postgres://u:***@h:0/db': expected a number from 1 to "
     "65535"},
    {"postgres://u:hunter2@h:65536/db",
     "invalid port in 'postgres://u:***@h:65536/db': expected a number from 1 "
     "to 65535"},
    {"postgres://u:hunter2@h:54x2/db",
     "invalid port in 'postgres://u:***@h:54x2/db': expected a number from 1 "
     "to 65535"},
    {"postgres://u:hunter2@h:/db",
     "invalid port in 'postgres://u:***@h:/db': expected a number from 1 to "
     "65535"},
    {"postgres://u:hunter2@h:99999999999/db",
     "invalid port in 'postgres://u:***@h:99999999999/db': expected a number "
     "from 1 to 65535"},
    {"postgres://u:hunter2@[::1/db",
     "malformed host in 'postgres://u:***@[::1/db': '[' without ']'"},
    {"postgres://u:hunter2@[::1]x/db",
     "malformed host in 'postgres://u:***@[::1]x/db': expected ':' or the end "
     "of the host after ']'"},
    {"postgres://u:hunter2@h/d%zzb",
     "malformed percent-escape in 'postgres://u:***@h/d%zzb': '%' must be "
     "followed by two hex digits, and '%00' is not allowed"},
    {"postgres://u:hunter2@h/db%",
     "malformed percent-escape in 'postgres://u:***@h/db%': '%' must be "
     "followed by two hex digits, and '%00' is not allowed"},
    {"postgres://u:hunter2@h/d%00b",
     "malformed percent-escape in 'postgres://u:***@h/d%00b': '%' must be "
     "followed by two hex digits, and '%00' is not allowed"},
    {"postgres://u:hunter2@h/db?sslmode",
     "malformed parameter in 'postgres://u:***@h/db?sslmode': expected "
     "key=value after '?'"},
    {"postgres://u:hunter2@h/db?=x",
     "malformed parameter in 'postgres://u:***@h/db?=x': expected key=value "
     "after '?'"},
};

static void check_error(const struct error_case *c) {
  struct strata_url *url = (struct strata_url *)1;
  struct strata_error err;
  strata_error_clear(&err);
  int rc = url_parse(c->text, &url, &err);
  is_int(rc, STRATA_EURL, "'%s' is refused", c->text);
  ok(url == NULL, "'%s': *out is NULL", c->text);
  is_int(err.code, STRATA_EURL, "'%s': error code", c->text);
  is_str(err.message, c->message, "'%s': message", c->text);
  ok(strstr(err.message, "hunter2") == NULL, "'%s': no password shown",
     c->text);
}

/* A password that breaks the URL in odd places never reaches the message. */
static void test_password_never_shown(void) {
  static const char *const texts[] = {
      "postgres://u:hunter2@h:bad/db",
      "postgres://u:hunter2@h/db%",
      "postgres://u:hunter2@[h/db",
      "mysql://u:hunter2@h:0",
      "postgres://h/db?password=hunter2&x",
      "postgres://u:hunter2@h:1/db?password=hunter2&=",
  };
  for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
    struct strata_url *url;
    struct strata_error err;
    strata_error_clear(&err);
    int rc = url_parse(texts[i], &url, &err);
    ok(rc == STRATA_EURL && strstr(err.message, "hunter2") == NULL &&
           strstr(err.message, "***") != NULL,
       "error %zu hides the password: %s", i + 1, err.message);
  }
}

static void test_redact(void) {
  static const struct {
    const char *text, *want;
  } cases[] = {
      {"postgres://u:pw@h/db", "postgres://u:***@h/db"},
      {"not a url", "not a url"},
      {"", ""},
      {"x://u:pw@", "x://u:***@"},
      {"garbage ://u:pw@h:port:more", "garbage ://u:***@h:port:more"},
      {"mysql://u:p@w@h:0", "mysql://u:***@h:0"},
      {"postgres://h/db?PASSWORD=pw&a=b&password=x",
       "postgres://h/db?PASSWORD=***&a=b&password=***"},
      {"postgres://h/db?password=", "postgres://h/db?password="},
      {"sqlite::memory:", "sqlite::memory:"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char buf[128];
    url_redact(cases[i].text, buf, sizeof buf);
    is_str(buf, cases[i].want, "url_redact('%s')", cases[i].text);
  }
  char small[12];
  url_redact("postgres://u:secret@h/db", small, sizeof small);
  is_str(small, "postgres://", "url_redact() cuts to the buffer");
  char tiny[20];
  url_redact("postgres://u:secret@h/db", tiny, sizeof tiny);
  is_str(tiny, "postgres://u:***@h/", "a cut keeps the mask whole");
  char one[1] = {'x'};
  url_redact("postgres://u:secret@h/db", one, sizeof one);
  is_str(one, "", "a buffer of one byte holds the empty string");
}

int main(void) {
  for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++)
    check_valid(&valid[i]);
  test_params();
  for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++)
    check_error(&errors[i]);
  test_password_never_shown();
  test_redact();
  return done_testing();
}
