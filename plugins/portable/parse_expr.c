/*
 * parse_expr.c - portable expressions, written as canonical text.
 *
 * The whitelist is what means the same on PostgreSQL, MySQL and SQLite:
 * literals, unqualified columns, comparisons, AND/OR/NOT, IS [NOT] NULL,
 * [NOT] IN (list), [NOT] BETWEEN, + - *, COALESCE, NULLIF and a few
 * functions.  Left out on purpose: / (integer division differs), ||
 * (OR on MySQL), casts, LIKE (escapes differ), every engine's own
 * function.  Every operation is written in parentheses, so the text never
 * depends on an engine's operator precedence.
 */
#include "portable.h"

#include <ctype.h>
#include <string.h>

struct walk {
  struct pp *pp;
  enum pp_expr_use use;
  struct ptext out;
};

static int expr(struct walk *w, json_t *node);

static int refuse(struct walk *w, json_t *obj, const char *what) {
  return pp_refuse(w->pp, pp_where(w->pp, obj),
                   "%s is not in the portable dialect" PORTABLE_HINT, what);
}

static void add_quoted(struct ptext *t, const char *s, char quote) {
  char q[2] = {quote, 0};
  ptext_add(t, q);
  for (const char *p = s; *p; p++) {
    if (*p == quote)
      ptext_add(t, q);
    ptext_addn(t, p, 1);
  }
  ptext_add(t, q);
}

/* A number as the file spells it.  libpg_query 15's JSON drops the
 * value of a negative integer constant ({"ival": {}}), so numbers are
 * read from the text at their location, never from the tree. */
static int number(struct walk *w, json_t *c) {
  const struct pp *pp = w->pp;
  long long at = pp_int(c, "location", -1);
  if (at < 0 || (size_t)at >= pp->length)
    return pp_refuse(w->pp, pp->stmt_offset, "a number without a location");
  size_t end = (size_t)at;
  if (pp->text[end] == '-')
    end++;
  while (end < pp->length &&
         (isdigit((unsigned char)pp->text[end]) || pp->text[end] == '.' ||
          pp->text[end] == 'e' || pp->text[end] == 'E' ||
          ((pp->text[end] == '-' || pp->text[end] == '+') &&
           (pp->text[end - 1] == 'e' || pp->text[end - 1] == 'E'))))
    end++;
  ptext_addn(&w->out, pp->text + at, end - (size_t)at);
  return 0;
}

static int constant(struct walk *w, json_t *c) {
  json_t *v;
  if (pp_bool(c, "isnull")) {
    ptext_add(&w->out, "NULL");
  } else if (json_object_get(c, "ival") || json_object_get(c, "fval")) {
    return number(w, c);
  } else if ((v = json_object_get(c, "boolval")) != NULL) {
    ptext_add(&w->out, pp_bool(v, "boolval") ? "TRUE" : "FALSE");
  } else if ((v = json_object_get(c, "sval")) != NULL) {
    add_quoted(&w->out, pp_str(v, "sval") ? pp_str(v, "sval") : "", '\'');
  } else {
    return refuse(w, c, "a bit-string constant");
  }
  return 0;
}

static int column(struct walk *w, json_t *ref) {
  json_t *fields = json_object_get(ref, "fields");
  const char *name =
      json_array_size(fields) == 1 ? pp_string_node(json_array_get(fields, 0))
                                   : NULL;
  if (w->use != PP_EXPR_ANY)
    return refuse(w, ref, "a column in a default or a value");
  if (json_array_size(fields) > 1)
    return refuse(w, ref, "a table-qualified column");
  if (name == NULL)
    return refuse(w, ref, "*");
  int rc = pp_name(w->pp, name, pp_where(w->pp, ref));
  if (rc == 0)
    add_quoted(&w->out, name, '"');
  return rc;
}

/* ", "-separated expressions of a List node or a plain array. */
static int list(struct walk *w, json_t *items) {
  const char *type;
  json_t *inner = pp_node(items, &type);
  if (inner && strcmp(type, "List") == 0)
    items = json_object_get(inner, "items");
  size_t i;
  json_t *item;
  json_array_foreach(items, i, item) {
    if (i > 0)
      ptext_add(&w->out, ", ");
    int rc = expr(w, item);
    if (rc != 0)
      return rc;
  }
  return 0;
}

static int binary(struct walk *w, json_t *e, const char *op) {
  ptext_add(&w->out, "(");
  int rc = expr(w, json_object_get(e, "lexpr"));
  ptext_add(&w->out, " ");
  ptext_add(&w->out, op);
  ptext_add(&w->out, " ");
  if (rc == 0)
    rc = expr(w, json_object_get(e, "rexpr"));
  ptext_add(&w->out, ")");
  return rc;
}

