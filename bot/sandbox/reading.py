"""What a person reads in Slack: the plain text of a message or view (as it appears on screen, not the
notification fallback), and the interactive elements they can reach by `action_id`."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from bot.sandbox.errors import SandboxMisuse

JsonDict = dict[str, Any]

# Where each element type keeps the value a person sees selected before touching it.
_INITIAL_SINGLE = {
    "plain_text_input": "initial_value",
    "email_text_input": "initial_value",
    "url_text_input": "initial_value",
    "number_input": "initial_value",
    "users_select": "initial_user",
    "conversations_select": "initial_conversation",
    "channels_select": "initial_channel",
    "datepicker": "initial_date",
    "timepicker": "initial_time",
    "datetimepicker": "initial_date_time",
}


def text_of(obj: Any) -> str:
    """The words of a text object (or a bare string); empty for anything else."""
    if isinstance(obj, dict):
        return str(obj.get("text") or "")
    return obj if isinstance(obj, str) else ""


@dataclass(frozen=True)
class Element:
    """An interactive element found by its `action_id`, with what a person can read off it."""

    action_id: str
    block_id: str
    block_type: str
    definition: JsonDict
    label: str

    @property
    def type(self) -> str:
        return str(self.definition.get("type"))

    @property
    def options(self) -> list[JsonDict]:
        options = list(self.definition.get("options") or [])
        for group in self.definition.get("option_groups") or []:
            options.extend(group.get("options") or [])
        return options

    @property
    def option_values(self) -> list[str]:
        return [str(option.get("value")) for option in self.options]

    @property
    def value(self) -> Any:
        """A button's value, or the value an input starts with (None when it starts empty)."""
        if self.type == "button":
            return self.definition.get("value")
        if "initial_option" in self.definition:
            return self.definition["initial_option"].get("value")
        if "initial_options" in self.definition:
            return [option.get("value") for option in self.definition["initial_options"]]
        if "initial_users" in self.definition:
            return list(self.definition["initial_users"])
        key = _INITIAL_SINGLE.get(self.type)
        return self.definition.get(key) if key else None


def iter_elements(blocks: list[JsonDict]) -> Iterator[tuple[JsonDict, JsonDict]]:
    """Every interactive element with the block it sits in."""
    for block in blocks:
        kind = block.get("type")
        if kind == "section" and isinstance(block.get("accessory"), dict):
            yield block, block["accessory"]
        elif kind == "actions":
            for element in block.get("elements") or []:
                yield block, element
        elif kind == "input" and isinstance(block.get("element"), dict):
            yield block, block["element"]


def find_element(blocks: list[JsonDict], action_id: str, *, where: str) -> Element:
    found = [
        (block, element) for block, element in iter_elements(blocks) if element.get("action_id") == action_id
    ]
    if not found:
        known = sorted(str(element.get("action_id")) for _, element in iter_elements(blocks))
        raise SandboxMisuse(
            f"No element with action_id {action_id!r} in {where}.",
            f"Use one of: {', '.join(known) or '(it has no interactive elements)'}.",
        )
    block, element = found[0]
    label = text_of(block.get("label")) if block.get("type") == "input" else text_of(element.get("text"))
    return Element(action_id, str(block.get("block_id")), str(block.get("type")), element, label)


def _element_lines(element: JsonDict) -> list[str]:
    kind = element.get("type")
    if kind == "button":
        return [text_of(element.get("text"))]
    if kind in ("radio_buttons", "checkboxes"):
        return [text_of(option.get("text")) for option in element.get("options") or []]
    if "initial_option" in element:
        return [text_of(element["initial_option"].get("text"))]
    if element.get("initial_value"):
        return [str(element["initial_value"])]
    return [text_of(element.get("placeholder"))]


def _rich_text_lines(block: JsonDict) -> list[str]:
    words: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") in ("text", "link"):
                words.append(str(node.get("text") or node.get("url") or ""))
            elif node.get("type") in ("user", "channel"):
                words.append(f"<@{node.get('user_id') or node.get('channel_id')}>")
            for child in node.get("elements") or []:
                walk(child)

    walk(block)
    return ["".join(words)]


def _block_lines(block: JsonDict) -> list[str]:
    kind = block.get("type")
    if kind in ("header", "markdown"):
        return [text_of(block.get("text"))]
    if kind == "section":
        lines = [text_of(block.get("text"))] + [text_of(field) for field in block.get("fields") or []]
        if isinstance(block.get("accessory"), dict):
            lines += _element_lines(block["accessory"])
        return lines
    if kind == "context":
        return [text_of(element) for element in block.get("elements") or [] if element.get("type") != "image"]
    if kind == "actions":
        return [line for element in block.get("elements") or [] for line in _element_lines(element)]
    if kind == "input":
        return [text_of(block.get("label")), *_element_lines(block.get("element") or {})]
    if kind == "rich_text":
        return _rich_text_lines(block)
    return []


def readable_text(blocks: list[JsonDict], fallback_text: str = "") -> str:
    """The text on screen: Slack shows the blocks when there are any, the `text` only otherwise."""
    if not blocks:
        return fallback_text
    return "\n".join(line for block in blocks for line in _block_lines(block) if line)


def readable_view_text(definition: JsonDict) -> str:
    lines = [text_of(definition.get("title")), readable_text(list(definition.get("blocks") or []))]
    lines += [text_of(definition.get(button)) for button in ("submit", "close")]
    return "\n".join(line for line in lines if line)
