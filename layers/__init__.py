"""Wijkatlas data: clients, catalogue, dossier schema, styles and the embedded sample."""
