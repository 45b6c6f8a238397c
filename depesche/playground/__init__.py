"""``depesche play``: a rule playground in the browser, a thin view over the authoring tools.

:mod:`depesche.playground.session` holds what the page works on (the pack's folder, the
editor's unsaved files) and answers each call with what the matching command's
``--format json`` gives; :mod:`depesche.playground.server` puts it behind a small JSON API
and serves the page from ``static/``. See ``docs/playground.md``.
"""
