/*
 * sha256.c - SHA-256 as FIPS 180-4 defines it, in portable C, and with the
 * x86-64 SHA instructions where the compiler can emit them and the
 * processor has them (checked at run time, on each run of blocks: the
 * check reads what the compiler's runtime found at start-up).
 *
 * A migration script is a few hundred bytes: the hash of 10,000 of them
 * is a few milliseconds of `strata status` in portable C and a fraction of
 * that with the instructions.
 */
#include "sha256.h"

#include <string.h>

#ifdef STRATA_SHA_INTRINSICS
#include <immintrin.h>
#endif

/* The first 32 bits of the fractional parts of the cube roots of the
 * first 64 primes (FIPS 180-4, 4.2.2). */
static const uint32_t round_constants[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
    0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
    0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
    0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

/* The first 32 bits of the fractional parts of the square roots of the
 * first 8 primes (FIPS 180-4, 5.3.3). */
static const uint32_t initial_state[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372,
                                          0xa54ff53a, 0x510e527f, 0x9b05688c,
                                          0x1f83d9ab, 0x5be0cd19};

/* ---- portable C ---------------------------------------------------------- */

static uint32_t rotr(uint32_t x, unsigned n) {
  return (x >> n) | (x << (32 - n));
}

static uint32_t load_be32(const unsigned char *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
         (uint32_t)p[3];
}

static void store_be32(unsigned char *p, uint32_t x) {
  p[0] = (unsigned char)(x >> 24);
  p[1] = (unsigned char)(x >> 16);
  p[2] = (unsigned char)(x >> 8);
  p[3] = (unsigned char)x;
}

/* The message schedule of one block (FIPS 180-4, 6.2.2 step 1). */
static void schedule(const unsigned char *block, uint32_t w[64]) {
  for (int t = 0; t < 16; t++)
    w[t] = load_be32(block + 4 * t);
  for (int t = 16; t < 64; t++) {
    uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
    uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
    w[t] = w[t - 16] + s0 + w[t - 7] + s1;
  }
}

/* The 64 rounds of one block (step 3) over the working variables a..h,
 * held in v. */
static void rounds(uint32_t v[8], const uint32_t w[64]) {
  uint32_t a = v[0], b = v[1], c = v[2], d = v[3];
  uint32_t e = v[4], f = v[5], g = v[6], h = v[7];
  for (int t = 0; t < 64; t++) {
    uint32_t s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
    uint32_t t1 = h + s1 + ((e & f) ^ (~e & g)) + round_constants[t] + w[t];
    uint32_t s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
    uint32_t t2 = s0 + ((a & b) ^ (a & c) ^ (b & c));
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  v[0] = a, v[1] = b, v[2] = c, v[3] = d;
  v[4] = e, v[5] = f, v[6] = g, v[7] = h;
}

void strata__sha256_blocks_portable(uint32_t state[8],
                                    const unsigned char *data, size_t count) {
  uint32_t w[64], v[8];
  for (; count > 0; count--, data += SHA256_BLOCK_SIZE) {
    schedule(data, w);
    memcpy(v, state, sizeof v);
    rounds(v, w);
    for (int i = 0; i < 8; i++)
      state[i] += v[i];
  }
}

/* ---- x86-64 SHA instructions --------------------------------------------- */

#ifdef STRATA_SHA_INTRINSICS

#define SHA_TARGET __attribute__((target("sha,sse4.1")))

/* The instructions keep the state as two vectors, ABEF and CDGH (A in the
 * highest lane); state[] is A..H from the lowest address up. */
SHA_TARGET static void to_lanes(const uint32_t state[8], __m128i *abef,
                                __m128i *cdgh) {
  __m128i dcba = _mm_loadu_si128((const __m128i *)&state[0]);
  __m128i hgfe = _mm_loadu_si128((const __m128i *)&state[4]);
  __m128i cdab = _mm_shuffle_epi32(dcba, 0xB1);
  __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);
  *abef = _mm_alignr_epi8(cdab, efgh, 8);
  *cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);
}

SHA_TARGET static void from_lanes(__m128i abef, __m128i cdgh,
                                  uint32_t state[8]) {
  __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
  __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
  _mm_storeu_si128((__m128i *)&state[0], _mm_blend_epi16(feba, dchg, 0xF0));
  _mm_storeu_si128((__m128i *)&state[4], _mm_alignr_epi8(dchg, feba, 8));
}

/* Message words 4g..4g+3 from the four groups before them, held in w[]
 * by group number modulo 4. */
SHA_TARGET static __m128i next_group(const __m128i w[4], int g) {
  __m128i older = _mm_sha256msg1_epu32(w[g % 4], w[(g + 1) % 4]);
  __m128i mid = _mm_alignr_epi8(w[(g + 3) % 4], w[(g + 2) % 4], 4);
  return _mm_sha256msg2_epu32(_mm_add_epi32(older, mid), w[(g + 3) % 4]);
}

