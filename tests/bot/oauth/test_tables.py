"""The installation and state tables are slack-sdk's, column for column, and migration 0003 comes and
goes cleanly. slack-sdk's store module cannot be imported here (it needs greenlet), so its table
builders are read from its source."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import slack_sdk
from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, Table, inspect

import storage
from storage.migrate import current_revision, upgrade
from storage.models import SLACK_BOTS, SLACK_INSTALLATIONS, SLACK_OAUTH_STATES

SLACK_SDK = Path(slack_sdk.__file__).parent / "oauth"
STORAGE = Path(storage.__file__).parent
BUILDERS = {
    "build_installations_table": (
        SLACK_SDK / "installation_store/sqlalchemy/__init__.py",
        SLACK_INSTALLATIONS,
    ),
    "build_bots_table": (SLACK_SDK / "installation_store/sqlalchemy/__init__.py", SLACK_BOTS),
    "build_oauth_states_table": (SLACK_SDK / "state_store/sqlalchemy/__init__.py", SLACK_OAUTH_STATES),
}
# Where ours differ on purpose: the token columns hold Fernet ciphertext (migration 0007).
WIDENED = {"bot_token", "bot_refresh_token", "user_token", "user_refresh_token"}
NEW_TABLES = {"workspaces", "slack_installations", "slack_bots", "slack_oauth_states"}


def calls_in_source(path: Path, builder: str, callee: str) -> list[ast.Call]:
    """The `callee(...)` calls in the first function named `builder` (the sync store's)."""
    function = next(
        node
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.FunctionDef) and node.name == builder
    )
    return [
        node for node in ast.walk(function) if isinstance(node, ast.Call) and ast.unparse(node.func) == callee
    ]


def columns_in_source(path: Path, builder: str) -> list[tuple[str, str, bool]]:
    """(name, type, nullable) of each Column(...) the builder creates."""
    found = []
    for call in calls_in_source(path, builder, "Column"):
        keywords = {k.arg: ast.unparse(k.value) for k in call.keywords}
        nullable = keywords.get("nullable") != "False" and keywords.get("primary_key") != "True"
        found.append((call.args[0].value, ast.unparse(call.args[1]), nullable))
    return found


def columns_of(table: Table) -> list[tuple[str, str, bool]]:
    return [(c.name, repr(c.type).replace("()", ""), bool(c.nullable)) for c in table.columns]


@pytest.mark.parametrize("builder", sorted(BUILDERS))
def test_the_tables_are_laid_out_as_slack_sdk_builds_them(builder: str) -> None:
    path, table = BUILDERS[builder]
    expected = [
        (name, "String(1000)" if name in WIDENED else kind.replace("sqlalchemy.", ""), nullable)
        for name, kind, nullable in columns_in_source(path, builder)
    ]
    ours = [(name, kind.replace("length=", ""), nullable) for name, kind, nullable in columns_of(table)]
    assert ours == expected
    indexed = [[arg.value for arg in call.args[1:]] for call in calls_in_source(path, builder, "Index")]
    assert indexed == [[column.name for column in index.columns] for index in table.indexes]


def test_migration_0003_comes_and_goes(engine: Engine) -> None:
    assert set(inspect(engine).get_table_names()) >= NEW_TABLES
    downgrade(engine, "0002")  # through 0007, which narrows the token columns back
    assert current_revision(engine) == "0002"
    assert not NEW_TABLES & set(inspect(engine).get_table_names())
    upgrade(engine)
    assert set(inspect(engine).get_table_names()) >= NEW_TABLES


def downgrade(engine: Engine, revision: str) -> None:
    config = Config(STORAGE / "alembic.ini")
    config.set_main_option("script_location", str(STORAGE / "migrations"))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)
