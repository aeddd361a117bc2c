"""What the installer's browser shows when an installation cannot finish: what went wrong and what to
do, one line each, with a link back to the install page."""

from __future__ import annotations

import html

# Bolt's failure reasons, in the installer's words.
FAILURES: dict[str, tuple[str, str]] = {
    "access_denied": ("The installation was cancelled in Slack.", "To add the app, start again"),
    "invalid_browser": (
        "This browser did not start the installation, or its install cookie has expired.",
        "Start again in this browser",
    ),
    "invalid_state": (
        "This install link has expired or was already used.",
        "Get a fresh one and start again",
    ),
    "missing_code": ("Slack sent no authorization code back.", "Start again"),
    "invalid_code": (
        "Slack did not accept the authorization code (it may have expired).",
        "Start again; if it keeps happening, check SLACK_CLIENT_ID and SLACK_CLIENT_SECRET",
    ),
    "storage_error": ("The installation could not be saved.", "Check the app's database, then start again"),
}


def failure_page(reason: str, install_path: str) -> str:
    problem, fix = FAILURES.get(reason, (f"The installation failed ({reason}).", "Start again"))
    return f"""<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Hiring Workshop was not installed</title></head>
<body>
<h1>Hiring Workshop was not installed</h1>
<p>{html.escape(problem)}</p>
<p>{html.escape(fix)} from <a href="{html.escape(install_path)}">the install page</a>.</p>
</body>
</html>
"""
