"""Council papers in, facts and citable passages out: reading, parsing, storing and searching."""


class KnowledgeError(Exception):
    """Root of every error the knowledge package raises."""


class UnreadableDocument(KnowledgeError):
    """A file that cannot be turned into text (corrupt, encrypted, image-only, unknown type)."""
