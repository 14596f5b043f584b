/* cvxnn core: the pattern pipeline of the arrangement methods: blocks of
 * directions evaluated on the data (DGEMM), their signs packed into 64-bit
 * words, and the store that deduplicates them by hashing.
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * MATH 4.1, 4.6; the pipeline is described in cvxnn_arr_internal.h.
 */
#include "cvxnn_core.h"
#include "cvxnn_arr_internal.h"
#include "cvxnn_blas.h"
#include "cvxnn_internal.h"

#include <string.h>

/* ------------------------------------------------------- pattern store */

static uint64_t
mix64 (uint64_t h)
{
  h ^= h >> 33;
  h *= UINT64_C (0xff51afd7ed558ccd);
  h ^= h >> 33;
  h *= UINT64_C (0xc4ceb9fe1a85ec53);
  h ^= h >> 33;
  return h;
}

static uint64_t
hash_words (const uint64_t *w, size_t nw)
{
  uint64_t h = UINT64_C (0x9e3779b97f4a7c15);
  for (size_t k = 0; k < nw; k++)
    h = mix64 (h ^ w[k]) + UINT64_C (0x632be59bd9b4e019);
  return h;
}

static void
patterns_zero (cvx_patterns *p)
{
  memset (p, 0, sizeof *p);
}

void
cvx_patterns_free (const cvx_ctx *c, cvx_patterns *p)
{
  if (!p)
    return;
  cx_free (c, p->bits);
  cx_free (c, p->dirs);
  cx_free (c, p->hits);
  cx_free (c, p->hashes);
  cx_free (c, p->table);
  patterns_zero (p);
}

int
cvx_arr_store_init (const cvx_ctx *c, cvx_patterns *p, size_t n, size_t d,
               int bias)
{
  patterns_zero (p);
  p->n = n;
  p->d = d;
  p->bias = bias ? 1 : 0;
  p->da = d + p->bias;
  p->nwords = (n + 63) / 64;
  p->table_size = 1024;
  p->table = cx_malloc (c, p->table_size * sizeof *p->table);
  if (!p->table)
    return CVX_ENOMEM;
  memset (p->table, 0, p->table_size * sizeof *p->table);
  return CVX_OK;
}

/* Grow every per-pattern array to hold at least one more pattern.  On
 * failure the arrays already grown stay valid (realloc semantics), so
 * cvx_patterns_free still releases everything. */
static int
patterns_reserve (const cvx_ctx *c, cvx_patterns *p)
{
  if (p->count < p->cap)
    return CVX_OK;
  size_t cap = p->cap ? 2 * p->cap : 64;
  size_t bb = cx_mul3 (cap, p->nwords, sizeof (uint64_t));
  size_t db = p->da ? cx_mul3 (cap, p->da, sizeof (double)) : 1;
  size_t hb = cx_mul3 (cap, 1, sizeof (uint64_t));
  if (!bb || !db || !hb)
    return CVX_ETOOLARGE;
  void *q;
#define GROW(field, bytes)                                               \
  q = p->field ? c->alloc.realloc_fn (p->field, bytes, c->alloc.ctx)    \
               : cx_malloc (c, bytes);                                  \
  if (!q)                                                               \
    return CVX_ENOMEM;                                                  \
  p->field = q;
  GROW (bits, bb);
  GROW (dirs, db);
  GROW (hits, hb);
  GROW (hashes, hb);
#undef GROW
  p->cap = cap;
  return CVX_OK;
}

static int
table_grow (const cvx_ctx *c, cvx_patterns *p)
{
  size_t ts = 2 * p->table_size;
  size_t *t = cx_malloc (c, ts * sizeof *t);
  if (!t)
    return CVX_ENOMEM;
  memset (t, 0, ts * sizeof *t);
  for (size_t j = 0; j < p->count; j++)
    {
      size_t i = (size_t) p->hashes[j] & (ts - 1);
      while (t[i])
        i = (i + 1) & (ts - 1);
      t[i] = j + 1;
    }
  cx_free (c, p->table);
  p->table = t;
  p->table_size = ts;
  return CVX_OK;
}

/* Record one evaluated direction h (da doubles; none when da == 0, the
 * store then being a plain set of bitsets) with packed pattern w.
 * *added (may be NULL) tells whether w was new. */
int
cvx_arr_store_add (const cvx_ctx *c, cvx_patterns *p, const uint64_t *w,
              const double *h, int *added)
{
  const size_t nw = p->nwords;
  if (added)
    *added = 0;
  p->evaluated++;
  size_t k = 0;
  while (k < nw && w[k] == 0)
    k++;
  if (k == nw)
    {
      p->zero_hits++;
      return CVX_OK;
    }
  const uint64_t hv = hash_words (w, nw);
  size_t mask = p->table_size - 1;
  size_t i = (size_t) hv & mask;
  while (p->table[i])
    {
      size_t j = p->table[i] - 1;
      if (p->hashes[j] == hv
          && memcmp (p->bits + j * nw, w, nw * sizeof *w) == 0)
        {
          p->hits[j]++;
          return CVX_OK;
        }
      i = (i + 1) & mask;
    }
  int st = patterns_reserve (c, p);
  if (st)
    return st;
  const size_t j = p->count++;
  if (added)
    *added = 1;
  memcpy (p->bits + j * nw, w, nw * sizeof *w);
  if (p->da)
    memcpy (p->dirs + j * p->da, h, p->da * sizeof *h);
  p->hits[j] = 1;
  p->hashes[j] = hv;
  p->table[i] = j + 1;
  if (2 * p->count > p->table_size)
    return table_grow (c, p);
  return CVX_OK;
}

