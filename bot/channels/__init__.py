"""Channel adapters: they turn a channel's messages into handlers.Inbound and Replies back into messages."""
