"""Versioned how-to guides and the packs assembled from them, given and acknowledged."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from core import bounds
from core.models import TimeStampedModel


class Audience(models.TextChoices):
    """Whom a guide or pack is for: each staff role, and the members of community groups."""

    EVERYONE = "everyone", "Everyone"
    NEIGHBOURHOOD_OFFICER = "neighbourhood_officer", "Neighbourhood officers"
    ENGAGEMENT_LEAD = "engagement_lead", "Unit engagement leads"
    BOROUGH_CHAMPION = "borough_champion", "Borough engagement champions"
    CENTRAL_CHAMPION = "central_champion", "Central engagement champion"
    OVERSIGHT_READER = "oversight_reader", "Oversight readers"
    PARTNER = "partner", "Partners"
    ADMINISTRATOR = "administrator", "Administrators"
    PANEL_CHAIR = "panel_chair", "Chairs of ward panels and groups"
    PANEL_MEMBER = "panel_member", "Members of ward panels and groups"


class Guide(TimeStampedModel):
    """A how-to guide, versioned: each change to its text is a new version, the old ones kept."""

    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=200)
    audience = models.CharField(max_length=30, choices=Audience.choices)
    summary = models.CharField(max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    owner_role = models.CharField(
        "Owning post", max_length=150, help_text="The post that keeps it up to date, e.g. Central engagement champion"
    )
    review_due = models.DateField(validators=bounds.date_validators())

    class Meta:
        ordering = ["audience", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("practice:guide", args=[self.slug])

    @property
    def current(self) -> "GuideVersion | None":
        return self.versions.order_by("-number").first()


class GuideVersion(models.Model):
    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(validators=bounds.count_validators())
    body = models.TextField(
        validators=bounds.text_validators(), help_text="Plain text: a blank line between paragraphs"
    )
    change_note = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["guide", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["guide", "number"], name="practice_guideversion_unique"),
            bounds.text_within("body", "practice_guideversion_body_length"),
            bounds.number_within("number", "practice_guideversion_number_in_range"),
        ]

    def __str__(self) -> str:
        return f"{self.guide} v{self.number}"


class Pack(TimeStampedModel):
    """A pack for one audience, assembled from guides and briefing documents (groups' briefings)."""

    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=200)
    audience = models.CharField(max_length=30, choices=Audience.choices)
    description = models.TextField(blank=True, validators=bounds.text_validators())
    guides = models.ManyToManyField(Guide, blank=True, related_name="packs")
    briefings = models.ManyToManyField(
        "groups.BriefingPack", blank=True, related_name="+", help_text="Documents kept with the groups' briefings"
    )
    required = models.BooleanField(default=True, help_text="Everyone in the audience must have it")

    class Meta:
        ordering = ["audience", "title"]
        constraints = [bounds.text_within("description", "practice_pack_description_length")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("practice:pack", args=[self.slug])


class PackReceipt(models.Model):
    """A pack given to a member of staff (who acknowledges it themselves) or to a group member."""

    pack = models.ForeignKey(Pack, on_delete=models.PROTECT, related_name="receipts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    member = models.ForeignKey("groups.Member", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField(validators=bounds.date_validators())
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    versions: models.JSONField[dict[str, int]] = models.JSONField(default=dict, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False, member__isnull=True)
                | models.Q(user__isnull=True, member__isnull=False),
                name="practice_packreceipt_one_recipient",
            ),
            models.UniqueConstraint(
                fields=["pack", "user"], condition=models.Q(user__isnull=False), name="practice_packreceipt_user"
            ),
            models.UniqueConstraint(
                fields=["pack", "member"], condition=models.Q(member__isnull=False), name="practice_packreceipt_member"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pack} given on {self.sent_on}"
