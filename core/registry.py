"""Extension points that let each domain add to shared pages without reaching into another app.

A domain registers in its AppConfig.ready():

    from core import registry
    registry.ward_page.add("priorities", order=20, template="priorities/_ward_section.html",
                           context=queries.ward_section)

`website` renders every registered section on ward and borough pages; `workspace` shows the
registered staff cards; `accounts` exports and erases a person's data through `personal_data`; the privacy
notice lists `personal_records` and `apply_retention` enforces their periods;
`load_demo` runs every registered demo loader in order, and the sign-in page offers the demo accounts the demo
app names; `alerts` reaches the `alert_audiences` other domains provide and drafts a ward's newsletter from the
`ward_newsletter` sections; the places API names a ward's team from `ward_team`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.validators import MaxLengthValidator
from django.db import models

from core import bounds


@dataclass(frozen=True)
class Section:
    key: str
    order: int
    template: str
    context: Callable[..., dict[str, Any] | None]


@dataclass
class SectionRegistry:
    """Sections of a composed page; `context(obj, request)` returns None to hide the section.

    A ward's or borough's page keeps its sections' HTML for every visitor (website.views.area_page): a section
    shows the same to everyone (a form with a CSRF token is detected and never kept), never the visitor's own
    data."""

    sections: dict[str, Section] = field(default_factory=dict)

    def add(self, key: str, *, order: int, template: str, context: Callable[..., dict[str, Any] | None]) -> None:
        self.sections[key] = Section(key, order, template, context)

    def render_list(self, *args: Any) -> list[tuple[Section, dict[str, Any]]]:
        out = []
        for section in sorted(self.sections.values(), key=lambda s: (s.order, s.key)):
            ctx = section.context(*args)
            if ctx is not None:
                out.append((section, ctx))
        return out


@dataclass(frozen=True)
class FeedItem:
    """One entry of a ward's or borough's Atom feed."""

    id: str
    title: str
    summary: str
    link: str
    updated: Any  # datetime


@dataclass
class FeedRegistry:
    sources: dict[str, Callable[..., list[FeedItem]]] = field(default_factory=dict)

    def add(self, key: str, source: Callable[..., list[FeedItem]]) -> None:
        self.sources[key] = source

    def items(self, *args: Any, limit: int = 50) -> list[FeedItem]:
        items: list[FeedItem] = []
        for source in self.sources.values():
            items.extend(source(*args))
        items.sort(key=lambda i: i.updated, reverse=True)
        return items[:limit]


@dataclass(frozen=True)
class PersonalDataHandler:
    key: str
    export: Callable[[Any], dict[str, Any] | list[Any]]  # (user) -> JSON-able data held about them
    erase: Callable[[Any], int]  # (user) -> number of records erased or anonymised
    # Records that hold the person's address or number without any link to their account (an issue an
    # officer recorded with their phone number, a delivery to a group member's address), found by the
    # identifiers every part's export yields (`core.personal.Identifiers`):
    find: Callable[[Any], dict[str, Any] | list[Any]] | None = None  # (identifiers) -> JSON-able data
    forget: Callable[[Any, str], int] | None = None  # (identifiers, reference) -> records cleared, after erase
    # Only account holders have data here (posts, activities they lead): skipped for someone known only by
    # an email address (`core.personal.EmailHolder`); every other handler serves both.
    accounts_only: bool = False


@dataclass
class PersonalDataRegistry:
    handlers: dict[str, PersonalDataHandler] = field(default_factory=dict)

    def add(
        self,
        key: str,
        *,
        export: Callable[[Any], dict[str, Any] | list[Any]],
        erase: Callable[[Any], int],
        find: Callable[[Any], dict[str, Any] | list[Any]] | None = None,
        forget: Callable[[Any, str], int] | None = None,
        accounts_only: bool = False,
    ) -> None:
        self.handlers[key] = PersonalDataHandler(key, export, erase, find, forget, accounts_only)

    def serving(self, person: Any) -> list[PersonalDataHandler]:
        """The handlers that may hold data about this person, by key (an account holder: every one)."""
        has_account = getattr(person, "pk", None) is not None
        return [h for _key, h in sorted(self.handlers.items()) if has_account or not h.accounts_only]


@dataclass(frozen=True)
class RecordKind:
    """One kind of record that holds personal data, in the privacy notice's words, with how long it is kept
    and the function that removes what is older (`manage.py apply_retention`)."""

    key: str
    order: int
    record: str  # what it is, e.g. "Problems you tell us about" (marked with gettext_noop; the notice translates it)
    basis: str  # the lawful basis, in plain words (marked likewise)
    kept: Callable[[], str]  # how long, in the active language (reads the settings when the notice is shown)
    expire: Callable[[Any], int] | None  # (now) -> records deleted or anonymised; None: kept until erased


@dataclass
class RecordRegistry:
    kinds: dict[str, RecordKind] = field(default_factory=dict)

    def add(
        self,
        key: str,
        *,
        order: int,
        record: str,
        basis: str,
        kept: Callable[[], str],
        expire: Callable[[Any], int] | None = None,
    ) -> None:
        self.kinds[key] = RecordKind(key, order, record, basis, kept, expire)

    def ordered(self) -> list[RecordKind]:
        return sorted(self.kinds.values(), key=lambda k: (k.order, k.key))


@dataclass(frozen=True)
class DemoLoader:
    key: str
    order: int
    load: Callable[..., None]  # load(stdout) -> None; must be idempotent


@dataclass
class DemoRegistry:
    """The demo data's loaders, and the demo accounts a sign-in page may offer while demo logins are on."""

    loaders: dict[str, DemoLoader] = field(default_factory=dict)
    sign_ins: list[tuple[str, str]] = field(default_factory=list)  # (what the person is, email), in order

    def add(self, key: str, *, order: int, load: Callable[..., None]) -> None:
        self.loaders[key] = DemoLoader(key, order, load)

    def add_sign_in(self, label: str, email: str) -> None:
        if (label, email) not in self.sign_ins:
            self.sign_ins.append((label, email))

    def ordered(self) -> list[DemoLoader]:
        return sorted(self.loaders.values(), key=lambda d: (d.order, d.key))


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    order: int
    visible: Callable[[Any], bool] | None = None  # shown only to users for whom this is true (a named rule)


