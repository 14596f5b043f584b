% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% [U, val, info] = cvxnn_dual_search (FN, X, Lam, opts)
%
% The work of cvxnn_extreme_points (see its help), shared with
% cvxnn_certify and the cutting-plane fit.  opts has the fields Count,
% Method, Arrangements, Bias, Activation, Seed.  Besides the documented
% info fields, info.pattern (n-by-Count logical) holds for each returned
% direction the pattern whose cone it was found in.

function [U, val, info] = cvxnn_dual_search (fn, X, Lam, opts)
  t0 = tic;
  loud = isfield (opts, 'Display') && strcmp (opts.Display, 'iter');
  n = size (X, 1);
  Xa = X;
  if opts.Bias
    Xa = [X, ones(n, 1)];
  end
  K = size (Lam, 2);
  cnt = opts.Count;
  if strcmp (opts.Activation, 'linear')
    [~, S, V] = svd (Lam' * Xa, 'econ');
    s = diag (S)';
    k = min (cnt, numel (s));
    U = V(:, 1:k);
    val = s(1:k);
    sgn = ones (1, k);
    if K == 1
      sgn = sign (Lam' * (Xa * U));     % (Xu)_+ is not used: linear units
    end
    info = struct ('exact', true, 'sign', sgn, 'patterns', 0, 'method', 'linear', ...
                   'pattern', true (n, k));
    return;
  end

  A = opts.Arrangements;
  search = false;
  if islogical (A)
    if ndims (A) ~= 2 || size (A, 1) ~= n || isempty (A) || issparse (A)
      error (['cvxnn:' fn ':arrangements'], ...
             'cvxnn_%s: an ''Arrangements'' matrix must be n-by-P logical (n = %d)', fn, n);
    end
    D = A;
    exact = false;
    method = 'given';
  elseif cvxnn_is_scalar (A, 'count')
    m = opts.Method;
    try
      [D, ~, ai] = cvxnn_arrangements (X, double (A), 'Bias', opts.Bias, 'Seed', opts.Seed, ...
                                     'Method', m);
    catch err
      cvxnn_rethrow (fn, err);
    end
    exact = ai.exact;
    method = cvxnn_ternary (exact, 'exact', 'sample');
    search = ~exact;
  else
    error (['cvxnn:' fn ':arrangements'], ...
           'cvxnn_%s: ''Arrangements'' must be a count (at most 2^53) or an n-by-P logical matrix', fn);
  end
  if isempty (D)
    D = true (n, 1);
  end
  if loud
    fprintf ('cvxnn_%s: %d patterns (%s), %.3g s; the maximum over each pattern''s cone\n', ...
             fn, size (D, 2), method, toc (t0));
  end
  [v, Uall] = extreme_points (fn, Xa, D, Lam);
  if loud
    fprintf ('cvxnn_%s: largest value over them %.10g, %.3g s\n', fn, max (v(:)), toc (t0));
  end
  S = size (v, 2);                        % 2 signs for K = 1
  Dall = repmat (D, 1, S);
  v = v(:)';
  sg = repelem ([1, -1], size (D, 2));
  sg = sg(1:numel (v));
  if search
    % local search from the best few: flip one of the rows nearest to the
    % boundary of the found direction, keep the best neighbour, repeat
    [~, order] = sort (v, 'descend');
    starts = order(1:min (max (cnt, 4), numel (order)));
    for j = starts
      if loud
        fprintf ('cvxnn_%s: local search from the value %.10g\n', fn, v(j));
      end
      u = Uall(:, j);
      cur = v(j);
      for round = 1:30
        z = Xa * u;
        p = z >= 0;
        [~, near] = sort (abs (z) ./ max (sqrt (sum (Xa.^2, 2)), realmin));
        near = near(1:min (n, 2 * size (Xa, 2)));
        Dn = repmat (p, 1, numel (near) + 1);
        Dn(sub2ind (size (Dn), near(:)', 1:numel (near))) = ~p(near);
        [vn, Un] = extreme_points (fn, Xa, Dn, Lam);
        sn = repelem ([1, -1], size (Dn, 2));
        vn = vn(:)';
        sn = sn(1:numel (vn));
        [best, b] = max (vn);
        if ~(best > cur * (1 + 1e-12))
          break;
        end
        v(end+1) = best;
        Uall(:, end+1) = Un(:, b);
        sg(end+1) = sn(b);
        Dall(:, end+1) = Dn(:, mod (b - 1, size (Dn, 2)) + 1);
        u = Un(:, b);
        cur = best;
      end
    end
  end
  % best first, coinciding directions once
  [v, order] = sort (v, 'descend');
  Uall = Uall(:, order);
  sg = sg(order);
  Dall = Dall(:, order);
  keep = zeros (1, 0);
  for j = 1:numel (v)
    if numel (keep) == cnt || v(j) <= 0 && ~isempty (keep)
      break;
    end
    if isempty (keep) || all (sum ((Uall(:, keep) - Uall(:, j)).^2, 1) > 1e-18)
      keep(end+1) = j;
    end
  end
  U = Uall(:, keep);
  val = v(keep);
  % the values are those of the directions themselves
  if K == 1
    val = abs (Lam' * max (Xa * U, 0));
  else
    val = sqrt (sum ((Lam' * max (Xa * U, 0)).^2, 1));
  end
  info = struct ('exact', exact && K == 1, 'sign', sg(keep), 'patterns', size (D, 2), ...
                 'method', method, 'pattern', Dall(:, keep));
end

% the kernel, its Ctrl-C and size errors given as cvxnn_<FN>'s
function [v, U] = extreme_points (fn, Xa, D, Lam)
  try
    [v, U] = cvxnn_mex ('extreme_points', Xa, D, Lam);
  catch err
    cvxnn_rethrow (fn, err);
  end
end
