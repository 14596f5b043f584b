/* cvxnn core: fully connected networks: the parameter layout, the
 * weight-decay objective and its gradient by a forward and a backward pass.
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The objective of MATH 1.3 (every weight and bias penalized, B-aug of
 * MATH 1.2) for networks of any depth, optionally with batch normalization
 * before the last layer (MATH 5.6).  Forward and backward passes are two
 * GEMMs per layer over the whole (mini)batch; nothing is done per row.
 */
#include "cvxnn_core.h"
#include "cvxnn_blas.h"
#include "cvxnn_train_internal.h"

#include <math.h>
#include <string.h>

static void
make_layout (const cvx_net *s, cvx_net_layout *ly)
{
  size_t off = 0;
  for (size_t l = 0; l < s->L; l++)
    {
      ly->W[l] = off;
      off += s->width[l] * s->width[l + 1];
      ly->b[l] = (size_t) -1;
      if (s->bias[l])
        {
          ly->b[l] = off;
          off += s->width[l + 1];
        }
    }
  ly->gamma = ly->alpha = (size_t) -1;
  if (s->bn)
    {
      ly->gamma = off;
      off += s->width[s->L - 1];
      ly->alpha = off;
      off += s->width[s->L - 1];
    }
  ly->total = off;
}

size_t
cvx_net_nparams (const cvx_net *s)
{
  cvx_net_layout ly;
  make_layout (s, &ly);
  return ly.total;
}

int
cvx_net_check (const cvx_net *s, size_t n)
{
  if (s->L < 1 || s->L > CVX_NET_MAX_LAYERS || (s->bn && s->L < 2)
      || s->bn < 0 || s->bn > 2 || s->act < 0 || s->act > 1 || s->loss < 0
      || s->loss > 2 || !(s->lambda >= 0.0) || n == 0
      || (s->loss == CVX_LOSS_LOGISTIC && s->width[s->L] != 1))
    return CVX_EINVAL;
  for (size_t l = 0; l < s->L; l++)
    if (s->bias[l] > CVX_BIAS_FREE)
      return CVX_EINVAL;
  double params = 0.0, rows = 0.0;
  for (size_t l = 0; l <= s->L; l++)
    {
      if (s->width[l] == 0)
        return CVX_EINVAL;
      if (!cvx_blas_fits (s->width[l]))
        return CVX_ETOOLARGE;
      rows += (double) s->width[l];
      if (l < s->L)
        params += (double) s->width[l] * (double) s->width[l + 1];
    }
  /* activations of every layer for n rows, and the parameters, must be
   * addressable (the allocator then says whether they fit) */
  if (!cvx_blas_fits (n) || (double) n * rows * 3.0 > (double) SIZE_MAX / 16
      || params * 8.0 > (double) SIZE_MAX / 16
      || (double) n * (double) s->width[0] > (double) CVX_BLAS_INT_MAX * 8.0)
    return CVX_ETOOLARGE;
  return CVX_OK;
}

void
cvx_net_init (const cvx_net *s, uint64_t seed, double scale, double *theta)
{
  cvx_net_layout ly;
  make_layout (s, &ly);
  cvx_rng r;
  cvx_rng_seed (&r, seed);
  memset (theta, 0, ly.total * sizeof (double));
  for (size_t l = 0; l < s->L; l++)
    {
      const int before_relu = s->act == CVX_ACT_RELU && l + 1 < s->L
                              && !(s->bn && l + 2 == s->L);
      const double sd = scale * sqrt ((before_relu ? 2.0 : 1.0)
                                      / (double) s->width[l]);
      const size_t cnt = s->width[l] * s->width[l + 1];
      for (size_t k = 0; k < cnt; k++)
        theta[ly.W[l] + k] = sd * cvx_rng_normal (&r);
    }
  if (s->bn)
    for (size_t j = 0; j < s->width[s->L - 1]; j++)
      theta[ly.gamma + j] = 1.0;
}

/* ----------------------------------------------------- forward/backward */

void
cvx_net_ws_free (cvx_net_ws *w)
{
  cvx_al_release (&w->al);
}

