"""Who works which targets of an outreach campaign: coordinators add volunteers and officers to a campaign and
assign targets to them, one at a time, a chosen set, or every unassigned target shared evenly; each person sees
and works only the targets assigned to them. Progress is counted per assignee. Every change is audited (counts
and account ids, never a target's details)."""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Q

from core import audit
from core.errors import NotAllowed, ServiceError
from volunteers import permissions
from volunteers.models import Campaign, Target

MAX_ASSIGNEES = 200
MAX_AT_ONCE = 20_000


def _manage(by: Any, campaign: Campaign) -> None:
    if not permissions.can_manage_campaign(by, campaign):
        raise NotAllowed("Only the campaign's coordinators assign its targets.")
    if campaign.targets_erased_at:
        raise ServiceError("This campaign's target list has been erased.")


def accounts_for(emails_text: str) -> list[Any]:
    """Active accounts for the email addresses given one a line; refused naming any unknown."""
    emails = sorted({e.strip().lower() for e in (emails_text or "").splitlines() if e.strip()})
    if not emails:
        raise ServiceError("Enter at least one email address.", field="emails")
    if len(emails) > MAX_ASSIGNEES:
        raise ServiceError(f"Add at most {MAX_ASSIGNEES} people at once.", field="emails")
    users = list(get_user_model().objects.filter(email__in=emails, is_active=True))
    unknown = sorted(set(emails) - {u.email.lower() for u in users})
    if unknown:
        raise ServiceError(f"No account with these addresses: {', '.join(unknown)}.", field="emails")
    return users


@transaction.atomic
def add_assignees(*, by: Any, campaign: Campaign, users: list[Any]) -> int:
    _manage(by, campaign)
    have = set(campaign.assignees.values_list("pk", flat=True))
    new = [u for u in users if u.pk not in have]
    if len(have) + len(new) > MAX_ASSIGNEES:
        raise ServiceError(f"A campaign has at most {MAX_ASSIGNEES} people working it.", field="emails")
    campaign.assignees.add(*new)
    audit.log(by, "outreach.assignees_added", campaign, changes={"accounts": [u.pk for u in new]})
    return len(new)


@transaction.atomic
def remove_assignee(*, by: Any, campaign: Campaign, user: Any) -> int:
    """Take someone off a campaign; their targets go back to unassigned."""
    _manage(by, campaign)
    if not campaign.assignees.filter(pk=user.pk).exists():
        raise ServiceError("That person does not work this campaign.", field="assignee")
    freed = campaign.targets.filter(assigned_to=user).update(assigned_to=None)
    campaign.assignees.remove(user)
    audit.log(by, "outreach.assignee_removed", campaign, changes={"account": user.pk, "targets_freed": freed})
    return freed


def _assignee(campaign: Campaign, user: Any) -> Any:
    if user is not None and not campaign.assignees.filter(pk=user.pk).exists():
        raise ServiceError("Choose someone who works this campaign.", field="assignee")
    return user


@transaction.atomic
def assign_targets(*, by: Any, campaign: Campaign, target_ids: list[int], assignee: Any) -> int:
    """Assign the chosen targets of this campaign to `assignee` (None: unassign them)."""
    _manage(by, campaign)
    _assignee(campaign, assignee)
    ids = {int(i) for i in target_ids}
    if not ids:
        raise ServiceError("Choose at least one target.", field="targets")
    if len(ids) > MAX_AT_ONCE:
        raise ServiceError(f"Assign at most {MAX_AT_ONCE:,} targets at once.", field="targets")
    found = campaign.targets.filter(pk__in=ids)
    if found.count() != len(ids):
        raise ServiceError("Some of the targets chosen are not on this campaign's list.", field="targets")
    changed = found.update(assigned_to=assignee)
    audit.log(
        by,
        "outreach.targets_assigned",
        campaign,
        changes={"targets": changed, "assignee": getattr(assignee, "pk", None)},
    )
    return changed


@transaction.atomic
def share_unassigned(*, by: Any, campaign: Campaign) -> dict[int, int]:
    """Share every unassigned target among the campaign's people, evenly and in list order; {account id: n}."""
    _manage(by, campaign)
    people = list(campaign.assignees.order_by("pk").values_list("pk", flat=True))
    if not people:
        raise ServiceError("Add the people who work this campaign first.", field="assignee")
    ids = list(campaign.targets.filter(assigned_to__isnull=True).order_by("pk").values_list("pk", flat=True))
    if not ids:
        raise ServiceError("Every target is already assigned.", field="targets")
    shares: dict[int, int] = {}
    for n, person in enumerate(people):
        mine = ids[n :: len(people)]
        if mine:
            shares[person] = Target.objects.filter(pk__in=mine).update(assigned_to_id=person)
    audit.log(by, "outreach.targets_shared", campaign, changes={"shares": {str(k): v for k, v in shares.items()}})
    return shares


@dataclass
class Progress:
    name: str
    user_id: int | None
    assigned: int = 0
    contacted: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)

    @property
    def percent(self) -> int:
        return round(100 * self.contacted / self.assigned) if self.assigned else 0


def progress(campaign: Campaign, only: Any = None) -> list[Progress]:
    """Targets assigned and contacted per person (and unassigned), by outcome; `only`: that person's row alone."""
    people = {u.pk: u for u in campaign.assignees.all()}
    rows: dict[int | None, Progress] = {
        pk: Progress(u.get_full_name() or u.email, pk) for pk, u in sorted(people.items())
    }
    targets = campaign.targets.all()
    if only is not None:
        targets = targets.filter(assigned_to=only)
        rows = {k: v for k, v in rows.items() if k == only.pk}
    tallies: dict[int | None, dict[str, int]] = defaultdict(dict)
    labels = dict(Target.Outcome.choices)
    for r in targets.values("assigned_to", "outcome").annotate(n=Count("pk"), done=Count("pk", filter=~Q(outcome=""))):
        key: int | None = r["assigned_to"]
        if key not in rows:
            rows[key] = Progress("Not assigned" if key is None else "No longer on the campaign", key)
        rows[key].assigned += r["n"]
        rows[key].contacted += r["done"]
        if r["outcome"]:
            tallies[key][labels.get(r["outcome"], r["outcome"])] = r["n"]
    for owner, counts in tallies.items():
        rows[owner].outcomes = counts
    return list(rows.values())
