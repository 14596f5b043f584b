% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% G = cvxnn_pattern_gates (FN, Xa, D, COLS)
%
% For each column of the n-by-P logical D, a direction h with
% (Xa*h >= 0) == D(:, j): the gate of a gated neuron with that pattern,
% found exactly by the C core (Lawson and Hanson's least-distance
% program: the shortest h with margin 1, or margin 0 on the rows of D
% that need a_i'h = 0; Ctrl-C polled between patterns).
% Error cvxnn:<FN>:arrangements naming the first column that is not an
% activation pattern of Xa (its number in the user's matrix: COLS(j));
% cvxnn:<FN>:interrupted after Ctrl-C.

function G = cvxnn_pattern_gates (fn, Xa, D, cols)
  try
    [G, bad] = cvxnn_mex ('gates', Xa, D);
  catch err
    cvxnn_rethrow (fn, err);
  end
  if bad > 0
    error (['cvxnn:' fn ':arrangements'], ...
           'cvxnn_%s: column %d of ''Arrangements'' is not an activation pattern of X', ...
           fn, cols(bad));
  end
end
