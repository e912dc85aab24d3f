"""Attacks on the equality figures: none of them may single out a person."""

import csv
import io
import random

import pytest
from django.urls import reverse

from consultations.tests.factories import ConsultationFactory
from core.models import AuditEntry
from equality import disclosure, queries, services
from equality.models import RECORD_KEY_BASE, Subject, new_subject_key
from groups.tests.factories import CommunityGroupFactory, MemberFactory, WardPanelFactory
from organisations.models import Role

pytestmark = pytest.mark.django_db

SEXES = ["female", "male"]
AGES = ["15_24", "25_34", "35_44", "45_54", "55_64"]
RELIGIONS = ["none", "christian", "muslim"]
DISABILITY = ["no", "yes_a_little"]


def crowd(context: str, n: int, seed: int = 1) -> None:
    """n people with a mix of answers in `context`, with record keys from a fixed seed (so tests repeat)."""
    rng = random.Random(seed)
    for _ in range(n):
        services.record_answers(
            subject_key=new_subject_key(),
            contexts=[context],
            answers={
                "sex": rng.choice(SEXES),
                "age_band": rng.choice(AGES),
                "religion": rng.choice(RELIGIONS),
                "disability": rng.choice(DISABILITY),
            },
        )
    fix_record_keys(seed)


def fix_record_keys(seed: int) -> None:
    rng = random.Random(seed)
    for subject in Subject.objects.order_by("pk"):
        Subject.objects.filter(pk=subject.pk).update(record_key=rng.randrange(RECORD_KEY_BASE))


def cells(profile: queries.Profile) -> dict[tuple[str, str], int | None]:
    return {(d.key, r.label): r.count for d in profile.dimensions for r in d.rows}


def csv_cells(text: str) -> dict[tuple[str, str], str]:
    rows = list(csv.reader(io.StringIO(text)))
    start = next(i for i, r in enumerate(rows) if r[:3] == ["Question", "Answer", "People"])
    return {(r[0], r[1]): r[2] for r in rows[start + 1 :] if len(r) >= 3}


@pytest.fixture
def reader(make_staff):
    return make_staff(Role.OVERSIGHT_READER, london_wide=True)


# --- the attacks of issue 11 ------------------------------------------------------------------------------------


def test_a_context_and_a_one_member_group_together_are_refused(client, reader, lewisham):
    """Attack: ?context=consultation:2 then the same with &context=group:104 (one member); subtract."""
    consultation = ConsultationFactory(boroughs=[lewisham])
    crowd(f"consultation:{consultation.pk}", 30)
    panel = CommunityGroupFactory()
    member = MemberFactory(group=panel)
    services.record_answers(
        subject_key=member.subject_key,
        contexts=[panel.context],
        answers={"sex": "female", "sexual_orientation": "bisexual", "religion": "jewish", "disability": "yes_a_lot"},
    )
    client.force_login(reader)
    url = reverse("equality:profile")
    both = client.get(f"{url}?context=consultation:{consultation.pk}&context={panel.context}&format=csv")
    assert both.status_code == 400
    assert "Choose one context at a time" in both.content.decode()
    alone = client.get(f"{url}?context={panel.context}&format=csv").content.decode()
    assert "nothing can be shown" in alone
    assert "Bisexual" not in alone and "Jewish" not in alone


def test_differencing_before_and_after_one_person_joins_gives_noise_not_the_person():
    crowd("group:1", 40)
    before = cells(queries.build_profile(["group:1"]))
    person = {"sex": "female", "age_band": "25_34", "religion": "muslim", "disability": "yes_a_little"}
    key = new_subject_key()
    services.record_answers(subject_key=key, contexts=["group:1"], answers=person)
    Subject.objects.filter(key=key).update(record_key=171)
    after = cells(queries.build_profile(["group:1"]))
    diff = {c: after[c] - before[c] for c in before if before[c] is not None and after[c] is not None}  # type: ignore[operator]
    persons_cells = {
        ("sex", "Female"),
        ("age_band", "25 to 34"),
        ("religion", "Muslim"),
        ("disability", "Disabled"),
    }
    # Cells the person is not in move too, so a change does not point at them...
    assert any(d != 0 for c, d in diff.items() if c not in persons_cells and c[0] in dict(persons_cells))
    # ...and their own cells do not simply go up by one.
    assert [diff.get(c) for c in sorted(persons_cells)] != [1, 1, 1, 1]


def test_the_same_output_asked_again_is_identical():
    crowd("group:1", 25)
    assert cells(queries.build_profile(["group:1"])) == cells(queries.build_profile(["group:1"]))


def test_a_small_group_gets_no_breakdown_at_all(reader):
    crowd("group:1", 9)
    assert queries.build_profile(["group:1"]).suppressed
    assert queries.build_comparison(["group:1"], london=True).suppressed


def test_no_exact_zero_is_shown():
    """Attack: "Disabled 0 / Not disabled 12" beside a list of named members says each of them is not disabled."""
    for _ in range(12):
        services.record_answers(subject_key=new_subject_key(), contexts=["group:1"], answers={"disability": "no"})
    profile = queries.build_profile(["group:1"])
    assert all(count is None or count >= disclosure.threshold() for count in cells(profile).values())
    disability = {r.label: r.count for d in profile.dimensions if d.key == "disability" for r in d.rows}
    assert disability["Disabled"] is None


def test_totals_are_rounded():
    crowd("group:1", 23)
    assert queries.build_profile(["group:1"]).total == 25


# --- the perturbation table -----------------------------------------------------------------------------------


