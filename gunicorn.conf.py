"""gunicorn settings, used by the Procfile and scripts/run."""

import multiprocessing
import os

# a platform that sets PORT (Heroku, Scalingo, ...) gets every interface; locally, loopback only
bind = os.environ.get("GUNICORN_BIND") or (
    f"0.0.0.0:{os.environ['PORT']}" if os.environ.get("PORT") else "127.0.0.1:8000"
)
# pages are rendered from memory: CPU-bound, so about two workers a core
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
timeout = 30
accesslog = "-"
errorlog = "-"
# no client addresses in the logs: nothing about a visitor is kept
access_log_format = '"%(r)s" %(s)s %(b)s %(L)ss'
