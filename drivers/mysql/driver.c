/*
 * driver.c - the table through which the core drives MySQL and MariaDB.
 *
 * The module exports one symbol, driver_mysql_LTX_strata_plugin_entry;
 * everything else is reached through this table.  MySQL commits DDL
 * implicitly, so the driver claims no transactional DDL: the core records
 * each statement's progress instead, trusting split() to flag DDL.  As a
 * port's target it adds foreign keys unchecked (port.h).
 */
#include "port.h"

static const char *const schemes[] = {"mysql", "mariadb", NULL};

static const struct strata_driver table = {
    .plugin =
        {
            .abi_version = STRATA_PLUGIN_ABI_VERSION,
            .kind = STRATA_PLUGIN_DRIVER,
            .name = "mysql",
            .struct_size = sizeof(struct strata_driver),
            .description = "MySQL 8 and MariaDB 10.6+ servers",
            .version = "0.1.0",
        },
    .schemes = schemes,
    .capabilities = STRATA_CAP_SESSION_LOCK | STRATA_CAP_CREATE_DATABASE |
                    STRATA_CAP_INTROSPECTION | STRATA_CAP_BINARY_SCRIPTS |
                    STRATA_CAP_PORT_UNCHECKED_KEYS,
    .connect = mysqldrv_connect,
    .disconnect = mysqldrv_disconnect,
    .split = mysqldrv_split,
    .exec = mysqldrv_exec,
    .query = mysqldrv_query,
    .begin = mysqldrv_begin,
    .commit = mysqldrv_commit,
    .rollback = mysqldrv_rollback,
    .table_exists = mysqldrv_table_exists,
    .lock = mysqldrv_lock,
    .unlock = mysqldrv_unlock,
    .create_database = mysqldrv_create_database,
    .drop_database = mysqldrv_drop_database,
    .server_version = mysqldrv_server_version,
    .introspect = mysqldrv_introspect,
    .render_schema = mysqldrv_render_schema,
    .query_then_exec = mysqldrv_query_then_exec,
    .render_port = mysqldrv_render_port,
    .read_rows = mysqldrv_read_rows,
    .load_begin = mysqldrv_load_begin,
    .load_row = mysqldrv_load_row,
    .load_end = mysqldrv_load_end,
    .digest_rows = mysqldrv_digest_rows,
    .count_values = mysqldrv_count_values,
    .end_migration = mysqldrv_end_migration,
    .set_statement_lock_timeout = mysqldrv_set_statement_lock_timeout,
    .describe_lock_holders = mysqldrv_describe_lock_holders,
    .set_lock_kind = mysqldrv_set_lock_kind,
    .lock_holder = mysqldrv_lock_holder,
    .clear_lease = mysqldrv_clear_lease,
    .render_ops = mysqldrv_render_ops,
    .neutral_form = mysqldrv_neutral_form,
    .portable_expression = mysqldrv_portable_expression,
    .identity = mysqldrv_identity,
};

const struct strata_plugin *driver_mysql_LTX_strata_plugin_entry(void) {
  return &table.plugin;
}
