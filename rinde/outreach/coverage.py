"""The coverage matrix: audiences × channels, from plain rows (pure)."""


def matrix(audiences, channels, pieces, *, published_only_for_gaps: bool = True):
    """→ (rows, uncovered). rows: [(audience, [(channel, [pieces])])]; uncovered: the
    audiences no published piece reaches (planned pieces do not count: they may never run)."""
    cells: dict[tuple[int, int], list] = {}
    reached: set[int] = set()
    for piece in pieces:
        for audience in piece.audiences.all():
            cells.setdefault((audience.pk, piece.channel_id), []).append(piece)
            if piece.status == "published" or not published_only_for_gaps:
                reached.add(audience.pk)
    rows = [(a, [(c, cells.get((a.pk, c.pk), [])) for c in channels]) for a in audiences]
    uncovered = [a for a in audiences if a.pk not in reached]
    return rows, uncovered
