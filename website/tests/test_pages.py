import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db


def test_home_page_offers_postcode_search_and_boroughs(client, london):
    response = client.get("/")
    assert response.status_code == 200
    assert b"Find your area" in response.content
    assert b"Lewisham" in response.content
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_postcode_finds_the_ward(client, london):
    response = client.get("/find/", {"postcode": "se6 4ru"})
    assert response.status_code == 302
    assert response["Location"].startswith("/wards/E05")


@pytest.mark.parametrize(
    ("postcode", "status", "message"),
    [
        ("not a postcode", 400, b"Enter a full UK postcode"),
        ("M1 1AE", 400, b"is not in London"),
        ("SE13 9ZZ", 404, b"We do not have SE13 9ZZ in our postcode list yet."),
        ("", 400, b"Enter a postcode"),
    ],
)
def test_postcode_errors_are_clear(client, london, postcode, status, message):
    response = client.get("/find/", {"postcode": postcode})
    assert response.status_code == status
    assert message in response.content


def test_ward_page_shows_team_contact(client, ward, ward_team):
    response = client.get(f"/wards/{ward.code}/")
    assert response.status_code == 200
    assert ward.name.encode() in response.content
    assert ward_team.email.encode() in response.content


def test_unknown_ward_is_404(client, london):
    assert client.get("/wards/E05999999/").status_code == 404


def test_healthz_checks_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_borough_page_lists_wards_command_unit_and_census_profile(client, lewisham):
    html = client.get(f"/boroughs/{lewisham.code}/").content.decode()
    assert "Catford South" in html
    assert "South East BCU" in html
    assert 'href="/boroughs/E09000011/">Greenwich</a>' in html
    assert "<caption" in html and "Ethnic group" in html
    assert "51.5%" in html  # White, Census 2021
    assert "75 and over" in html
    assert "Source: Office for National Statistics, Census 2021" in html


def test_borough_census_profile_in_polish(client, lewisham, settings):
    settings.LIVE_LANGUAGES = ["pl"]
    cache.clear()
    html = client.get(f"/pl/boroughs/{lewisham.code}/").content.decode()
    assert "51,5%" in html and "<caption" in html
    for english in ("Ethnic group", "75 and over", "Asian, Asian British", "Mixed or Multiple", "usual residents"):
        assert english not in html
    assert ">people<" not in html and ": people)" not in html


def test_borough_page_lists_units_and_partners_based_there(client, lewisham):
    from organisations.models import Unit
    from organisations.tests.factories import UnitFactory

    UnitFactory(
        name="Lewisham Community Safety Partnership", kind=Unit.Kind.COMMUNITY_SAFETY_PARTNERSHIP, borough=lewisham
    )
    html = client.get(f"/boroughs/{lewisham.code}/").content.decode()
    assert "Lewisham Community Safety Partnership" in html
    assert "Community safety partnership" in html


def test_borough_lower_case_code_finds_the_page(client, lewisham):
    assert client.get("/boroughs/e09000023/").status_code == 200


def test_boroughs_page_lists_all_33(client, london):
    html = client.get("/boroughs/").content.decode()
    assert html.count('<tr class="govuk-table__row">') == 34
    assert "City of London" in html


def test_ward_page_shows_population_and_borough(client, ward):
    html = client.get(f"/wards/{ward.code}/").content.decode()
    assert f"{ward.population:,} residents (Census 2021)" in html
    assert 'href="/boroughs/E09000023/">Lewisham</a>' in html


def test_ward_page_lists_public_team_members_only(client, ward, ward_team, make_staff):
    from organisations.models import Role

    listed = make_staff(Role.NEIGHBOURHOOD_OFFICER, unit=ward_team)
    hidden = make_staff(Role.NEIGHBOURHOOD_OFFICER, unit=ward_team)
    hidden.posts.update(listed_publicly=False)
    listed.posts.update(listed_publicly=True)
    html = client.get(f"/wards/{ward.code}/").content.decode()
    assert str(listed) in html
    assert str(hidden) not in html


