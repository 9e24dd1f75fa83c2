class PublishedVersionLocked(Exception):
    """A published legal version was about to be changed or deleted; it never is."""
