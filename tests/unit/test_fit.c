/* cvxnn core unit tests: the convex fit (Newton, conjugate gradients, polish).
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "unit.h"
#include "cvxnn_fit_ssn.h"

/* ----------------------------------------------------------- fit */

static void
fit_problem (size_t n, double **Xa, unsigned char **D, size_t *P, double **y)
{
  cvx_ctx c = cvx_ctx_stdlib ();
  double *x = randmat (n, 1);
  cvx_patterns p;
  int rank;
  cvx_arr_exact (&c, x, n, 1, 1, 1e8, &p, &rank);
  *P = p.count;
  *D = malloc (n * p.count);
  for (size_t j = 0; j < p.count; j++)
    cvx_patterns_unpack (&p, j, *D + j * n);
  cvx_patterns_free (&c, &p);
  *Xa = malloc (2 * n * sizeof (double));
  *y = malloc (n * sizeof (double));
  for (size_t j = 0; j < n; j++)
    {
      (*Xa)[j] = x[j];
      (*Xa)[n + j] = 1.0;
      (*y)[j] = sin (2.0 * x[j]);
    }
  free (x);
}

typedef struct {
  const double *Xa;
  size_t n;
  const unsigned char *D;
  size_t P;
  const double *y;
  int model, solver;
} fit_case;

static int
fit_trial (cvx_ctx *c, void *arg)
{
  const fit_case *f = arg;
  cvx_fit_opts o = { f->model, 0, 0.2, 1e-8, 2000, 10, 0, f->solver, 0.0 };
  double U[2 * 2 * 19] = { 0 };
  cvx_fit_info info;
  const int st = cvx_fit (c, f->Xa, f->n, 2, f->D, f->P, f->y, 1, &o, U,
                          &info);
  if (st == CVX_OK)
    c->alloc.free_fn (info.hist, c->alloc.ctx);
  return st;
}

/* The mask helpers written as products equal the masks written as
 * branches, on negative values and zeros. */
void
test_masks (void)
{
  enum { N = 37 };
  unsigned char d[N];
  double z[N], f1[N], f2[N], m[N];
  for (size_t j = 0; j < N; j++)
    {
      d[j] = urand () < 0.5;
      z[j] = j % 5 ? nrand () : 0.0;
      f1[j] = f2[j] = nrand ();
    }
  cvx_mask_add (N, d, z, f1);
  cvx_mask_copy (N, d, z, m);
  int same = 1;
  for (size_t j = 0; j < N; j++)
    {
      f2[j] += d[j] ? z[j] : 0.0;
      same &= f1[j] == f2[j] && m[j] == (d[j] ? z[j] : 0.0);
    }
  CHECK (same, "mask helpers differ from the branches");
}

/* counts the log lines of accepted polishes ("   40* | ...") */
static int polished_lines;
static void
count_polished (void *host, const char *line)
{
  (void) host;
  polished_lines += strstr (line, "* |") != NULL;
}

