"""views.open, views.push, views.update and views.publish."""

from __future__ import annotations

from typing import Any

from bot.sandbox.errors import SlackError
from bot.sandbox.methods.base import Args, Context, web_method
from bot.sandbox.model import JsonDict, Trigger, View
from bot.sandbox.normalize import view_with_ids
from bot.sandbox.serialize import view_json
from bot.sandbox.validation import view_problems

TRIGGER_LIFETIME = 3.0
MODAL_STACK_LIMIT = 3


def _definition(context: Context, args: Args, *, kind: str | None) -> JsonDict:
    view: Any = args.json_value("view", bad_format="invalid_arguments")
    if view is None:
        raise SlackError("invalid_arguments", messages=["[ERROR] missing required field: view"])
    problems = view_problems(view)
    if not problems and kind is not None and view.get("type") != kind:
        problems = [f"[ERROR] must be {kind} for this method [json-pointer:/view/type]"]
    if problems:
        raise SlackError("invalid_arguments", messages=problems)
    return view_with_ids(view, context.workspace.ids)


def _exchange_trigger(context: Context, args: Args) -> Trigger:
    trigger_id = args.string("trigger_id") or args.required(
        "interactivity_pointer", error="invalid_trigger_id"
    )
    trigger = context.workspace.triggers.get(trigger_id)
    if trigger is None or trigger.team_id != context.team.id:
        raise SlackError("invalid_trigger_id")
    if trigger.used:
        raise SlackError("exchanged_trigger_id")
    if context.now - trigger.issued_at > TRIGGER_LIFETIME:
        raise SlackError("expired_trigger_id")
    trigger.used = True
    return trigger


def _refuse_taken_external_id(context: Context, definition: JsonDict, *, keep: View | None = None) -> None:
    external_id = definition.get("external_id")
    for view in context.workspace.views.values():
        taken = view.team_id == context.team.id and not view.closed and view is not keep
        if external_id and taken and view.external_id == external_id:
            raise SlackError("duplicate_external_id")


def _answer(context: Context, view: View) -> JsonDict:
    return {"ok": True, "view": view_json(view, context.team, context.workspace.app_id)}


@web_method("views.open")
def open_view(context: Context, args: Args) -> JsonDict:
    trigger = _exchange_trigger(context, args)
    definition = _definition(context, args, kind="modal")
    _refuse_taken_external_id(context, definition)
    workspace = context.workspace
    workspace.close_modals(trigger.team_id, trigger.user_id)
    view = workspace.new_view(trigger.team_id, trigger.user_id, definition, previous=None)
    workspace.modal_stack(trigger.team_id, trigger.user_id).append(view.id)
    return _answer(context, view)


@web_method("views.push")
def push(context: Context, args: Args) -> JsonDict:
    trigger = _exchange_trigger(context, args)
    definition = _definition(context, args, kind="modal")
    workspace = context.workspace
    top = workspace.top_modal(trigger.team_id, trigger.user_id)
    if top is None:
        # Slack only pushes onto a modal the person has open.
        raise SlackError("not_found")
    if len(workspace.modal_stack(trigger.team_id, trigger.user_id)) >= MODAL_STACK_LIMIT:
        raise SlackError("push_limit_reached")
    _refuse_taken_external_id(context, definition)
    view = workspace.new_view(trigger.team_id, trigger.user_id, definition, previous=top)
    workspace.modal_stack(trigger.team_id, trigger.user_id).append(view.id)
    return _answer(context, view)


def _view_to_update(context: Context, args: Args) -> View:
    view_id, external_id = args.string("view_id"), args.string("external_id")
    if view_id is None and external_id is None:
        raise SlackError("invalid_arguments", messages=["[ERROR] must provide view_id or external_id"])
    for view in context.workspace.views.values():
        same = view.id == view_id if view_id else view.external_id == external_id
        if same and view.team_id == context.team.id and not view.closed:
            return view
    raise SlackError("not_found")


@web_method("views.update")
def update(context: Context, args: Args) -> JsonDict:
    view = _view_to_update(context, args)
    if args.string("hash") is not None and args.string("hash") != view.hash:
        raise SlackError("hash_conflict")
    definition = _definition(context, args, kind=view.type)
    _refuse_taken_external_id(context, definition, keep=view)
    context.workspace.replace_view(view, definition)
    return _answer(context, view)


@web_method("views.publish")
def publish(context: Context, args: Args) -> JsonDict:
    user_id = args.required("user_id", error="user_not_found")
    if (context.team.id, user_id) not in context.workspace.users:
        raise SlackError("user_not_found")
    workspace = context.workspace
    existing_id = workspace.home_views.get((context.team.id, user_id))
    existing = workspace.views.get(existing_id) if existing_id else None
    if existing is not None and args.string("hash") is not None and args.string("hash") != existing.hash:
        raise SlackError("hash_conflict")
    definition = _definition(context, args, kind="home")
    if existing is not None:
        workspace.replace_view(existing, definition)
        return _answer(context, existing)
    view = workspace.new_view(context.team.id, user_id, definition, previous=None)
    workspace.home_views[(context.team.id, user_id)] = view.id
    return _answer(context, view)
