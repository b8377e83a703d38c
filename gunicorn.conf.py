"""gunicorn settings, used by the Procfile and scripts/run."""

import logging
import multiprocessing
import os
import re

from gunicorn import glogging

# a platform that sets PORT (Heroku, Scalingo, ...) gets every interface; locally, loopback only
bind = os.environ.get("GUNICORN_BIND") or (
    f"0.0.0.0:{os.environ['PORT']}" if os.environ.get("PORT") else "127.0.0.1:8000"
)
# pages are rendered from memory: CPU-bound, so about two workers a core
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
timeout = 30
accesslog = "-"
errorlog = "-"
# no client addresses in the logs: nothing about a visitor is kept (the error log's are
# removed by logger_class, below)
access_log_format = '"%(r)s" %(s)s %(b)s %(L)ss'


class _NoClientAddress(logging.Filter):
    """Keep client addresses out of the error log, as out of the access log.

    gunicorn writes "Invalid request from ip=<address>: <error>" for a malformed request;
    the error stays, the address goes.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if " from ip=" in message:
            record.msg = re.sub(r" from ip=\S*?: ", ": ", message, count=1)
            record.args = ()
        return True


class Logger(glogging.Logger):
    def setup(self, cfg: object) -> None:
        super().setup(cfg)
        # once, also when a reload (HUP) reads this file again and sets up the logs again
        filters = self.error_log.filters
        filters[:] = [f for f in filters if type(f).__name__ != _NoClientAddress.__name__]
        self.error_log.addFilter(_NoClientAddress())


logger_class = Logger


def worker_exit(server: object, worker: object) -> None:
    """A scan the database could not take yet waits in its worker: write it before it goes."""
    from calais_tour import scans

    scans.flush_all()
