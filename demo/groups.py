"""Demo data: a ward panel for every ward and a safer neighbourhood board for every borough (real places),
central and borough advisory groups and youth panels, with fictional members in Lewisham and Lambeth,
meetings past and upcoming, briefing packs, and fictional equality answers for the representativeness
reports. Idempotent: existing records are kept."""

import random
from datetime import datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from equality import services as equality
from equality.models import Subject
from groups import services
from groups.models import BriefingPack, BriefingReceipt, CommunityGroup, Meeting, Member
from languages import content
from organisations.models import Unit
from places.models import Borough, Ward

DEMO_DOMAIN = "demo.engagehub.invalid"
LEWISHAM, LAMBETH = "E09000023", "E09000022"
K = CommunityGroup.Kind
L = CommunityGroup.Level

FIRST = [
    "Adaeze",
    "Bram",
    "Cerys",
    "Dov",
    "Elowen",
    "Fenna",
    "Gideon",
    "Halima",
    "Ilse",
    "Jory",
    "Kemi",
    "Lorcan",
    "Mireille",
    "Nnamdi",
    "Orla",
    "Piran",
    "Quilla",
    "Rafferty",
    "Sunniva",
    "Tamsin",
    "Ulric",
    "Vashti",
    "Wilder",
    "Xanthe",
    "Yusra",
    "Zoltan",
    "Anouk",
    "Bastian",
    "Calla",
    "Dariusz",
]
LAST = [
    "Applewhite",
    "Brackenbury",
    "Cindergate",
    "Dunmore",
    "Elderflower",
    "Fallowfield",
    "Gorsebrook",
    "Hazelmere",
    "Ivybridge",
    "Juniperwood",
    "Kestrelton",
    "Larkspur",
    "Marshwood",
    "Nettlecombe",
    "Oakhollow",
    "Pebblestone",
    "Quarrington",
    "Rushmere",
    "Sloeberry",
    "Thistlewood",
]

CENTRAL_GROUPS = [
    (
        "Race Independent Advisory Group",
        K.IAG,
        "race",
        False,
        "Advises the police service on race equality and the community impact of operations, policies and "
        "critical incidents. Meets fortnightly.",
    ),
    (
        "LGBT+ Advisory Group",
        K.IAG,
        "lgbt",
        False,
        "Advises on policing that affects lesbian, gay, bisexual, trans and queer Londoners. Meets monthly by call.",
    ),
    (
        "Disability Independent Advisory Group",
        K.IAG,
        "disability",
        True,
        "Advises on access, reasonable adjustments and the experience of disabled Londoners of policing.",
    ),
    (
        "Gypsy and Traveller Independent Advisory Group",
        K.IAG,
        "gypsy_traveller",
        False,
        "Independent advice on policing and Gypsy, Roma and Traveller communities, with a single point of "
        "contact for deployment of advisers.",
    ),
    (
        "Central Youth Independent Advisory Group",
        K.YOUTH_PANEL,
        "youth",
        True,
        "Young Londoners advising the police service on what matters to young people. Meets weekly.",
    ),
    (
        "London Muslim Community Forum",
        K.FAITH_FORUM,
        "faith",
        True,
        "A standing forum between the police service and London's Muslim communities. Meets weekly.",
    ),
]

BOROUGH_GROUPS = {
    LEWISHAM: [
        ("Lewisham Independent Advisory Group", K.IAG, "race", False),
        ("Lewisham Youth Independent Advisory Group", K.YOUTH_PANEL, "youth", True),
        ("Lewisham Faith and Community Forum", K.FAITH_FORUM, "faith", True),
        ("Lewisham Key Individual Network", K.KEY_INDIVIDUALS, "", False),
        ("Lewisham Stop and Search Community Monitoring Group", K.STOP_SEARCH, "", True),
    ],
    LAMBETH: [
        ("Lambeth Independent Advisory Group", K.IAG, "race", False),
        ("Lambeth Youth Panel", K.YOUTH_PANEL, "youth", True),
        ("Lambeth Stop and Search Community Monitoring Group", K.STOP_SEARCH, "", True),
        ("Lambeth Independent Custody Visitors Panel", K.CUSTODY_VISITORS, "", False),
    ],
}

