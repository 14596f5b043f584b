% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% [T, classes] = cvxnn_targets (FN, Y, N, LOSS, CLASSES)
%
% Targets in the encoding the core takes, checked per loss (MATH 1.5):
% squared: any real n-by-K double (data, held to X's rule); logistic: one
% column of +1/-1; crossentropy (labels, of any real numeric or logical
% class):
% n-by-1 class labels (mapped onto CLASSES when given, else onto
% unique (Y)) or an n-by-K one-hot matrix.  Errors cvxnn:<FN>:type, size,
% empty, nonFinite, labels.

function [T, classes] = cvxnn_targets (fn, Y, n, loss, classes)
  if nargin < 5
    classes = [];
  end
  pre = ['cvxnn:' fn ':'];
  if ~(isnumeric (Y) || islogical (Y)) || issparse (Y) || ~isreal (Y) || ndims (Y) ~= 2
    error ([pre 'type'], 'cvxnn_%s: Y must be a real full numeric matrix', fn);
  end
  if size (Y, 1) ~= n
    error ([pre 'size'], 'cvxnn_%s: Y must have %d rows, as X (got %d)', fn, n, size (Y, 1));
  end
  if isempty (Y)
    error ([pre 'empty'], 'cvxnn_%s: Y must not be empty', fn);
  end
  if strcmp (loss, 'squared') && ~isa (Y, 'double')
    error ([pre 'type'], ...
           'cvxnn_%s: Y must be double for the squared loss (it is %s); labels of the other losses may be integer or logical', ...
           fn, class (Y));
  end
  Y = double (Y);
  if ~all (isfinite (Y(:)))
    error ([pre 'nonFinite'], 'cvxnn_%s: Y must not contain NaN or Inf', fn);
  end
  switch loss
    case 'squared'
      T = Y;
      classes = [];
    case 'logistic'
      if size (Y, 2) ~= 1 || ~all (Y == 1 | Y == -1)
        error ([pre 'labels'], ...
               'cvxnn_%s: the logistic loss takes one column of labels +1/-1', fn);
      end
      T = Y;
      classes = [];
    case 'crossentropy'
      if size (Y, 2) == 1
        if isempty (classes)
          [classes, ~, idx] = unique (Y);
          if numel (classes) < 2
            error ([pre 'labels'], 'cvxnn_%s: cross-entropy needs at least two classes', fn);
          end
        else
          [ok, idx] = ismember (Y, classes);
          if ~all (ok)
            error ([pre 'labels'], 'cvxnn_%s: Y has labels that are not in net.classes', fn);
          end
        end
        T = zeros (n, numel (classes));
        T(sub2ind (size (T), (1:n)', idx(:))) = 1;
      else
        if ~all (Y(:) == 0 | Y(:) == 1) || ~all (sum (Y, 2) == 1)
          error ([pre 'labels'], ...
                 'cvxnn_%s: an n-by-K cross-entropy target must be one-hot', fn);
        end
        if ~isempty (classes) && numel (classes) ~= size (Y, 2)
          error ([pre 'labels'], 'cvxnn_%s: Y must have one column per class of the network', fn);
        end
        T = Y;
        if isempty (classes)
          classes = (1:size (Y, 2))';
        end
      end
  end
end
