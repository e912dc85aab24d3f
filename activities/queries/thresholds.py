"""Fatigue thresholds: method weights, and where "medium" and "high" start, calibrated on the last year."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db.models import Count, Sum
from django.utils import timezone

from activities.models import Activity, ActivityPlace, CommunityOfInterest, FatigueSettings
from activities.queries.base import ASKS_OF_COMMUNITY, DEFAULT_WEIGHTS, K
from places.models import Ward

WARD_COUNTS_KEY = "activities:ward-counts"
THRESHOLDS_KEY = "activities:fatigue-thresholds"
BIN = timedelta(weeks=4)
CALIBRATION_WINDOWS = 13  # 4-week windows in the year over which thresholds are calibrated


def ward_counts() -> tuple[dict[int, int], int]:
    """Wards per borough and in London: a borough's or London's ask is spread over its wards."""

    def count() -> tuple[dict[int, int], int]:
        per = dict(Ward.objects.values("borough_id").annotate(n=Count("pk")).values_list("borough_id", "n"))
        return per, sum(per.values())

    found = cache.get_or_set(WARD_COUNTS_KEY, count, 3600)
    return found if found is not None else count()


@dataclass
class Thresholds:
    """Where "medium" and "high" start for a 4- and a 12-week figure, and how they were set."""

    medium_4w: float
    high_4w: float
    medium_12w: float
    high_12w: float
    medium_percentile: int
    high_percentile: int
    samples: int  # figures the percentiles were taken over (places × 4-week windows in the last year)

    def level(self, score: float, weeks: int) -> str:
        medium, high = (self.medium_4w, self.high_4w) if weeks == 4 else (self.medium_12w, self.high_12w)
        if score >= high:
            return "high"
        if score >= medium:
            return "medium"
        return "low"

    def describe(self, weeks: int = 4) -> str:
        medium, high = (self.medium_4w, self.high_4w) if weeks == 4 else (self.medium_12w, self.high_12w)
        return f"medium from {_fmt(medium)}, high from {_fmt(high)}"

    @property
    def describe_12(self) -> str:
        return self.describe(12)

    @property
    def source(self) -> str:
        return (
            f"London's {self.medium_percentile}th and {self.high_percentile}th percentiles over the last year "
            f"({self.samples:,} figures), never below the administrators' minimums"
        )


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.2f}".rstrip("0").rstrip(".")


@dataclass
class FatigueConfig:
    weights: dict[str, float]
    ward: Thresholds
    community: Thresholds

    def level(self, score: float, weeks: int) -> str:
        return self.ward.level(score, weeks)


def _percentile(values: list[float], pct: int) -> float:
    """Nearest-rank percentile of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), -(-pct * len(ordered) // 100)))
    return round(ordered[rank - 1], 2)


def _calibrated(samples4: list[float], samples12: list[float], row: FatigueSettings) -> Thresholds:
    floors = [float(row.medium_4w), float(row.high_4w), float(row.medium_12w), float(row.high_12w)]
    if samples4:
        found = [
            _percentile(samples4, row.medium_percentile),
            _percentile(samples4, row.high_percentile),
            _percentile(samples12, row.medium_percentile),
            _percentile(samples12, row.high_percentile),
        ]
    else:
        found = [0.0] * 4
    m4, h4, m12, h12 = (max(f, c) for f, c in zip(floors, found, strict=True))
    return Thresholds(m4, max(h4, m4), m12, max(h12, m12), row.medium_percentile, row.high_percentile, len(samples4))


def calibrate(row: FatigueSettings, *, at: datetime | None = None) -> tuple[Thresholds, Thresholds]:
    """Thresholds for wards and for communities from the spread of their figures over the last year.

    Every ward's (and community's) 4-week figure in each of the 13 four-week windows of the last year is one
    sample; "medium" starts at the `medium_percentile` of the samples and "high" at the `high_percentile`,
    each never below the administrators' minimum. The 12-week figures are three consecutive windows.
    """
    at = at or timezone.now()
    weights = _weights(row)
    bins = CALIBRATION_WINDOWS + 2
    ward_bins: dict[int, list[float]] = defaultdict(lambda: [0.0] * bins)
    borough_bins: dict[int, list[float]] = defaultdict(lambda: [0.0] * bins)
    london_bins = [0.0] * bins
    community_bins: dict[int, list[float]] = defaultdict(lambda: [0.0] * bins)
    for k in range(bins):
        # The database sums each window's shares per place and method: a few thousand rows, not every occurrence.
        rows = (
            ActivityPlace.objects.filter(
                kind__in=(K.WARD, K.BOROUGH, K.LONDON, K.COMMUNITY),
                starts_at__gt=at - BIN * (k + 1),
                starts_at__lte=at - BIN * k,
                audience__in=ASKS_OF_COMMUNITY,
            )
            .values("kind", "ward_id", "borough_id", "community_id", "audience", "method")
            .annotate(total=Sum("share"))
            .values_list("kind", "ward_id", "borough_id", "community_id", "audience", "method", "total")
        )
        for kind, ward_id, borough_id, community_id, audience, method, total in rows:
            ask = weights.get(method, 1.0) * (total or 0.0)
            if kind == K.COMMUNITY:
                community_bins[community_id][k] += ask
            elif audience != Activity.Audience.PUBLIC:
                continue
            elif kind == K.WARD:
                ward_bins[ward_id][k] += ask
            elif kind == K.BOROUGH:
                borough_bins[borough_id][k] += ask
            else:
                london_bins[k] += ask

    def samples(series: list[list[float]]) -> tuple[list[float], list[float]]:
        s4: list[float] = []
        s12: list[float] = []
        for b in series:
            for k in range(CALIBRATION_WINDOWS):
                s4.append(b[k])
                s12.append(b[k] + b[k + 1] + b[k + 2])
        return s4, s12

    empty = [0.0] * bins
    wards = [
        [ward_bins.get(w, empty)[k] + borough_bins.get(b, empty)[k] + london_bins[k] for k in range(bins)]
        for w, b in Ward.objects.values_list("pk", "borough_id")
    ]
    communities = [
        community_bins.get(c, empty)
        for c in CommunityOfInterest.objects.filter(is_active=True).values_list("pk", flat=True)
    ]
    return _calibrated(*samples(wards), row), _calibrated(*samples(communities), row)


def _weights(row: FatigueSettings) -> dict[str, float]:
    weights = dict(DEFAULT_WEIGHTS)
    weights.update({k: float(v) for k, v in (row.method_weights or {}).items() if k in weights})
    return weights


STALE_CALIBRATION_DAYS = 7  # past this, a request works the thresholds out itself rather than use the last ones


def _settings_stamp(row: FatigueSettings) -> str:
    return row.updated_at.isoformat() if row.updated_at else ""


def _work_out(row: FatigueSettings) -> tuple[Thresholds, Thresholds]:
    found = calibrate(row)
    cache.set(f"{THRESHOLDS_KEY}:{_settings_stamp(row)}", (timezone.localdate(), found), None)
    return found


def recalibrate() -> tuple[Thresholds, Thresholds]:
    """Work out today's thresholds and keep them (the daily `calibrate_fatigue` job; ~1–2 s at 1,000,000 rows)."""
    return _work_out(FatigueSettings.objects.first() or FatigueSettings())


def fatigue_config() -> FatigueConfig:
    """Method weights and the calibrated thresholds. The daily job recalibrates; a request uses the last thresholds
    worked out under the current settings, and works them out itself only when there are none (first use, or the
    settings changed) or when they are more than STALE_CALIBRATION_DAYS old (the job has not run)."""
    row = FatigueSettings.objects.first() or FatigueSettings()
    kept = cache.get(f"{THRESHOLDS_KEY}:{_settings_stamp(row)}")
    stale = kept is None or (timezone.localdate() - kept[0]).days > STALE_CALIBRATION_DAYS
    found = _work_out(row) if stale else kept[1]
    ward_t, community_t = found
    return FatigueConfig(weights=_weights(row), ward=ward_t, community=community_t)