void
test_fit (void)
{
  const size_t n = 10;
  double *Xa, *y;
  unsigned char *D;
  size_t P;
  fit_problem (n, &Xa, &D, &P, &y);
  CHECK (P == 2 * n - 1, "1-D patterns %zu", P);
  double yl[10], Y3[30];
  for (size_t j = 0; j < n; j++)
    {
      yl[j] = y[j] > 0 ? 1.0 : -1.0;
      const size_t cl = y[j] < -0.5 ? 0 : (y[j] < 0.5 ? 1 : 2);
      for (size_t k = 0; k < 3; k++)
        Y3[k * n + j] = (k == cl);
    }
  const double *targets[] = { y, yl, Y3 };
  const size_t Ks[] = { 1, 1, 3 };
  for (int solver = 0; solver < 2; solver++)
  for (int loss = 0; loss < 3; loss++)
    for (int model = 0; model < 2; model++)
      {
        cvx_ctx c = cvx_ctx_stdlib ();
        c.progress = count_polished;
        polished_lines = 0;
        cvx_fit_opts o = { model, loss, 0.2, 1e-10, 20000, 10, 1, solver, 0.0 };
        const size_t nv = cvx_fit_nvars (2, P, Ks[loss], model);
        double *U = calloc (nv, sizeof (double));
        cvx_fit_info info;
        int st = cvx_fit (&c, Xa, n, 2, D, P, targets[loss], Ks[loss], &o, U,
                          &info);
        CHECK (st == CVX_OK && info.status == CVX_FIT_SOLVED
               && info.relgap <= 1e-10 && info.gap >= -1e-12,
               "fit solver %d loss %d model %d: status %d relgap %g", solver,
               loss, model, info.status, info.relgap);
        CHECK (info.nhist > 0 && info.hist != NULL, "history");
        /* FISTA: the Newton polish (its Hessian in row blocks of a few
         * rows in this build) converged at least once */
        CHECK (solver == 0 || polished_lines > 0,
               "fit loss %d model %d: no polish", loss, model);
        /* the inner-loop count: whole GEMMs of n x 2 by 2 x columns,
         * at least two products of one column per iteration */
        const double cols = info.loop_flops / (2.0 * (double) n * 2.0);
        CHECK (cols == floor (cols) && cols >= 2.0 * (double) info.iterations
               && info.loop_time >= 0.0 && info.loop_time <= info.time,
               "loop count: %g columns, %ld iterations, %g s of %g s", cols,
               info.iterations, info.loop_time, info.time);
        free (info.hist);
        free (U);
      }

  /* every allocation failing in turn: ENOMEM, nothing leaked */
  static const char *names[2][2] = { { "fit bcd relu", "fit bcd gated" },
                                     { "fit fista relu", "fit fista gated" } };
  for (int solver = 0; solver < 2; solver++)
    for (int model = 0; model < 2; model++)
      {
        fit_case fc = { Xa, n, D, P, y, model, solver };
        check_failure_injection (names[solver][model], fit_trial, &fc, 20000);
      }

  /* interruption: a point comes back with its status */
  for (long k = 0; k < 8; k++)
    {
      cvx_ctx c = cvx_ctx_stdlib ();
      c.interrupted = stop_after;
      polls_left = k / 2;
      cvx_fit_opts o = { 0, 0, 0.01, 1e-14, 100000, 10, 0, (int) (k % 2), 0.0 };
      double U[2 * 2 * 19] = { 0 };
      cvx_fit_info info;
      int st = cvx_fit (&c, Xa, n, 2, D, P, y, 1, &o, U, &info);
      CHECK (st == CVX_OK && info.status == CVX_FIT_INTERRUPTED,
             "interrupted fit after %ld polls: st %d status %d", k, st,
             info.status);
      free (info.hist);
    }
  free (Xa);
  free (D);
  free (y);
}

/* A gated fit by the Newton solver and by FISTA (max_iter iterations):
 * the first certified, each certificate bounding the other's network */
static void
cg_fit_pair (const char *what, const double *X, size_t n, size_t da,
             const unsigned char *D, size_t P, const double *Y, size_t K,
             int loss, long fista_iters)
{
  cvx_ctx c = cvx_ctx_stdlib ();
  double *U = calloc (P * da * K, sizeof (double));
  cvx_fit_info info;
  cvx_fit_opts o = { CVX_MODEL_GATED, loss, 1e12, 1e-8, 2000, 10, 0,
                     CVX_SOLVER_SSN, 0.0 };
  cvx_fit (&c, X, n, da, D, P, Y, K, &o, U, &info);
  free (info.hist);
  o.lambda = 1e-2 * info.lambda_max;
  double primal[2], dual[2];
  for (int solver = 1; solver >= 0; solver--)
    {
      memset (U, 0, P * da * K * sizeof (double));
      o.solver = solver;
      o.max_iter = solver == CVX_SOLVER_SSN ? 2000 : fista_iters;
      int st = cvx_fit (&c, X, n, da, D, P, Y, K, &o, U, &info);
      CHECK (st == CVX_OK && (solver == CVX_SOLVER_FISTA
                              || (info.status == CVX_FIT_SOLVED
                                  && info.relgap <= 1e-8)),
             "CG fit %s solver %d: st %d status %d relgap %g", what, solver,
             st, info.status, info.relgap);
      primal[solver] = info.primal;
      dual[solver] = info.dual;
      free (info.hist);
    }
  CHECK (dual[1] <= primal[0] * (1 + 1e-12)
         && dual[0] <= primal[1] * (1 + 1e-12),
         "CG fit %s: bounds %.10g %.10g, objectives %.10g %.10g", what,
         dual[1], dual[0], primal[1], primal[0]);
  free (U);
}

