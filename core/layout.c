/*
 * layout.c - finding layout plugins through the loader.
 */
#include "layout.h"

#include <stdlib.h>
#include <string.h>

#include "loader.h"
#include "util.h"

/* A layout the core cannot call is refused like a malformed plugin. */
static int check_layout(const struct strata_layout *l,
                        struct strata_error *err) {
  if (l->parse_name != NULL && l->depth >= 0 && l->depth <= 1)
    return 0;
  return strata__error_set(err, STRATA_EPLUGIN,
                           "layout plugin '%s' is malformed (no parse_name, "
                           "or a depth other than 0 or 1); rebuild it",
                           l->plugin.name);
}

static int find_layout(const char *name, const char *plugin_path,
                       const struct strata_layout **out,
                       struct strata_error *err) {
  const struct strata_plugin *p = NULL;
  *out = NULL;
  int rc =
      loader_find_plugin(STRATA_PLUGIN_LAYOUT, name,
                         sizeof(struct strata_layout), plugin_path, &p, err);
  if (rc != 0)
    return rc;
  *out = (const struct strata_layout *)p;
  return check_layout(*out, err);
}

struct gather {
  struct layout_set *set;
  const char *plugin_path;
  struct strata_error *err;
};

static int gather_one(void *ctx, const struct strata_plugin *p) {
  struct gather *g = ctx;
  struct layout_set *set = g->set;
  const struct strata_layout **grown =
      realloc(set->all, (set->count + 1) * sizeof *grown);
  if (grown == NULL)
    return strata__error_set(g->err, STRATA_ENOMEM, "out of memory");
  set->all = grown;
  return find_layout(p->name, g->plugin_path, &set->all[set->count++], g->err);
}

static int add_name(void *ctx, const struct strata_plugin *p) {
  struct strbuf *names = ctx;
  return strbuf_appendf(names, "%s%s", names->len ? ", " : "", p->name);
}

/* An unknown name: the loader's message names folders; the user wants the
 * layouts there are. */
static int unknown_layout(const char *name, const char *plugin_path,
                          struct strata_error *err) {
  struct strbuf names;
  strbuf_init(&names);
  struct strata_error ignored;
  if (loader_each_plugin(STRATA_PLUGIN_LAYOUT, plugin_path, add_name, &names,
                         &ignored) == 0 &&
      names.len > 0)
    strata__error_set(err, STRATA_EPLUGIN,
                      "unknown layout '%s'; this strata reads %s, or auto "
                      "(see 'strata drivers')",
                      name, names.data);
  strbuf_release(&names);
  return STRATA_EPLUGIN;
}

int layout_set_load(struct layout_set *set, const char *name,
                    const char *plugin_path, struct strata_error *err) {
  memset(set, 0, sizeof *set);
  if (strcmp(name, LAYOUT_AUTO) != 0) {
    int rc = find_layout(name, plugin_path, &set->chosen, err);
    return rc == STRATA_EPLUGIN && set->chosen == NULL
               ? unknown_layout(name, plugin_path, err)
               : rc;
  }
  struct gather g = {set, plugin_path, err};
  int rc = loader_each_plugin(STRATA_PLUGIN_LAYOUT, plugin_path, gather_one, &g,
                              err);
  if (rc != 0)
    layout_set_release(set);
  return rc;
}

void layout_set_release(struct layout_set *set) {
  free(set->all);
  memset(set, 0, sizeof *set);
}
