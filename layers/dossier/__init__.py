"""Creating, upgrading and opening a wijkdossier, its stored project, result layers and the renamed-dossier redirect."""
from .create import create_dossier, made_by_older_plugin, upgrade_dossier
from .null_display import DossierNullDisplay
from .paths import install_redirect, open_dossier, remove_redirect
from .project_setup import ATTRIBUTION
from .results import dossier_inputs, store_result_layer

__all__ = [
    "ATTRIBUTION", "DossierNullDisplay",
    "create_dossier", "dossier_inputs", "install_redirect", "open_dossier", "remove_redirect",
    "store_result_layer",
    "made_by_older_plugin", "upgrade_dossier"
]
