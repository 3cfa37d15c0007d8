/*
 * loader.h - finds plugins with libltdl and checks them before use.
 *
 * Plugins come from three places, tried in this order: the modules linked
 * into the program (libltdl's preloaded symbols), the folders of the
 * plugin_path setting or STRATA_PLUGIN_PATH, and the installed pkglibdir.
 * Every plugin is checked (ABI version, kind, struct size) before anything
 * in it is called; a refused plugin stays in the registry with the reason,
 * so `strata drivers` can show it.
 *
 * The registry is the only global mutable state of libstrata.  It lives
 * until the process ends; it is not thread-safe while loading.
 */
#ifndef STRATA_CORE_LOADER_H
#define STRATA_CORE_LOADER_H

#include <strata/driver.h>
#include <strata/strata.h>

/* Finds the driver whose schemes include scheme.  *out points into the
 * registry (a zero-padded copy of the plugin's table, so members the
 * plugin's older ABI lacks read as NULL). */
int loader_find_driver(const char *scheme, const char *plugin_path,
                       const struct strata_driver **out,
                       struct strata_error *err);

/* Loads every plugin it can find and describes each. */
int loader_list(const char *plugin_path, strata_plugin_fn each, void *ctx,
                struct strata_error *err);

#endif