/* The Newton steps by conjugate gradients (cvxnn_fit_cg.c,
 * preconditioned by cvxnn_fit_pcg.c): a gated fit whose Woodbury systems
 * would cost more than 100 of CG's products (10 are enough now; n =
 * 1500, 21 columns, 52-60 of 60 patterns active at 1e-2 lambda_max:
 * n r^2 of 1.6e9-2.4e9 flops against 100 x 4 n da m; 88 CG directions
 * over both losses in a debug count), squared and logistic; and 3-class
 * cross-entropy past its dense systems (n > 1000, columns of like
 * scales; 6 of them to keep the test short), where CG keeps each row's
 * steps summing to zero. */
void
test_fit_cg (void)
{
  const size_t n = 1500, da = 21, P = 60, dc = 6, Pc = 30;
  double *X = randmat (n, da), *g = randmat (da, P), *gc = randmat (dc, Pc);
  double *y = malloc (n * sizeof *y), *yl = malloc (n * sizeof *yl);
  double *yc = calloc (3 * n, sizeof *yc);       /* one-hot, 3 classes */
  unsigned char *D = malloc (n * P), *Dc = malloc (n * Pc);
  for (size_t j = 0; j < n; j++)
    X[(da - 1) * n + j] = 1.0;
  direction_patterns (X, n, da, g, P, D);
  for (size_t j = 0; j < n; j++)
    {
      const double a = X[j] + 0.5 * X[n + j], b = X[2 * n + j] - X[3 * n + j];
      y[j] = (a > 0 ? a : 0) - (b > 0 ? b : 0) + 0.1 * nrand ();
      yl[j] = y[j] > 0 ? 1.0 : -1.0;
      yc[(y[j] < -0.3 ? 0 : y[j] < 0.3 ? 1 : 2) * n + j] = 1.0;
    }
  cg_fit_pair ("squared", X, n, da, D, P, y, 1, CVX_LOSS_SQUARED, 300);
  cg_fit_pair ("logistic", X, n, da, D, P, yl, 1, CVX_LOSS_LOGISTIC, 300);
  /* the first 5 columns and the bias */
  double *Xc = malloc (n * dc * sizeof *Xc);
  memcpy (Xc, X, n * (dc - 1) * sizeof *Xc);
  memcpy (Xc + n * (dc - 1), X + n * (da - 1), n * sizeof *Xc);
  direction_patterns (Xc, n, dc, gc, Pc, Dc);
  cg_fit_pair ("cross-entropy", Xc, n, dc, Dc, Pc, yc, 3, CVX_LOSS_CE, 30);
  free (X);
  free (Xc);
  free (g);
  free (gc);
  free (y);
  free (yl);
  free (yc);
  free (D);
  free (Dc);
}

/* ----------------------------------------------------- the rounds */

/* The driver's round policy (cvx_fit_next_round) on a certificate made
 * up for it: 6 patterns, lambda 1, Tol 1e-6, pattern 0 in the working
 * set.  Each branch asked for by name, in the order a fit meets them. */
