"""The limits every input is held to, in one place: API schemas, model validators and check constraints use these.

A number, date, text or list with no upper bound lets one request store a value that a database cannot hold
or that breaks every page that later reads it. Each bound here is far beyond any real use.
"""

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Annotated, Any

from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db.models import CheckConstraint, F, Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from ninja import Schema
from ninja.params.functions import Query
from pydantic import AfterValidator, BaseModel, Field, ModelWrapValidatorHandler, WithJsonSchema, model_validator

# Money in pounds and pence: a DecimalField(max_digits=10, decimal_places=2) holds up to this.
MAX_MONEY = Decimal("99999999.99")
# People at one event, and people reached (leaflets, views).
MAX_ATTENDANCE = 1_000_000
MAX_REACH = 1_000_000_000
# People living in one area (London is under ten million).
MAX_POPULATION = 20_000_000
# Any other count a person types (a target, a number of people, a position in a list).
MAX_COUNT = 1_000_000
# A number a person gives in answer to a question, of either sign.
MAX_ANSWER = 1_000_000_000
# Dates the service plans and records: none before 2000 or after 2099.
EARLIEST_YEAR = 2000
LATEST_YEAR = 2099
EARLIEST_DATE = date(EARLIEST_YEAR, 1, 1)
LATEST_DATE = date(LATEST_YEAR, 12, 31)
EARLIEST_DATETIME = datetime(EARLIEST_YEAR, 1, 1, tzinfo=UTC)
LATEST_DATETIME = datetime(LATEST_YEAR, 12, 31, 23, 59, 59, tzinfo=UTC)
# Free text (a purpose, notes, a description) and the items of one list (wards, dates, options).
MAX_TEXT = 20_000
MAX_LIST = 1_000
# Paging of API lists.
MAX_PAGE_SIZE = 500

DATE_RANGE = f"between {EARLIEST_YEAR} and {LATEST_YEAR}"


# ---------------------------------------------------------------- model validators


def money_validators() -> list[Any]:
    return [MinValueValidator(Decimal(0)), MaxValueValidator(MAX_MONEY)]


def count_validators(maximum: int = MAX_COUNT) -> list[Any]:
    return [MinValueValidator(0), MaxValueValidator(maximum)]


def answer_validators() -> list[Any]:
    return [MinValueValidator(-MAX_ANSWER), MaxValueValidator(MAX_ANSWER)]


def text_validators(maximum: int = MAX_TEXT) -> list[Any]:
    return [MaxLengthValidator(maximum)]


def date_validators() -> list[Any]:
    message = f"Give a date between {EARLIEST_YEAR} and {LATEST_YEAR}."
    return [MinValueValidator(EARLIEST_DATE, message=message), MaxValueValidator(LATEST_DATE, message=message)]


def datetime_validators() -> list[Any]:
    message = f"Give a date between {EARLIEST_YEAR} and {LATEST_YEAR}."
    return [
        MinValueValidator(EARLIEST_DATETIME, message=message),
        MaxValueValidator(LATEST_DATETIME, message=message),
    ]


# ---------------------------------------------------------------- database check constraints
# The same limits held by the database, so that no path that skips the validators (a bulk update, a script, a
# bug) can store a value the pages cannot read. SQLite does not enforce a VARCHAR's length; these do.


def text_within(field: str, name: str, maximum: int = MAX_TEXT) -> CheckConstraint:
    """The database refuses text in `field` longer than `maximum` characters."""
    return CheckConstraint(
        condition=LessThanOrEqual(Length(field), maximum),
        name=name,
        violation_error_message=f"Use at most {maximum:,} characters.",
    )


def number_within(
    field: str, name: str, maximum: int | Decimal = MAX_COUNT, minimum: int | Decimal = 0
) -> CheckConstraint:
    """The database refuses a number in `field` outside minimum..maximum (an empty value is allowed)."""
    return CheckConstraint(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": minimum, f"{field}__lte": maximum}),
        name=name,
        violation_error_message=f"Give a number from {minimum:,} to {maximum:,}.",
    )


def in_order(
    start: str, end: str, name: str, message: str = "The end must not be before the start."
) -> CheckConstraint:
    """The database refuses a pair whose `end` is before its `start` (either may be empty)."""
    return CheckConstraint(
        condition=Q(**{f"{start}__isnull": True}) | Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": F(start)}),
        name=name,
        violation_error_message=message,
    )


# ---------------------------------------------------------------- API schema types


def _in_date_range(value: Any) -> Any:
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValueError(f"Give a date {DATE_RANGE}.")
    return value


Money = Annotated[
    Decimal,
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": float(MAX_MONEY), "multipleOf": 0.01}),
    Field(ge=0, le=MAX_MONEY, max_digits=10, decimal_places=2, description="Pounds and pence, up to 99999999.99"),
]
Attendance = Annotated[int, Field(ge=0, le=MAX_ATTENDANCE)]
Reach = Annotated[int, Field(ge=0, le=MAX_REACH)]
Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]
Id = Annotated[int, Field(ge=1, le=2**31 - 1)]
Text = Annotated[str, Field(max_length=MAX_TEXT)]
# JSON Schema has no minimum for a date string; the pattern tells clients (and the fuzzer) the years allowed.
YEAR_PATTERN = r"^20[0-9]{2}-"
BoundedDate = Annotated[
    date,
    Field(
        ge=EARLIEST_DATE,
        le=LATEST_DATE,
        description=f"A date {DATE_RANGE}",
        json_schema_extra={"pattern": YEAR_PATTERN},
    ),
]
BoundedDateTime = Annotated[
    datetime,
    AfterValidator(_in_date_range),
    Field(description=f"ISO 8601 date and time {DATE_RANGE}", json_schema_extra={"pattern": YEAR_PATTERN}),
]


QueryDate = Annotated[
    date,
    WithJsonSchema({"type": "string", "format": "date", "pattern": YEAR_PATTERN}),
    Query(ge=EARLIEST_DATE, le=LATEST_DATE, description=f"A date {DATE_RANGE}"),
]


class ObjectIn(Schema):
    """A request body that must be a JSON object.

    Ninja reads a body through attribute access, so a list or a number sent to a schema whose fields are all
    optional would pass as "nothing to change"; this refuses it with a 422 instead.
    """

    @model_validator(mode="wrap")
    @classmethod
    def _must_be_an_object(cls, values: Any, handler: ModelWrapValidatorHandler[Any]) -> Any:
        if not isinstance(values, dict | BaseModel):
            raise ValueError("The body must be a JSON object.")
        return handler(values)
