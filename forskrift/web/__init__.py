"""The local web page and HTTP API (`forskrift serve`): server-rendered pages over the same Checker as the
command line. Needs the `web` extra (FastAPI, Jinja2, uvicorn, python-multipart)."""
