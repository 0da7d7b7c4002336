"""The factory's one exception tree.

    FactoryError                      base: every error the factory raises on purpose
    ├── ConfigError                   settings or CLI arguments are wrong (terminal)
    ├── SpecError                     a challenge spec is invalid; `.problems` lists every problem with its path
    ├── GenerationError               data cannot be generated as specified (terminal; names table/column)
    ├── ValidationRunError            quality validation could not run at all
    ├── ReportError                   a report (PDF, Excel, text) could not be built
    ├── PackageError                  a package could not be assembled
    ├── StorageError                  the artifact store refused an operation
    │   └── TransientStorageError     worth a retry (timeouts, throttling, 5xx)
    └── ProviderError                 an LLM provider failed
        └── TransientProviderError    worth a retry (429, 5xx, timeouts)

`TransientError` is a mixin marking errors worth a retry; everything else is terminal.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


class FactoryError(Exception):
    """Base of every error the factory raises on purpose."""

    hint: str = ""

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        if hint:
            self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\n  hint: {self.hint}" if self.hint else self.message


class TransientError:
    """Mixin: the operation may succeed if retried."""


class ConfigError(FactoryError):
    """Settings or command-line arguments are invalid."""


@dataclass(frozen=True)
class Problem:
    """One problem found in a spec: where (a JSON-path-like string) and what."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class SpecError(FactoryError):
    """A challenge spec is invalid; `problems` holds every problem found, each with its path."""

    def __init__(self, problems: Iterable[Problem], *, source: str = "challenge spec") -> None:
        self.problems = list(problems)
        self.source = source
        lines = "\n".join(f"error: {p}" for p in self.problems)  # the CLI prefixes the first line too
        super().__init__(f"{source} is invalid ({len(self.problems)} problem(s)):\n{lines}")


class GenerationError(FactoryError):
    """Data cannot be generated as specified."""

    def __init__(self, message: str, *, table: str = "", column: str = "", hint: str = "") -> None:
        self.table = table
        self.column = column
        where = ".".join(x for x in (table, column) if x)
        super().__init__(f"{where}: {message}" if where else message, hint=hint)


class ValidationRunError(FactoryError):
    """Quality validation could not run at all."""


class ReportError(FactoryError):
    """A report could not be built."""


class PackageError(FactoryError):
    """A package could not be assembled."""


class StorageError(FactoryError):
    """The artifact store refused an operation."""


class TransientStorageError(StorageError, TransientError):
    """A storage failure worth a retry."""


class ProviderError(FactoryError):
    """An LLM provider failed or returned unusable output."""


class TransientProviderError(ProviderError, TransientError):
    """A provider failure worth a retry (rate limit, 5xx, timeout)."""


def is_transient(exc: BaseException) -> bool:
    """True when `exc` is worth a retry."""
    return isinstance(exc, TransientError)


class GradingError(FactoryError):
    """A grading input (answer key, run folder or ZIP, submission folder, option) cannot be used."""
