"""Errors from a service, pointed at its `services.<id>` entry with secrets masked."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from pitstop.errors import Location, PitstopError
from pitstop.services.base import NotAvailableHere
from pitstop.workflow.model import Service

MASK = "***"


def mask(text: str, secrets: Iterable[str]) -> str:
    for secret in sorted({s for s in secrets if s}, key=len, reverse=True):
        text = text.replace(secret, MASK)
    return text


@contextmanager
def reported_at(service: Service, secrets: Iterable[str] = ()) -> Iterator[None]:
    """Re-raise a PitstopError located at the service definition, with secrets masked."""
    try:
        yield
    except PitstopError as error:
        position = service.position
        location = error.location
        if location is None and position is not None:
            location = Location.in_file(position.file, position.line, position.column)
        hidden = tuple(secrets)
        message = mask(error.message, hidden)
        hint = None if error.hint is None else mask(error.hint, hidden)
        if isinstance(error, NotAvailableHere):  # keep the kind: the runner reads it
            raise NotAvailableHere(error.what, message, location=location, hint=hint) from None
        raise PitstopError(message, location=location, hint=hint) from None


def tail(path: str, lines: int = 20) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return "\n".join(handle.read().splitlines()[-lines:])
    except OSError:
        return ""
