"""Where the plugin lives and which version it is (read once from metadata.txt)."""
import configparser
import os
from functools import lru_cache

PLUGIN_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@lru_cache(maxsize=1)
def plugin_version():
    """The version in metadata.txt, or 'onbekend'."""
    cfg = configparser.ConfigParser()
    try:
        cfg.read(os.path.join(PLUGIN_ROOT, "metadata.txt"), encoding="utf-8")
    except (OSError, configparser.Error):
        return "onbekend"
    return cfg.get("general", "version", fallback="onbekend")
