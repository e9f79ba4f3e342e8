"""Credentials for every account a remediation touches, and its clients.

The accounts are entered the way a scan enters them (the caller's account,
``--role-arn``, the ``--accounts`` roles), with sessions named
``govern-remediate`` so CloudTrail tells remediation from scanning.
"""

from __future__ import annotations

from typing import Any

from govern.inputs.aws.scanner import ScanOptions, enter_accounts, profile_region
from govern.inputs.aws.session import CallCounter, Sessions
from govern.remediate.aws.access import Access, NoAccess
from govern.remediate.aws.action import Action, Target

SESSION_NAME = "govern-remediate"


class Connection:
    """Entered accounts, and an ``Access`` per action and resource.

    Raises ``CredentialsError`` when the caller's credentials do not work at
    all; an account whose role cannot be assumed is only refused later, for
    the resources in it.
    """

    def __init__(self, options: ScanOptions) -> None:
        self.counter = CallCounter()
        home = options.regions[0] if options.regions else None
        self.sessions = Sessions(
            profile=options.profile,
            endpoint_url=options.endpoint_url,
            counter=self.counter,
            home_region=home or profile_region(options.profile),
            max_attempts=options.max_attempts,
            name=SESSION_NAME,
        )
        refusals: list[dict[str, Any]] = []
        targets, _ = enter_accounts(self.sessions, options, refusals)
        self.accounts = frozenset(target.account for target in targets)
        self._refused = {str(gap["account"]): str(gap["message"]) for gap in refusals}

    def access(self, target: Target, action: Action) -> Access:
        """Calls for ``action`` on ``target``'s account and region."""
        if target.account not in self.accounts:
            why = self._refused.get(target.account)
            raise NoAccess(
                f"cannot enter account {target.account}: {why}"
                if why
                else f"no credentials for account {target.account}: "
                "give --accounts or --role-arn"
            )
        # Global resources (IAM) have no region: their calls go home.
        region = target.region or self.sessions.home_region

        def clients(service: str) -> Any:
            return self.sessions.client(target.account, service, region)

        return Access(clients, action.operations())

    def api_calls(self) -> dict[str, int]:
        """Calls made so far, per ``service:Operation``."""
        return self.counter.by_operation()