@dataclass
class NavRegistry:
    items: dict[str, NavItem] = field(default_factory=dict)

    def add(self, label: str, url_name: str, *, order: int, visible: Callable[[Any], bool] | None = None) -> None:
        """A menu link; `visible(user)` keeps it from users who would only meet a refusal behind it."""
        self.items[url_name] = NavItem(label, url_name, order, visible)

    def ordered(self) -> list[NavItem]:
        return sorted(self.items.values(), key=lambda i: (i.order, i.label))


@dataclass(frozen=True)
class Reached:
    """Wards, boroughs (every ward of them) and communities a domain engaged in a period, each with when it
    last did: the reads of "who is never asked"."""

    wards: dict[int, Any] = field(default_factory=dict)  # ward id -> last datetime
    boroughs: dict[int, Any] = field(default_factory=dict)  # borough id -> last datetime
    communities: dict[int, Any] = field(default_factory=dict)  # community of interest id -> last datetime


def note_latest(into: dict[int, Any], key: int | None, at: Any) -> None:
    """Keep the latest moment seen for `key` (a source's rows may name a place several times)."""
    if key is not None and at is not None and (key not in into or at > into[key]):
        into[key] = at


@dataclass
class EngagementRegistry:
    """Sources of engagement with the public: `source(since, until)` returns what the domain reached."""

    sources: dict[str, Callable[[Any, Any], Reached]] = field(default_factory=dict)

    def add(self, key: str, source: Callable[[Any, Any], Reached]) -> None:
        self.sources[key] = source

    def reached(self, since: Any, until: Any) -> list[Reached]:
        return [source(since, until) for _key, source in sorted(self.sources.items())]


@dataclass(frozen=True)
class Places:
    """Where engagement is planned or weighed: whole boroughs, single wards, communities of interest (ids)."""

    borough_ids: frozenset[int] = frozenset()
    ward_ids: frozenset[int] = frozenset()
    community_ids: frozenset[int] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.borough_ids or self.ward_ids or self.community_ids)


@dataclass(frozen=True)
class Notice:
    """A short warning, with an optional suggestion: a link and what it does (e.g. plan reassurance engagement)."""

    text: str
    link: str = ""
    link_text: str = ""

    def __str__(self) -> str:
        return self.text


