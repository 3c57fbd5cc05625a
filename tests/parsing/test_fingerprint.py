from newscrawler.parsing.fingerprint import content_fingerprint


def test_layout_case_and_punctuation_do_not_change_the_fingerprint():
    assert content_fingerprint("Le Maroc, pays d'Afrique.\n\nDeuxième paragraphe !") == content_fingerprint(
        "le maroc pays d afrique deuxième   paragraphe"
    )


def test_arabic_diacritics_and_tatweel_are_ignored():
    assert content_fingerprint("الْمَغْرِب") == content_fingerprint("المـغرب")


def test_different_words_give_different_fingerprints():
    assert content_fingerprint("Rabat accueille le sommet") != content_fingerprint("Rabat accueille le forum")
