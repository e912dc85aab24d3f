from django.urls import path

from languages import views

app_name = "languages"
urlpatterns = [
    path("", views.choose, name="choose"),
]
