"""Charts drawn as PNG bytes: pure functions of what the engine found, no Slack, no database."""
