/* cvxnn core: reference nonconvex trainer of fully connected networks.
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The baseline the convex fit is compared with, and the oracle of the
 * structure-theorem tests: the weight-decay objective of MATH 1.3 (every
 * weight and bias penalized, B-aug of MATH 1.2) for networks of any depth,
 * optionally with batch normalization before the last layer (MATH 5.6), and
 * the usual gradient methods on it.  Forward and backward passes are two
 * GEMMs per layer over the whole (mini)batch; nothing is done per row.
 *
 * Only stationarity can be claimed here (status "converged" means a small
 * gradient); global optimality is the business of the certificates.
 */
#include "cvxnn_core.h"
#include "cvxnn_blas.h"
#include "cvxnn_internal.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------ layout */

#define CVX_NET_MAX_LAYERS 64

/* offsets of W_l, b_l (or SIZE_MAX) in theta, and of gamma, alpha */
typedef struct {
  size_t W[CVX_NET_MAX_LAYERS], b[CVX_NET_MAX_LAYERS], gamma, alpha, total;
} layout;

static void
make_layout (const cvx_net *s, layout *ly)
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
  layout ly;
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
  layout ly;
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

typedef struct {
  const cvx_ctx *c;
  const cvx_net *s;
  layout ly;
  size_t nmax;
  double *A[CVX_NET_MAX_LAYERS];  /* A[l]: nmax x w[l], l = 1..L-1        */
  double *zhat;                   /* BN: normalized pre-BN values          */
  double *bnscale, *bnmu;         /* BN: per-unit divisor and mean         */
  double *F, *R;                  /* nmax x K                              */
  double *dA, *dB;                /* nmax x max width: ping-pong           */
  cvx_alloc_list al;
} net_ws;

static void
ws_free (net_ws *w)
{
  cvx_al_release (&w->al);
}

static int
ws_init (net_ws *w, const cvx_ctx *c, const cvx_net *s, size_t nmax)
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
    ws_free (w);
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
bn_forward (net_ws *w, double *Z, size_t nb, size_t m, const double *gamma,
            const double *alpha)
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
bn_backward (net_ws *w, double *dH, size_t nb, size_t m, const double *gamma,
             double *dgamma, double *dalpha)
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

/* Loss of the nb rows X (nb x d), Y (nb x K) at theta; with g, also
 * g = loss_scale * grad loss + lambda * theta (penalized part).  Returns
 * the unscaled loss; *pen receives (lambda/2) |theta_pen|^2. */
static double
evaluate (net_ws *w, const double *X, size_t nb, const double *Y,
          const double *theta, double loss_scale, double *g, double *pen)
{
  const cvx_net *s = w->s;
  const layout *ly = &w->ly;
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
        for (size_t k = 0; k < nb * m; k++)
          Z[k] = Z[k] > 0.0 ? Z[k] : 0.0;
      Ain = Z;
    }
  affine (Ain, nb, s->width[L - 1], theta + ly->W[L - 1], K,
          s->bias[L - 1] ? theta + ly->b[L - 1] : NULL, w->F);
  const double loss = cvx_loss_value (s->loss, w->F, Y, nb, K,
                                      g ? w->R : NULL);
  /* penalty over every parameter except the pre-BN layer and free biases */
  double p = 0.0;
  for (size_t l = 0; l < L; l++)
    {
      if (l == lbn)
        continue;
      const double *W = theta + ly->W[l];
      for (size_t k = 0; k < s->width[l] * s->width[l + 1]; k++)
        p += W[k] * W[k];
      if (s->bias[l] == CVX_BIAS_PENALIZED)
        for (size_t k = 0; k < s->width[l + 1]; k++)
          p += theta[ly->b[l] + k] * theta[ly->b[l] + k];
    }
  if (s->bn)
    for (size_t k = 0; k < 2 * s->width[L - 1]; k++)
      p += theta[ly->gamma + k] * theta[ly->gamma + k];
  *pen = 0.5 * s->lambda * p;
  if (!g)
    return loss;

  /* backward: dZ of the top layer is the scaled loss gradient */
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
        for (size_t j = 0; j < m; j++)
          {
            double sb = 0.0;
            for (size_t i = 0; i < nb; i++)
              sb += dZ[j * nb + i];
            g[ly->b[l] + j] = sb;
          }
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
            dA[k] = Aa[k] > 0.0 ? dA[k] : 0.0;
        }
      dZ = dA;
    }
  const double lam = s->lambda;
  for (size_t l = 0; l < L; l++)
    {
      if (l == lbn)
        continue;
      const size_t cnt = s->width[l] * s->width[l + 1];
      for (size_t k = 0; k < cnt; k++)
        g[ly->W[l] + k] += lam * theta[ly->W[l] + k];
      if (s->bias[l] == CVX_BIAS_PENALIZED)
        for (size_t k = 0; k < s->width[l + 1]; k++)
          g[ly->b[l] + k] += lam * theta[ly->b[l] + k];
    }
  if (s->bn)
    for (size_t k = 0; k < 2 * s->width[L - 1]; k++)
      g[ly->gamma + k] += lam * theta[ly->gamma + k];
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
  net_ws w;
  st = ws_init (&w, c, s, n);
  if (st)
    return st;
  double pen;
  const double lv = evaluate (&w, X, n, Y, theta, 1.0, g, &pen);
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
  ws_free (&w);
  return CVX_OK;
}

