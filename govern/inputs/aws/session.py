"""AWS sessions and clients for a scan.

boto3 sessions are not safe to share between threads, so every worker thread
gets its own session per account, built on credentials that are shared: the
caller's own, or refreshable credentials from assuming a role in the account.
Every client retries in botocore's adaptive mode (client-side rate limiting on
top of backoff), points at ``endpoint_url`` when one is given, and reports each
API call to a ``CallCounter``.
"""

from __future__ import annotations

import os
import threading
from collections import Counter
from dataclasses import dataclass
from typing import Any

import boto3  # noqa: TID251 - this package is where live AWS access lives
import botocore.session
from botocore.config import Config
from botocore.credentials import (
    CredentialProvider,
    CredentialResolver,
    Credentials,
    RefreshableCredentials,
)
from botocore.exceptions import BotoCoreError

from govern.errors import CredentialsError
from govern.inputs.aws.errors import CALL_ERRORS, describe

DEFAULT_MAX_ATTEMPTS = 8
SESSION_NAME = "govern-scan"
# Sessions a worker thread keeps; scans move on account by account, so old
# ones are dropped rather than kept for the whole run.
_SESSIONS_PER_THREAD = 4


@dataclass(frozen=True, slots=True)
class Identity:
    """Who the credentials belong to, from STS ``GetCallerIdentity``."""

    account: str
    arn: str

    @property
    def partition(self) -> str:
        """The ARN partition the credentials live in."""
        parts = self.arn.split(":")
        return parts[1] if len(parts) > 1 and parts[1] else "aws"


