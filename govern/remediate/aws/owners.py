"""The owner map: who owns which resources, for actions that tag owners.

```yaml
owners:
  - arn: "arn:aws:iam::111111111111:role/payments-*"   # a glob over ARNs
    owner: team-payments
  - account: "111111111111"                            # every resource of it
    owner: team-platform
```

Entries are tried in order and the first match wins, so specific globs go
before whole accounts.
"""

from __future__ import annotations

import fnmatch
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class OwnerEntry(_Strict):
    """One rule: resources matching ``arn`` or in ``account`` belong to ``owner``."""

    arn: str | None = Field(default=None, description="Glob over resource ARNs.")
    account: str | None = Field(default=None, pattern=r"^\d{12}$")
    owner: str = Field(min_length=1, description="The owner tag's value.")

    @model_validator(mode="after")
    def _one_selector(self) -> OwnerEntry:
        if (self.arn is None) == (self.account is None):
            raise ValueError("give exactly one of 'arn' and 'account'")
        return self

    def matches(self, arn: str, account: str) -> bool:
        """True when the entry covers the resource ``arn`` of ``account``."""
        if self.arn is not None:
            return fnmatch.fnmatchcase(arn, self.arn)
        return self.account == account


class OwnerMap(_Strict):
    """The whole owner map file."""

    owners: list[OwnerEntry] = Field(min_length=1)

    def owner_of(self, arn: str, account: str) -> str | None:
        """The owner of the first matching entry, if any."""
        for entry in self.owners:
            if entry.matches(arn, account):
                return entry.owner
        return None


def load_owner_map(path: Path) -> OwnerMap:
    """Read and validate an owner map; errors name the file, entry and line."""
    from govern.policy.loader import validate_document

    return validate_document(OwnerMap, path)
