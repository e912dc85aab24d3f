"""Which routes belong to the public site, and so exist in every live language (`/pl/wards/...`).

Everything else (the staff side, API tokens, the API, the admin, feeds, calendars and
provider hooks) keeps one unprefixed address: a language prefix on such a route is redirected away
(languages.middleware).
"""

from django.urls import ResolverMatch

PUBLIC_NAMESPACES = ("website",)
NOT_PAGES = ("website:ward_feed", "website:borough_feed")
PUBLIC_ROUTES = frozenset(
    {
        "activities:public",
        "groups:public_list",
        "groups:public_detail",
        "groups:join",
        "groups:join_done",
        "groups:monitoring",
        "equality:withdraw",
        "priorities:raise",
        "priorities:raised",
        "priorities:status_lookup",
        "priorities:status",
        "priorities:ward",
        "priorities:panel",
        "priorities:panel_join",
        "priorities:panel_vote",
        "feedback:detail",
        "consultations:list",
        "consultations:detail",
        "consultations:answer",
        "consultations:thanks",
        "alerts:subscribe",
        "alerts:check",
        "alerts:confirm_email",
        "alerts:manage_link",
        "alerts:manage",
        "alerts:leave",
        "alerts:delete_data",
        "alerts:one_click_unsubscribe",
        "alerts:message_public",
        "alerts:contact",
        "plans:index",
        "plans:detail",
        "plans:action",
        "plans:report",
        "plans:report_download",
        "practice:top_ten",
        "practice:top_ten_quarter",
        # Signing in, signing up and one's account (allauth's pages and accounts'), and the second factor (a
        # member of the public may protect their account with an authenticator app); not API tokens, which are for
        # staff.
        "account_login",
        "account_logout",
        "account_inactive",
        "account_signup",
        "account_reauthenticate",
        "account_email",
        "account_email_verification_sent",
        "account_confirm_email",
        "account_change_password",
        "account_set_password",
        "account_reset_password",
        "account_reset_password_done",
        "account_reset_password_from_key",
        "account_reset_password_from_key_done",
        "account_request_login_code",
        "account_confirm_login_code",
        "mfa_index",
        "mfa_authenticate",
        "mfa_reauthenticate",
        "mfa_activate_totp",
        "mfa_deactivate_totp",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
        "accounts:home",
        "accounts:delete",
        "accounts:your_data",
        "accounts:your_data_link",
        "accounts:your_data_erase",
        # A volunteer's own pages (signed in), with the forms they post to.
        "volunteers:me",
        "volunteers:answer",
        "volunteers:shift",
        "volunteers:check_in",
        "volunteers:check_out",
        "volunteers:shift_output",
        "volunteers:hours",
    }
)


def is_public(match: ResolverMatch | None) -> bool:
    if match is None or not match.view_name:
        return False
    name = match.view_name
    if name in NOT_PAGES:
        return False
    return name in PUBLIC_ROUTES or name.startswith(tuple(ns + ":" for ns in PUBLIC_NAMESPACES))
