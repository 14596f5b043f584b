% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% [sp, opts, lam, T] = cvxnn_net_args (FN, net, X, Y, SPEC, ARGS, POSITIVE)
%
% The common start of the functions that take a network and data
% (cvxnn_objective, cvxnn_certify): the architecture of NET (gated
% networks refused), X checked against it, the options (SPEC rows after
% 'Lambda' and 'Loss', whose defaults are net.lambda and net.loss),
% lambda (> 0 when POSITIVE), and the targets T, labels mapped through
% net.classes.  Errors cvxnn:<FN>:net, size and those of the helpers.

function [sp, opts, lam, T] = cvxnn_net_args (fn, net, X, Y, spec, args, positive)
  sp = cvxnn_net_layers (fn, net);
  if strcmp (sp.act, 'gated')
    error (['cvxnn:' fn ':net'], ...
           'cvxnn_%s: gated networks are not supported (relu or linear; cvxnn_fit certifies its own)', fn);
  end
  cvxnn_check_matrix (fn, 'X', X);
  if size (X, 2) ~= sp.width(1)
    error (['cvxnn:' fn ':size'], 'cvxnn_%s: X must have %d columns (got %d)', ...
           fn, sp.width(1), size (X, 2));
  end
  % the objective's passes keep each layer's outputs (n by its width)
  cvxnn_check_memory (fn, 16 * size (X, 1) * sum (sp.width), ...
                      sprintf ('a network of %d units on %d rows', sum (sp.width), size (X, 1)));
  dlam = [];
  if isfield (net, 'lambda')
    dlam = net.lambda;
  end
  dloss = 'squared';
  if isfield (net, 'loss') && ischar (net.loss)
    dloss = net.loss;
  end
  opts = cvxnn_options (fn, [{'Lambda', dlam, 'any', []; ...
                              'Loss', dloss, 'choice', {'squared', 'logistic', 'crossentropy'}}; ...
                             spec], args);
  lam = cvxnn_check_lambda (fn, opts.Lambda, positive);
  classes = [];
  if isfield (net, 'classes')
    classes = net.classes;
  end
  T = cvxnn_targets (fn, Y, size (X, 1), opts.Loss, classes);
  if size (T, 2) ~= sp.width(end)
    error (['cvxnn:' fn ':size'], 'cvxnn_%s: the network has %d outputs, Y %d', ...
           fn, sp.width(end), size (T, 2));
  end
end
