% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% k-fold cross-validation (k = opts.CV) of the path LAMS: each fold's
% training rows are fit along LAMS scaled by their share of the rows (the
% loss is a sum over rows, the decay is not: the scaling keeps their
% balance that of the full fit), on patterns drawn from those rows with
% the same seed; the loss of the fit (and for classification the error
% rate) is averaged over the held-out rows.
function cv = cvxnn_fit_cv (X, T, classes, lams, opts)
  n = size (X, 1);
  k = opts.CV;
  classify = ~strcmp (opts.Loss, 'squared');
  folds = fold_ids (T, k, opts.Seed, classify);
  L = numel (lams);
  [lossv, errv] = deal (NaN (k, L));
  o = opts;
  o.CV = 0;
  o.Display = 'off';
  interrupted = false;
  for f = 1:k
    tf = tic;
    tr = folds ~= f;
    if islogical (opts.Arrangements)
      o.Arrangements = opts.Arrangements(tr, :);
    elseif iscell (opts.Arrangements)
      o.Arrangements = {opts.Arrangements{1}(tr, :), opts.Arrangements{2}};
    end
    [nets, infos, solved] = cvxnn_fit_path (X(tr, :), T(tr, :), classes, ...
                                            lams * sum (tr) / n, o, false);
    for j = 1:numel (solved)
      [~, lv] = cvxnn_net_objective (nets(j), X(~tr, :), T(~tr, :));
      lossv(f, solved(j)) = lv / sum (~tr);
      if classify
        errv(f, solved(j)) = error_rate (nets(j), X(~tr, :), T(~tr, :), classes);
      end
    end
    if ~strcmp (opts.Display, 'off')
      fprintf ('cvxnn_fit: cross-validation fold %d of %d: %d rows held out, %.3g s\n', ...
               f, k, sum (~tr), toc (tf));
    end
    if any (strcmp ({infos.status}, 'interrupted'))
      interrupted = true;
      break;
    end
  end
  cv = cv_summary (lams, lossv, errv, classify, folds, interrupted);
end

% Mean and standard error over the folds; the lambda of least mean loss
% and the largest lambda within one standard error of it (MATLAB's lasso
% picks the same two).
function cv = cv_summary (lams, lossv, errv, classify, folds, interrupted)
  k = size (lossv, 1);
  cv.Lambda = lams;
  cv.Loss = mean (lossv, 1);
  cv.SE = std (lossv, 0, 1) / sqrt (k);
  cv.Error = [];
  cv.ErrorSE = [];
  if classify
    cv.Error = mean (errv, 1);
    cv.ErrorSE = std (errv, 0, 1) / sqrt (k);
  end
  [cv.IndexMinLoss, cv.Index1SE, cv.LambdaMinLoss, cv.Lambda1SE] = deal (NaN);
  if ~interrupted
    best = min (cv.Loss);
    cand = find (cv.Loss == best);
    [~, b] = max (lams(cand));
    cv.IndexMinLoss = cand(b);
    cand = find (cv.Loss <= best + cv.SE(cv.IndexMinLoss));
    [~, b] = max (lams(cand));
    cv.Index1SE = cand(b);
    cv.LambdaMinLoss = lams(cv.IndexMinLoss);
    cv.Lambda1SE = lams(cv.Index1SE);
  end
  cv.Folds = folds;
  cv.Interrupted = interrupted;
end

% Fraction of the rows whose predicted class is wrong.
function e = error_rate (net, X, T, classes)
  [~, lab] = cvxnn_predict (net, X);
  if isempty (classes)
    truth = T;                            % logistic: +-1
  else
    [~, c] = max (T, [], 2);
    truth = classes(c);
  end
  e = mean (lab(:) ~= truth(:));
end

% The fold of each row: a seeded permutation dealt round robin, class by
% class when CLASSIFY (stratified: each fold holds every class in its
% share).  The generator is our own (Park and Miller's minimal standard),
% so that the folds are the same in Octave and MATLAB and the user's
% random state is left alone.
function folds = fold_ids (T, k, seed, classify)
  n = size (T, 1);
  if ~classify
    lab = ones (n, 1);
  elseif size (T, 2) == 1
    lab = T;
  else
    [~, lab] = max (T, [], 2);
  end
  keys = zeros (n, 1);
  x = mod (seed, 2147483646) + 1;
  for i = 1:n
    x = mod (16807 * x, 2147483647);
    keys(i) = x;
  end
  folds = zeros (n, 1);
  next = 0;
  for c = unique (lab)'
    idx = find (lab == c);
    [~, p] = sort (keys(idx));
    folds(idx(p)) = mod (next + (0:numel (idx) - 1)', k) + 1;
    next = next + numel (idx);
  end
end
