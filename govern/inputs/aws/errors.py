"""What a failed AWS call means for a scan.

Every call ends in one of these outcomes. ``NOT_CONFIGURED`` is not a failure:
``NoSuchBucketPolicy`` and friends are how AWS says a setting is absent. The
others become coverage gaps, and the attributes the call would have filled are
marked unknown so policies report ``unknown``, never ``pass``.
"""

from __future__ import annotations

from typing import Final

from botocore.exceptions import BotoCoreError, ClientError
from botocore.parsers import ResponseParserError

CALL_ERRORS: Final = (BotoCoreError, ClientError, ResponseParserError)
"""What a failed AWS call raises: AWS's answer, or botocore's own trouble."""

NOT_CONFIGURED: Final = "not-configured"
ACCESS_DENIED: Final = "access-denied"
THROTTLED: Final = "throttled"
UNSUPPORTED: Final = "unsupported"
REGION_DISABLED: Final = "region-disabled"
CREDENTIALS_REJECTED: Final = "credentials-rejected"
UNREACHABLE: Final = "unreachable"
SERVICE_ERROR: Final = "service-error"

_DENIED = frozenset(
    {
        "AccessDenied",
        "AccessDeniedException",
        "AllAccessDisabled",
        "AuthorizationError",
        "AuthorizationErrorException",
        "Forbidden",
        "NotAuthorized",
        "UnauthorizedAccess",
        "UnauthorizedOperation",
    }
)
_THROTTLED = frozenset(
    {
        "BandwidthLimitExceeded",
        "EC2ThrottledException",
        "PriorRequestNotComplete",
        "ProvisionedThroughputExceededException",
        "RequestLimitExceeded",
        "RequestThrottled",
        "RequestThrottledException",
        "SlowDown",
        "ThrottledException",
        "Throttling",
        "ThrottlingException",
        "TooManyRequestsException",
    }
)
_UNSUPPORTED = frozenset(
    {
        "InvalidAction",
        "NotImplemented",
        "UnknownOperationException",
        "UnsupportedOperation",
    }
)
# In a region the account has not opted into, STS tokens are not valid at all.
_REJECTED = frozenset(
    {
        "AuthFailure",
        "ExpiredToken",
        "ExpiredTokenException",
        "InvalidClientTokenId",
        "UnrecognizedClientException",
    }
)
_UNREACHABLE = frozenset(
    {
        "ConnectTimeoutError",
        "EndpointConnectionError",
        "ConnectionClosedError",
        "ReadTimeoutError",
    }
)


def is_not_configured(code: str, extra: frozenset[str] = frozenset()) -> bool:
    """True when ``code`` answers a detail call with "this setting is absent"."""
    return code in extra or code.startswith("NoSuch") or "NotFound" in code


def classify(error: Exception, absent: frozenset[str] | None = None) -> str:
    """The outcome of a failed call; ``absent`` enables ``NOT_CONFIGURED``.

    ``absent`` is ``None`` for list calls, where "not found" is a real failure,
    and the call's extra not-configured codes for detail calls.
    """
    code, status = error_code(error)
    if absent is not None and code and is_not_configured(code, absent):
        return NOT_CONFIGURED
    if code in _DENIED:
        return ACCESS_DENIED
    if code in _THROTTLED:
        return THROTTLED
    if code == "OptInRequired":
        return REGION_DISABLED
    if code in _REJECTED:
        return CREDENTIALS_REJECTED
    if code in _UNSUPPORTED or status == 501:
        return UNSUPPORTED
    if type(error).__name__ in _UNREACHABLE:
        return UNREACHABLE
    if status == 403:
        return ACCESS_DENIED
    return SERVICE_ERROR


def error_code(error: Exception) -> tuple[str, int | None]:
    """The AWS error code and HTTP status of a botocore ``ClientError``."""
    response = getattr(error, "response", None)
    if not isinstance(response, dict):
        return "", None
    code = str(response.get("Error", {}).get("Code", ""))
    status = response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    return code, status if isinstance(status, int) else None


def describe(error: Exception) -> str:
    """One line saying what went wrong, without request ids or stack frames."""
    response = getattr(error, "response", None)
    if isinstance(response, dict):
        details = response.get("Error", {})
        code = details.get("Code", "")
        message = details.get("Message", "") or code
        return f"{code}: {message}" if code and code not in message else message
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