/* ------------------------------------------------------------ optimizers */

typedef struct {
  const cvx_ctx *c;
  const cvx_train_opts *o;
  double t0;
  double *hist;
  size_t nhist, cap;
  long printed;                     /* last iteration printed, or -1 */
  int st;
} logger;

/* record one history row; print it on a logarithmic schedule
 * (1..10, 20, 30, ..., 100, 200, ...) and always when `last` */
static void
log_row (logger *lg, long it, double obj, double gn, double step, int last)
{
  const int again = lg->nhist > 0
                    && lg->hist[(lg->nhist - 1) * CVX_TRAIN_HIST_COLS] == (double) it;
  if (again && (!last || lg->printed == it))
    return;                         /* the closing row was logged already */
  if (again)
    lg->nhist--;                    /* recorded, not printed: print it now */
  if (lg->nhist == lg->cap)
    {
      const size_t ncap = lg->cap ? 2 * lg->cap : 256;
      double *h = lg->c->alloc.realloc_fn (lg->hist, ncap * CVX_TRAIN_HIST_COLS
                                           * sizeof (double), lg->c->alloc.ctx);
      if (!h)
        {
          lg->st = CVX_ENOMEM;
          return;
        }
      lg->hist = h;
      lg->cap = ncap;
    }
  const double t = cvx_now (lg->c) - lg->t0;
  double *r = lg->hist + lg->nhist++ * CVX_TRAIN_HIST_COLS;
  r[0] = (double) it;
  r[1] = obj;
  r[2] = gn;
  r[3] = step;
  r[4] = t;
  if (!lg->o->display || !lg->c->progress)
    return;
  long p = 1;
  while (p * 10 <= it)
    p *= 10;
  if (!(last || it <= 10 || it % p == 0))
    return;
  char line[160];
  if (it == 0)
    {
      lg->c->progress (lg->c->host,
                       "   iter       objective      |grad|      step     time");
    }
  snprintf (line, sizeof line, "%7ld  %14.8e  %10.3e  %8.2e  %7.2fs", it, obj,
            gn, step, t);
  lg->c->progress (lg->c->host, line);
  lg->printed = it;
}

/* gd and lbfgs: full-batch methods with Armijo backtracking (a fixed step
 * for gd when lr > 0).  L-BFGS keeps the pairs with s'y > 0 only, so the
 * direction stays a descent direction on this nonconvex objective. */
