"""The scan: accounts, regions and services, fanned out over worker threads.

Work comes in two steps per collector and region: a *list* task that makes
the list calls, then *build* tasks over chunks of the listed items that make
the detail calls. The main thread schedules both and collects results, so no
worker ever waits on another.

Resources are delivered one *batch* at a time, a batch being everything of
one account and region (or one account's global services), because that is
the scope inside which resources link to each other. Only a few batches are
open at once and each is handed on and dropped as soon as it is complete, so
memory follows the largest region, not the whole estate.

A failure never stops the scan. It becomes a coverage gap: for a whole
service in a region when a list call fails, or for the attributes of the
resources whose detail call failed, which are left unknown.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from govern.inputs.aws.collectors import COLLECTORS
from govern.inputs.aws.context import Context, Problem
from govern.inputs.aws.errors import CALL_ERRORS, classify, describe
from govern.inputs.aws.progress import NoProgress, Progress
from govern.inputs.aws.registry import Planned, plan_scan
from govern.inputs.aws.session import CallCounter, Identity, Sessions
from govern.model.resource import Resource
from govern.policy.requirements import Needs

logger = logging.getLogger(__name__)

GLOBAL = "global"
"""The region name of batches holding global services such as IAM."""
DEFAULT_REGION = "us-east-1"


@dataclass(frozen=True, slots=True)
class Target:
    """One account to scan: how to get in, and which regions to visit."""

    account: str
    role_arn: str | None = None
    regions: tuple[str, ...] = ()


@dataclass(slots=True)
class ScanOptions:
    """Everything a scan needs besides the policies.

    Attributes:
        targets: Accounts to scan; empty means the caller's own account.
        regions: Regions for accounts that name none; empty means the
            profile's region, else us-east-1.
        all_regions: Every region enabled in each account.
        services: Limit the scan to these services.
        profile: Named profile for the caller's credentials.
        role_arn: Role to assume first; the accounts' roles are assumed from it.
        endpoint_url: Send every call here (a local test server).
        workers: Threads making calls.
        max_attempts: Attempts per call; default ``AWS_MAX_ATTEMPTS`` or 8.
        clock: Returns "now", for ages; tests pass a fixed time.
    """

    targets: tuple[Target, ...] = ()
    regions: tuple[str, ...] = ()
    all_regions: bool = False
    services: tuple[str, ...] = ()
    profile: str | None = None
    role_arn: str | None = None
    endpoint_url: str | None = None
    workers: int = 8
    max_attempts: int | None = None
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))


@dataclass(slots=True)
class Batch:
    """Every resource of one account and region, once all its work is done."""

    account: str
    region: str
    resources: list[Resource]


@dataclass(slots=True)
class AccountReport:
    """What a scan saw of one account."""

    account: str
    regions: list[str] = field(default_factory=list)
    resources: int = 0


@dataclass(slots=True)
class ScanReport:
    """The outcome of a scan apart from its resources."""

    accounts: list[AccountReport]
    coverage_gaps: list[dict[str, Any]]
    api_calls: dict[str, int]
    calls_by_operation: dict[str, int]
    seconds: float


@dataclass(slots=True)
class _Unit:
    batch: _Open
    planned: Planned


@dataclass(slots=True)
class _Open:
    account: str
    region: str
    call_region: str
    partition: str
    open_tasks: int = 0
    started: float = 0.0
    resources: list[Resource] = field(default_factory=list)
    problems: dict[tuple[str, str, str], Problem] = field(default_factory=dict)
    gaps: list[dict[str, Any]] = field(default_factory=list)


_Result = tuple[str, _Unit, list[Any], dict[tuple[str, str], Problem], Any]


class Scanner:
    """Runs one scan; ``collected`` says what it reads, for snapshots."""

    def __init__(
        self,
        options: ScanOptions,
        needs: Needs,
        progress: Progress | None = None,
    ) -> None:
        self.options = options
        self.planned = plan_scan(COLLECTORS, needs, options.services)
        self.progress = progress or NoProgress()
        self.counter = CallCounter()
        self._now = options.clock()

    @property
    def collected(self) -> dict[str, list[str]]:
        """Collector name to the detail calls it makes, for the snapshot."""
        return {p.collector.label(): sorted(p.wanted) for p in self.planned}

    def run(self, deliver: Callable[[Batch], None]) -> ScanReport:
        """Scan and hand each finished batch to ``deliver``, in this thread."""
        started = time.perf_counter()
        home = self.options.regions[0] if self.options.regions else None
        sessions = Sessions(
            profile=self.options.profile,
            endpoint_url=self.options.endpoint_url,
            counter=self.counter,
            home_region=home or profile_region(self.options.profile),
            max_attempts=self.options.max_attempts,
        )
        gaps: list[dict[str, Any]] = []
        targets, identity = enter_accounts(sessions, self.options, gaps)
        reports = {t.account: AccountReport(t.account) for t in targets}
        batches = self._batches(sessions, targets, identity, reports, gaps)
        per_account: dict[str, int] = {}
        for batch in batches:
            per_account[batch.account] = per_account.get(batch.account, 0) + 1
        units = sum(len(self._units(batch)) for batch in batches)
        self.progress.start(per_account, units)
        try:
            self._fan_out(sessions, batches, reports, gaps, deliver)
        finally:
            self.progress.finish()
        return ScanReport(
            accounts=list(reports.values()),
            coverage_gaps=sorted(gaps, key=_gap_order),
            api_calls=self.counter.by_service(),
            calls_by_operation=self.counter.by_operation(),
            seconds=time.perf_counter() - started,
        )

    def _batches(
        self,
        sessions: Sessions,
        targets: Sequence[Target],
        identity: Identity,
        reports: dict[str, AccountReport],
        gaps: list[dict[str, Any]],
    ) -> list[_Open]:
        regional = any(p.collector.scope == "regional" for p in self.planned)
        global_ = any(p.collector.scope == "global" for p in self.planned)
        batches: list[_Open] = []
        for target in targets:
            regions = self._regions(sessions, target, gaps)
            reports[target.account].regions = list(regions)
            if global_:
                batches.append(
                    _Open(
                        target.account, GLOBAL, sessions.home_region, identity.partition
                    )
                )
            if regional:
                batches.extend(
                    _Open(target.account, region, region, identity.partition)
                    for region in regions
                )
        return batches

    def _regions(
        self, sessions: Sessions, target: Target, gaps: list[dict[str, Any]]
    ) -> tuple[str, ...]:
        if target.regions:
            return target.regions
        if not self.options.all_regions:
            return self.options.regions or (sessions.home_region,)
        try:
            ec2 = sessions.client(target.account, "ec2", sessions.home_region)
            answer = ec2.describe_regions()
        except CALL_ERRORS as error:
            gaps.append(_gap(target.account, None, "ec2", error))
            return (sessions.home_region,)
        return tuple(sorted(r["RegionName"] for r in answer.get("Regions", [])))

    def _fan_out(
        self,
        sessions: Sessions,
        batches: list[_Open],
        reports: dict[str, AccountReport],
        gaps: list[dict[str, Any]],
        deliver: Callable[[Batch], None],
    ) -> None:
        waiting = deque(batches)
        running: dict[Future[_Result], _Unit] = {}
        # A few batches open at once keep every worker busy without holding
        # the items of every region in memory.
        window = max(2, self.options.workers)
        open_count = 0
        workers = max(1, self.options.workers)
        with ThreadPoolExecutor(workers, thread_name_prefix="govern-scan") as pool:
            try:
                while waiting or running:
                    while waiting and open_count < window:
                        batch = waiting.popleft()
                        batch.started = time.perf_counter()
                        units = self._units(batch)
                        if not units:
                            self._close(batch, reports, gaps, deliver)
                            continue
                        open_count += 1
                        for unit in units:
                            batch.open_tasks += 1
                            future = pool.submit(self._list, sessions, unit)
                            running[future] = unit
                    done, _ = wait(running, return_when=FIRST_COMPLETED)
                    for future in done:
                        unit = running.pop(future)
                        for item in self._settle(future.result(), pool, sessions):
                            running[item[0]] = item[1]
                        if unit.batch.open_tasks == 0:
                            open_count -= 1
                            self._close(unit.batch, reports, gaps, deliver)
            except BaseException:
                pool.shutdown(wait=True, cancel_futures=True)
                raise

    def _units(self, batch: _Open) -> list[_Unit]:
        wanted_scope = "global" if batch.region == GLOBAL else "regional"
        return [
            _Unit(batch, planned)
            for planned in self.planned
            if planned.collector.scope == wanted_scope
        ]

    def _settle(
        self, result: _Result, pool: ThreadPoolExecutor, sessions: Sessions
    ) -> list[tuple[Future[_Result], _Unit]]:
        step, unit, produced, problems, failure = result
        batch = unit.batch
        batch.open_tasks -= 1
        _merge(batch, unit.planned.collector.service, problems)
        if failure is not None:
            batch.gaps.append(failure)
        if step == "build":
            batch.resources.extend(produced)
            self.progress.resources(len(produced))
            return []
        self.progress.service_done()
        size = unit.planned.collector.chunk
        submitted = []
        for start in range(0, len(produced), size):
            batch.open_tasks += 1
            chunk = produced[start : start + size]
            submitted.append((pool.submit(self._build, sessions, unit, chunk), unit))
        return submitted

    def _list(self, sessions: Sessions, unit: _Unit) -> _Result:
        ctx = self._context(sessions, unit)
        try:
            items = unit.planned.collector.discover(ctx)
        except CALL_ERRORS as error:
            batch = unit.batch
            gap = _gap(batch.account, batch.region, ctx.service, error)
            return ("list", unit, [], ctx.problems, gap)
        return ("list", unit, items, ctx.problems, None)

    def _build(self, sessions: Sessions, unit: _Unit, items: list[Any]) -> _Result:
        ctx = self._context(sessions, unit)
        try:
            resources = unit.planned.collector.build(ctx, items)
        except CALL_ERRORS as error:
            batch = unit.batch
            gap = _gap(batch.account, batch.region, ctx.service, error)
            return ("build", unit, [], ctx.problems, gap)
        return ("build", unit, resources, ctx.problems, None)

    def _context(self, sessions: Sessions, unit: _Unit) -> Context:
        batch = unit.batch
        collector = unit.planned.collector

        def clients(service: str) -> Any:
            return sessions.client(batch.account, service, batch.call_region)

        return Context(
            account=batch.account,
            region=batch.call_region,
            partition=batch.partition,
            service=collector.service,
            wanted=unit.planned.wanted,
            now=self._now,
            clients=clients,
            global_scope=collector.scope == "global",
        )

    def _close(
        self,
        batch: _Open,
        reports: dict[str, AccountReport],
        gaps: list[dict[str, Any]],
        deliver: Callable[[Batch], None],
    ) -> None:
        batch.resources.sort(key=lambda r: (r.type, r.address))
        gaps.extend(batch.gaps)
        gaps.extend(_problem_gaps(batch))
        reports[batch.account].resources += len(batch.resources)
        logger.info(
            "account %s region %s: %d resources, %d coverage gaps, %.1fs",
            batch.account,
            batch.region,
            len(batch.resources),
            len(batch.gaps) + len(batch.problems),
            time.perf_counter() - batch.started,
        )
        deliver(Batch(batch.account, batch.region, batch.resources))
        self.progress.batch_done(batch.account)
        batch.resources = []


def enter_accounts(
    sessions: Sessions, options: ScanOptions, gaps: list[dict[str, Any]]
) -> tuple[list[Target], Identity]:
    """Check the credentials and get into every account; gaps for the refusals.

    Registers each account's credentials with ``sessions`` and returns the
    accounts entered and the identity calls are made as. Raises
    ``CredentialsError`` when the caller's credentials (or ``--role-arn``)
    do not work at all.
    """
    caller = sessions.caller()
    via: str | None = None
    identity = caller
    if options.role_arn:
        credentials = _assume_or_fail(sessions, options.role_arn)
        identity = sessions.identity_of(credentials, f"role {options.role_arn}")
        sessions.register(identity.account, credentials)
        via = identity.account
    if not options.targets:
        if via is None:
            sessions.register(caller.account, sessions.caller_credentials())
        return [Target(identity.account)], identity
    entered = []
    for target in options.targets:
        role = target.role_arn
        if role is None:
            sessions.register(target.account, sessions.caller_credentials())
            entered.append(target)
            continue
        try:
            sessions.register(target.account, sessions.assume(role, via))
        except CALL_ERRORS as error:
            gaps.append(_gap(target.account, None, "sts", error))
            logger.warning("account %s: cannot assume %s", target.account, role)
            continue
        entered.append(target)
    return entered, identity


def _assume_or_fail(sessions: Sessions, role_arn: str) -> Any:
    from govern.errors import CredentialsError

    try:
        return sessions.assume(role_arn)
    except CALL_ERRORS as error:
        raise CredentialsError(f"cannot assume {role_arn}: {describe(error)}") from None


def profile_region(profile: str | None) -> str:
    """The region the profile names, else us-east-1."""
    import botocore.session

    region = botocore.session.Session(profile=profile).get_config_variable("region")
    return str(region) if region else DEFAULT_REGION


def _merge(
    batch: _Open, service: str, problems: dict[tuple[str, str], Problem]
) -> None:
    for (operation, kind), problem in problems.items():
        key = (service, operation, kind)
        known = batch.problems.get(key)
        if known is None:
            batch.problems[key] = Problem(
                operation, kind, problem.message, problem.count
            )
        else:
            known.count += problem.count


def _problem_gaps(batch: _Open) -> list[dict[str, Any]]:
    return [
        {
            "account": batch.account,
            "region": batch.region,
            "service": service,
            "operation": problem.operation,
            "error": problem.error,
            "message": f"{problem.count} resource(s) left partly unknown: "
            f"{problem.message}",
        }
        for (service, _, _), problem in sorted(batch.problems.items())
    ]


def _gap(
    account: str, region: str | None, service: str, error: Exception
) -> dict[str, Any]:
    return {
        "account": account,
        "region": region,
        "service": service,
        "operation": getattr(error, "operation_name", None),
        "error": classify(error),
        "message": describe(error),
    }


def _gap_order(gap: dict[str, Any]) -> tuple[str, ...]:
    keys = ("account", "region", "service", "operation", "error")
    return tuple(str(gap.get(key) or "") for key in keys)
