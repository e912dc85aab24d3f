"""Find a ward or borough by name: ward and borough names and well-known London places, forgiving typing slips.

Everything searched is held in memory (`places.reference` and the list below), so a search costs no query. A
name matches when the words typed are in it, or when they are close to a run of its words: trigram similarity
(shared three-letter pieces) or edit distance, whichever is kinder, so "brixtn", "lewsham" and "Shepherds Bush"
all find their place.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import gettext

from places import reference

MAX_QUERY = 100
MIN_SCORE = 0.55

# Well-known places that are not ward or borough names, and the borough each is in (ONS code). Only places that
# lie wholly in one borough are listed; a ward named after a place is found by its own name.
WELL_KNOWN = {
    "Angel": "E09000019",
    "Bank": "E09000001",
    "Barbican": "E09000001",
    "Battersea Power Station": "E09000032",
    "Bloomsbury": "E09000007",
    "Borough Market": "E09000028",
    "Brick Lane": "E09000030",
    "Buckingham Palace": "E09000033",
    "Camden Market": "E09000007",
    "Camden Town": "E09000007",
    "Canary Wharf": "E09000030",
    "Carnaby Street": "E09000033",
    "Covent Garden": "E09000033",
    "Crystal Palace Park": "E09000006",
    "Docklands": "E09000030",
    "Elephant and Castle": "E09000028",
    "Euston": "E09000007",
    "Finsbury Park": "E09000014",
    "Greenwich Park": "E09000011",
    "Hampstead Heath": "E09000007",
    "Heathrow": "E09000017",
    "Holloway": "E09000019",
    "Hyde Park": "E09000033",
    "King's Cross": "E09000007",
    "Leicester Square": "E09000033",
    "London Bridge": "E09000028",
    "Marble Arch": "E09000033",
    "Mayfair": "E09000033",
    "Notting Hill": "E09000020",
    "Oxford Circus": "E09000033",
    "Paddington": "E09000033",
    "Piccadilly Circus": "E09000033",
    "Olympic Park": "E09000025",
    "Regent's Park": "E09000033",
    "Richmond Park": "E09000027",
    "Soho": "E09000033",
    "South Bank": "E09000022",
    "St Paul's Cathedral": "E09000001",
    "Stratford": "E09000025",
    "The O2": "E09000011",
    "Tower of London": "E09000030",
    "Trafalgar Square": "E09000033",
    "Twickenham Stadium": "E09000027",
    "Victoria": "E09000033",
    "Waterloo": "E09000022",
    "Wembley Stadium": "E09000005",
    "Westfield Stratford City": "E09000025",
    "Westminster Abbey": "E09000033",
    "Wimbledon Common": "E09000024",
}


@dataclass(frozen=True)
class Result:
    name: str
    kind: str  # "Ward", "Borough" or "Place"
    where: str  # the borough's name, "" for a borough
    href: str
    score: float

    @property
    def description(self) -> str:
        """What the result is, in the page's language: "Ward in Lambeth"."""
        if self.kind == "Ward":
            return gettext("Ward in %(borough)s") % {"borough": self.where}
        if self.kind == "Place":
            return gettext("Place in %(borough)s") % {"borough": self.where}
        return gettext("Borough")


def normalise(text: str) -> str:
    """Lower case ASCII words: accents, apostrophes and punctuation dropped, '&' read as 'and', 'saint' as 'st'."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = text.replace("&", " and ").replace("'", "").replace("\u2019", "")
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    return " ".join("st" if w == "saint" else w for w in words)


def _trigrams(text: str) -> set[str]:
    padded = f"  {text} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def _trigram_similarity(a: str, b: str) -> float:
    ta, tb = _trigrams(a), _trigrams(b)
    return len(ta & tb) / len(ta | tb) if ta and tb else 0.0


def _edit_similarity(a: str, b: str) -> float:
    """1 minus the Levenshtein distance over the longer length."""
    if a == b:
        return 1.0
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return 1 - previous[-1] / max(len(a), len(b))


def _windows(words: list[str], size: int) -> list[str]:
    if len(words) <= size:
        return [" ".join(words)]
    return [" ".join(words[i : i + size]) for i in range(len(words) - size + 1)]


def score(query: str, name: str, windows: dict[int, list[tuple[str, set[str]]]] | None = None) -> float:
    """How well a normalised query matches a normalised name, 0 to 1 (1: the name is the query).

    `windows` (runs of the name's words with their trigrams, by length) may be given ready-made."""
    if query == name:
        return 1.0
    if query in name:
        padded = f" {name} "
        if f" {query} " in padded:
            return 0.95 if name.startswith(query) else 0.9
        return 0.8
    size = len(query.split())
    runs = (windows or {}).get(size) or [(w, _trigrams(w)) for w in _windows(name.split(), size)]
    grams = _trigrams(query)
    best = 0.0
    for window, window_grams in runs:
        similarity = len(grams & window_grams) / len(grams | window_grams)
        if similarity >= 0.2:  # the edit distance only for names that share something
            similarity = max(similarity, _edit_similarity(query, window) - 0.05)
        best = max(best, similarity)
    return best * 0.85  # a near miss ranks below every exact match


@dataclass(frozen=True)
class _Entry:
    key: str
    name: str
    kind: str
    where: str
    href: str
    windows: dict[int, list[tuple[str, set[str]]]]


def _entry(name: str, kind: str, where: str, href: str) -> _Entry:
    key = normalise(name)
    words = key.split()
    windows = {size: [(w, _trigrams(w)) for w in _windows(words, size)] for size in (1, 2, 3)}
    return _Entry(key, name, kind, where, href, windows)


@lru_cache(maxsize=1)
def _entries(_version: int) -> tuple[_Entry, ...]:
    entries = []
    for borough in reference.borough_list():
        entries.append(_entry(borough.name, "Borough", "", borough.get_absolute_url()))
        for ward in reference.wards_of(borough):
            entries.append(_entry(ward.name, "Ward", borough.name, ward.get_absolute_url()))
    wards = {(e.key, e.where) for e in entries}
    for name, code in WELL_KNOWN.items():
        home = reference.borough(code)
        if home is not None and (normalise(name), home.name) not in wards:  # not a ward of that name
            entries.append(_entry(name, "Place", home.name, home.get_absolute_url()))
    return tuple(entries)


def search(text: str, limit: int = 10) -> list[Result]:
    """The best matches for the text, best first (wards before places before boroughs when they tie)."""
    query = normalise(text[:MAX_QUERY])
    if len(query) < 2:
        return []
    places = reference.borough_list()
    found = []
    for entry in _entries(id(places[0]) if places else 0):
        s = score(query, entry.key, entry.windows)
        if s >= MIN_SCORE:
            found.append(Result(entry.name, entry.kind, entry.where, entry.href, round(s, 3)))
    order = {"Ward": 0, "Place": 1, "Borough": 2}
    found.sort(key=lambda r: (-r.score, order[r.kind], r.name))
    return found[:limit]
