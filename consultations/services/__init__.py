"""Writes for consultations, one module per concern; callers use `consultations.services.<name>`.

- `lifecycle`: creating, changing, publishing and closing a consultation, its register entry, its feedback record;
- `questionnaires`: sections and questions, a new version once answers exist, the equality block;
- `responses`: storing a response with its equality answers; erasure and retention of respondents' details;
- `invitations`: invitations by list or audience, their emails and reminders, quotas;
- `themes`: themes in free-text answers: finding, renaming, merging, moving answers.
"""

from consultations.services.invitations import (
    add_quota,
    invite,
    parse_email_list,
    send_reminders,
)
from consultations.services.lifecycle import (
    CONSULTATION_FIELDS,
    TOKEN_SALT,
    AnswersInvalid,
    close_consultation,
    create_consultation,
    ensure_feedback_record,
    invalidate_pages,
    publish_consultation,
    update_consultation,
)
from consultations.services.questionnaires import (
    QUESTION_FIELDS,
    add_question,
    add_section,
    editable_questionnaire,
    remove_question,
    set_equality_block,
    update_question,
)
from consultations.services.responses import (
    erase_personal_data,
    expire_contacts,
    invitation_for_token,
    new_idempotency_key,
    submit_response,
)
from consultations.services.themes import (
    THEME_RUN_STALE,
    add_theme,
    find_themes,
    merge_themes,
    move_answer,
    rename_theme,
    request_themes,
    run_themes,
)

__all__ = [
    "AnswersInvalid",
    "CONSULTATION_FIELDS",
    "QUESTION_FIELDS",
    "THEME_RUN_STALE",
    "TOKEN_SALT",
    "add_question",
    "add_quota",
    "add_section",
    "add_theme",
    "close_consultation",
    "create_consultation",
    "editable_questionnaire",
    "ensure_feedback_record",
    "erase_personal_data",
    "expire_contacts",
    "find_themes",
    "invalidate_pages",
    "invitation_for_token",
    "invite",
    "merge_themes",
    "move_answer",
    "new_idempotency_key",
    "parse_email_list",
    "publish_consultation",
    "remove_question",
    "rename_theme",
    "request_themes",
    "run_themes",
    "send_reminders",
    "set_equality_block",
    "submit_response",
    "update_consultation",
    "update_question",
]