int
cvx_net_ws_init (cvx_net_ws *w, const cvx_ctx *c, const cvx_net *s,
                 size_t nmax)
{
  int st = CVX_OK;
  memset (w, 0, sizeof *w);
  w->c = c;
  w->s = s;
  w->al.c = c;
  w->nmax = nmax;
  make_layout (s, &w->ly);
  size_t wmax = 0;
  for (size_t l = 0; l <= s->L; l++)
    wmax = s->width[l] > wmax ? s->width[l] : wmax;
  const size_t K = s->width[s->L];
  /* one block for the hidden activations: fewer than the list's slots */
  size_t tot = 0;
  for (size_t l = 1; l < s->L; l++)
    tot += nmax * s->width[l];
  double *block;
  AL_GET (w->al, block, tot * sizeof (double));
  for (size_t l = 1; l < s->L; l++)
    {
      w->A[l] = block;
      block += nmax * s->width[l];
    }
  if (s->bn)
    {
      const size_t m = s->width[s->L - 1];
      AL_GET (w->al, w->zhat, nmax * m * sizeof (double));
      AL_GET (w->al, w->bnscale, m * sizeof (double));
      AL_GET (w->al, w->bnmu, m * sizeof (double));
    }
  AL_GET (w->al, w->F, nmax * K * sizeof (double));
  AL_GET (w->al, w->R, nmax * K * sizeof (double));
  AL_GET (w->al, w->dA, nmax * wmax * sizeof (double));
  AL_GET (w->al, w->dB, nmax * wmax * sizeof (double));
done:
  if (st)
    cvx_net_ws_free (w);
  return st;
}

/* Z (nb x m) = A (nb x k) W (k x m) [+ 1 b'] */
static void
affine (const double *A, size_t nb, size_t k, const double *W, size_t m,
        const double *b, double *Z)
{
  const blas_int bn = (blas_int) nb, bk = (blas_int) k, bm = (blas_int) m;
  const double one = 1.0, zero = 0.0;
  dgemm_ ("N", "N", &bn, &bm, &bk, &one, A, &bn, W, &bk, &zero, Z, &bn);
  if (b)
    for (size_t j = 0; j < m; j++)
      {
        double *z = Z + j * nb;
        const double bj = b[j];
        for (size_t i = 0; i < nb; i++)
          z[i] += bj;
      }
}

/* BN of each column of Z in place (MATH 5.6), zhat and the statistics
 * kept for the backward.  A constant column has no direction: zhat = 0. */
static void
bn_forward (cvx_net_ws *w, double *Z, size_t nb, size_t m,
            const double *gamma, const double *alpha)
{
  const double kappa = w->s->bn == CVX_BN_STD ? (double) nb : 1.0;
  for (size_t j = 0; j < m; j++)
    {
      double *z = Z + j * nb, *zh = w->zhat + j * nb;
      double mu = 0.0, ss = 0.0;
      for (size_t i = 0; i < nb; i++)
        mu += z[i];
      mu /= (double) nb;
      for (size_t i = 0; i < nb; i++)
        ss += (z[i] - mu) * (z[i] - mu);
      const double sc = sqrt (ss / kappa);
      w->bnmu[j] = mu;
      w->bnscale[j] = sc;
      for (size_t i = 0; i < nb; i++)
        {
          zh[i] = sc > 0.0 ? (z[i] - mu) / sc : 0.0;
          z[i] = gamma[j] * zh[i] + alpha[j];
        }
    }
}

/* dZ from dH (both nb x m, in place) and the BN parameter gradients:
 * dz = (1/s) (dzh - mean(dzh) - zh (zh . dzh) / kappa), dzh = gamma dH */
static void
bn_backward (cvx_net_ws *w, double *dH, size_t nb, size_t m,
             const double *gamma, double *dgamma, double *dalpha)
{
  const double kappa = w->s->bn == CVX_BN_STD ? (double) nb : 1.0;
  for (size_t j = 0; j < m; j++)
    {
      double *dh = dH + j * nb;
      const double *zh = w->zhat + j * nb;
      double sg = 0.0, sa = 0.0;
      for (size_t i = 0; i < nb; i++)
        {
          sg += dh[i] * zh[i];
          sa += dh[i];
        }
      dgamma[j] += sg;
      dalpha[j] += sa;
      const double sc = w->bnscale[j];
      if (!(sc > 0.0))
        {
          memset (dh, 0, nb * sizeof (double));
          continue;
        }
      const double mean_dzh = gamma[j] * sa / (double) nb;
      const double proj = gamma[j] * sg / kappa;
      for (size_t i = 0; i < nb; i++)
        dh[i] = (gamma[j] * dh[i] - mean_dzh - zh[i] * proj) / sc;
    }
}

