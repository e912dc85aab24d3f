"""London's places held in memory: read once, dropped when a place changes, and no query to read again."""

import pytest
from django import forms

from organisations.tests.factories import PostFactory
from places import reference
from places.forms import BoroughField
from places.models import Borough, Ward

pytestmark = pytest.mark.django_db


def test_wards_and_boroughs_are_read_once_then_cost_no_query(ward, django_assert_num_queries):
    reference.ward(ward.code)
    with django_assert_num_queries(0):
        found = reference.ward(ward.code.lower())
        assert found == ward
        assert found.borough.name == "Lewisham"  # the borough comes with it
        assert reference.borough(ward.borough.code) == ward.borough
        assert ward in reference.wards_of(ward.borough)
        assert reference.ward("E05999999") is None


def test_a_place_saved_in_this_process_is_read_afresh(lewisham):
    assert reference.ward("E05999999") is None
    Ward.objects.create(code="E05999999", name="Newly Drawn", borough=lewisham)
    assert reference.ward("E05999999").name == "Newly Drawn"
    lewisham.name = "Lewisham (renamed)"
    lewisham.save()
    assert reference.borough(lewisham.code).name == "Lewisham (renamed)"


def test_places_held_are_read_again_after_max_age(ward, monkeypatch):
    reference.ward(ward.code)
    Ward.objects.filter(pk=ward.pk).update(name="Changed elsewhere")  # no signal, as from another process
    assert reference.ward(ward.code).name == ward.name
    monkeypatch.setattr(reference, "MAX_AGE", -1)
    assert reference.ward(ward.code).name == "Changed elsewhere"


def test_prefetch_places_fills_wards_and_boroughs_in_one_query(ward, other_ward, django_assert_num_queries):
    first = PostFactory(wards=[ward, other_ward])
    second = PostFactory(boroughs=[ward.borough])
    posts = [type(first).objects.get(pk=first.pk), type(second).objects.get(pk=second.pk)]
    reference.borough_list()
    with django_assert_num_queries(1):
        reference.prefetch_places(posts)
    with django_assert_num_queries(0):
        assert [w.name for w in posts[0].wards.all()] == sorted([ward.name, other_ward.name])
        assert list(posts[0].boroughs.all()) == []
        assert list(posts[1].boroughs.all()) == [ward.borough]


def test_place_ids_read_with_the_rows_need_no_query_of_their_own(ward, django_assert_num_queries):
    post = PostFactory(wards=[ward], boroughs=[ward.borough])
    reference.borough_list()
    with django_assert_num_queries(1):
        found = list(reference.with_place_ids(type(post).objects.filter(pk=post.pk)))
        reference.prefetch_places(found)
        assert list(found[0].wards.all()) == [ward]
        assert list(found[0].boroughs.all()) == [ward.borough]


class _Form(forms.Form):
    borough = BoroughField(required=False)


def test_the_borough_field_takes_an_ons_code_without_a_query(lewisham, django_assert_num_queries):
    reference.borough_list()
    with django_assert_num_queries(0):
        form = _Form({"borough": lewisham.code})
        assert form.is_valid()
        assert form.cleaned_data["borough"] == lewisham
        assert f'value="{lewisham.code}"' in str(form["borough"])
    form = _Form({"borough": "E09999999"})
    assert not form.is_valid()
    assert "Select a valid choice" in form.errors["borough"][0]
    assert Borough.objects.filter(code="E09999999").count() == 0
