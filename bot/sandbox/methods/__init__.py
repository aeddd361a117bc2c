"""The Web API methods the sandbox answers, registered by name in `METHODS` on import."""

from bot.sandbox.methods import auth, chat, conversations, files, oauth, users, views
from bot.sandbox.methods.base import METHODS, Args, Context, Method

__all__ = [
    "METHODS",
    "Args",
    "Context",
    "Method",
    "auth",
    "chat",
    "conversations",
    "files",
    "oauth",
    "users",
    "views",
]
