"""People who sign in: staff of the service and its partners, and members of the public."""

import hashlib
import secrets
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone

from core import bounds


class EmailUserManager(UserManager["User"]):
    use_in_migrations = True

    def _create_user_object(self, username: Any, email: Any, password: Any, **extra: Any) -> "User":
        email = self.normalize_email(email or username)
        user = self.model(email=email, **extra)
        user.set_password(password)
        return user

    def create_user(self, email: str | None = None, password: str | None = None, **extra: Any) -> "User":  # type: ignore[override]
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        user = self._create_user_object(None, email, password, **extra)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str | None = None, password: str | None = None, **extra: Any) -> "User":  # type: ignore[override]
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    """A person who signs in with an email address."""

    username = None  # type: ignore[assignment]
    email = models.EmailField("email address", unique=True)
    display_name = models.CharField(max_length=150, blank=True, help_text="How the person is named on pages")
    is_demo = models.BooleanField(default=False, help_text="A fictional demo account")
    language = models.CharField(
        max_length=8, blank=True, help_text="The public site's language this person chose (languages.choices)"
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects = EmailUserManager()  # type: ignore[misc]

    class Meta:
        ordering = ["email"]
        constraints = [
            bounds.text_within("display_name", "user_display_name_length", 150),
            bounds.text_within("first_name", "user_first_name_length", 150),
            bounds.text_within("last_name", "user_last_name_length", 150),
        ]

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.email

    @property
    def name(self) -> str:
        return str(self)


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> "ApiTokenQuerySet":
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class ApiToken(models.Model):
    """A personal API token. Only its hash is stored; the token is shown once when created."""

    PREFIX = "ehk_"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    key_prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True, validators=bounds.datetime_validators())
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [bounds.text_within("name", "apitoken_name_length", 100)]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"

    @classmethod
    def new_key(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)

    @staticmethod
    def hash_key(raw: str) -> str:
        return _hash_token(raw)

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > timezone.now())
