"""Budgets a spreadsheet or the API cannot sensibly hold are refused with a reason, never a server error."""

import pytest

from core.errors import ServiceError
from plans.parsing import parse_budget


@pytest.mark.parametrize("text", ["1e300", "NaN", "Infinity", "12345678901234", 1e300])
def test_an_impossible_budget_is_refused_with_a_reason(text):
    with pytest.raises(ServiceError) as raised:
        parse_budget(text)
    assert raised.value.field == "budget"


def test_the_largest_budget_a_plan_can_hold_is_read():
    assert str(parse_budget("£9,999,999,999.99")) == "9999999999.99"