PURPOSES = {
    K.WARD_PANEL: "Local residents, businesses, schools, places of worship and community groups who work with the "
    "Safer Neighbourhoods team to agree the ward's policing priorities, check progress and tell the community "
    "what is being done. Councillors attend without a vote.",
    K.BOROUGH_GROUP: "The borough's engagement group: lets the community speak directly with the borough's police "
    "leadership, brings ward panels, advisory groups and monitoring groups together, monitors complaints and "
    "performance and allocates local funding. Every ward panel sends a representative.",
    K.IAG: "Independent advisers who give the police critical, constructive advice on policing that affects "
    "their communities.",
    K.YOUTH_PANEL: "Young people who advise the police on what matters to young people locally.",
    K.KEY_INDIVIDUALS: "People with influence in local communities whom the police contact quickly about "
    "tensions and incidents.",
    K.FAITH_FORUM: "Faith and community leaders who meet the police regularly.",
    K.STOP_SEARCH: "Local people who review stop and search data and body-worn video and hold the police to "
    "account for its use.",
    K.CUSTODY_VISITORS: "Volunteers who make unannounced visits to police custody to check on the welfare of "
    "detained people.",
}

TOR = (
    "1. Membership: residents and people who work or study in the area; up to 15 voting members.\n"
    "2. Officers: a chair, vice-chair and secretary elected at the annual meeting for up to three years.\n"
    "3. Councillors and police officers attend without a vote.\n"
    "4. Meetings: at least quarterly; agenda and papers a week before; minutes within two weeks.\n"
    "5. The group sends a representative to the borough's engagement group."
)

BRIEFINGS = [
    (
        "The role of a ward panel chair",
        BriefingPack.Kind.ROLE_DEFINITION,
        K.WARD_PANEL,
        Member.Role.CHAIR,
        "A current role definition for ward panel chairs (seed 001, action 3.2).",
        "A ward panel chair leads the panel in setting and monitoring local policing priorities, makes sure "
        "the panel reflects the community across all protected characteristics, coordinates local engagement "
        "with the Safer Neighbourhoods team, and represents the panel at the borough engagement group.",
    ),
    (
        "How to run a ward panel meeting",
        BriefingPack.Kind.HOW_TO,
        K.WARD_PANEL,
        "",
        "A recommended agenda and how to agree SMART priorities (seed 001, action 4.4).",
        "Recommended agenda: apologies; minutes and actions; police actions on previous priorities; police report "
        "on crime, ASB and ward survey results; community concerns; agreeing priorities and actions; AOB; next date.",
    ),
    (
        "Presenting local priorities: slide template",
        BriefingPack.Kind.PRESENTATION,
        "",
        "",
        "A consistent template for key borough messages and locally agreed priorities (seed 001, action 4.5).",
        "",
    ),
    (
        "Induction for independent advisers",
        BriefingPack.Kind.INDUCTION,
        K.IAG,
        "",
        "What independent advisers do, confidentiality, and how advice is recorded.",
        "",
    ),
]

# Fictional equality answer weights, chosen so that the groups look older and whiter than the places they
# serve (a common finding), with some "prefer not to say" and some small cells that must be suppressed.
WEIGHTS: dict[str, list[tuple[str, int]]] = {
    "age_band": [
        ("25_34", 8),
        ("35_44", 14),
        ("45_54", 22),
        ("55_64", 26),
        ("65_74", 18),
        ("75_plus", 8),
        ("prefer_not", 4),
    ],
    "sex": [("female", 44), ("male", 52), ("prefer_not", 4)],
    "gender_identity": [("yes", 93), ("no", 2), ("prefer_not", 5)],
    "ethnic_group": [
        ("white_british", 48),
        ("white_irish", 5),
        ("white_other", 9),
        ("black_caribbean", 9),
        ("black_african", 6),
        ("asian_indian", 4),
        ("asian_bangladeshi", 2),
        ("mixed_white_black_caribbean", 4),
        ("other_any", 2),
        ("prefer_not", 6),
    ],
    "religion": [
        ("christian", 50),
        ("none", 30),
        ("muslim", 5),
        ("hindu", 2),
        ("jewish", 2),
        ("other", 2),
        ("prefer_not", 9),
    ],
    "sexual_orientation": [("straight", 85), ("gay_lesbian", 4), ("bisexual", 2), ("prefer_not", 9)],
    "disability": [("no", 80), ("yes_a_little", 8), ("yes_a_lot", 4), ("prefer_not", 8)],
}
YOUTH_AGE = [("under_15", 20), ("15_24", 80)]


