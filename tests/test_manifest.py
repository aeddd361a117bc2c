"""manifest.yml: valid against Slack's published schema, and exactly what the code uses."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft7Validator
from referencing import Registry, Resource

ROOT = Path(__file__).resolve().parents[1]
# Slack's manifest schema, vendored (MIT; see its LICENSE) so the check runs on any machine, offline.
SCHEMAS = Path(__file__).resolve().parent / "slack_manifest_schema"
SCHEMA_URL = "https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/"

# The bot scopes each Web API method needs (Slack's method reference). Methods that need none are
# listed with an empty set, so an unknown method fails the test until it is looked up and added.
SCOPES_BY_METHOD: dict[str, set[str]] = {
    "auth.test": set(),
    "chat.postMessage": {"chat:write"},
    "chat.postEphemeral": {"chat:write"},
    "chat.update": {"chat:write"},
    "chat.delete": {"chat:write"},
    "chat.getPermalink": set(),
    "conversations.open": {"im:write"},
    "conversations.info": {"channels:read", "groups:read"},
    # slack-sdk's helper: files.getUploadURLExternal, the upload, files.completeUploadExternal.
    "files.upload_v2": {"files:write"},
    "files.getUploadURLExternal": {"files:write"},
    "files.completeUploadExternal": {"files:write"},
    "users.info": {"users:read"},
    "views.open": set(),
    "views.push": set(),
    "views.update": set(),
    "views.publish": set(),
}
# Slash commands need the `commands` scope; app_home_opened needs none.
SCOPES_BY_FEATURE = {"slash_commands": {"commands"}}


@pytest.fixture(scope="module")
def manifest() -> dict:
    return yaml.safe_load((ROOT / "manifest.yml").read_text())


def bot_sources() -> list[ast.Module]:
    return [
        ast.parse(path.read_text(), str(path))
        for path in (ROOT / "bot").rglob("*.py")
        if "sandbox" not in path.parts  # the sandbox is the fake Slack, not the app
    ]


def web_api_methods_used() -> set[str]:
    """Every `client.chat_postMessage(...)`-style call in the bot, as Slack method names."""
    used: set[str] = set()
    for tree in bot_sources():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            receiver = ast.unparse(node.func.value)
            if receiver == "client" or receiver.endswith(".client"):
                family, _, method = node.func.attr.partition("_")
                used.add(f"{family}.{method}")
    return used


def listener_registrations(kind: str) -> set[str]:
    """The first string argument of every `app.<kind>("...")` call in the bot."""
    found: set[str] = set()
    for tree in bot_sources():
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == kind
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add(node.args[0].value)
    return found


def test_manifest_is_valid_against_slacks_schema(manifest: dict) -> None:
    root = json.loads((SCHEMAS / "manifest.schema.json").read_text())
    registry = Registry().with_resources(
        (SCHEMA_URL + name, Resource.from_contents(json.loads((SCHEMAS / name).read_text())))
        for name in ("manifest.schema.1.0.0.json", "manifest.schema.2.0.0.json")
    )
    errors = list(Draft7Validator(root, registry=registry).iter_errors(manifest))
    details = [f"{'/'.join(map(str, e.path))}: {e.message}" for err in errors for e in (err.context or [err])]
    assert not errors, details


def test_the_schema_check_rejects_a_broken_manifest(manifest: dict) -> None:
    root = json.loads((SCHEMAS / "manifest.schema.json").read_text())
    registry = Registry().with_resources(
        (SCHEMA_URL + name, Resource.from_contents(json.loads((SCHEMAS / name).read_text())))
        for name in ("manifest.schema.1.0.0.json", "manifest.schema.2.0.0.json")
    )
    broken = {**manifest, "display_information": {"name": ""}}
    assert list(Draft7Validator(root, registry=registry).iter_errors(broken))


def test_every_method_the_bot_calls_is_known_and_covered_by_a_scope(manifest: dict) -> None:
    used = web_api_methods_used()
    unknown = used - SCOPES_BY_METHOD.keys()
    assert not unknown, f"look up the scopes of {unknown} and add them to SCOPES_BY_METHOD"
    declared = set(manifest["oauth_config"]["scopes"]["bot"])
    needed = set().union(*(SCOPES_BY_METHOD[m] for m in used))
    assert needed <= declared, f"missing scopes: {needed - declared}"


def test_no_scope_is_asked_for_that_the_code_does_not_use(manifest: dict) -> None:
    used = web_api_methods_used()
    needed = set().union(*(SCOPES_BY_METHOD[m] for m in used), *SCOPES_BY_FEATURE.values())
    declared = set(manifest["oauth_config"]["scopes"]["bot"])
    assert declared <= needed, f"unused scopes: {declared - needed}"


def test_commands_and_events_match_the_listeners(manifest: dict) -> None:
    declared_commands = {c["command"] for c in manifest["features"]["slash_commands"]}
    assert declared_commands == listener_registrations("command")
    declared_events = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    assert declared_events == listener_registrations("event")


def test_people_can_message_the_bot_and_use_socket_mode(manifest: dict) -> None:
    home = manifest["features"]["app_home"]
    assert home["home_tab_enabled"] and home["messages_tab_enabled"]
    assert not home["messages_tab_read_only_enabled"]
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert manifest["features"]["slash_commands"][0]["usage_hint"]
