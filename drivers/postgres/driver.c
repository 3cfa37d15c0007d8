/*
 * driver.c - the table through which the core drives PostgreSQL.
 *
 * The module exports one symbol, driver_postgres_LTX_strata_plugin_entry;
 * everything else is reached through this table.
 */
#include "load.h"

#include <strata/strata.h>

static const char *const schemes[] = {"postgres", "postgresql", NULL};

static const struct strata_driver table = {
    .plugin =
        {
            .abi_version = STRATA_PLUGIN_ABI_VERSION,
            .kind = STRATA_PLUGIN_DRIVER,
            .name = "postgres",
            .struct_size = sizeof(struct strata_driver),
            .description = "PostgreSQL 12 and later, through libpq",
            .version = STRATA_VERSION,
        },
    .schemes = schemes,
    .capabilities = STRATA_CAP_TRANSACTIONAL_DDL | STRATA_CAP_SESSION_LOCK |
                    STRATA_CAP_CREATE_DATABASE | STRATA_CAP_INTROSPECTION |
                    STRATA_CAP_BULK_LOAD,
    .connect = postgres_connect,
    .disconnect = postgres_disconnect,
    .split = postgres_split,
    .exec = postgres_exec,
    .query = postgres_query,
    .begin = postgres_begin,
    .commit = postgres_commit,
    .rollback = postgres_rollback,
    .table_exists = postgres_table_exists,
    .lock = postgres_lock,
    .unlock = postgres_unlock,
    .create_database = postgres_create_database,
    .drop_database = postgres_drop_database,
    .server_version = postgres_server_version,
    .introspect = postgres_introspect,
    .render_schema = postgres_render_schema,
    .render_port = postgres_render_port,
    .read_rows = postgres_read_rows,
    .load_begin = postgres_load_begin,
    .load_row = postgres_load_row,
    .load_end = postgres_load_end,
    .digest_rows = postgres_digest_rows,
    .end_migration = postgres_end_migration,
    .set_statement_lock_timeout = postgres_set_statement_lock_timeout,
    .describe_lock_holders = postgres_describe_lock_holders,
    .set_lock_kind = postgres_set_lock_kind,
    .lock_holder = postgres_lock_holder,
    .clear_lease = postgres_clear_lease,
    .render_ops = postgres_render_ops,
    .neutral_form = postgres_neutral_form,
    .portable_expression = postgres_portable_expression,
    .port_form = postgres_port_form,
    .identity = postgres_identity,
};

const struct strata_plugin *driver_postgres_LTX_strata_plugin_entry(void) {
  return &table.plugin;
}
