from celery import shared_task

from privacy import services


@shared_task(soft_time_limit=240, time_limit=300)
def purge_expired_raw_data() -> dict[str, int]:
    return services.purge_expired_raw_data()


@shared_task(soft_time_limit=540, time_limit=600)
def scan_duplicates() -> int:
    return services.scan_duplicates()
