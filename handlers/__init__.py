"""Chat transports (Telegram, Zalo, terminal): thin adapters around the channel-agnostic core in `bot`."""
