"""The ``--accounts`` file: which accounts a scan visits, and through which role.

```yaml
role: GovernAudit            # default role name for every account (optional)
accounts:
  - id: "111111111111"       # quote it: YAML reads bare digits as a number
    role: SecurityAudit      # overrides the default
    regions: [eu-west-1]     # overrides --regions for this account
  - id: "222222222222"
```

govern assumes ``arn:<partition>:iam::<id>:role/<role>`` in each account.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from govern.errors import ConfigError, PolicyError

ROLE_NAME = r"^[A-Za-z0-9_+=,.@/-]+$"
REGION_NAME = r"^[a-z]{2}(-[a-z]+)+-\d{1,2}$"


class AccountEntry(BaseModel):
    """One account to scan."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^\d{12}$", description="Twelve-digit account id.")
    role: str | None = Field(
        default=None,
        pattern=ROLE_NAME,
        max_length=512,
        description="Role name (or path/name).",
    )
    regions: list[str] | None = Field(
        default=None, description="Regions for this account; default --regions."
    )

    @model_validator(mode="after")
    def _regions_look_right(self) -> AccountEntry:
        for region in self.regions or []:
            check_region(region)
        return self


class AccountsFile(BaseModel):
    """Validated contents of an ``--accounts`` file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    role: str | None = Field(default=None, pattern=ROLE_NAME, max_length=512)
    accounts: list[AccountEntry] = Field(min_length=1)

    @model_validator(mode="after")
    def _every_account_has_a_role(self) -> AccountsFile:
        ids = [a.id for a in self.accounts]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"accounts listed twice: {', '.join(duplicates)}")
        for account in self.accounts:
            if account.role is None and self.role is None:
                raise ValueError(f"account {account.id} has no role and no default")
        return self

    def role_of(self, account: AccountEntry) -> str:
        """The role to assume in ``account``: its own, else the default."""
        role = account.role or self.role
        assert role is not None  # checked by the validator
        return role


def check_region(region: str) -> str:
    """Return ``region`` if it looks like an AWS region name, else raise."""
    import re

    if not re.fullmatch(REGION_NAME, region):
        raise ValueError(f"{region!r} is not an AWS region name")
    return region


def load_accounts(path: Path) -> AccountsFile:
    """Read and validate an accounts file; ``ConfigError`` names what is wrong."""
    from govern.policy.loader import read_yaml

    try:
        data = read_yaml(path)
    except PolicyError as error:
        raise ConfigError(str(error)) from None
    if not isinstance(data, dict):
        raise ConfigError(
            f"{path}: expected a mapping with 'accounts:' (a list of account ids "
            "and roles) and an optional default 'role:'"
        )
    try:
        return AccountsFile.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "(top level)"
        message = first["msg"].removeprefix("Value error, ")
        if first["type"] == "string_type" and where.endswith(".id"):
            message = "account ids must be quoted strings of twelve digits"
        raise ConfigError(f"{path}: {where}: {message}") from None
