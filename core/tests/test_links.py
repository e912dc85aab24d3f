from notifications import notify


def test_absolute_url_uses_the_configured_site_address(settings):
    settings.SITE_URL = "https://engage.example.test/"
    assert notify.absolute_url("/activities/670/") == "https://engage.example.test/activities/670/"
    assert notify.absolute_url("activities/670/") == "https://engage.example.test/activities/670/"


def test_absolute_url_leaves_a_full_address_alone(settings):
    settings.SITE_URL = "https://engage.example.test"
    assert notify.absolute_url("http://other.example/x") == "http://other.example/x"
