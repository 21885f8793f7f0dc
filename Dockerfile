# A small image: slim Python, the database built at image build time, served as a non-root user.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    HOST=0.0.0.0 PORT=8000 DATABASE_PATH=/app/.data/explainer.db

# DejaVu draws the preview cards' curly quotes and dashes (Pillow's own font is ASCII-only);
# Amiri and raqm (FriBiDi, HarfBuzz) draw the Arabic cards shaped, right to left.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core \
        fonts-hosny-amiri libraqm0 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# The locked dependencies first (every file checked against its SHA-256), then the project
# itself without resolving anything: the image runs exactly what the tests ran.
COPY scripts/requirements.txt ./scripts/requirements.txt
RUN pip install --no-cache-dir --require-hashes -r scripts/requirements.txt
COPY pyproject.toml README.md ./
COPY app ./app
RUN pip install --no-cache-dir --no-deps -e . && useradd --system --uid 10001 --home /app explainer
COPY templates ./templates
COPY static ./static
COPY seed ./seed
# Verify every quote against the article and build the database now, so a bad seed fails the build.
RUN python -m app.loader && python -m compileall -q app \
    && chown -R root:root /app && chmod -R a+rX,go-w /app

USER explainer
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '8000'), timeout=2)"]
CMD ["python", "-m", "app"]