@dataclass
class NoticeRegistry:
    """Short warnings for people planning engagement in some places (e.g. "Catford South ward, Lewisham tension:
    elevated — consult the borough lead"): `source(user, places)` returns the notices the user may see; pages
    that plan or weigh engagement show them without knowing which domain gave them."""

    sources: dict[str, Callable[[Any, Places], list[Notice]]] = field(default_factory=dict)

    def add(self, key: str, source: Callable[[Any, Places], list[Notice]]) -> None:
        self.sources[key] = source

    def notices(self, user: Any, places: Places) -> list[Notice]:
        if not places:
            return []
        return [notice for _key, source in sorted(self.sources.items()) for notice in source(user, places)]


ward_page = SectionRegistry()
activity_page = SectionRegistry()  # context(activity, request) -> a section of a register activity's staff page
borough_page = SectionRegistry()
london_page = SectionRegistry()
workspace = SectionRegistry()  # context(request) -> staff home card
ward_feed = FeedRegistry()
borough_feed = FeedRegistry()
personal_data = PersonalDataRegistry()
personal_records = RecordRegistry()  # kinds of record in the privacy notice, with their retention
demo = DemoRegistry()
public_nav = NavRegistry()  # links in the public menu
staff_nav = NavRegistry()  # links in the staff workspace menu
account_nav = NavRegistry()  # links on a person's account page to their own parts of the service (volunteering)
engagement = EngagementRegistry()  # who was engaged where (activities, consultations, alerts)
planning_notices = NoticeRegistry()  # warnings on the register's planning page and fatigue view (tension)


@dataclass
class NoteRegistry:
    """Notes other domains add beside a record they do not own: `source(ids)` returns {id: [text, ...]}.
    Used by the plans' board report, where an action names a budget (`funding` says what it has allocated)."""

    sources: dict[str, Callable[[set[int]], dict[int, list[str]]]] = field(default_factory=dict)

    def add(self, key: str, source: Callable[[set[int]], dict[int, list[str]]]) -> None:
        self.sources[key] = source

    def notes(self, ids: set[int]) -> dict[int, list[str]]:
        out: dict[int, list[str]] = {}
        for _key, source in sorted(self.sources.items()):
            for pk, texts in source(ids).items():
                out.setdefault(pk, []).extend(texts)
        return out


plan_action_notes = NoteRegistry()  # notes beside a plan's actions in its board report (funding against a budget)


@dataclass(frozen=True)
class Delivering:
    """Something another domain holds that delivers a plan's action (a register activity), with the link its
    reader may follow."""

    title: str
    on: Any  # date or datetime
    link: str


@dataclass
class DeliveringRegistry:
    """What delivers a plan's action: `source(action_id, user)` returns what that user may see, in order."""

    sources: dict[str, Callable[[int, Any], list[Delivering]]] = field(default_factory=dict)

    def add(self, key: str, source: Callable[[int, Any], list[Delivering]]) -> None:
        self.sources[key] = source

    def for_action(self, action_id: int, user: Any) -> list[Delivering]:
        return [item for _key, source in sorted(self.sources.items()) for item in source(action_id, user)]


plan_action_delivery = DeliveringRegistry()  # what delivers a plan's action, on its page (register activities)


@dataclass(frozen=True)
class AudienceKind:
    """People beyond subscribers whom an alert can reach, provided by the domain that holds them (a group's
    members, a consultation's respondents). A message stores each audience as `(kind, id)`."""

    kind: str  # e.g. "group"; also the name of its field on the message form
    # The texts below may be lazy translations (gettext_lazy).
    order: int
    label: Any  # the form field's label, e.g. "Members of a group"
    none_label: Any  # the empty choice, e.g. "No group"
    help_text: Any
    choices: Callable[[Any, Any], list[tuple[int, str]]]  # (sender, their alert scope) -> [(id, name)] in reach
    contacts: Callable[[int], list[tuple[str, str, str]]]  # (id) -> [(name, email, phone)] who agreed to contact
    describe: Callable[[int], str]  # (id) -> "Members of Brockley ward panel"; "" when it no longer exists
    refused: Any  # said when the sender may not reach this id
    nobody: Any  # the reason when it reaches nobody, e.g. "no member of the group has an email address…"