static working_sets
round_sets (size_t P, size_t *widx, size_t *order, unsigned char *inW)
{
  working_sets ws;
  memset (&ws, 0, sizeof ws);
  ws.wf.P = P;
  ws.widx = widx;
  ws.order = order;
  ws.inW = inW;
  ws.parts = 1;
  return ws;
}

void
test_fit_rounds (void)
{
  enum { P = 6 };
  size_t widx[P], order[P];
  unsigned char inW[P] = { 1, 0, 0, 0, 0, 0 };
  working_sets ws = round_sets (P, widx, order, inW);
  ws.widx[0] = 0;
  ws.m = 1;
  const cvx_fit_opts o = { CVX_MODEL_GATED, CVX_LOSS_SQUARED, 1.0, 1e-6, 100,
                           10, 0, CVX_SOLVER_SSN, 0.0 };
  fit_rounds fr = { 1e-7, 0.0, 0, 0 };
  /* a violated pattern outside (3): added; the solve inexact, at a
   * quarter of the full gap */
  double cpat[P] = { 2.0, 0.5, 0.5, 1.5, 1.0 - 1e-6, 0.3 };
  double tol = cvx_fit_next_round (&ws, &fr, cpat, 0.5, &o, 1);
  CHECK (ws.m == 2 && ws.widx[1] == 3 && inW[3] && tol == 0.125,
         "violated: m %zu, tol %g", ws.m, tol);
  /* nothing violated outside after a solve to Tol, the full gap 1e-5
   * above it: the nearly violated pattern (4, within 10 gaps of lambda)
   * comes in, and not pattern 1 (half of lambda) */
  fr.solves = 1;
  fr.tol_prev = 1e-6;
  tol = cvx_fit_next_round (&ws, &fr, cpat, 1e-5, &o, 1);
  CHECK (ws.m == 3 && ws.widx[2] == 4 && !inW[1] && tol == 2.5e-6,
         "nearly violated: m %zu, tol %g", ws.m, tol);
  /* after an inexact round with nothing to add: Tol, not tighter, and
   * no nearly violated pattern (the round was not at Tol) */
  cpat[1] = 1.0 - 1e-6;
  fr.tol_prev = 1e-3;
  tol = cvx_fit_next_round (&ws, &fr, cpat, 1e-5, &o, 1);
  CHECK (ws.m == 3 && tol == 1e-6 && fr.tol_in == 1e-7,
         "after an inexact round: m %zu, tol %g", ws.m, tol);
  /* solved to Tol, nothing violated or near: the working-set tolerance
   * a hundred times tighter */
  cpat[1] = 0.5;
  fr.tol_prev = 1e-6;
  tol = cvx_fit_next_round (&ws, &fr, cpat, 1e-5, &o, 1);
  CHECK (ws.m == 3 && fabs (tol - 1e-9) <= 1e-24 && fr.tol_in == tol,
         "tighter: m %zu, tol %g", ws.m, tol);
  /* no solve can help: a stalled solve, or the Newton solver with every
   * pattern, or a tolerance at rounding's floor */
  fr.stalled = 1;
  CHECK (cvx_fit_next_round (&ws, &fr, cpat, 1e-5, &o, 1) < 0.0,
         "stalled: a solve");
  fr.stalled = 0;
  ws.m = P;
  CHECK (cvx_fit_next_round (&ws, &fr, cpat, 1e-5, &o, 1) < 0.0,
         "every pattern: a solve");
  CHECK (cvx_fit_next_round (&ws, &fr, cpat, 1e-5, &o, 0) > 0.0,
         "every pattern, FISTA: no solve");
  fr.tol_in = 1e-16;
  CHECK (cvx_fit_next_round (&ws, &fr, cpat, 1e-5, &o, 0) < 0.0,
         "rounding's floor: a solve");
}

