## Every public function against every class of bad input (issue list:
## NaN, Inf, [], complex, sparse, single, int32, logical, char, cell,
## struct, 3-D, and for networks a NaN weight), one argument at a time,
## from a valid call of each; plus too many inputs and an unknown option.
## Each call must fail with an identifier cvxnn:<function>:<what> and a
## message that begins with the public function's name and never names an
## internal gateway, or be one of the documented conventions listed in
## accepted () below.
##
## Copyright (C) 2026 The cvxnn developers
## SPDX-License-Identifier: GPL-3.0-or-later

%!function out = variants (a)
%!  out = cell (0, 2);
%!  if isnumeric (a) || islogical (a)
%!    b = double (a);
%!    v = b; v(1) = NaN; out(end+1, :) = {'NaN', v};
%!    v = b; v(1) = Inf; out(end+1, :) = {'Inf', v};
%!    out(end+1, :) = {'empty', []};
%!    out(end+1, :) = {'complex', complex(b, 1)};
%!    out(end+1, :) = {'sparse', sparse(b)};
%!    out(end+1, :) = {'single', single(b)};
%!    out(end+1, :) = {'int32', int32(b)};
%!    out(end+1, :) = {'logical', b ~= 0};
%!    out(end+1, :) = {'char', 'a'};
%!    out(end+1, :) = {'cell', {b}};
%!    out(end+1, :) = {'struct', struct('a', 1)};
%!    out(end+1, :) = {'3-D', cat(3, b, b)};
%!  elseif isstruct (a)
%!    out(end+1, :) = {'empty', []};
%!    out(end+1, :) = {'NaN', NaN};
%!    out(end+1, :) = {'cell', {a}};
%!    out(end+1, :) = {'char', 'a'};
%!    out(end+1, :) = {'struct', struct('a', 1)};
%!    v = a; v.W{1}(1) = NaN; out(end+1, :) = {'NaN weight', v};
%!  elseif ischar (a)
%!    out(end+1, :) = {'number', 1};
%!    out(end+1, :) = {'other string', 'nonsense'};
%!    out(end+1, :) = {'cell', {a}};
%!  end
%!endfunction

%!function ok = accepted (fn, p, what, orig)
%!  % the documented conventions: [] as the default path of lambdas
%!  % (fit), as no hidden layer (train) and as no values (prox_depth,
%!  % elementwise on any array, 3-D included); counts, widths and
%!  % depths of an integer class
%!  conventions = {'fit', 4, 'empty'; 'train', 6, 'empty'; 'prox_depth', 1, 'empty';
%!                 'prox_depth', 1, '3-D'};
%!  ok = any (strcmp (conventions(:, 1), fn) & [conventions{:, 2}]' == p ...
%!            & strcmp (conventions(:, 3), what)) ...
%!       || (strcmp (what, 'int32') && isnumeric (orig) && isscalar (orig) && orig >= 1 ...
%!           && orig == fix (orig));
%!endfunction

%!function cases = valid_calls ()
%!  % a valid call of every public function
%!  randn ('state', 1);
%!  X = randn (8, 2); y = randn (8, 1);
%!  net = cvxnn_train (X, y, 'Lambda', 0.1, 'Layers', 3, 'Epochs', 3);
%!  x1 = linspace (-1, 1, 8)';
%!  lab = [1; 1; 2; 2; 3; 3];
%!  cases = {
%!   'arrangements', {X, 5};
%!   'bn_collapse', {eye(6), lab, 'Lambda', 0.5};
%!   'certify', {net, X, y, 'Lambda', 0.1};
%!   'dataset', {'diabetes'};
%!   'deep_linear', {X, [y, y], 'Lambda', 0.1, 'Depth', 3};
%!   'dual', {X, y, 'Lambda', 0.1};
%!   'extreme_points', {X, y};
%!   'fit', {X, y, 'Lambda', 0.1, 'Arrangements', 5, 'MaxIter', 20};
%!   'knots', {cvxnn_spline1d(x1, sin (x1), 'Lambda', 0.1)};
%!   'nc_metrics', {randn(6, 3), lab};
%!   'objective', {net, X, y};
%!   'predict', {net, X};
%!   'prox_depth', {[3; 2; 1], 0.5, 3};
%!   'rank_one', {randn(8, 1) * randn(1, 3), y, 'Lambda', 0.1, 'Depth', 3};
%!   'spline1d', {x1, sin(x1), 'Lambda', 0.1};
%!   'structure', {net};
%!   'train', {X, y, 'Lambda', 0.1, 'Layers', 3, 'Epochs', 3};
%!   'whitened_relu', {eye(4), randn(4, 1), 'Lambda', 0.1, 'Depth', 2}};
%!endfunction

