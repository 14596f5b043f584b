/* cvxnn core: ReLU activation patterns (hyperplane arrangements).
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * MATH 4.1 (arrangements, Cover's count) and 4.6 (sampling, exact
 * enumeration).  Convention: D = 1[Xa h >= 0] (the papers' ">=").
 *
 * Every method feeds blocks of candidate directions through one pipeline:
 * Z = Xa * H in row blocks (DGEMM, level 3), signs packed into 64-bit words,
 * patterns deduplicated by hashing the packed words.  Memory is
 * O(m * (n/8 + da)) for m distinct patterns plus one small Z block; no
 * n-by-P matrix is ever formed.
 */
#include "cvxnn_core.h"
#include "cvxnn_blas.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef DIR_BLOCK
#define DIR_BLOCK 256          /* directions per GEMM block                */
#endif
/* 8 MiB Z block: enough work per DGEMM for OpenBLAS to use every core;
 * 1 MiB (L2-sized) measured 15% slower in bench/ on 2 cores. */
#ifndef Z_BLOCK_DOUBLES
#define Z_BLOCK_DOUBLES 1048576
#endif
#define CVX_PI 3.14159265358979323846

static void *
cx_malloc (const cvx_ctx *c, size_t bytes)
{
  return c->alloc.malloc_fn (bytes, c->alloc.ctx);
}

static void
cx_free (const cvx_ctx *c, void *p)
{
  if (p)
    c->alloc.free_fn (p, c->alloc.ctx);
}

/* bytes = a * b * size, or 0 on overflow */
static size_t
mul3 (size_t a, size_t b, size_t size)
{
  if (a && b > SIZE_MAX / a)
    return 0;
  const size_t ab = a * b;
  if (ab != 0 && size > SIZE_MAX / ab)
    return 0;
  return ab * size;
}

static int
interrupted (const cvx_ctx *c)
{
  return c->interrupted && c->interrupted (c->host);
}

static void
progress (const cvx_ctx *c, const char *line)
{
  if (c->progress)
    c->progress (c->host, line);
}

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

