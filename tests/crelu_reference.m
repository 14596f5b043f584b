% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% [obj, U, sqpobj] = crelu_reference (Xa, D, y, lambda, model, Gdir)
%
% Independent dense reference for tests: the convex program C-ReLU (MATH
% 4.2, model 'relu') or C-GReLU (MATH 4.5, 'gated') with squared loss,
% written directly as a smooth nonlinear program and solved by Octave's
% sqp (quasi-Newton SQP: no code or algorithm in common with the C core).
% The norms |u_g| <= t_g become t_g >= sqrt (|u_g|^2 + ep^2), which moves
% the optimum by at most lambda * (number of groups) * ep.  Gdir (da x P)
% holds a direction inside each pattern's cone: sqp starts there, strictly
% feasible (from u = 0 every cone constraint is active at once and sqp
% stops early).
%
% sqp's own value sqpobj is not a bound on anything: its point may sit
% slightly outside the constraints (its tolerance, and where it stops
% depends on the machine's BLAS), so it can come out below the optimum.
% obj is the true objective of the network its point U (da x G) defines:
% the weights alone, with the ReLU (model 'relu': (Xa u)_+, whatever the
% cones) or the gates D ('gated'), and the exact norms.  That is the
% objective of an actual network of the model, hence an upper bound on
% the optimum whatever sqp's accuracy; a test compares with obj one-sided,
% or two-sided only within sqp's accuracy.

function [obj, U, sqpobj] = crelu_reference (Xa, D, y, lambda, model, Gdir)
  [n, da] = size (Xa);
  P = size (D, 2);
  relu = strcmp (model, 'relu');
  G = P * (1 + relu);
  ep = 1e-10;
  nu = G * da;
  U0 = 1e-2 * repmat (Gdir ./ sqrt (sum (Gdir.^2, 1)), 1, 1 + relu);
  z0 = [U0(:); ones(G, 1)];
  % M(:, g-block) = sign_g * D_i .* Xa
  M = zeros (n, nu);
  for g = 1:G
    i = mod (g - 1, P) + 1;
    s = 1 - 2 * (relu && g > P);
    M(:, (g-1)*da + (1:da)) = s * (D(:, i) .* Xa);
  end
  phi = @(z) 0.5 * sum ((M * z(1:nu) - y).^2) + lambda * sum (z(nu+1:end));
  h = @(z) constraints (z, Xa, D, da, nu, G, P, relu, ep);
  [z, sqpobj, info] = sqp (z0, phi, [], h, [], [], 2000, 1e-12);
  if info ~= 101 && info ~= 104
    error ('crelu_reference: sqp did not converge (info %d)', info);
  end
  U = reshape (z(1:nu), da, G);
  obj = network_objective (Xa, D, y, lambda, U, P, relu);
end

% The objective of the network with weights U: every column a neuron, its
% output weight +-|u| folded in (MATH 4.2 map back), so the penalty is
% lambda * sum |u_g| exactly; relu neurons evaluated with the true ReLU.
function obj = network_objective (Xa, D, y, lambda, U, P, relu)
  F = zeros (rows (Xa), 1);
  for g = 1:columns (U)
    i = mod (g - 1, P) + 1;
    s = 1 - 2 * (relu && g > P);
    if relu
      F = F + s * max (Xa * U(:, g), 0);
    else
      F = F + s * (D(:, i) .* (Xa * U(:, g)));
    end
  end
  obj = 0.5 * sum ((F - y).^2) + lambda * sum (sqrt (sum (U.^2, 1)));
end

function c = constraints (z, Xa, D, da, nu, G, P, relu, ep)
  U = reshape (z(1:nu), da, G);
  t = z(nu+1:end);
  c = t - sqrt (sum (U.^2, 1)' + ep^2);
  if relu
    for g = 1:G
      i = mod (g - 1, P) + 1;
      c = [c; (2 * D(:, i) - 1) .* (Xa * U(:, g))];
    end
  end
end
