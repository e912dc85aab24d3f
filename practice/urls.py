"""Planning from knowledge: ward engagement plans, the good-practice library and Top 10, guides and packs."""

from django.urls import path

from practice.views import plans

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
]
