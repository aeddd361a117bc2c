from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import CheckConstraint, Engine, inspect

import storage.models  # noqa: F401  (every table on the metadata)
from flows.errors import WrongState
from storage.base import Base
from storage.migrate import current_revision, head_revision, require_current, upgrade


def test_upgrade_creates_exactly_the_models_schema(engine: Engine) -> None:
    with engine.connect() as connection:
        differences = compare_metadata(
            MigrationContext.configure(connection, opts={"compare_type": True}), Base.metadata
        )
    assert differences == []


def test_upgrade_creates_the_models_check_constraints(engine: Engine) -> None:
    # compare_metadata does not look at CHECK constraints, so they are compared here by name.
    inspector = inspect(engine)
    for table in Base.metadata.sorted_tables:
        expected = {c.name for c in table.constraints if isinstance(c, CheckConstraint)}
        found = {c["name"] for c in inspector.get_check_constraints(table.name)}
        assert found == expected, table.name


def test_upgrade_twice_changes_nothing(engine: Engine) -> None:
    upgrade(engine)
    assert current_revision(engine) == head_revision()


def test_require_current_names_the_command_on_an_empty_database(bare_engine: Engine) -> None:
    needs = rf"needs {head_revision()}\. Run: hiring-workshop db upgrade"
    with pytest.raises(WrongState, match=rf"is empty \(no tables yet\) but this version {needs}"):
        require_current(bare_engine)


def test_require_current_names_the_command_on_an_old_schema(bare_engine: Engine) -> None:
    upgrade(bare_engine, "0001")
    needs = rf"needs {head_revision()}\. Run: hiring-workshop db upgrade"
    with pytest.raises(WrongState, match=rf"The database schema is at 0001 but this version {needs}"):
        require_current(bare_engine)


def test_require_current_passes_once_upgraded(engine: Engine) -> None:
    require_current(engine)


def test_upgrade_accepts_a_url(database_url: str, bare_engine: Engine) -> None:
    upgrade(database_url)
    assert current_revision(bare_engine) == head_revision()