double
cvx_patterns_unseen (const cvx_patterns *p)
{
  if (p->evaluated == 0)
    return 1.0;
  uint64_t once = (p->zero_hits == 1);
  for (size_t j = 0; j < p->count; j++)
    once += (p->hits[j] == 1);
  return (double) once / (double) p->evaluated;
}

/* Byte -> its 8 bits as 8 bytes 0/1: unpacking writes 8 outputs per table
 * lookup, which matters when D is gigabytes.  Built once; the race of two
 * threads building it would write identical bytes. */
static unsigned char unpack_table[256][8];
static int unpack_ready;

void
cvx_patterns_unpack (const cvx_patterns *p, size_t j, unsigned char *col)
{
  if (!unpack_ready)
    {
      for (int v = 0; v < 256; v++)
        for (int b = 0; b < 8; b++)
          unpack_table[v][b] = (unsigned char) ((v >> b) & 1);
      unpack_ready = 1;
    }
  const uint64_t *w = p->bits + j * p->nwords;
  const size_t n = p->n, nfull = n / 8;
  for (size_t q = 0; q < nfull; q++)
    memcpy (col + 8 * q,
            unpack_table[(w[q >> 3] >> (8 * (q & 7))) & 0xffu], 8);
  for (size_t i = 8 * nfull; i < n; i++)
    col[i] = (unsigned char) ((w[i >> 6] >> (i & 63)) & 1u);
}

/* --------------------------------------------------- block evaluation */

int
cvx_arr_eval_init (const cvx_ctx *c, cvx_arr_eval *ws, size_t n, size_t nwords)
{
  size_t rb = (Z_BLOCK_DOUBLES / DIR_BLOCK) & ~(size_t) 63;
  size_t n64 = (n + 63) & ~(size_t) 63;
  if (rb < 64)
    rb = 64;
  if (rb > n64)
    rb = n64;
  ws->rb = rb;
  ws->Z = cx_malloc (c, rb * DIR_BLOCK * sizeof (double));
  ws->W = cx_malloc (c, cx_mul3 (DIR_BLOCK, nwords, sizeof (uint64_t)));
  if (!ws->Z || !ws->W)
    return CVX_ENOMEM;
  return CVX_OK;
}

void
cvx_arr_eval_free (const cvx_ctx *c, cvx_arr_eval *ws)
{
  cx_free (c, ws->Z);
  cx_free (c, ws->W);
  ws->Z = NULL;
  ws->W = NULL;
}

/* Patterns of the B directions H (da x B, column-major) on the rows of
 * X (n x d) with the bias coordinate last: Z = X H(1:d,:) + 1 H(da,:). */
int
cvx_arr_eval_block (const cvx_ctx *c, const double *X, cvx_patterns *p,
            const double *H, size_t B, cvx_arr_eval *ws)
{
  const size_t n = p->n, d = p->d, da = p->da, nw = p->nwords;
  const blas_int bn = (blas_int) B, bd = (blas_int) d, bN = (blas_int) n;
  const blas_int bda = (blas_int) da;
  const double one = 1.0, zero = 0.0;

  for (size_t r0 = 0; r0 < n; r0 += ws->rb)
    {
      if (cvx_interrupted (c))
        return CVX_EINTERRUPTED;
      const size_t m = (n - r0 < ws->rb) ? n - r0 : ws->rb;
      const blas_int bm = (blas_int) m;
      if (d > 0)
        dgemm_ ("N", "N", &bm, &bn, &bd, &one, X + r0, &bN, H, &bda, &zero,
                ws->Z, &bm);
      else
        memset (ws->Z, 0, m * B * sizeof (double));
      for (size_t j = 0; j < B; j++)
        {
          const double *z = ws->Z + j * m;
          const double b = p->bias ? H[j * da + d] : 0.0;
          uint64_t *w = ws->W + j * nw + r0 / 64;
          for (size_t i = 0; i < m; i += 64)
            {
              const size_t kmax = (m - i < 64) ? m - i : 64;
              uint64_t word = 0;
              for (size_t k = 0; k < kmax; k++)
                word |= (uint64_t) (z[i + k] + b >= 0.0) << k;
              w[i / 64] = word;
            }
        }
    }
  for (size_t j = 0; j < B; j++)
    {
      int st = cvx_arr_store_add (c, p, ws->W + j * nw, H + j * da, NULL);
      if (st)
        return st;
    }
  return CVX_OK;
}

int
cvx_arr_check_sizes (size_t n, size_t d, int bias)
{
  if (n == 0 || d + (bias ? 1 : 0) == 0)
    return CVX_EINVAL;
  if (!cvx_blas_fits (n) || !cvx_blas_fits (d + 1)
      || !cx_mul3 (n, d + 1, sizeof (double)))
    return CVX_ETOOLARGE;
  return CVX_OK;
}
