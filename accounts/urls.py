from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.home, name="home"),
    path("data.json", views.data_export, name="data_export"),
    path("delete/", views.delete_account, name="delete"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.revoke_token, name="revoke_token"),
    path("your-data/", views.your_data, name="your_data"),
    path("your-data/<str:token>/", views.your_data_link, name="your_data_link"),
    path("your-data/<str:token>/data.json", views.your_data_download, name="your_data_download"),
    path("your-data/<str:token>/erase/", views.your_data_erase, name="your_data_erase"),
]
