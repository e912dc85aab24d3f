"""Uploaded files are private unless they sit under a public prefix such as team photographs."""

from pathlib import Path

import pytest


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    settings.SERVE_MEDIA = True
    (tmp_path / "team-photos").mkdir()
    (tmp_path / "team-photos" / "sgt.jpg").write_bytes(b"\xff\xd8photo")
    answer = tmp_path / "consultations" / "2" / "17"
    answer.mkdir(parents=True)
    (answer / "my-letter.pdf").write_bytes(b"%PDF private")
    (tmp_path / "groups" / "papers").mkdir(parents=True)
    (tmp_path / "groups" / "papers" / "minutes.pdf").write_bytes(b"%PDF private")
    return tmp_path


@pytest.mark.django_db
def test_team_photographs_are_served(client, media):
    response = client.get("/media/team-photos/sgt.jpg")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"\xff\xd8photo"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/media/consultations/2/17/my-letter.pdf",
        "/media/groups/papers/minutes.pdf",
        "/media/team-photos/../groups/papers/minutes.pdf",
        "/media/team-photos/%2e%2e/groups/papers/minutes.pdf",
    ],
)
def test_private_uploads_are_never_served_from_media(client, media, path):
    assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_nothing_is_served_when_media_serving_is_off(client, media, settings):
    settings.SERVE_MEDIA = False
    assert client.get("/media/team-photos/sgt.jpg").status_code == 404
