"""Operational endpoints that are not tied to a feature app."""

from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views import View

logger = logging.getLogger(__name__)


class HealthCheckView(View):
    """Liveness/readiness probe: 200 when the database answers, 503 otherwise."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest) -> JsonResponse:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except DatabaseError:
            logger.exception("Health check failed: database unavailable")
            return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
        return JsonResponse({"status": "ok", "database": "ok"})
