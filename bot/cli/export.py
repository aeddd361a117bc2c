"""`hiring-workshop export WORKSHOP_ID --format md|csv|json [--out FILE]`: a workshop's decision
record, the same files `/hiring export` sends, on stdout or into a file. Bad input is one line and
exit status 2, and nothing is written."""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from bot.cli.catalog import catalog_for
from bot.export.files import RENDERERS
from bot.export.gather import gather_record, team_of
from bot.process.settings import DEFAULT_DATABASE_URL
from bot.services.scope import ServiceScope
from bot.services.workshops import WorkshopService
from flows.errors import WorkshopError
from storage.db import make_engine, make_session_factory
from storage.migrate import require_current

WORKSHOP_ID = re.compile(r"#?(\d{1,12})")


def export(args: argparse.Namespace) -> int:
    workshop_id = _workshop_id(args.workshop_id)
    render = RENDERERS.get(args.format)
    if render is None:
        raise WorkshopError(
            f"'{args.format}' is not an export format.", f"Use --format {', '.join(RENDERERS)}."
        )
    out = Path(args.out) if args.out else None
    if out is not None and not out.parent.is_dir():
        raise WorkshopError(
            f"{out}: the folder {out.parent} does not exist.", "Create it, or write elsewhere."
        )
    url = args.database_url or os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    engine = make_engine(url)
    try:
        require_current(engine)
        with make_session_factory(engine)() as session:
            workshops = WorkshopService(ServiceScope(session, catalog_for(args)))
            workshop = workshops.get(team_of(session, workshop_id), workshop_id)
            text = render(gather_record(workshops, workshop))
    except SQLAlchemyError as error:
        first = str(error).strip().splitlines()[0]
        raise WorkshopError(
            f"Cannot read the database: {first}", "Check DATABASE_URL or --database-url."
        ) from None
    finally:
        engine.dispose()
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8", newline="")
    return 0


def _workshop_id(given: str) -> int:
    matched = WORKSHOP_ID.fullmatch(given.strip())
    if matched is None:
        raise WorkshopError(
            f"'{given}' is not a workshop number.", "Give the number Slack shows as #N, e.g. `export 12`."
        )
    return int(matched[1])