/* max (z, 0) in place, without a branch: written as z > 0 ? z : 0 the
 * compiler stores the 0 conditionally, and the branch, mispredicted on
 * half the entries, made this loop 8x slower than here and the largest
 * cost of a small network's step (the grown pool's L-BFGS run).  Exact below
 * DBL_MAX / 2: z + |z| is 2z or 0. */
static void
relu_inplace (double *Z, size_t cnt)
{
  for (size_t k = 0; k < cnt; k++)
    {
      const double z = Z[k];
      Z[k] = 0.5 * (z + fabs (z));
    }
}

/* s (m) = the column sums of Z (nb x m), four columns at a time: four
 * independent additions in flight instead of one chain (each column's
 * order of summation is unchanged) */
static void
column_sums (const double *Z, size_t nb, size_t m, double *s)
{
  size_t j = 0;
  for (; j + 4 <= m; j += 4)
    {
      const double *z0 = Z + j * nb, *z1 = z0 + nb, *z2 = z1 + nb,
                   *z3 = z2 + nb;
      double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
      for (size_t i = 0; i < nb; i++)
        {
          s0 += z0[i];
          s1 += z1[i];
          s2 += z2[i];
          s3 += z3[i];
        }
      s[j] = s0;
      s[j + 1] = s1;
      s[j + 2] = s2;
      s[j + 3] = s3;
    }
  for (; j < m; j++)
    {
      double sj = 0.0;
      for (size_t i = 0; i < nb; i++)
        sj += Z[j * nb + i];
      s[j] = sj;
    }
}

/* forward pass: the hidden activations into w->A, the output into w->F */
static void
forward (cvx_net_ws *w, const double *X, size_t nb, const double *theta)
{
  const cvx_net *s = w->s;
  const cvx_net_layout *ly = &w->ly;
  const size_t L = s->L, K = s->width[L];
  const size_t lbn = s->bn ? L - 2 : (size_t) -1;  /* layer feeding BN */
  const double *Ain = X;
  for (size_t l = 0; l + 1 < L; l++)
    {
      double *Z = w->A[l + 1];
      const size_t m = s->width[l + 1];
      affine (Ain, nb, s->width[l], theta + ly->W[l], m,
              s->bias[l] ? theta + ly->b[l] : NULL, Z);
      if (l == lbn)
        bn_forward (w, Z, nb, m, theta + ly->gamma, theta + ly->alpha);
      else if (s->act == CVX_ACT_RELU)
        relu_inplace (Z, nb * m);
      Ain = Z;
    }
  affine (Ain, nb, s->width[L - 1], theta + ly->W[L - 1], K,
          s->bias[L - 1] ? theta + ly->b[L - 1] : NULL, w->F);
}

/* |theta_pen|^2 over every parameter except the pre-BN layer and free
 * biases; with g, also g += lambda theta_pen */
static double
penalty (const cvx_net_ws *w, const double *theta, double *g)
{
  const cvx_net *s = w->s;
  const cvx_net_layout *ly = &w->ly;
  const size_t L = s->L;
  const size_t lbn = s->bn ? L - 2 : (size_t) -1;
  const double lam = s->lambda;
  double p = 0.0;
  for (size_t l = 0; l < L; l++)
    {
      if (l == lbn)
        continue;
      const size_t cnt = s->width[l] * s->width[l + 1];
      const double *W = theta + ly->W[l];
      for (size_t k = 0; k < cnt; k++)
        p += W[k] * W[k];
      if (g)
        for (size_t k = 0; k < cnt; k++)
          g[ly->W[l] + k] += lam * W[k];
      if (s->bias[l] != CVX_BIAS_PENALIZED)
        continue;
      for (size_t k = 0; k < s->width[l + 1]; k++)
        p += theta[ly->b[l] + k] * theta[ly->b[l] + k];
      if (g)
        for (size_t k = 0; k < s->width[l + 1]; k++)
          g[ly->b[l] + k] += lam * theta[ly->b[l] + k];
    }
  if (s->bn)
    for (size_t k = 0; k < 2 * s->width[L - 1]; k++)
      {
        p += theta[ly->gamma + k] * theta[ly->gamma + k];
        if (g)
          g[ly->gamma + k] += lam * theta[ly->gamma + k];
      }
  return p;
}

