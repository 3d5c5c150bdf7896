"""What the bot decides and says, the same for every channel."""


class HandlerError(Exception):
    """Root of every error the handlers package raises."""
