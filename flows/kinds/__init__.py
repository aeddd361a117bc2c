"""Question kinds as plug-ins: one module per kind, found through `flows.kinds.registry`."""
