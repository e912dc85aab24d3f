"""London's places: command units, boroughs, wards, postcodes and their census profiles."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from core import bounds

# The UK and its islands in degrees (WGS84): a postcode's centre is always inside.
LATITUDE = (49.0, 61.5)
LONGITUDE = (-8.7, 2.1)


class CommandUnit(models.Model):
    """A basic command unit (BCU): a group of boroughs policed together."""

    number = models.PositiveSmallIntegerField(unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} BCU"


class Borough(models.Model):
    code = models.CharField("ONS code", max_length=9, unique=True)
    name = models.CharField(max_length=100)
    command_unit = models.ForeignKey(
        CommandUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="boroughs"
    )
    police_force = models.CharField(max_length=100)
    population = models.PositiveIntegerField(
        null=True, blank=True, validators=bounds.count_validators(bounds.MAX_POPULATION)
    )

    class Meta:
        ordering = ["name"]
        constraints = [bounds.number_within("population", "places_borough_population_in_range", bounds.MAX_POPULATION)]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("website:borough", args=[self.code])


class Ward(models.Model):
    code = models.CharField("ONS code", max_length=9, unique=True)
    name = models.CharField(max_length=100)
    borough = models.ForeignKey(Borough, on_delete=models.PROTECT, related_name="wards")
    is_city_of_london_ward = models.BooleanField(default=False)
    population = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Census 2021 usual residents",
        validators=bounds.count_validators(bounds.MAX_POPULATION),
    )

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["borough", "name"])]
        constraints = [bounds.number_within("population", "places_ward_population_in_range", bounds.MAX_POPULATION)]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("website:ward", args=[self.code])


class Postcode(models.Model):
    """One postcode from the ONS postcode directory, stored without spaces in upper case."""

    postcode = models.CharField(max_length=8, primary_key=True)
    display = models.CharField(max_length=8)
    # Indexed below for London's rows only: a full directory's other rows (87%) have neither.
    ward = models.ForeignKey(
        Ward, null=True, blank=True, on_delete=models.SET_NULL, related_name="postcodes", db_index=False
    )
    borough = models.ForeignKey(
        Borough, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    lsoa_code = models.CharField(max_length=9, blank=True)
    terminated = models.BooleanField(default=False)
    terminated_on = models.DateField(
        null=True, blank=True, help_text="The month the postcode was retired (ONS doterm), as its first day"
    )
    latitude = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(LATITUDE[0]), MaxValueValidator(LATITUDE[1])]
    )
    longitude = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(LONGITUDE[0]), MaxValueValidator(LONGITUDE[1])]
    )

    class Meta:
        # Partial indexes: a postcode outside London (no ward, no borough) costs only its primary key to write,
        # which is most of the time of a load of the whole directory (`load_postcodes --all`).
        indexes = [
            models.Index(fields=["ward"], name="places_postcode_ward", condition=models.Q(ward__isnull=False)),
            models.Index(fields=["borough"], name="places_postcode_borough", condition=models.Q(borough__isnull=False)),
            # Read by "use my location" (the nearest postcode with a ward).
            models.Index(
                fields=["latitude", "longitude"],
                name="places_postcode_position",
                condition=models.Q(ward__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True)
                | models.Q(latitude__gte=LATITUDE[0], latitude__lte=LATITUDE[1]),
                name="places_postcode_latitude_in_uk",
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__isnull=True)
                | models.Q(longitude__gte=LONGITUDE[0], longitude__lte=LONGITUDE[1]),
                name="places_postcode_longitude_in_uk",
            ),
        ]

    def __str__(self) -> str:
        return self.display


class CensusFigure(models.Model):
    """One Census 2021 figure for a borough or a ward: a count or a percentage of a category."""

    class Unit(models.TextChoices):
        COUNT = "count", "count"
        PERCENT = "percent", "percent"

    borough = models.ForeignKey(Borough, null=True, blank=True, on_delete=models.CASCADE, related_name="census")
    ward = models.ForeignKey(Ward, null=True, blank=True, on_delete=models.CASCADE, related_name="census")
    topic = models.CharField(max_length=100, help_text="e.g. Ethnic group, Sex, Disability, Age, Religion")
    category = models.CharField(max_length=200)
    unit = models.CharField(max_length=10, choices=Unit.choices)
    value = models.FloatField(validators=[MinValueValidator(0), MaxValueValidator(bounds.MAX_POPULATION)])
    population_base = models.CharField(max_length=100, blank=True, help_text="e.g. all usual residents")

    class Meta:
        indexes = [models.Index(fields=["topic", "borough"]), models.Index(fields=["topic", "ward"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(borough__isnull=False) | models.Q(ward__isnull=False),
                name="censusfigure_has_area",
            ),
            bounds.number_within("value", "censusfigure_value_in_range", bounds.MAX_POPULATION),
            models.CheckConstraint(
                condition=~models.Q(unit="percent") | models.Q(value__lte=100),
                name="censusfigure_percent_at_most_100",
                violation_error_message="A percentage is at most 100.",
            ),
        ]

    def __str__(self) -> str:
        area = self.ward or self.borough
        return f"{area}: {self.topic} / {self.category} = {self.value} {self.unit}"