def _command_unit(borough: Borough) -> Unit | None:
    return Unit.objects.filter(kind=Unit.Kind.COMMAND_UNIT, command_unit__boroughs=borough).first()


def _unit(short: str) -> Unit | None:
    return Unit.objects.filter(short_name=short).first()


@transaction.atomic
def load_groups() -> dict[str, int]:
    made = {"groups": 0}
    boards: dict[int, CommunityGroup] = {}
    for borough in Borough.objects.select_related("command_unit"):
        board, created = CommunityGroup.objects.get_or_create(
            kind=K.BOROUGH_GROUP,
            borough=borough,
            level=L.BOROUGH,
            defaults={
                "name": f"{borough.name} Safer Neighbourhood Board",
                "slug": slugify(f"{borough.name} safer neighbourhood board"),
                "purpose": PURPOSES[K.BOROUGH_GROUP],
                "terms_of_reference": TOR,
                "meets": CommunityGroup.Cadence.QUARTERLY,
                "supporting_unit": _command_unit(borough),
                "contact_name": f"{borough.name} SNB secretary (demo)",
                "contact_email": f"snb.{slugify(borough.name)}@{DEMO_DOMAIN}",
            },
        )
        boards[borough.pk] = board
        made["groups"] += created
    have = set(CommunityGroup.objects.filter(kind=K.WARD_PANEL).values_list("ward_id", flat=True))
    teams = {u.ward_id: u for u in Unit.objects.filter(kind=Unit.Kind.NEIGHBOURHOOD_TEAM, ward__isnull=False)}
    panels = []
    for ward in Ward.objects.select_related("borough").exclude(pk__in=have):
        panels.append(
            CommunityGroup(
                kind=K.WARD_PANEL,
                level=L.WARD,
                ward=ward,
                borough=ward.borough,
                name=f"{ward.name} Ward Panel",
                slug=slugify(f"{ward.name} ward panel {ward.borough.name}")[:190] + f"-{ward.code[-4:].lower()}",
                purpose=PURPOSES[K.WARD_PANEL],
                terms_of_reference=TOR,
                meets=CommunityGroup.Cadence.QUARTERLY,
                supporting_unit=teams.get(ward.pk),
                represented_on=boards.get(ward.borough_id),
                contact_name=f"{ward.name} Safer Neighbourhoods team",
                contact_email=teams[ward.pk].email if ward.pk in teams and teams[ward.pk].email else "",
            )
        )
    CommunityGroup.objects.bulk_create(panels, batch_size=500)
    made["groups"] += len(panels)
    central = _unit("TP (SN)") or _unit("CPIE")
    for name, kind, focus, public, purpose in CENTRAL_GROUPS:
        _, created = CommunityGroup.objects.get_or_create(
            slug=slugify(name),
            defaults={
                "name": name,
                "kind": kind,
                "focus": focus,
                "level": L.LONDON,
                "is_public": public,
                "purpose": purpose,
                "terms_of_reference": TOR,
                "supporting_unit": central,
                "contact_email": f"{slugify(name)}@{DEMO_DOMAIN}",
                "accepts_join_requests": public,
            },
        )
        made["groups"] += created
    for code, specs in BOROUGH_GROUPS.items():
        borough = Borough.objects.get(code=code)
        for name, kind, focus, public in specs:
            _, created = CommunityGroup.objects.get_or_create(
                slug=slugify(name),
                defaults={
                    "name": name,
                    "kind": kind,
                    "focus": focus,
                    "level": L.BOROUGH,
                    "borough": borough,
                    "is_public": public,
                    "purpose": PURPOSES[kind],
                    "terms_of_reference": TOR,
                    "supporting_unit": _command_unit(borough),
                    "represented_on": boards[borough.pk],
                    "meets": CommunityGroup.Cadence.BIMONTHLY,
                    "accepts_join_requests": public,
                    "contact_email": f"{slugify(name)}@{DEMO_DOMAIN}",
                },
            )
            made["groups"] += created
    _translate_board()
    return made


