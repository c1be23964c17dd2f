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

# supervise NAME LOG CMD...: run CMD, and start it again 2 s after it dies (a worker that exits
# when the broker restarts, an out-of-memory kill); TERM stops the loop and its process.
supervise() {
  local name=$1 logfile=$2; shift 2
  (
    child=
    trap '[ -n "$child" ] && kill -TERM "$child" 2>/dev/null; wait; exit 0' TERM INT
    while true; do
      "$@" >>"$logfile" 2>&1 &
      child=$!
      wait "$child" && status=0 || status=$?
      echo "$(date -u +%FT%TZ) $name exited with status $status; restarting in 2 s" | tee -a "$logfile" >&2
      sleep 2
    done
  ) &
  pids+=($!)
}

supervise worker var/log/worker.log "$PY" -m celery -A pmb_crm.celery:app worker --loglevel=INFO --concurrency=2
supervise beat var/log/beat.log "$PY" -m celery -A pmb_crm.celery:app beat --loglevel=INFO --schedule=var/celerybeat-schedule
echo "Celery worker and beat started (logs in var/log/)."
echo "PMB CRM at http://127.0.0.1:8000  — press Ctrl-C to stop everything."
"$PY" manage.py runserver 127.0.0.1:8000 --noreload &
pids+=($!)
wait -n "${pids[@]}"
