from django.urls import path

from languages import staff_views, views

app_name = "languages"
urlpatterns = [
    path("", views.choose, name="choose"),
    # Staff translations of staff-written texts (one unprefixed address: never part of the public site).
    path("translations/", staff_views.overview, name="overview"),
    path("translations/export/", staff_views.export, name="export"),
    path("translations/<str:kind_name>/<int:pk>/", staff_views.record_languages, name="record"),
    path("translations/<str:kind_name>/<int:pk>/<str:code>/", staff_views.translate, name="translate"),
]
