/* cvxnn core: ReLU activation patterns by sampling directions, and the
 * entry point that chooses between sampling and exact enumeration.
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * MATH 4.1 (Cover's count, which decides the automatic choice) and 4.6
 * (sampling).
 */
#include "cvxnn_core.h"
#include "cvxnn_arr_internal.h"
#include "cvxnn_internal.h"

#include <math.h>
#include <stdio.h>

int
cvx_arr_sample (const cvx_ctx *c, const double *X, size_t n, size_t d,
                int bias, uint64_t P, uint64_t seed, cvx_patterns *out)
{
  int st = cvx_arr_check_sizes (n, d, bias);
  if (st)
    return st;
  cvx_arr_eval ws = { NULL, NULL, 0 };
  double *H = NULL, *scale = NULL;
  cvx_rng rng;
  char line[160];

  cvx_rng_seed (&rng, seed);
  st = cvx_arr_store_init (c, out, n, d, bias);
  if (!st)
    st = cvx_arr_eval_init (c, &ws, n, out->nwords);
  if (!st)
    {
      H = cx_malloc (c, out->da * DIR_BLOCK * sizeof (double));
      scale = cx_malloc (c, out->da * sizeof (double));
      if (!H || !scale)
        st = CVX_ENOMEM;
    }
  /* Gaussian directions divided by each column's root mean square: the
   * patterns drawn are then those of the data with every column scaled to
   * RMS 1, whatever the columns' units.  Without it a column 1e6 times
   * larger than the rest decides every sign, and a pool of 1000 draws
   * held 2 patterns. */
  for (size_t b = 0; !st && b < out->da; b++)
    {
      double ss = 0.0;
      for (size_t j = 0; b < d && j < n; j++)
        ss += X[b * n + j] * X[b * n + j];
      const double rms = b < d ? sqrt (ss / (double) n) : 1.0;
      scale[b] = rms > 0.0 && isfinite (rms) ? 1.0 / rms : 1.0;
    }
  const uint64_t tick = P / 10 ? P / 10 : 1;
  uint64_t next_tick = tick;
  for (uint64_t done = 0; !st && done < P;)
    {
      size_t B = (P - done < DIR_BLOCK) ? (size_t) (P - done) : DIR_BLOCK;
      for (size_t k = 0; k < out->da * B; k++)
        H[k] = cvx_rng_normal (&rng) * scale[k % out->da];
      st = cvx_arr_eval_block (c, X, out, H, B, &ws);
      done += B;
      if (!st && done >= next_tick)
        {
          snprintf (line, sizeof line,
                    "  sampled %12llu of %llu directions: %zu distinct "
                    "patterns", (unsigned long long) done,
                    (unsigned long long) P, out->count);
          if (c->progress)
            c->progress (c->host, line);
          next_tick += tick;
        }
    }
  cx_free (c, H);
  cx_free (c, scale);
  cvx_arr_eval_free (c, &ws);
  if (st)
    cvx_patterns_free (c, out);
  return st;
}

int
cvx_arrangements (const cvx_ctx *c, const double *X, size_t n, size_t d,
                  int bias, int method, uint64_t P, uint64_t seed,
                  double max_directions, cvx_patterns *out,
                  cvx_arr_info *info)
{
  int st, rank = -1;
  info->method = CVX_ARR_SAMPLE;
  info->exact = 0;
  info->rank = -1;
  switch (method)
    {
    case CVX_ARR_SAMPLE:
      return cvx_arr_sample (c, X, n, d, bias, P, seed, out);
    case CVX_ARR_EXACT:
      st = cvx_arr_exact (c, X, n, d, bias, max_directions, out, &rank);
      info->rank = rank;
      if (!st)
        {
          info->method = CVX_ARR_EXACT;
          info->exact = 1;
        }
      return st;
    case CVX_ARR_AUTO:
      st = cvx_arr_rank (c, X, n, d, bias, &rank);
      if (st)
        return st;
      info->rank = rank;
      if (rank <= 2
          || (cvx_arr_cover_count (n, rank) <= (double) P
              && cvx_arr_exact_work (n, rank) <= max_directions))
        {
          st = cvx_arr_exact (c, X, n, d, bias, max_directions, out, &rank);
          if (!st)
            {
              info->method = CVX_ARR_EXACT;
              info->exact = 1;
            }
          return st;
        }
      return cvx_arr_sample (c, X, n, d, bias, P, seed, out);
    default:
      return CVX_EINVAL;
    }
}
