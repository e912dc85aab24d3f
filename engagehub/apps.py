"""Django's admin app with the service's own admin site."""

from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    default_site = "engagehub.admin.AuditedAdminSite"