def test_ward_page_without_a_team_says_how_to_get_help(client, ward):
    html = client.get(f"/wards/{ward.code}/").content.decode()
    assert "No neighbourhood team is listed for this ward yet" in html


@pytest.mark.parametrize("path", ["/accessibility/", "/privacy/", "/open-data/"])
def test_information_pages_render(client, db, path):
    response = client.get(path)
    assert response.status_code == 200
    assert b'<h1 class="govuk-heading-l">' in response.content


def test_header_has_the_service_name_and_no_crown(client, london):
    html = client.get("/").content.decode()
    header = html[html.index('<header class="govuk-header">') : html.index("</header>")]
    assert '<span class="govuk-header__product-name">Engagement Hub</span>' in header
    assert "<svg" not in header
    assert "crown" not in html.lower()
    assert "GOV.UK" not in html


def test_every_page_has_a_skip_link_service_navigation_and_attribution(client, london):
    html = client.get("/boroughs/").content.decode()
    assert '<a href="#main-content" class="govuk-skip-link"' in html
    assert '<main class="govuk-main-wrapper" id="main-content">' in html
    assert 'class="govuk-service-navigation__list" id="navigation"' in html
    assert 'aria-controls="navigation" hidden>' in html  # the toggle only appears once JavaScript runs
    assert "Contains Office for National Statistics" in html
    assert "Open Government Licence v3.0" in html


def test_find_page_without_a_postcode_offers_the_form(client, london):
    response = client.get("/find/")
    assert response.status_code == 200
    assert b"govuk-error-summary" not in response.content


def test_very_long_postcode_text_is_refused_clearly(client, london):
    response = client.get("/find/", {"postcode": "SE6 4RU" * 50})
    assert response.status_code == 400
    assert b"Enter a full UK postcode, like SE6 4RU." in response.content


def test_terminated_postcode_on_the_form_says_it_is_no_longer_in_use(client, london):
    from places.models import Postcode

    old = Postcode.objects.filter(terminated=True).first()
    response = client.get("/find/", {"postcode": old.display})
    assert response.status_code == 404
    assert f"{old.display} was retired in ".encode() in response.content
    assert b"so it is no longer in use." in response.content


def test_menu_marks_the_current_section(client, lewisham):
    html = client.get(f"/boroughs/{lewisham.code}/").content.decode()
    assert (
        '<a class="govuk-service-navigation__link" href="/boroughs/" aria-current="page">'
        '<strong class="govuk-service-navigation__active-fallback">Boroughs</strong></a>'
    ) in html
    assert html.count('aria-current="page"') == 1
    home = client.get("/").content.decode()
    assert 'href="/" aria-current="page"' in home
    assert home.count('aria-current="page"') == 1


def test_open_data_page_lists_the_api_and_feeds(client, london):
    html = client.get("/open-data/").content.decode()
    assert 'href="/api/v1/openapi.json"' in html
    assert "/api/v1/postcodes/SE6%204RU" in html
    assert 'href="/wards/E05013730/feed.atom"' in html


def test_assets_are_compiled_with_arial_and_no_gov_uk_font():
    from pathlib import Path

    from django.conf import settings

    css = (Path(settings.BASE_DIR) / "static" / "build" / "app.css").read_text()
    assert "font-family:arial,sans-serif" in css
    assert "GDS Transport" not in css
    assert "@font-face" not in css


@pytest.mark.parametrize("path", ["/", "/boroughs/", "/find/?postcode=SE6+4RU", "/accessibility/"])
def test_public_pages_answer_head_requests(client, london, path):
    """Link checkers and uptime monitors ask with HEAD: they get the GET page's status without its body."""
    response = client.head(path)
    assert response.status_code == client.get(path).status_code
    assert response.content == b""


def test_api_docs_load_swagger_from_the_site_not_a_cdn(client, db):
    html = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html and "cdn" not in html
