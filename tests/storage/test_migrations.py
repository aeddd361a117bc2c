from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import CheckConstraint, Engine, inspect
from sqlalchemy.exc import IntegrityError

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


TABLES_IN_USE = ("workshops", "participants", "answers")
# A workshop with one participant who answered one question twice, as schema 0009 stored them.
_ROWS_AT_0009 = (
    "INSERT INTO workshops (id, team_id, channel_id, facilitator_id, flow_id, flow_version, flow_hash,"
    " flow_json, status, anonymous, deadline, checkin_months, created_at) VALUES (1, 'T1', 'C1', 'UF',"
    " 'f', 1, 'h', '{}', 'collecting', true, '2026-12-01 09:00:00+00', '[12]', '2026-12-01 09:00:00+00')",
    "INSERT INTO participants (id, workshop_id, user_id, role, weight, status)"
    " VALUES (1, 1, 'U1', 'other', 1.0, 'answering')",
    "INSERT INTO answers (id, workshop_id, participant_id, question_id, round, revision, value, created_at)"
    " VALUES (1, 1, 1, 'q', 1, 1, 'true', '2026-12-01 09:00:00+00'),"
    " (2, 1, 1, 'q', 1, 2, 'false', '2026-12-01 09:05:00+00')",
)


def test_upgrading_a_database_in_use_keeps_every_row(bare_engine: Engine) -> None:
    # SQLite's batch mode rebuilds `workshops` by dropping it: with foreign keys on, that deleted
    # every participant and answer cascading from it.
    upgrade(bare_engine, "0009")
    with bare_engine.begin() as connection:
        for statement in _ROWS_AT_0009:
            connection.exec_driver_sql(statement)

    upgrade(bare_engine)

    with bare_engine.connect() as connection:
        counts = [connection.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar() for t in TABLES_IN_USE]
        answers = connection.exec_driver_sql("SELECT revision, latest FROM answers ORDER BY id").all()
    assert counts == [1, 1, 2]
    assert [(revision, bool(latest)) for revision, latest in answers] == [(1, False), (2, True)]


def test_foreign_keys_are_enforced_after_an_upgrade(bare_engine: Engine) -> None:
    # SQLite's are turned off while the schema changes, on a connection the pool then keeps.
    upgrade(bare_engine)
    orphan = (
        "INSERT INTO participants (workshop_id, user_id, role, weight, status)"
        " VALUES (99, 'U1', 'other', 1.0, 'invited')"
    )
    with pytest.raises(IntegrityError), bare_engine.begin() as connection:
        connection.exec_driver_sql(orphan)
