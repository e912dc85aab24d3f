from django.urls import path

from workspace import outbox, views

app_name = "workspace"
urlpatterns = [
    path("", views.home, name="home"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.mark_read, name="mark_read"),
    path("outbox/", outbox.email_outbox, name="email_outbox"),
    path("outbox/<int:pk>/resend/", outbox.email_resend, name="email_resend"),
    path("history/<str:label>/<str:pk>/", views.history, name="history"),
]
