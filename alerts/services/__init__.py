"""Writes for alerts, by concern (each a module of this package); callers use `alerts.services.<name>`.

- `subscriptions`: signing up, confirming, preferences, leaving, STOP and bounces, signed links;
- `personal`: export, erasure and retention of subscribers' data;
- `messages`: drafting and sending messages to subscribers and other audiences;
- `questions`: replies, ratings and the contact form.
"""

from alerts.services.messages import (
    SEND_AT_GRACE,
    cancel_message,
    check_scope,
    save_message,
    send_message,
)
from alerts.services.personal import (
    erase_questions,
    erase_subscriber,
    expire_questions,
    expire_subscribers,
    export_for_email,
    export_questions,
    forget_subscriber,
)
from alerts.services.questions import (
    answer_question,
    ask_question,
    rate_message,
    reply_to_message,
    route_question,
)
from alerts.services.subscriptions import (
    CONFIRM_SALT,
    CONSENT_WORDING,
    MANAGE_SALT,
    UNSUB_SALT,
    confirm_email,
    confirm_sms,
    confirm_url,
    is_stopped,
    manage_token,
    manage_token_for,
    manage_url,
    receive_sms,
    record_event,
    send_manage_link,
    send_sms_code,
    subscribe,
    subscriber_from_manage_token,
    suppress,
    unsubscribe,
    unsubscribe_by_token,
    unsubscribe_token,
    unsubscribe_token_for,
    unsubscribe_url,
    update_preferences,
)
from notifications.sms import normalise_mobile, send_sms

__all__ = [
    "CONFIRM_SALT",
    "CONSENT_WORDING",
    "MANAGE_SALT",
    "SEND_AT_GRACE",
    "UNSUB_SALT",
    "answer_question",
    "ask_question",
    "cancel_message",
    "check_scope",
    "confirm_email",
    "confirm_sms",
    "confirm_url",
    "erase_questions",
    "erase_subscriber",
    "expire_questions",
    "expire_subscribers",
    "export_for_email",
    "export_questions",
    "forget_subscriber",
    "is_stopped",
    "manage_token",
    "manage_token_for",
    "manage_url",
    "send_manage_link",
    "normalise_mobile",
    "rate_message",
    "receive_sms",
    "record_event",
    "reply_to_message",
    "route_question",
    "save_message",
    "send_message",
    "send_sms",
    "send_sms_code",
    "subscribe",
    "subscriber_from_manage_token",
    "suppress",
    "unsubscribe",
    "unsubscribe_by_token",
    "unsubscribe_token",
    "unsubscribe_token_for",
    "unsubscribe_url",
    "update_preferences",
]
