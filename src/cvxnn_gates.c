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
 * repeated or collinear rows have) then gets b_i = 0 on its true rows.
 */
#include "cvxnn_core.h"
#include "cvxnn_blas.h"
#include "cvxnn_internal.h"

#include <float.h>
#include <math.h>
#include <string.h>

/* one LDP for pattern Dj with margins b_i = strict ? 1 : (Dj ? 0 : 1);
 * 1 with h (d) when h's pattern on X is Dj exactly.  cmax: the column
 * maxima of X (d, scanned once for all patterns) and room for the
 * augmented column's */
static int
ldp_gate (double *Xaug, size_t n, size_t d, const unsigned char *Dj,
          int strict, double *g, double *r, double *xh, double *work,
          double *cmax, double *h)
{
  double *c = Xaug + n * d;                 /* the augmented column */
  cmax[d] = 0.0;
  for (size_t i = 0; i < n; i++)
    {
      c[i] = Dj[i] ? (strict ? 1.0 : 0.0) : -1.0;   /* c_i = b_i / s_i */
      cmax[d] = fmax (cmax[d], fabs (c[i]));
    }
  memset (g, 0, d * sizeof (double));
  g[d] = -1.0;
  cvx_cone_project_x (Xaug, n, d + 1, Dj, g, r, work, NULL, NULL, NULL, cmax,
                      0.0);
  if (!(fabs (r[d]) > 1e-12))
    return 0;
  double hmax = 0.0;
  for (size_t b = 0; b < d; b++)
    {
      h[b] = -r[b] / r[d];
      hmax = fmax (hmax, fabs (h[b]));
    }
  /* rows forced to x_i'h = 0 (v and -v both on) hold only where the
   * components that must vanish are exactly 0, not rounding noise */
  if (!strict)
    for (size_t b = 0; b < d; b++)
      if (fabs (h[b]) <= 64.0 * DBL_EPSILON * hmax)
        h[b] = 0.0;
  const blas_int bn = (blas_int) n, bd = (blas_int) d, inc = 1;
  const double one = 1.0, zero = 0.0;
  dgemv_ ("N", &bn, &bd, &one, Xaug, &bn, h, &inc, &zero, xh, &inc);
  for (size_t i = 0; i < n; i++)
    if ((xh[i] >= 0.0) != (Dj[i] != 0))
      return 0;
  return 1;
}

int
cvx_pattern_gates (const cvx_ctx *c, const double *X, size_t n, size_t d,
                   const unsigned char *D, size_t P, double *G, size_t *bad)
{
  int st = CVX_OK;
  cvx_alloc_list al = { c, { 0 }, 0 };
  double *Xaug, *g, *r, *xh, *work, *cmax;
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
      if (!ldp_gate (Xaug, n, d, Dj, 1, g, r, xh, work, cmax, h)
          && !ldp_gate (Xaug, n, d, Dj, 0, g, r, xh, work, cmax, h))
        {
          memset (h, 0, d * sizeof (double));
          *bad = j;
          break;
        }
    }
done:
  cvx_al_release (&al);
  return st;
}
