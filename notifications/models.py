"""What each person wants to receive by e-mail, and the weekly digests already sent."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """The kinds of e-mail the application sends. Each person may turn each one off."""

    UPDATE_SUBMITTED = "update_submitted", _("Un point d'avancement attend ma validation")
    UPDATE_REVIEWED = "update_reviewed", _("Mon point d'avancement est approuvé ou renvoyé")
    MEETING = "meeting", _("Une réunion de mes espaces de concertation est ajoutée ou déplacée")
    DIGEST = "digest", _("Rappel hebdomadaire : actions sans nouvelles, points en attente")


class Preferences(models.Model):
    """A person's choices. Without a row, the defaults of the fields apply: everything on,
    except the meetings, which a member of a space asks for."""

    # The field of each kind, and whether the kind is sent to someone who never chose.
    FIELDS = {
        Kind.UPDATE_SUBMITTED: "wants_update_submitted",
        Kind.UPDATE_REVIEWED: "wants_update_reviewed",
        Kind.MEETING: "wants_meetings",
        Kind.DIGEST: "wants_digest",
    }

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("utilisateur"),
    )
    language = models.CharField(
        _("langue des e-mails"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    wants_update_submitted = models.BooleanField(Kind.UPDATE_SUBMITTED.label, default=True)
    wants_update_reviewed = models.BooleanField(Kind.UPDATE_REVIEWED.label, default=True)
    wants_meetings = models.BooleanField(Kind.MEETING.label, default=False)
    wants_digest = models.BooleanField(Kind.DIGEST.label, default=True)

    class Meta:
        ordering = ["user"]
        verbose_name = _("préférences de notification")
        verbose_name_plural = _("préférences de notification")

    def __str__(self):
        return str(self.user)

    @classmethod
    def is_wanted_by_default(cls, kind):
        return cls._meta.get_field(cls.FIELDS[kind]).default


class Digest(models.Model):
    """A weekly reminder sent to one person: at most one in seven days (send_reminders)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="digests",
        verbose_name=_("destinataire"),
    )
    sent_at = models.DateTimeField(_("envoyé le"))
    action_count = models.PositiveIntegerField(_("actions sans nouvelles"))
    waiting_update_count = models.PositiveIntegerField(_("points en attente"), default=0)
    email = models.ForeignKey(
        "post_office.Email",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("e-mail"),
    )

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("rappel hebdomadaire")
        verbose_name_plural = _("rappels hebdomadaires")
        indexes = [
            # send_reminders reads who already had a digest this week.
            models.Index(fields=["-sent_at"], name="digest_recent_idx"),
        ]

    def __str__(self):
        return f"{self.user} — {self.sent_at:%d/%m/%Y}"