@dataclass
class AudienceRegistry:
    kinds: dict[str, AudienceKind] = field(default_factory=dict)

    def add(self, kind: AudienceKind) -> None:
        self.kinds[kind.kind] = kind

    def ordered(self) -> list[AudienceKind]:
        return sorted(self.kinds.values(), key=lambda k: (k.order, k.kind))


@dataclass(frozen=True)
class NewsletterSection:
    key: str
    order: int
    title: str  # e.g. "Our current priorities"
    lines: Callable[[Any], list[str]]  # (ward) -> lines of the section, [] to leave it out


@dataclass
class NewsletterRegistry:
    """Sections of a ward's newsletter draft, each from the domain that knows it (priorities, meetings, we did)."""

    sections: dict[str, NewsletterSection] = field(default_factory=dict)

    def add(self, key: str, *, order: int, title: str, lines: Callable[[Any], list[str]]) -> None:
        self.sections[key] = NewsletterSection(key, order, title, lines)

    def ordered(self) -> list[NewsletterSection]:
        return sorted(self.sections.values(), key=lambda s: (s.order, s.key))


@dataclass
class WardTeamRegistry:
    """Who answers for a ward: `source(ward)` returns its team's public contact details (name, description, email,
    phone, contact_notes) or None. The places API shows them with a ward; organisations, which holds the teams and
    builds on places, provides them."""

    sources: dict[str, Callable[[Any], dict[str, str] | None]] = field(default_factory=dict)

    def add(self, key: str, source: Callable[[Any], dict[str, str] | None]) -> None:
        self.sources[key] = source

    def for_ward(self, ward: Any) -> dict[str, str] | None:
        for _key, source in sorted(self.sources.items()):
            found = source(ward)
            if found is not None:
                return found
        return None


ward_team = WardTeamRegistry()  # a ward's neighbourhood team in the places API (organisations)
alert_audiences = AudienceRegistry()  # who else an alert can reach (groups' members, consultations' respondents)
ward_newsletter = NewsletterRegistry()  # sections of a ward newsletter draft (alerts.compose)


@dataclass(frozen=True)
class SourceText:
    """One English text of a record that staff may translate: its field, label, English and length limit."""

    field: str  # the key kept in the record's `translations`, e.g. "issue" or "option.2"
    label: str  # e.g. "What we will do"
    english: str
    max_length: int
    multiline: bool = False

    @classmethod
    def of(cls, record: Any, name: str, label: str) -> "SourceText":
        """A record's field as a text to translate, with the length limit and the shape (one line or several)
        its model field gives the English."""
        model_field = record._meta.get_field(name)
        limits = [v.limit_value for v in model_field.validators if isinstance(v, MaxLengthValidator)]
        multiline = isinstance(model_field, models.TextField)
        english = str(getattr(record, name) or "")
        return cls(name, label, english, min(limits, default=bounds.MAX_TEXT), multiline)


@dataclass(frozen=True)
class TranslatableKind:
    """A kind of record whose staff-written texts can be translated (`languages.content` keeps the translations
    on the record, in a `translations` JSONField). The domain says which records a person may translate (its
    named edit rule), which texts they hold, and what to refresh once a translation is saved."""

    kind: str  # e.g. "priority"; also the first column of a translator's file
    label: str  # e.g. "Ward priority"
    order: int
    model: Any  # the model class; its rows carry `translations`
    editable: Callable[[Any], Any]  # (user) -> queryset of records the user may translate
    texts: Callable[[Any], list[SourceText]]  # (record) -> its texts in English, in page order
    describe: Callable[[Any], str]  # (record) -> a short name for staff
    back_url: Callable[[Any], str]  # (record) -> the record's staff page
    changed: Callable[[Any], None] | None = None  # (record) -> refresh cached pages after a translation is saved
    everything: Callable[[], Any] | None = None  # () -> queryset for the London-wide report (default: all rows)
    # (record) -> [(kind, record)]: the parts translated on their own rows, e.g. a consultation's questions
    parts: Callable[[Any], list[tuple[str, Any]]] | None = None


@dataclass
class TranslatableRegistry:
    kinds: dict[str, TranslatableKind] = field(default_factory=dict)

    def add(self, kind: TranslatableKind) -> None:
        self.kinds[kind.kind] = kind

    def ordered(self) -> list[TranslatableKind]:
        return sorted(self.kinds.values(), key=lambda k: (k.order, k.kind))


translatable = TranslatableRegistry()  # staff-written texts that can carry translations (languages.content)