static int
train_full (net_ws *w, const double *X, size_t n, const double *Y,
            const cvx_train_opts *o, double *theta, logger *lg,
            cvx_train_info *info)
{
  const size_t N = w->ly.total;
  const int lbfgs = o->optimizer == CVX_OPT_LBFGS;
  const size_t mem = lbfgs ? (o->memory ? o->memory : 10) : 0;
  int st = CVX_OK;
  cvx_alloc_list al = { w->c, { 0 }, 0 };
  double *g, *xn, *gn, *d, *S, *Yp, *rho, *alpha;
  AL_GET (al, g, N * sizeof (double));
  AL_GET (al, xn, N * sizeof (double));
  AL_GET (al, gn, N * sizeof (double));
  AL_GET (al, d, N * sizeof (double));
  AL_GET (al, S, (mem ? mem : 1) * N * sizeof (double));
  AL_GET (al, Yp, (mem ? mem : 1) * N * sizeof (double));
  AL_GET (al, rho, (mem ? mem : 1) * sizeof (double));
  AL_GET (al, alpha, (mem ? mem : 1) * sizeof (double));

  double pen, f = evaluate (w, X, n, Y, theta, 1.0, g, &pen) + pen;
  double gnorm = sqrt (cvx_dot (g, g, N)), step = 0.0;
  double t_prev = o->lr > 0.0 ? o->lr : 1.0 / (gnorm > 1.0 ? gnorm : 1.0);
  size_t npairs = 0, head = 0;          /* circular buffer of pairs */
  long it = 0;
  int status = CVX_TRAIN_MAXITER;
  log_row (lg, 0, f, gnorm, 0.0, 0);
  for (;;)
    {
      if (!isfinite (f))
        {
          status = CVX_TRAIN_DIVERGED;
          break;
        }
      if (gnorm <= o->tol * (fabs (f) > 1.0 ? fabs (f) : 1.0))
        {
          status = CVX_TRAIN_CONVERGED;
          break;
        }
      if (it >= o->epochs)
        break;
      if (cvx_interrupted (w->c))
        {
          status = CVX_TRAIN_INTERRUPTED;
          break;
        }
      /* direction: -H g by the two-loop recursion, or -g */
      for (size_t k = 0; k < N; k++)
        d[k] = -g[k];
      if (npairs)
        {
          for (size_t q = 0; q < npairs; q++)
            {
              const size_t j = (head + mem - 1 - q) % mem;
              alpha[j] = rho[j] * cvx_dot (S + j * N, d, N);
              for (size_t k = 0; k < N; k++)
                d[k] -= alpha[j] * Yp[j * N + k];
            }
          const size_t jl = (head + mem - 1) % mem;
          const double gam = cvx_dot (S + jl * N, Yp + jl * N, N)
                             / cvx_dot (Yp + jl * N, Yp + jl * N, N);
          for (size_t k = 0; k < N; k++)
            d[k] *= gam;
          for (size_t q = npairs; q-- > 0;)
            {
              const size_t j = (head + mem - 1 - q) % mem;
              const double beta = rho[j] * cvx_dot (Yp + j * N, d, N);
              for (size_t k = 0; k < N; k++)
                d[k] += (alpha[j] - beta) * S[j * N + k];
            }
        }
      double gd = cvx_dot (g, d, N);
      if (!(gd < 0.0))
        {
          npairs = 0;
          for (size_t k = 0; k < N; k++)
            d[k] = -g[k];
          gd = -gnorm * gnorm;
        }
      /* step: fixed, or Armijo backtracking from 1 (lbfgs with pairs) or
       * from twice the last accepted step */
      double t = o->lr > 0.0 ? o->lr : (npairs ? 1.0 : 2.0 * t_prev);
      double fn = HUGE_VAL, pn = 0.0;
      int ok = 0;
      for (int bt = 0; bt < 60; bt++)
        {
          for (size_t k = 0; k < N; k++)
            xn[k] = theta[k] + t * d[k];
          fn = evaluate (w, X, n, Y, xn, 1.0, gn, &pn) + pn;
          /* Armijo with a strict decrease (at rounding level its bound
           * equals f, and steps that change nothing would run out the
           * iterations); there, in the spirit of Hager and Zhang's
           * approximate Wolfe test, a step that keeps f within rounding
           * and shrinks the gradient is progress too */
          const double fround = 8.0 * DBL_EPSILON * fabs (f);
          if (o->lr > 0.0 || (fn <= f + 1e-4 * t * gd && fn < f)
              || (fn <= f + fround && cvx_dot (gn, gn, N) < 0.99 * gnorm * gnorm))
            {
              ok = 1;
              break;
            }
          t *= 0.5;
        }
      if (!ok)
        {
          if (npairs)
            {
              npairs = 0;                 /* retry along -g */
              continue;
            }
          status = CVX_TRAIN_STALLED;     /* no decrease at rounding level */
          break;
        }
      it++;
      if (lbfgs)
        {
          double *sj = S + head * N, *yj = Yp + head * N;
          for (size_t k = 0; k < N; k++)
            {
              sj[k] = xn[k] - theta[k];
              yj[k] = gn[k] - g[k];
            }
          const double sy = cvx_dot (sj, yj, N);
          if (sy > 1e-12 * sqrt (cvx_dot (sj, sj, N) * cvx_dot (yj, yj, N)))
            {
              rho[head] = 1.0 / sy;
              head = (head + 1) % mem;
              npairs += npairs < mem;
            }
        }
      memcpy (theta, xn, N * sizeof (double));
      memcpy (g, gn, N * sizeof (double));
      f = fn;
      gnorm = sqrt (cvx_dot (g, g, N));
      step = t;
      if (o->lr <= 0.0)
        t_prev = t;
      log_row (lg, it, f, gnorm, step, 0);
      if (lg->st)
        {
          st = lg->st;
          goto done;
        }
    }
  info->status = status;
  info->iterations = it;
  log_row (lg, it, f, gnorm, step, 1);
  if (lg->st)
    st = lg->st;
done:
  cvx_al_release (&al);
  return st;
}

