"""Fictional demo issues and ward priorities (places are real; people and events are invented)."""

import random
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from core import pagecache
from feedback import services as feedback_services
from languages import content
from places.models import Ward
from priorities.models import Category, Issue, Priority, Review

LEWISHAM, LAMBETH = "E09000023", "E09000022"

TEMPLATES: dict[str, tuple[str, str, str]] = {
    # category: (issue, planned action, what was done)
    Category.ASB: (
        "Groups gathering late at night near the shops and the station, with noise and litter.",
        "Evening patrols on Fridays and Saturdays; work with the council's ASB team and the shop owners.",
        "Twelve evening patrols; two dispersal orders; the council cleared the alley and fixed a street light.",
    ),
    Category.DRUGS: (
        "Drug dealing in the stairwells of the estate.",
        "Targeted patrols, a warrant where intelligence supports it, and better door entry with the housing team.",
        "One warrant executed; the housing team replaced two broken door-entry systems.",
    ),
    Category.BURGLARY: (
        "Burglaries of houses backing onto the park.",
        "Crime prevention visits and free property marking for the streets affected.",
        "Sixty-four crime prevention visits; property marking at two community events.",
    ),
    Category.ROAD_SAFETY: (
        "Speeding on the main road outside the primary school.",
        "Community Roadwatch sessions with residents and joint work with the council on traffic calming.",
        "Five Roadwatch sessions, 118 drivers warned; the council is consulting on a 20 mph zone.",
    ),
    Category.VEHICLE_CRIME: (
        "Catalytic converter thefts from cars parked overnight.",
        "Patrols at the hotspots and free marking of catalytic converters.",
        "Forty converters marked; two arrests after a resident's report.",
    ),
    Category.VIOLENCE: (
        "Fights outside late-night venues at weekends.",
        "Licensing visits with the council and high-visibility patrols at closing time.",
        "Licensing review of one venue; weekend patrols; reported incidents fell by a third.",
    ),
}

# Polish and Spanish versions of the current priorities (the demo's translations: not reviewed by a translator).
TRANSLATED: dict[str, dict[str, tuple[str, str]]] = {
    Category.ASB: {
        "pl": (
            "Grupy zbierające się późnym wieczorem przy sklepach i stacji, z hałasem i śmieciami.",
            "Wieczorne patrole w piątki i soboty; współpraca z zespołem rady ds. zachowań aspołecznych i "
            "właścicielami sklepów.",
        ),
        "es": (
            "Grupos que se reúnen de noche cerca de las tiendas y la estación, con ruido y basura.",
            "Patrullas nocturnas los viernes y sábados; trabajo con el equipo de comportamiento antisocial del "
            "ayuntamiento y los dueños de las tiendas.",
        ),
    },
    Category.DRUGS: {
        "pl": (
            "Handel narkotykami na klatkach schodowych osiedla.",
            "Ukierunkowane patrole, nakaz przeszukania, gdy pozwalają na to informacje, oraz lepsze domofony we "
            "współpracy z zespołem ds. mieszkań.",
        ),
        "es": (
            "Venta de drogas en las escaleras del conjunto de viviendas.",
            "Patrullas específicas, una orden de registro cuando la información lo justifique y mejores porteros "
            "automáticos con el equipo de vivienda.",
        ),
    },
    Category.BURGLARY: {
        "pl": (
            "Włamania do domów od strony parku.",
            "Wizyty w sprawie zapobiegania przestępczości i bezpłatne znakowanie mienia na ulicach, których to "
            "dotyczy.",
        ),
        "es": (
            "Robos en casas que dan al parque.",
            "Visitas de prevención del delito y marcado gratuito de objetos de valor en las calles afectadas.",
        ),
    },
    Category.ROAD_SAFETY: {
        "pl": (
            "Przekraczanie prędkości na głównej drodze przed szkołą podstawową.",
            "Sesje Community Roadwatch z mieszkańcami i wspólna praca z radą nad uspokojeniem ruchu.",
        ),
        "es": (
            "Exceso de velocidad en la calle principal frente a la escuela primaria.",
            "Sesiones de Community Roadwatch con los vecinos y trabajo conjunto con el ayuntamiento para calmar el "
            "tráfico.",
        ),
    },
    Category.VEHICLE_CRIME: {
        "pl": (
            "Kradzieże katalizatorów z samochodów parkujących na noc.",
            "Patrole w miejscach, gdzie zdarza się to najczęściej, i bezpłatne znakowanie katalizatorów.",
        ),
        "es": (
            "Robos de catalizadores de coches aparcados por la noche.",
            "Patrullas en los puntos conflictivos y marcado gratuito de catalizadores.",
        ),
    },
    Category.VIOLENCE: {
        "pl": (
            "Bójki przed lokalami otwartymi do późna w weekendy.",
            "Kontrole licencji wspólnie z radą i dobrze widoczne patrole w godzinach zamknięcia.",
        ),
        "es": (
            "Peleas a la salida de locales nocturnos los fines de semana.",
            "Inspecciones de licencias con el ayuntamiento y patrullas muy visibles a la hora de cierre.",
        ),
    },
}