/* backward pass from dZ = w->R (the loss gradient, scaled here): the
 * loss part of g, layer by layer, two GEMMs each */
static void
backward (cvx_net_ws *w, const double *X, size_t nb, const double *theta,
          double loss_scale, double *g)
{
  const cvx_net *s = w->s;
  const cvx_net_layout *ly = &w->ly;
  const size_t L = s->L, K = s->width[L];
  const size_t lbn = s->bn ? L - 2 : (size_t) -1;
  memset (g, 0, ly->total * sizeof (double));
  double *dZ = w->R, *bufs[2] = { w->dA, w->dB };
  int which = 0;
  for (size_t k = 0; k < nb * K; k++)
    dZ[k] *= loss_scale;
  for (size_t l = L; l-- > 0;)
    {
      const size_t k_in = s->width[l], m = s->width[l + 1];
      const double *Aprev = l > 0 ? w->A[l] : X;
      const blas_int bn = (blas_int) nb, bk = (blas_int) k_in,
                     bm = (blas_int) m;
      const double one = 1.0, zero = 0.0;
      dgemm_ ("T", "N", &bk, &bm, &bn, &one, Aprev, &bn, dZ, &bn, &zero,
              g + ly->W[l], &bk);
      if (s->bias[l])
        column_sums (dZ, nb, m, g + ly->b[l]);
      if (l == 0)
        break;
      /* dA_{l-1} = dZ W_l' */
      double *dA = bufs[which];
      which ^= 1;
      dgemm_ ("N", "T", &bn, &bk, &bm, &one, dZ, &bn, theta + ly->W[l], &bk,
              &zero, dA, &bn);
      if (l - 1 == lbn)
        bn_backward (w, dA, nb, k_in, theta + ly->gamma, g + ly->gamma,
                     g + ly->alpha);
      else if (s->act == CVX_ACT_RELU)
        {
          const double *Aa = w->A[l];
          for (size_t k = 0; k < nb * k_in; k++)
            {
              /* both loaded before the select, so that it compiles to a
               * mask and not to a branch that half the signs mispredict
               * (8x on this loop, which dominated a small network's step) */
              const double a = Aa[k], gk = dA[k];
              dA[k] = a > 0.0 ? gk : 0.0;
            }
        }
      dZ = dA;
    }
}

double
cvx_net_evaluate (cvx_net_ws *w, const double *X, size_t nb, const double *Y,
                  const double *theta, double loss_scale, double *g,
                  double *pen)
{
  const cvx_net *s = w->s;
  forward (w, X, nb, theta);
  const double loss = cvx_loss_value (s->loss, w->F, Y, nb, s->width[s->L],
                                      g ? w->R : NULL);
  if (g)
    backward (w, X, nb, theta, loss_scale, g);
  *pen = 0.5 * s->lambda * penalty (w, theta, g);
  return loss;
}

int
cvx_net_objective (const cvx_ctx *c, const cvx_net *s, const double *X,
                   size_t n, const double *Y, const double *theta, double *f,
                   double *loss, double *g, double *mu, double *scale)
{
  int st = cvx_net_check (s, n);
  if (st)
    return st;
  cvx_net_ws w;
  st = cvx_net_ws_init (&w, c, s, n);
  if (st)
    return st;
  double pen;
  const double lv = cvx_net_evaluate (&w, X, n, Y, theta, 1.0, g, &pen);
  *f = lv + pen;
  if (loss)
    *loss = lv;
  if (s->bn)
    {
      const size_t m = s->width[s->L - 1];
      if (mu)
        memcpy (mu, w.bnmu, m * sizeof (double));
      if (scale)
        memcpy (scale, w.bnscale, m * sizeof (double));
    }
  cvx_net_ws_free (&w);
  return CVX_OK;
}
