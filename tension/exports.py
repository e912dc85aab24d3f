"""Exports of restricted tension information: each file carries the protective marking in its first line."""

import io
from typing import Any

from django.http import HttpResponse
from django.template.loader import render_to_string

from core import exports
from tension import queries, scale
from tension.models import MARKING, Incident
from tension.queries import Summary

SUMMARY_HEADERS = [
    "Area",
    "Borough code",
    "Level",
    "Level name",
    "Tier",
    "Trend",
    "Last week's level",
    "Change",
    "Evidenced items",
    "Experienced items",
    "Potential items",
]


def _respond_csv(buffer: io.StringIO, filename: str) -> HttpResponse:
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def summary_rows(summary: Summary) -> list[list[Any]]:
    out = []
    for r in [summary.london, *summary.rows]:
        out.append(
            [
                r.name,
                r.borough.code if r.borough else "",
                r.level if r.level is not None else "",
                scale.label(r.level),
                scale.tier(r.level),
                r.current.get_trend_display() if r.current else "",
                r.previous_level if r.previous_level is not None else "",
                r.change,
                r.items.get("evidenced", 0),
                r.items.get("experienced", 0),
                r.items.get("potential", 0),
            ]
        )
    return out


def summary_csv(summary: Summary) -> HttpResponse:
    buffer = io.StringIO()
    writer = exports.csv_writer(buffer)
    writer.writerow([MARKING])
    writer.writerow([f"London tension summary, week of {summary.week.isoformat()}"])
    writer.writerow(SUMMARY_HEADERS)
    writer.writerows(summary_rows(summary))
    writer.writerow([MARKING])
    return _respond_csv(buffer, f"tension-summary-{summary.week.isoformat()}.csv")


def incident_csv(incident: Incident) -> HttpResponse:
    """The gold group's export: the record, impact assessments, advice and decisions, reassurance patrols,
    messages sent, key individual network contacts and the timeline."""
    buffer = io.StringIO()
    writer = exports.csv_writer(buffer)
    writer.writerow([MARKING])
    writer.writerow(["Incident", incident.title])
    writer.writerow(["Kind", incident.get_kind_display()])
    writer.writerow(["Boroughs", ", ".join(b.name for b in incident.boroughs.all())])
    writer.writerow(
        ["Period", incident.starts_on.isoformat(), incident.ends_on.isoformat() if incident.ends_on else ""]
    )
    writer.writerow(["Gold commander", incident.gold_commander])
    writer.writerow(["Silver commander", incident.silver_commander])
    writer.writerow(["Status", incident.get_status_display()])
    writer.writerow([])
    writer.writerow(["Community impact assessments"])
    writer.writerow(["Assessed on", "Next review", "Level", "Communities affected", "Impact", "Risks", "Mitigation"])
    for c in incident.impact_assessments.all():
        writer.writerow(
            [
                c.assessed_on.isoformat(),
                c.next_review_on.isoformat(),
                scale.label(c.level),
                c.communities_affected,
                c.impact,
                c.risks,
                c.mitigation,
            ]
        )
    writer.writerow([])
    writer.writerow(["Advice and decisions"])
    writer.writerow(["Given on", "Adviser", "Advice", "Decision", "Decided by"])
    for a in incident.advice.select_related("adviser"):
        writer.writerow([a.given_on.isoformat(), str(a.adviser or ""), a.advice, a.decision, a.decided_by])
    writer.writerow([])
    writer.writerow(["Reassurance patrols (engagement register)"])
    writer.writerow(["When", "Activity number", "Activity", "Detail"])
    for e in queries.patrols(incident):
        act = e.activity
        writer.writerow([e.at.isoformat(timespec="minutes"), act.pk if act else "", act.title if act else "", e.text])
    writer.writerow([])
    writer.writerow(["Messages sent (alerts)"])
    writer.writerow(["Message number", "Kind", "Subject", "Status", "Sent at", "Reach"])
    for msg in incident.messages.order_by("created_at"):
        sent = msg.sent_at.isoformat(timespec="minutes") if msg.sent_at else ""
        writer.writerow([msg.pk, msg.get_kind_display(), msg.subject, msg.get_status_display(), sent, msg.reach])
    writer.writerow([])
    writer.writerow(["Key individual network contacts"])
    writer.writerow(["When", "Key individual", "Network", "How", "What was said"])
    for k in incident.kin_contacts.select_related("member", "network"):
        name = k.member.name if k.member else "(name removed)"
        writer.writerow(
            [k.at.isoformat(timespec="minutes"), name, str(k.network or ""), k.get_how_display(), k.summary]
        )
    writer.writerow([])
    writer.writerow(["Timeline"])
    writer.writerow(["When", "What", "Detail"])
    for m in queries.timeline(incident):
        writer.writerow([m.at.isoformat(timespec="minutes"), m.kind, m.text])
    if incident.debrief:
        writer.writerow([])
        writer.writerow(["Debrief", incident.debrief])
    writer.writerow([MARKING])
    return _respond_csv(buffer, f"incident-{incident.pk}-gold-group.csv")


def incident_pdf(incident: Incident, *, base_url: str) -> HttpResponse:
    """The same export as a PDF (WeasyPrint, as the board reports), marked at the top and foot of every page."""
    from weasyprint import CSS, HTML  # heavy: loaded only when a PDF is asked for

    html = render_to_string(
        "tension/incident_print.html",
        {
            "incident": incident,
            "marking": MARKING,
            "timeline": queries.timeline(incident),
            "patrols": queries.patrols(incident),
            "messages": incident.messages.order_by("created_at"),
            "contacts": incident.kin_contacts.select_related("member", "network"),
        },
    )
    css = CSS(
        string=(
            f'@page {{ size: A4; margin: 18mm 14mm; @top-center {{ content: "{MARKING}"; font-weight: bold; }} '
            f'@bottom-center {{ content: "{MARKING}"; font-weight: bold; }} }} '
            "body { font-family: sans-serif; font-size: 9pt; } table { border-collapse: collapse; width: 100%; } "
            "th, td { border: 1px solid #b1b4b6; padding: 3px; vertical-align: top; text-align: left; }"
        )
    )
    pdf: bytes = HTML(string=html, base_url=base_url).write_pdf(stylesheets=[css])
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="incident-{incident.pk}-gold-group.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
