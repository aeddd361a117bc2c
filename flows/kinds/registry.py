"""The one table of question kinds: `QuestionKind` -> the plug-in that knows that kind.

Everything that depends on a question's kind asks `plugin_for(question.kind)` and delegates: the
schema's check of a question's fields, parsing, evidence, agreement, wording, exports, the Slack
form and the demo's simulated answers. Nothing else branches on the kind. The model is the ONS
questionnaire runner's answer handlers: one class per answer type, looked up in one table.

To add a kind:

1. add its value to `QuestionKind` in `flows/schema.py` (a flow file names it as `kind:`);
2. write `flows/kinds/<kind>.py`, one class implementing `flows.kinds.base.KindPlugin` (mypy checks
   it against the protocol through the table below; the shared pieces are in `form`, `choices`,
   `consensus`, `parsing` and `vectors`);
3. add it to `PLUGINS` below;
4. add `tests/flows/kinds/test_<kind>.py` for its behaviour (the table's own tests then check that
   it is registered and satisfies the protocol).

Nothing else changes: the engine, the Slack form, the exports and the demo find the new kind here.
A plug-in imports nothing from `flows.engine` at run time, only its types (under TYPE_CHECKING):
the engine imports this table, so a run-time import back would be circular.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from flows.kinds.base import KindPlugin
from flows.kinds.free_text import FreeText
from flows.kinds.multi_choice import MultiChoice
from flows.kinds.number import Number
from flows.kinds.scale import Scale
from flows.kinds.single_choice import SingleChoice
from flows.kinds.yes_no import YesNo
from flows.schema import QuestionKind

# Typed as the protocol, so mypy checks each plug-in against it.
_ALL: tuple[KindPlugin, ...] = (YesNo(), Scale(), SingleChoice(), MultiChoice(), FreeText(), Number())
PLUGINS: Mapping[QuestionKind, KindPlugin] = {plugin.kind: plugin for plugin in _ALL}


def plugin_for(kind: QuestionKind) -> KindPlugin:
    return PLUGINS[kind]


def kinds_where(wanted: Callable[[KindPlugin], bool]) -> str:
    """The kinds whose plug-in is `wanted`, named in the enum's order: "yes_no and scale"."""
    return " and ".join(kind for kind in QuestionKind if wanted(PLUGINS[kind]))