class CallCounter:
    """Counts API calls by service and operation, from any thread.

    It listens to botocore's ``before-call`` event, which fires once per call,
    before retries, so the counts are calls govern made, not HTTP attempts.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._calls: Counter[tuple[str, str]] = Counter()

    def hook(self, model: Any, **_: Any) -> None:
        """botocore ``before-call`` handler."""
        key = (str(model.service_model.service_name), str(model.name))
        with self._lock:
            self._calls[key] += 1

    def by_service(self) -> dict[str, int]:
        """Calls per boto3 service name."""
        totals: Counter[str] = Counter()
        with self._lock:
            for (service, _operation), count in self._calls.items():
                totals[service] += count
        return dict(sorted(totals.items()))

    def by_operation(self) -> dict[str, int]:
        """Calls per ``service:Operation``."""
        with self._lock:
            return {
                f"{service}:{operation}": count
                for (service, operation), count in sorted(self._calls.items())
            }


class _Given(CredentialProvider):
    """Hands botocore credentials that govern already holds."""

    METHOD = "govern"

    def __init__(self, credentials: Credentials) -> None:
        super().__init__()
        self._credentials = credentials

    def load(self) -> Credentials:
        return self._credentials


class Sessions:
    """Credentials per account, and per-thread sessions and clients built on them.

    Args:
        profile: Named profile for the caller's own credentials, or ``None``.
        endpoint_url: Send every call here instead of AWS (a local test server).
        counter: Receives every API call.
        home_region: Region for STS calls.
        max_attempts: Attempts per call, retries included (``AWS_MAX_ATTEMPTS``
            overrides the default, as for the AWS CLI).
        name: Sent as the user agent suffix and the assumed-role session name,
            so CloudTrail shows which govern command made a call.
    """

    def __init__(
        self,
        *,
        profile: str | None,
        endpoint_url: str | None,
        counter: CallCounter,
        home_region: str,
        max_attempts: int | None = None,
        name: str = SESSION_NAME,
    ) -> None:
        self.endpoint_url = endpoint_url
        self.name = name
        self.home_region = home_region
        self.counter = counter
        attempts = max_attempts or int(
            os.environ.get("AWS_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS)
        )
        self.config = Config(
            retries={"mode": "adaptive", "total_max_attempts": max(1, attempts)},
            user_agent_extra=name,
            connect_timeout=10,
            read_timeout=60,
        )
        core = _open_profile(profile)
        self._base = boto3.Session(botocore_session=core)
        self._loader = core.get_component("data_loader")
        self._credentials: dict[str, Credentials] = {}
        self._local = threading.local()
        self._creating = threading.Lock()

    def caller(self) -> Identity:
        """The caller's identity; raise ``CredentialsError`` if it cannot be had."""
        return self._identity(self.caller_credentials(), "the caller's credentials")

    def caller_credentials(self) -> Credentials:
        """The caller's own credentials; ``CredentialsError`` when there are none."""
        try:
            credentials = self._base.get_credentials()
        except BotoCoreError as error:
            raise CredentialsError(f"AWS credentials: {describe(error)}") from None
        if credentials is None:
            raise CredentialsError(
                "no AWS credentials found: set AWS_PROFILE or the AWS_* variables, "
                "or pass --profile"
            )
        return credentials

    def assume(self, role_arn: str, via: str | None = None) -> Credentials:
        """Refreshable credentials for ``role_arn``, assumed from ``via``'s.

        ``via`` is an account already registered here; ``None`` means the
        caller. Raises botocore errors; callers decide what a failure means.
        """
        source = self._credentials[via] if via else self.caller_credentials()
        sts = self._session(source).client(
            "sts",
            region_name=self.home_region,
            endpoint_url=self.endpoint_url,
            config=self.config,
        )

        def fetch() -> dict[str, str]:
            answer = sts.assume_role(RoleArn=role_arn, RoleSessionName=self.name)
            issued = answer["Credentials"]
            return {
                "access_key": issued["AccessKeyId"],
                "secret_key": issued["SecretAccessKey"],
                "token": issued["SessionToken"],
                "expiry_time": issued["Expiration"].isoformat(),
            }

        credentials: Credentials = RefreshableCredentials.create_from_metadata(
            metadata=fetch(), refresh_using=fetch, method="assume-role"
        )
        return credentials

    def register(self, account: str, credentials: Credentials) -> None:
        """Scan ``account`` with ``credentials``."""
        self._credentials[account] = credentials

    def identity_of(self, credentials: Credentials, what: str) -> Identity:
        """Identity behind ``credentials``; ``CredentialsError`` when refused."""
        return self._identity(credentials, what)

    def client(self, account: str, service: str, region: str) -> Any:
        """A client for ``service`` in ``region`` of ``account``, for this thread."""
        clients: dict[tuple[str, str, str], Any] = self._thread_cache("clients")
        key = (account, service, region)
        found = clients.get(key)
        if found is None:
            sessions: dict[str, boto3.Session] = self._thread_cache("sessions")
            session = sessions.get(account)
            if session is None:
                if len(sessions) >= _SESSIONS_PER_THREAD:
                    sessions.clear()
                    clients.clear()
                session = sessions[account] = self._session(self._credentials[account])
            # One thread at a time: the first client of a service parses its
            # model into the shared loader, and threads racing to do that
            # each parse it again.
            with self._creating:
                found = clients[key] = session.client(
                    service,  # type: ignore[call-overload]
                    region_name=region,
                    endpoint_url=self.endpoint_url,
                    config=self.config,
                )
        return found

    def _thread_cache(self, name: str) -> Any:
        cache = getattr(self._local, name, None)
        if cache is None:
            cache = {}
            setattr(self._local, name, cache)
        return cache

    def _session(self, credentials: Credentials) -> boto3.Session:
        core = botocore.session.Session()
        # Parsed service models are shared, so each new session is cheap.
        core.register_component("data_loader", self._loader)
        core.register_component(
            "credential_provider", CredentialResolver([_Given(credentials)])
        )
        session = boto3.Session(botocore_session=core)
        session.events.register("before-call", self.counter.hook)
        return session

    def _identity(self, credentials: Credentials, what: str) -> Identity:
        sts = self._session(credentials).client(
            "sts",
            region_name=self.home_region,
            endpoint_url=self.endpoint_url,
            config=self.config,
        )
        try:
            answer = sts.get_caller_identity()
        except CALL_ERRORS as error:
            raise CredentialsError(
                f"{what} do not work: STS GetCallerIdentity failed: {describe(error)}"
            ) from None
        return Identity(str(answer["Account"]), str(answer["Arn"]))


def _open_profile(profile: str | None) -> botocore.session.Session:
    core = botocore.session.Session(profile=profile)
    try:
        core.get_scoped_config()  # fails now, not mid-scan, on a missing profile
    except BotoCoreError as error:
        raise CredentialsError(f"AWS profile: {describe(error)}") from None
    return core
