"""The flow catalog the command line works with: shipped flows plus the user's folder."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from flows.loader import FlowCatalog


def catalog_for(args: argparse.Namespace) -> FlowCatalog:
    extra = args.flows_dir or os.environ.get("FLOWS_DIR")
    return FlowCatalog.load(Path(extra) if extra else None)
