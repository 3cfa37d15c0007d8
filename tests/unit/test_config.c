/*
 * test_config.c - settings: precedence of the caller, the environment, .env
 * and strata.conf; .env quoting; errors naming the file and line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* By its path: the build folder's autoconf config.h has the same name and
 * comes first in the include path. */
#include "config.h"
#include "tap.h"

static char dir[4096];

static const char *const variables[] = {
    "DATABASE_URL",
    "STRATA_URL",
    "STRATA_DIR",
    "STRATA_TABLE",
    "STRATA_LOCK_TIMEOUT",
    "STRATA_WAIT",
    "STRATA_ALLOW_OUT_OF_ORDER",
    "STRATA_PLUGIN_PATH",
    "STRATA_DUMP",
};

static void clear_environment(void) {
  for (size_t i = 0; i < sizeof variables / sizeof variables[0]; i++)
    unsetenv(variables[i]);
}

static char *path_of(const char *file) {
  static char path[4200];
  snprintf(path, sizeof path, "%s/%s", dir, file);
  return path;
}

static void write_file(const char *file, const char *text) {
  FILE *f = fopen(path_of(file), "wb");
  if (f == NULL)
    return;
  fputs(text, f);
  fclose(f);
}

static void remove_files(void) {
  unlink(path_of(".env"));
  unlink(path_of("strata.conf"));
}

/* Loads dir's files into a fresh config; returns the code. */
static int load(struct strata_config *cfg, struct strata_error *err) {
  strata_config_init(cfg);
  strata_error_clear(err);
  return strata_config_load(cfg, dir, err);
}

static void test_set_and_get(void) {
  struct strata_config cfg;
  strata_config_init(&cfg);
  is_str(strata_config_get(&cfg, "url"), NULL, "an unset key is NULL");
  is_int(strata_config_set(&cfg, "url", "sqlite::memory:"), 0, "set url");
  is_str(strata_config_get(&cfg, "url"), "sqlite::memory:", "get url");
  is_int(strata_config_set(&cfg, "url", "sqlite:a.db"), 0, "set url again");
  is_str(strata_config_get(&cfg, "url"), "sqlite:a.db", "the last set wins");
  is_int(strata_config_set(&cfg, "tabel", "x"), STRATA_EINVAL,
         "an unknown key is refused");
  is_str(strata_config_get(&cfg, "tabel"), NULL, "and not stored");
  static const char *const keys[] = {"url",         "dir",
                                     "table",       "lock_timeout",
                                     "wait",        "allow_out_of_order",
                                     "plugin_path", "dump"};
  for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
    is_int(strata_config_set(&cfg, keys[i], "1"), 0, "'%s' is a key", keys[i]);
  is_int(cfg.count, 8, "eight keys set");
  is_int(strata_config_set(&cfg, "dir", NULL), 0, "a NULL value unsets");
  is_str(strata_config_get(&cfg, "dir"), NULL, "dir is unset");
  is_str(strata_config_get(&cfg, "dump"), "1", "the others stay");
  is_str(config_string(&cfg, "dir", CONFIG_DEFAULT_DIR), "db/migrations",
         "config_string falls back");
  is_str(config_string(&cfg, "wait", "x"), "1", "config_string finds it");
  strata_config_release(&cfg);
  ok(cfg.entries == NULL && cfg.count == 0, "release empties the config");
}