def _translations(priority: Priority) -> dict[str, Any]:
    """The demo's Polish and Spanish for a current priority, kept as staff would enter them (not reviewed)."""
    for code, (issue, action) in TRANSLATED.get(priority.category, {}).items():
        priority.translations = content.with_translation(
            priority,
            code,
            {"issue": issue, "action": action},
            {"issue": priority.issue, "action": priority.action},
            reviewed=False,
        )
    return priority.translations


ISSUE_TEXTS = [
    "Cars race along the road late at night.",
    "People are dealing drugs by the bins behind the flats.",
    "Teenagers on e-bikes ride on the pavement and nearly hit people.",
    "My neighbour's shed was broken into, the third on our street this month.",
    "Broken glass and needles in the play area most mornings.",
    "Loud music from parked cars in the car park.",
]


def _priorities_for(ward: Ward, rng: random.Random, today: Any, with_history: bool) -> list[Priority]:
    cats = rng.sample(list(TEMPLATES), 5 if with_history else 3)
    made = []
    for n, cat in enumerate(cats[:3]):
        issue, action, _ = TEMPLATES[cat]
        priority = Priority(
            ward=ward,
            category=cat,
            issue=issue,
            action=action,
            status=Priority.Status.CURRENT,
            set_on=today - timedelta(days=30 + 7 * n),
            review_by=today + timedelta(days=45 + 7 * n),
        )
        priority.translations = _translations(priority)
        made.append(priority)
    if with_history:
        for n, cat in enumerate(cats[3:]):
            issue, action, _ = TEMPLATES[cat]
            made.append(
                Priority(
                    ward=ward,
                    category=cat,
                    issue=issue,
                    action=action,
                    status=Priority.Status.CLOSED,
                    set_on=today - timedelta(days=150 + 30 * n),
                    review_by=today - timedelta(days=60 + 30 * n),
                    closed_on=today - timedelta(days=60 + 30 * n),
                )
            )
    return made


@transaction.atomic
def load(stdout: Any) -> None:
    rng = random.Random(4)  # noqa: S311 - demo data
    today = timezone.localdate()
    done_wards = set(Priority.objects.values_list("ward_id", flat=True).distinct())
    detailed = list(Ward.objects.filter(borough__code__in=[LEWISHAM, LAMBETH]).exclude(pk__in=done_wards))
    others = list(Ward.objects.exclude(borough__code__in=[LEWISHAM, LAMBETH]).exclude(pk__in=done_wards))
    made = 0
    for ward in detailed:
        priorities = _priorities_for(ward, rng, today, with_history=True)
        for p in priorities:
            p.save()
            made += 1
            if p.status == Priority.Status.CLOSED and p.closed_on is not None:
                done = TEMPLATES[Category(p.category)][2]
                Review.objects.create(priority=p, reviewed_on=p.closed_on, done=done, outcome=Review.Outcome.CLOSED)
                record = feedback_services.ensure_record(
                    subject=p,
                    by=None,
                    wards=[ward],
                    title=f"{ward.name}: {p.get_category_display()}",
                    asked=f"We asked people in {ward.name} which problems matter most.",
                )
                said = rng.randint(12, 60)
                record.said = f"{said} people raised this at the panel meeting and online."
                record.said_count = said
                record.did = done
                record.did_published_at = timezone.now() - timedelta(days=(today - p.closed_on).days)
                record.save()
        for n in range(4):
            Issue.objects.create(
                category=rng.choice(Category.values),
                ward=ward,
                borough_id=ward.borough_id,
                description=ISSUE_TEXTS[(n + ward.pk) % len(ISSUE_TEXTS)],
                frequency=rng.choice(Issue.Frequency.values),
                contact_name="Sam Example (demo)" if n == 0 else "",
                contact_email=f"resident{ward.pk}@demo.engagehub.invalid" if n == 0 else "",
            )
    bulk = []
    for ward in others:
        bulk.extend(_priorities_for(ward, rng, today, with_history=False))
    Priority.objects.bulk_create(bulk, batch_size=1000)
    made += len(bulk)
    for issue in Issue.objects.filter(reference__isnull=True):
        issue.reference = f"ISS-{issue.created_at.year}-{issue.pk:06d}"
        issue.save(update_fields=["reference"])
    pagecache.invalidate(london=True)
    stdout.write(f"priorities: {made} demo priorities in {len(detailed) + len(others)} wards\n")
