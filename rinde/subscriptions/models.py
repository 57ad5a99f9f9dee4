"""E-mail subscriptions (double opt-in) to the bulletins, a project of the plan or a
question, and the notifications sent to them, each delivery once per subscriber and item."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from rinde.entity.models import entity_key
from rinde.entity.scoped import EntityScopedQuerySet


class Topic(models.TextChoices):
    BULLETINS = "bulletins", _("Boletines de prensa")
    PROJECT = "project", _("Un proyecto del plan")
    QUESTION = "question", _("Una pregunta ciudadana")


class Subscription(models.Model):
    """One address following one topic. `target` names what is followed ("bulletins",
    "project:12", "question:RC2023-2JVW44") so one address follows it once."""

    entity = entity_key()
    email = models.EmailField(_("correo"))
    topic = models.CharField(_("tema"), max_length=10, choices=Topic)
    target = models.CharField(max_length=60)
    project = models.ForeignKey(
        "plan.Project", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    question = models.ForeignKey(
        "questions.Question", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # Ley 1581 de 2012: proof of the authorization (its text's version and when).
    authorization_version = models.CharField(max_length=40)
    authorized_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    # When the confirmation e-mail was asked for: its link and the pending row expire
    # CONFIRM_DAYS later (subscriptions.services).
    requested_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    objects = EntityScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("suscripción")
        verbose_name_plural = _("suscripciones")
        constraints = [
            # "bulletins" is every entity's target: an address follows it once per entity.
            models.UniqueConstraint(
                fields=["entity", "email", "target"],
                name="subscriptions_subscription_email_target_per_entity",
            )
        ]
        indexes = [models.Index(fields=["target", "confirmed_at"], name="subscription_target")]

    def __str__(self) -> str:
        return f"{self.target} #{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class Notification(models.Model):
    """Something new for a target's subscribers: a bulletin, a project's published cut, a
    question's answer. `key` is unique, so the same news queues nobody twice."""

    entity = entity_key()
    # Unique site-wide, not per entity: keys are built from site-wide primary keys
    # ("bulletin:12", "answer:40"), and a task run again under another entity must still
    # find the notification it queued.
    key = models.CharField(max_length=100, unique=True)
    target = models.CharField(max_length=60)
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    path = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    objects = EntityScopedQuerySet.as_manager()

    def __str__(self) -> str:
        return self.key


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("En cola")
    SENDING = "sending", _("Enviando")
    SENT = "sent", _("Enviado")
    FAILED = "failed", _("Falló")
    # The worker stopped while the message was handed over: it may have arrived, so it
    # is never sent again automatically (as outreach's bulletin deliveries).
    UNCONFIRMED = "unconfirmed", _("Sin confirmar")
    CANCELLED = "cancelled", _("Baja antes del envío")


class Delivery(models.Model):
    """One notification to one subscriber: the unique pair makes it happen once."""

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="deliveries"
    )
    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    status = models.CharField(max_length=12, choices=DeliveryStatus, default=DeliveryStatus.QUEUED)
    error = models.CharField(max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=64, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "subscription"], name="notification_delivered_once"
            )
        ]
        indexes = [
            models.Index(fields=["notification", "status", "id"], name="notification_claim_order")
        ]

    def __str__(self) -> str:
        return f"{self.notification_id} → {self.subscription_id} {self.status}"
