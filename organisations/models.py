"""Units of the service, the oversight body and partners; staff posts with roles scoped to places."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import bounds
from places.models import Borough, CommandUnit, Ward


class Role(models.TextChoices):
    NEIGHBOURHOOD_OFFICER = "neighbourhood_officer", "Neighbourhood officer"
    ENGAGEMENT_LEAD = "engagement_lead", "Unit engagement lead"
    BOROUGH_CHAMPION = "borough_champion", "Borough engagement champion"
    CENTRAL_CHAMPION = "central_champion", "Central engagement champion"
    GROUP_OFFICER = "group_officer", "Panel chair or group secretary"
    OVERSIGHT_READER = "oversight_reader", "Oversight reader"
    PARTNER = "partner", "Partner"
    ADMINISTRATOR = "administrator", "Administrator"


class Unit(models.Model):
    """An organisational unit: a business group, a command unit, a neighbourhood team, a partner…"""

    class Kind(models.TextChoices):
        BUSINESS_GROUP = "business_group", _("Business group")
        COMMAND_UNIT = "command_unit", _("Command unit")
        NEIGHBOURHOOD_TEAM = "neighbourhood_team", _("Neighbourhood team")
        OVERSIGHT_BODY = "oversight_body", _("Oversight body")
        LOCAL_AUTHORITY = "local_authority", _("Local authority")
        COMMUNITY_SAFETY_PARTNERSHIP = "csp", _("Community safety partnership")
        PARTNER = "partner", _("Other partner")

    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40, blank=True, help_text="e.g. CO15, SO15, TP (SN)")
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices, db_index=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children")
    command_unit = models.ForeignKey(CommandUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    borough = models.ForeignKey(Borough, null=True, blank=True, on_delete=models.SET_NULL, related_name="units")
    ward = models.OneToOneField(
        Ward, null=True, blank=True, on_delete=models.SET_NULL, related_name="neighbourhood_team"
    )
    description = models.TextField(blank=True, validators=bounds.text_validators())
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    contact_notes = models.CharField(
        max_length=300, blank=True, help_text="How to reach the unit, e.g. opening times of a contact point"
    )
    is_active = models.BooleanField(default=True)
    # The description and contact notes in other languages, each with the English it was made from; read and
    # written through `languages.content` (this app sits below `languages`, so only the shape is declared here).
    translations = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [bounds.text_within("description", "organisations_unit_description_length")]

    def __str__(self) -> str:
        return f"{self.name} ({self.short_name})" if self.short_name else self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:unit", args=[self.slug])

    @property
    def is_police(self) -> bool:
        return self.kind in {self.Kind.BUSINESS_GROUP, self.Kind.COMMAND_UNIT, self.Kind.NEIGHBOURHOOD_TEAM}


class PostQuerySet(models.QuerySet["Post"]):
    def current(self) -> "PostQuerySet":
        from django.utils import timezone

        today = timezone.localdate()
        return self.filter(models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=today)).filter(
            models.Q(starts_on__isnull=True) | models.Q(starts_on__lte=today)
        )


class Post(models.Model):
    """A person's post in a unit, with a role and the places it covers.

    Scope: London-wide, or the listed boroughs (every ward in them) and wards. A post with no
    explicit places covers its unit's own area (a neighbourhood team's ward, a command unit's boroughs).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="posts")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="posts")
    role = models.CharField(max_length=30, choices=Role.choices)
    job_title = models.CharField(max_length=150, blank=True, help_text="e.g. Police Sergeant, PCSO")
    london_wide = models.BooleanField(default=False)
    boroughs = models.ManyToManyField(Borough, blank=True, related_name="+")
    wards = models.ManyToManyField(Ward, blank=True, related_name="+")
    listed_publicly = models.BooleanField(
        default=False, help_text="Show this person on the public page of the unit's area"
    )
    public_bio = models.CharField(max_length=500, blank=True)
    photo = models.ImageField(upload_to="team-photos/", blank=True)
    # The job title and public description in other languages (languages.content; a plain field, as on Unit)
    translations = models.JSONField(default=dict, blank=True)
    starts_on = models.DateField(null=True, blank=True, validators=bounds.date_validators())
    ends_on = models.DateField(null=True, blank=True, validators=bounds.date_validators())

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["unit__name", "role"]
        constraints = [
            bounds.in_order(
                "starts_on", "ends_on", "organisations_post_ends_after_start", "A post must not end before it starts."
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}, {self.unit}"


class PoliceForce(models.TextChoices):
    """The forces that police London, by their police.uk ids."""

    METROPOLITAN = "metropolitan", "Metropolitan Police Service"
    CITY_OF_LONDON = "city-of-london", "City of London Police"


# The police.uk `contact_details` keys a senior officer's profile may publish; each is a field of the same name.
SENIOR_OFFICER_CONTACTS = ("email", "telephone", "web", "twitter", "facebook", "youtube")
BIO_LENGTH = 2000

telephone_validator = RegexValidator(
    r"^\+?[0-9][0-9 ()-]{2,29}$", "Enter a telephone number using digits, spaces, brackets and hyphens only."
)


class SeniorOfficer(models.Model):
    """A senior officer's public profile, as a force publishes it on police.uk.

    Written for publication and not tied to anyone's account: nothing here is read from a person's
    account, so no private email or telephone can reach the open data.
    """

    force = models.CharField(max_length=30, choices=PoliceForce.choices, default=PoliceForce.METROPOLITAN)
    name = models.CharField(max_length=150, help_text="As published, e.g. Commander Jane Doe")
    rank = models.CharField(max_length=100, help_text="e.g. Commander, Deputy Assistant Commissioner")
    bio = models.TextField(
        "Short biography",
        blank=True,
        validators=bounds.text_validators(BIO_LENGTH),
        help_text="Plain text; leave a blank line between paragraphs",
    )
    email = models.EmailField("Public email address", blank=True)
    telephone = models.CharField("Public telephone number", max_length=30, blank=True, validators=[telephone_validator])
    web = models.URLField("Web page", blank=True, max_length=300)
    twitter = models.URLField("X (Twitter) profile", blank=True, max_length=300)
    facebook = models.URLField("Facebook page", blank=True, max_length=300)
    youtube = models.URLField("YouTube channel", blank=True, max_length=300)
    order = models.PositiveSmallIntegerField(
        default=0, validators=bounds.count_validators(999), help_text="Lower numbers are listed first"
    )
    is_published = models.BooleanField("Published", default=False)

    class Meta:
        ordering = ["force", "order", "name"]
        constraints = [bounds.text_within("bio", "organisations_seniorofficer_bio_length", BIO_LENGTH)]

    def __str__(self) -> str:
        return self.name

    def contact_details(self) -> dict[str, str]:
        """The published ways to reach the officer, under police.uk's keys."""
        return {key: getattr(self, key) for key in SENIOR_OFFICER_CONTACTS if getattr(self, key)}
