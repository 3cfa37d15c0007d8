/*
 * same_database.c - whether two ends name one database.
 *
 * A port from a database into itself rejects every row it copies and
 * leaves its bookkeeping in the source; verify --engines given one
 * database twice checks nothing.  Both are refused twice over.  First,
 * before anything connects, by the URLs: each is brought to one spelling
 * of the driver, the machine, the port and the database, with no engine
 * named.  A path that names a file is that file (its device and inode),
 * whatever the spelling; one that names nothing yet is made absolute
 * through its folder.  Then, once both ends are connected and before
 * anything is written, by what their drivers' identity() says each
 * session is in (the server instance, the database, the schema): the
 * same server reached two ways the URLs cannot show (a host name and its
 * address, the machine's own address, a socket and a TCP port) is one.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "config.h"
#include "loader.h"
#include "same_database.h"
#include "session.h"
#include "url.h"
#include "util.h"

/* What a URL names, each part in one spelling. */
struct place {
  const char *driver; /* the driver's canonical name */
  char host[256];     /* "" for this machine */
  int port;           /* 0: none given and no well-known one */
  char database[PATH_MAX + 64];
};

/* 127.0.0.0/8, ::1, and 127.0.0.0/8 mapped into IPv6. */
static int is_loopback(const char *host) {
  static const unsigned char one[16] = {[15] = 1};
  static const unsigned char mapped[12] = {[10] = 0xff, [11] = 0xff};
  unsigned char a[16];
  if (inet_pton(AF_INET, host, a) == 1)
    return a[0] == 127;
  if (inet_pton(AF_INET6, host, a) != 1)
    return 0;
  return memcmp(a, one, sizeof one) == 0 ||
         (memcmp(a, mapped, sizeof mapped) == 0 && a[12] == 127);
}

/* "" for this machine (no host, "localhost", a loopback address, a
 * socket's folder); an IPv6 address in its shortest form; a name in lower
 * case without its final dot. */
static void canonical_host(const char *given, char *out, size_t n) {
  char host[256];
  size_t len = given != NULL ? strlen(given) : 0;
  if (len >= 2 && given[0] == '[' && given[len - 1] == ']') {
    given++;
    len -= 2;
  }
  snprintf(host, sizeof host, "%.*s", (int)len, given != NULL ? given : "");
  len = strlen(host);
  if (len > 0 && host[len - 1] == '.')
    host[--len] = '\0';
  for (char *c = host; *c != '\0'; c++)
    *c = (char)tolower((unsigned char)*c);
  out[0] = '\0';
  unsigned char address[16];
  if (host[0] == '\0' || host[0] == '/' || strcmp(host, "localhost") == 0 ||
      is_loopback(host))
    return;
  if (inet_pton(AF_INET6, host, address) == 1 &&
      inet_ntop(AF_INET6, address, out, (socklen_t)n) != NULL)
    return;
  snprintf(out, n, "%s", host);
}

/* getservbyname() answers in storage of its own. */
static pthread_mutex_t services_lock = PTHREAD_MUTEX_INITIALIZER;

/* The port the URL gives, else the one the system lists for a scheme of
 * the driver: the port its client dials when none is given. */
static int port_of(const struct strata_url *url,
                   const struct strata_driver *driver) {
  int port = url->port;
  pthread_mutex_lock(&services_lock);
  for (const char *const *s = driver->schemes;
       port <= 0 && s != NULL && *s != NULL; s++) {
    const struct servent *service = getservbyname(*s, "tcp");
    if (service != NULL)
      port = ntohs((uint16_t)service->s_port);
  }
  pthread_mutex_unlock(&services_lock);
  return port > 0 ? port : 0;
}

/* The file the path names, as its device and inode; a path that names
 * nothing yet, made absolute through its folder; no path at all, the user
 * the URL logs in as (whose database a server may take by default). */
