"""What every natively run service shares: its port binding, warnings and supervised stop."""

from __future__ import annotations

from collections.abc import Mapping

from pitstop.services.ports import Binding
from pitstop.services.supervisor import Supervised


class NativeService:
    """A server pitstop started itself; satisfies `RunningService` with `description`."""

    host = "localhost"

    def __init__(self, service_id: str, binding: Binding, warnings: tuple[str, ...]) -> None:
        self.service_id = service_id
        self.binding = binding
        self._warnings = warnings
        self.supervised: Supervised | None = None
        self._stopped = False

    @property
    def ports(self) -> Mapping[str, str]:
        return dict(self.binding.ports)

    @property
    def warnings(self) -> tuple[str, ...]:
        return self._warnings

    @property
    def port(self) -> int:
        return self.binding.port

    def stop(self) -> None:
        """Stop the server (its supervisor reaps every process), then clean up. Idempotent."""
        if self._stopped:
            return
        self._stopped = True
        if self.supervised is not None:
            self.supervised.stop()
        self._clean_up()

    def _clean_up(self) -> None:
        """What a service leaves besides processes; nothing by default."""
