% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% This program is free software: you can redistribute it and/or modify it
% under the terms of the GNU General Public License as published by the Free
% Software Foundation, either version 3 of the License, or (at your option)
% any later version.  See the file COPYING.

% -*- texinfo -*-
% @deftypefn  {} {@var{m} =} cvxnn_nc_metrics (@var{H}, @var{labels})
% @deftypefnx {} {@var{m} =} cvxnn_nc_metrics (@var{H}, @var{labels}, @var{W})
% @deftypefnx {} {@var{m} =} cvxnn_nc_metrics (@var{H}, @var{labels}, @var{W}, @var{b})
% Neural-collapse metrics of last-layer features (Papyan, Han & Donoho
% 2020; the manual's Mathematics 5.7).  Each tends to 0 as the features collapse.
%
% @var{H}: n-by-p features, one row per sample.  @var{labels}: n class
% labels (any numeric values, K >= 2 distinct) or an n-by-K one-hot
% matrix.  @var{W}: the K-by-p classifier (row c scores class c, in the
% order of @code{unique (labels)}), @var{b}: its K biases (default 0).
% For a @code{cvxnn_train} network whose last layer is @code{W@{L@}},
% pass @tcode{W@{L@}'}.
%
% With class means @code{mu_c}, global mean @code{mu_G} (of the class
% means), @code{Sw} the within-class covariance (over n) and @code{Sb} the
% between-class covariance (over K), the fields of @var{m}:
% @table @code
% @item NC1
% @code{trace (Sw * pinv (Sb)) / K}: within-class variability.
% @item NC2_equinorm, NC2_equiangular, NC2_maxangle
% of the centered class means: std/mean of their norms, std of their
% pairwise cosines, mean of @code{|cos + 1/(K-1)|} (0 for a simplex ETF).
% @item NC2W_equinorm, NC2W_equiangular, NC2W_maxangle
% the same of the classifier rows (NaN without @var{W}).
% @item NC3
% @code{|W/|W|_F - M'/|M|_F|_F^2} with @code{M = [mu_c - mu_G]}:
% self-duality.
% @item NC3_centered
% NC3 after removing the class-average classifier row from W.  Without a
% classifier bias, the classifier of a batch-normalized network is the
% centered means plus one common row (which fits the label mean), so NC3
% stays positive while NC3_centered goes to 0 (Mathematics 5.6).
% @item NC4
% fraction of samples whose classifier decision (argmax of
% @code{W*h + b}) differs from the nearest class mean.
% @end table
% Also @code{K}, @code{means} (K-by-p), @code{cosines} (K-by-K of the
% centered means).
% @seealso{cvxnn_bn_collapse, cvxnn_train}
% @end deftypefn

function m = cvxnn_nc_metrics (H, labels, W, b, varargin)
  % varargin: too many inputs reach the usage error below
  fn = 'nc_metrics';
  if nargin < 2 || nargin > 4
    error ('cvxnn:nc_metrics:nargin', 'cvxnn_nc_metrics: usage: m = cvxnn_nc_metrics (H, labels, W, b)');
  end
  cvxnn_check_matrix (fn, 'H', H);
  H = full (H);
  [n, p] = size (H);
  cvxnn_check_matrix (fn, 'labels', labels);
  if size (labels, 1) == n && size (labels, 2) > 1
    if ~all (labels(:) == 0 | labels(:) == 1) || ~all (sum (labels, 2) == 1)
      error ('cvxnn:nc_metrics:labels', 'cvxnn_nc_metrics: a label matrix must be one-hot');
    end
    [~, c] = max (labels, [], 2);
    K = size (labels, 2);
  elseif isvector (labels) && numel (labels) == n
    [~, ~, c] = unique (labels(:));
    K = max (c);
  else
    error ('cvxnn:nc_metrics:size', 'cvxnn_nc_metrics: labels must have one entry (or row) per row of H');
  end
  if K < 2 || any (accumarray (c, 1, [K 1]) == 0)
    error ('cvxnn:nc_metrics:labels', 'cvxnn_nc_metrics: at least two classes, each with a sample');
  end
  haveW = nargin >= 3 && ~isempty (W);
  if haveW
    cvxnn_check_matrix (fn, 'W', W);
    if ~isequal (size (W), [K p])
      error ('cvxnn:nc_metrics:size', 'cvxnn_nc_metrics: W must be %d-by-%d (classes by features)', K, p);
    end
    if nargin < 4 || isempty (b)
      b = zeros (K, 1);
    end
    cvxnn_check_matrix (fn, 'b', b);
    if numel (b) ~= K
      error ('cvxnn:nc_metrics:size', 'cvxnn_nc_metrics: b must have %d entries', K);
    end
  end
  cnt = accumarray (c, 1, [K 1]);
  mu = zeros (K, p);
  for j = 1:p
    mu(:, j) = accumarray (c, H(:, j), [K 1]) ./ cnt;
  end
  muG = mean (mu, 1);
  Mc = mu - muG;                              % K x p, rows mu_c - mu_G
  E = H - mu(c, :);
  Sw = (E' * E) / n;
  Sb = (Mc' * Mc) / K;
  m.K = K;
  m.means = mu;
  m.NC1 = trace (Sw * pinv (Sb)) / K;
  [m.NC2_equinorm, m.NC2_equiangular, m.NC2_maxangle, m.cosines] = nc2 (Mc);
  m.NC2W_equinorm = NaN; m.NC2W_equiangular = NaN; m.NC2W_maxangle = NaN;
  m.NC3 = NaN; m.NC3_centered = NaN; m.NC4 = NaN;
  if haveW
    [m.NC2W_equinorm, m.NC2W_equiangular, m.NC2W_maxangle] = nc2 (W);
    m.NC3 = selfdual (W, Mc);
    m.NC3_centered = selfdual (W - mean (W, 1), Mc);
    [~, dec] = max (H * W' + b(:)', [], 2);
    dist = sum (H.^2, 2) - 2 * H * mu' + sum (mu.^2, 2)';
    [~, ncc] = min (dist, [], 2);
    m.NC4 = mean (dec ~= ncc);
  end
end

function [en, ea, ma, C] = nc2 (V)
  % rows of V: equinorm, equiangular and max-angle measures (MATH 5.7)
  K = size (V, 1);
  nv = sqrt (sum (V.^2, 2));
  en = std (nv) / mean (nv);
  C = (V * V') ./ (nv * nv');
  off = ~eye (K);
  cs = C(off);
  ea = std (cs);
  ma = mean (abs (cs + 1 / (K - 1)));
end

function v = selfdual (W, Mc)
  v = norm (W / norm (W, 'fro') - Mc / norm (Mc, 'fro'), 'fro')^2;
end

%!test
%! % an exact simplex ETF with no within-class spread: every metric is 0
%! randn ('state', 1);
%! K = 4; N = 5; p = 6;
%! [Q, ~] = qr (randn (p, K), 0);
%! E = sqrt (K / (K - 1)) * (eye (K) - ones (K) / K) * Q';   % K x p, ETF rows
%! lab = kron ((1:K)', ones (N, 1));
%! v = null (Q')(:, 1)';
%! H = E(lab, :) + 0.7 * v;                   % a common shift off the ETF's span
%! m = cvxnn_nc_metrics (H, lab, 2 * E);
%! for f = {'NC1', 'NC2_equinorm', 'NC2_equiangular', 'NC2_maxangle', ...
%!          'NC2W_equinorm', 'NC2W_equiangular', 'NC2W_maxangle', 'NC3', 'NC3_centered', 'NC4'}
%!   assert (m.(f{1}) <= 1e-12, f{1});
%! end
%! assert (m.cosines(~eye (K)), -ones (K * (K - 1), 1) / (K - 1), 1e-12);

%!test
%! % against a direct transcription of the definitions on random features
%! randn ('state', 2);
%! n = 30; p = 5; K = 3;
%! lab = mod ((1:n)', K) + 1;
%! H = randn (n, p); W = randn (K, p); b = randn (K, 1);
%! m = cvxnn_nc_metrics (H, lab, W, b);
%! mu = [mean(H(lab == 1, :)); mean(H(lab == 2, :)); mean(H(lab == 3, :))];
%! G = mean (mu);
%! Sw = zeros (p);
%! for i = 1:n
%!   e = H(i, :) - mu(lab(i), :); Sw = Sw + e' * e / n;
%! end
%! Sb = (mu - G)' * (mu - G) / K;
%! assert (m.NC1, trace (Sw * pinv (Sb)) / K, 1e-12);
%! nr = [norm(mu(1,:) - G), norm(mu(2,:) - G), norm(mu(3,:) - G)];
%! assert (m.NC2_equinorm, std (nr) / mean (nr), 1e-12);
%! cosang = @(a, c) (a * c') / (norm (a) * norm (c));
%! cs = [cosang(mu(1,:) - G, mu(2,:) - G), cosang(mu(1,:) - G, mu(3,:) - G), cosang(mu(2,:) - G, mu(3,:) - G)];
%! assert (m.NC2_maxangle, mean (abs (cs + 0.5)), 1e-12);
%! assert (m.NC2_equiangular, std ([cs cs]), 1e-12);
%! M = (mu - G)';
%! assert (m.NC3, norm (W / norm (W, 'fro') - M' / norm (M, 'fro'), 'fro')^2, 1e-12);
%! [~, dec] = max (H * W' + b', [], 2);
%! ncc = zeros (n, 1);
%! for i = 1:n
%!   [~, ncc(i)] = min (sum ((mu - H(i, :)).^2, 2));
%! end
%! assert (m.NC4, mean (dec ~= ncc), 0);
%! % random features are far from collapse
%! assert (m.NC1 > 0.1 && m.NC2_maxangle > 1e-3 && m.NC3 > 0.1);
%! % one-hot labels give the same metrics
%! assert (cvxnn_nc_metrics (H, double (lab == 1:3), W, b), m);

%!error id=cvxnn:nc_metrics:nargin cvxnn_nc_metrics (1)
%!error id=cvxnn:nc_metrics:nargin cvxnn_nc_metrics (1, 2, 3, 4, 5)
%!error id=cvxnn:nc_metrics:labels cvxnn_nc_metrics (randn (4, 2), ones (4, 1))
%!error id=cvxnn:nc_metrics:labels cvxnn_nc_metrics (randn (2, 2), [1 1; 0 1])
%!error id=cvxnn:nc_metrics:size cvxnn_nc_metrics (randn (4, 2), [1; 2; 1])
%!error id=cvxnn:nc_metrics:size cvxnn_nc_metrics (randn (4, 2), [1; 2; 1; 2], ones (3, 2))
%!error id=cvxnn:nc_metrics:nonFinite cvxnn_nc_metrics ([1 NaN; 1 2], [1; 2])
