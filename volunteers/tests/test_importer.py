"""Importing volunteers: every row reported, good rows added, rows outside the coordinator's area refused."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.errors import NotAllowed, ServiceError
from volunteers.models import Language, Skill, Volunteer
from volunteers.services.importer import import_volunteers

pytestmark = pytest.mark.django_db

HEADER = "name,kind,home_borough,vetting_level,vetting_expires_on,date_of_birth,guardian_name,guardian_phone,"
CSV = (
    HEADER
    + """skills,languages,available
Ann Example,Police support volunteer,Lewisham,2,2027-01-31,,,,First aid,Polish,weekdays;evenings
Ben Example,cadet,E09000023,0,,2011-05-01,Pat Example,0207,,,
Cal Example,cadet,Lewisham,0,,,,,,,
Dee Example,mobile_hub,Lambeth,0,,,,,,,
Eve Example,wizard,Lewisham,0,,,,,,,
Fay Example,community,Lewisham,1,,,,,,,
Gus Example,community,Lewisham,0,,,,,Juggling,,
,community,Lewisham,0,,,,,,,
Hal Example,community,Lewisham,0,,31/02/2020,,,,,
"""
)


def test_rows_are_reported_and_good_ones_added(lewisham_coordinator):
    Skill.objects.create(name="First aid")
    Language.objects.create(name="Polish")
    report = import_volunteers(by=lewisham_coordinator, raw=CSV.encode())
    assert [r.ok for r in report] == [True, True, False, False, False, False, False, False, False]
    assert "outside" in report[3].message and "kind" in report[4].message and "Juggling" in report[6].message
    ann = Volunteer.objects.get(name="Ann Example")
    assert [s.name for s in ann.skills.all()] == ["First aid"] and ann.available_evenings
    assert not ann.available_weekends
    assert Volunteer.objects.count() == 2


def test_only_coordinators_import(make_volunteer):
    with pytest.raises(NotAllowed):
        import_volunteers(by=make_volunteer().user, raw=CSV.encode())


def test_a_file_without_the_columns_is_refused(lewisham_coordinator):
    with pytest.raises(ServiceError):
        import_volunteers(by=lewisham_coordinator, raw=b"who,where\nA,B\n")


def test_the_import_page(client, lewisham_coordinator):
    client.force_login(lewisham_coordinator)
    assert client.get(reverse("volunteers:volunteer_import")).status_code == 200
    upload = SimpleUploadedFile("v.csv", CSV.encode(), content_type="text/csv")
    page = client.post(reverse("volunteers:volunteer_import"), {"file": upload})
    assert page.status_code == 200 and "Rows not imported" in page.content.decode()
    bad = client.post(reverse("volunteers:volunteer_import"), {"file": SimpleUploadedFile("v.csv", b"\xff\xfe")})
    assert bad.status_code == 400


def test_home_postcode_and_start_date_are_imported_and_placed(lewisham_coordinator, lewisham):
    raw = (
        "name,kind,home_borough,home_postcode,started_on\n"
        "Ivy Example,community,Lewisham,se6 4ru,2012-04-01\n"
        "Jon Example,community,Lewisham,EH1 1AA,\n"
        "Kit Example,community,Lewisham,,1st April\n"
        "Lou Example,community,Lewisham,,\n"
    )
    report = import_volunteers(by=lewisham_coordinator, raw=raw.encode())
    assert [r.ok for r in report] == [True, False, False, True]
    assert "London" in report[1].message and "started_on" in report[2].message
    ivy = Volunteer.objects.get(name="Ivy Example")
    assert ivy.home_postcode == "SE64RU" and str(ivy.started_on) == "2012-04-01"
    assert ivy.home_latitude is not None and Volunteer.objects.get(name="Lou Example").home_longitude is not None
