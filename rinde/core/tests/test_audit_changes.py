from rinde.core import audit


def test_diff_lists_only_what_changed_with_before_and_after():
    before = {"a": "1", "b": "2", "c": "3"}
    after = {"a": "1", "b": "5", "d": "4"}
    assert audit.diff(before, after) == {"b": ["2", "5"], "c": ["3", None], "d": [None, "4"]}


def test_diff_is_bounded_and_counts_what_it_left_out():
    before = {f"k{i:04}": i for i in range(1000)}
    after = {f"k{i:04}": i + 1 for i in range(1000)}
    result = audit.diff(before, after, limit=10)
    assert len(result) == 11
    assert result["_omitted"] == 990
    assert result["k0000"] == [0, 1]


def test_change_rows_tell_pairs_from_plain_values():
    rows = audit.change_rows({"role": ["officer", "planning"], "file": "corte.xlsx"})
    assert rows == [("role", "officer", "planning", True), ("file", "corte.xlsx", None, False)]
