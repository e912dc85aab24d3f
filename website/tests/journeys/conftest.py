"""Helpers for the public journeys: read the emails the site sent, sign up as a resident."""

import re
from typing import Any

from django.core import mail


def last_mail_to(address: str) -> Any:
    messages = [m for m in mail.outbox if address in m.to]
    assert messages, f"no email to {address}; sent: {[(m.to, m.subject) for m in mail.outbox]}"
    return messages[-1]


def links_in(message: Any) -> list[str]:
    return re.findall(r"https?://[^\s\"'<>]+", message.body)


def sign_up(walk: Any, email: str, next_path: str = "") -> None:
    """A resident creates an account and confirms their email address."""
    page = walk.page
    walk.goto("/accounts/signup/" + (f"?next={next_path}" if next_path else ""))
    walk.check()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill("a long resident password 42")
    page.get_by_label("Password (again)").fill("a long resident password 42")
    page.get_by_role("button", name="Sign Up").click()
    page.wait_for_load_state()
    walk.check()
    message = last_mail_to(email)
    code = re.search(r"^\s*([A-Z0-9]{6})\s*$", message.body, re.MULTILINE)
    if code:
        page.get_by_label("Code").fill(code.group(1))
        page.get_by_role("button", name="Confirm").click()
    else:
        page.goto(next(link for link in links_in(message) if "/confirm-email/" in link))
        walk.check()
        page.get_by_role("button", name="Confirm").click()
    page.wait_for_load_state()
    if "/accounts/login/" in page.url:
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill("a long resident password 42")
        page.get_by_role("button", name="Sign In").click()
        page.wait_for_load_state()
