"""Finding and replacing a person's identifiers in shared records."""

from core.personal import Identifiers, new_reference, variants


def test_a_phone_number_is_found_in_every_usual_form() -> None:
    found = Identifiers.of([("phone", "07700 900417")])
    for text in ["call +447700900417", "call 07700900417", "call 07700 900417"]:
        assert found.mentions(text), text
    assert not found.mentions("call 077009004170")


def test_a_postcode_is_found_with_or_without_its_space() -> None:
    assert variants("br1 5fd", key="postcode") == {"BR1 5FD", "BR15FD"}


def test_a_single_word_name_is_not_an_identifier() -> None:
    """ "Pat" would match other people's records too; full names and addresses are specific enough."""
    assert not Identifiers.of([("name", "Pat")])
    assert Identifiers.of([("name", "Pat")]).including_own().mentions("Pat in Catford South")
    assert Identifiers.of([("name", "Pat Quill")]).mentions("Dear Pat Quill,")


def test_a_vague_address_is_not_an_identifier() -> None:
    assert not Identifiers.of([("address", "London")]) and not Identifiers.of([("address", "High Street")])
    assert Identifiers.of([("address", "17 Larkspur Mews")]).mentions("at 17 Larkspur Mews.")
    assert Identifiers.of([("address", "The Old Rectory, Church Lane")])
    assert Identifiers.of([("address", "London")]).including_own().mentions("in London")


def test_matches_respect_word_boundaries_and_case() -> None:
    found = Identifiers.of([("name", "Ann Lee"), ("email", "Ann@Example.test")])
    assert found.mentions("from ann@example.test")
    assert not found.mentions("Joann Leeson")
    assert found.redact("Dear Ann Lee (ann@example.test), thanks", "person-1") == "Dear person-1 (person-1), thanks"


def test_json_like_data_is_redacted_in_keys_and_values() -> None:
    found = Identifiers.of([("name", "Ann Lee")])
    assert found.redact({"member": "Ann Lee", "Ann Lee": ["Ann Lee"], "n": 1}, "p") == {
        "member": "p",
        "p": ["p"],
        "n": 1,
    }


def test_identifiers_come_from_the_identifying_keys_of_an_export() -> None:
    found = Identifiers.from_export(
        {"alerts": [{"email": "a@b.test", "phone": "+447700900001", "wards": ["Catford South"]}], "title": "x y"}
    )
    assert found.mentions("a@b.test") and found.mentions("07700900001")
    assert not found.mentions("Catford South") and not found.mentions("x y")


def test_references_are_random() -> None:
    assert new_reference() != new_reference()