static int operator(struct walk *w, json_t *e) {
  static const char *const ops[] = {"=", "<>", "<",  ">", "<=",
                                    ">=", "+", "-", "*", NULL};
  json_t *name = json_object_get(e, "name");
  const char *op = json_array_size(name) == 1
                       ? pp_string_node(json_array_get(name, 0))
                       : NULL;
  if (op && strcmp(op, "!=") == 0)
    op = "<>";
  for (const char *const *o = ops; op && *o; o++) {
    if (strcmp(*o, op) != 0)
      continue;
    if (json_object_get(e, "lexpr") != NULL)
      return binary(w, e, op);
    if (strcmp(op, "-") != 0)
      break;
    ptext_add(&w->out, "(-");
    int rc = expr(w, json_object_get(e, "rexpr"));
    ptext_add(&w->out, ")");
    return rc;
  }
  char what[64];
  snprintf(what, sizeof what, "the operator %.20s", op ? op : "?");
  return refuse(w, e, what);
}

static int in_or_between(struct walk *w, json_t *e, const char *kind) {
  int negated = strcmp(kind, "AEXPR_NOT_BETWEEN") == 0;
  if (strcmp(kind, "AEXPR_IN") == 0) {
    json_t *name = json_object_get(e, "name");
    const char *op = pp_string_node(json_array_get(name, 0));
    negated = op && strcmp(op, "<>") == 0;
  }
  int in = strcmp(kind, "AEXPR_IN") == 0;
  ptext_add(&w->out, "(");
  int rc = expr(w, json_object_get(e, "lexpr"));
  ptext_add(&w->out, negated ? " NOT" : "");
  ptext_add(&w->out, in ? " IN (" : " BETWEEN ");
  json_t *r = json_object_get(e, "rexpr");
  if (rc == 0 && in) {
    rc = list(w, r);
    ptext_add(&w->out, ")");
  } else if (rc == 0) {
    const char *type;
    json_t *items = json_object_get(pp_node(r, &type), "items");
    rc = expr(w, json_array_get(items, 0));
    ptext_add(&w->out, " AND ");
    if (rc == 0)
      rc = expr(w, json_array_get(items, 1));
  }
  ptext_add(&w->out, ")");
  return rc;
}

static int a_expr(struct walk *w, json_t *e) {
  const char *kind = pp_str(e, "kind");
  if (kind == NULL || strcmp(kind, "AEXPR_OP") == 0)
    return operator(w, e);
  if (strcmp(kind, "AEXPR_IN") == 0 || strcmp(kind, "AEXPR_BETWEEN") == 0 ||
      strcmp(kind, "AEXPR_NOT_BETWEEN") == 0)
    return in_or_between(w, e, kind);
  if (strcmp(kind, "AEXPR_NULLIF") == 0) {
    ptext_add(&w->out, "NULLIF(");
    int rc = expr(w, json_object_get(e, "lexpr"));
    ptext_add(&w->out, ", ");
    if (rc == 0)
      rc = expr(w, json_object_get(e, "rexpr"));
    ptext_add(&w->out, ")");
    return rc;
  }
  if (strncmp(kind, "AEXPR_LIKE", 10) == 0 ||
      strncmp(kind, "AEXPR_ILIKE", 11) == 0)
    return refuse(w, e, "LIKE");
  return refuse(w, e, "this operator");
}

static int bool_expr(struct walk *w, json_t *e) {
  const char *op = pp_str(e, "boolop");
  json_t *args = json_object_get(e, "args");
  if (op && strcmp(op, "NOT_EXPR") == 0) {
    ptext_add(&w->out, "(NOT ");
    int rc = expr(w, json_array_get(args, 0));
    ptext_add(&w->out, ")");
    return rc;
  }
  const char *word = op && strcmp(op, "AND_EXPR") == 0 ? " AND " : " OR ";
  ptext_add(&w->out, "(");
  size_t i;
  json_t *arg;
  json_array_foreach(args, i, arg) {
    if (i > 0)
      ptext_add(&w->out, word);
    int rc = expr(w, arg);
    if (rc != 0)
      return rc;
  }
  ptext_add(&w->out, ")");
  return 0;
}

static int null_test(struct walk *w, json_t *e) {
  const char *t = pp_str(e, "nulltesttype");
  ptext_add(&w->out, "(");
  int rc = expr(w, json_object_get(e, "arg"));
  ptext_add(&w->out,
            t && strcmp(t, "IS_NOT_NULL") == 0 ? " IS NOT NULL)" : " IS NULL)");
  return rc;
}

static int call(struct walk *w, json_t *f, const char *name, json_t *args) {
  ptext_add(&w->out, name);
  ptext_add(&w->out, "(");
  int rc = list(w, args);
  ptext_add(&w->out, ")");
  return rc;
}

static int func_call(struct walk *w, json_t *f) {
  static const char *const functions[] = {"lower", "upper", "abs", "round",
                                          NULL};
  static const char *const allowed[] = {"funcname", "args", "funcformat",
                                        "location", NULL};
  static const char *const names[] = {
      "agg_order",  "an aggregate",       "agg_filter",    "FILTER",
      "over",       "a window function",  "agg_star",      "an aggregate",
      "agg_distinct", "an aggregate",     "func_variadic", "VARIADIC",
      NULL};
  int rc = pp_only_keys(w->pp, f, allowed, names);
  json_t *fn = json_object_get(f, "funcname");
  const char *name = json_array_size(fn) == 1
                         ? pp_string_node(json_array_get(fn, 0))
                         : NULL;
  for (const char *const *n = functions; rc == 0 && name && *n; n++)
    if (strcmp(*n, name) == 0)
      return call(w, f, name, json_object_get(f, "args"));
  if (rc != 0)
    return rc;
  char what[96];
  snprintf(what, sizeof what, "the function %.40s()",
           name ? name : "(qualified)");
  return refuse(w, f, what);
}

