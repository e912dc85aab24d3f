"""Who may create, run and read consultations (django-rules), asked by pages, API and exports alike:

permissions.can_create(user)                 # RUN_CONSULTATIONS somewhere
permissions.can_place(user, data)            # RUN_CONSULTATIONS over every place the form names
permissions.can_run(user, consultation)      # change, invite, theme: RUN_CONSULTATIONS over its whole area
permissions.can_read_results(user, consultation)  # results and raw answers: can_run, or READ_ALL there
permissions.can_translate(user, consultation)     # its texts, sections and questions: whoever may run it
"""

from typing import Any

import rules

from consultations.models import Consultation
from organisations.scope import Capability, can_act_in, has_capability, scope_for


def _in_scope(consultation: Consultation, capability: Capability, user: Any) -> bool:
    scope = scope_for(user, capability)
    if scope.is_empty:
        return False
    if scope.london_wide:
        return True
    if consultation.london_wide:
        return False
    boroughs = list(consultation.boroughs.values_list("pk", flat=True))
    wards = list(consultation.wards.values_list("pk", "borough_id"))
    if not boroughs and not wards:
        return False
    return all(scope.covers_borough(b) for b in boroughs) and all(scope.covers_ward(w, b) for w, b in wards)


@rules.predicate
def can_create(user: Any) -> bool:
    return has_capability(user, Capability.RUN_CONSULTATIONS)


@rules.predicate
def can_place(user: Any, data: dict[str, Any]) -> bool:
    """May this user run a consultation in the wards, boroughs (or London-wide) given in `data`?"""
    return can_act_in(
        user,
        Capability.RUN_CONSULTATIONS,
        wards=list(data.get("wards") or []),
        boroughs=list(data.get("boroughs") or []),
        london_wide=bool(data.get("london_wide")),
    )


@rules.predicate
def can_run(user: Any, consultation: Consultation) -> bool:
    """May this user change the consultation, invite and analyse it?"""
    return _in_scope(consultation, Capability.RUN_CONSULTATIONS, user)


@rules.predicate
def can_read_results(user: Any, consultation: Consultation) -> bool:
    """May this user see results and export raw answers (RUN_CONSULTATIONS in scope, or READ_ALL)?"""
    return can_run(user, consultation) or _in_scope(consultation, Capability.READ_ALL, user)


@rules.predicate
def can_translate(user: Any, consultation: Consultation) -> bool:
    """Whoever may change a consultation may translate its description, sections and questions
    (`translations.translatable_consultations` is the same rule as a list)."""
    return can_run(user, consultation)


@rules.predicate
def works_on_consultations(user: Any) -> bool:
    """Runs consultations or reads everything somewhere (the workspace card)."""
    return any(not scope_for(user, c).is_empty for c in (Capability.RUN_CONSULTATIONS, Capability.READ_ALL))


rules.add_perm("consultations.add_consultation", can_create)
rules.add_perm("consultations.change_consultation", can_run)
rules.add_perm("consultations.view_results", can_read_results)
rules.add_perm("consultations.translate_consultation", can_translate)
