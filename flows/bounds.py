"""Limits on a flow file, checked as it is loaded, before it can cost anything.

YAML anchors and aliases let a few kilobytes name the same piece thousands of times over ("a
billion laughs"): a 19 KB file expanded to a 46 MB flow, stored with every workshop. A flow file
has no need of them, so they are refused outright; and the file, and the flow it expands to (as the
JSON stored with each workshop), are each held to MAX_FLOW_BYTES.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from flows.errors import FlowDefinitionError

MAX_FLOW_BYTES = 256 * 1024
_KB = 1024

# The C scanner where PyYAML was built with it, as the loader uses.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def check_file_size(path: Path, shown: str) -> None:
    """Before reading it: a file over the limit is refused unread."""
    try:
        size = path.stat().st_size
    except OSError:
        return  # reading it will say what is wrong
    if size > MAX_FLOW_BYTES:
        raise FlowDefinitionError(
            f"{shown}: the flow file is {size // _KB} KB, over the {MAX_FLOW_BYTES // _KB} KB limit.",
            "Split it into several flows or shorten its texts.",
        )


def refuse_aliases(text: str, shown: str) -> None:
    """Before building anything from it: no anchors (&name) and no aliases (*name)."""
    loader = _Loader(text)
    try:
        while loader.check_token():
            token = loader.get_token()
            if isinstance(token, yaml.AnchorToken | yaml.AliasToken):
                kind = "an anchor" if isinstance(token, yaml.AnchorToken) else "an alias"
                raise FlowDefinitionError(
                    f"{shown}: line {token.start_mark.line + 1}: {kind} ('{token.value}') is not allowed "
                    "in a flow file.",
                    "Write each piece out in full instead of referring to another with & and *.",
                )
    except yaml.YAMLError:
        return  # malformed YAML: the parser that follows names the line and the problem
    finally:
        loader.dispose()


def check_expanded_size(data: object, shown: str) -> None:
    """After parsing: the flow as JSON, as each workshop stores it, within the limit too."""
    size = len(json.dumps(data, default=str, ensure_ascii=False).encode())
    if size > MAX_FLOW_BYTES:
        raise FlowDefinitionError(
            f"{shown}: the flow expands to {size // _KB} KB, over the {MAX_FLOW_BYTES // _KB} KB limit.",
            "Shorten its texts or split it into several flows.",
        )
