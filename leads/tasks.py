"""Lead tasks: take ids (or nothing), load rows, call one service or policy."""

from __future__ import annotations

from celery import shared_task

from leads import policies
from leads.models import ImportJob, ImportStatus, Lead


@shared_task(
    acks_late=True, time_limit=600, autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3
)
def send_welcome_messages(lead_ids: list[int]) -> int:
    """Welcome the leads a bulk import created (send_welcome is idempotent per lead by its dedup key)."""
    count = 0
    for lead in Lead.objects.not_erased().filter(pk__in=lead_ids).select_related("program").iterator():
        policies.send_welcome(lead)
        count += 1
    return count


@shared_task(
    bind=True,
    acks_late=True,
    time_limit=600,
    autoretry_for=(ConnectionError,),
    retry_backoff=True,
    max_retries=3,
)
def send_import_welcomes(self, job_id: int, after_id: int = 0) -> int:
    """Welcome the leads an import created, one chunk per task: the next chunk is queued only while
    the queued-welcome backlog is short, so a million-lead file never floods the broker or memory."""
    if not self.request.is_eager and policies.welcome_backlog_is_full():
        raise self.retry(args=(job_id, after_id), countdown=30, max_retries=None)
    count, last_id = policies.welcome_imported_leads(job_id, after_id=after_id)
    if last_id is not None:
        send_import_welcomes.delay(job_id, last_id)
    return count


# The import tasks take the job id; the service claims the job (a duplicate task finds nothing).
@shared_task(acks_late=True, time_limit=3600)
def preview_import(job_id: int) -> int:
    from leads import import_jobs  # function-level: import_jobs queues these tasks

    job = ImportJob.objects.filter(pk=job_id, status=ImportStatus.PREVIEWING).first()
    return import_jobs.preview_job(job).processed if job is not None else 0


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, time_limit=3600)
def run_import(self, job_id: int) -> int:
    from leads import import_jobs  # function-level: import_jobs queues these tasks

    job = ImportJob.objects.filter(pk=job_id).first()
    return import_jobs.run_job(job, task_id=self.request.id or "").processed if job is not None else 0


@shared_task(acks_late=True, time_limit=600)
def schedule_warm_lead_calls() -> int:
    return policies.schedule_warm_lead_calls()


@shared_task(acks_late=True, time_limit=600)
def alert_overdue_follow_ups() -> int:
    return policies.alert_overdue_follow_ups()


@shared_task(acks_late=True, time_limit=1800)
def send_due_newsletters() -> int:
    return policies.send_due_newsletters()
