"""How ``compliant.py`` and ``noncompliant.py`` restate a Terraform configuration.

Each ``Resource`` there mirrors one ``resource`` block of ``examples/terraform``:
arguments as written, ``Ref("aws_kms_key.orders.arn")`` for a reference to
another resource, ``Local``/``Var`` for ``local.x``/``var.x``, ``tmpl`` for a
string template, ``JsonEncode`` for ``jsonencode(...)`` and ``Blocks`` for
nested blocks. Keep the two in step: a test compares their resource blocks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# The password the example plans were made with. Terraform writes variable
# values into plan JSON; this one is for the demo only, and a test checks that
# govern never prints it.
DEMO_DB_PASSWORD = "demo-only-Orders-9f2c41"


@dataclass(frozen=True)
class Ref:
    """A reference to another resource's attribute: ``aws_s3_bucket.data.id``."""

    target: str


@dataclass(frozen=True)
class Local:
    name: str


@dataclass(frozen=True)
class Var:
    name: str


@dataclass(frozen=True)
class Template:
    """A string template: ``"${local.name}-app"``."""

    parts: tuple[Any, ...]


@dataclass(frozen=True)
class JsonEncode:
    """A ``jsonencode(...)`` call."""

    value: Any


def tmpl(*parts: Any) -> Template:
    return Template(parts)


class Blocks:
    """Nested blocks as written: ``rule { ... }`` is ``Blocks({...})``."""

    def __init__(self, *bodies: dict[str, Any]) -> None:
        self.bodies = bodies


@dataclass(frozen=True)
class Resource:
    address: str
    body: dict[str, Any]
    provider: str = "aws"
    depends_on: tuple[str, ...] = ()

    @property
    def type(self) -> str:
        return self.address.split(".")[0]

    @property
    def name(self) -> str:
        return self.address.split(".")[1]


@dataclass(frozen=True)
class Provider:
    region: str
    alias: str | None = None
    default_tags: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Variable:
    description: str
    value: Any
    sensitive: bool = False


@dataclass(frozen=True)
class Configuration:
    providers: dict[str, Provider]
    variables: dict[str, Variable]
    local_values: dict[str, Any]
    resources: tuple[Resource, ...]


DB_PASSWORD = Variable(
    "Master password of the orders database; supplied by the pipeline.",
    DEMO_DB_PASSWORD,
    sensitive=True,
)


def assume_role(service: str) -> JsonEncode:
    return JsonEncode(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Service": service},
                    "Action": "sts:AssumeRole",
                }
            ],
        }
    )


def deny_insecure_transport(bucket: Local) -> dict[str, Any]:
    return {
        "Sid": "DenyInsecureTransport",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [
            tmpl("arn:aws:s3:::", bucket),
            tmpl("arn:aws:s3:::", bucket, "/*"),
        ],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }


def public_access_block(bucket: str) -> dict[str, Any]:
    return {
        "bucket": Ref(f"aws_s3_bucket.{bucket}.id"),
        "block_public_acls": True,
        "block_public_policy": True,
        "ignore_public_acls": True,
        "restrict_public_buckets": True,
    }


def versioning(bucket: str) -> dict[str, Any]:
    return {
        "bucket": Ref(f"aws_s3_bucket.{bucket}.id"),
        "versioning_configuration": Blocks({"status": "Enabled"}),
    }
