/* cvxnn core unit tests: what the test files share (unit_util.c).
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef CVXNN_UNIT_H
#define CVXNN_UNIT_H

#include "cvxnn_core.h"
#include "cvxnn_internal.h"
#include "cvxnn_fit_internal.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern int n_pass, n_fail;

#define CHECK(cond, ...)                                                \
  do                                                                    \
    {                                                                   \
      if (cond)                                                         \
        n_pass++;                                                       \
      else                                                              \
        {                                                               \
          n_fail++;                                                     \
          printf ("FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);       \
          printf (__VA_ARGS__);                                         \
          printf ("\n");                                                \
        }                                                               \
    }                                                                   \
  while (0)

/* from an independent generator, not the one under test */
double urand (void);
double nrand (void);
double *randmat (size_t n, size_t d);
/* A fit's shared state for the tests that build a workspace by hand:
 * zeroed, with info (zeroed) as its info */
void unit_fit_shared (fit_shared *sh, cvx_fit_info *info);
/* D (n x P): the patterns of the directions H (da x P) on the rows of X */
void direction_patterns (const double *X, size_t n, size_t da,
                         const double *H, size_t P, unsigned char *D);

/* Run trial (which returns a status and frees whatever it got on
 * success) with the k-th allocation failing, k = 0, 1, ... until it
 * succeeds: every failure must be CVX_ENOMEM and leave nothing allocated. */
typedef int (*alloc_trial) (cvx_ctx *c, void *arg);
void check_failure_injection (const char *what, alloc_trial trial,
                              void *arg, long max_allocs);
/* an interrupted () callback that says stop after polls_left polls */
extern long polls_left;
int stop_after (void *host);

void test_rng (void);
void test_cover_exact (void);
void test_degenerate (void);
void test_determinism (void);
void test_failure_paths (void);
void test_cone_projection (void);
void test_masks (void);
void test_fit (void);
void test_fit_cg (void);
void test_fit_rounds (void);
void test_fit_rounds_few (void);
void test_fit_cert_top (void);
void test_train (void);
void test_extreme_points (void);
void test_potrf_polled (void);
void test_pattern_gates (void);
void test_fit_pcg (void);
void test_fit_ce_cg (void);
void test_fit_carry (void);
void test_fit_path_start (void);
void test_fit_threads (void);

#endif
