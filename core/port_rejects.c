/*
 * port_rejects.c - the rows a port's target refused, kept for the user:
 * one JSON object per line, {"table", "key", "reason", "row"}, in
 * <dir>/<table>.rejects.jsonl.  The file, and the folder when the port
 * chooses it, are created with the first reject, so a clean port leaves
 * nothing behind.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "port.h"
#include "url.h"

/* s as a JSON string: quotes, backslashes and control characters
 * escaped; other bytes as they are (the values are UTF-8 text, and
 * binary values arrive as hex). */
static void put_json_string(FILE *f, const char *s) {
  static const char hex[] = "0123456789abcdef";
  fputc('"', f);
  for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
    if (*c == '"' || *c == '\\')
      fprintf(f, "\\%c", *c);
    else if (*c == '\n')
      fputs("\\n", f);
    else if (*c == '\t')
      fputs("\\t", f);
    else if (*c < 0x20)
      fprintf(f, "\\u00%c%c", hex[*c >> 4], hex[*c & 15]);
    else
      fputc(*c, f);
  }
  fputc('"', f);
}

/* "shop" for postgres://host/shop: what names the temporary folder. */
static void target_name(const struct port *p, char *buf, size_t size) {
  struct strata_url *url = NULL;
  struct strata_error ignored;
  const char *path = NULL;
  if (url_parse(p->opt->to_url, &url, &ignored) == 0 && url->path != NULL)
    path = url->path + strspn(url->path, "/");
  snprintf(buf, size, "%s", path && *path ? path : "target");
  for (char *c = buf; *c != '\0'; c++)
    if (*c == '/' || *c == ' ')
      *c = '_';
  url_free(url);
}

/* The folder: --reject-dir, made if need be; else, made now, a new one
 * in the temporary folder named after the target, which the port's
 * output names.  The working directory is never chosen for the user. */
static int make_folder(struct port_rejects *r) {
  struct port *p = r->port;
  const char *tmp = getenv("TMPDIR");
  char name[256];
  if (p->reject_dir[0] != '\0') {
    if (mkdir(p->reject_dir, 0777) == 0 || errno == EEXIST)
      return 0;
    return strata__error_set(&r->io_error, STRATA_EIO,
                             "cannot create the reject folder '%s': %s",
                             p->reject_dir, strerror(errno));
  }
  target_name(p, name, sizeof name);
  snprintf(p->reject_dir, sizeof p->reject_dir, "%s/strata-rejects-%s-XXXXXX",
           tmp && *tmp ? tmp : "/tmp", name);
  if (mkdtemp(p->reject_dir) != NULL)
    return 0;
  int rc = strata__error_set(&r->io_error, STRATA_EIO,
                             "cannot create a reject folder in '%s': %s; "
                             "name one with --reject-dir",
                             tmp && *tmp ? tmp : "/tmp", strerror(errno));
  p->reject_dir[0] = '\0';
  return rc;
}

static int open_file(struct port_rejects *r, const struct strata_reject *j) {
  char path[4200];
  pthread_mutex_lock(&r->port->note_lock);
  int rc = make_folder(r);
  snprintf(path, sizeof path, "%s/%s.rejects.jsonl", r->port->reject_dir,
           j->table);
  pthread_mutex_unlock(&r->port->note_lock);
  if (rc != 0)
    return rc;
  r->file = fopen(path, "w");
  if (r->file == NULL)
    return strata__error_set(&r->io_error, STRATA_EIO,
                             "cannot write the reject file '%s': %s", path,
                             strerror(errno));
  return 0;
}

int port_reject(void *ctx, const struct strata_reject *reject) {
  struct port_rejects *r = ctx;
  if (r->stop)
    return -1;
  if (r->file == NULL && open_file(r, reject) != 0) {
    r->io_failed = 1;
    return -1;
  }
  fputs("{\"table\": ", r->file);
  put_json_string(r->file, reject->table);
  fputs(", \"key\": ", r->file);
  put_json_string(r->file, reject->key);
  fputs(", \"reason\": ", r->file);
  put_json_string(r->file, reject->reason);
  fputs(", \"row\": ", r->file);
  put_json_string(r->file, reject->row);
  fputs("}\n", r->file);
  return 0;
}

int port_rejects_close(struct port_rejects *r, struct strata_error *err) {
  if (r->io_failed) {
    *err = r->io_error;
    return err->code;
  }
  if (r->file == NULL)
    return 0;
  int failed = ferror(r->file) | fclose(r->file);
  r->file = NULL;
  if (failed)
    return strata__error_set(err, STRATA_EIO,
                             "cannot write the rejects of table %s in '%s'",
                             r->table, r->port->reject_dir);
  return 0;
}
