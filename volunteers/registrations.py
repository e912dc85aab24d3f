"""What the volunteers app adds to shared pages and registers with the project's registries."""

from django.utils.translation import gettext, gettext_noop

from core import registry
from volunteers import permissions, personal, queries
from volunteers.services import outreach


def _campaign_kept() -> str:
    return gettext(
        "Each campaign's target list is erased automatically when its retention period after the campaign ends "
        "has passed (the campaign says how long, at most two years); the outcome counts stay"
    )


def register() -> None:
    registry.personal_data.add("volunteers", export=personal.export_personal_data, erase=personal.erase_personal_data)
    registry.personal_records.add(
        "volunteers.volunteers",
        order=70,
        record=gettext_noop(
            "Volunteer records: name, contact details, date of birth and guardian (cadets), skills, "
            "languages, vetting, training, shifts and hours"
        ),
        basis=gettext_noop(
            "Public task (managing the service's volunteers); consent of a parent or guardian for a cadet"
        ),
        kept=lambda: gettext("While you volunteer with us; erased when you ask or your account is deleted"),
    )
    registry.personal_records.add(
        "volunteers.outreach_targets",
        order=71,
        record=gettext_noop(
            "Outreach call-back and door-knocking lists: name, phone number, address, outcome of contact"
        ),
        basis=gettext_noop("Public task (crime prevention and support to victims)"),
        kept=_campaign_kept,
        expire=outreach.expire_targets,
    )
    registry.workspace.add(
        "volunteers", order=60, template="volunteers/_workspace_card.html", context=queries.workspace_card
    )
    registry.account_nav.add("Your volunteering", "volunteers:me", order=10, visible=permissions.is_volunteer)
    registry.staff_nav.add("Volunteers", "volunteers:list", order=65, visible=permissions.can_coordinate)
