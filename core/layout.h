/*
 * layout.h - the layout plugins a session reads its migrations folder
 * with: the one named by --layout or `layout =`, or for "auto" (the
 * default) every one the loader finds, for the folder to choose from.
 */
#ifndef STRATA_CORE_LAYOUT_H
#define STRATA_CORE_LAYOUT_H

#include <stddef.h>
#include <strata/layout.h>
#include <strata/strata.h>

#define LAYOUT_AUTO "auto"

struct layout_set {
  const struct strata_layout *chosen; /* NULL for auto */
  const struct strata_layout **all;   /* for auto: every layout found */
  size_t count;
};

/* Finds the layout called name, or every layout for LAYOUT_AUTO.  An
 * unknown name is STRATA_EPLUGIN naming the layouts there are. */
int layout_set_load(struct layout_set *set, const char *name,
                    const char *plugin_path, struct strata_error *err);
void layout_set_release(struct layout_set *set);

#endif
