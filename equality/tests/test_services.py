import pytest
from django.core.exceptions import FieldDoesNotExist

from core.errors import NotAllowed, ServiceError
from core.models import AuditEntry
from equality import queries, services
from equality.forms import EqualityMonitoringForm
from equality.models import Answer, Subject, SubjectContext, new_subject_key
from equality.questions import ETHNIC_GROUPS, QUESTIONS
from groups.tests.factories import CommunityGroupFactory
from organisations.models import Role

pytestmark = pytest.mark.django_db


def add(context: str, n: int, **answers: str) -> list[str]:
    keys = []
    for _ in range(n):
        key = new_subject_key()
        services.record_answers(subject_key=key, contexts=[context], answers=answers)
        keys.append(key)
    return keys


@pytest.fixture
def reader(make_staff):
    return make_staff(Role.OVERSIGHT_READER, london_wide=True)


def test_questions_cover_the_standard_set_with_prefer_not_to_say():
    keys = [q.key for q in QUESTIONS]
    assert keys == [
        "age_band",
        "sex",
        "gender_identity",
        "ethnic_group",
        "religion",
        "sexual_orientation",
        "disability",
    ]
    assert all(("prefer_not", "Prefer not to say") in q.choices() for q in QUESTIONS)
    assert len(ETHNIC_GROUPS) == 19


def test_equality_tables_hold_no_names_or_emails():
    for model in (Subject, SubjectContext, Answer):
        for name in ("name", "email", "phone", "user"):
            with pytest.raises(FieldDoesNotExist):
                model._meta.get_field(name)


def test_record_answers_replaces_previous_answers():
    key = new_subject_key()
    services.record_answers(subject_key=key, contexts=["group:1"], answers={"sex": "female", "religion": "none"})
    services.record_answers(subject_key=key, contexts=["group:1"], answers={"sex": "male"})
    assert list(Answer.objects.filter(subject__key=key).values_list("question", "answer")) == [("sex", "male")]


def test_record_answers_rejects_an_unknown_answer():
    with pytest.raises(ServiceError):
        services.record_answers(subject_key="k", contexts=["group:1"], answers={"sex": "robot"})
    assert not Subject.objects.exists()


def test_record_answers_rejects_a_malformed_context():
    with pytest.raises(ServiceError):
        services.record_answers(subject_key="k", contexts=["group"], answers={"sex": "male"})


def test_withdraw_answers_deletes_them():
    key = add("group:1", 1, sex="female", religion="none")[0]
    assert services.withdraw_answers(subject_key=key) == 2
    assert not Answer.objects.exists()


def test_withdraw_with_a_token_and_a_forged_token_is_refused():
    key = add("group:1", 1, sex="female")[0]
    with pytest.raises(ServiceError):
        services.withdraw_with_token("forged")
    assert services.withdraw_with_token(services.withdraw_token(key)) == 1


def test_profile_needs_read_equality(officer):
    with pytest.raises(NotAllowed):
        queries.profile(contexts=["group:1"], user=officer)


def test_profile_read_is_logged(reader):
    group = CommunityGroupFactory()
    queries.profile(contexts=[group.context], user=reader)
    assert AuditEntry.objects.filter(action="equality.aggregate_read", actor=reader).exists()


def test_profile_hides_everything_when_fewer_people_than_the_minimum_population():
    add("group:1", 9, sex="female")
    assert queries.build_profile(["group:1"]).suppressed


def test_profile_hides_small_counts_and_perturbs_the_rest():
    add("group:1", 10, sex="female")
    add("group:1", 6, sex="male")
    add("group:1", 2, sex="prefer_not")
    result = queries.build_profile(["group:1"])
    sex = next(d for d in result.dimensions if d.key == "sex")
    counts = {r.label: r.count for r in sex.rows}
    assert result.total == 20  # 18, rounded to the nearest 5
    assert 8 <= counts["Female"] <= 12  # type: ignore[operator]
    assert counts["Prefer not to say"] is None  # 2, give or take 2, is under 5
    assert counts["Not answered"] is None  # a zero is shown as "fewer than 5" too


