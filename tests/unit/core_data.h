/* Test data from the core's own generator: the same numbers for every
 * build linked against any commit's core (cvx_rng is part of the public
 * interface), for dump_core.c and bench/bench_refactor.c.
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef CVXNN_CORE_DATA_H
#define CVXNN_CORE_DATA_H

#include "cvxnn_core.h"

#include <stdlib.h>

/* count standard normals from seed, malloc'ed (NULL when out of memory) */
static double *
gaussian (size_t count, uint64_t seed)
{
  double *x = malloc (count * sizeof *x);
  cvx_rng r;
  cvx_rng_seed (&r, seed);
  for (size_t k = 0; x && k < count; k++)
    x[k] = cvx_rng_normal (&r);
  return x;
}

#endif
