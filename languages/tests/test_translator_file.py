"""A translator's file: exported per language for the texts in the person's scope; imported all or nothing."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import AuditEntry
from languages import content, translating
from organisations.models import Role, Unit
from organisations.tests.factories import UnitFactory
from priorities.tests.factories import PriorityFactory

pytestmark = pytest.mark.django_db

HEADER = "kind,id,field,English,translation\n"


def _rows(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def _upload(client, body, language="pl", encoding="utf-8"):
    upload = SimpleUploadedFile("pl.csv", body.encode(encoding), content_type="text/csv")
    return client.post(reverse("languages:overview"), {"language": language, "file": upload})


def test_the_file_lists_the_texts_in_scope_still_to_translate(client, officer, ward, other_ward):
    mine = PriorityFactory(ward=ward, issue="=1+1 cars", action="Patrols")
    PriorityFactory(ward=other_ward, issue="Not mine")
    client.force_login(officer)
    rows = _rows(client.get(reverse("languages:export") + "?language=pl"))
    assert rows[0] == translating.CSV_COLUMNS
    assert ["priority", str(mine.pk), "issue", "'=1+1 cars", ""] in rows  # a formula is kept as text
    assert all(row[1] == str(mine.pk) for row in rows[1:])
    assert AuditEntry.objects.filter(action="languages.translation.export").exists()


def test_an_unknown_language_is_a_400(client, officer):
    client.force_login(officer)
    assert client.get(reverse("languages:export") + "?language=xx").status_code == 400
    assert _upload(client, HEADER, language="xx").status_code == 400


def test_a_good_file_is_imported_as_not_reviewed(client, officer, ward):
    priority = PriorityFactory(ward=ward, issue="Drugs", action="Patrols")
    client.force_login(officer)
    body = HEADER + f"priority,{priority.pk},issue,Drugs,Narkotyki\npriority,{priority.pk},action,Patrols,Patrole\n"
    response = _upload(client, body)
    assert response.status_code == 302
    priority.refresh_from_db()
    assert content.text(priority, "action", language="pl") == "Patrole"
    assert not content.is_reviewed(priority, "pl")


def test_a_file_with_any_bad_row_saves_nothing_and_names_each_row(client, officer, make_staff, ward, other_ward):
    mine = PriorityFactory(ward=ward, issue="Drugs", action="Patrols")
    theirs = PriorityFactory(ward=other_ward, issue="Not mine", action="x")
    client.force_login(officer)
    body = HEADER + "\n".join(
        [
            f"priority,{mine.pk},issue,Drugs,Narkotyki",
            f"priority,{mine.pk},action,Patrols,Patrole",
            f"priority,{theirs.pk},issue,Not mine,Nie moje",  # another borough's
            "priority,999999,issue,x,y",  # no such record
            f"priority,{mine.pk},colour,x,y",  # no such text
            f'priority,{mine.pk},issue,Drugs,=HYPERLINK("http://evil.example")',  # a formula
            "secret,1,issue,x,y",  # no such kind
            "priority,abc,issue,x,y",  # not an id
        ]
    )
    response = _upload(client, body + "\n")
    assert response.status_code == 400
    html = response.content.decode()
    for number in (4, 5, 6, 7, 8, 9):
        assert f"Row {number}:" in html
    assert "Row 2:" not in html and "Row 3:" not in html
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.translations == {} and theirs.translations == {}


def test_a_file_that_is_not_utf8_is_refused_plainly(client, officer, ward):
    priority = PriorityFactory(ward=ward, issue="Drugs", action="Patrols")
    client.force_login(officer)
    body = HEADER + f"priority,{priority.pk},issue,Drugs,Narkotyki żółć\n"
    response = _upload(client, body, encoding="cp1250")
    assert response.status_code == 400
    assert "not UTF-8" in response.content.decode()


def test_half_a_record_is_refused(client, officer, ward):
    priority = PriorityFactory(ward=ward, issue="Drugs", action="Patrols")
    client.force_login(officer)
    response = _upload(client, HEADER + f"priority,{priority.pk},issue,Drugs,Narkotyki\n")
    assert response.status_code == 400
    assert "leaves texts untranslated (action)" in response.content.decode()
    priority.refresh_from_db()
    assert priority.translations == {}


def test_our_own_guarded_formula_comes_back_without_its_apostrophe(client, officer, ward):
    priority = PriorityFactory(ward=ward, issue="- cars", action="Patrols")
    client.force_login(officer)
    body = (
        HEADER + f"priority,{priority.pk},issue,'- cars,'- samochody\npriority,{priority.pk},action,Patrols,Patrole\n"
    )
    assert _upload(client, body).status_code == 302
    priority.refresh_from_db()
    assert content.text(priority, "issue", language="pl") == "- samochody"


def test_the_overview_reports_counts_in_the_persons_scope(client, officer, ward):
    priority = PriorityFactory(ward=ward, issue="Drugs", action="Patrols")
    priority.translations = content.with_translation(
        priority, "pl", {"issue": "N", "action": "P"}, {"issue": "Drugs", "action": "Patrols"}, reviewed=True
    )
    priority.save()
    client.force_login(officer)
    counts = {c.code: c for c in translating.report(officer)}
    assert (counts["pl"].translated, counts["pl"].reviewed, counts["ar"].missing) == (1, 1, 1)
    assert client.get(reverse("languages:overview")).status_code == 200


def test_staff_outside_any_scope_see_no_records(client, make_staff, other_ward, ward):
    PriorityFactory(ward=ward)
    team = UnitFactory(kind=Unit.Kind.NEIGHBOURHOOD_TEAM, ward=other_ward, borough=other_ward.borough)
    stranger = make_staff(Role.NEIGHBOURHOOD_OFFICER, unit=team, email="lambeth@police.example.test")
    client.force_login(stranger)
    assert _rows(client.get(reverse("languages:export") + "?language=pl")) == [translating.CSV_COLUMNS]
