"""Similar questions, for merging duplicates: accent- and case-insensitive word overlap."""

import re

from rinde.core.search import fold

# Spanish words too common to tell two questions apart.
STOPWORDS = frozenset(
    [
        "a",
        "al",
        "algo",
        "como",
        "con",
        "cual",
        "cuales",
        "cuando",
        "cuanto",
        "de",
        "del",
        "donde",
        "el",
        "ella",
        "en",
        "es",
        "esta",
        "este",
        "esto",
        "estos",
        "for",
        "hay",
        "la",
        "las",
        "le",
        "les",
        "lo",
        "los",
        "mas",
        "me",
        "mi",
        "muy",
        "no",
        "o",
        "para",
        "pero",
        "por",
        "que",
        "qué",
        "se",
        "si",
        "sobre",
        "su",
        "sus",
        "tambien",
        "un",
        "una",
        "unas",
        "uno",
        "unos",
        "y",
        "ya",
        "van",
        "va",
        "ser",
        "son",
        "fue",
        "han",
        "ha",
    ]
)


def normalize(text: str) -> str:
    """Accents and case removed (core.search.fold, which the public search uses too)."""
    return fold(text)


def words(text: str) -> frozenset[str]:
    # Numbers count however short: "calle 12" and "calle 50" are different streets.
    return frozenset(
        w
        for w in re.findall(r"[a-z0-9ñ]+", normalize(text))
        if (len(w) > 2 or w.isdigit()) and w not in STOPWORDS
    )


def similarity(a: str, b: str) -> float:
    """Jaccard overlap of the meaningful words: 0 (nothing shared) to 1 (the same words)."""
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / len(wa | wb)


def most_similar(text: str, candidates: list[tuple[int, str]], *, limit=5, threshold=0.25):
    """[(id, score)] of the candidates most like `text`, best first."""
    scored = [(pk, similarity(text, other)) for pk, other in candidates]
    scored = [(pk, score) for pk, score in scored if score >= threshold]
    return sorted(scored, key=lambda item: -item[1])[:limit]
