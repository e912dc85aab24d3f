"""Which activities a member of staff, a partner or the public may see; the register's filters; counts per place."""

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Count, Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL

from activities import permissions
from activities.footprint_sql import aware
from activities.models import Activity, ActivityPlace, CommunityOfInterest
from activities.queries.base import LONG, PUBLIC_STATUSES, K, _day_start
from organisations.scope import Capability, scope_for
from places import reference
from places.models import Borough, Ward


def place_parts(ward_ids: Any = None, borough_ids: Any = None) -> list[Q]:
    """Footprint rows touching the given wards or boroughs (a borough row touches its wards; London all), as
    conditions that each read one footprint index: London's rows, the wards' rows, their boroughs' borough rows,
    and the rows of the boroughs covered whole."""
    parts = [Q(kind=K.LONDON)]
    if ward_ids:
        parts.append(Q(ward_id__in=ward_ids))
        wb = {w.borough_id for w in reference.by_pk(Ward, set(ward_ids)).values()}
        parts.append(Q(kind=K.BOROUGH, borough_id__in=sorted(wb)))
    if borough_ids:
        parts.append(Q(kind__in=(K.WARD, K.BOROUGH), borough_id__in=borough_ids))
    return parts


def place_q(ward_ids: Any = None, borough_ids: Any = None) -> Q:
    """`place_parts` as one condition."""
    q = Q()
    for part in place_parts(ward_ids, borough_ids):
        q |= part
    return q


def union_of(reads: list[QuerySet[Any]], *, repeats: bool = False) -> QuerySet[Any]:
    """Reads of ids as one read: each id once (`UNION`), or with `repeats` as the reads give them (`UNION ALL`)."""
    if len(reads) == 1:
        return reads[0] if repeats else reads[0].distinct()
    return reads[0].union(*reads[1:], all=repeats)


def _ids(qs: QuerySet[Any], column: str) -> QuerySet[Any]:
    return qs.order_by().values_list(column, flat=True)


def _visible_ids(scope: Any, *, public_only: bool, since: datetime | None = None) -> list[QuerySet[Any]]:
    """The ids of the activities a (not London-wide) scope shows, as reads that each use one index: the units' own
    and partnered activities, the footprint of each place, and the activities tied to no place.

    With `since`, only the activities starting then or later: no occurrence starts before its activity, so the
    footprint is read from `since` on too."""
    own: dict[str, Any] = {"status__in": PUBLIC_STATUSES} if public_only else {}
    linked: dict[str, Any] = {"activity__status__in": PUBLIC_STATUSES} if public_only else {}
    placed: dict[str, Any] = dict(linked)
    if since is not None:
        own["starts_at__gte"] = since
        linked["activity__starts_at__gte"] = since
        placed["starts_at__gte"] = since
    reads = []
    if scope.unit_ids:
        units = sorted(scope.unit_ids)
        reads.append(_ids(Activity.objects.filter(organising_unit_id__in=units, **own), "pk"))
        reads.append(_ids(Activity.partners.through.objects.filter(unit_id__in=units, **linked), "activity_id"))
    for part in place_parts(scope.ward_ids, scope.borough_ids):
        reads.append(_ids(ActivityPlace.objects.filter(part, **placed), "activity_id"))
    # activities for a community that are tied to no place are visible to every reader
    reads.append(_ids(Activity.objects.filter(placeless=True, **own), "pk"))
    return reads


@dataclass(frozen=True)
class _Reader:
    """Whose activities a user may see, when not every one: the scopes to read (each with whether only public
    activities count), and whether every public activity is seen besides."""

    scopes: tuple[tuple[Any, bool], ...]
    public_anywhere: bool


