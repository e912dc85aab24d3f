"""Who may add to "we asked, you said, we did" records (django-rules), asked by pages and services alike:

permissions.can_edit(user, record)      # PUBLISH_FEEDBACK in one of the record's places
permissions.editable_records(user)      # the records whose places lie (partly) in that scope
permissions.can_translate(user, record) # who may add to a record may translate its texts
"""

from typing import Any

import rules
from django.db.models import QuerySet

from feedback import queries
from feedback.models import FeedbackRecord
from organisations.scope import Capability, scope_for


@rules.predicate
def publishes_feedback(user: Any) -> bool:
    """Holds PUBLISH_FEEDBACK somewhere."""
    return not scope_for(user, Capability.PUBLISH_FEEDBACK).is_empty


@rules.predicate
def can_edit(user: Any, record: FeedbackRecord) -> bool:
    scope = scope_for(user, Capability.PUBLISH_FEEDBACK)
    if scope.is_empty:
        return False
    if scope.london_wide:
        return True
    if record.london_wide:
        return False
    for ward in record.wards.all():
        if scope.covers_ward(ward.pk, ward.borough_id):
            return True
    return any(scope.touches_borough(b.pk) for b in record.boroughs.all())


def editable_records(user: Any) -> QuerySet[FeedbackRecord]:
    """Records the user may add to: those whose places lie (at least partly) in their PUBLISH_FEEDBACK scope."""
    return queries.in_scope(scope_for(user, Capability.PUBLISH_FEEDBACK))


@rules.predicate
def can_translate(user: Any, record: FeedbackRecord) -> bool:
    """Whoever may add to a record may translate its title, asked, said and did."""
    return can_edit(user, record)


rules.add_perm("feedback.change_feedbackrecord", can_edit)
rules.add_perm("feedback.translate_feedbackrecord", can_translate)
