from rinde.questions.similarity import most_similar, similarity


def test_accents_case_and_common_words_do_not_matter():
    assert similarity("¿Cuándo ARREGLAN la vía?", "cuando arreglan la via") == 1.0


def test_different_street_numbers_are_different_questions():
    same = "¿Cuándo arreglan el hueco de la calle 50?"
    other = "¿Cuándo arreglan el hueco de la calle 12?"
    assert similarity(same, "Cuándo arreglan el hueco de la calle 50") == 1.0
    assert similarity(same, other) < 1.0
    assert (
        most_similar(same, [(1, other), (2, "¿Cuándo arreglan el hueco de la calle 50 ya?")])[0][0]
        == 2
    )
