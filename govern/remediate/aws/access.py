"""One account and region as an action sees it: calls through declared operations.

An action can only call the operations it declares: anything else is a bug
in the action, raised before a request leaves, so the generated IAM policy
can never be narrower than what the actions really call.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from botocore import xform_name
from botocore.exceptions import ClientError

from govern.inputs.aws.errors import error_code
from govern.remediate.aws.action import Call, Operation

ClientFactory = Callable[[str], Any]
"""boto3 client of a service, for the account and region at hand."""


class NoAccess(Exception):
    """Raised when a finding's account was not entered; the message says why."""


class UndeclaredOperation(Exception):
    """Raised when an action calls an operation it does not declare."""


class Access:
    """Makes calls for one action in one account and region.

    Args:
        clients: Returns the boto3 client of a service.
        allowed: The operations the action declares.
    """

    def __init__(self, clients: ClientFactory, allowed: Collection[Operation]) -> None:
        self._clients = clients
        self._allowed = frozenset(allowed)

    def call(self, operation: Operation, **parameters: Any) -> dict[str, Any]:
        """Make one call and return AWS's answer; AWS errors raise."""
        if operation not in self._allowed:
            raise UndeclaredOperation(
                f"{operation.service}:{operation.name} is not declared by the action"
            )
        client = self._clients(operation.service)
        answer: dict[str, Any] = getattr(client, xform_name(operation.name))(
            **parameters
        )
        return answer

    def find(
        self, operation: Operation, absent: Collection[str], **parameters: Any
    ) -> dict[str, Any] | None:
        """Like ``call``, but ``None`` when AWS answers with an ``absent`` code.

        AWS reports "this setting was never configured" as an error
        (``NoSuchPublicAccessBlockConfiguration``); only the codes named here
        mean that. ``NoSuchBucket`` and other codes still raise.
        """
        try:
            return self.call(operation, **parameters)
        except ClientError as error:
            if error_code(error)[0] in absent:
                return None
            raise

    def make(self, call: Call) -> dict[str, Any]:
        """Make a planned call."""
        return self.call(call.operation, **call.parameters)