SHA_TARGET static void block_with_instructions(__m128i *abef, __m128i *cdgh,
                                               const unsigned char *data) {
  const __m128i to_big_endian =
      _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
  __m128i w[4], s0 = *abef, s1 = *cdgh;
  for (int g = 0; g < 16; g++) {
    w[g % 4] = g < 4 ? _mm_shuffle_epi8(
                           _mm_loadu_si128((const __m128i *)(data + 16 * g)),
                           to_big_endian)
                     : next_group(w, g);
    __m128i k = _mm_add_epi32(
        w[g % 4], _mm_loadu_si128((const __m128i *)&round_constants[4 * g]));
    s1 = _mm_sha256rnds2_epu32(s1, s0, k);
    s0 = _mm_sha256rnds2_epu32(s0, s1, _mm_shuffle_epi32(k, 0x0E));
  }
  *abef = _mm_add_epi32(*abef, s0);
  *cdgh = _mm_add_epi32(*cdgh, s1);
}

SHA_TARGET static void blocks_with_instructions(uint32_t state[8],
                                                const unsigned char *data,
                                                size_t count) {
  __m128i abef, cdgh;
  to_lanes(state, &abef, &cdgh);
  for (; count > 0; count--, data += SHA256_BLOCK_SIZE)
    block_with_instructions(&abef, &cdgh, data);
  from_lanes(abef, cdgh, state);
}

int strata__sha256_blocks_accelerated(uint32_t state[8],
                                      const unsigned char *data, size_t count) {
  __builtin_cpu_init();
  if (!__builtin_cpu_supports("sha") || !__builtin_cpu_supports("sse4.1"))
    return 0;
  blocks_with_instructions(state, data, count);
  return 1;
}

#else

int strata__sha256_blocks_accelerated(uint32_t state[8],
                                      const unsigned char *data, size_t count) {
  (void)state, (void)data, (void)count;
  return 0;
}

#endif

/* ---- the stream ---------------------------------------------------------- */

static void hash_blocks(uint32_t state[8], const unsigned char *data,
                        size_t count) {
  if (count > 0 && !strata__sha256_blocks_accelerated(state, data, count))
    strata__sha256_blocks_portable(state, data, count);
}

void strata__sha256_init(struct sha256 *h) {
  memcpy(h->state, initial_state, sizeof h->state);
  h->length = 0;
  h->used = 0;
}

void strata__sha256_update(struct sha256 *h, const void *data, size_t len) {
  const unsigned char *p = data;
  if (len == 0)
    return; /* data may then be NULL, which memcpy() must not see */
  h->length += len;
  if (h->used > 0) {
    size_t take = SHA256_BLOCK_SIZE - h->used;
    if (take > len)
      take = len;
    memcpy(h->block + h->used, p, take);
    h->used += take;
    p += take;
    len -= take;
    if (h->used < SHA256_BLOCK_SIZE)
      return;
    hash_blocks(h->state, h->block, 1);
    h->used = 0;
  }
  hash_blocks(h->state, p, len / SHA256_BLOCK_SIZE);
  p += len - len % SHA256_BLOCK_SIZE;
  memcpy(h->block, p, len % SHA256_BLOCK_SIZE);
  h->used = len % SHA256_BLOCK_SIZE;
}

/* Padding (FIPS 180-4, 5.1.1): a 1 bit, zeros, and the length in bits as
 * 64 big-endian bits, ending a block; one or two blocks are hashed. */
void strata__sha256_final(struct sha256 *h,
                          unsigned char digest[SHA256_DIGEST_SIZE]) {
  uint64_t bits = h->length * 8;
  size_t used = h->used;
  size_t blocks = used + 1 + 8 > SHA256_BLOCK_SIZE ? 2 : 1;
  unsigned char tail[2 * SHA256_BLOCK_SIZE] = {0};
  memcpy(tail, h->block, used);
  tail[used] = 0x80;
  unsigned char *end = tail + blocks * SHA256_BLOCK_SIZE;
  store_be32(end - 8, (uint32_t)(bits >> 32));
  store_be32(end - 4, (uint32_t)bits);
  hash_blocks(h->state, tail, blocks);
  for (int i = 0; i < 8; i++)
    store_be32(digest + 4 * i, h->state[i]);
}

void strata__sha256(const void *data, size_t len,
                    unsigned char digest[SHA256_DIGEST_SIZE]) {
  struct sha256 h;
  strata__sha256_init(&h);
  strata__sha256_update(&h, data, len);
  strata__sha256_final(&h, digest);
}
