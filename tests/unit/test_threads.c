/* cvxnn core unit tests: relu's prox and certificate on threads
 * (cvx_fw_prox, cvxnn_fit_cert.c's chunks).
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Built with OpenMP (the unit build's -fopenmp, as mkoctfile's), on a
 * problem large enough for cvx_fw_threads to give threads (n da = 2^16).
 * Each projection writes only its own group's entries, so the prox on
 * three threads must equal the prox on one bit for bit, warm starts
 * included; the certificate must give the same largest value on one
 * thread and on several, and the same values on two and three threads
 * (its chunks do not depend on how many there are). */
#include "unit.h"

#ifdef _OPENMP
#include <omp.h>
#endif

enum { TN = 2048, TDA = 32, TP = 40 };

typedef struct {
  fit_ws w;
  fit_shared sh;
  cvx_fit_info info;
} thread_ws;

static int
ws_init (thread_ws *t, cvx_ctx *c, const double *X, const unsigned char *D,
         const double *Y, const cvx_fit_opts *o, int nthr)
{
  unit_fit_shared (&t->sh, &t->info);
  const int st = cvx_fw_init (&t->w, c, X, TN, TDA, D, TP, Y, 1, o, NULL,
                              &t->sh);
  if (st == CVX_OK && nthr > 0 && nthr < t->w.nthr)
    t->w.nthr = nthr;           /* within what was allocated */
  return st;
}

/* the groups' warm starts equal: active rows and kept norms */
static int
same_state (const fit_ws *a, const fit_ws *b)
{
  int ok = 1;
  for (size_t col = 0; col < a->G; col++)
    {
      ok &= a->pnact[col] == b->pnact[col] && a->pn[col] == b->pn[col];
      for (size_t e = 0; e < a->pnact[col] && ok; e++)
        ok &= a->pact[col * TDA + e] == b->pact[col * TDA + e];
    }
  return ok;
}

/* one full relu certificate at the zero network: the largest value over
 * lambda, the per-pattern values in cpat */
static double
cert_of (thread_ws *t, double *cpat)
{
  double *x = calloc (2 * TP * TDA, sizeof (double));
  double *F = calloc (TN, sizeof (double));
  double *Lam = malloc (TN * sizeof (double));
  double ck[1], top[TP];
  cert_rank rank[TP];
  recorder rc = { NULL, 0, 0.0, Lam, ck, cpat, TP, 0, NAN, 8, NULL, rank,
                  top };
  cvx_fw_record_point (&t->w, &rc, x, F, 0, 0.0, &t->info, ' ', 1, 0);
  free (x);
  free (F);
  free (Lam);
  return t->info.violation;
}

void
test_fit_threads (void)
{
#ifdef _OPENMP
  omp_set_num_threads (3);
#endif
  double *X = randmat (TN, TDA), *Y = randmat (TN, 1), *h = randmat (TDA, TP);
  unsigned char *D = malloc (TN * TP);
  for (size_t j = 0; j < TN; j++)
    X[(TDA - 1) * TN + j] = 1.0;
  direction_patterns (X, TN, TDA, h, TP, D);
  cvx_ctx c = cvx_ctx_stdlib ();
  const cvx_fit_opts o = { CVX_MODEL_RELU, CVX_LOSS_SQUARED, 1.0, 1e-8, 100,
                           10, 0, CVX_SOLVER_SSN, 0.0 };
  thread_ws *t = calloc (3, sizeof (thread_ws));
  int st = ws_init (t, &c, X, D, Y, &o, 0);
  st = st ? st : ws_init (t + 1, &c, X, D, Y, &o, 1);
  st = st ? st : ws_init (t + 2, &c, X, D, Y, &o, 2);
  CHECK (st == CVX_OK, "threads: workspaces %d", st);
#ifdef _OPENMP
  CHECK (t[0].w.nthr == 3 && t[1].w.nthr == 1 && t[2].w.nthr == 2,
         "threads: %d %d %d", t[0].w.nthr, t[1].w.nthr, t[2].w.nthr);
#endif
  const size_t nv = 2 * TP * TDA;
  double *Z = randmat (TDA, 2 * TP), *dz = randmat (TDA, 2 * TP);
  double *xa = malloc (nv * sizeof (double));
  double *xb = malloc (nv * sizeof (double));
  double *fall = calloc (nv, sizeof (double));
  for (int round = 0; round < 3 && st == CVX_OK; round++)
    {
      /* t = 1 against |z| about 5.6: some groups zero, some not */
      cvx_fw_prox (&t[0].w, Z, 1.0, xa, fall);
      cvx_fw_prox (&t[1].w, Z, 1.0, xb, fall);
      size_t nz = 0;
      for (size_t col = 0; col < 2 * TP; col++)
        nz += cvx_fw_nonzero (xa + col * TDA, TDA);
      CHECK (nz > 0 && nz < 2 * TP, "threads: %zu of %d groups nonzero", nz,
             2 * TP);
      CHECK (memcmp (xa, xb, nv * sizeof (double)) == 0,
             "threads: the prox on 3 threads differs from 1 (round %d)",
             round);
      CHECK (same_state (&t[0].w, &t[1].w),
             "threads: warm starts differ (round %d)", round);
      /* the next prox starts warm from these */
      for (size_t j = 0; j < nv; j++)
        Z[j] += 0.2 * dz[j];
    }
  double ca[TP], cb[TP], cc[TP];
  if (st == CVX_OK)
    {
      const double va = cert_of (t, ca), vb = cert_of (t + 1, cb);
      const double vc = cert_of (t + 2, cc);
      CHECK (va > 1.0 && fabs (va - vb) <= 1e-12 * va,
             "threads: largest value %.17g (3 threads) against %.17g (1)", va,
             vb);
      CHECK (va == vc && memcmp (ca, cc, sizeof ca) == 0,
             "threads: the certificate on 3 threads differs from 2");
    }
  for (int k = 0; k < 3; k++)
    cvx_fw_free (&t[k].w);
  free (t);
  free (X);
  free (Y);
  free (h);
  free (D);
  free (Z);
  free (dz);
  free (xa);
  free (xb);
  free (fall);
}
