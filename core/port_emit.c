/*
 * port_emit.c - the ported schema as a strata migration, recorded as
 * applied on the target, so the team goes on with `strata up` there.
 *
 * The up script is the whole DDL the port ran; the down script drops what
 * it created.  The history table goes into the port's target schema.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "port.h"
#include "session.h"

static int append_text(void *ctx, const char *text, size_t length) {
  return strbuf_append(ctx, text, length);
}

/* The DDL again, without its notes: the port gave them already. */
static int render_quiet(struct port *p, unsigned parts, struct strbuf *out,
                        struct strata_error *err) {
  struct strata *target = p->target.s;
  struct strata_render_options ro;
  port_render_options(p, parts, &ro);
  ro.note = NULL;
  int rc = target->driver->render_port(&target->host, p->schema, &ro,
                                       append_text, out, err);
  if (rc != 0 && err->code == 0)
    rc = strata__error_set(err, STRATA_ENOMEM, "out of memory");
  return rc;
}

static int write_file(const char *path, const char *header,
                      const struct strbuf *text, struct strata_error *err) {
  FILE *f = fopen(path, "w");
  if (f == NULL)
    return strata__error_set(err, STRATA_EIO, "cannot write '%s'", path);
  fputs(header, f);
  if (text->len > 0)
    fwrite(text->data, 1, text->len, f);
  int failed = ferror(f) | fclose(f);
  return failed ? strata__error_set(err, STRATA_EIO, "cannot write '%s'", path)
                : 0;
}

/* The target URL with the port's schema, so that the history table and
 * later runs are there. */
static char *url_in_schema(const struct port *p) {
  const char *schema = p->opt->schema;
  const char *url = p->opt->to_url;
  if (schema == NULL || strcmp(schema, "public") == 0 ||
      strstr(url, "schema=") != NULL || strstr(url, "search_path=") != NULL)
    return strata__strdup(url);
  return strata__asprintf("%s%cschema=%s", url, strchr(url, '?') ? '&' : '?',
                          schema);
}

/* The version is what the file name starts with, up to its '_'. */
static char *version_of(const char *path) {
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  return strata__asprintf("%.*s", (int)strcspn(base, "_"), base);
}

static int record_applied(struct port *p, const char *url, const char *up,
                          struct strata_error *err) {
  struct strata_config cfg;
  struct strata *s = NULL;
  int changed = 0;
  char *version = version_of(up);
  strata_config_init(&cfg);
  int rc = version != NULL && strata_config_copy(&cfg, p->cfg) == 0 &&
                   strata_config_set(&cfg, "url", url) == 0 &&
                   strata_config_set(&cfg, "dir", p->opt->emit_migration) == 0
               ? 0
               : strata__error_set(err, STRATA_ENOMEM, "out of memory");
  if (rc == 0)
    rc = strata_open(&cfg, NULL, NULL, &s, err);
  if (rc == 0)
    rc = strata_repair(s, STRATA_REPAIR_MARK_APPLIED, version, 0, &changed,
                       err);
  strata_free(s);
  strata_config_release(&cfg);
  free(version);
  return rc;
}

int port_emit_migration(struct port *p, struct strata_error *err) {
  struct strbuf up, down;
  char *up_path = NULL, *down_path = NULL, *url = url_in_schema(p);
  struct strata_config cfg;
  strbuf_init(&up);
  strbuf_init(&down);
  strata_config_init(&cfg);
  int rc = url != NULL &&
                   strata_config_copy(&cfg, p->cfg) == 0 &&
                   strata_config_set(&cfg, "dir", p->opt->emit_migration) == 0
               ? 0
               : strata__error_set(err, STRATA_ENOMEM, "out of memory");
  if (rc == 0)
    rc = render_quiet(p, STRATA_RENDER_ALL, &up, err);
  if (rc == 0)
    rc = render_quiet(p, STRATA_RENDER_ALL | STRATA_RENDER_DROP, &down, err);
  if (rc == 0)
    rc = strata_new_migration(&cfg, "port_from_mysql", &up_path, &down_path,
                              err);
  if (rc == 0)
    rc = write_file(up_path, "-- The schema strata port created.\n", &up,
                    err);
  if (rc == 0)
    rc = write_file(down_path, "-- Drops what the port created.\n", &down,
                    err);
  if (rc == 0)
    rc = record_applied(p, url, up_path, err);
  strata_config_release(&cfg);
  free(up_path);
  free(down_path);
  free(url);
  strbuf_release(&up);
  strbuf_release(&down);
  return rc;
}
