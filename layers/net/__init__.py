"""HTTP through QGIS's network stack (proxy, TLS and authentication of the gemeente apply) and the response cache."""
from .http_cache import ResponseCache, default_cache_dir
from .network import HttpClient, install_user_agent, uninstall_user_agent

__all__ = [
    "default_cache_dir", "HttpClient", "install_user_agent", "ResponseCache", "uninstall_user_agent"
]
