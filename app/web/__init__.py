"""The web side: routes for pages, JSON and files, templates' context and errors."""
