% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% opts = cvxnn_options (FN, SPEC, ARGS)
%
% Shared option parser of the cvxnn functions.  ARGS is a cell of
% structs and/or name/value pairs (structs first, pairs override them);
% names are matched case-insensitively and must match a whole name.
% SPEC is an N-by-4 cell, one row per option:
%   {Name, Default, Kind, Extra}
% Kind      Extra             accepted value
% 'choice'  cellstr of words  one of the words, any case -> lower case
% 'logical' []                logical or 0/1 real scalar -> logical
% 'integer' [lo hi]           integer-valued real scalar in [lo, hi]
% 'real'    [lo hi]           finite real scalar in [lo, hi]
% 'any'     []                anything (checked by the caller)
% Errors: cvxnn:<FN>:optionSyntax, cvxnn:<FN>:unknownOption,
% cvxnn:<FN>:optionValue.  The result has one field per SPEC row.

function opts = cvxnn_options (fn, spec, args)
  names = spec(:, 1);
  opts = struct ();
  for k = 1:numel (names)
    opts.(names{k}) = spec{k, 2};
  end
  pairs = {};
  k = 1;
  while k <= numel (args) && isstruct (args{k})
    s = args{k};
    if ~isscalar (s)
      error (['cvxnn:' fn ':optionSyntax'], ...
             'cvxnn_%s: an options struct must be scalar', fn);
    end
    f = fieldnames (s);
    for j = 1:numel (f)
      pairs(end+1:end+2) = {f{j}, s.(f{j})};
    end
    k = k + 1;
  end
  rest = args(k:end);
  if mod (numel (rest), 2) ~= 0
    error (['cvxnn:' fn ':optionSyntax'], ...
           'cvxnn_%s: options must be name/value pairs or a struct', fn);
  end
  pairs = [pairs, rest];
  for k = 1:2:numel (pairs)
    name = pairs{k};
    if ~ischar (name) || ~(isrow (name) || isempty (name))
      error (['cvxnn:' fn ':optionSyntax'], ...
             'cvxnn_%s: option names must be character strings', fn);
    end
    idx = find (strcmpi (name, names));
    if isempty (idx)
      error (['cvxnn:' fn ':unknownOption'], ...
             'cvxnn_%s: unknown option ''%s''; valid options are: %s', ...
             fn, name, strjoin (names', ', '));
    end
    opts.(names{idx}) = check_value (fn, spec(idx, :), pairs{k+1});
  end
end

function v = check_value (fn, row, v)
  name = row{1};
  id = ['cvxnn:' fn ':optionValue'];
  switch row{3}
    case 'choice'
      words = row{4};
      if ~ischar (v) || ~isrow (v) || ~any (strcmpi (v, words))
        error (id, 'cvxnn_%s: ''%s'' must be one of: %s', fn, name, ...
               strjoin (cellfun (@(w) ['''' w ''''], words, ...
                                 'UniformOutput', false), ', '));
      end
      v = lower (v);
    case 'logical'
      if ~isscalar (v) || ~(islogical (v) || (isnumeric (v) && isreal (v) ...
                                                && (v == 0 || v == 1)))
        error (id, 'cvxnn_%s: ''%s'' must be true or false', fn, name);
      end
      v = logical (full (v));           % a sparse flag would reach the gateways
    case 'integer'
      lim = row{4};
      if ~cvxnn_is_scalar (v, 'integer') || v < lim(1) || v > lim(2)
        error (id, 'cvxnn_%s: ''%s'' must be an integer in [%.17g, %.17g]', ...
               fn, name, lim(1), lim(2));
      end
      v = double (v);
    case 'real'
      lim = row{4};
      if ~cvxnn_is_scalar (v, 'real') || v < lim(1) || v > lim(2)
        error (id, 'cvxnn_%s: ''%s'' must be a real double in [%g, %g]', ...
               fn, name, lim(1), lim(2));
      end
      v = double (v);
    case 'any'
    otherwise
      error ('cvxnn:internal', 'cvxnn_options: bad kind ''%s''', row{3});
  end
end