# The demo's Polish for one group's public page (as staff would enter it: not reviewed by a translator).
BOARD_POLISH = {
    "name": "Rada Bezpiecznych Sąsiedztw Lewisham",
    "purpose": "Grupa dzielnicy do kontaktów ze społecznością: pozwala mieszkańcom rozmawiać bezpośrednio z "
    "kierownictwem policji w dzielnicy, łączy panele okręgów, grupy doradcze i grupy monitorujące, śledzi skargi "
    "i wyniki oraz przydziela lokalne fundusze. Każdy panel okręgu wysyła swojego przedstawiciela.",
}


def _translate_board() -> None:
    """Lewisham's Safer Neighbourhood Board in Polish, while its English is the demo's own."""
    board = CommunityGroup.objects.filter(kind=K.BOROUGH_GROUP, borough__code=LEWISHAM).first()
    if board is None or board.purpose != PURPOSES[K.BOROUGH_GROUP] or "pl" in (board.translations or {}):
        return
    board.translations = content.with_translation(
        board, "pl", BOARD_POLISH, {"name": board.name, "purpose": board.purpose}, reviewed=False
    )
    board.save(update_fields=["translations"])


def _demo_groups() -> list[CommunityGroup]:
    """Groups that get fictional members: Lewisham and Lambeth, and the central advisory groups."""
    return list(
        CommunityGroup.objects.filter(borough__code__in=[LEWISHAM, LAMBETH]).select_related("ward", "borough")
        | CommunityGroup.objects.filter(level=L.LONDON, slug__in=[slugify(g[0]) for g in CENTRAL_GROUPS])
    )


@transaction.atomic
def load_members(rng: random.Random) -> int:
    today = timezone.localdate()
    made = 0
    n = 0
    if Member.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").exists():
        return 0  # loaded before (some demo groups are meant to have no members)
    for group in sorted(_demo_groups(), key=lambda g: g.pk):
        if group.members.exists():
            continue
        sizes: dict[str, int] = {K.WARD_PANEL: rng.randint(0, 12), K.BOROUGH_GROUP: 16}
        size = sizes.get(group.kind, rng.randint(8, 14))
        if group.kind == K.WARD_PANEL and group.ward and group.ward.name in {"Catford South", "Brixton Windrush"}:
            size = 12
        roles = [Member.Role.CHAIR, Member.Role.VICE_CHAIR, Member.Role.SECRETARY]
        if rng.random() < 0.25:
            roles = roles[1:]  # a vacancy for the reports
        members = []
        for i in range(size):
            n += 1
            role = roles[i] if i < len(roles) else Member.Role.MEMBER
            if i == size - 1 and group.kind in {K.WARD_PANEL, K.BOROUGH_GROUP} and size > 4:
                role = Member.Role.COUNCILLOR
            first, last = FIRST[n % len(FIRST)], LAST[(n * 7) % len(LAST)]
            start = today - timedelta(days=rng.randint(60, 1000))
            end = None
            if rng.random() < 0.1 and role == Member.Role.MEMBER:
                end = today - timedelta(days=rng.randint(5, 50))  # ended terms for the reports
            elif role in {Member.Role.CHAIR, Member.Role.VICE_CHAIR, Member.Role.SECRETARY}:
                end = start + timedelta(days=3 * 365)
            consent = rng.random() < 0.85
            members.append(
                Member(
                    group=group,
                    name=f"{first} {last} (demo)",
                    email=f"{slugify(first)}.{slugify(last)}.{n}@{DEMO_DOMAIN}",
                    phone="" if rng.random() < 0.5 else f"07700 900{n % 1000:03d}",
                    role=role,
                    term_start=start,
                    term_end=end,
                    consent_to_contact=consent,
                    consent_wording=services.JOIN_CONSENT_WORDING if consent else "",
                    consent_at=timezone.make_aware(datetime.combine(start, time(12))) if consent else None,
                    data_basis=Member.Basis.CONSENT if consent else Member.Basis.PUBLIC_TASK,
                )
            )
        Member.objects.bulk_create(members)
        made += len(members)
    return made


def _pick(rng: random.Random, weights: list[tuple[str, int]]) -> str:
    return rng.choices([v for v, _ in weights], weights=[w for _, w in weights])[0]


