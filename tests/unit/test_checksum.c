/*
 * test_checksum.c - the script checksum and what it normalises.
 */
#include <stdlib.h>
#include <string.h>

#include "checksum.h"
#include "sha256.h"
#include "tap.h"

static void sum(const char *text, size_t len, char out[CHECKSUM_SIZE]) {
  checksum_script(text, len, out);
}

static void sum_str(const char *text, char out[CHECKSUM_SIZE]) {
  sum(text, strlen(text), out);
}

static void test_known_vectors(void) {
  char got[CHECKSUM_SIZE];
  sum_str("abc", got);
  is_str(got,
         "sha256:"
         "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
         "SHA-256 of 'abc'");
  sum("", 0, got);
  is_str(got,
         "sha256:"
         "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
         "SHA-256 of nothing");
  sum_str("\xEF\xBB\xBF", got);
  is_str(got,
         "sha256:"
         "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
         "a BOM alone sums like nothing");
}

/* The plain SHA-256 of bytes as they are (test_sha256 holds it to the
 * FIPS vectors), to compare with. */
static void raw_sum(const char *text, size_t len, char out[CHECKSUM_SIZE]) {
  unsigned char digest[SHA256_DIGEST_SIZE];
  strata__sha256(text, len, digest);
  strcpy(out, "sha256:");
  for (unsigned int i = 0; i < SHA256_DIGEST_SIZE; i++)
    snprintf(out + 7 + 2 * i, 3, "%02x", digest[i]);
}

/* Each script must sum like the plain SHA-256 of its normalised form. */
static void test_normalisation(void) {
  static const struct {
    const char *script, *normalised, *what;
  } cases[] = {
      {"CREATE TABLE t (id int);\r\nSELECT 1;\r\n",
       "CREATE TABLE t (id int);\nSELECT 1;\n", "CRLF becomes LF"},
      {"\xEF\xBB\xBF"
       "CREATE TABLE t (id int);\n",
       "CREATE TABLE t (id int);\n", "a leading BOM is removed"},
      {"\xEF\xBB\xBF"
       "a;\r\nb;\r\n",
       "a;\nb;\n", "BOM and CRLF together"},
      {"a;\rb;\n", "a;\rb;\n", "a lone CR is kept"},
      {"a;\r\r\nb;", "a;\r\nb;", "CR CR LF keeps the first CR"},
      {"a;\r", "a;\r", "a CR at the very end is kept"},
      {"\r\n\r\n\r\n", "\n\n\n", "nothing but CRLFs"},
      {"a;\n\xEF\xBB\xBF", "a;\n\xEF\xBB\xBF",
       "a BOM past the start is content"},
      {"\xEF\xBB\xBF\xEF\xBB\xBF"
       "a;",
       "\xEF\xBB\xBF"
       "a;",
       "only one BOM is removed"},
      {"\xEF\xBB", "\xEF\xBB", "half a BOM is content"},
      {"plain\n", "plain\n", "LF text is summed as it is"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char got[CHECKSUM_SIZE], want[CHECKSUM_SIZE];
    sum_str(cases[i].script, got);
    raw_sum(cases[i].normalised, strlen(cases[i].normalised), want);
    is_str(got, want, "%s", cases[i].what);
  }
}

/* A script and its CRLF twin sum alike; a lone CR is not a line end. */
static void test_equal_and_different(void) {
  char a[CHECKSUM_SIZE], b[CHECKSUM_SIZE], c[CHECKSUM_SIZE];
  sum_str("\xEF\xBB\xBF"
          "SELECT 1;\r\nSELECT 2;\r\n",
          a);
  sum_str("SELECT 1;\nSELECT 2;\n", b);
  is_str(a, b, "a Windows checkout sums like a Unix one");
  sum_str("SELECT 1;\rSELECT 2;\r", a);
  sum_str("SELECT 1;SELECT 2;", c);
  ok(strcmp(a, b) != 0 && strcmp(a, c) != 0,
     "lone CRs are neither line ends nor dropped");
}

static void test_length_not_nul(void) {
  char a[CHECKSUM_SIZE], b[CHECKSUM_SIZE];
  sum("abcdef", 3, a);
  sum_str("abc", b);
  is_str(a, b, "only len bytes are summed");
  sum("a\0b", 3, a);
  sum_str("a", b);
  ok(strcmp(a, b) != 0, "a NUL byte inside is summed");
}

/* A large script with a CRLF on every line sums like its LF version. */
static void test_large(void) {
  size_t lines = 100000;
  char *crlf = malloc(lines * 12), *lf = malloc(lines * 12);
  if (!ok(crlf != NULL && lf != NULL, "memory for a large script")) {
    free(crlf);
    free(lf);
    return;
  }
  size_t n1 = 0, n2 = 0;
  for (size_t i = 0; i < lines; i++) {
    memcpy(crlf + n1, "SELECT 1;\r\n", 11);
    memcpy(lf + n2, "SELECT 1;\n", 10);
    n1 += 11;
    n2 += 10;
  }
  char a[CHECKSUM_SIZE], b[CHECKSUM_SIZE];
  sum(crlf, n1, a);
  sum(lf, n2, b);
  is_str(a, b, "100,000 CRLF lines sum like LF lines");
  free(crlf);
  free(lf);
}

static void test_is_valid(void) {
  char got[CHECKSUM_SIZE];
  sum_str("SELECT 1;", got);
  ok(checksum_is_valid(got), "a computed checksum is valid");
  is_int(strlen(got), 71, "a checksum is 71 characters");
  static const struct {
    const char *text;
    int valid;
  } cases[] = {
      {"sha256:"
       "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
       1},
      {"sha256:"
       "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD",
       0},
      {"sha256:"
       "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a",
       0},
      {"sha256:"
       "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015add",
       0},
      {"md5:ba7816bf8f01cfea414140de5dae2223", 0},
      {"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", 0},
      {"sha256:"
       "ga7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
       0},
      {"", 0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    is_int(checksum_is_valid(cases[i].text), cases[i].valid,
           "checksum_is_valid case %zu", i + 1);
  is_int(checksum_is_valid(NULL), 0, "NULL is not a checksum");
}

int main(void) {
  test_known_vectors();
  test_normalisation();
  test_equal_and_different();
  test_length_not_nul();
  test_large();
  test_is_valid();
  return done_testing();
}
