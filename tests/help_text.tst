## The plain-text help of every public function renders through makeinfo
## without doubled quotes (@code{'relu'} shows as ''relu''; quoted
## literals take @qcode, code ending in a transpose or quote @tcode) and
## cites the manual, never a specification that does not ship.
##
## Copyright (C) 2026 The cvxnn developers
## SPDX-License-Identifier: GPL-3.0-or-later

%!test
%! p = fileparts (which ('cvxnn_fit'));
%! fs = dir (fullfile (p, 'cvxnn_*.m'));
%! assert (numel (fs) >= 18);
%! bad = {};
%! for i = 1:numel (fs)
%!   f = fs(i).name(1:end-2);
%!   [txt, fmt] = get_help_text (f);
%!   assert (fmt, 'texinfo');
%!   t = evalc (['help ' f]);
%!   if ~isempty (strfind (t, "''")) || ~isempty (regexp (t, '\<MATH\>', 'once')) ...
%!      || ~isempty (strfind (t, '@code')) || ~isempty (strfind (t, '-*- texinfo'))
%!     bad{end+1} = f;
%!   end
%! end
%! if ~isempty (bad)
%!   error ("help text of %s", strjoin (bad, ", "));
%! end