static int value_function(struct walk *w, json_t *f) {
  const char *op = pp_str(f, "op");
  if (w->use == PP_EXPR_DEFAULT && op &&
      strcmp(op, "SVFOP_CURRENT_TIMESTAMP") == 0) {
    ptext_add(&w->out, "CURRENT_TIMESTAMP");
    return 0;
  }
  if (w->use == PP_EXPR_DEFAULT && op &&
      strcmp(op, "SVFOP_CURRENT_DATE") == 0) {
    ptext_add(&w->out, "CURRENT_DATE");
    return 0;
  }
  return refuse(w, f,
                "this value function (only CURRENT_TIMESTAMP and "
                "CURRENT_DATE, in a default)");
}

static int expr(struct walk *w, json_t *node) {
  const char *type;
  json_t *e = pp_node(node, &type);
  if (e == NULL)
    return pp_refuse(w->pp, w->pp->stmt_offset, "an expression is missing");
  if (strcmp(type, "A_Const") == 0)
    return constant(w, e);
  if (w->use == PP_EXPR_DEFAULT && strcmp(type, "SQLValueFunction") != 0)
    return refuse(w, e,
                  "an expression default (a default is a literal, NULL, "
                  "CURRENT_TIMESTAMP or CURRENT_DATE)");
  if (strcmp(type, "SQLValueFunction") == 0)
    return value_function(w, e);
  if (strcmp(type, "ColumnRef") == 0)
    return column(w, e);
  if (strcmp(type, "A_Expr") == 0)
    return a_expr(w, e);
  if (strcmp(type, "BoolExpr") == 0)
    return bool_expr(w, e);
  if (strcmp(type, "NullTest") == 0)
    return null_test(w, e);
  if (strcmp(type, "FuncCall") == 0)
    return func_call(w, e);
  if (strcmp(type, "CoalesceExpr") == 0)
    return call(w, e, "COALESCE", json_object_get(e, "args"));
  if (strcmp(type, "TypeCast") == 0)
    return refuse(w, e, "a cast");
  if (strcmp(type, "SetToDefault") == 0)
    return refuse(w, e, "DEFAULT as a value");
  char what[96];
  snprintf(what, sizeof what, "this expression (%.40s)", type);
  return refuse(w, e, what);
}

int pp_expr(struct pp *pp, json_t *node, enum pp_expr_use use,
            const char **out) {
  struct walk w = {.pp = pp, .use = use};
  *out = NULL;
  int rc = expr(&w, node);
  if (rc == 0 && w.out.failed)
    rc = pp_nomem(pp);
  if (rc == 0 && (*out = pp_dup(pp, w.out.data)) == NULL)
    rc = pp_nomem(pp);
  ptext_release(&w.out);
  return rc;
}

/* A default must suit its column: CURRENT_TIMESTAMP a timestamp,
 * CURRENT_DATE a date. */
static int default_fits(struct pp *pp, json_t *node, struct strata_column *c) {
  int ts = c->type == STRATA_TYPE_TIMESTAMP ||
           c->type == STRATA_TYPE_TIMESTAMPTZ;
  if ((c->default_kind == STRATA_DEFAULT_CURRENT_TIME && !ts) ||
      (c->default_kind == STRATA_DEFAULT_CURRENT_DATE &&
       c->type != STRATA_TYPE_DATE)) {
    const char *type;
    return pp_refuse(pp, pp_where(pp, pp_node(node, &type)),
                     "default %s does not suit column \"%s\"'s type",
                     c->default_expr, c->name ? c->name : "");
  }
  return 0;
}

int pp_default(struct pp *pp, json_t *node, struct strata_column *c) {
  int rc = pp_expr(pp, node, PP_EXPR_DEFAULT, &c->default_expr);
  if (rc != 0)
    return rc;
  const char *type;
  json_t *e = pp_node(node, &type);
  const char *text = c->default_expr;
  if (strcmp(text, "NULL") == 0) {
    c->default_kind = STRATA_DEFAULT_NULL;
  } else if (strcmp(text, "CURRENT_TIMESTAMP") == 0) {
    c->default_kind = STRATA_DEFAULT_CURRENT_TIME;
  } else if (strcmp(text, "CURRENT_DATE") == 0) {
    c->default_kind = STRATA_DEFAULT_CURRENT_DATE;
  } else {
    json_t *s = json_object_get(e, "sval");
    c->default_kind = STRATA_DEFAULT_LITERAL;
    const char *value = pp_str(s, "sval");
    c->default_value = s ? pp_dup(pp, value ? value : "") : text;
  }
  return default_fits(pp, node, c);
}