static void test_precedence(void) {
  write_file("strata.conf", "url = sqlite:conf.db\n"
                            "dir = conf/migrations\n"
                            "table = conf_table\n"
                            "lock_timeout = 30\n");
  write_file(".env", "DATABASE_URL=sqlite:dotenv.db\n"
                     "STRATA_DIR=dotenv/migrations\n"
                     "STRATA_TABLE=dotenv_table\n");
  setenv("DATABASE_URL", "sqlite:env.db", 1);
  setenv("STRATA_DIR", "env/migrations", 1);
  struct strata_config cfg;
  struct strata_error err;
  strata_config_init(&cfg);
  strata_config_set(&cfg, "url", "sqlite:flag.db");
  strata_error_clear(&err);
  is_int(strata_config_load(&cfg, dir, &err), 0, "load succeeds");
  is_str(strata_config_get(&cfg, "url"), "sqlite:flag.db", "set beats all");
  is_str(strata_config_get(&cfg, "dir"), "env/migrations",
         "the environment beats .env");
  is_str(strata_config_get(&cfg, "table"), "dotenv_table",
         ".env beats strata.conf");
  is_str(strata_config_get(&cfg, "lock_timeout"), "30",
         "strata.conf fills the rest");
  is_str(strata_config_get(&cfg, "wait"), NULL, "unset everywhere is NULL");
  strata_config_release(&cfg);

  is_int(load(&cfg, &err), 0, "load with nothing set");
  is_str(strata_config_get(&cfg, "url"), "sqlite:env.db",
         "DATABASE_URL from the environment beats .env");
  strata_config_release(&cfg);

  setenv("STRATA_URL", "sqlite:strata-env.db", 1);
  is_int(load(&cfg, &err), 0, "load with STRATA_URL set");
  is_str(strata_config_get(&cfg, "url"), "sqlite:strata-env.db",
         "STRATA_URL beats DATABASE_URL");
  strata_config_release(&cfg);

  clear_environment();
  is_int(load(&cfg, &err), 0, "load with an empty environment");
  is_str(strata_config_get(&cfg, "url"), "sqlite:dotenv.db",
         ".env's DATABASE_URL beats strata.conf");
  is_str(strata_config_get(&cfg, "dir"), "dotenv/migrations", ".env's dir");
  strata_config_release(&cfg);

  setenv("DATABASE_URL", "", 1);
  is_int(load(&cfg, &err), 0, "load with DATABASE_URL empty");
  is_str(strata_config_get(&cfg, "url"), "sqlite:dotenv.db",
         "an empty variable sets nothing");
  strata_config_release(&cfg);
  clear_environment();
  remove_files();
}

static void test_strata_url_beats_database_url(void) {
  struct strata_config cfg;
  struct strata_error err;
  write_file(".env", "STRATA_URL=sqlite:strata.db\n"
                     "DATABASE_URL=sqlite:database.db\n");
  is_int(load(&cfg, &err), 0, "load .env with both URLs");
  is_str(strata_config_get(&cfg, "url"), "sqlite:strata.db",
         "in .env STRATA_URL beats DATABASE_URL written after it");
  strata_config_release(&cfg);
  write_file(".env", "DATABASE_URL=sqlite:one.db\n"
                     "DATABASE_URL=sqlite:two.db\n");
  is_int(load(&cfg, &err), 0, "load .env with DATABASE_URL twice");
  is_str(strata_config_get(&cfg, "url"), "sqlite:two.db",
         "the last line wins within .env");
  strata_config_release(&cfg);
  remove_files();
}

static void test_environment_keys(void) {
  setenv("STRATA_TABLE", "t", 1);
  setenv("STRATA_LOCK_TIMEOUT", "5", 1);
  setenv("STRATA_WAIT", "7", 1);
  setenv("STRATA_ALLOW_OUT_OF_ORDER", "yes", 1);
  setenv("STRATA_PLUGIN_PATH", "/p", 1);
  setenv("STRATA_DUMP", "on", 1);
  struct strata_config cfg;
  struct strata_error err;
  is_int(load(&cfg, &err), 0, "load STRATA_* variables");
  is_str(strata_config_get(&cfg, "table"), "t", "STRATA_TABLE");
  is_str(strata_config_get(&cfg, "lock_timeout"), "5", "STRATA_LOCK_TIMEOUT");
  is_str(strata_config_get(&cfg, "wait"), "7", "STRATA_WAIT");
  is_str(strata_config_get(&cfg, "allow_out_of_order"), "yes",
         "STRATA_ALLOW_OUT_OF_ORDER");
  is_str(strata_config_get(&cfg, "plugin_path"), "/p", "STRATA_PLUGIN_PATH");
  is_str(strata_config_get(&cfg, "dump"), "on", "STRATA_DUMP");
  strata_config_release(&cfg);
  clear_environment();
}