def _reader(user: Any) -> _Reader | None:
    """None when the user sees every activity."""
    if getattr(user, "is_superuser", False):
        return None
    scopes: list[tuple[Any, bool]] = []
    seen = set()
    public_anywhere = False
    for capability in (*permissions.READ_CAPABILITIES, Capability.SHARE_PARTNER_ACTIVITY):
        scope = scope_for(user, capability)
        if scope.is_empty and not scope.unit_ids:
            continue
        public_only = capability == Capability.SHARE_PARTNER_ACTIVITY
        if scope.london_wide:
            if not public_only:
                return None  # a London-wide reader sees every activity
            public_anywhere = True  # a London-wide partner sees every public activity
            continue
        key = (scope.ward_ids, scope.borough_ids, scope.unit_ids, public_only)
        if key not in seen:
            seen.add(key)
            scopes.append((scope, public_only))
    return _Reader(tuple(scopes), public_anywhere)


def _reads(reader: _Reader, since: datetime | None = None) -> list[QuerySet[Any]]:
    reads: list[QuerySet[Any]] = []
    for scope, public_only in reader.scopes:
        reads += _visible_ids(scope, public_only=public_only, since=since)
    return reads


def visible_activities(user: Any) -> QuerySet[Activity]:
    """Activities a member of staff or a partner may see (same rules on pages and in the API).

    The visible ids are read as a UNION of indexed reads (see `_visible_ids`), not as one OR across the
    footprint and the units, which the planner can only answer by testing every activity."""
    qs = Activity.objects.all()
    reader = _reader(user)
    if reader is None:
        return qs
    reads = _reads(reader)
    q = Q(pk__in=[])
    if reads:
        q |= Q(pk__in=union_of(reads))
    if reader.public_anywhere:
        q |= Q(status__in=PUBLIC_STATUSES)
    return qs.filter(q)


def ids_in(ids: list[int], model: Any = Activity, column: str = "id") -> RawSQL:
    """A condition on activities (or on another model's `column`): the id is one of `ids`, sent as one value (an
    array, or JSON on SQLite), not as thousands of placeholders."""
    # only our own table and column names are interpolated; the ids are one parameter
    column = f"{connection.ops.quote_name(model._meta.db_table)}.{connection.ops.quote_name(column)}"
    if connection.vendor == "postgresql":
        array = "{" + ",".join(map(str, ids)) + "}"
        # a set the planner counts as small: it probes the index for each id rather than scanning the table
        return RawSQL(f"{column} IN (SELECT unnest(%s::bigint[]))", (array,), BooleanField())  # noqa: S611
    return RawSQL(f"{column} IN (SELECT value FROM json_each(%s))", (json.dumps(ids),), BooleanField())  # noqa: S608, S611


Walk = tuple[str, str, list[Any], bool]  # (activity or footprint table, condition on `t`, values, public only)
FEW = 1000  # matches few enough to read whole for a page, rather than walking the reads newest first