def test_profile_counts_a_person_once_across_a_fixed_set_of_contexts():
    key = new_subject_key()
    services.record_answers(subject_key=key, contexts=["group:1", "group:2"], answers={"sex": "male"})
    add("group:1", 11, sex="male")
    assert queries.build_profile(["group:1", "group:2"]).total == 10  # 12 people (13 would round to 15)


def test_threshold_and_minimum_population_come_from_settings(settings):
    settings.EQUALITY_SUPPRESSION_THRESHOLD = 2
    settings.EQUALITY_MINIMUM_POPULATION = 3
    add("group:1", 3, sex="female")
    result = queries.build_profile(["group:1"])
    assert result.total == 5 and result.threshold == 2 and result.minimum_population == 3


def test_ethnic_answers_are_shown_by_high_level_group():
    add("group:1", 5, ethnic_group="black_african")
    add("group:1", 5, ethnic_group="black_caribbean")
    result = queries.build_profile(["group:1"])
    ethnic = next(d for d in result.dimensions if d.key == "ethnic_group")
    counts = {r.label: r.count for r in ethnic.rows}
    assert 8 <= counts["Black, Black British, Black Welsh, Caribbean or African"] <= 12  # type: ignore[operator]


def test_compare_with_census_uses_ward_counts_for_sex(ward):
    add("group:1", 10, sex="male", disability="no")
    add("group:1", 10, sex="female", disability="no")
    result = queries.build_comparison(["group:1"], wards=[ward])
    sex = next(d for d in result.dimensions if d.key == "sex")
    female = next(r for r in sex.rows if r.label == "Female")
    assert 35 <= female.group_share <= 65  # type: ignore[operator]
    assert female.population_share == round(100 * 9028 / (9028 + 8237), 1)
    assert female.assessment in {queries.UNDER, queries.BROADLY, queries.OVER}


def test_compare_with_census_falls_back_to_the_borough_and_says_so(ward):
    add("group:1", 10, ethnic_group="white_british")
    result = queries.build_comparison(["group:1"], wards=[ward])
    assert any("Catford South has no ward figure for ethnic group" in n for n in result.notes)
    ethnic = next(d for d in result.dimensions if d.key == "ethnic_group")
    white = next(r for r in ethnic.rows if r.label == "White")
    black = next(r for r in ethnic.rows if r.label.startswith("Black"))
    assert white.population_share == pytest.approx(51.5, abs=0.2)
    assert white.assessment == queries.OVER
    # No exact zero: "no Black members" would be a fact about every named member.
    assert black.count is None and black.ratio is None and black.assessment == queries.TOO_FEW


def test_compare_with_census_london_wide_weights_boroughs(london):
    add("group:1", 10, religion="christian")
    result = queries.build_comparison(["group:1"], london=True)
    religion = next(d for d in result.dimensions if d.key == "religion")
    christian = next(r for r in religion.rows if r.label == "Christian")
    assert 30 < christian.population_share < 50
    assert result.area == "London"


def test_comparison_hides_small_cells(lewisham):
    add("group:1", 10, sex="male")
    add("group:1", 2, sex="female")
    result = queries.build_comparison(["group:1"], boroughs=[lewisham])
    sex = next(d for d in result.dimensions if d.key == "sex")
    female = next(r for r in sex.rows if r.label == "Female")
    assert female.count is None and female.ratio is None and female.assessment == queries.TOO_FEW


def test_compare_with_census_needs_the_readers_places_to_cover_the_context(make_staff, lambeth, ward):
    from groups.tests.factories import WardPanelFactory

    panel = WardPanelFactory(ward=ward)
    reader = make_staff(Role.OVERSIGHT_READER, boroughs=[lambeth])
    with pytest.raises(NotAllowed):
        queries.compare_with_census(contexts=[panel.context], wards=[ward], user=reader)


def test_monitoring_form_is_all_optional():
    form = EqualityMonitoringForm(data={})
    assert form.is_valid()
    assert form.answers()["sex"] == ""
    assert "govuk-radios__input" in str(form)
