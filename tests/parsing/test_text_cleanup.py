from newscrawler.parsing.text import clean_body, clean_inline, fix_mojibake, is_boilerplate


def test_body_paragraphs_are_separated_by_one_blank_line():
    assert clean_body("  First   paragraph \r\n\r\n\r\nSecond\tone  \n") == "First paragraph\n\nSecond one"


def test_boilerplate_lines_are_removed_in_french_and_arabic():
    body = "Texte utile.\nLire aussi : Le Maroc et l'IA\nCliquez ici pour lire l'article depuis sa source.\nPartager\nاقرأ أيضا: خبر آخر\nFin."
    assert clean_body(body) == "Texte utile.\n\nFin."


def test_a_sentence_mentioning_share_words_is_kept():
    assert not is_boilerplate("Facebook a annoncé lundi un nouvel investissement au Maroc.")


def test_nfc_controls_and_invisible_characters():
    decomposed = "e\u0301te\u0301\u200b\x07 brûlant"
    assert clean_inline(decomposed) == "été brûlant"


def test_lone_surrogates_do_not_survive():
    assert clean_inline("abc\ud800def") == "abc?def"


def test_mojibake_is_repaired_line_by_line_only_when_it_is_mojibake():
    assert fix_mojibake("Ã©tÃ© Ã\xa0 Rabat") == "été à Rabat"
    assert clean_body("Ã©tÃ© chaud\nالرباط") == "été chaud\n\nالرباط"
    assert fix_mojibake("Â«dÃ©jÃ\xa0 vuÂ»") == "«déjà vu»"
    assert fix_mojibake("Â«déjà vu»") == "«déjà vu»"  # mojibake beside good text: ftfy repairs the broken part
    assert fix_mojibake("Année où") == "Année où"


def test_empty_values_become_none():
    assert clean_inline("  \n ") is None
    assert clean_body("Partager\nLire aussi") is None
    assert clean_inline(None) is None
