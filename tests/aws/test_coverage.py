"""Partial failure never loses the rest: refusals become coverage gaps.

Access denied comes from the moto server enforcing IAM for a user whose policy
denies some actions. Throttling is the one failure moto cannot produce: those
tests use a tiny stub HTTP server on 127.0.0.1, and say so in their names.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest

from tests.aws.conftest import (
    LOOPBACK,
    Aws,
    Runner,
    policy_file,
    post,
    scan_args,
)
from tests.aws.test_scan_cli import only

ACCOUNT = "123456789012"


def enforce_iam(aws: Aws, monkeypatch: pytest.MonkeyPatch, deny: list[str]) -> None:
    """From now on the server checks IAM; the scan runs as a user denied ``deny``."""
    iam = aws.client("iam")
    iam.create_user(UserName="auditor")
    statements: list[dict[str, Any]] = [
        {"Effect": "Allow", "Action": "*", "Resource": "*"}
    ]
    if deny:
        statements.append({"Effect": "Deny", "Action": deny, "Resource": "*"})
    iam.put_user_policy(
        UserName="auditor",
        PolicyName="audit",
        PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": statements}),
    )
    key = iam.create_access_key(UserName="auditor")["AccessKey"]
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", key["AccessKeyId"])
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", key["SecretAccessKey"])
    post(f"{aws.endpoint}/moto-api/reset-auth", b"0")


def good_bucket(aws: Aws) -> None:
    s3 = aws.client("s3")
    s3.create_bucket(Bucket="good-bucket")
    s3.put_bucket_versioning(
        Bucket="good-bucket", VersioningConfiguration={"Status": "Enabled"}
    )
    s3.put_bucket_tagging(
        Bucket="good-bucket", Tagging={"TagSet": [{"Key": "owner", "Value": "x"}]}
    )


def statuses(report: dict[str, Any], address: str) -> dict[str, str]:
    return {
        f["policy_id"]: f["status"]
        for f in report["findings"]
        if f["address"] == address
    }


def test_a_refused_detail_call_leaves_its_attributes_unknown(
    aws: Aws, govern: Runner, endpoint: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    good_bucket(aws)
    kms = aws.client("kms")
    key = kms.create_key(Tags=[{"TagKey": "owner", "TagValue": "x"}])["KeyMetadata"]
    kms.enable_key_rotation(KeyId=key["KeyId"])
    enforce_iam(aws, monkeypatch, ["s3:GetBucketPolicy", "kms:ListResourceTags"])
    policies = [
        policy_file(p) for p in ("TEST-103", "TEST-105", "TEST-108", "TEST-601")
    ]
    outcome = govern(
        *scan_args(endpoint, "--regions", "us-east-1", "--services", "s3,kms"),
        *only(*map(str, policies)),
    )
    assert outcome.code == 4, outcome.stderr
    assert statuses(outcome.report, "arn:aws:s3:::good-bucket") == {
        "TEST-103": "unknown",
        "TEST-105": "pass",
        "TEST-108": "pass",
    }
    # Refused tags make a tag policy unknown too, never a pass or a fail.
    assert statuses(outcome.report, key["Arn"]) == {
        "TEST-108": "unknown",
        "TEST-601": "pass",
    }
    gaps = {
        (g["service"], g["operation"], g["error"])
        for g in outcome.report["coverage_gaps"]
    }
    assert gaps == {
        ("s3", "GetBucketPolicy", "access-denied"),
        ("kms", "ListResourceTags", "access-denied"),
    }


def test_a_refused_list_call_is_a_gap_and_the_scan_goes_on(
    aws: Aws, govern: Runner, endpoint: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    aws.client("ec2").enable_ebs_encryption_by_default()
    enforce_iam(aws, monkeypatch, ["ec2:DescribeSecurityGroups"])
    policies = [str(policy_file(p)) for p in ("TEST-201", "TEST-313")]
    outcome = govern(*scan_args(endpoint, "--regions", "us-east-1"), *only(*policies))
    assert outcome.code == 4
    assert [(f["policy_id"], f["status"]) for f in outcome.report["findings"]] == [
        ("TEST-313", "pass")
    ]
    [gap] = outcome.report["coverage_gaps"]
    assert gap["account"] == ACCOUNT
    assert gap["region"] == "us-east-1"
    assert gap["service"] == "ec2"
    assert gap["operation"] == "DescribeSecurityGroups"
    assert gap["error"] == "access-denied"
    text = govern(
        "scan", "--endpoint-url", endpoint, "--regions", "us-east-1", *only(*policies)
    )
    assert "coverage gap: account=123456789012 region=us-east-1 service=ec2" in (
        text.stdout
    )
    assert "INCOMPLETE: 1 coverage gaps (exit 4)" in text.stdout


def test_credentials_that_do_not_work_exit_2(
    aws: Aws, govern: Runner, endpoint: str
) -> None:
    post(f"{endpoint}/moto-api/reset-auth", b"0")
    outcome = govern(*scan_args(endpoint, "--regions", "us-east-1"))
    assert outcome.code == 2
    assert outcome.stderr.startswith(
        "govern: error: the caller's credentials do not work: STS GetCallerIdentity"
    )
    assert outcome.stderr.count("\n") == 1
    assert outcome.stdout == ""


def test_a_region_that_fails_is_a_gap_and_others_are_scanned(
    aws: Aws, govern: Runner, endpoint: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    aws.client("ec2").enable_ebs_encryption_by_default()
    outcome = govern(
        *scan_args(endpoint, "--regions", "us-east-1,ap-nowhere-9"),
        *only(str(policy_file("TEST-313"))),
    )
    assert outcome.code == 4
    assert [f["region"] for f in outcome.report["findings"]] == ["us-east-1"]
    [gap] = outcome.report["coverage_gaps"]
    assert (gap["region"], gap["service"], gap["error"]) == (
        "ap-nowhere-9",
        "ec2",
        "service-error",
    )


def test_an_account_whose_role_cannot_be_assumed_is_a_gap(
    aws: Aws,
    govern: Runner,
    endpoint: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Any,
) -> None:
    enforce_iam(aws, monkeypatch, ["sts:AssumeRole"])
    accounts = tmp_path / "accounts.yaml"
    accounts.write_text('role: audit\naccounts:\n  - id: "111111111111"\n')
    outcome = govern(
        *scan_args(endpoint, "--regions", "us-east-1", "--accounts", str(accounts)),
        *only(str(policy_file("TEST-313"))),
    )
    assert outcome.code == 4
    [gap] = outcome.report["coverage_gaps"]
    assert (gap["account"], gap["service"], gap["error"]) == (
        "111111111111",
        "sts",
        "access-denied",
    )


class _Throttler(BaseHTTPRequestHandler):
    """Answers STS GetCallerIdentity, and throttles every other call."""

    calls: ClassVar[list[str]] = []

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        body = self.rfile.read(length).decode()
        target = self.headers.get("X-Amz-Target")
        _Throttler.calls.append(target or body.split("&")[0])
        if "Action=GetCallerIdentity" in body:
            self._send(200, "text/xml", _IDENTITY)
        elif target:
            self._send(
                400,
                "application/x-amz-json-1.1",
                '{"__type": "ThrottlingException", "message": "Rate exceeded"}',
            )
        else:
            self._send(400, "text/xml", _THROTTLED)

    def _send(self, status: int, content_type: str, body: str) -> None:
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass


_IDENTITY = (
    '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">'
    "<GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/stub</Arn>"
    "<UserId>AIDASTUB</UserId><Account>123456789012</Account>"
    "</GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId>"
    "</ResponseMetadata></GetCallerIdentityResponse>"
)
_THROTTLED = (
    "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code>"
    "<Message>Rate exceeded</Message></Error><RequestId>1</RequestId></ErrorResponse>"
)


@pytest.fixture
def throttling_stub() -> Iterator[str]:
    _Throttler.calls = []
    server = ThreadingHTTPServer((LOOPBACK, 0), _Throttler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{LOOPBACK}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_throttling_after_retries_is_a_gap_stub_server(
    throttling_stub: str, govern: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "3")
    outcome = govern(
        *scan_args(throttling_stub, "--regions", "us-east-1"),
        *only(str(policy_file("TEST-931")), str(policy_file("TEST-313"))),
    )
    assert outcome.code == 4
    errors = {(g["service"], g["error"]) for g in outcome.report["coverage_gaps"]}
    assert errors == {("logs", "throttled"), ("ec2", "throttled")}
    retried = [c for c in _Throttler.calls if c == "Logs_20140328.DescribeLogGroups"]
    assert len(retried) == 3
