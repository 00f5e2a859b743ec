# Quick Looks bot image. Default command runs the bot; any subcommand works too:
#   docker run --rm -e QUICKLOOKS_TELEGRAM_TOKEN=... quicklooks
#   docker run --rm quicklooks quicklooks summarize seeds/000_bc3ff4030b77d8c2.txt
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY pyproject.toml README.md ./
# config/ and seeds/ first: bot/defaults links to them, and the wheel ships their files.
COPY config ./config
COPY seeds ./seeds
COPY bot ./bot
COPY summarizers ./summarizers
RUN pip install .

RUN useradd --create-home --uid 10001 quicklooks && mkdir -p /app/data && chown quicklooks /app/data
USER quicklooks
VOLUME ["/app/data"]

# The SQLite default lives in /app/data; set QUICKLOOKS_DATABASE_URL for PostgreSQL.
CMD ["quicklooks", "run"]
