"""What a collector works with: one account, one region, its clients and calls.

``Context.fetch`` makes a detail call and turns its failure into an ``Answer``
instead of an exception: "not configured" is an answer, every other failure
is counted as a coverage gap and leaves the call's attributes unknown.
List calls (``pages``, ``call``) raise; the scanner turns that into a gap for
the whole service in that region.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from govern.inputs.aws.errors import CALL_ERRORS, NOT_CONFIGURED, classify, describe
from govern.inputs.aws.registry import Detail

State = Literal["ok", "absent", "failed", "skipped"]
ClientFactory = Callable[[str], Any]


@dataclass(frozen=True, slots=True)
class Answer:
    """The outcome of a detail call: its data, or why there is none."""

    state: State
    data: Mapping[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when the call answered with data."""
        return self.state == "ok"


SKIPPED = Answer("skipped")
ABSENT = Answer("absent")
FAILED = Answer("failed")


@dataclass(slots=True)
class Problem:
    """Failed detail calls of one operation and kind, summed over resources."""

    operation: str
    error: str
    message: str
    count: int = 0


class Context:
    """One collector's view of one account and region while it runs.

    Attributes:
        account: Account id.
        region: Region name; for global services, the region calls go to.
        partition: ``aws``, ``aws-cn`` or ``aws-us-gov``, for building ARNs.
        wanted: Keys of the detail calls the loaded policies need.
        now: The scan's clock reading, for ages such as an access key's.
        problems: Failed detail calls, for the coverage report.
    """

    def __init__(
        self,
        *,
        account: str,
        region: str,
        partition: str,
        service: str,
        wanted: frozenset[str],
        now: datetime,
        clients: ClientFactory,
        global_scope: bool = False,
    ) -> None:
        self.account = account
        self.region = region
        self.partition = partition
        self.service = service
        self.wanted = wanted
        self.now = now
        self.global_scope = global_scope
        self.problems: dict[tuple[str, str], Problem] = {}
        self._clients = clients
        self._client: Any = None

    @property
    def client(self) -> Any:
        """The client of the collector's own service, in this region."""
        if self._client is None:
            self._client = self._clients(self.service)
        return self._client

    @property
    def resource_region(self) -> str | None:
        """Region recorded on resources: none for global services such as IAM."""
        return None if self.global_scope else self.region

    def other(self, service: str) -> Any:
        """A client of another service in the same account and region."""
        return self._clients(service)

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Make a call and return its answer; failures raise."""
        answer: dict[str, Any] = getattr(self.client, method)(**params)
        return answer

    def pages(
        self,
        method: str,
        key: str,
        *,
        page_size: int | None = None,
        client: Any = None,
        **params: Any,
    ) -> Iterator[Any]:
        """Every item under ``key`` across all pages of a list call.

        ``page_size`` sets the API's own limit parameter (``MaxResults``,
        ``MaxItems``...), for the operations that have one.
        """
        paginator = (client or self.client).get_paginator(method)
        if page_size is not None:
            params["PaginationConfig"] = {"PageSize": page_size}
        for page in paginator.paginate(**params):
            yield from page.get(key) or ()

    def fetch(
        self,
        detail: Detail,
        method: str,
        *,
        client: Any = None,
        always: bool = False,
        **params: Any,
    ) -> Answer:
        """Make ``detail``'s call if the policies need it; never raises for AWS.

        ``always`` makes the call whatever the policies read: calls that tell
        which resource an item is, such as KMS ``DescribeKey``.
        """
        if not always and detail.key not in self.wanted:
            return SKIPPED
        try:
            data = getattr(client or self.client, method)(**params)
        except CALL_ERRORS as error:
            return self.refused(detail, error)
        return Answer("ok", data)

    def refused(self, detail: Detail, error: Exception) -> Answer:
        """The answer for a failed detail call; records it unless "absent"."""
        kind = classify(error, detail.absent)
        if kind == NOT_CONFIGURED:
            return ABSENT
        self._record(detail.call.operation, kind, describe(error))
        return FAILED

    def _record(self, operation: str, kind: str, message: str) -> None:
        problem = self.problems.get((operation, kind))
        if problem is None:
            problem = self.problems[(operation, kind)] = Problem(
                operation, kind, message
            )
        problem.count += 1

    def arn(self, service: str, resource: str, *, region: bool = True) -> str:
        """Build an ARN where the API does not return one."""
        where = self.region if region and not self.global_scope else ""
        return f"arn:{self.partition}:{service}:{where}:{self.account}:{resource}"
