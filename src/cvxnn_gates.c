/* cvxnn core: the gate of an activation pattern, found exactly.
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A gated neuron needs a direction h whose pattern on X is the given
 * column D_j: X h >= 0 exactly on the rows where D_j is true (MATH 4.5).
 * The shortest h with s_i x_i'h >= b_i for every row (s_i = +1 where D_j
 * is true, -1 where not) is Lawson and Hanson's least-distance program
 * (LDP): with E = [A'; b'], A = (2 D_j - I) X, and f = e_{d+1},
 *   r = E u* - f,  u* = argmin_{u >= 0} |E u - f|,   h = -r(1:d) / r(d+1),
 * and r(d+1) = 0 when no h meets the margins.  That NNLS is the cone
 * projection of cvxnn_cone.c on the augmented rows [x_i, c_i] with
 * s_i c_i = b_i, projecting g = -f: Pi_K(g) = g + E u* (MATH 3.1).
 * First b = 1 (a strict margin everywhere); a pattern whose true rows
 * need x_i'h = 0 exactly (rows on the boundary, as sampled patterns of
 * repeated or collinear rows have) then gets b_i = 0 on those rows, and
 * only those (find_gate, relax_fewer).
 */
#include "cvxnn_core.h"
#include "cvxnn_blas.h"
#include "cvxnn_internal.h"

#include <float.h>
#include <math.h>
#include <string.h>

/* one LDP for pattern Dj with margins b_i = 1, but 0 on the true rows
 * that zero marks; 1 with h (d) when h's pattern on X is Dj exactly, 0
 * when an h met the margins but not exactly, and -1 where none met them:
 * then the rows of the projection's active set (the support of the
 * certificate that none does) are marked in zero, *more set when any
 * was not yet.  cmax: the column maxima of X
 * (d, scanned once for all patterns) and room for the augmented
 * column's; act: d + 1 scratch */
static int
ldp_gate (double *Xaug, size_t n, size_t d, const unsigned char *Dj,
          unsigned char *zero, int *more, double *g, double *r, double *xh,
          double *work, double *cmax, size_t *act, double *h)
{
  double *c = Xaug + n * d;                 /* the augmented column */
  int strict = 1;
  cmax[d] = 0.0;
  for (size_t i = 0; i < n; i++)
    {
      c[i] = Dj[i] ? (zero[i] ? 0.0 : 1.0) : -1.0;   /* c_i = b_i / s_i */
      cmax[d] = fmax (cmax[d], fabs (c[i]));
      strict &= !zero[i];
    }
  memset (g, 0, d * sizeof (double));
  g[d] = -1.0;
  size_t nact = 0;
  cvx_cone_project_x (Xaug, n, d + 1, Dj, g, r, work, NULL, act, &nact,
                      cmax, 0.0);
  *more = 0;
  if (!(fabs (r[d]) > 1e-12))
    {
      for (size_t a = 0; a < nact; a++)
        if (Dj[act[a]] && !zero[act[a]])
          {
            zero[act[a]] = 1;
            *more = 1;
          }
      return -1;
    }
  double hmax = 0.0;
  for (size_t b = 0; b < d; b++)
    {
      h[b] = -r[b] / r[d];
      hmax = fmax (hmax, fabs (h[b]));
    }
  /* rows forced to x_i'h = 0 (v and -v both on) hold only where the
   * components that must vanish are exactly 0, not rounding noise.  r
   * carries the rounding of a projection of |g| = 1, and h = r / r(d+1)
   * magnifies it by 1 / |r(d+1)|: h_1 came out -2.8e-13 where |h| = 8.9
   * and r(d+1) = -0.0125, past a cut at 64 eps |h| alone (unit test) */
  if (!strict)
    {
      const double cut = 64.0 * DBL_EPSILON * fmax (hmax, 1.0 / fabs (r[d]));
      for (size_t b = 0; b < d; b++)
        if (fabs (h[b]) <= cut)
          h[b] = 0.0;
    }
  const blas_int bn = (blas_int) n, bd = (blas_int) d, inc = 1;
  const double one = 1.0, zero_ = 0.0;
  dgemv_ ("N", &bn, &bd, &one, Xaug, &bn, h, &inc, &zero_, xh, &inc);
  for (size_t i = 0; i < n; i++)
    if ((xh[i] >= 0.0) != (Dj[i] != 0))
      return 0;
  return 1;
}

/* The relaxed rows (zero) where an h meets the margins but ends some
 * row on the wrong side of 0 by rounding: a certificate's support can
 * hold a row that needs no margin 0, and that row ends at x_i'h = -1e-15
 * as the forced rows do (8 patterns of 300 in the unit test).  Each
 * relaxed row gets its margin back alone: one with which the LDP stays
 * feasible needs no margin 0 and keeps its margin (the feasible h of such
 * rows, summed, meet all their margins at once: they form a convex
 * cone), one with which it does not is an implicit equality.  Then the
 * LDP with margin 0 on those only.  One projection a relaxed row (up to
 * 8 (d + 1) of them, each polling Ctrl-C: 0 then, and the caller polls
 * again). */
