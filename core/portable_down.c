/*
 * portable_down.c - the down of a portable migration, derived from its up.
 *
 * The inverse of a migration is the inverse of each op in reverse order.
 * An op has an inverse only when the file says everything the inverse
 * needs: a drop does not say what was dropped, a new type or default does
 * not say the old one, data changes do not say the old rows.  Those are
 * refused, so that the down is always what `strata render --down` shows,
 * whatever database the up ran on.  An index of a table the up creates is
 * left to the down's DROP TABLE.
 */
#include "portable.h"

#include <string.h>

#include "model.h"

static const char *const op_words[] = {
    "CREATE TABLE",    "DROP TABLE",      "RENAME TABLE",
    "ADD COLUMN",      "DROP COLUMN",     "RENAME COLUMN",
    "ALTER COLUMN TYPE", "SET DEFAULT",   "DROP DEFAULT",
    "SET NOT NULL",    "DROP NOT NULL",   "ADD PRIMARY KEY",
    "ADD UNIQUE",      "ADD CHECK",       "ADD FOREIGN KEY",
    "DROP CONSTRAINT", "CREATE INDEX",    "DROP INDEX",
    "ALTER INDEX RENAME", "INSERT",       "UPDATE",
    "DELETE",          "COMMENT"};

static const char *why_not(const struct strata_op *op) {
  if (op->flags & (STRATA_OP_IF_EXISTS | STRATA_OP_IF_NOT_EXISTS))
    return "whether the up changed anything is not known";
  switch (op->kind) {
  case STRATA_OP_DROP_TABLE:
  case STRATA_OP_DROP_COLUMN:
  case STRATA_OP_DROP_CONSTRAINT:
  case STRATA_OP_DROP_INDEX:
    return "what it drops is not in the file";
  case STRATA_OP_ALTER_TYPE:
    return "the old type is not in the file";
  case STRATA_OP_SET_DEFAULT:
  case STRATA_OP_DROP_DEFAULT:
    return "the old default is not in the file";
  case STRATA_OP_COMMENT:
    return "the old comment is not in the file";
  case STRATA_OP_INSERT:
  case STRATA_OP_UPDATE:
  case STRATA_OP_DELETE:
    return "a data change cannot be undone from the file";
  default:
    return NULL;
  }
}

static enum strata_op_kind inverse_kind(enum strata_op_kind kind) {
  switch (kind) {
  case STRATA_OP_CREATE_TABLE:
    return STRATA_OP_DROP_TABLE;
  case STRATA_OP_ADD_COLUMN:
    return STRATA_OP_DROP_COLUMN;
  case STRATA_OP_SET_NOT_NULL:
    return STRATA_OP_DROP_NOT_NULL;
  case STRATA_OP_DROP_NOT_NULL:
    return STRATA_OP_SET_NOT_NULL;
  case STRATA_OP_ADD_PRIMARY_KEY:
  case STRATA_OP_ADD_UNIQUE:
  case STRATA_OP_ADD_CHECK:
  case STRATA_OP_ADD_FOREIGN_KEY:
    return STRATA_OP_DROP_CONSTRAINT;
  case STRATA_OP_CREATE_INDEX:
    return STRATA_OP_DROP_INDEX;
  default:
    return kind; /* the renames, with their names swapped */
  }
}

static struct strata_op *inverse(struct portable_file *pf,
                                 const struct strata_op *op) {
  struct strata_op **slot = NULL;
  size_t n = 0;
  struct strata_op *inv = model_append(pf->owner, &slot, &n, sizeof *inv);
  if (inv == NULL)
    return NULL;
  inv->kind = inverse_kind(op->kind);
  inv->offset = op->offset;
  inv->group = op->group;
  inv->table = op->table;
  inv->name = op->name;
  switch (op->kind) {
  case STRATA_OP_RENAME_TABLE:
    inv->table = op->new_name;
    inv->new_name = op->table;
    break;
  case STRATA_OP_RENAME_COLUMN:
  case STRATA_OP_RENAME_INDEX:
    inv->name = op->new_name;
    inv->new_name = op->name;
    break;
  case STRATA_OP_CREATE_TABLE:
    inv->name = op->table;
    break;
  case STRATA_OP_ADD_PRIMARY_KEY:
    /* An engine may name a primary key its own way (MySQL: PRIMARY):
     * the down finds it by what it is. */
    inv->key = op->key;
    break;
  default:
    break;
  }
  return inv;
}

/* The up creates the table of index op, so the down's DROP TABLE takes
 * the index with it: a DROP INDEX first would only fail where an engine
 * needs the index (InnoDB, for a foreign key). */
static int dropped_with_table(const struct portable_file *pf,
                              const struct strata_op *op) {
  if (op->kind != STRATA_OP_CREATE_INDEX)
    return 0;
  for (size_t i = 0; i < pf->count; i++)
    if (pf->ops[i]->kind == STRATA_OP_CREATE_TABLE &&
        strcmp(pf->ops[i]->table, op->table) == 0)
      return 1;
  return 0;
}

int portable_invert(struct portable_file *pf, struct strata_error *err) {
  for (size_t i = 0; i < pf->count; i++) {
    const char *why = why_not(pf->ops[i]);
    if (why == NULL)
      continue;
    strata__error_set(err, STRATA_ENODOWN,
                      "cannot derive the down of %s: %s; write the down "
                      "as a .portable.down.sql file beside it",
                      op_words[pf->ops[i]->kind], why);
    portable_locate(pf, pf->ops[i]->offset, err);
    return STRATA_ENODOWN;
  }
  struct strata_op **inverted = model_append(
      pf->owner, &(struct strata_op **){NULL}, &(size_t){0},
      (pf->count + 1) * sizeof *inverted);
  if (inverted == NULL)
    return strata__error_set(err, STRATA_ENOMEM, "out of memory");
  size_t n = 0;
  for (size_t i = pf->count; i-- > 0;) {
    if (dropped_with_table(pf, pf->ops[i]))
      continue;
    if ((inverted[n++] = inverse(pf, pf->ops[i])) == NULL)
      return strata__error_set(err, STRATA_ENOMEM, "out of memory");
  }
  pf->ops = inverted;
  pf->count = n;
  return 0;
}
