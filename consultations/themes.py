"""Group free-text answers into themes offline: TF-IDF vectors and spherical k-means in plain Python.

Centroids are learned from a bounded sample of answers; every answer is then read in chunks and given its
nearest centroid, so memory depends on the sample size and vocabulary, not on the number of answers.
"""

import math
import random
import re
from collections import Counter
from collections.abc import Callable

from .models import Answer, Question

SAMPLE_SIZE = 3000
MAX_VOCABULARY = 3000
ITERATIONS = 15
RESTARTS = 5
PROGRESS_EVERY = 2000
STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being below between
    both but by can could did do does doing down during each few for from further had has have having he her here
    hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of
    off on once only or other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up very was we were what
    when where which while who whom why will with would you your yours yourself yourselves also get got like
    really think much many lot lots us im ive dont cant isnt wont would could should one make made need needs
    more less still even well thing things way want people police""".split()
)
_WORD = re.compile(r"[a-z][a-z']+")
Vector = dict[str, float]


def tokens(text: str) -> list[str]:
    words = []
    for w in _WORD.findall(text.lower()):
        w = w.strip("'")
        if len(w) < 3 or w in STOPWORDS:
            continue
        if len(w) > 4 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        words.append(w)
    return words


def _vector(words: list[str], idf: dict[str, float]) -> Vector:
    counts = Counter(w for w in words if w in idf)
    vec = {w: (1 + math.log(c)) * idf[w] for w, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {w: v / norm for w, v in vec.items()} if norm else {}


def _dot(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


def _normalise(vec: Vector) -> Vector:
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {w: v / norm for w, v in vec.items() if v} if norm else {}


def _kmeans(vectors: list[Vector], k: int, rng: random.Random) -> list[Vector]:
    """Spherical k-means with k-means++ seeding; returns the centroids."""
    centroids = [vectors[rng.randrange(len(vectors))]]
    while len(centroids) < k:
        distances = [1 - max(_dot(v, c) for c in centroids) for v in vectors]
        total = sum(distances)
        if total <= 0:
            break
        pick, acc = rng.random() * total, 0.0
        for v, d in zip(vectors, distances, strict=True):
            acc += d
            if acc >= pick:
                centroids.append(v)
                break
    for _ in range(ITERATIONS):
        sums: list[Counter[str]] = [Counter() for _ in centroids]
        for v in vectors:
            best = max(range(len(centroids)), key=lambda i: _dot(v, centroids[i]))
            sums[best].update(v)
        new = [_normalise(dict(s)) if s else centroids[i] for i, s in enumerate(sums)]
        if new == centroids:
            break
        centroids = new
    return centroids


def _best_kmeans(vectors: list[Vector], k: int, rng: random.Random, restarts: int = RESTARTS) -> list[Vector]:
    """The run (of several seeds) whose answers sit closest to their centroids: k-means finds local optima."""
    best: list[Vector] = []
    best_score = -1.0
    for _ in range(restarts):
        centroids = _kmeans(vectors, k, rng)
        score = sum(max(_dot(v, c) for c in centroids) for v in vectors)
        if score > best_score:
            best, best_score = centroids, score
    return best


def _label(centroid: Vector) -> str:
    top = sorted(centroid.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
    return ", ".join(w for w, _ in top).capitalize() or "Other answers"


def cluster_answers(
    question: Question,
    *,
    k: int | None = None,
    seed: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> list[tuple[str, list[int]]]:
    """[(theme label, answer ids)] for the non-empty text answers to `question`, largest theme first.

    `progress(done, total)` is called every few thousand answers: each answer is read twice (for the sample,
    then to be given its theme), so `total` is twice the number of answers."""
    base = Answer.objects.filter(question=question).exclude(text="")
    total = base.count()
    if total == 0:
        return []

    def report(done: int) -> None:
        if progress is not None:
            progress(done, 2 * total)

    rng = random.Random(seed)  # noqa: S311 - clustering, not security
    step = max(1, total // SAMPLE_SIZE)
    sample: list[list[str]] = []
    for i, text in enumerate(base.order_by("pk").values_list("text", flat=True).iterator(chunk_size=2000)):
        if i % step == 0 and len(sample) < SAMPLE_SIZE:
            sample.append(tokens(text))
        if i % PROGRESS_EVERY == 0:
            report(i)
    report(total)
    df: Counter[str] = Counter()
    for words in sample:
        df.update(set(words))
    min_df = 2 if len(sample) >= 10 else 1
    vocab = [w for w, n in df.most_common(MAX_VOCABULARY) if n >= min_df]
    n_docs = len(sample)
    idf = {w: math.log((1 + n_docs) / (1 + df[w])) + 1 for w in vocab}
    vectors = [v for v in (_vector(words, idf) for words in sample) if v]
    if not vectors:
        return [("Other answers", list(base.values_list("pk", flat=True)))]
    if k is None:
        k = max(2, min(8, round(math.sqrt(len(vectors) / 2))))
    k = max(1, min(k, len(vectors)))
    centroids = _best_kmeans(vectors, k, rng)
    groups: list[list[int]] = [[] for _ in centroids]
    other: list[int] = []
    for i, (pk, text) in enumerate(base.order_by("pk").values_list("pk", "text").iterator(chunk_size=2000)):
        if i % PROGRESS_EVERY == 0:
            report(total + i)
        vec = _vector(tokens(text), idf)
        if not vec:
            other.append(pk)
            continue
        scores = [_dot(vec, c) for c in centroids]
        best = max(range(len(centroids)), key=scores.__getitem__)
        if scores[best] <= 0:
            other.append(pk)
        else:
            groups[best].append(pk)
    report(2 * total)
    labelled = [(_label(c), ids) for c, ids in zip(centroids, groups, strict=True) if ids]
    # Two centroids can share a label; keep labels distinct so analysts can tell them apart.
    seen: Counter[str] = Counter()
    out: list[tuple[str, list[int]]] = []
    for label, ids in sorted(labelled, key=lambda t: -len(t[1])):
        seen[label] += 1
        out.append((label if seen[label] == 1 else f"{label} ({seen[label]})", ids))
    if other:
        out.append(("Other answers", other))
    return out
