/*
 * schema_json.h - a schema model (schema.h) as a JSON document.
 */
#ifndef STRATA_CLI_SCHEMA_JSON_H
#define STRATA_CLI_SCHEMA_JSON_H

#include <jansson.h>
#include <strata/schema.h>

/* Every field of the model, in the model's order, each object's keys in
 * the order schema.h declares them.  NULL when memory runs out. */
json_t *schema_json(const struct strata_schema *schema);

#endif