static int
patterns_init (const cvx_ctx *c, cvx_patterns *p, size_t n, size_t d,
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
  size_t bb = mul3 (cap, p->nwords, sizeof (uint64_t));
  size_t db = mul3 (cap, p->da, sizeof (double));
  size_t hb = mul3 (cap, 1, sizeof (uint64_t));
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

/* Record one evaluated direction h with packed pattern w. */
static int
patterns_add (const cvx_ctx *c, cvx_patterns *p, const uint64_t *w,
              const double *h)
{
  const size_t nw = p->nwords;
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
  memcpy (p->bits + j * nw, w, nw * sizeof *w);
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

typedef struct {
  double *Z;          /* rb * DIR_BLOCK                                  */
  uint64_t *W;        /* DIR_BLOCK * nwords packed patterns of the block */
  size_t rb;          /* rows per GEMM block, a multiple of 64           */
} eval_ws;

static int
eval_ws_init (const cvx_ctx *c, eval_ws *ws, size_t n, size_t nwords)
{
  size_t rb = (Z_BLOCK_DOUBLES / DIR_BLOCK) & ~(size_t) 63;
  size_t n64 = (n + 63) & ~(size_t) 63;
  if (rb < 64)
    rb = 64;
  if (rb > n64)
    rb = n64;
  ws->rb = rb;
  ws->Z = cx_malloc (c, rb * DIR_BLOCK * sizeof (double));
  ws->W = cx_malloc (c, mul3 (DIR_BLOCK, nwords, sizeof (uint64_t)));
  if (!ws->Z || !ws->W)
    return CVX_ENOMEM;
  return CVX_OK;
}

static void
eval_ws_free (const cvx_ctx *c, eval_ws *ws)
{
  cx_free (c, ws->Z);
  cx_free (c, ws->W);
  ws->Z = NULL;
  ws->W = NULL;
}

/* Patterns of the B directions H (da x B, column-major) on the rows of
 * X (n x d) with the bias coordinate last: Z = X H(1:d,:) + 1 H(da,:). */
static int
eval_block (const cvx_ctx *c, const double *X, cvx_patterns *p,
            const double *H, size_t B, eval_ws *ws)
{
  const size_t n = p->n, d = p->d, da = p->da, nw = p->nwords;
  const blas_int bn = (blas_int) B, bd = (blas_int) d, bN = (blas_int) n;
  const blas_int bda = (blas_int) da;
  const double one = 1.0, zero = 0.0;

  for (size_t r0 = 0; r0 < n; r0 += ws->rb)
    {
      if (interrupted (c))
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
      int st = patterns_add (c, p, ws->W + j * nw, H + j * da);
      if (st)
        return st;
    }
  return CVX_OK;
}

static int
check_sizes (size_t n, size_t d, int bias)
{
  if (n == 0 || d + (bias ? 1 : 0) == 0)
    return CVX_EINVAL;
  if (!cvx_blas_fits (n) || !cvx_blas_fits (d + 1)
      || !mul3 (n, d + 1, sizeof (double)))
    return CVX_ETOOLARGE;
  return CVX_OK;
}

/* ----------------------------------------------------------- sampling */

int
cvx_arr_sample (const cvx_ctx *c, const double *X, size_t n, size_t d,
                int bias, uint64_t P, uint64_t seed, cvx_patterns *out)
{
  int st = check_sizes (n, d, bias);
  if (st)
    return st;
  eval_ws ws = { NULL, NULL, 0 };
  double *H = NULL;
  cvx_rng rng;
  char line[160];

  cvx_rng_seed (&rng, seed);
  st = patterns_init (c, out, n, d, bias);
  if (!st)
    st = eval_ws_init (c, &ws, n, out->nwords);
  if (!st)
    {
      H = cx_malloc (c, out->da * DIR_BLOCK * sizeof (double));
      if (!H)
        st = CVX_ENOMEM;
    }
  const uint64_t tick = P / 10 ? P / 10 : 1;
  uint64_t next_tick = tick;
  for (uint64_t done = 0; !st && done < P;)
    {
      size_t B = (P - done < DIR_BLOCK) ? (size_t) (P - done) : DIR_BLOCK;
      for (size_t k = 0; k < out->da * B; k++)
        H[k] = cvx_rng_normal (&rng);
      st = eval_block (c, X, out, H, B, &ws);
      done += B;
      if (!st && done >= next_tick)
        {
          snprintf (line, sizeof line,
                    "  sampled %12llu of %llu directions: %zu distinct "
                    "patterns", (unsigned long long) done,
                    (unsigned long long) P, out->count);
          progress (c, line);
          next_tick += tick;
        }
    }
  cx_free (c, H);
  eval_ws_free (c, &ws);
  if (st)
    cvx_patterns_free (c, out);
  return st;
}

/* --------------------------------------------------------- exact path */

double
cvx_arr_cover_count (size_t n, int r)
{
  if (n == 0)
    return 0.0;
  double s = 0.0, binom = 1.0;          /* C(n-1, k) */
  for (int k = 0; k < r; k++)
    {
      s += binom;
      binom = binom * (double) ((n - 1) - (size_t) k) / (double) (k + 1);
      if ((size_t) k + 1 > n - 1)
        binom = 0.0;
    }
  return 2.0 * s;
}

double
cvx_arr_exact_work (size_t n, int r)
{
  if (r <= 2)
    return 2.0 * (double) n + 2.0;
  double binom = 1.0;
  for (int i = 1; i <= r - 1; i++)
    binom = binom * (double) (n - (size_t) (r - 1) + (size_t) i) / (double) i;
  return binom * ldexp (1.0, r);
}

/* Reduced data: Xr = Xa V_r (n x r) with V_r the leading right singular
 * vectors, so the cells of Xr in R^r are the cells of Xa in row(Xa), and a
 * direction z maps back to h = V_r z (MATH 1.6 "rank-deficient X"). */
typedef struct {
  int r;
  double *Xa;   /* n x da  */
  double *Vt;   /* da x da (rows are right singular vectors) */
  double *Xr;   /* n x r   */
} reduced;

static void
reduced_free (const cvx_ctx *c, reduced *R)
{
  cx_free (c, R->Xa);
  cx_free (c, R->Vt);
  cx_free (c, R->Xr);
  memset (R, 0, sizeof *R);
}

static int
reduce (const cvx_ctx *c, const double *X, size_t n, size_t d, int bias,
        reduced *R, int want_xr)
{
  const size_t da = d + (bias ? 1 : 0);
  double *A = NULL, *s = NULL, *work = NULL;
  int st = CVX_OK;
  memset (R, 0, sizeof *R);
  R->Xa = cx_malloc (c, n * da * sizeof (double));
  A = cx_malloc (c, n * da * sizeof (double));
  R->Vt = cx_malloc (c, da * da * sizeof (double));
  s = cx_malloc (c, da * sizeof (double));
  if (!R->Xa || !A || !R->Vt || !s)
    {
      st = CVX_ENOMEM;
      goto done;
    }
  memcpy (R->Xa, X, n * d * sizeof (double));
  if (bias)
    for (size_t i = 0; i < n; i++)
      R->Xa[d * n + i] = 1.0;
  memcpy (A, R->Xa, n * da * sizeof (double));
  {
    const blas_int m = (blas_int) n, nn = (blas_int) da, one = 1;
    blas_int lwork = -1, info = 0;
    double wq = 0.0, dummy = 0.0;
    dgesvd_ ("N", "A", &m, &nn, A, &m, s, &dummy, &one, R->Vt, &nn, &wq,
             &lwork, &info);
    lwork = (blas_int) wq;
    if (lwork < 1)
      lwork = 1;
    work = cx_malloc (c, (size_t) lwork * sizeof (double));
    if (!work)
      {
        st = CVX_ENOMEM;
        goto done;
      }
    dgesvd_ ("N", "A", &m, &nn, A, &m, s, &dummy, &one, R->Vt, &nn, work,
             &lwork, &info);
    if (info != 0)
      {
        st = CVX_ELAPACK;
        goto done;
      }
  }
  {
    const size_t k = n < da ? n : da;
    const double tol = (double) (n > da ? n : da) * DBL_EPSILON * s[0];
    int r = 0;
    for (size_t i = 0; i < k; i++)
      if (s[i] > tol)
        r++;
    R->r = r;
  }
  if (want_xr && R->r > 0)
    {
      R->Xr = cx_malloc (c, n * (size_t) R->r * sizeof (double));
      if (!R->Xr)
        {
          st = CVX_ENOMEM;
          goto done;
        }
      const blas_int m = (blas_int) n, rr = (blas_int) R->r;
      const blas_int nn = (blas_int) da;
      const double one = 1.0, zero = 0.0;
      dgemm_ ("N", "T", &m, &rr, &nn, &one, R->Xa, &m, R->Vt, &nn, &zero,
              R->Xr, &m);
    }
done:
  cx_free (c, A);
  cx_free (c, s);
  cx_free (c, work);
  if (st)
    reduced_free (c, R);
  return st;
}

int
cvx_arr_rank (const cvx_ctx *c, const double *X, size_t n, size_t d,
              int bias, int *rank_out)
{
  int st = check_sizes (n, d, bias);
  if (st)
    return st;
  reduced R;
  st = reduce (c, X, n, d, bias, &R, 0);
  if (!st)
    *rank_out = R.r;
  reduced_free (c, &R);
  return st;
}

/* Collects reduced-space directions z (r x nb) and evaluates them, mapped
 * back to h = V_r z, in DIR_BLOCK batches. */
typedef struct {
  const double *X;
  reduced *R;
  cvx_patterns *p;
  eval_ws ws;
  double *Zr;   /* r x DIR_BLOCK   */
  double *H;    /* da x DIR_BLOCK  */
  size_t nb;
} dir_sink;

static int
sink_flush (const cvx_ctx *c, dir_sink *s)
{
  if (s->nb == 0)
    return CVX_OK;
  const blas_int da = (blas_int) s->p->da, r = (blas_int) s->R->r;
  const blas_int nb = (blas_int) s->nb;
  const double one = 1.0, zero = 0.0;
  dgemm_ ("T", "N", &da, &nb, &r, &one, s->R->Vt, &da, s->Zr, &r, &zero,
          s->H, &da);
  int st = eval_block (c, s->X, s->p, s->H, s->nb, &s->ws);
  s->nb = 0;
  return st;
}

static int
sink_push (const cvx_ctx *c, dir_sink *s, const double *z)
{
  memcpy (s->Zr + s->nb * (size_t) s->R->r, z, (size_t) s->R->r * sizeof *z);
  if (++s->nb == DIR_BLOCK)
    return sink_flush (c, s);
  return CVX_OK;
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

/* rank 2: each nonzero row x_j bounds the half-planes at angles
 * phi_j +- pi/2; the cells are the arcs between consecutive distinct
 * critical angles, and an arc's midpoint generates its pattern.  Exact for
 * any data, parallel rows included (their angles coincide). */
static int
sweep2 (const cvx_ctx *c, dir_sink *s)
{
  const size_t n = s->p->n;
  const double *Xr = s->R->Xr;
  const double twopi = 2.0 * CVX_PI, tol = 1e-12;
  double *ang = cx_malloc (c, 2 * n * sizeof (double));
  if (!ang)
    return CVX_ENOMEM;
  size_t k = 0;
  for (size_t j = 0; j < n; j++)
    {
      const double a = Xr[j], b = Xr[n + j];
      if (a == 0.0 && b == 0.0)
        continue;                      /* zero rows are always active */
      const double phi = atan2 (b, a);
      double t1 = fmod (phi + 0.5 * CVX_PI + twopi, twopi);
      double t2 = fmod (phi - 0.5 * CVX_PI + twopi, twopi);
      ang[k++] = t1;
      ang[k++] = t2;
    }
  qsort (ang, k, sizeof (double), cmp_double);
  size_t u = 0;
  for (size_t i = 0; i < k; i++)
    if (u == 0 || ang[i] - ang[u - 1] > tol)
      ang[u++] = ang[i];
  if (u > 1 && ang[0] + twopi - ang[u - 1] <= tol)
    u--;                               /* merge across the 0 / 2 pi seam */
  int st = CVX_OK;
  for (size_t i = 0; i < u && !st; i++)
    {
      const double lo = ang[i], hi = (i + 1 < u) ? ang[i + 1] : ang[0] + twopi;
      const double th = 0.5 * (lo + hi);
      const double z[2] = { cos (th), sin (th) };
      st = sink_push (c, s, z);
    }
  cx_free (c, ang);
  return st;
}

/* rank r >= 3, general position (MATH 4.6 "Exact, small d"): every cell is
 * a pointed cone whose extreme rays are lines q = null(X_S) for sets S of
 * r-1 rows; next to such a ray all 2^(r-1) sign choices on S are cells.
 * Direction s q + delta w with X_S w = sigma (minimum norm) lies inside the
 * cell with signs sigma on S and s*sign(Xq) elsewhere, provided
 * delta |x_j w| < |x_j q| for the other rows. */
static int
enumerate_rays (const cvx_ctx *c, dir_sink *s)
{
  const size_t n = s->p->n;
  const int r = s->R->r, k = r - 1;
  const double *Xr = s->R->Xr;
  const double gp_tol = 1e-9;
  int st = CVX_OK;

  size_t *rows = cx_malloc (c, n * sizeof (size_t));
  double *rnorm = cx_malloc (c, n * sizeof (double));
  double *xq = cx_malloc (c, n * sizeof (double));
  size_t *comb = cx_malloc (c, (size_t) r * sizeof (size_t));
  unsigned char *inS = cx_malloc (c, n);
  double *Q = cx_malloc (c, (size_t) (r * r) * sizeof (double));
  double *Rt = cx_malloc (c, (size_t) (r * r) * sizeof (double));
  double *tau = cx_malloc (c, (size_t) r * sizeof (double));
  double *y = cx_malloc (c, (size_t) r * sizeof (double));
  double *z = cx_malloc (c, (size_t) r * sizeof (double));
  double *w = cx_malloc (c, (size_t) r * sizeof (double));
  double *work = NULL;
  blas_int lwork = 0;
  if (!rows || !rnorm || !xq || !comb || !inS || !Q || !Rt || !tau || !y
      || !z || !w)
    {
      st = CVX_ENOMEM;
      goto done;
    }
  memset (inS, 0, n);
  size_t n0 = 0;
  for (size_t j = 0; j < n; j++)
    {
      double t = 0.0;
      for (int a = 0; a < r; a++)
        t += Xr[a * n + j] * Xr[a * n + j];
      rnorm[j] = sqrt (t);
      if (t > 0.0)
        rows[n0++] = j;
    }
  {
    const blas_int br = r, bk = k;
    blas_int info = 0, lw = -1;
    double q1 = 0.0, q2 = 0.0;
    dgeqrf_ (&br, &bk, Q, &br, tau, &q1, &lw, &info);
    dorgqr_ (&br, &br, &bk, Q, &br, tau, &q2, &lw, &info);
    lwork = (blas_int) (q1 > q2 ? q1 : q2);
    if (lwork < r)
      lwork = r;
    work = cx_malloc (c, (size_t) lwork * sizeof (double));
    if (!work)
      {
        st = CVX_ENOMEM;
        goto done;
      }
  }
  for (int a = 0; a < k; a++)
    comb[a] = (size_t) a;
  for (size_t iter = 0;; iter++)
    {
      if ((iter & 1023) == 0 && interrupted (c))
        {
          st = CVX_EINTERRUPTED;
          goto done;
        }
      /* Q(:, 0:k-1) = X_S^T, QR -> R (k x k) and full orthogonal Q. */
      double rmax = 0.0;
      memset (Q, 0, (size_t) (r * r) * sizeof (double));
      for (int a = 0; a < k; a++)
        {
          const size_t j = rows[comb[a]];
          for (int b = 0; b < r; b++)
            Q[a * r + b] = Xr[b * n + j];
          if (rnorm[j] > rmax)
            rmax = rnorm[j];
        }
      {
        const blas_int br = r, bk = k;
        blas_int info = 0;
        dgeqrf_ (&br, &bk, Q, &br, tau, work, &lwork, &info);
        if (info)
          {
            st = CVX_ELAPACK;
            goto done;
          }
        for (int a = 0; a < k; a++)
          for (int b = 0; b < k; b++)
            Rt[a * k + b] = (b <= a) ? Q[a * r + b] : 0.0;   /* R, k x k */
        for (int a = 0; a < k; a++)
          if (fabs (Rt[a * k + a]) <= gp_tol * rmax)
            {
              st = CVX_EDEGENERATE;          /* r-1 rows dependent */
              goto done;
            }
        dorgqr_ (&br, &br, &bk, Q, &br, tau, work, &lwork, &info);
        if (info)
          {
            st = CVX_ELAPACK;
            goto done;
          }
      }
      const double *q = Q + (size_t) k * r;   /* unit null vector of X_S */
      {
        const blas_int bN = (blas_int) n, br = r, inc = 1;
        const double one = 1.0, zero = 0.0;
        dgemv_ ("N", &bN, &br, &one, Xr, &bN, q, &inc, &zero, xq, &inc);
      }
      for (int a = 0; a < k; a++)
        inS[rows[comb[a]]] = 1;
      double gmin = HUGE_VAL;
      for (size_t t = 0; t < n0; t++)
        {
          const size_t j = rows[t];
          if (inS[j])
            continue;
          const double g = fabs (xq[j]) / rnorm[j];
          if (g < gmin)
            gmin = g;
        }
      for (int a = 0; a < k; a++)
        inS[rows[comb[a]]] = 0;
      if (gmin <= gp_tol)
        {
          st = CVX_EDEGENERATE;                /* r rows on one hyperplane */
          goto done;
        }
      if (gmin == HUGE_VAL)
        gmin = 1.0;                            /* no other rows */
      for (unsigned long sig = 0; sig < (1ul << k); sig++)
        {
          /* w = Q1 R^{-T} sigma: minimum-norm solution of X_S w = sigma */
          for (int a = 0; a < k; a++)
            y[a] = ((sig >> a) & 1ul) ? 1.0 : -1.0;
          {
            const blas_int bk = k, inc = 1;
            dtrsv_ ("U", "T", "N", &bk, Rt, &bk, y, &inc);
          }
          double wn = 0.0;
          for (int b = 0; b < r; b++)
            {
              double t = 0.0;
              for (int a = 0; a < k; a++)
                t += Q[a * r + b] * y[a];
              w[b] = t;
              wn += t * t;
            }
          const double delta = 0.5 * gmin / sqrt (wn);
          for (int sgn = -1; sgn <= 1; sgn += 2)
            {
              for (int b = 0; b < r; b++)
                z[b] = (double) sgn * q[b] + delta * w[b];
              st = sink_push (c, s, z);
              if (st)
                goto done;
            }
        }
      /* next (r-1)-subset of the n0 nonzero rows, lexicographic */
      int a = k - 1;
      while (a >= 0 && comb[a] == n0 - (size_t) (k - a))
        a--;
      if (a < 0)
        break;
      comb[a]++;
      for (int b = a + 1; b < k; b++)
        comb[b] = comb[b - 1] + 1;
    }
done:
  cx_free (c, rows);
  cx_free (c, rnorm);
  cx_free (c, xq);
  cx_free (c, comb);
  cx_free (c, inS);
  cx_free (c, Q);
  cx_free (c, Rt);
  cx_free (c, tau);
  cx_free (c, y);
  cx_free (c, z);
  cx_free (c, w);
  cx_free (c, work);
  return st;
}

static int
exact_reduced (const cvx_ctx *c, const double *X, reduced *R,
               double max_directions, cvx_patterns *out)
{
  const size_t n = out->n;
  int st;
  dir_sink s;
  memset (&s, 0, sizeof s);
  s.X = X;
  s.R = R;
  s.p = out;
  if (cvx_arr_exact_work (n, R->r) > max_directions)
    return CVX_ETOOLARGE;
  if (R->r >= 3 && (size_t) R->r > n)
    return CVX_EDEGENERATE;
  st = eval_ws_init (c, &s.ws, n, out->nwords);
  if (!st)
    {
      const size_t r = R->r > 0 ? (size_t) R->r : 1;
      s.Zr = cx_malloc (c, r * DIR_BLOCK * sizeof (double));
      s.H = cx_malloc (c, out->da * DIR_BLOCK * sizeof (double));
      if (!s.Zr || !s.H)
        st = CVX_ENOMEM;
    }
  if (!st)
    {
      if (R->r == 0)
        {
          /* X == 0 and no bias: every direction gives the all-ones pattern */
          memset (s.H, 0, out->da * sizeof (double));
          s.H[0] = 1.0;
          st = eval_block (c, X, out, s.H, 1, &s.ws);
        }
      else if (R->r == 1)
        {
          const double zp = 1.0, zm = -1.0;
          st = sink_push (c, &s, &zp);
          if (!st)
            st = sink_push (c, &s, &zm);
        }
      else if (R->r == 2)
        st = sweep2 (c, &s);
      else
        st = enumerate_rays (c, &s);
      if (!st)
        st = sink_flush (c, &s);
    }
  cx_free (c, s.Zr);
  cx_free (c, s.H);
  eval_ws_free (c, &s.ws);
  return st;
}

int
cvx_arr_exact (const cvx_ctx *c, const double *X, size_t n, size_t d,
               int bias, double max_directions, cvx_patterns *out,
               int *rank_out)
{
  int st = check_sizes (n, d, bias);
  if (st)
    return st;
  reduced R;
  st = reduce (c, X, n, d, bias, &R, 1);
  if (st)
    return st;
  if (rank_out)
    *rank_out = R.r;
  st = patterns_init (c, out, n, d, bias);
  if (!st)
    st = exact_reduced (c, X, &R, max_directions, out);
  reduced_free (c, &R);
  if (st)
    cvx_patterns_free (c, out);
  return st;
}

int
cvx_arrangements (const cvx_ctx *c, const double *X, size_t n, size_t d,
                  int bias, int method, uint64_t P, uint64_t seed,
                  double max_directions, cvx_patterns *out,
                  cvx_arr_info *info)
{
  int st, rank = -1;
  info->method = CVX_ARR_SAMPLE;
  info->exact = 0;
  info->rank = -1;
  switch (method)
    {
    case CVX_ARR_SAMPLE:
      return cvx_arr_sample (c, X, n, d, bias, P, seed, out);
    case CVX_ARR_EXACT:
      st = cvx_arr_exact (c, X, n, d, bias, max_directions, out, &rank);
      info->rank = rank;
      if (!st)
        {
          info->method = CVX_ARR_EXACT;
          info->exact = 1;
        }
      return st;
    case CVX_ARR_AUTO:
      st = cvx_arr_rank (c, X, n, d, bias, &rank);
      if (st)
        return st;
      info->rank = rank;
      if (rank <= 2
          || (cvx_arr_cover_count (n, rank) <= (double) P
              && cvx_arr_exact_work (n, rank) <= max_directions))
        {
          st = cvx_arr_exact (c, X, n, d, bias, max_directions, out, &rank);
          if (!st)
            {
              info->method = CVX_ARR_EXACT;
              info->exact = 1;
              return st;
            }
          if (st != CVX_EDEGENERATE && st != CVX_ETOOLARGE)
            return st;
          progress (c, "  exact enumeration not possible (data not in "
                    "general position): sampling instead");
        }
      return cvx_arr_sample (c, X, n, d, bias, P, seed, out);
    default:
      return CVX_EINVAL;
    }
}
