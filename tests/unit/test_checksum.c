/*
 * test_checksum.c - the script checksum: known sums of known texts (the
 * FIPS 180-2 vectors among them, and lengths at the block and padding
 * edges) and what it normalises.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checksum.h"
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

static const char two_blocks[] =
    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

/* FIPS 180-2, appendix B: one block, two blocks, a million 'a'. */
static void test_fips_vectors(void) {
  char got[CHECKSUM_SIZE];
  sum_str(two_blocks, got);
  is_str(got,
         "sha256:"
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
         "B.2: 448 bits, padded into a second block");
  size_t million = 1000000;
  char *a = malloc(million);
  if (!ok(a != NULL, "memory for a million 'a'"))
    return;
  memset(a, 'a', million);
  sum(a, million, got);
  is_str(got,
         "sha256:"
         "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
         "B.3: a million 'a'");
  free(a);
}

/* Lengths around the block and padding edges: 55 bytes pad into one
 * block, 56 need a second. */
static void test_padding_edges(void) {
  static const struct {
    size_t len;
    const char *want;
  } cases[] = {
      {55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
      {56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
      {63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"},
      {64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
      {65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"},
  };
  char text[128], got[CHECKSUM_SIZE], want[CHECKSUM_SIZE];
  memset(text, 'a', sizeof text);
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    sum(text, cases[i].len, got);
    snprintf(want, sizeof want, "sha256:%s", cases[i].want);
    is_str(got, want, "%zu times 'a'", cases[i].len);
  }
}

/* A CRLF at every offset of the two-block vector sums like an LF there:
 * the runs between dropped CRs end on every side of the block edge. */
static void test_crlf_at_every_offset(void) {
  size_t len = strlen(two_blocks);
  int alike = 0;
  for (size_t at = 0; at <= len; at++) {
    char crlf[128], lf[128], a[CHECKSUM_SIZE], b[CHECKSUM_SIZE];
    memcpy(crlf, two_blocks, at);
    memcpy(crlf + at, "\r\n", 2);
    memcpy(crlf + at + 2, two_blocks + at, len - at);
    memcpy(lf, two_blocks, at);
    lf[at] = '\n';
    memcpy(lf + at + 1, two_blocks + at, len - at);
    sum(crlf, len + 2, a);
    sum(lf, len + 1, b);
    alike += strcmp(a, b) == 0;
  }
  is_int(alike, (long)len + 1, "a CRLF at each of %zu offsets sums like LF",
         len + 1);
}

/* Each script sums like the SHA-256 of its normalised form, given. */
static void test_normalisation(void) {
  static const struct {
    const char *script, *normalised_sum, *what;
  } cases[] = {
      {"CREATE TABLE t (id int);\r\nSELECT 1;\r\n", "64f75b3f9ee0d78dd5c0c2833b920dedbff259355dd44445e68084c0f38e2795",
       "CRLF becomes LF"},
      {"\xEF\xBB\xBF"
       "CREATE TABLE t (id int);\n",
       "12c83f983b0c94b9c7010dcc92149589d5fb01a3d32af8f6d699545d95db9040", "a leading BOM is removed"},
      {"\xEF\xBB\xBF"
       "a;\r\nb;\r\n",
       "02695dfcbe44ea48199fa3a03a95551182267d1b8a30a147e43fb5076246f506", "BOM and CRLF together"},
      {"a;\rb;\n", "d24d1b15d50d01cf8150597c36a37a0858f68c6e940de23266fbc8015b0084aa", "a lone CR is kept"},
      {"a;\r\r\nb;", "46f7ab24e2f60af50b88be362ad0194693546ae641c71b1cdb9a08271cb227a1", "CR CR LF keeps the first CR"},
      {"a;\r", "e7b5fd416827a57f94330aa43760c4e2ed867fee345ee301eebeac44ddf5432e", "a CR at the very end is kept"},
      {"\r\n\r\n\r\n", "6a3cf5192354f71615ac51034b3e97c20eda99643fcaf5bbe6d41ad59bd12167", "nothing but CRLFs"},
      {"a;\n\xEF\xBB\xBF", "83abb5bf4aa300bbda67526272e12aa25587772fb2fee899b7f28cedcea60960", "a BOM past the start is content"},
      {"\xEF\xBB\xBF\xEF\xBB\xBF"
       "a;",
       "e8ae6d4a6fc291e0d3621095c94cfe3764c1ae3a7348e4b59cf64a3a885aed51", "only one BOM is removed"},
      {"\xEF\xBB", "f257f0501a5e137710e26f1c35ddd32ce2b5752f20274a648cb6d0347849a5a9", "half a BOM is content"},
      {"plain\n", "dacf36547c7774a0a170806363b5d412991fbc0d6260b2c00b1d3a80a816c23f", "LF text is summed as it is"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char got[CHECKSUM_SIZE], want[CHECKSUM_SIZE];
    sum_str(cases[i].script, got);
    snprintf(want, sizeof want, "sha256:%s", cases[i].normalised_sum);
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
  test_fips_vectors();
  test_padding_edges();
  test_crlf_at_every_offset();
  test_normalisation();
  test_equal_and_different();
  test_length_not_nul();
  test_large();
  test_is_valid();
  return done_testing();
}
