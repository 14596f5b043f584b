/* cvxnn core unit tests: the preconditioner of the conjugate-gradient
 * Newton directions (cvxnn_fit_pcg.c).
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "unit.h"
#include "cvxnn_fit_ssn.h"

/* y = M v, M = I + sigma sum_g D_i X J_g X' D_i over the active groups
 * (J_g = c1 I + (1 - c1) q q': the Jacobian of an active group whose face
 * has no active row), formed densely as the system CG solves */
static void
dense_system (const ssn_ws *s, double *M)
{
  const fit_ws *w = s->w;
  const size_t n = w->n, da = w->da;
  const double t = s->sigma * w->o->lambda;
  double *B = malloc (n * da * sizeof (double)), J[64];
  for (size_t j = 0; j < n * n; j++)
    M[j] = 0.0;
  for (size_t j = 0; j < n; j++)
    M[j * n + j] = 1.0;
  for (size_t a = 0; a < s->cg_m; a++)
    {
      const size_t col = s->cg_act[a], gg = col % w->G;
      const size_t i = gg < w->P ? gg : gg - w->P;
      const double *x = s->xt + col * da;
      double xn = 0.0;
      for (size_t b = 0; b < da; b++)
        xn += x[b] * x[b];
      xn = sqrt (xn);
      const double c1 = xn / (xn + t);
      for (size_t b = 0; b < da; b++)
        for (size_t e = 0; e < da; e++)
          J[b * da + e] = (b == e ? c1 : 0.0)
                          + (1.0 - c1) * x[b] * x[e] / (xn * xn);
      for (size_t b = 0; b < da; b++)           /* B = D_i X J */
        for (size_t j = 0; j < n; j++)
          {
            double v = 0.0;
            for (size_t e = 0; e < da; e++)
              v += w->X[e * n + j] * J[e * da + b];
            B[b * n + j] = w->D[i * n + j] ? v : 0.0;
          }
      for (size_t j = 0; j < n; j++)
        if (w->D[i * n + j])
          for (size_t l = 0; l < n; l++)
            if (w->D[i * n + l])
              {
                double v = 0.0;
                for (size_t b = 0; b < da; b++)
                  v += B[b * n + j] * w->X[b * n + l];
                M[l * n + j] += s->sigma * v;
              }
    }
  free (B);
}

static void
matvec (const double *M, size_t n, const double *v, double *y)
{
  for (size_t j = 0; j < n; j++)
    y[j] = 0.0;
  for (size_t l = 0; l < n; l++)
    for (size_t j = 0; j < n; j++)
      y[j] += M[l * n + j] * v[l];
}

/* z = P^{-1} r with s's preconditioner P where pc, else z = r */
static void
precondition (const ssn_ws *s, int pc, const double *r, double *z)
{
  if (pc)
    cvx_ssn_pc_apply (s, r, z);
  else
    memcpy (z, r, s->w->n * sizeof (double));
}

/* CG steps on M x = b to 1e-2 of |b| (the steps only: x is not kept),
 * preconditioned by s's P when pc */
static int
cg_steps (const ssn_ws *s, const double *M, const double *b, int pc)
{
  const size_t n = s->w->n;
  double *r = malloc (n * sizeof (double)), *p = malloc (n * sizeof (double));
  double *q = malloc (n * sizeof (double)), *z = malloc (n * sizeof (double));
  memcpy (r, b, n * sizeof (double));
  precondition (s, pc, r, z);
  memcpy (p, z, n * sizeof (double));
  double rr = cvx_dot (r, r, n), rz = cvx_dot (r, z, n);
  const double goal = 1e-2 * sqrt (rr);
  int it = 0;
  while (sqrt (rr) > goal && it < (int) n)
    {
      matvec (M, n, p, q);
      const double alpha = rz / cvx_dot (p, q, n);
      for (size_t j = 0; j < n; j++)
        r[j] -= alpha * q[j];
      rr = cvx_dot (r, r, n);
      precondition (s, pc, r, z);
      const double rzn = cvx_dot (r, z, n);
      for (size_t j = 0; j < n; j++)
        p[j] = z[j] + rzn / rz * p[j];
      rz = rzn;
      it++;
    }
  free (r);
  free (p);
  free (q);
  free (z);
  return it;
}

/* P v as documented (Delta + sigma W W'), formed from its definition:
 * S = sum c1 p_i^2, Delta_jj = max (1, 1 + sigma |x_j|^2 (sum_g c1 D_ij
 * - S)) and the c1 terms for gated groups only; the neurons' columns
 * sqrt (1 - c1) D_i X q */