static int
relax_fewer (const cvx_ctx *c, double *Xaug, size_t n, size_t d,
             const unsigned char *Dj, unsigned char *zero,
             unsigned char *keep, double *g, double *r, double *xh,
             double *work, double *cmax, size_t *act, double *h)
{
  int more = 0;
  for (size_t i = 0; i < n; i++)
    {
      if (!zero[i] || !Dj[i])
        continue;
      if (cvx_interrupted (c))
        return 0;
      memcpy (keep, zero, n);
      zero[i] = 0;
      const int got = ldp_gate (Xaug, n, d, Dj, zero, &more, g, r, xh, work,
                                cmax, act, h);
      if (got == 1)
        return 1;
      if (got < 0)
        memcpy (zero, keep, n);         /* row i is forced */
    }
  return ldp_gate (Xaug, n, d, Dj, zero, &more, g, r, xh, work, cmax, act,
                   h) == 1;
}

/* The gate of pattern Dj into h: the LDP with a strict margin on every
 * row, and where none meets it, again with margin 0 on the true rows of
 * the certificate that says so (rows on the boundary, as sampled
 * patterns of repeated or collinear rows have), until one does or no row
 * is left to relax, for at most 8 rounds (each a projection over every
 * row: a bound on the work per pattern); then fewer relaxed rows
 * (relax_fewer).  Giving every true row margin 0 at once, as before, let
 * rows that need none end on the boundary too, at x_i'h = -1e-15: about
 * one pattern in five with rows v and -v both on was reported as none
 * (unit test).  zero, keep: n scratch each. */
static int
find_gate (const cvx_ctx *c, double *Xaug, size_t n, size_t d,
           const unsigned char *Dj, unsigned char *zero, unsigned char *keep,
           double *g, double *r, double *xh, double *work, double *cmax,
           size_t *act, double *h)
{
  int more = 1, got = -1;
  memset (zero, 0, n);
  for (int round = 0; round < 8 && more; round++)
    if ((got = ldp_gate (Xaug, n, d, Dj, zero, &more, g, r, xh, work, cmax,
                         act, h)) == 1)
      return 1;
  if (got == 0 && relax_fewer (c, Xaug, n, d, Dj, zero, keep, g, r, xh,
                               work, cmax, act, h))
    return 1;
  /* and the old way last, margin 0 on every true row: never worse */
  memcpy (zero, Dj, n);
  return ldp_gate (Xaug, n, d, Dj, zero, &more, g, r, xh, work, cmax, act,
                   h) == 1;
}

int
cvx_pattern_gates (const cvx_ctx *c, const double *X, size_t n, size_t d,
                   const unsigned char *D, size_t P, double *G, size_t *bad)
{
  int st = CVX_OK;
  cvx_alloc_list al = { c, { 0 }, 0 };
  double *Xaug, *g, *r, *xh, *work, *cmax;
  size_t *act;
  unsigned char *zero;
  *bad = P;
  if (n == 0 || d == 0)
    return CVX_EINVAL;
  if (n > ((size_t) -1) / 8 / (d + 2))
    return CVX_ETOOLARGE;
  AL_GET (al, Xaug, n * (d + 1) * sizeof (double));
  AL_GET (al, g, 2 * (d + 1) * sizeof (double));
  AL_GET (al, xh, n * sizeof (double));
  AL_GET (al, work, cvx_cone_work_size (n, d + 1) * sizeof (double));
  AL_GET (al, cmax, (d + 1) * sizeof (double));
  AL_GET (al, act, (d + 1) * sizeof (size_t));
  AL_GET (al, zero, 2 * n);
  r = g + d + 1;
  memcpy (Xaug, X, n * d * sizeof (double));
  cvx_cone_colmax (X, n, d, cmax);
  for (size_t j = 0; j < P; j++)
    {
      if (cvx_interrupted (c))
        {
          st = CVX_EINTERRUPTED;
          goto done;
        }
      const unsigned char *Dj = D + j * n;
      double *h = G + j * d;
      if (!find_gate (c, Xaug, n, d, Dj, zero, zero + n, g, r, xh, work,
                      cmax, act, h))
        {
          if (cvx_interrupted (c))
            {
              st = CVX_EINTERRUPTED;          /* not a verdict on Dj */
              goto done;
            }
          memset (h, 0, d * sizeof (double));
          *bad = j;
          break;
        }
    }
done:
  cvx_al_release (&al);
  return st;
}
