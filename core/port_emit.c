/*
 * port_emit.c - the ported schema as a strata migration, recorded as
 * applied on the target, so the team goes on with `strata up` there.
 *
 * The up script is the DDL the port ran, before and after the rows; the
 * down script drops what it created.  The history table goes into the
 * port's target schema.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "port.h"
#include "session.h"
#include "url.h"

static int write_file(const char *path, const char *header,
                      const struct strbuf *first, const struct strbuf *second,
                      struct strata_error *err) {
  FILE *f = fopen(path, "w");
  if (f == NULL)
    return strata__error_set(err, STRATA_EIO, "cannot write '%s'", path);
  fputs(header, f);
  fwrite(first->data ? first->data : "", 1, first->len, f);
  fwrite(second->data ? second->data : "", 1, second->len, f);
  int failed = ferror(f) | fclose(f);
  return failed ? strata__error_set(err, STRATA_EIO, "cannot write '%s'", path)
                : 0;
}

/* The target URL with the port's schema, unless the URL names one
 * already, so that the history table and later runs are there. */
static char *url_in_schema(const struct port *p, struct strata_error *err) {
  const char *schema = p->opt->schema;
  const char *text = p->opt->to_url;
  struct strata_url *url = NULL;
  char *out = NULL;
  if (url_parse(text, &url, err) != 0)
    return NULL;
  if (schema == NULL || strcmp(schema, "public") == 0 ||
      url_param(url, "schema") != NULL || url_param(url, "search_path") != NULL)
    out = strata__strdup(text);
  else
    out = strata__asprintf("%s%cschema=%s", text,
                           strchr(text, '?') ? '&' : '?', schema);
  url_free(url);
  if (out == NULL)
    strata__error_set(err, STRATA_ENOMEM, "out of memory");
  return out;
}

/* The version is what the file name starts with, up to its '_'. */
static char *version_of(const char *path) {
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  return strata__asprintf("%.*s", (int)strcspn(base, "_"), base);
}

static int record_applied(const struct strata_config *cfg, const char *up,
                          struct strata_error *err) {
  struct strata *s = NULL;
  int changed = 0;
  char *version = version_of(up);
  int rc = version != NULL
               ? strata_open(cfg, NULL, NULL, &s, err)
               : strata__error_set(err, STRATA_ENOMEM, "out of memory");
  if (rc == 0)
    rc = strata_repair(s, STRATA_REPAIR_MARK_APPLIED, version, 0, &changed,
                       err);
  strata_free(s);
  free(version);
  return rc;
}

int port_emit_migration(struct port *p, struct strata_error *err) {
  static const struct strbuf none = {0};
  struct strbuf down;
  char *up_path = NULL, *down_path = NULL, *url = url_in_schema(p, err);
  struct strata_config cfg;
  strbuf_init(&down);
  strata_config_init(&cfg);
  int rc = url == NULL ? err->code : 0;
  if (rc == 0 && (strata_config_copy(&cfg, p->cfg) != 0 ||
                  strata_config_set(&cfg, "url", url) != 0 ||
                  strata_config_set(&cfg, "dir", p->opt->emit_migration) != 0))
    rc = strata__error_set(err, STRATA_ENOMEM, "out of memory");
  if (rc == 0)
    rc = port_render(p, STRATA_RENDER_ALL | STRATA_RENDER_DROP, 0, &down, err);
  char name[80];
  snprintf(name, sizeof name, "port_from_%s",
           p->schema->engine ? p->schema->engine : "source");
  if (rc == 0)
    rc = strata_new_migration(&cfg, name, &up_path, &down_path, err);
  if (rc == 0)
    rc = write_file(up_path, "-- The schema strata port created.\n",
                    &p->before, &p->after, err);
  if (rc == 0)
    rc = write_file(down_path, "-- Drops what the port created.\n", &down,
                    &none, err);
  if (rc == 0)
    rc = record_applied(&cfg, up_path, err);
  strata_config_release(&cfg);
  free(up_path);
  free(down_path);
  free(url);
  strbuf_release(&down);
  return rc;
}