def test_the_perturbation_table_is_fixed_small_and_never_negative():
    noises = [disclosure.noise(n, k) for n in range(1, 60) for k in range(RECORD_KEY_BASE)]
    assert set(noises) == {-2, -1, 0, 1, 2}
    assert all(noises.count(v) / len(noises) == pytest.approx(0.2, abs=0.01) for v in range(-2, 3))
    assert len(disclosure._NOISE_BY_KEY) == RECORD_KEY_BASE
    assert disclosure.noise(0, 17) == 0
    assert disclosure.perturb(disclosure.Cell(1, 0), disclosure.Cell(1, 0)) >= 0
    assert disclosure.noise(7, 200) == disclosure.noise(7, 200)


def test_subjects_get_random_record_keys():
    for _ in range(40):
        services.record_answers(subject_key=new_subject_key(), contexts=["group:1"], answers={"sex": "male"})
    keys = set(Subject.objects.values_list("record_key", flat=True))
    assert len(keys) > 10 and all(0 <= k < RECORD_KEY_BASE for k in keys)


# --- area scope -------------------------------------------------------------------------------------------------


def test_a_reader_sees_no_context_outside_their_places(client, make_staff, lewisham, lambeth, ward):
    reader = make_staff(Role.OVERSIGHT_READER, boroughs=[lambeth])
    panel = WardPanelFactory(ward=ward)  # in Lewisham
    consultation = ConsultationFactory(boroughs=[lewisham])
    crowd(panel.context, 12)
    crowd(f"consultation:{consultation.pk}", 12, seed=2)
    client.force_login(reader)
    url = reverse("equality:profile")
    assert client.get(f"{url}?context={panel.context}").status_code == 403
    assert client.get(f"{url}?context=consultation:{consultation.pk}&format=csv").status_code == 403
    assert client.get(f"{url}?context=activity:9").status_code == 403  # no such kind: nobody's area


def test_a_reader_in_the_area_sees_the_profile_and_the_read_is_logged(client, make_staff, lewisham, ward):
    reader = make_staff(Role.OVERSIGHT_READER, boroughs=[lewisham])
    panel = WardPanelFactory(ward=ward)
    crowd(panel.context, 12)
    client.force_login(reader)
    response = client.get(reverse("equality:profile") + f"?context={panel.context}&format=csv")
    assert response.status_code == 200
    assert csv_cells(response.content.decode())
    assert AuditEntry.objects.filter(action="equality.aggregate_read", actor=reader).exists()


@pytest.mark.parametrize(
    "context", ["group:99999999999999999999", "group:²", "consultation:-1", "group", ":", "x" * 500]
)
def test_a_context_that_is_not_one_is_refused_not_an_error(client, reader, context):
    client.force_login(reader)
    assert client.get(reverse("equality:profile"), {"context": context}).status_code == 403


def guess_from_before_and_after(rng: random.Random, people: int, categories: int) -> float:
    """One before/after attack on one question: the attacker picks the category whose count rose most."""
    crowd_ = [(rng.randrange(categories), rng.randrange(RECORD_KEY_BASE)) for _ in range(people)]
    target = (rng.randrange(categories), rng.randrange(RECORD_KEY_BASE))

    def output(subjects: list[tuple[int, int]]) -> list[int]:
        population = disclosure.Cell(len(subjects), sum(k for _, k in subjects))
        return [
            disclosure.perturb(
                disclosure.Cell(sum(1 for c, _ in subjects if c == i), sum(k for c, k in subjects if c == i)),
                population,
            )
            for i in range(categories)
        ]

    rises = [a - b for a, b in zip(output([*crowd_, target]), output(crowd_), strict=True)]
    best = [i for i, rise in enumerate(rises) if rise == max(rises)]
    return (target[0] in best) / len(best)


def test_before_and_after_one_person_joins_the_best_guess_is_little_better_than_chance():
    """Without perturbation the guess is always right; now it is close to a coin toss."""
    rng = random.Random(11)
    binary = sum(guess_from_before_and_after(rng, 20, 2) for _ in range(2000)) / 2000
    six = sum(guess_from_before_and_after(rng, 20, 6) for _ in range(2000)) / 2000
    assert binary < 0.66  # 0.5 by chance
    assert six < 0.38  # 0.17 by chance


def test_differencing_before_and_after_a_person_changes_an_answer_redraws_every_cell():
    """A changed answer kept the person's record key, so the population's key stayed the same: only the cells
    of the changed answer moved, and before/after showed which question the person changed and to what."""
    crowd("group:1", 40)
    key = new_subject_key()
    person = {"sex": "female", "age_band": "25_34", "religion": "muslim", "disability": "no"}
    services.record_answers(subject_key=key, contexts=["group:1"], answers=person)
    before_key = Subject.objects.get(key=key).record_key
    before_population, _ = queries._raw_cells(["group:1"])
    services.record_answers(subject_key=key, contexts=["group:1"], answers={**person, "disability": "yes_a_little"})
    after_population, _ = queries._raw_cells(["group:1"])
    assert Subject.objects.get(key=key).record_key != before_key
    assert after_population.count == before_population.count
    assert after_population.key_sum % RECORD_KEY_BASE != before_population.key_sum % RECORD_KEY_BASE


def test_answers_recorded_again_unchanged_keep_the_noise():
    crowd("group:1", 20)
    key = new_subject_key()
    person = {"sex": "male", "age_band": "35_44"}
    services.record_answers(subject_key=key, contexts=["group:1"], answers=person)
    before = cells(queries.build_profile(["group:1"]))
    services.record_answers(subject_key=key, contexts=["group:1"], answers=person)
    assert cells(queries.build_profile(["group:1"])) == before