/* The line for a test's description, its CR shown as "\r". */
static const char *shown(const char *line) {
  static char out[256];
  size_t n = 0;
  for (; *line != '\0' && n + 3 < sizeof out; line++) {
    if (*line == '\r') {
      out[n++] = '\\';
      out[n++] = 'r';
    } else {
      out[n++] = *line;
    }
  }
  out[n] = '\0';
  return out;
}

/* Each line, alone in .env, must give STRATA_TABLE the value. */
static void test_dotenv_values(void) {
  static const struct {
    const char *line, *value;
  } cases[] = {
      {"STRATA_TABLE=plain", "plain"},
      {"export STRATA_TABLE=exported", "exported"},
      {"  export   STRATA_TABLE = spaced  ", "spaced"},
      {"STRATA_TABLE=bare # a comment", "bare"},
      {"STRATA_TABLE=no#comment", "no#comment"},
      {"STRATA_TABLE='single # quoted \\n $x'", "single # quoted \\n $x"},
      {"STRATA_TABLE=\"double \\\"quoted\\\" \\\\ \\n end\"",
       "double \"quoted\" \\ \n end"},
      {"STRATA_TABLE=\"keep \\t as is\"", "keep \\t as is"},
      {"STRATA_TABLE='quoted' # comment", "quoted"},
      {"STRATA_TABLE=\"a=b\"", "a=b"},
      {"STRATA_TABLE=with spaces inside", "with spaces inside"},
      {"STRATA_TABLE=crlf\r", "crlf"},
      {"STRATA_TABLE=", NULL},
      {"STRATA_TABLE=''", NULL},
      {"# STRATA_TABLE=commented", NULL},
      {"OTHER_KEY=x", NULL},
      {"STRATA_TABEL=x", NULL},
      {"strata_table=lower", NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char text[256];
    snprintf(text, sizeof text, "\n# comment\n%s\n", cases[i].line);
    write_file(".env", text);
    struct strata_config cfg;
    struct strata_error err;
    int rc = load(&cfg, &err);
    is_int(rc, 0, ".env line <%s> loads", shown(cases[i].line));
    if (rc != 0)
      printf("#   %s\n", err.message);
    is_str(strata_config_get(&cfg, "table"), cases[i].value,
           ".env line <%s> gives its value", shown(cases[i].line));
    strata_config_release(&cfg);
  }
  write_file(".env", "STRATA_TABLE=no newline at the end");
  struct strata_config cfg;
  struct strata_error err;
  is_int(load(&cfg, &err), 0, "a last line without a newline loads");
  is_str(strata_config_get(&cfg, "table"), "no newline at the end",
         "and gives its value");
  strata_config_release(&cfg);
  remove_files();
}

static void test_dotenv_errors(void) {
  static const struct {
    const char *text;
    int line;
    const char *what;
  } cases[] = {
      {"STRATA_URL=sqlite:a.db\n\njust words\n", 3, "expected KEY=VALUE"},
      {"=value\n", 1, "expected KEY=VALUE"},
      {"1KEY=value\n", 1, "expected KEY=VALUE"},
      {"KEY value\n", 1, "expected KEY=VALUE"},
      {"# ok\nSTRATA_DIR='x' trailing\n", 2, "expected KEY=VALUE"},
      {"STRATA_DIR=\"open\n", 1, "unterminated quoted value"},
      {"A=1\nSTRATA_DIR='open\nclose'\n", 2, "unterminated quoted value"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    write_file(".env", cases[i].text);
    struct strata_config cfg;
    struct strata_error err;
    is_int(load(&cfg, &err), STRATA_ECONFIG, "malformed .env %zu is refused",
           i + 1);
    char want[4400];
    snprintf(want, sizeof want, "'%s' line %d: %s", path_of(".env"),
             cases[i].line, cases[i].what);
    is_str(err.message, want, "malformed .env %zu: message", i + 1);
    strata_config_release(&cfg);
  }
  remove_files();
}

static void test_conf(void) {
  write_file("strata.conf", "; a comment\n"
                            "# another\n"
                            "url = sqlite:top.db\n"
                            "[strata]\n"
                            "  dir = indented/one\n"
                            "  table = indented_two\n"
                            "lock_timeout = 9 ; inline comment\n"
                            "wait =\n");
  struct strata_config cfg;
  struct strata_error err;
  int rc = load(&cfg, &err);
  is_int(rc, 0, "strata.conf with a [strata] section loads");
  if (rc != 0)
    printf("#   %s\n", err.message);
  is_str(strata_config_get(&cfg, "url"), "sqlite:top.db", "a top-level key");
  is_str(strata_config_get(&cfg, "dir"), "indented/one", "an indented key");
  is_str(strata_config_get(&cfg, "table"), "indented_two",
         "a second indented key is not a continuation");
  is_str(strata_config_get(&cfg, "lock_timeout"), "9",
         "an inline comment is dropped");
  is_str(strata_config_get(&cfg, "wait"), NULL, "an empty value sets nothing");
  strata_config_release(&cfg);

  write_file("strata.conf", "\xEF\xBB\xBF[strata]\r\nurl = sqlite:bom.db\r\n");
  is_int(load(&cfg, &err), 0, "strata.conf with a BOM and CRLF loads");
  is_str(strata_config_get(&cfg, "url"), "sqlite:bom.db", "and gives url");
  strata_config_release(&cfg);
  remove_files();
}

static void test_conf_errors(void) {
  char long_line[400];
  memset(long_line, 'x', sizeof long_line);
  memcpy(long_line, "url = ", 6);
  memcpy(long_line + sizeof long_line - 2, "\n", 2);
  static const struct {
    const char *text;
    const char *message; /* after "<path>:" */
  } cases[] = {
      {"url = sqlite:a.db\n[strata]\ndir = x\ntabel = y\n",
       "4: unknown setting 'tabel'"},
      {"url = a\n\n[database]\nurl = b\n",
       "3: unknown section 'database'; strata reads only [strata]"},
      {"[other]\n", "1: unknown section 'other'; strata reads only [strata]"},
      {"url = a\njust words\ntabel = y\n",
       "2: expected 'key = value' or '[strata]'"},
      {"[strata\nurl = a\n", "1: expected 'key = value' or '[strata]'"},
      {"URL = a\n", "1: unknown setting 'URL'"},
      {NULL, "2: line is too long (the limit is 197 characters)"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char text[512];
    snprintf(text, sizeof text, "%s", cases[i].text);
    if (cases[i].text == NULL)
      snprintf(text, sizeof text, "[strata]\n%s", long_line);
    write_file("strata.conf", text);
    struct strata_config cfg;
    struct strata_error err;
    is_int(load(&cfg, &err), STRATA_ECONFIG, "bad strata.conf %zu is refused",
           i + 1);
    char want[4400];
    snprintf(want, sizeof want, "%s:%s", path_of("strata.conf"),
             cases[i].message);
    is_str(err.message, want, "bad strata.conf %zu: message", i + 1);
    strata_config_release(&cfg);
  }
  remove_files();
}

static void test_missing_files_and_cwd(void) {
  struct strata_config cfg;
  struct strata_error err;
  is_int(load(&cfg, &err), 0, "no .env and no strata.conf is fine");
  is_int(cfg.count, 0, "and sets nothing");
  strata_config_release(&cfg);

  write_file("strata.conf", "table = from_cwd\n");
  char cwd[4096];
  if (!ok(getcwd(cwd, sizeof cwd) != NULL && chdir(dir) == 0,
          "enter the temporary folder"))
    return;
  strata_config_init(&cfg);
  is_int(strata_config_load(&cfg, NULL, &err), 0, "load with dir NULL");
  is_str(strata_config_get(&cfg, "table"), "from_cwd",
         "dir NULL reads the working directory");
  strata_config_release(&cfg);
  write_file("strata.conf", "tabel = x\n");
  strata_config_init(&cfg);
  strata_config_load(&cfg, NULL, &err);
  is_str(err.message, "strata.conf:1: unknown setting 'tabel'",
         "the message names strata.conf as it was found");
  strata_config_release(&cfg);
  ok(chdir(cwd) == 0, "leave the temporary folder");
  remove_files();
}

static void test_typed(void) {
  struct strata_config cfg;
  struct strata_error err;
  strata_config_init(&cfg);
  long n = -1;
  is_int(config_long(&cfg, "wait", 42, &n, &err), 0, "config_long unset");
  is_int(n, 42, "an unset number is the fallback");
  static const struct {
    const char *value;
    int rc;
    long n;
  } longs[] = {
      {"0", 0, 0},
      {"120", 0, 120},
      {"007", 0, 7},
      {"-1", STRATA_EINVAL, 42},
      {"1.5", STRATA_EINVAL, 42},
      {"abc", STRATA_EINVAL, 42},
      {"", STRATA_EINVAL, 42},
      {" 5", STRATA_EINVAL, 42},
      {"5s", STRATA_EINVAL, 42},
      {"99999999999999999999999", STRATA_EINVAL, 42},
  };
  for (size_t i = 0; i < sizeof longs / sizeof longs[0]; i++) {
    strata_config_set(&cfg, "lock_timeout", longs[i].value);
    strata_error_clear(&err);
    is_int(config_long(&cfg, "lock_timeout", 42, &n, &err), longs[i].rc,
           "config_long('%s')", longs[i].value);
    is_int(n, longs[i].n, "config_long('%s') value", longs[i].value);
  }
  strata_config_set(&cfg, "lock_timeout", "soon");
  config_long(&cfg, "lock_timeout", 42, &n, &err);
  is_str(err.message,
         "invalid value 'soon' for 'lock_timeout': expected a whole number "
         "of 0 or more",
         "config_long names the key and the value");

  static const struct {
    const char *value;
    int rc, b;
  } bools[] = {
      {"1", 0, 1},
      {"true", 0, 1},
      {"YES", 0, 1},
      {"on", 0, 1},
      {"0", 0, 0},
      {"false", 0, 0},
      {"No", 0, 0},
      {"off", 0, 0},
      {"maybe", STRATA_EINVAL, -1},
      {"", STRATA_EINVAL, -1},
      {"2", STRATA_EINVAL, -1},
  };
  int b = 5;
  is_int(config_bool(&cfg, "dump", -1, &b, &err), 0, "config_bool unset");
  is_int(b, -1, "an unset bool is the fallback");
  for (size_t i = 0; i < sizeof bools / sizeof bools[0]; i++) {
    strata_config_set(&cfg, "dump", bools[i].value);
    strata_error_clear(&err);
    is_int(config_bool(&cfg, "dump", -1, &b, &err), bools[i].rc,
           "config_bool('%s')", bools[i].value);
    is_int(b, bools[i].b, "config_bool('%s') value", bools[i].value);
  }
  strata_config_set(&cfg, "allow_out_of_order", "perhaps");
  config_bool(&cfg, "allow_out_of_order", 0, &b, &err);
  is_str(err.message,
         "invalid value 'perhaps' for 'allow_out_of_order': expected true or "
         "false (or yes/no, on/off, 1/0)",
         "config_bool names the key and the value");
  strata_config_release(&cfg);
}

int main(void) {
  const char *tmp = getenv("TMPDIR");
  snprintf(dir, sizeof dir, "%s/strata-test-config-XXXXXX", tmp ? tmp : "/tmp");
  if (mkdtemp(dir) == NULL) {
    ok(0, "create a temporary folder");
    return done_testing();
  }
  clear_environment();
  test_set_and_get();
  test_precedence();
  test_strata_url_beats_database_url();
  test_environment_keys();
  test_dotenv_values();
  test_dotenv_errors();
  test_conf();
  test_conf_errors();
  test_missing_files_and_cwd();
  test_typed();
  ok(rmdir(dir) == 0, "the temporary folder is left empty and removed");
  return done_testing();
}
