% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% sp = cvxnn_net_layers (FN, NET)
%
% Checks a network struct of the package (fields W, b, activation, and
% optionally bn, gates) and returns its architecture: sp.L layers,
% sp.width (1 x L+1: d, m_1, ..., K), sp.bias (1 x L logical),
% sp.act ('relu', 'linear' or 'gated'), sp.bn (0 none, 1 std, 2 l2),
% sp.freebias (1 x L logical: biases left out of the penalty, from the
% optional field net.freebias).
% Error cvxnn:<FN>:net with what is wrong.

function sp = cvxnn_net_layers (fn, net)
  id = ['cvxnn:' fn ':net'];
  if ~isstruct (net) || ~isscalar (net) || ~isfield (net, 'W') || ~iscell (net.W) ...
     || isempty (net.W) || ~isfield (net, 'activation') || ~ischar (net.activation)
    error (id, 'cvxnn_%s: NET must be a cvxnn network struct (fields W, b, activation)', fn);
  end
  L = numel (net.W);
  b = cell (1, L);
  if isfield (net, 'b')
    if ~iscell (net.b) || numel (net.b) > L
      error (id, 'cvxnn_%s: NET.b must be a cell with at most one bias per layer', fn);
    end
    b(1:numel (net.b)) = net.b;
  end
  width = zeros (1, L + 1);
  bias = false (1, L);
  for l = 1:L
    W = net.W{l};
    % a hidden layer may have no units (the zero network of cvxnn_fit)
    if ~isnumeric (W) || ~isreal (W) || issparse (W) || ndims (W) ~= 2 ...
       || ~isa (W, 'double') || ~all (isfinite (W(:))) ...
       || (l == 1 && size (W, 1) == 0) || (l == L && size (W, 2) == 0)
      error (id, 'cvxnn_%s: NET.W{%d} must be a finite real double matrix', fn, l);
    end
    if l > 1 && size (W, 1) ~= width(l)
      error (id, 'cvxnn_%s: NET.W{%d} must have %d rows (the width of layer %d)', ...
             fn, l, width(l), l - 1);
    end
    width(l) = size (W, 1);
    width(l + 1) = size (W, 2);
    if ~isempty (b{l})
      if ~isnumeric (b{l}) || ~isreal (b{l}) || ~isa (b{l}, 'double') || issparse (b{l}) ...
         || numel (b{l}) ~= width(l + 1) || ~all (isfinite (b{l}(:)))
        error (id, 'cvxnn_%s: NET.b{%d} must be empty or a finite vector of %d', ...
               fn, l, width(l + 1));
      end
      bias(l) = true;
    elseif width(l + 1) == 0 && ~isequal (size (b{l}), [0 0])
      bias(l) = true;          % a 1-by-0 bias: a biased layer with no units
    end
  end
  act = net.activation;
  if ~any (strcmp (act, {'relu', 'linear', 'gated'}))
    error (id, 'cvxnn_%s: unknown activation ''%s'' (relu, linear or gated)', fn, act);
  end
  if strcmp (act, 'gated')
    if L ~= 2 || ~isfield (net, 'gates') || ~iscell (net.gates) || numel (net.gates) ~= 2 ...
       || ~isequal (size (net.gates{1}), size (net.W{1})) ...
       || numel (net.gates{2}) ~= width(2)
      error (id, 'cvxnn_%s: a gated network has two layers and gates {G, g0} of the sizes of W{1}, b{1}', fn);
    end
  end
  bn = 0;
  if isfield (net, 'bn') && ~isempty (net.bn)
    B = net.bn;
    m = width(L);
    if L < 2 || strcmp (act, 'gated') || ~isstruct (B) || ~isscalar (B) ...
       || ~all (isfield (B, {'gamma', 'alpha', 'mu', 'scale', 'convention'}))
      error (id, 'cvxnn_%s: NET.bn must have fields gamma, alpha, mu, scale, convention (two or more layers)', fn);
    end
    for f = {'gamma', 'alpha', 'mu', 'scale'}
      v = B.(f{1});
      if ~isnumeric (v) || ~isreal (v) || ~isa (v, 'double') || numel (v) ~= m ...
         || ~all (isfinite (v(:)))
        error (id, 'cvxnn_%s: NET.bn.%s must be a finite vector of %d', fn, f{1}, m);
      end
    end
    switch B.convention
      case 'std'
        bn = 1;
      case 'l2'
        bn = 2;
      otherwise
        error (id, 'cvxnn_%s: NET.bn.convention must be ''std'' or ''l2''', fn);
    end
  end
  freebias = false (1, L);
  if isfield (net, 'freebias') && ~isempty (net.freebias)
    fb = net.freebias;
    if ~(islogical (fb) || isnumeric (fb)) || numel (fb) ~= L || ~all (fb(:) == 0 | fb(:) == 1)
      error (id, 'cvxnn_%s: NET.freebias must be %d true/false flags, one per layer', fn, L);
    end
    freebias = logical (fb(:)');
    if any (freebias & ~bias)
      error (id, 'cvxnn_%s: NET.freebias marks layer %d, which has no bias', fn, ...
             find (freebias & ~bias, 1));
    end
  end
  sp = struct ('L', L, 'width', width, 'bias', bias, 'act', act, 'bn', bn, ...
               'freebias', freebias);
end
