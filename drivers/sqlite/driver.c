/*
 * driver.c - the table through which the core drives SQLite.
 *
 * The module exports one symbol, driver_sqlite_LTX_strata_plugin_entry;
 * everything else is reached through this table.
 */
#include "port.h"
#include "sqlite_ops.h"

static const char *const schemes[] = {"sqlite", "sqlite3", NULL};

/* SQLite has no session lock: runners serialise on BEGIN IMMEDIATE, and
 * lock() only sets how long a statement waits for another process. */
static const struct strata_driver table = {
    .plugin =
        {
            .abi_version = STRATA_PLUGIN_ABI_VERSION,
            .kind = STRATA_PLUGIN_DRIVER,
            .name = "sqlite",
            .struct_size = sizeof(struct strata_driver),
            .description = "SQLite 3 database files and in-memory databases",
            .version = "0.1.0",
        },
    .schemes = schemes,
    .capabilities = STRATA_CAP_TRANSACTIONAL_DDL | STRATA_CAP_CREATE_DATABASE |
                    STRATA_CAP_INTROSPECTION | STRATA_CAP_BULK_LOAD |
                    STRATA_CAP_INLINE_CONSTRAINTS | STRATA_CAP_PORT_ANY_TIME,
    .connect = sqlite_conn_open,
    .disconnect = sqlite_conn_close,
    .split = sqlite_script_split,
    .exec = sqlite_conn_exec,
    .query = sqlite_conn_query,
    .begin = sqlite_conn_begin,
    .commit = sqlite_conn_commit,
    .rollback = sqlite_conn_rollback,
    .table_exists = sqlite_conn_table_exists,
    .lock = sqlite_conn_lock,
    .unlock = sqlite_conn_unlock,
    .create_database = sqlite_file_create,
    .drop_database = sqlite_file_drop,
    .server_version = sqlite_conn_version,
    .introspect = sqlite_introspect,
    .render_schema = sqlite_render_schema,
    .render_port = sqlite_render_port,
    .read_rows = sqlite_read_rows,
    .load_begin = sqlite_load_begin,
    .load_row = sqlite_load_row,
    .load_end = sqlite_load_end,
    .digest_rows = sqlite_digest_rows,
    .end_migration = sqlite_conn_end_migration,
    .check_before_commit = sqlite_conn_check_before_commit,
    .set_statement_lock_timeout = sqlite_conn_set_statement_lock_timeout,
    .describe_lock_holders = sqlite_describe_lock_holders,
    .lock_holder = sqlite_write_lock_holder,
    .render_ops = sqlite_render_ops,
    .guard = sqlite_guard,
    .neutral_form = sqlite_neutral_form,
    .portable_expression = sqlite_portable_expression,
    .port_form = sqlite_port_form,
    .identity = sqlite_identity,
};

const struct strata_plugin *driver_sqlite_LTX_strata_plugin_entry(void) {
  return &table.plugin;
}
