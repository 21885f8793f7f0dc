"""`python -m app`: serve the site with uvicorn on HOST:PORT (127.0.0.1:8000 by default)."""

import uvicorn

from app.config import Settings


def main() -> None:
    settings = Settings()
    uvicorn.run(
        "app.main:app",
        host=settings.host,
        port=settings.port,
        proxy_headers=False,
        server_header=False,
    )


if __name__ == "__main__":
    main()
