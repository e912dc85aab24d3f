"""Categories and states in the API as JSON Schema enums, from the models' choices.

`Annotated[str, OneOf(Category)]` validates a value against the choices (a 422 naming the field otherwise) and
declares `{"type": "string", "enum": [...]}` inline in the OpenAPI description, so generated clients get the
list without several apps' `Status` enums clashing in one schema namespace.
"""

from typing import Any

from django.db.models import Choices
from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema


class OneOf:
    def __init__(self, choices: type[Choices], *extra: str) -> None:
        self.values = [*(str(v) for v in choices.values), *extra]

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.literal_schema(self.values)
