"""The plug-in table of native stand-ins for `uses:` actions, keyed by `owner/repo[/path]`.

Adding an action is adding one module and one line here. The version after `@` is not part
of the key: every version of an action maps to the same stand-in.
"""

from __future__ import annotations

from pitstop.actions.base import Action

ACTIONS: dict[str, Action] = {}
