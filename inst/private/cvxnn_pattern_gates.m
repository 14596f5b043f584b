% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% G = cvxnn_pattern_gates (FN, Xa, D, COLS)
%
% For each column of the n-by-P logical D, a direction h with
% (Xa*h >= 0) == D(:, j): the gate of a gated neuron with that pattern.
% Exact, by Lawson and Hanson's least-distance program: the shortest h
% with s_i a_i'h >= 1 for every row (s_i = +1 where D is true, -1 where
% not) is h = -r(1:end-1) / r(end), r = E u - f the residual of the NNLS
% min |E u - f|, u >= 0, E = [(s .* Xa)'; ones], f = [0; 1]; r(end) = 0
% means no h has a margin.  Then rows where D is true may need
% a_i'h = 0 exactly: the same program with those rows >= 0 instead.
% Error cvxnn:<FN>:arrangements naming the first column that is not an
% activation pattern of Xa (its number in the user's matrix: COLS(j)).

function G = cvxnn_pattern_gates (fn, Xa, D, cols)
  [n, da] = size (Xa);
  P = size (D, 2);
  G = zeros (da, P);
  % lsqnonneg warns of ties in its gradient: harmless here
  state = warning ('off', 'all');
  cleanup = onCleanup (@() warning (state));
  for j = 1:P
    on = D(:, j);
    A = Xa .* (2 * double (on) - 1);
    [h, ok] = least_distance (A, ones (n, 1), Xa, on);
    if ~ok
      [h, ok] = least_distance (A, double (~on), Xa, on);
    end
    if ~ok
      error (['cvxnn:' fn ':arrangements'], ...
             'cvxnn_%s: column %d of ''Arrangements'' is not an activation pattern of X', ...
             fn, cols(j));
    end
    G(:, j) = h;
  end
end

% The shortest h with A h >= g (Lawson and Hanson, LDP), and whether its
% pattern on Xa is ON.
function [h, ok] = least_distance (A, g, Xa, on)
  E = [A'; g'];
  f = [zeros(size (A, 2), 1); 1];
  u = lsqnonneg (E, f);
  r = E * u - f;
  h = zeros (size (A, 2), 1);
  ok = false;
  if abs (r(end)) > 1e-12
    h = -r(1:end-1) / r(end);
    % the pattern of h as a gate: rows with D false must be strictly
    % negative, so margin >= 0 where D is true suffices
    ok = isequal (Xa * h >= 0, on);
  end
end