static void
documented_product (const ssn_ws *s, const double *v, double *y)
{
  const fit_ws *w = s->w;
  const size_t n = w->n, da = w->da;
  const double t = s->sigma * w->o->lambda;
  const int gated = w->o->model == CVX_MODEL_GATED;
  double S = 0.0, *sc1 = calloc (n, sizeof (double));
  double *Xv = calloc (da, sizeof (double));
  for (size_t j = 0; j < n; j++)
    y[j] = 0.0;
  for (size_t a = 0; a < s->cg_m; a++)
    {
      const size_t col = s->cg_act[a], gg = col % w->G;
      const size_t i = gg < w->P ? gg : gg - w->P;
      const double *x = s->xt + col * da;
      double xn = 0.0, on = 0.0, qv = 0.0;
      for (size_t b = 0; b < da; b++)
        xn += x[b] * x[b];
      xn = sqrt (xn);
      const double c1 = xn / (xn + t);
      for (size_t j = 0; j < n; j++)
        {
          on += w->D[i * n + j] ? 1.0 : 0.0;
          sc1[j] += w->D[i * n + j] ? c1 : 0.0;
        }
      S += c1 * (on / n) * (on / n);
      double *col_v = malloc (n * sizeof (double));
      for (size_t j = 0; j < n; j++)
        {
          double e = 0.0;
          for (size_t b = 0; b < da; b++)
            e += w->X[b * n + j] * x[b] / xn;
          col_v[j] = w->D[i * n + j] ? sqrt (1.0 - c1) * e : 0.0;
          qv += col_v[j] * v[j];
        }
      for (size_t j = 0; j < n; j++)
        y[j] += s->sigma * qv * col_v[j];
      free (col_v);
    }
  if (!gated)
    S = 0.0;
  for (size_t b = 0; b < da; b++)
    for (size_t j = 0; j < n; j++)
      Xv[b] += w->X[b * n + j] * v[j];
  for (size_t j = 0; j < n; j++)
    {
      double x2 = 0.0, xxv = 0.0;
      for (size_t b = 0; b < da; b++)
        {
          x2 += w->X[b * n + j] * w->X[b * n + j];
          xxv += w->X[b * n + j] * Xv[b];
        }
      const double dj = gated ? fmax (1.0, 1.0 + s->sigma * x2 * (sc1[j] - S))
                              : 1.0;
      y[j] += dj * v[j] + s->sigma * S * xxv;
    }
  free (sc1);
  free (Xv);
}

/* For each model, with groups 1e-3 lam in size and sigma where t = sigma
 * lam is 100 times that (as in the fits where CG runs: n = 2000, d = 50
 * at 1e-2 lambda_max ends with |x_g| about 1e-3 lam): P^{-1} inverts the
 * documented P, and preconditioned CG needs at most a third of plain
 * CG's steps on the dense system (a preconditioner that lost its
 * neurons' columns needs about as many). */
