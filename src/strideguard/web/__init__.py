"""strideguard.web: the local web app (FastAPI, Jinja2 pages with htmx, Plotly charts, JSON API under /api/)."""

from .app import create_app
from .security import WebSettings
from .server import ServeRefused, check_bind, serve

__all__ = ["ServeRefused", "WebSettings", "check_bind", "create_app", "serve"]
