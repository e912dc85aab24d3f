"""Audiences beyond subscribers: a group's members, and the people who answered a consultation and left
their contact details. Both come from their own apps' queries, limited to what the sender may reach."""

from typing import Any

from django.db.models import Q

from alerts import permissions
from consultations import queries as consultation_queries
from consultations.models import Consultation
from groups import queries as group_queries
from groups.models import CommunityGroup


def groups_in_scope(user: Any) -> list[CommunityGroup]:
    """Active groups whose area lies in the places where `user` may send alerts."""
    scope = permissions.alert_scope(user)
    if scope.is_empty:
        return []
    groups = CommunityGroup.objects.filter(is_active=True).select_related("ward", "borough")
    if not scope.london_wide:
        groups = groups.filter(
            Q(level=CommunityGroup.Level.WARD, ward_id__in=scope.all_ward_ids() or set())
            | Q(level=CommunityGroup.Level.BOROUGH, borough_id__in=scope.borough_ids)
        )
    return list(groups.order_by("level", "name")[:1000])


def consultations_in_scope(user: Any) -> list[Consultation]:
    """Consultations the sender may run or read (their respondents can be told about them)."""
    if permissions.alert_scope(user).is_empty:
        return []
    return list(consultation_queries.staff_consultations(user).order_by("-opens_at")[:500])


def contacts_for(message: Any) -> list[dict[str, str]]:
    """[{'name', 'email', 'phone'}] of the message's group members and consultation respondents, each once."""
    found: list[tuple[str, str, str]] = []
    group = CommunityGroup.objects.filter(pk=message.group_id).first() if message.group_id else None
    if group is not None:
        found.extend(group_queries.member_contacts(group))
    consultation = Consultation.objects.filter(pk=message.consultation_id).first() if message.consultation_id else None
    if consultation is not None:
        found.extend(consultation_queries.respondent_contacts(consultation))
    seen: set[str] = set()
    out = []
    for name, email, phone in found:
        key = (email or phone or "").strip().lower()
        if not key or key in seen:
            continue
        seen.add(key)
        out.append({"name": name or "", "email": email or "", "phone": phone or ""})
    return out
