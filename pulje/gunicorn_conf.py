"""gunicorn's settings for pulje: `gunicorn -c python:pulje.gunicorn_conf "pulje:create_app()"`.

The access log goes to standard output in the usual combined format, but through a logger that
removes the residents' private-link tokens (pulje.access_log). Anything else (workers, bind,
certificates) is given on the command line or in GUNICORN_CMD_ARGS.
"""

from pulje.access_log import ACCESS_LOG_FORMAT

logger_class = "pulje.access_log.RedactingGunicornLogger"
access_log_format = ACCESS_LOG_FORMAT
accesslog = "-"
