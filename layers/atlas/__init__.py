"""Buurtatlas: a print layout with a cover page and one page per buurt, exported headless or stored in a project."""
from .export import add_atlas_layout, export_buurtatlas
from .layout_builder import build_atlas_layout
from .options import DEFAULT_INDICATORS, AtlasOptions
from .wijk_pages import build_wijk_book, export_wijkpaginas

__all__ = ["export_buurtatlas", "add_atlas_layout", "build_atlas_layout", "AtlasOptions", "DEFAULT_INDICATORS",
           "build_wijk_book", "export_wijkpaginas"]