void
test_fit_pcg (void)
{
  enum { N = 240, DA = 7, P = 40, ACT = 30 };
  double *X = randmat (N, DA), *H = randmat (DA, P);
  unsigned char *D = malloc (N * P);
  for (size_t j = 0; j < N; j++)
    X[(DA - 1) * N + j] = 1.0;
  direction_patterns (X, N, DA, H, P, D);
  double *y = randmat (N, 1), *b = randmat (N, 1);
  double *M = malloc (N * N * sizeof (double));
  double v[N], Pv[N], z[N];
  for (int model = 0; model < 2; model++)
    {
      cvx_ctx c = cvx_ctx_stdlib ();
      fit_shared sh;
      cvx_fit_info info;
      unit_fit_shared (&sh, &info);
      const cvx_fit_opts o = { model == 0 ? CVX_MODEL_RELU : CVX_MODEL_GATED,
                               CVX_LOSS_SQUARED, 1.0, 1e-8, 100, 10, 0,
                               CVX_SOLVER_SSN, 0.0 };
      fit_ws w;
      int st = cvx_fw_init (&w, &c, X, N, DA, D, P, y, 1, &o, NULL, &sh);
      CHECK (st == CVX_OK, "pcg model %d: workspace %d", model, st);
      if (st)
        continue;
      ssn_ws s;
      memset (&s, 0, sizeof s);
      s.w = &w;
      s.nv = w.G * DA;
      s.sigma = 0.1;
      s.xt = calloc (s.nv, sizeof (double));
      s.wv = calloc (s.nv, sizeof (double));
      s.cg_act = malloc (w.G * sizeof (size_t));
      for (size_t a = 0; a < ACT; a++)        /* every other group */
        {
          s.cg_act[a] = (2 * a + model) % w.G;
          double *x = s.xt + s.cg_act[a] * DA;
          for (size_t e = 0; e < DA; e++)
            x[e] = 1e-3 * nrand () / sqrt ((double) DA);
        }
      s.cg_m = ACT;
      st = cvx_ssn_pc_build (&s);
      CHECK (st == CVX_OK, "pcg model %d: build %d", model, st);
      if (st == CVX_OK)
        {
          double err = 0.0, vn = 0.0;
          for (size_t j = 0; j < N; j++)
            v[j] = nrand ();
          documented_product (&s, v, Pv);
          cvx_ssn_pc_apply (&s, Pv, z);
          for (size_t j = 0; j < N; j++)
            {
              err = fmax (err, fabs (z[j] - v[j]));
              vn = fmax (vn, fabs (v[j]));
            }
          CHECK (err <= 1e-9 * vn, "pcg model %d: P^{-1} P v off by %g",
                 model, err / vn);
          dense_system (&s, M);
          const int plain = cg_steps (&s, M, b, 0);
          const int pre = cg_steps (&s, M, b, 1);
          CHECK (3 * pre <= plain, "pcg model %d: %d steps, plain CG %d",
                 model, pre, plain);
        }
      free (s.pc);
      free (s.pc_idx);
      free (s.pc_pick);
      free (s.xt);
      free (s.wv);
      free (s.cg_act);
      cvx_fw_free (&w);
    }
  free (X);
  free (H);
  free (D);
  free (y);
  free (b);
  free (M);
}

/* x = A \ b by Gaussian elimination with partial pivoting (A: m x m,
 * column-major, overwritten; b overwritten by x) */
static void
gauss_solve (double *A, double *b, size_t m)
{
  for (size_t k = 0; k < m; k++)
    {
      size_t piv = k;
      for (size_t i = k + 1; i < m; i++)
        if (fabs (A[k * m + i]) > fabs (A[k * m + piv]))
          piv = i;
      for (size_t j = 0; j < m; j++)
        {
          const double t = A[j * m + k];
          A[j * m + k] = A[j * m + piv];
          A[j * m + piv] = t;
        }
      const double tb = b[k];
      b[k] = b[piv];
      b[piv] = tb;
      for (size_t i = k + 1; i < m; i++)
        {
          const double f = A[k * m + i] / A[k * m + k];
          for (size_t j = k; j < m; j++)
            A[j * m + i] -= f * A[j * m + k];
          b[i] -= f * b[k];
        }
    }
  for (size_t k = m; k-- > 0;)
    {
      for (size_t j = k + 1; j < m; j++)
        b[k] -= A[j * m + k] * b[j];
      b[k] /= A[k * m + k];
    }
}

/* Cross-entropy's conjugate-gradient direction (cvxnn_fit_cg.c, past
 * the dense systems of cvxnn_fit_newton.c): each row's steps sum to zero
 * (the dual stays where h* is the loss's conjugate), and the direction
 * is the Newton step within that subspace, min d'N d / 2 + g'd subject to
 * sum_k d_jk = 0, N_k = diag (1 / p_k) + sigma sum_g D_i X J_g X' D_i
 * over output k's active groups, solved here as its dense KKT system
 * (CG stops at 1e-2 of its residual: 1.4e-3 off it measured, 0.12 with
 * the system's rows not scaled by sqrt (p), 0.6 without the projection). */
