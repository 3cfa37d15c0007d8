/*
 * model.c - the memory of a struct strata_schema.
 *
 * Everything in a model comes from one arena of large blocks, so a driver
 * can add thousands of columns without a free() each, and
 * strata_schema_free() is a walk over the blocks.  Pointer arrays grow by
 * doubling: a new array is taken from the arena and the old one is simply
 * left there, which at most doubles what the arrays use.
 */
#include "model.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <strata/strata.h>

#define BLOCK_SIZE 65536

struct block {
  struct block *next;
  size_t used;
  size_t size;
  max_align_t data[];
};

struct strata_schema_arena {
  struct block *blocks;
};

static size_t aligned(size_t n) {
  size_t a = sizeof(max_align_t);
  return (n + a - 1) / a * a;
}

static struct block *block_new(size_t size) {
  struct block *b = malloc(sizeof *b + size);
  if (b != NULL)
    *b = (struct block){.size = size};
  return b;
}

/* Zeroed memory that lives as long as the model. */
static void *arena_alloc(struct strata_schema_arena *arena, size_t n) {
  n = aligned(n ? n : 1);
  struct block *b = arena->blocks;
  if (b == NULL || b->size - b->used < n) {
    b = block_new(n > BLOCK_SIZE / 4 ? n : BLOCK_SIZE);
    if (b == NULL)
      return NULL;
    /* A block made for one big object goes second, so the current block
     * keeps serving small ones. */
    if (b->size == n && arena->blocks != NULL) {
      b->next = arena->blocks->next;
      arena->blocks->next = b;
    } else {
      b->next = arena->blocks;
      arena->blocks = b;
    }
  }
  void *p = (char *)b->data + b->used;
  b->used += n;
  memset(p, 0, n);
  return p;
}

struct strata_schema *model_new(void) {
  struct strata_schema *schema = calloc(1, sizeof *schema);
  struct strata_schema_arena *arena = calloc(1, sizeof *arena);
  if (schema == NULL || arena == NULL) {
    free(schema);
    free(arena);
    return NULL;
  }
  schema->arena = arena;
  return schema;
}

void strata_schema_free(struct strata_schema *schema) {
  if (schema == NULL)
    return;
  struct block *b = schema->arena->blocks;
  while (b != NULL) {
    struct block *next = b->next;
    free(b);
    b = next;
  }
  free(schema->arena);
  free(schema);
}

static int is_power_of_two(size_t n) { return (n & (n - 1)) == 0; }

/* Makes room for one more pointer in the array that array points to.  The
 * array member is read and written with memcpy because its declared type
 * is a pointer to some struct pointer, which the core does not know. */
static void **grow(struct strata_schema *schema, void *array, size_t count) {
  void **items;
  memcpy(&items, array, sizeof items);
  if (count >= 4 && !is_power_of_two(count))
    return items;
  if (count > 0 && count < 4)
    return items;
  size_t cap = count == 0 ? 4 : count * 2;
  void **bigger = arena_alloc(schema->arena, cap * sizeof *bigger);
  if (bigger == NULL)
    return NULL;
  if (count > 0)
    memcpy(bigger, items, count * sizeof *items);
  memcpy(array, &bigger, sizeof bigger);
  return bigger;
}

void *model_append(struct strata_schema *schema, void *array, size_t *count,
                   size_t size) {
  void **items = grow(schema, array, *count);
  void *item = items ? arena_alloc(schema->arena, size) : NULL;
  if (item == NULL)
    return NULL;
  items[(*count)++] = item;
  return item;
}

int model_append_text(struct strata_schema *schema, void *array,
                      size_t *count, const char *text, size_t length) {
  void **items = grow(schema, array, *count);
  const char *copy = items ? model_strndup(schema, text, length) : NULL;
  if (copy == NULL)
    return -1;
  items[(*count)++] = (void *)copy;
  return 0;
}

const char *model_strndup(struct strata_schema *schema, const char *text,
                          size_t length) {
  if (text == NULL)
    return NULL;
  char *copy = arena_alloc(schema->arena, length + 1);
  if (copy != NULL)
    memcpy(copy, text, length);
  return copy;
}

struct strata_table *model_find_table(const struct strata_schema *schema,
                                      const char *name) {
  for (size_t i = 0; i < schema->table_count; i++)
    if (strcmp(schema->tables[i]->name, name) == 0)
      return schema->tables[i];
  return NULL;
}

struct strata_column *model_find_column(const struct strata_table *t,
                                        const char *name) {
  for (size_t i = 0; i < t->column_count; i++)
    if (strcmp(t->columns[i]->name, name) == 0)
      return t->columns[i];
  return NULL;
}

int model_in_primary_key(const struct strata_table *t, const char *column) {
  const struct strata_key *pk = t->primary_key;
  for (size_t i = 0; pk != NULL && i < pk->column_count; i++)
    if (strcmp(pk->columns[i], column) == 0)
      return 1;
  return 0;
}

static int is_word_char(char c) {
  return isalnum((unsigned char)c) || c == '_' || c == '$';
}

int model_mentions(const char *text, const char *name) {
  size_t n = strlen(name);
  for (const char *p = text ? strstr(text, name) : NULL; p != NULL;
       p = strstr(p + 1, name)) {
    int starts = p == text || !is_word_char(p[-1]);
    if (starts && !is_word_char(p[n]))
      return 1;
  }
  return 0;
}

void model_remove_table(struct strata_schema *schema, const char *name) {
  size_t kept = 0;
  for (size_t i = 0; i < schema->table_count; i++)
    if (strcmp(schema->tables[i]->name, name) != 0)
      schema->tables[kept++] = schema->tables[i];
  schema->table_count = kept;
}
