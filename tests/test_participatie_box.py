"""The atlas's participation box says something: themes with counts, kinds apart, follow-up, betrokkenheid in words."""
from wijkatlas.layers.participatie.betrokkenheid import atlas_area_text as area_text
from wijkatlas.layers.participatie.summary import _notes_text, follow_up_text
from wijkatlas.layers.schema import SOORTEN_NOTITIE, THEMAS


def _row(groep, oordeel, answered):
    return {"groep": groep, "oordeel": oordeel, "n_dimensie": answered}


def test_betrokkenheid_only_with_enough_participants_and_in_words():
    few = [_row("0-15", "ondervertegenwoordigd", 12), _row("65+", "oververtegenwoordigd", 12)]
    assert area_text(few) == "Betrokkenheid: te weinig deelnemers om te zeggen wie er ontbreekt."
    many = [_row("0-15", "ondervertegenwoordigd (sterk)", 45), _row("65+", "oververtegenwoordigd", 45),
            _row("met kinderen", "ondervertegenwoordigd", 40)]
    text = area_text(many)
    assert "minder gehoord: kinderen tot 15 jaar, gezinnen met kinderen" in text
    assert "meer gehoord: ouderen vanaf 65 jaar" in text and "0-15" not in text
    assert area_text([]) == ""
    assert area_text([_row("0-15", "geen deelnemers met antwoord", 0)]) == ""  # nobody took part
    assert "te weinig" in area_text([_row("0-15", "onderdrukt (minder dan 5 deelnemers)", None)])


def test_themes_with_counts_and_kinds_on_their_own_line():
    counts = {f"n_{t}": 0 for t in THEMAS} | {f"n_{s}": 0 for s in SOORTEN_NOTITIE}
    counts.update({f"n_{THEMAS[0]}": 7, f"n_{THEMAS[1]}": 5, "n_zorg": 6, "n_idee": 6})
    text = _notes_text(counts, 12, 5)
    head, kinds = text.split("\n")
    assert head == f"Participatie: 12 notities; vooral over {THEMAS[0]} (7) en {THEMAS[1]} (5)."
    assert kinds == "Soort notities: 6 zorgen, 6 ideeën."


def test_follow_up_counts_with_small_groups_hidden():
    done = {"meegenomen in een maatregel": 6, "beantwoord": 5, "doorgegeven aan een partner": 1}
    text = follow_up_text(done, 20, 5)
    # 1 is small, and then the next smallest (5) hides too, or the total would give the 1 away.
    assert text == "Opvolging: 6 meegenomen in een maatregel, 8 zonder opvolging ingevuld."
    assert follow_up_text(done, 3, 5) == ""  # too few notes in the buurt to say anything
    assert follow_up_text({}, 20, 5) == ""
