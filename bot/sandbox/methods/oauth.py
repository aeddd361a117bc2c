"""oauth.v2.access: the app exchanges an installer's code for the workspace's bot token. The app
authenticates with its client id and secret (HTTP Basic or form fields), not with a token."""

from __future__ import annotations

from bot.sandbox.methods.base import Args, Context, web_method
from bot.sandbox.model import JsonDict


@web_method("oauth.v2.access", token_type="client")
def access(context: Context, args: Args) -> JsonDict:
    workspace = context.workspace
    return workspace.oauth.exchange(
        workspace,
        client_id=args.required("client_id", error="invalid_client_id"),
        client_secret=args.required("client_secret", error="bad_client_secret"),
        code=args.required("code", error="invalid_code"),
        redirect_uri=args.string("redirect_uri"),
    )
