/*
 * plugin.h - the header every strata plugin starts with.
 *
 * A plugin is a libtool module that exports one function,
 * <module>_LTX_strata_plugin_entry, returning a pointer to a const struct
 * whose first member is a struct strata_plugin.  The module is named after
 * its kind and name: driver_<name>, layout_<name> or lint_<name>.  The loader reads that
 * header before it touches anything else: a plugin built against another
 * ABI is refused with the file name and both versions, never called.
 *
 * Plugin structs only ever grow at the end.  struct_size tells the loader how
 * much of the struct the plugin knows about; members past it, and members
 * that are NULL, mean "not supported".
 */
#ifndef STRATA_PLUGIN_H
#define STRATA_PLUGIN_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Raised on any change that breaks an existing plugin (a member removed,
 * moved or given another meaning).  Adding members at the end does not. */
#define STRATA_PLUGIN_ABI_VERSION 1

enum strata_plugin_kind {
  STRATA_PLUGIN_DRIVER = 1, /* struct strata_driver (driver.h) */
  STRATA_PLUGIN_LAYOUT = 2, /* a reader of another tool's migration folder */
  STRATA_PLUGIN_LINT = 3,   /* a set of lint rules */
  STRATA_PLUGIN_PORTABLE = 4 /* the portable-migration parser (ops.h) */
};

struct strata_plugin {
  unsigned abi_version; /* STRATA_PLUGIN_ABI_VERSION at build time */
  enum strata_plugin_kind kind;
  const char *name;        /* "sqlite", "postgres", ... */
  size_t struct_size;      /* sizeof the whole kind-specific struct */
  const char *description; /* one line for `strata drivers` */
  const char *version;     /* the plugin's own version */
};

typedef const struct strata_plugin *(*strata_plugin_entry_fn)(void);

#define STRATA_PLUGIN_ENTRY_SYMBOL "strata_plugin_entry"

#ifdef __cplusplus
}
#endif
#endif
