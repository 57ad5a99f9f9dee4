"""Distributions of the answers: pure functions over plain values."""

from collections import Counter

YES_NO = [["yes", "Sí"], ["no", "No"]]


def options_for(question) -> list[list[str]]:
    if question.kind == "yes_no":
        return YES_NO
    if question.kind == "scale":
        return [[str(n), str(n)] for n in range(question.scale_min, question.scale_max + 1)]
    return question.options


def distribution(question, answers) -> list[tuple[str, str, int]]:
    """[(code, label, count)] in the question's option order; `answers` are Answer rows
    (or objects with .choices and .number) of this question."""
    counts: Counter[str] = Counter()
    for answer in answers:
        if question.kind == "scale":
            if answer.number is not None:
                counts[str(answer.number)] += 1
        else:
            counts.update(answer.choices)
    return [(code, label, counts.get(code, 0)) for code, label in options_for(question)]


def average(question, answers) -> float | None:
    numbers = [a.number for a in answers if a.number is not None]
    return round(sum(numbers) / len(numbers), 2) if numbers else None