def distinct_ids(reads: list[QuerySet[Any]], limit: int) -> list[int]:
    """Up to `limit` distinct ids from reads of ids (an activity can be in several reads, and a read can give it
    once per occurrence or place). The reads are taken one after the other, `limit` rows and a quarter more (the
    occurrences of series repeat ids), then to twice `limit` if those held too few activities, and made distinct
    here: the database neither sorts nor hashes them, and stops reading there. Only when twice `limit` rows hold
    fewer than `limit` activities, and more rows are left, does the database make them distinct."""
    every = union_of(reads, repeats=True)
    found: dict[int, None] = {}
    done = 0
    for depth in (limit + limit // 4, 2 * limit):
        rows = list(every[done:depth])
        found.update(dict.fromkeys(rows))
        if len(found) >= limit or len(rows) < depth - done:
            return list(found)[:limit]
        done = depth
    return list(union_of(reads)[:limit])


class NewestFirst:
    """A list of activities newest first, for a paginator, read from the newest of a few indexed reads rather than
    by fetching and sorting every match: a borough reader's area (tens of thousands of activities at London
    scale), or a ward's, borough's or community's footprint for a London-wide reader.

    A page from `offset` needs the latest `offset + limit` matches. Each indexed read (a unit's activities, a
    place's footprint, the placeless ones) is walked newest first to a depth of four times that (sixteen times a
    page at least: a recurring activity has a footprint row for each occurrence), and the latest of
    those starts bounds a window: every match starting in it is read, sorted and sliced. No occurrence starts
    before its activity, so an activity starting in the window has its footprint there too, and the page is exact
    when the window holds enough matches (several footprint rows can share one activity: if it does not, the walk
    goes four times deeper, and at last the list is read without a window). When the matches were counted and are
    few (`FEW`), the page is read from their ids instead."""

    def __init__(
        self,
        base: QuerySet[Activity],
        reads: Callable[[datetime | None], list[QuerySet[Any]]],
        walks: list[Walk],
        *,
        local: Callable[[], list[QuerySet[Any]]] | None = None,
    ) -> None:
        self.base = base  # what to read of each activity: every match is in one of the reads
        self.reads = reads
        self.walks = walks
        # the reads that can find an activity with a ward or borough (all but London's, whose activities have
        # none): what the counts per borough need
        self.local = local
        self._ids: dict[int, list[int]] = {}

    def ids(self, limit: int) -> list[int]:
        """The ids of up to `limit` matches (in no order), read from the indexed reads alone."""
        if limit not in self._ids:
            self._ids[limit] = distinct_ids(self.reads(None), limit)
        return self._ids[limit]

    def local_matches(self) -> QuerySet[Any]:
        """The ids of the matches that may touch a borough, as one read (for `counts_by_borough`)."""
        reads = self.reads(None) if self.local is None else self.local()
        return union_of(reads)

    def count(self, limit: int) -> int:
        """The matches, counted up to `limit` (`ids`)."""
        return len(self.ids(limit))

    def __getitem__(self, index: slice) -> list[Activity]:
        offset, stop = index.start or 0, index.stop
        wanted = stop - offset
        every = next((ids for limit, ids in self._ids.items() if len(ids) < limit), None)
        if every is not None and len(every) <= FEW:
            # counted already, and only a few: every match's id is known, and reading them all is quickest
            return list(self.base.filter(ids_in(every)).order_by("-starts_at", "-pk")[offset:stop])
        first = max(4 * stop, 16 * wanted)
        for depth in (first, 4 * first):
            since = self._since(depth)
            if since is None:
                break  # the reads hold fewer rows than that: read them whole
            # The window's ids are read first and sent as one value: given as a subquery, the planner may walk
            # every activity of the window by start instead, testing each against them.
            reads = self.reads(since)
            window = list(union_of(reads))
            qs = self.base.filter(ids_in(window), starts_at__gte=since)
            found = list(qs.order_by("-starts_at", "-pk")[offset:stop])
            if len(found) == wanted:
                return found
        reads = self.reads(None)
        return list(self.base.filter(pk__in=union_of(reads)).order_by("-starts_at", "-pk")[offset:stop])

    def _since(self, depth: int) -> datetime | None:
        """The `depth`-th newest start of all the indexed reads together (None when they hold fewer rows): each read
        walked newest first to that depth at most, one index range each."""
        activity, footprint = Activity._meta.db_table, ActivityPlace._meta.db_table
        public = ", ".join(f"'{s}'" for s in PUBLIC_STATUSES)  # our own constants
        in_public = f"a.status IN ({public})"
        branches: list[str] = []
        params: list[Any] = []
        for table, condition, args, public_only in self.walks:
            where = condition
            if public_only and table == footprint:
                where += f" AND EXISTS (SELECT 1 FROM {activity} a WHERE a.id = t.activity_id AND {in_public})"  # noqa: S608
            elif public_only:
                where += f" AND t.status IN ({public})"
            # only our own table names and conditions are interpolated; values are parameters
            branches.append(
                f"SELECT * FROM (SELECT t.starts_at FROM {table} t WHERE {where} "  # noqa: S608
                f"ORDER BY t.starts_at DESC LIMIT {int(depth)}) b{len(branches)}"
            )
            params.extend(args)
        sql = f"SELECT starts_at FROM ({' UNION ALL '.join(branches)}) walked "  # noqa: S608
        sql += f"ORDER BY starts_at DESC LIMIT 1 OFFSET {int(depth) - 1}"
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            found = cursor.fetchone()
        return aware(found[0]) if found else None


def _scope_walks(reader: _Reader) -> list[Walk]:
    """`_visible_ids`'s reads, one index range each. The partners' links hold no start to walk; the window reads
    them whole."""
    activity, footprint = Activity._meta.db_table, ActivityPlace._meta.db_table
    walks: list[Walk] = []
    for scope, public_only in reader.scopes:
        walks += [(activity, "t.organising_unit_id = %s", [unit], public_only) for unit in sorted(scope.unit_ids)]
        walks.append((footprint, "t.kind = %s", [K.LONDON], public_only))
        walks += [(footprint, "t.ward_id = %s", [ward], public_only) for ward in sorted(scope.ward_ids)]
        for borough in sorted({w.borough_id for w in reference.by_pk(Ward, set(scope.ward_ids)).values()}):
            walks.append((footprint, "t.kind = %s AND t.borough_id = %s", [K.BOROUGH, borough], public_only))
        for borough in sorted(scope.borough_ids):
            for kind in (K.WARD, K.BOROUGH):
                walks.append((footprint, "t.kind = %s AND t.borough_id = %s", [kind, borough], public_only))
        walks.append((activity, "t.placeless", [], public_only))
    return walks


def public_activities(*, with_cancelled: bool = False) -> QuerySet[Activity]:
    """Activities the public may see: public, not held back by a prior consultation, and not cancelled (a cancelled
    one keeps its own page, saying so, for the calendars and links that point at it)."""
    shown = Activity.objects.filter(is_public=True, consultation_pending=False)
    return shown if with_cancelled else shown.exclude(status=Activity.Status.CANCELLED)


@dataclass
class Filters:
    ward: Ward | None = None
    borough: Borough | None = None
    community: CommunityOfInterest | None = None
    unit: Any = None
    method: str = ""
    tier: str = ""
    status: str = ""
    date_from: date | None = None
    date_to: date | None = None
    text: str = ""

    def without_places(self) -> "Filters":
        """The same filters without the ward and borough, for a reader that puts `place_condition` on the
        footprint rows it reads itself (the calendar)."""
        return replace(self, ward=None, borough=None)


def place_condition(f: Filters) -> Q | None:
    """The filter's ward or borough as a condition on footprint rows (None when it has neither)."""
    if f.ward is None and f.borough is None:
        return None
    q = Q()
    if f.ward is not None:
        q &= place_q([f.ward.pk])
    if f.borough is not None:
        q &= place_q(None, [f.borough.pk])
    return q


def apply_filters(qs: QuerySet[Activity], f: Filters) -> QuerySet[Activity]:
    if f.method:
        qs = qs.filter(method=f.method)
    if f.tier:
        qs = qs.filter(tier=f.tier)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.unit is not None:
        qs = qs.filter(
            Q(organising_unit=f.unit)
            | Q(pk__in=Activity.partners.through.objects.filter(unit_id=f.unit.pk).values("activity_id"))
        )
    if f.text:
        qs = qs.filter(Q(title__icontains=f.text) | Q(venue__icontains=f.text))
    fp = ActivityPlace.objects.filter(activity=OuterRef("pk"))
    need = False
    if (place := place_condition(f)) is not None:
        fp = fp.filter(place)
        need = True
    if f.community is not None:
        fp = fp.filter(community=f.community)
        need = True
    if f.date_from or f.date_to:
        fp = fp.filter(_dates_q(f.date_from, f.date_to))
        need = True
    if need:
        if f.ward is None and f.borough is None and f.community is None and f.status == Activity.Status.CANCELLED:
            # cancelled activities have no footprint: filter dates on the activity itself
            if f.date_from:
                qs = qs.filter(ends_at__gte=_day_start(f.date_from))
            if f.date_to:
                qs = qs.filter(starts_at__lt=_day_start(f.date_to + timedelta(days=1)))
        else:
            qs = qs.filter(Exists(fp))
            if f.date_to:
                # Every occurrence starts at or after the activity's first start, so this changes nothing but lets
                # the list, newest first, begin its walk at the end of the span rather than at the latest activity.
                qs = qs.filter(starts_at__lt=_day_start(f.date_to + timedelta(days=1)))
    return qs


def footprint_matches(user: Any, f: Filters, limit: int) -> list[int] | None:
    """For a London-wide reader whose filters all hold on one footprint row (dates, with a place, a community or a
    method): the ids of up to `limit` matches, read from the footprint rows alone (`distinct_ids`) instead of
    testing each activity for such a row. None: count the list itself."""
    if _reader(user) is not None or not (f.date_from or f.date_to):
        return None
    if f.unit is not None or f.tier or f.status or f.text:
        return None
    rows = ActivityPlace.objects.filter(_dates_q(f.date_from, f.date_to))
    if (place := place_condition(f)) is not None:
        rows = rows.filter(place)
    if f.community is not None:
        rows = rows.filter(community=f.community)
    if f.method:
        rows = rows.filter(method=f.method)  # each row carries its activity's method
    # as `apply_filters`: an activity matches when one of its footprint rows meets every condition
    return distinct_ids([_ids(rows, "activity_id")], limit)


def known_matches(user: Any, f: Filters, qs: QuerySet[Activity], limit: int) -> list[int] | None:
    """The ids of up to `limit` matches, read once for the count, the page and the borough counts, where reading
    them is cheaper than asking three times: filters that hold on the footprint (`footprint_matches`), and a text
    search (each asking reads the trigram index's long lists for words every title holds). `qs`: the matches (the
    filters applied). None: count `qs`."""
    found = footprint_matches(user, f, limit)
    if found is None and f.text:
        found = list(qs.order_by().values_list("pk", flat=True)[:limit])
    return found


def _dates_q(date_from: date | None, date_to: date | None) -> Q:
    """Footprint rows overlapping the days from `date_from` to `date_to` (either may be open), written so that the
    footprint's indexes answer it: an occurrence of at most a week (LONG) ends after `date_from` only if it starts
    less than a week before, so short ones are read by their start (every kind named, for the index on kind and
    start) and long ones by their end (their own partial index). A row found both ways is the same row."""
    q = Q()
    if date_to:
        q &= Q(starts_at__lt=_day_start(date_to + timedelta(days=1)))
    if not date_from:
        return q
    since = _day_start(date_from)
    short = Q(kind__in=K.values, starts_at__gte=since - LONG, ends_at__gte=since)
    long = Q(is_long=True, ends_at__gte=since)
    return q & (short | long)


def counts_by_borough(activities: QuerySet[Any] | list[int]) -> list[dict[str, Any]]:
    """Planned (planned/confirmed) and held (held or later) activities touching each borough (`activities` may be
    the ids, read already, or a read of them: `NewestFirst.local_matches`)."""
    planned = set(PUBLIC_STATUSES)
    if isinstance(activities, QuerySet) and activities.model is Activity:
        rows = ActivityPlace.objects.filter(kind__in=(K.WARD, K.BOROUGH), activity__in=activities.values("pk"))
    elif isinstance(activities, QuerySet):
        rows = ActivityPlace.objects.filter(kind__in=(K.WARD, K.BOROUGH), activity_id__in=activities)
    else:
        rows = ActivityPlace.objects.filter(
            ids_in(activities, ActivityPlace, "activity_id"), kind__in=(K.WARD, K.BOROUGH)
        )
    table: dict[int, dict[str, int]] = defaultdict(lambda: {"planned": 0, "held": 0})
    for r in rows.values("borough_id", "activity__status").annotate(n=Count("activity_id", distinct=True)):
        status = r["activity__status"]
        key = "planned" if status in planned else "held"
        table[r["borough_id"]][key] += r["n"]
    names = {b.pk: (b.name, b.code) for b in reference.borough_list()}
    return [
        {"borough_id": b, "name": names[b][0], "borough_code": names[b][1], **v}
        for b, v in sorted(table.items(), key=lambda kv: names[kv[0]][0])
    ]


def counts_by_ward(activities: QuerySet[Activity], borough: Borough) -> list[dict[str, Any]]:
    rows = (
        ActivityPlace.objects.filter(kind=K.WARD, borough_id=borough.pk, activity__in=activities.values("pk"))
        .values("ward_id", "activity__status")
        .annotate(n=Count("activity_id", distinct=True))
    )
    table: dict[int, dict[str, int]] = {w.pk: {"planned": 0, "held": 0} for w in borough.wards.all()}
    for r in rows:
        key = "planned" if r["activity__status"] in PUBLIC_STATUSES else "held"
        table.setdefault(r["ward_id"], {"planned": 0, "held": 0})[key] += r["n"]
    names = dict(borough.wards.values_list("pk", "name"))
    return [
        {"ward_id": w, "name": names.get(w, "?"), **v}
        for w, v in sorted(table.items(), key=lambda kv: names.get(kv[0], ""))
    ]


def latest_in_scope(scope: Any, *, limit: int = 200) -> QuerySet[Activity]:
    """The latest `limit` activities in the wards of a scope (`organisations.scope`), newest first: what a
    neighbourhood's issue can be linked to."""
    ids = list(
        Activity.objects.filter(scope.ward_q("wards")).order_by("-starts_at").values_list("pk", flat=True)[:limit]
    )
    return Activity.objects.filter(pk__in=ids).order_by("-starts_at")


def _place_reads(f: Filters) -> tuple[list[Q], list[Walk]] | None:
    """The footprint rows a place filter needs (the ward's, else the borough's, else the community's), as
    conditions and walks; None without one."""
    footprint = ActivityPlace._meta.db_table
    if f.ward is not None:
        parts = place_parts([f.ward.pk])
        return (
            parts,
            [
                (footprint, "t.kind = %s", [K.LONDON], False),
                (footprint, "t.ward_id = %s", [f.ward.pk], False),
                (footprint, "t.kind = %s AND t.borough_id = %s", [K.BOROUGH, f.ward.borough_id], False),
            ],
        )
    if f.borough is not None:
        walks: list[Walk] = [(footprint, "t.kind = %s", [K.LONDON], False)]
        for kind in (K.WARD, K.BOROUGH):
            walks.append((footprint, "t.kind = %s AND t.borough_id = %s", [kind, f.borough.pk], False))
        return place_parts(None, [f.borough.pk]), walks
    if f.community is not None:
        return [Q(community=f.community)], [(footprint, "t.community_id = %s", [f.community.pk], False)]
    return None


def newest_first(user: Any, f: Filters, shown: QuerySet[Activity]) -> NewestFirst | None:
    """The register's list read from the newest of a few indexed reads (`NewestFirst`), where that is quicker than
    the plain list: a reader of part of London with no filter, or a London-wide reader filtering by place alone.
    `shown` is what to read of each activity (no condition). None: read the plain list."""
    reader = _reader(user)
    if reader is not None:
        if reader.public_anywhere or not reader.scopes or f != Filters():
            return None

        return NewestFirst(shown, lambda since: _reads(reader, since), _scope_walks(reader))
    places = _place_reads(f)
    if places is None:
        return None
    parts, walks = places
    one_place = sum(p is not None for p in (f.ward, f.borough, f.community)) == 1
    if not one_place or replace(f, ward=None, borough=None, community=None) != Filters():
        return None

    def reads(since: datetime | None) -> list[QuerySet[Any]]:
        after = {} if since is None else {"starts_at__gte": since}
        return [_ids(ActivityPlace.objects.filter(part, **after), "activity_id") for part in parts]

    def local() -> list[QuerySet[Any]]:
        # London's rows (the first of `place_parts`) are those of London-wide activities, which touch no borough
        return reads(None)[1:] if f.community is None else reads(None)

    # With one place filter and no other, an activity matches when one of its footprint rows is in a read.
    return NewestFirst(shown, reads, walks, local=local)