def load_equality(stdout: Any = None) -> None:
    """Fictional answers from about four in five demo members (others did not answer)."""
    answered = set(Subject.objects.values_list("key", flat=True))
    count = 0
    for member in Member.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").select_related("group").order_by("pk"):
        rng = random.Random(member.pk)  # noqa: S311 - fictional data, the same on every run
        if member.subject_key in answered or rng.random() < 0.2:
            continue
        answers = {q: _pick(rng, w) for q, w in WEIGHTS.items()}
        if member.group.kind == K.YOUTH_PANEL:
            answers["age_band"] = _pick(rng, YOUTH_AGE)
        for q in list(answers):
            if rng.random() < 0.05:
                answers[q] = ""  # skipped a question
        equality.record_answers(subject_key=member.subject_key, contexts=[member.group.context], answers=answers)
        count += 1
    if stdout is not None:
        stdout.write(f"  equality answers: {count} new fictional respondents")


def load_meetings(rng: random.Random) -> int:
    now = timezone.now()
    made = 0
    for group in sorted(_demo_groups(), key=lambda g: g.pk):
        if group.level == L.LONDON or group.supporting_unit is None or Meeting.objects.filter(group=group).exists():
            continue
        evening = timezone.make_aware(datetime.combine(timezone.localdate(), time(19)))
        past_days = 150 if rng.random() < 0.25 else rng.randint(20, 70)  # some have not met for a quarter
        venue = f"{group.area_name.split(',')[0]} Community Centre (demo venue)"
        data = {
            "venue": venue,
            "venue_accessibility": "Step-free entrance; hearing loop.",
            "is_public": True,
            "agenda": "Apologies\nMinutes and actions\nPolice report\nCommunity concerns\nAgreeing priorities\nAOB",
        }
        past = evening - timedelta(days=past_days)
        meeting = services.schedule_meetings(
            group=group, by=None, data={**data, "starts_at": past, "ends_at": past + timedelta(hours=2)}
        )[0]
        present = list(group.members.filter(term_start__lte=past.date())[:8])
        if present and rng.random() < 0.7:
            services.record_minutes(
                meeting=meeting,
                by=None,
                minutes="The panel reviewed the quarter's figures and residents' concerns.",
                decisions="Priorities agreed: anti-social behaviour near the station; burglary; speeding.",
                present=present[:-1],
                apologies=present[-1:],
                other_attendees=rng.randint(0, 6),
            )
            services.add_action(
                meeting=meeting,
                by=None,
                description="Report back on patrols near the station",
                owner="Safer Neighbourhoods sergeant",
                due_on=past.date() + timedelta(days=rng.choice([14, 90])),
            )
        if past > now - timedelta(days=rng.choice([90, 400])):
            upcoming = evening + timedelta(days=rng.randint(7, 45))
            services.schedule_meetings(
                group=group,
                by=None,
                data={
                    **data,
                    "starts_at": upcoming,
                    "ends_at": upcoming + timedelta(hours=2),
                    "recurrence": "quarterly",
                    "count": 2,
                },
            )
        made += 1
    return made


@transaction.atomic
def load_briefings() -> int:
    made = 0
    for title, kind, group_kind, role, summary, body in BRIEFINGS:
        pack, created = BriefingPack.objects.get_or_create(
            title=title,
            defaults={"kind": kind, "group_kind": group_kind, "role": role, "summary": summary, "body": body},
        )
        made += created
        if created and kind == BriefingPack.Kind.ROLE_DEFINITION:
            for chair in Member.objects.filter(role=Member.Role.CHAIR, group__kind=K.WARD_PANEL)[::2]:
                BriefingReceipt.objects.get_or_create(
                    pack=pack,
                    member=chair,
                    received_on=chair.term_start + timedelta(days=14),
                    defaults={"how": BriefingReceipt.How.EVENT},
                )
    return made


def load(stdout: Any = None) -> None:
    rng = random.Random(30)  # noqa: S311 - fictional data, reproducible
    counts = load_groups()
    members = load_members(rng)
    meetings = load_meetings(rng)
    briefings = load_briefings()
    if stdout is not None:
        stdout.write(
            f"  groups: {counts['groups']} new; members: {members} new (fictional); "
            f"groups given meetings: {meetings}; briefing packs: {briefings} new"
        )
