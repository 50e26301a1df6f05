"""A customer's risk assessment (C "Compliance: risk scoring"): the level (kept on the customer
too, for the lists' filter), a score, and when it was last and is next reviewed. Confidential."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone

from customers.choices import RiskLevel


class RiskProfile(models.Model):
    customer = models.OneToOneField("customers.Customer", on_delete=models.PROTECT, related_name="risk_profile")
    level = models.CharField(max_length=6, choices=RiskLevel)
    score = models.PositiveSmallIntegerField(validators=[MaxValueValidator(100)], help_text="0 (none) to 100.")
    last_review_on = models.DateField("Last review")
    next_review_on = models.DateField("Next review", db_index=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(score__lte=100), name="risk_score_at_most_100"),
            models.CheckConstraint(
                condition=models.Q(next_review_on__gte=models.F("last_review_on")), name="risk_next_after_last"
            ),
        ]

    def __str__(self):
        return f"{self.get_level_display()} risk ({self.score})"
