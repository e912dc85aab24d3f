import pytest
from django.urls import reverse

from consultations.tests.factories import ConsultationFactory
from core.models import AuditEntry
from equality import services
from equality.models import Answer, new_subject_key
from organisations.models import Role

pytestmark = pytest.mark.django_db


def test_withdraw_link_deletes_the_answers(client):
    key = new_subject_key()
    services.record_answers(subject_key=key, contexts=["consultation:1"], answers={"sex": "male"})
    url = reverse("equality:withdraw", args=[services.withdraw_token(key)])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 200
    assert not Answer.objects.exists()


def test_forged_withdraw_link_is_404(client):
    assert client.get(reverse("equality:withdraw", args=["nope"])).status_code == 404


def test_profile_page_is_for_equality_readers_only(client, officer):
    client.force_login(officer)
    assert client.get(reverse("equality:profile") + "?context=group:1").status_code == 403


def test_profile_csv_hides_small_counts_and_logs(client, make_staff, lewisham):
    consultation = ConsultationFactory(boroughs=[lewisham])
    for i in range(12):
        services.record_answers(
            subject_key=new_subject_key(),
            contexts=[f"consultation:{consultation.pk}"],
            answers={"religion": "none" if i else "sikh"},
        )
    reader = make_staff(Role.OVERSIGHT_READER, london_wide=True)
    client.force_login(reader)
    url = reverse("equality:profile") + f"?context=consultation:{consultation.pk}&format=csv"
    text = client.get(url).content.decode()
    assert "What is your religion?,Sikh,suppressed" in text
    assert "What is your religion?,Buddhist,suppressed" in text  # a zero looks the same as a small count
    assert AuditEntry.objects.filter(action="equality.aggregate_read").exists()


def test_profile_page_links_its_csv_with_one_question_mark(client, make_staff, lewisham):
    consultation = ConsultationFactory(boroughs=[lewisham])
    for _ in range(12):
        services.record_answers(
            subject_key=new_subject_key(), contexts=[f"consultation:{consultation.pk}"], answers={"religion": "none"}
        )
    client.force_login(make_staff(Role.OVERSIGHT_READER, london_wide=True))
    page = client.get(reverse("equality:profile") + f"?context=consultation:{consultation.pk}").content.decode()
    assert f'href="?context=consultation%3A{consultation.pk}&amp;format=csv"' in page
    assert 'href="??' not in page
