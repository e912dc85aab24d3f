"""Planning from knowledge: ward engagement plans, the good-practice library and Top 10, guides and packs."""

from django.urls import path

from practice.views import guides, library, plans

app_name = "practice"
urlpatterns = [
    path("plans/", plans.index, name="plans"),
    path("plans/<str:code>/", plans.plan, name="plan"),
    path("plans/<str:code>/edit/", plans.edit, name="plan_edit"),
    path("plans/<str:code>/communities/", plans.add_community, name="plan_community"),
    path("plans/<str:code>/targets/", plans.add_target, name="plan_target"),
    path("plans/<str:code>/<str:what>/<int:pk>/remove/", plans.remove, name="plan_remove"),
    path("plans/<str:code>/agree/", plans.agree, name="plan_agree"),
    path("plans/<str:code>/review/", plans.review, name="plan_review"),
    path("plans/<str:code>/history/", plans.history, name="plan_history"),
    path("library/", library.index, name="library"),
    path("library/submit/", library.submit, name="case_submit"),
    path("library/<int:pk>/", library.case, name="case"),
    path("library/<int:pk>/review/", library.review, name="case_review"),
    path("top-10/manage/", library.manage, name="top_ten_manage"),
    path("top-10/manage/<slug:slug>/", library.draft, name="top_ten_draft"),
    path("top-10/manage/<slug:slug>/entries/<int:pk>/note/", library.note, name="top_ten_note"),
    path("top-10/manage/<slug:slug>/publish/", library.publish, name="top_ten_publish"),
    path("guides/", guides.guides, name="guides"),
    path("guides/new/", guides.guide_edit, name="guide_create"),
    path("guides/<slug:slug>/", guides.guide, name="guide"),
    path("guides/<slug:slug>/edit/", guides.guide_edit, name="guide_edit"),
    path("packs/", guides.pack_list, name="packs"),
    path("packs/new/", guides.pack_edit, name="pack_create"),
    path("packs/report/", guides.report, name="pack_report"),
    path("packs/receipts/<int:pk>/acknowledge/", guides.acknowledge, name="pack_acknowledge"),
    path("packs/<slug:slug>/", guides.pack, name="pack"),
    path("packs/<slug:slug>/edit/", guides.pack_edit, name="pack_edit"),
    path("packs/<slug:slug>/give/", guides.give, name="pack_give"),
    # Public: the published Top 10s, latest first, each kept as history.
    path("top-10/", library.top_ten, name="top_ten"),
    path("top-10/<slug:slug>/", library.top_ten_quarter, name="top_ten_quarter"),
]