/* sgd and adam on shuffled minibatches; the gradient of a batch of nb rows
 * is (n / nb) grad loss_batch + lambda theta, an unbiased estimate of the
 * full gradient of the objective. */
static int
train_stochastic (net_ws *w, const double *X, size_t n, const double *Y,
                  const cvx_train_opts *o, double *theta, logger *lg,
                  cvx_train_info *info)
{
  const cvx_net *s = w->s;
  const size_t N = w->ly.total, d = s->width[0], K = s->width[s->L];
  const size_t B = w->nmax;
  const int adam = o->optimizer == CVX_OPT_ADAM;
  const double lr = o->lr > 0.0 ? o->lr : (adam ? 1e-3 : 1e-2 / (double) n);
  int st = CVX_OK;
  cvx_alloc_list al = { w->c, { 0 }, 0 };
  double *g, *m1, *m2, *Xb, *Yb;
  size_t *perm;
  AL_GET (al, g, N * sizeof (double));
  AL_GET (al, m1, N * sizeof (double));
  AL_GET (al, m2, N * sizeof (double));
  AL_GET (al, Xb, B * d * sizeof (double));
  AL_GET (al, Yb, B * K * sizeof (double));
  AL_GET (al, perm, n * sizeof (size_t));
  memset (m1, 0, N * sizeof (double));
  memset (m2, 0, N * sizeof (double));
  for (size_t i = 0; i < n; i++)
    perm[i] = i;
  cvx_rng rng;
  cvx_rng_seed (&rng, o->seed);
  const double b1 = 0.9, b2 = 0.999, eps = 1e-8;
  double b1t = 1.0, b2t = 1.0;
  long ep = 0;
  int status = CVX_TRAIN_MAXITER;
  double pen, f0;
  /* the workspace holds a minibatch, not all n rows */
  st = cvx_net_objective (w->c, s, X, n, Y, theta, &f0, NULL, NULL, NULL,
                          NULL);
  if (st)
    goto done;
  log_row (lg, 0, f0, NAN, lr, 0);
  while (ep < o->epochs && status != CVX_TRAIN_INTERRUPTED)
    {
      for (size_t i = n; i > 1; i--)    /* Fisher-Yates */
        {
          const size_t j = (size_t) (cvx_rng_uniform (&rng) * (double) i);
          const size_t tmp = perm[i - 1];
          perm[i - 1] = perm[j];
          perm[j] = tmp;
        }
      double run = 0.0;
      for (size_t start = 0; start < n; start += B)
        {
          if (cvx_interrupted (w->c))
            {
              status = CVX_TRAIN_INTERRUPTED;
              break;
            }
          const size_t nb = n - start < B ? n - start : B;
          for (size_t j = 0; j < d; j++)
            for (size_t i = 0; i < nb; i++)
              Xb[j * nb + i] = X[j * n + perm[start + i]];
          for (size_t j = 0; j < K; j++)
            for (size_t i = 0; i < nb; i++)
              Yb[j * nb + i] = Y[j * n + perm[start + i]];
          const double sc = (double) n / (double) nb;
          const double lv = evaluate (w, Xb, nb, Yb, theta, sc, g, &pen);
          run += lv + pen * (double) nb / (double) n;
          if (adam)
            {
              b1t *= b1;
              b2t *= b2;
              for (size_t k = 0; k < N; k++)
                {
                  m1[k] = b1 * m1[k] + (1.0 - b1) * g[k];
                  m2[k] = b2 * m2[k] + (1.0 - b2) * g[k] * g[k];
                  theta[k] -= lr * (m1[k] / (1.0 - b1t))
                              / (sqrt (m2[k] / (1.0 - b2t)) + eps);
                }
            }
          else
            for (size_t k = 0; k < N; k++)
              {
                m1[k] = o->momentum * m1[k] + g[k];
                theta[k] -= lr * m1[k];
              }
        }
      if (status == CVX_TRAIN_INTERRUPTED)
        break;
      ep++;
      log_row (lg, ep, run, NAN, lr, ep == o->epochs);
      if (lg->st)
        {
          st = lg->st;
          goto done;
        }
      if (!isfinite (run))
        {
          status = CVX_TRAIN_DIVERGED;
          break;
        }
    }
  info->status = status;
  info->iterations = ep;
done:
  cvx_al_release (&al);
  return st;
}

