"""Offline language identification."""

from crosscheck.ingest.language import detect


def test_english_french_german_spanish():
    assert detect("The president met the NATO secretary general at the White House on Wednesday to discuss Ukraine.") == "en"
    assert detect("Le président a reçu le secrétaire général de l'OTAN à la Maison Blanche mercredi pour parler de l'Ukraine.") == "fr"
    assert detect("Der Präsident empfing den NATO-Generalsekretär am Mittwoch im Weißen Haus, um über die Ukraine zu sprechen.") == "de"
    assert detect("El presidente recibió al secretario general de la OTAN en la Casa Blanca el miércoles para hablar de Ucrania.") == "es"


def test_too_little_text_is_unknown():
    assert detect("ok") is None and detect("   ") is None