%!test
%! warning ('off', 'cvxnn:fit:notConverged', 'local');   % capped on purpose
%! cases = valid_calls ();
%! names = {'Lambda', 'Depth', 'Arrangements', 'MaxIter', 'Layers', 'Epochs'};
%! calls = 0; wrong = {};
%! for c = 1:rows (cases)
%!   fn = cases{c, 1}; args = cases{c, 2};
%!   f = str2func (['cvxnn_' fn]);
%!   for p = 1:numel (args)
%!     if p > 1 && ischar (args{p}) && any (strcmp (args{p}, names))
%!       continue;                       % an option's name
%!     end
%!     V = variants (args{p});
%!     for k = 1:rows (V)
%!       a = args; a{p} = V{k, 2}; calls++;
%!       what = sprintf ('cvxnn_%s, argument %d %s', fn, p, V{k, 1});
%!       try
%!         f (a{:});
%!         if ~accepted (fn, p, V{k, 1}, args{p})
%!           wrong{end+1} = [what ': accepted'];
%!         end
%!       catch err
%!         if ~strncmp (err.identifier, ['cvxnn:' fn ':'], numel (fn) + 7) ...
%!            || ~strncmp (err.message, ['cvxnn_' fn ': '], numel (fn) + 8) ...
%!            || ~isempty (strfind (err.message, '__cvxnn'))
%!           wrong{end+1} = sprintf ('%s: [%s] %s', what, err.identifier, err.message);
%!         end
%!       end
%!     end
%!   end
%!   extra = {{args{:}, 1}, {args{:}, 'NoSuchOption', 1}};
%!   for k = 1:2
%!     calls++;
%!     try
%!       f (extra{k}{:});
%!       wrong{end+1} = sprintf ('cvxnn_%s: extra input %d accepted', fn, k);
%!     catch err
%!       if ~strncmp (err.identifier, ['cvxnn:' fn ':'], numel (fn) + 7)
%!         wrong{end+1} = sprintf ('cvxnn_%s extra %d: [%s] %s', fn, k, err.identifier, err.message);
%!       end
%!     end
%!   end
%! end
%! if ~isempty (wrong)
%!   printf ('  %s\n', wrong{:});
%! end
%! assert (calls > 600);
%! assert (numel (wrong), 0);

%!test
%! % every option that the valid calls above leave out, given a value of
%! % each class no option accepts (sparse only where the option is a
%! % flag): a clear error of the function's own, never a gateway's or
%! % another function's (found so: 'Bias', sparse (1) in cvxnn_fit failed
%! % as cvxnn_arrangements; 'Arrangements', 1e300 in cvxnn_dual and
%! % cvxnn_certify likewise; 'Activation', struct in cvxnn_train with
%! % Octave's tolower error; 'FreeBias' 3-D was taken as a vector)
%! cases = valid_calls ();
%! bad = {'NaN', NaN; 'Inf', Inf; '-Inf', -Inf; 'complex', 1+1i; 'sparse', sparse(1); ...
%!        'cell', {1}; 'struct', struct('a', 1); '3-D', ones(1, 1, 2); 'matrix', ones(2); ...
%!        'nonsense', 'nonsense'; '1e300', 1e300};
%! flags = {'Bias', 'BatchNorm', 'Standardize'};
%! calls = 0; wrong = {};
%! for c = 1:rows (cases)
%!   fn = cases{c, 1}; args = cases{c, 2};
%!   f = str2func (['cvxnn_' fn]);
%!   m = {};
%!   try
%!     f (args{:}, 'NoSuchOption', 1);
%!   catch err
%!     m = regexp (err.message, 'valid options are: (.*)$', 'tokens', 'once');
%!   end
%!   if isempty (m)
%!     continue;                         % no options
%!   end
%!   given = args(cellfun (@ischar, args));
%!   for o = strtrim (strsplit (m{1}, ','))
%!     if any (strcmp (o{1}, given))
%!       continue;
%!     end
%!     for k = 1:rows (bad)
%!       % a huge value is valid where it only makes the work smaller or
%!       % the network larger in scale: lambda, a start's scale, a step
%!       if strcmp (bad{k, 1}, '1e300') && any (strcmp (o{1}, {'Lambda', 'Init', 'LearningRate'}))
%!         continue;
%!       end
%!       calls++;
%!       what = sprintf ('cvxnn_%s ''%s'' %s', fn, o{1}, bad{k, 1});
%!       try
%!         evalc ('f (args{:}, o{1}, bad{k, 2});');
%!         if ~(strcmp (bad{k, 1}, 'sparse') && any (strcmp (o{1}, flags)))
%!           wrong{end+1} = [what ': accepted'];
%!         end
%!       catch err
%!         if ~strncmp (err.identifier, ['cvxnn:' fn ':'], numel (fn) + 7) ...
%!            || ~strncmp (err.message, ['cvxnn_' fn ': '], numel (fn) + 8) ...
%!            || ~isempty (strfind (err.message, '__cvxnn'))
%!           wrong{end+1} = sprintf ('%s: [%s] %s', what, err.identifier, err.message);
%!         end
%!       end
%!     end
%!   end
%! end
%! if ~isempty (wrong)
%!   printf ('  %s\n', wrong{:});
%! end
%! assert (calls > 500);
%! assert (numel (wrong), 0);
