"""Every error govern raises on purpose.

```
GovernError                      anything govern reports as one line, then exits
├── InputError                   the user gave something govern cannot use (exit 2)
│   ├── PlanError                a plan file is missing, not JSON or not a plan
│   ├── PolicyError              a policy or pillar file is invalid
│   ├── ConfigError              govern.yaml or another settings file is invalid
│   ├── UsageError               options that contradict each other
│   ├── SnapshotError            a saved inventory is missing, damaged or too new
│   └── CredentialsError         AWS credentials that do not work at all
└── EnvironmentFault             the world around govern failed (exit 3)
    └── HistoryError             the history store cannot be reached, read or written
```

Anything else that escapes a command is a bug in govern; the CLI reports it as an
internal error with exit code 3 and never prints a traceback unless asked to.
"""

from __future__ import annotations


class GovernError(Exception):
    """Base class: the message is one line meant for the person running govern."""

    exit_code = 3


class InputError(GovernError):
    """Raised when a file or option given to govern cannot be used."""

    exit_code = 2


class PlanError(InputError):
    """Raised when a Terraform plan cannot be read: missing, not JSON, not a plan."""


class PolicyError(InputError):
    """Raised when a policy or pillar definition is invalid.

    ``problems`` holds every individual error, each already formatted with file,
    policy id, field path and line, so a validator can print them all.
    """

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or [message]


class ConfigError(InputError):
    """Raised when govern.yaml or another settings file is invalid."""


class UsageError(InputError):
    """Raised when command-line options are missing or contradict each other."""


class SnapshotError(InputError):
    """Raised when a saved inventory cannot be read: missing, damaged, too new."""


class CredentialsError(InputError):
    """Raised when AWS credentials do not work at all, before anything is scanned.

    A scan checks its credentials with STS ``GetCallerIdentity`` first; when that
    fails there is nothing to report, so this is a usage error (exit 2), not a
    coverage gap. Failures in one account or region later on are coverage gaps.
    """


class EnvironmentFault(GovernError):
    """Raised when something outside govern fails: credentials, network, disk."""

    exit_code = 3


class HistoryError(EnvironmentFault):
    """Raised when the history store cannot be opened, migrated, read or written.

    A store URL that is malformed is a ``UsageError`` instead (exit 2).
    """
