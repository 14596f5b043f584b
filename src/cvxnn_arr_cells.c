/* cvxnn core: the cells of a central hyperplane arrangement, one direction
 * inside each: a sweep of angles in the plane, vertex rays and recursion
 * above it.
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * MATH 4.6 "Exact, small d", extended to any data (ties, repeated rows).
 */
#include "cvxnn_core.h"
#include "cvxnn_arr_internal.h"
#include "cvxnn_blas.h"
#include "cvxnn_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CVX_PI 3.14159265358979323846

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

/* Local direction w' (k-1) next to the vertex ray q of a k-dim arrangement:
 * h = s q + delta B w'/|w'| for s = +-1, B an orthonormal basis of q^perp.
 * delta = gmin/2 keeps the sign of every row off the vertex, since
 * |x.(delta w)| <= delta |x| <= |x.q|/2 there. */
typedef struct {
  cvx_emitter base;
  cvx_emitter *parent;
  int k;
  const double *B;   /* k x (k-1), leading dimension k */
  const double *q;   /* k                               */
  double delta;
  double *h;         /* k scratch                        */
} lift_emitter;

static int
emit_lift (const cvx_ctx *c, cvx_emitter *e, const double *wl)
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

/* k = 2: each nonzero row y bounds the half-planes at angles phi +- pi/2;
 * the cells are the arcs between consecutive distinct critical angles, and
 * an arc's midpoint generates its cell.  Exact for any data: parallel rows
 * have coinciding angles. */
static int
cells_sweep (const cvx_ctx *c, const double *Y, size_t m, cvx_emitter *e)
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
 * deduplicated by the bitset of I.  The subsets S run over the nonzero
 * rows in lexicographic order. */
typedef struct {
  const double *Y;
  size_t m, n0;      /* rows of Y, nonzero ones among them               */
  int k, km;         /* km = k - 1                                        */
  size_t *rows;      /* n0 indices of the nonzero rows                    */
  size_t *comb;      /* km positions in rows: the current subset S        */
  size_t *inc;       /* rows incident to the vertex ray                   */
  double *rnorm;     /* m row norms                                       */
  double *yq, *YI, *Z, *Q, *tau, *h, *work;
  uint64_t *key;     /* bitset of I for the degenerate-vertex dedup       */
  blas_int lwork;
  cvx_patterns vset; /* degenerate vertices already processed            */
  cvx_alloc_list al;
} vertex_ws;

/* buffers, the nonzero rows and the LAPACK workspace size */
static int
vertex_ws_init (const cvx_ctx *c, vertex_ws *v, const double *Y, size_t m,
                int k)
{
  const size_t km = (size_t) k - 1, kk = (size_t) k;
  int st = CVX_OK;
  memset (v, 0, sizeof *v);
  v->al.c = c;
  v->Y = Y;
  v->m = m;
  v->k = k;
  v->km = k - 1;
  AL_GET (v->al, v->rows, m * sizeof (size_t));
  AL_GET (v->al, v->inc, m * sizeof (size_t));
  AL_GET (v->al, v->rnorm, m * sizeof (double));
  AL_GET (v->al, v->yq, m * sizeof (double));
  AL_GET (v->al, v->YI, m * kk * sizeof (double));
  AL_GET (v->al, v->Z, m * km * sizeof (double));
  AL_GET (v->al, v->comb, kk * sizeof (size_t));
  AL_GET (v->al, v->Q, kk * kk * sizeof (double));
  AL_GET (v->al, v->tau, kk * sizeof (double));
  AL_GET (v->al, v->h, kk * sizeof (double));
  AL_GET (v->al, v->key, ((m + 63) / 64) * sizeof (uint64_t));
  st = cvx_arr_store_init (c, &v->vset, m, 0, 0);
  if (st)
    goto done;
  for (size_t j = 0; j < m; j++)
    {
      double t = 0.0;
      for (int a = 0; a < k; a++)
        t += Y[a * m + j] * Y[a * m + j];
      v->rnorm[j] = sqrt (t);
      if (t > 0.0)
        v->rows[v->n0++] = j;
    }
  if (v->n0 < km)
    {
      st = CVX_EINVAL;                 /* caller guarantees rank k */
      goto done;
    }
  const blas_int bk = k, bkm = v->km;
  blas_int info = 0, lw = -1;
  double q1 = 0.0, q2 = 0.0;
  dgeqrf_ (&bk, &bkm, v->Q, &bk, v->tau, &q1, &lw, &info);
  dorgqr_ (&bk, &bk, &bkm, v->Q, &bk, v->tau, &q2, &lw, &info);
  v->lwork = (blas_int) (q1 > q2 ? q1 : q2);
  if (v->lwork < k)
    v->lwork = k;
  AL_GET (v->al, v->work, (size_t) v->lwork * sizeof (double));
  for (size_t a = 0; a < km; a++)
    v->comb[a] = a;
done:
  return st;
}

static void
vertex_ws_free (const cvx_ctx *c, vertex_ws *v)
{
  cvx_patterns_free (c, &v->vset);
  cvx_al_release (&v->al);
}

