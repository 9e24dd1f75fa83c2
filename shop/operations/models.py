from django.db import models
from django.utils.translation import gettext_lazy as _


class BeatHeartbeat(models.Model):
    """When the heartbeat task last ran: beat scheduled it, the broker carried it, a worker ran it.

    One row, overwritten every minute. It lives in the database rather than the cache because
    a Redis restart empties the cache, which would make a healthy beat look dead until its next
    run, and because every web server reads the same database.
    """

    ran_at = models.DateTimeField(_("ran at"))

    class Meta:
        verbose_name = _("beat heartbeat")
        verbose_name_plural = _("beat heartbeats")

    def __str__(self) -> str:
        return self.ran_at.isoformat(timespec="seconds")
