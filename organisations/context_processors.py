from typing import Any

from django.http import HttpRequest

from organisations.scope import is_staff_member


def staff(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {"is_staff_member": bool(user is not None and is_staff_member(user))}
