/* Unit tests of the cvxnn C core, run under AddressSanitizer/UBSan by
 * `make check`.  Prints one line per failure and ends with
 * "core: N passed, N failed"; exits 1 on any failure.
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "unit.h"

#include <stdio.h>

int
main (void)
{
  test_rng ();
  test_cover_exact ();
  test_degenerate ();
  test_determinism ();
  test_failure_paths ();
  test_cone_projection ();
  test_masks ();
  test_fit ();
  test_fit_cg ();
  test_fit_rounds ();
  test_fit_rounds_few ();
  test_fit_cert_top ();
  test_train ();
  test_extreme_points ();
  test_potrf_polled ();
  test_pattern_gates ();
  test_fit_pcg ();
  test_fit_ce_cg ();
  test_fit_carry ();
  test_fit_path_start ();
  test_fit_threads ();
  printf ("core: %d passed, %d failed\n", n_pass, n_fail);
  return n_fail ? 1 : 0;
}