void
test_fit_ce_cg (void)
{
  enum { N = 40, DA = 4, P = 12, K = 3, NK = N * K };
  double *X = randmat (N, DA), *H = randmat (DA, P);
  double *Y = calloc (NK, sizeof (double));
  unsigned char *D = malloc (N * P);
  for (size_t j = 0; j < N; j++)
    {
      X[(DA - 1) * N + j] = 1.0;
      Y[(j % K) * N + j] = 1.0;
    }
  direction_patterns (X, N, DA, H, P, D);
  cvx_ctx c = cvx_ctx_stdlib ();
  fit_shared sh;
  cvx_fit_info info;
  unit_fit_shared (&sh, &info);
  const cvx_fit_opts o = { CVX_MODEL_GATED, CVX_LOSS_CE, 1.0, 1e-8, 100, 10,
                           0, CVX_SOLVER_SSN, 0.0 };
  fit_ws w;
  int st = cvx_fw_init (&w, &c, X, N, DA, D, P, Y, K, &o, NULL, &sh);
  CHECK (st == CVX_OK, "ce cg: workspace %d", st);
  if (st == CVX_OK)
    {
      ssn_ws s;
      memset (&s, 0, sizeof s);
      s.w = &w;
      s.ce = 1;
      s.nv = w.G * K * DA;
      s.sigma = 0.05;
      s.ynorm = 1e30;                   /* CG to 1e-2 of its residual */
      s.xt = calloc (s.nv, sizeof (double));
      s.wv = calloc (s.nv, sizeof (double));
      double *v = calloc (6 * NK, sizeof (double));
      s.grad = v;
      s.dir = v + NK;
      s.ytry = v + 2 * NK;
      s.hs = v + 3 * NK;
      double *g = v + 4 * NK, *d = v + 5 * NK;
      for (size_t j = 0; j < N; j++)
        {
          double z = 0.0, gm = 0.0;      /* p: a softmax row; g: mean 0 */
          for (size_t k = 0; k < K; k++)
            {
              s.hs[k * N + j] = exp (nrand ());
              z += s.hs[k * N + j];
              g[k * N + j] = nrand ();
              gm += g[k * N + j] / K;
            }
          for (size_t k = 0; k < K; k++)
            {
              s.hs[k * N + j] = sqrt (s.hs[k * N + j] / z);
              s.grad[k * N + j] = g[k * N + j] -= gm;
            }
        }
      for (size_t col = 0; col < w.G * K; col += 2)   /* every other group */
        for (size_t e = 0; e < DA; e++)
          s.xt[col * DA + e] = 0.1 * nrand ();
      st = cvx_ssn_cg_direction (&s);
      CHECK (st == CVX_OK && s.cg_steps > 0, "ce cg: status %d, %d steps", st,
             s.cg_steps);
      /* the KKT system [N C'; C 0] (d; mu) = (-g; 0), C = [I ... I] */
      const size_t m = NK + N;
      double *A = calloc (m * m, sizeof (double));
      double *M = malloc (N * N * sizeof (double));
      double *rhs = calloc (m, sizeof (double));
      size_t *act = s.cg_act, nact = s.cg_m, out[NK];
      for (size_t k = 0; k < K; k++)
        {
          size_t mk = 0;                /* dense_system over output k */
          for (size_t a = 0; a < nact; a++)
            if (act[a] / w.G == k)
              out[mk++] = act[a];
          s.cg_act = out;
          s.cg_m = mk;
          dense_system (&s, M);
          for (size_t i = 0; i < N; i++)
            {
              const double p = s.hs[k * N + i] * s.hs[k * N + i];
              for (size_t j = 0; j < N; j++)
                A[(k * N + j) * m + k * N + i]
                  = M[j * N + i] - (i == j ? 1.0 - 1.0 / p : 0.0);
              A[(NK + i) * m + k * N + i] = 1.0;
              A[(k * N + i) * m + NK + i] = 1.0;
              rhs[k * N + i] = -g[k * N + i];
            }
        }
      s.cg_act = act;
      s.cg_m = nact;
      gauss_solve (A, rhs, m);
      double err = 0.0, dn = 0.0, rowsum = 0.0;
      for (size_t j = 0; j < NK; j++)
        {
          d[j] = s.dir[j];
          err += (d[j] - rhs[j]) * (d[j] - rhs[j]);
          dn += rhs[j] * rhs[j];
        }
      for (size_t j = 0; j < N; j++)
        rowsum = fmax (rowsum, fabs (d[j] + d[N + j] + d[2 * N + j]));
      CHECK (rowsum <= 1e-12 * sqrt (dn),
             "ce cg: a row's steps sum to %g (|d| %g)", rowsum, sqrt (dn));
      CHECK (sqrt (err) <= 0.02 * sqrt (dn),
             "ce cg: %g off the KKT step, relative", sqrt (err / dn));
      free (A);
      free (M);
      free (rhs);
      free (v);
      free (s.xt);
      free (s.wv);
      free (s.cg);
      free (s.cg_act);
      free (s.face);
      free (s.pc);
      free (s.pc_idx);
      free (s.pc_pick);
      cvx_fw_free (&w);
    }
  free (X);
  free (H);
  free (Y);
  free (D);
}
