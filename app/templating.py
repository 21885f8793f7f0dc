"""The one Jinja2 environment, shared by every page."""

from fastapi.templating import Jinja2Templates

from app.config import TEMPLATES_DIR

templates = Jinja2Templates(directory=TEMPLATES_DIR)