/* A large working set grown by a few patterns: solved to Tol at once
 * (the Newton solver; FISTA keeps the inexact round), and by more than
 * 2% of it: inexact, at a quarter of the full gap. */
void
test_fit_rounds_few (void)
{
  enum { P = 200, M = 100 };
  size_t widx[P], order[P];
  unsigned char inW[P];
  double cpat[P];
  const cvx_fit_opts o = { CVX_MODEL_GATED, CVX_LOSS_SQUARED, 1.0, 1e-6, 100,
                           10, 0, CVX_SOLVER_SSN, 0.0 };
  for (int added = 1; added <= 3; added++)
    for (int ssn = 0; ssn <= 1; ssn++)
      {
        working_sets ws = round_sets (P, widx, order, inW);
        for (size_t i = 0; i < P; i++)
          {
            inW[i] = i < M;
            if (i < M)
              widx[ws.m++] = i;
            cpat[i] = i < M ? 1.0 : (i < M + (size_t) added ? 1.5 : 0.5);
          }
        fit_rounds fr = { 1e-7, 0.2, 1, 0 };
        const double tol = cvx_fit_next_round (&ws, &fr, cpat, 0.1, &o, ssn);
        const double want = ssn && 50 * added <= M ? 1e-6 : 0.025;
        CHECK (ws.m == M + (size_t) added && tol == want,
               "%d added, ssn %d: m %zu, tol %g (want %g)", added, ssn,
               ws.m, tol, want);
      }
}

/* ------------------------------------------- the certificate's top k */

/* cert_run: one full relu certificate at the zero network over fresh
 * workspace (its projections' warm starts empty), topk and skip as given;
 * cpat and the violation out */
static double
cert_run (const double *X, size_t n, size_t da, const unsigned char *D,
          size_t P, const double *Y, size_t K, const cvx_fit_opts *o,
          size_t topk, const unsigned char *skip, double *cpat)
{
  cvx_ctx c = cvx_ctx_stdlib ();
  fit_shared sh;
  cvx_fit_info info;
  unit_fit_shared (&sh, &info);
  fit_ws w;
  double *x = calloc (2 * P * K * da, sizeof (double));
  double *F = calloc (n * K, sizeof (double));
  double *Lam = malloc (n * K * sizeof (double));
  double ck[4];
  cert_rank *rank = malloc (P * sizeof (cert_rank));
  double *top = malloc (P * K * sizeof (double));
  recorder rc = { NULL, 0, 0.0, Lam, ck, cpat, P, 0, NAN, topk, skip, rank,
                  top };
  const int st = cvx_fw_init (&w, &c, X, n, da, D, P, Y, K, o, NULL, &sh);
  CHECK (st == CVX_OK, "workspace %d", st);
  if (st == CVX_OK)
    cvx_fw_record_point (&w, &rc, x, F, 0, 0.0, &info, ' ', 1, 0);
  cvx_fw_free (&w);
  free (x);
  free (F);
  free (Lam);
  free (rank);
  free (top);
  return info.violation;
}

/* The relu certificate asked for its top k only (cvxnn_fit_cert.c): the
 * same largest value; the k largest values outside the skipped patterns
 * exact, each against the full certificate's and the largest against a
 * cold projection of its own; every other value a valid upper bound no
 * larger than the k-th.  Two outputs: k counts (output, pattern) values,
 * 2 a pattern. */
