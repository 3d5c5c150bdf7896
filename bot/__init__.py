"""Everything that touches the outside world: config, command line, channels, scheduler, outbox, database."""


class BotError(Exception):
    """Root of every error the bot package raises; its message is shown to staff as one line."""


class ConfigError(BotError, ValueError):
    """The configuration file or environment is missing something or holds a bad value."""
