/*
 * loader.h - finds plugins of every kind with libltdl and checks them
 * before use.
 *
 * A plugin module is named after its kind and name: driver_<name>,
 * layout_<name>, lint_<name>.  Modules come from, in this order: those
 * linked into the program (libltdl's preloaded symbols), the folders of
 * the plugin_path setting or else STRATA_PLUGIN_PATH, and then either the
 * build tree the program runs from (drivers/<x>/.libs and plugins/<x>/.libs
 * beside the folder that holds core/libstrata.la) or the installed
 * pkglibdir.  A module is opened only when a caller asks for its name (or,
 * for a driver asked by URL scheme, when no module is named after the
 * scheme), so a program that needs SQLite never loads the PostgreSQL or
 * MySQL client libraries.
 *
 * Every plugin is checked (ABI version, kind, struct size) before anything
 * in it is called.  A module that libltdl could not open, and a plugin that
 * was refused, stay in the registry with the file and the reason, so
 * `strata drivers` and the "no driver for" error can name them.
 *
 * The registry is the only global mutable state of libstrata.  Every
 * function here may be called from any thread: one lock serialises the
 * registry and libltdl, which initialises once on first use.  Entries live
 * until the process ends, so the pointers handed out stay valid.
 */
#ifndef STRATA_CORE_LOADER_H
#define STRATA_CORE_LOADER_H

#include <strata/driver.h>
#include <strata/plugin.h>
#include <strata/strata.h>

/* Finds the plugin of that kind and name, loading module <kind>_<name>
 * if need be.  *out points to a copy of the plugin's struct that lasts as
 * long as the process, struct_size bytes long (sizeof the caller's struct
 * for that kind): members past the plugin's own struct_size read as zero,
 * so a plugin built against an older header looks like one that leaves
 * the newer members NULL.  STRATA_EPLUGIN when there is no such plugin,
 * naming the modules of that kind that failed to load. */
int loader_find_plugin(enum strata_plugin_kind kind, const char *name,
                       size_t struct_size, const char *plugin_path,
                       const struct strata_plugin **out,
                       struct strata_error *err);

/* Loads every module of that kind and calls each for every plugin of the
 * kind that was accepted, stopping at the first non-zero return, which it
 * returns.  p is the plugin's own struct (p->struct_size bytes long); take
 * a zero-padded copy with loader_find_plugin(kind, p->name, ...) to read
 * members a plugin may predate. */
int loader_each_plugin(enum strata_plugin_kind kind, const char *plugin_path,
                       int (*each)(void *ctx, const struct strata_plugin *p),
                       void *ctx, struct strata_error *err);

/* loader_each_plugin() for the lint rule sets a run on engine (a driver's
 * name) needs, opening no other: the module lint_<engine>, and every lint
 * module not named after a driver, which is taken to be engine-neutral
 * (lint_conventions).  So a SQLite run never loads lint_postgres and the
 * libpg_query it links.  Lint plugins loaded before, or preloaded, are
 * visited too: the caller still checks each plugin's engines. */
int loader_each_lint_plugin(const char *engine, const char *plugin_path,
                            int (*each)(void *ctx,
                                        const struct strata_plugin *p),
                            void *ctx, struct strata_error *err);

/* Whether a run on engine needs the lint module lint_<name>, as
 * loader_each_lint_plugin() decides it from the modules found so far. */
int loader_lint_module_wanted(const char *name, const char *engine);

/* Finds the driver whose schemes include scheme: loader_find_plugin() for
 * drivers, by scheme rather than name. */
int loader_find_driver(const char *scheme, const char *plugin_path,
                       const struct strata_driver **out,
                       struct strata_error *err);

/* Loads every plugin of every kind and describes each, the modules that
 * failed to load and the refused plugins included. */
int loader_list(const char *plugin_path, strata_plugin_fn each, void *ctx,
                struct strata_error *err);

#endif
