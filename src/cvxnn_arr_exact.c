/* cvxnn core: every ReLU activation pattern of the data, exactly: the data
 * reduced to its row space, the cells of its arrangement there
 * (cvxnn_arr_cells.c) mapped back and evaluated.
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * MATH 4.1 (Cover's count), 4.6 (exact enumeration), 1.6 (rank-deficient
 * data).
 */
#include "cvxnn_core.h"
#include "cvxnn_arr_internal.h"
#include "cvxnn_blas.h"
#include "cvxnn_internal.h"

#include <float.h>
#include <math.h>
#include <string.h>

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
  int st = cvx_arr_check_sizes (n, d, bias);
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
  cvx_arr_eval ws;
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
  int st = cvx_arr_eval_block (c, s->X, s->p, s->H, s->nb, &s->ws);
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

typedef struct {
  cvx_emitter base;
  dir_sink *sink;
} sink_emitter;

static int
emit_to_sink (const cvx_ctx *c, cvx_emitter *e, const double *w)
{
  return sink_push (c, ((sink_emitter *) e)->sink, w);
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
  st = cvx_arr_eval_init (c, &s.ws, n, out->nwords);
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
          st = cvx_arr_eval_block (c, X, out, s.H, 1, &s.ws);
        }
      else
        {
          sink_emitter top;
          top.base.emit = emit_to_sink;
          top.sink = &s;
          st = cvx_arr_cells (c, R->Xr, n, R->r, &top.base);
        }
      if (!st)
        st = sink_flush (c, &s);
    }
  cx_free (c, s.Zr);
  cx_free (c, s.H);
  cvx_arr_eval_free (c, &s.ws);
  return st;
}

int
cvx_arr_exact (const cvx_ctx *c, const double *X, size_t n, size_t d,
               int bias, double max_directions, cvx_patterns *out,
               int *rank_out)
{
  int st = cvx_arr_check_sizes (n, d, bias);
  if (st)
    return st;
  reduced R;
  st = reduce (c, X, n, d, bias, &R, 1);
  if (st)
    return st;
  if (rank_out)
    *rank_out = R.r;
  st = cvx_arr_store_init (c, out, n, d, bias);
  if (!st)
    st = exact_reduced (c, X, &R, max_directions, out);
  reduced_free (c, &R);
  if (st)
    cvx_patterns_free (c, out);
  return st;
}