int
cvx_train (const cvx_ctx *c, const cvx_net *s, const double *X, size_t n,
           const double *Y, const cvx_train_opts *o, double *theta,
           cvx_train_info *info)
{
  memset (info, 0, sizeof *info);
  int st = cvx_net_check (s, n);
  if (st)
    return st;
  if (o->optimizer < CVX_OPT_GD || o->optimizer > CVX_OPT_LBFGS
      || o->epochs < 0 || !(o->tol >= 0.0) || !(o->momentum >= 0.0))
    return CVX_EINVAL;
  const int stochastic = o->optimizer == CVX_OPT_SGD
                         || o->optimizer == CVX_OPT_ADAM;
  const size_t B = stochastic && o->batch > 0 && o->batch < n ? o->batch : n;
  net_ws w;
  st = ws_init (&w, c, s, B);
  if (st)
    return st;
  logger lg = { c, o, cvx_now (c), NULL, 0, 0, -1, CVX_OK };
  if (stochastic)
    st = train_stochastic (&w, X, n, Y, o, theta, &lg, info);
  else
    st = train_full (&w, X, n, Y, o, theta, &lg, info);
  ws_free (&w);
  if (!st)
    {
      /* the full objective and gradient at the returned point */
      const size_t N = cvx_net_nparams (s);
      double *g = c->alloc.malloc_fn (N * sizeof (double), c->alloc.ctx);
      if (!g)
        st = CVX_ENOMEM;
      else
        {
          st = cvx_net_objective (c, s, X, n, Y, theta, &info->objective,
                                  &info->loss, g, NULL, NULL);
          if (!st)
            info->gradnorm = sqrt (cvx_dot (g, g, N));
          c->alloc.free_fn (g, c->alloc.ctx);
        }
    }
  info->time = cvx_now (c) - lg.t0;
  if (st)
    {
      c->alloc.free_fn (lg.hist, c->alloc.ctx);
      return st;
    }
  info->hist = lg.hist;
  info->nhist = lg.nhist;
  return CVX_OK;
}
