"""The embedded sample (Amsterdam Oost, CBS 2019): building it from ../shared/data and making a dossier of it."""
from .sample_dossier import create_sample_dossier, ensure_sample_dossier

__all__ = [
    "create_sample_dossier", "ensure_sample_dossier"
]
