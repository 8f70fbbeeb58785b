"""One rule for contact details in free text: the notes' import scrub, the wijkverhalen check and the forms (notes,
stories, partner contact) agree on every case, and each case class is caught or left alone."""
import pytest
from form_tools import validate
from geldstromen_fixture import make_geld_dossier
from qgis.core import QgsProject

from wijkatlas.layers.participatie.privacy import EMAIL_MARK, PHONE_MARK, scrub_contact_details
from wijkatlas.layers.schema import project_uri
from wijkatlas.layers.wijkverhaal import private_data_problem

PHONES = [
    "bel 06-12345678", "(020) 123 45 67", "020 - 123 4567", "+31 (0)6 1234 5678", "0031201234567",
    "bel +31 6 12 34 56 78", "tel.: 06.12.34.56.78", "+31612345678", "0031 (0)20 1234567", "(0)20 123 4567",
]
EMAILS = ["mail j.de.vries+wijk@gemeente.example.nl!", "info@buurthuis.nl"]
CLEAN = [
    "In 1920 woonden hier 4.500 mensen op 1.200 adressen.", "Sinds 2019 woon ik op nummer 1234567; 50 m2 tuin",
    "postcode 1093 AB 12", "budget € 1.250.000,00", "BU03632700", "kinderen 0 - 12 jaar", "plan 2020-2024",
    "06-1234567 is te kort", "dossiernummer 1234567890", "team Wijkaanpak Oost",
]


@pytest.fixture(scope="module")
def form_layers(tmp_path_factory, qgis_app):
    path = make_geld_dossier(tmp_path_factory.mktemp("contact") / "d.gpkg")
    project = QgsProject()
    assert project.read(project_uri(path))
    layers = {lyr.source().split("layername=")[-1]: lyr for lyr in project.mapLayers().values()}
    yield layers
    project.clear()


def _forms_accept(layers, text):
    """Whether each form that guards free text accepts `text`."""
    return {name: validate(layers[name], {field: text}, field)[0]
            for name, field in (("wijkverhalen", "tekst"), ("partners", "contact"),
                                ("participatie_punten", "tekst"))}


@pytest.mark.parametrize("text", PHONES)
def test_phone_numbers_are_caught_everywhere(text, form_layers):
    clean, emails, phones = scrub_contact_details(text)
    assert (emails, phones) == (0, 1) and PHONE_MARK in clean
    assert "telefoonnummer" in private_data_problem(text)
    assert not any(_forms_accept(form_layers, text).values())


@pytest.mark.parametrize("text", EMAILS)
def test_email_addresses_are_caught_everywhere(text, form_layers):
    clean, emails, phones = scrub_contact_details(text)
    assert (emails, phones) == (1, 0) and EMAIL_MARK in clean and "@" not in clean
    assert "e-mailadres" in private_data_problem(text)
    assert not any(_forms_accept(form_layers, text).values())


@pytest.mark.parametrize("text", CLEAN)
def test_figures_codes_and_dates_are_left_alone(text, form_layers):
    assert scrub_contact_details(text) == (text, 0, 0)
    assert private_data_problem(text) == ""
    assert all(_forms_accept(form_layers, text).values())


def test_a_text_is_still_required_beside_the_contact_rule(form_layers):
    # a field has one constraint expression: the contact rule must not replace the "required" rule
    for name in ("wijkverhalen", "participatie_punten"):
        for empty in ("", "   "):
            ok, errors = validate(form_layers[name], {"tekst": empty}, "tekst")
            assert not ok and any("Schrijf" in e for e in errors), (name, errors)
