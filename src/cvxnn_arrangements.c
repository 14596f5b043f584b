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
#include "cvxnn_internal.h"

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
  size_t db = p->da ? mul3 (cap, p->da, sizeof (double)) : 1;
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

/* Record one evaluated direction h (da doubles; none when da == 0, the
 * store then being a plain set of bitsets) with packed pattern w.
 * *added (may be NULL) tells whether w was new. */
static int
patterns_add (const cvx_ctx *c, cvx_patterns *p, const uint64_t *w,
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
      int st = patterns_add (c, p, ws->W + j * nw, H + j * da, NULL);
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
  double *H = NULL, *scale = NULL;
  cvx_rng rng;
  char line[160];

  cvx_rng_seed (&rng, seed);
  st = patterns_init (c, out, n, d, bias);
  if (!st)
    st = eval_ws_init (c, &ws, n, out->nwords);
  if (!st)
    {
      H = cx_malloc (c, out->da * DIR_BLOCK * sizeof (double));
      scale = cx_malloc (c, out->da * sizeof (double));
      if (!H || !scale)
        st = CVX_ENOMEM;
    }
  /* Gaussian directions divided by each column's root mean square: the
   * patterns drawn are then those of the data with every column scaled to
   * RMS 1, whatever the columns' units.  Without it a column 1e6 times
   * larger than the rest decides every sign, and a pool of 1000 draws
   * held 2 patterns. */
  for (size_t b = 0; !st && b < out->da; b++)
    {
      double ss = 0.0;
      for (size_t j = 0; b < d && j < n; j++)
        ss += X[b * n + j] * X[b * n + j];
      const double rms = b < d ? sqrt (ss / (double) n) : 1.0;
      scale[b] = rms > 0.0 && isfinite (rms) ? 1.0 / rms : 1.0;
    }
  const uint64_t tick = P / 10 ? P / 10 : 1;
  uint64_t next_tick = tick;
  for (uint64_t done = 0; !st && done < P;)
    {
      size_t B = (P - done < DIR_BLOCK) ? (size_t) (P - done) : DIR_BLOCK;
      for (size_t k = 0; k < out->da * B; k++)
        H[k] = cvx_rng_normal (&rng) * scale[k % out->da];
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
  cx_free (c, scale);
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

/* Cells of a central arrangement are produced as directions w in R^k and
 * handed to an emitter: the top one feeds the pattern pipeline, the lifting
 * ones map a local cell next to a vertex ray back into the parent space. */
typedef struct emitter emitter;
struct emitter {
  int (*emit) (const cvx_ctx *c, emitter *e, const double *w);
};

typedef struct {
  emitter base;
  dir_sink *sink;
} sink_emitter;

static int
emit_to_sink (const cvx_ctx *c, emitter *e, const double *w)
{
  return sink_push (c, ((sink_emitter *) e)->sink, w);
}

/* Local direction w' (k-1) next to the vertex ray q of a k-dim arrangement:
 * h = s q + delta B w'/|w'| for s = +-1, B an orthonormal basis of q^perp.
 * delta = gmin/2 keeps the sign of every row off the vertex, since
 * |x.(delta w)| <= delta |x| <= |x.q|/2 there. */
typedef struct {
  emitter base;
  emitter *parent;
  int k;
  const double *B;   /* k x (k-1), leading dimension k */
  const double *q;   /* k                               */
  double delta;
  double *h;         /* k scratch                        */
} lift_emitter;

static int
emit_lift (const cvx_ctx *c, emitter *e, const double *wl)
{
  lift_emitter *L = (lift_emitter *) e;
  const int k = L->k;
  double nrm = 0.0;
  for (int a = 0; a < k; a++)
    {
      double t = 0.0;
      for (int b = 0; b < k - 1; b++)
        t += L->B[b * k + a] * wl[b];
      L->h[a] = t;
      nrm += t * t;
    }
  nrm = sqrt (nrm);
  if (nrm == 0.0)
    return CVX_OK;
  double *h = L->h;
  for (int a = 0; a < k; a++)
    h[a] *= L->delta / nrm;
  for (int a = 0; a < k; a++)
    h[a] += L->q[a];
  int st = L->parent->emit (c, L->parent, h);
  for (int a = 0; a < k && !st; a++)
    h[a] -= 2.0 * L->q[a];
  if (!st)
    st = L->parent->emit (c, L->parent, h);
  return st;
}

static int cells_rec (const cvx_ctx *c, const double *Y, size_t m, int k,
                      emitter *e);

/* k = 2: each nonzero row y bounds the half-planes at angles phi +- pi/2;
 * the cells are the arcs between consecutive distinct critical angles, and
 * an arc's midpoint generates its cell.  Exact for any data: parallel rows
 * have coinciding angles. */
static int
cells_sweep (const cvx_ctx *c, const double *Y, size_t m, emitter *e)
{
  const double twopi = 2.0 * CVX_PI, tol = 1e-12;
  double *ang = cx_malloc (c, 2 * m * sizeof (double));
  if (!ang)
    return CVX_ENOMEM;
  size_t k = 0;
  for (size_t j = 0; j < m; j++)
    {
      const double a = Y[j], b = Y[m + j];
      if (a == 0.0 && b == 0.0)
        continue;                      /* zero rows are always active */
      const double phi = atan2 (b, a);
      ang[k++] = fmod (phi + 0.5 * CVX_PI + twopi, twopi);
      ang[k++] = fmod (phi - 0.5 * CVX_PI + twopi, twopi);
    }
  qsort (ang, k, sizeof (double), cmp_double);
  size_t u = 0;
  for (size_t i = 0; i < k; i++)
    if (u == 0 || ang[i] - ang[u - 1] > tol)
      ang[u++] = ang[i];
  if (u > 1 && ang[0] + twopi - ang[u - 1] <= tol)
    u--;                               /* merge across the 0 / 2 pi seam */
  int st = CVX_OK;
  if (u == 0)
    {
      const double z[2] = { 1.0, 0.0 };  /* no hyperplane: one cell */
      st = e->emit (c, e, z);
    }
  for (size_t i = 0; i < u && !st; i++)
    {
      const double lo = ang[i], hi = (i + 1 < u) ? ang[i + 1] : ang[0] + twopi;
      const double th = 0.5 * (lo + hi);
      const double z[2] = { cos (th), sin (th) };
      st = e->emit (c, e, z);
    }
  cx_free (c, ang);
  return st;
}

/* k >= 3, rank k (MATH 4.6 "Exact, small d", extended to any data).  Every
 * cell is a pointed cone, so it has an extreme ray q: a line where the
 * hyperplanes of k-1 independent rows S meet.  Near q the arrangement is
 * the one of the rows I incident to q (y.q = 0), seen in q^perp: a central
 * arrangement of rank k-1, enumerated recursively (down to the sweep) and
 * lifted to q +- delta w.  In general position I = S and the local
 * arrangement is the 2^(k-1) orthants; with ties (collinear points,
 * repeated rows) a vertex is reached from several S and is processed once,
 * deduplicated by the bitset of I. */
static int
cells_vertices (const cvx_ctx *c, const double *Y, size_t m, int k,
                emitter *e)
{
  const double dep_tol = 1e-10, inc_tol = 1e-10;
  const int km = k - 1;
  int st = CVX_OK;
  cvx_patterns vset;
  memset (&vset, 0, sizeof vset);
  size_t *rows = cx_malloc (c, m * sizeof (size_t));
  size_t *inc = cx_malloc (c, m * sizeof (size_t));
  double *rnorm = cx_malloc (c, m * sizeof (double));
  double *yq = cx_malloc (c, m * sizeof (double));
  double *YI = cx_malloc (c, m * (size_t) k * sizeof (double));
  double *Z = cx_malloc (c, m * (size_t) km * sizeof (double));
  size_t *comb = cx_malloc (c, (size_t) k * sizeof (size_t));
  double *Q = cx_malloc (c, (size_t) (k * k) * sizeof (double));
  double *tau = cx_malloc (c, (size_t) k * sizeof (double));
  double *h = cx_malloc (c, (size_t) k * sizeof (double));
  uint64_t *key = cx_malloc (c, ((m + 63) / 64) * sizeof (uint64_t));
  double *work = NULL;
  blas_int lwork = 0;
  if (!rows || !inc || !rnorm || !yq || !YI || !Z || !comb || !Q || !tau
      || !h || !key)
    {
      st = CVX_ENOMEM;
      goto done;
    }
  st = patterns_init (c, &vset, m, 0, 0);
  if (st)
    goto done;
  size_t n0 = 0;
  for (size_t j = 0; j < m; j++)
    {
      double t = 0.0;
      for (int a = 0; a < k; a++)
        t += Y[a * m + j] * Y[a * m + j];
      rnorm[j] = sqrt (t);
      if (t > 0.0)
        rows[n0++] = j;
    }
  if (n0 < (size_t) km)
    {
      st = CVX_EINVAL;                 /* caller guarantees rank k */
      goto done;
    }
  {
    const blas_int bk = k, bkm = km;
    blas_int info = 0, lw = -1;
    double q1 = 0.0, q2 = 0.0;
    dgeqrf_ (&bk, &bkm, Q, &bk, tau, &q1, &lw, &info);
    dorgqr_ (&bk, &bk, &bkm, Q, &bk, tau, &q2, &lw, &info);
    lwork = (blas_int) (q1 > q2 ? q1 : q2);
    if (lwork < k)
      lwork = k;
    work = cx_malloc (c, (size_t) lwork * sizeof (double));
    if (!work)
      {
        st = CVX_ENOMEM;
        goto done;
      }
  }
  for (int a = 0; a < km; a++)
    comb[a] = (size_t) a;
  for (size_t iter = 0;; iter++)
    {
      if ((iter & 1023) == 0 && cvx_interrupted (c))
        {
          st = CVX_EINTERRUPTED;
          goto done;
        }
      /* Q(:, 0:k-2) = Y_S^T; Householder QR: R's diagonal tells whether
       * S is independent, the full Q gives q (last column) and B. */
      double rmax = 0.0;
      memset (Q, 0, (size_t) (k * k) * sizeof (double));
      for (int a = 0; a < km; a++)
        {
          const size_t j = rows[comb[a]];
          for (int b = 0; b < k; b++)
            Q[a * k + b] = Y[b * m + j];
          if (rnorm[j] > rmax)
            rmax = rnorm[j];
        }
      int independent = 1;
      {
        const blas_int bk = k, bkm = km;
        blas_int info = 0;
        dgeqrf_ (&bk, &bkm, Q, &bk, tau, work, &lwork, &info);
        if (info)
          {
            st = CVX_ELAPACK;
            goto done;
          }
        for (int a = 0; a < km; a++)
          if (fabs (Q[a * k + a]) <= dep_tol * rmax)
            independent = 0;
        if (independent)
          {
            dorgqr_ (&bk, &bk, &bkm, Q, &bk, tau, work, &lwork, &info);
            if (info)
              {
                st = CVX_ELAPACK;
                goto done;
              }
          }
      }
      if (independent)
        {
          const double *q = Q + (size_t) km * k;
          {
            const blas_int bm = (blas_int) m, bk = k, one_i = 1;
            const double one = 1.0, zero = 0.0;
            dgemv_ ("N", &bm, &bk, &one, Y, &bm, q, &one_i, &zero, yq, &one_i);
          }
          size_t ni = 0;
          double gmin = HUGE_VAL;
          for (size_t t = 0; t < n0; t++)
            {
              const size_t j = rows[t];
              const double g = fabs (yq[j]) / rnorm[j];
              if (g <= inc_tol)
                inc[ni++] = j;
              else if (g < gmin)
                gmin = g;
            }
          int fresh = 1;
          if (ni > (size_t) km)
            {
              /* a degenerate vertex: process it from its first S only */
              memset (key, 0, ((m + 63) / 64) * sizeof (uint64_t));
              for (size_t t = 0; t < ni; t++)
                key[inc[t] >> 6] |= (uint64_t) 1 << (inc[t] & 63);
              st = patterns_add (c, &vset, key, NULL, &fresh);
              if (st)
                goto done;
            }
          if (fresh && ni >= (size_t) km)
            {
              /* local rows Z = Y_I B (ni x (k-1)) */
              for (int a = 0; a < k; a++)
                for (size_t t = 0; t < ni; t++)
                  YI[a * ni + t] = Y[a * m + inc[t]];
              const blas_int bni = (blas_int) ni, bk = k, bkm = km;
              const double one = 1.0, zero = 0.0;
              dgemm_ ("N", "N", &bni, &bkm, &bk, &one, YI, &bni, Q, &bk, &zero,
                      Z, &bni);
              lift_emitter L;
              L.base.emit = emit_lift;
              L.parent = e;
              L.k = k;
              L.B = Q;
              L.q = q;
              L.delta = 0.5 * (gmin == HUGE_VAL ? 1.0 : gmin);
              L.h = h;
              st = cells_rec (c, Z, ni, km, &L.base);
              if (st)
                goto done;
            }
        }
      /* next (k-1)-subset of the n0 nonzero rows, lexicographic */
      int a = km - 1;
      while (a >= 0 && comb[a] == n0 - (size_t) (km - a))
        a--;
      if (a < 0)
        break;
      comb[a]++;
      for (int b = a + 1; b < km; b++)
        comb[b] = comb[b - 1] + 1;
    }
done:
  cvx_patterns_free (c, &vset);
  cx_free (c, rows);
  cx_free (c, inc);
  cx_free (c, rnorm);
  cx_free (c, yq);
  cx_free (c, YI);
  cx_free (c, Z);
  cx_free (c, comb);
  cx_free (c, Q);
  cx_free (c, tau);
  cx_free (c, h);
  cx_free (c, key);
  cx_free (c, work);
  return st;
}

/* Cells of the central arrangement of the m rows of Y (m x k, rank k). */
static int
cells_rec (const cvx_ctx *c, const double *Y, size_t m, int k, emitter *e)
{
  if (k == 1)
    {
      const double zp = 1.0, zm = -1.0;
      int st = e->emit (c, e, &zp);
      return st ? st : e->emit (c, e, &zm);
    }
  if (k == 2)
    return cells_sweep (c, Y, m, e);
  return cells_vertices (c, Y, m, k, e);
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
      else
        {
          sink_emitter top;
          top.base.emit = emit_to_sink;
          top.sink = &s;
          st = cells_rec (c, R->Xr, n, R->r, &top.base);
        }
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
            }
          return st;
        }
      return cvx_arr_sample (c, X, n, d, bias, P, seed, out);
    default:
      return CVX_EINVAL;
    }
}