static void canonical_database(const struct strata_url *url, char *out,
                               size_t n) {
  const char *path = url->path != NULL ? url->path : "";
  struct stat st;
  if (path[strspn(path, "/")] == '\0') {
    snprintf(out, n, "user %s", url->user != NULL ? url->user : "");
    return;
  }
  if (stat(path, &st) == 0) {
    snprintf(out, n, "file %ju:%ju", (uintmax_t)st.st_dev,
             (uintmax_t)st.st_ino);
    return;
  }
  const char *slash = strrchr(path, '/');
  char *folder = slash == NULL
                     ? strata__strdup(".")
                     : strata__asprintf("%.*s/", (int)(slash - path), path);
  char *real = folder != NULL ? realpath(folder, NULL) : NULL;
  const char *name = slash != NULL ? slash + 1 : path;
  if (real != NULL)
    snprintf(out, n, "path %s%s%s", real, strcmp(real, "/") == 0 ? "" : "/",
             name);
  else
    snprintf(out, n, "path %s", path);
  free(real);
  free(folder);
}

static int place_of(const struct strata_config *cfg, const char *text,
                    struct place *out, struct strata_url **url) {
  struct strata_error ignored;
  const struct strata_driver *driver = NULL;
  if (text == NULL || url_parse(text, url, &ignored) != 0 ||
      loader_find_driver((*url)->scheme,
                         config_string(cfg, "plugin_path", NULL), &driver,
                         &ignored) != 0)
    return -1;
  out->driver = driver->plugin.name;
  canonical_host((*url)->host, out->host, sizeof out->host);
  out->port = port_of(*url, driver);
  canonical_database(*url, out->database, sizeof out->database);
  return 0;
}

static int same_place(const struct place *a, const struct place *b) {
  return strcmp(a->driver, b->driver) == 0 && strcmp(a->host, b->host) == 0 &&
         a->port == b->port && strcmp(a->database, b->database) == 0;
}

/* Whether a and b name one database; urls then holds both parsed (free
 * them), else NULLs. */
static int parse_both(const struct strata_config *cfg, const char *a,
                      const char *b, struct strata_url *urls[2]) {
  struct place pa, pb;
  urls[0] = urls[1] = NULL;
  int same = place_of(cfg, a, &pa, &urls[0]) == 0 &&
             place_of(cfg, b, &pb, &urls[1]) == 0 && same_place(&pa, &pb);
  if (!same) {
    url_free(urls[0]);
    url_free(urls[1]);
    urls[0] = urls[1] = NULL;
  }
  return same;
}

/* The schema an end is used in: given, else the first of the URL's
 * search_path, else its schema parameter; "" for the default, public. */
static void schema_of(const struct strata_url *url, const char *given,
                      char *out, size_t n) {
  const char *s = given;
  if (s == NULL)
    s = url_param(url, "search_path");
  if (s == NULL)
    s = url_param(url, "schema");
  s = s != NULL ? s + strspn(s, " ") : "";
  size_t len = given != NULL ? strlen(s) : strcspn(s, ",");
  while (len > 0 && s[len - 1] == ' ')
    len--;
  if (len >= 2 && s[0] == '"' && s[len - 1] == '"') {
    s++;
    len -= 2;
  }
  if (len == strlen("public") && strncmp(s, "public", len) == 0)
    len = 0;
  snprintf(out, n, "%.*s", (int)len, s);
}

int strata_same_database(const struct strata_config *cfg, const char *a,
                         const char *a_schema, const char *b,
                         const char *b_schema) {
  struct strata_url *urls[2];
  char schema_a[256], schema_b[256];
  int same = parse_both(cfg, a, b, urls);
  if (same) {
    schema_of(urls[0], a_schema, schema_a, sizeof schema_a);
    schema_of(urls[1], b_schema, schema_b, sizeof schema_b);
    same = strcmp(schema_a, schema_b) == 0;
  }
  url_free(urls[0]);
  url_free(urls[1]);
  return same;
}

/* What the driver of an open session says it is in; "" when the driver
 * cannot tell. */
static int identity_of(struct strata *s, char *out, size_t size,
                       struct strata_error *err) {
  out[0] = '\0';
  if (s->driver->plugin.struct_size <=
          offsetof(struct strata_driver, identity) ||
      s->driver->identity == NULL)
    return 0;
  return s->driver->identity(s->conn, out, size, err);
}

int same_database_open(struct strata *a, struct strata *b, int *same,
                       struct strata_error *err) {
  char identity_a[8192], identity_b[8192];
  *same = 0;
  int rc = identity_of(a, identity_a, sizeof identity_a, err);
  if (rc == 0)
    rc = identity_of(b, identity_b, sizeof identity_b, err);
  if (rc == 0)
    *same = identity_a[0] != '\0' && strcmp(identity_a, identity_b) == 0;
  return rc;
}