void
test_fit_cert_top (void)
{
  enum { N = 120, DA = 4, P = 80, K = 2, TOP = 6, SKIP = 10 };
  double *X = randmat (N, DA), *Y = randmat (N, K), *h = randmat (DA, P);
  unsigned char *D = malloc (N * P), skip[P];
  for (size_t j = 0; j < N; j++)
    X[3 * N + j] = 1.0;
  direction_patterns (X, N, DA, h, P, D);
  /* lambda far below every value: the full certificate is exact */
  const cvx_fit_opts o = { CVX_MODEL_RELU, CVX_LOSS_SQUARED, 1e-6, 1e-8,
                           100, 10, 0, CVX_SOLVER_SSN, 0.0 };
  double ca[P], cb[P];
  const double va = cert_run (X, N, DA, D, P, Y, K, &o, 0, NULL, ca);
  /* skipped (the working set): the SKIP largest, so that they would set
   * the k-th value if they counted; then the TOP largest of the others */
  size_t best[SKIP + TOP];
  unsigned char taken[P] = { 0 };
  for (size_t t = 0; t < SKIP + TOP; t++)
    {
      size_t b = P;
      for (size_t i = 0; i < P; i++)
        if (!taken[i] && (b == P || ca[i] > ca[b]))
          b = i;
      best[t] = b;
      taken[b] = 1;
    }
  for (size_t i = 0; i < P; i++)
    skip[i] = 0;
  for (size_t t = 0; t < SKIP; t++)
    skip[best[t]] = 1;
  const double vb = cert_run (X, N, DA, D, P, Y, K, &o, TOP * K, skip, cb);
  CHECK (fabs (va - vb) <= 1e-12 * va, "largest value %.17g, top k %.17g",
         va, vb);
  int exact = 1, bounds = 1, below_k = 1;
  for (size_t t = SKIP; t < SKIP + TOP; t++)
    exact &= fabs (cb[best[t]] - ca[best[t]]) <= 1e-10 * ca[best[t]];
  const double kth = ca[best[SKIP + TOP - 1]];
  for (size_t i = 0; i < P; i++)
    {
      bounds &= cb[i] >= ca[i] * (1.0 - 1e-10);
      if (!taken[i])
        below_k &= cb[i] <= kth * (1.0 + 1e-10);
    }
  CHECK (exact, "the top %d values not exact", TOP);
  CHECK (bounds, "a value below the full certificate's");
  CHECK (below_k, "a value outside the top %d above the %d-th", TOP, TOP);
  /* the largest outside value, from cold projections of +-X' D_i Y_k */
  const size_t i0 = best[SKIP];
  double *work = malloc (cvx_cone_work_size (N, DA) * sizeof (double));
  double cmax[DA], g[DA], u[DA], ref = 0.0;
  cvx_cone_colmax (X, N, DA, cmax);
  for (size_t k = 0; k < K; k++)
    for (int s = -1; s <= 1; s += 2)
      {
        for (size_t b = 0; b < DA; b++)
          {
            g[b] = 0.0;
            for (size_t j = 0; j < N; j++)
              g[b] += s * X[b * N + j] * (D[i0 * N + j] ? Y[k * N + j] : 0.0);
          }
        cvx_cone_project_x (X, N, DA, D + i0 * N, g, u, work, NULL, NULL,
                            NULL, cmax, 0.0);
        ref = fmax (ref, sqrt (u[0] * u[0] + u[1] * u[1] + u[2] * u[2]
                               + u[3] * u[3]));
      }
  CHECK (fabs (cb[i0] - ref) <= 1e-10 * ref, "the largest: %.17g against "
         "a cold projection's %.17g", cb[i0], ref);
  free (work);
  free (X);
  free (Y);
  free (h);
  free (D);
}

/* ------------------------------------------- working-set warm starts */

/* cvx_fit_carry_warm_starts maps each (output, pattern, part) of a
 * working set of 3 patterns to the same in one of 5 (the first 3 the
 * same patterns), for the prox groups (v at a, w at m + a) and the
 * certificate slots (2 (k m + a) + sign); the 2 new patterns keep a cold
 * start.  A warm start under the wrong group would bound a projection by
 * another cone's norm. */
