"""The verhaal van de wijk: stories per wijk or buurt with an optional photo, imported without personal data."""
from .stories import StoryImportResult, import_wijkverhalen, private_data_problem, read_wijkverhalen

__all__ = ["StoryImportResult", "import_wijkverhalen", "private_data_problem", "read_wijkverhalen"]
