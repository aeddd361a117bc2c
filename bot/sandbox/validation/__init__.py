"""Block Kit and view checks Slack makes and slack-sdk's models do not (or only partly) make. Each
problem is reported the way Slack reports it: `[ERROR] <what> [json-pointer:<where>]`."""

from bot.sandbox.validation.blocks import MESSAGE_BLOCK_LIMIT, block_problems
from bot.sandbox.validation.views import VIEW_BLOCK_LIMIT, view_problems

__all__ = ["MESSAGE_BLOCK_LIMIT", "VIEW_BLOCK_LIMIT", "block_problems", "view_problems"]
