/*
 * test_sha256.c - the core's SHA-256 on the FIPS 180-2 test vectors, fed
 * whole and in pieces, and its two block functions against each other.
 */
#include <stdlib.h>
#include <string.h>

#include "sha256.h"
#include "tap.h"

static void hex(const unsigned char digest[SHA256_DIGEST_SIZE], char *out) {
  static const char digits[] = "0123456789abcdef";
  for (int i = 0; i < SHA256_DIGEST_SIZE; i++) {
    out[2 * i] = digits[digest[i] >> 4];
    out[2 * i + 1] = digits[digest[i] & 0x0F];
  }
  out[2 * SHA256_DIGEST_SIZE] = '\0';
}

static void sum(const void *data, size_t len, char *out) {
  unsigned char digest[SHA256_DIGEST_SIZE];
  strata__sha256(data, len, digest);
  hex(digest, out);
}

/* The sum of data fed piece bytes at a time. */
static void sum_in_pieces(const char *data, size_t len, size_t piece,
                          char *out) {
  struct sha256 h;
  unsigned char digest[SHA256_DIGEST_SIZE];
  strata__sha256_init(&h);
  for (size_t at = 0; at < len; at += piece)
    strata__sha256_update(&h, data + at, len - at < piece ? len - at : piece);
  strata__sha256_final(&h, digest);
  hex(digest, out);
}

static const char two_blocks[] =
    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

/* FIPS 180-2, appendix B: one block, two blocks, a million 'a'. */
static void test_fips_vectors(void) {
  char got[2 * SHA256_DIGEST_SIZE + 1];
  sum("abc", 3, got);
  is_str(got,
         "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
         "B.1: 'abc'");
  sum(two_blocks, strlen(two_blocks), got);
  is_str(got,
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
         "B.2: 448 bits, padded into a second block");
  size_t million = 1000000;
  char *a = malloc(million);
  if (!ok(a != NULL, "memory for a million 'a'"))
    return;
  memset(a, 'a', million);
  sum(a, million, got);
  is_str(got,
         "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
         "B.3: a million 'a'");
  sum_in_pieces(a, million, 997, got);
  is_str(got,
         "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
         "B.3 fed 997 bytes at a time");
  free(a);
}

/* Lengths around the block and padding edges: 55 bytes pad into one
 * block, 56 need a second. */
static void test_padding_edges(void) {
  char got[2 * SHA256_DIGEST_SIZE + 1];
  sum("", 0, got);
  is_str(got,
         "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
         "nothing");
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
  char text[128];
  memset(text, 'a', sizeof text);
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    sum(text, cases[i].len, got);
    is_str(got, cases[i].want, "%zu times 'a'", cases[i].len);
  }
}

/* Every split of the two-block vector sums like the whole. */
static void test_every_split(void) {
  char whole[2 * SHA256_DIGEST_SIZE + 1], split[2 * SHA256_DIGEST_SIZE + 1];
  size_t len = strlen(two_blocks);
  sum(two_blocks, len, whole);
  int same = 1;
  for (size_t at = 0; at <= len; at++) {
    struct sha256 h;
    unsigned char digest[SHA256_DIGEST_SIZE];
    strata__sha256_init(&h);
    strata__sha256_update(&h, two_blocks, at);
    strata__sha256_update(&h, two_blocks + at, len - at);
    strata__sha256_final(&h, digest);
    hex(digest, split);
    same = same && strcmp(whole, split) == 0;
  }
  ok(same, "two pieces split anywhere sum like the whole");
}

/* Where the processor has the SHA instructions, they give the portable
 * code's state on varied blocks; elsewhere there is nothing to compare. */
static void test_block_functions_agree(void) {
  unsigned char data[SHA256_BLOCK_SIZE * 9];
  for (size_t i = 0; i < sizeof data; i++)
    data[i] = (unsigned char)(i * 167 + (i >> 3));
  uint32_t portable[8] = {1, 2, 3, 4, 5, 6, 7, 8}, accelerated[8];
  memcpy(accelerated, portable, sizeof portable);
  strata__sha256_blocks_portable(portable, data, 9);
  if (!strata__sha256_blocks_accelerated(accelerated, data, 9)) {
    ok(1, "# SKIP no SHA instructions in this build or processor");
    return;
  }
  ok(memcmp(portable, accelerated, sizeof portable) == 0,
     "the SHA instructions and the portable code agree on 9 blocks");
}

int main(void) {
  test_fips_vectors();
  test_padding_edges();
  test_every_split();
  test_block_functions_agree();
  return done_testing();
}