void
test_fit_carry (void)
{
  enum { N = 8, DA = 3, MP = 3, M = 5, K = 2 };
  double X[N * DA], Y[N * K];
  unsigned char D[N * M];
  for (size_t j = 0; j < N * DA; j++)
    X[j] = (double) ((j * 7) % 11) - 5.0;
  for (size_t j = 0; j < N * K; j++)
    Y[j] = (double) j;
  for (size_t j = 0; j < N * M; j++)
    D[j] = (j % 3) != 0;
  cvx_ctx c = cvx_ctx_stdlib ();
  fit_shared sh;
  cvx_fit_info info;
  unit_fit_shared (&sh, &info);
  const cvx_fit_opts o = { CVX_MODEL_RELU, CVX_LOSS_SQUARED, 1.0, 1e-8, 100,
                           10, 0, CVX_SOLVER_SSN, 0.0 };
  fit_ws a, b;
  int st = cvx_fw_init (&a, &c, X, N, DA, D, MP, Y, K, &o, NULL, &sh);
  st = st ? st : cvx_fw_init (&b, &c, X, N, DA, D, M, Y, K, &o, NULL, &sh);
  CHECK (st == CVX_OK, "carry: workspaces %d", st);
  if (st)
    return;
  /* tag every entry of a by (output, pattern, part): 100 k + 10 a + s */
  for (size_t k = 0; k < K; k++)
    for (size_t p = 0; p < MP; p++)
      for (size_t s = 0; s < 2; s++)
        {
          const double tag = 100.0 * k + 10.0 * p + s;
          const size_t g = k * a.G + s * MP + p, sl = 2 * (k * MP + p) + s;
          for (size_t e = 0; e < DA; e++)
            {
              a.pact[g * DA + e] = (size_t) tag + e;
              a.pz[g * DA + e] = tag + 0.5 * e;
              a.cact[sl * DA + e] = (size_t) tag + 2 * e;
              a.cg[(k * MP + p) * DA + e] = 100.0 * k + 10.0 * p + 0.25 * e;
            }
          a.pnact[g] = (size_t) tag;
          a.pn[g] = tag;
          a.cnact[sl] = (size_t) tag + 1;
          a.cn[sl] = tag + 0.75;
        }
  cvx_fit_carry_warm_starts (&a, &b);
  int ok = 1;
  for (size_t k = 0; k < K; k++)
    for (size_t p = 0; p < M; p++)
      for (size_t s = 0; s < 2; s++)
        {
          const double tag = 100.0 * k + 10.0 * p + s;
          const size_t g = k * b.G + s * M + p, sl = 2 * (k * M + p) + s;
          if (p >= MP)
            {
              ok &= b.pnact[g] == 0 && b.pn[g] == HUGE_VAL
                    && b.cnact[sl] == 0 && b.cn[sl] == HUGE_VAL;
              continue;
            }
          ok &= b.pnact[g] == (size_t) tag && b.pn[g] == tag
                && b.cnact[sl] == (size_t) tag + 1 && b.cn[sl] == tag + 0.75;
          for (size_t e = 0; e < DA; e++)
            ok &= b.pact[g * DA + e] == (size_t) tag + e
                  && b.pz[g * DA + e] == tag + 0.5 * e
                  && b.cact[sl * DA + e] == (size_t) tag + 2 * e
                  && b.cg[(k * M + p) * DA + e]
                     == 100.0 * k + 10.0 * p + 0.25 * e;
        }
  CHECK (ok, "carry: warm starts under the wrong group");
  cvx_fw_free (&a);
  cvx_fw_free (&b);
}

/* The largest |a - b| over nv entries */
static double
max_diff (const double *a, const double *b, size_t nv)
{
  double m = 0.0;
  for (size_t j = 0; j < nv; j++)
    m = fmax (m, fabs (a[j] - b[j]));
  return m;
}

/* The Newton solver's dual start one step down a path (cvx_ssn_start):
 * from the solution at lam1, at lam2 = 0.8 lam1, y is scaled by 0.8 and
 * the first prox leaves the solution where it is, whatever sigma
 * (MATH 4.3: -<y, A x> = lam1 sum |x_g| at an optimum); the unscaled
 * gradient moves it by about sigma (lam1 - lam2).  Both models. */