/* Q(:, 0:k-2) = Y_S^T; Householder QR: R's diagonal tells whether S is
 * independent, the full Q then gives q (last column) and B. */
static int
subset_basis (vertex_ws *v, int *independent)
{
  const double dep_tol = 1e-10;
  const int k = v->k, km = v->km;
  const blas_int bk = k, bkm = km;
  blas_int info = 0;
  double rmax = 0.0;
  memset (v->Q, 0, (size_t) (k * k) * sizeof (double));
  for (int a = 0; a < km; a++)
    {
      const size_t j = v->rows[v->comb[a]];
      for (int b = 0; b < k; b++)
        v->Q[a * k + b] = v->Y[b * v->m + j];
      if (v->rnorm[j] > rmax)
        rmax = v->rnorm[j];
    }
  dgeqrf_ (&bk, &bkm, v->Q, &bk, v->tau, v->work, &v->lwork, &info);
  if (info)
    return CVX_ELAPACK;
  *independent = 1;
  for (int a = 0; a < km; a++)
    if (fabs (v->Q[a * k + a]) <= dep_tol * rmax)
      *independent = 0;
  if (*independent)
    dorgqr_ (&bk, &bk, &bkm, v->Q, &bk, v->tau, v->work, &v->lwork, &info);
  return info ? CVX_ELAPACK : CVX_OK;
}

/* The cells around the vertex ray q = Q(:, k-1): the rows incident to q,
 * unless this degenerate vertex was processed from an earlier S, seen in
 * q^perp (Z = Y_I B) and enumerated there, lifted back through e. */
static int
vertex_cells (const cvx_ctx *c, vertex_ws *v, cvx_emitter *e)
{
  const double inc_tol = 1e-10;
  const int k = v->k, km = v->km;
  const size_t m = v->m;
  const double *q = v->Q + (size_t) km * k;
  {
    const blas_int bm = (blas_int) m, bk = k, one_i = 1;
    const double one = 1.0, zero = 0.0;
    dgemv_ ("N", &bm, &bk, &one, v->Y, &bm, q, &one_i, &zero, v->yq, &one_i);
  }
  size_t ni = 0;
  double gmin = HUGE_VAL;
  for (size_t t = 0; t < v->n0; t++)
    {
      const size_t j = v->rows[t];
      const double g = fabs (v->yq[j]) / v->rnorm[j];
      if (g <= inc_tol)
        v->inc[ni++] = j;
      else if (g < gmin)
        gmin = g;
    }
  int fresh = 1;
  if (ni > (size_t) km)
    {
      memset (v->key, 0, ((m + 63) / 64) * sizeof (uint64_t));
      for (size_t t = 0; t < ni; t++)
        v->key[v->inc[t] >> 6] |= (uint64_t) 1 << (v->inc[t] & 63);
      int st = cvx_arr_store_add (c, &v->vset, v->key, NULL, &fresh);
      if (st)
        return st;
    }
  if (!fresh || ni < (size_t) km)
    return CVX_OK;
  for (int a = 0; a < k; a++)
    for (size_t t = 0; t < ni; t++)
      v->YI[a * ni + t] = v->Y[a * m + v->inc[t]];
  const blas_int bni = (blas_int) ni, bk = k, bkm = km;
  const double one = 1.0, zero = 0.0;
  dgemm_ ("N", "N", &bni, &bkm, &bk, &one, v->YI, &bni, v->Q, &bk, &zero,
          v->Z, &bni);
  lift_emitter L;
  L.base.emit = emit_lift;
  L.parent = e;
  L.k = k;
  L.B = v->Q;
  L.q = q;
  L.delta = 0.5 * (gmin == HUGE_VAL ? 1.0 : gmin);
  L.h = v->h;
  return cvx_arr_cells (c, v->Z, ni, km, &L.base);
}

/* the next (k-1)-subset of the n0 nonzero rows; 0 after the last */
static int
next_subset (vertex_ws *v)
{
  const int km = v->km;
  int a = km - 1;
  while (a >= 0 && v->comb[a] == v->n0 - (size_t) (km - a))
    a--;
  if (a < 0)
    return 0;
  v->comb[a]++;
  for (int b = a + 1; b < km; b++)
    v->comb[b] = v->comb[b - 1] + 1;
  return 1;
}

static int
cells_vertices (const cvx_ctx *c, const double *Y, size_t m, int k,
                cvx_emitter *e)
{
  vertex_ws v;
  int st = vertex_ws_init (c, &v, Y, m, k);
  for (size_t iter = 0; !st; iter++)
    {
      if ((iter & 1023) == 0 && cvx_interrupted (c))
        st = CVX_EINTERRUPTED;
      int independent = 0;
      if (!st)
        st = subset_basis (&v, &independent);
      if (!st && independent)
        st = vertex_cells (c, &v, e);
      if (!st && !next_subset (&v))
        break;
    }
  vertex_ws_free (c, &v);
  return st;
}

/* Cells of the central arrangement of the m rows of Y (m x k, rank k). */
int
cvx_arr_cells (const cvx_ctx *c, const double *Y, size_t m, int k,
               cvx_emitter *e)
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
