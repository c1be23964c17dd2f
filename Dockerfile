FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PMB_VAR_DIR=/app/var
WORKDIR /app

COPY requirements.txt ./
RUN pip install -r requirements.txt

COPY . .
RUN useradd --create-home --uid 1000 pmb \
 && mkdir -p /app/var/media \
 && SECRET_KEY=build-only DATABASE_URL=sqlite:////tmp/build.sqlite3 python manage.py collectstatic --noinput \
 && chown -R pmb /app/var
USER pmb

EXPOSE 8000
# gthread: a webhook burst waits on commits, not on the CPU (README "Webhook ingest").
CMD ["gunicorn", "pmb_crm.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--worker-class", "gthread", "--threads", "4", "--access-logfile", "-"]