void
test_fit_path_start (void)
{
  double *Xa, *y;
  unsigned char *D;
  size_t P;
  const size_t n = 30;
  fit_problem (n, &Xa, &D, &P, &y);
  for (int model = 0; model < 2; model++)
    {
      cvx_ctx c = cvx_ctx_stdlib ();
      cvx_fit_opts o = { model, CVX_LOSS_SQUARED, 0.2, 1e-12, 2000, 10, 0,
                         CVX_SOLVER_SSN, 0.0 };
      const size_t nv = cvx_fit_nvars (2, P, 1, model);
      double *U = calloc (nv, sizeof (double));
      cvx_fit_info info;
      int st = cvx_fit (&c, Xa, n, 2, D, P, y, 1, &o, U, &info);
      CHECK (st == CVX_OK && info.status == CVX_FIT_SOLVED,
             "path start model %d: fit at lam1 %d", model, st);
      if (st == CVX_OK)
        c.alloc.free_fn (info.hist, c.alloc.ctx);
      o.lambda = 0.8 * 0.2;
      fit_shared sh;
      unit_fit_shared (&sh, &info);
      fit_ws w;
      st = st ? st : cvx_fw_init (&w, &c, Xa, n, 2, D, P, y, 1, &o, NULL,
                                  &sh);
      if (st)
        {
          free (U);
          continue;
        }
      ssn_ws s;
      memset (&s, 0, sizeof s);
      s.w = &w;
      s.nv = nv;
      s.y = malloc (n * sizeof (double));
      s.grad = malloc (n * sizeof (double));
      s.Fx = malloc (n * sizeof (double));
      s.xt = malloc (nv * sizeof (double));
      s.wv = malloc (nv * sizeof (double));
      const double rho = cvx_ssn_start (&s, U, 1);
      CHECK (fabs (rho - 0.8) <= 1e-8, "path start model %d: rho %.12g",
             model, rho);
      double xmax = 0.0;
      for (size_t j = 0; j < nv; j++)
        xmax = fmax (xmax, fabs (U[j]));
      for (double sigma = 1.0; sigma <= 1e3; sigma *= 1e3)
        {
          s.sigma = sigma;
          cvx_ssn_psi_eval (&s, U, s.y);
          const double scaled = max_diff (s.xt, U, nv);
          for (size_t j = 0; j < n; j++)
            s.y[j] /= rho;
          cvx_ssn_psi_eval (&s, U, s.y);
          const double plain = max_diff (s.xt, U, nv);
          for (size_t j = 0; j < n; j++)
            s.y[j] *= rho;
          CHECK (scaled <= 1e-6 * fmax (xmax, 1.0)
                 && plain >= 0.1 * sigma * 0.2 * (1.0 - 0.8),
                 "path start model %d, sigma %g: the prox moves %g, "
                 "unscaled %g (|x| %g)", model, sigma, scaled, plain, xmax);
        }
      /* a later working set's solve starts no higher than the sigma the
       * last one ended at; a path step's first solve is not capped */
      double s_warm, s_cap, s_step, smax;
      cvx_ssn_sigma_range (&w, U, 0, &s_warm, &smax);
      sh.sigma_last = 0.01 * s_warm;
      cvx_ssn_sigma_range (&w, U, 0, &s_cap, &smax);
      cvx_ssn_sigma_range (&w, U, 1, &s_step, &smax);
      CHECK (s_warm > 0.0 && s_cap == sh.sigma_last && s_step >= s_warm,
             "path start model %d: sigma0 %g, after a solve ending at %g: "
             "%g, a path step %g", model, s_warm, sh.sigma_last, s_cap,
             s_step);
      free (s.y);
      free (s.grad);
      free (s.Fx);
      free (s.xt);
      free (s.wv);
      cvx_fw_free (&w);
      free (U);
    }
  free (Xa);
  free (D);
  free (y);
}
