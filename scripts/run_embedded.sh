#!/usr/bin/env bash
# Runs web, Celery worker and Celery beat together on the embedded default; Ctrl-C stops all.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
mkdir -p var/broker/queue var/broker/processed var/sent-mail var/log

pids=()
stop() {
  trap - INT TERM EXIT
  echo; echo "Stopping PMB CRM..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

"$PY" -m celery -A pmb_crm.celery:app worker --loglevel=INFO --concurrency=2 >var/log/worker.log 2>&1 &
pids+=($!)
"$PY" -m celery -A pmb_crm.celery:app beat --loglevel=INFO --schedule=var/celerybeat-schedule >var/log/beat.log 2>&1 &
pids+=($!)
echo "Celery worker and beat started (logs in var/log/)."
echo "PMB CRM at http://127.0.0.1:8000  — press Ctrl-C to stop everything."
"$PY" manage.py runserver 127.0.0.1:8000 --noreload &
pids+=($!)
wait -n "${pids[@]}"
