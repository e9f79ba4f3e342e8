"""How fast ``govern scan`` reads an estate, with 1 and with 16 workers.

Starts a moto server in its own process on a free 127.0.0.1 port (so the
server does not share this process's interpreter lock with the scanner),
seeds a few thousand resources across two regions, then scans them with every
test policy in ``tests/fixtures/policies/live`` (they read every collected
type) and prints resources per second and API calls.

Usage: ``python bench/scan_bench.py [--scale 1.0] [--latency-ms 0]``. Seeding
takes a while: moto takes writes one at a time. A local server answers in a
few milliseconds from a single process, so without added latency the figures
measure moto as much as govern; ``--latency-ms`` puts a delaying proxy in
front of it, closer to what a scan of real AWS waits for.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import boto3  # noqa: TID251 - the bench seeds its own local server

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.latency_proxy import LatencyProxy  # noqa: E402 - needs the path above
from govern.config import Settings  # noqa: E402
from govern.inputs.aws.scanner import ScanOptions  # noqa: E402
from govern.live import run_scan  # noqa: E402
from govern.pipeline import RunOptions  # noqa: E402
from govern.policy.library import load_policy_set  # noqa: E402

REGIONS = ("us-east-1", "eu-west-1")
POLICIES = REPO / "tests" / "fixtures" / "policies" / "live"
# Per region. Buckets stay below the 1,000 a ListBuckets page holds, because
# the local server does not continue listings across pages.
COUNTS = {"buckets": 250, "volumes": 600, "groups": 600, "logs": 300, "queues": 250}


def dummy_credentials() -> None:
    """The bench talks to a local server only, with made-up credentials."""
    for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN"):
        os.environ.pop(name, None)
    nowhere = str(REPO / ".no-aws-config")
    os.environ.update(
        AWS_ACCESS_KEY_ID="bench",
        AWS_SECRET_ACCESS_KEY="bench",
        AWS_DEFAULT_REGION=REGIONS[0],
        AWS_CONFIG_FILE=nowhere,
        AWS_SHARED_CREDENTIALS_FILE=nowhere,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def start_server() -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    moto_server = str(Path(sys.executable).parent / "moto_server")
    server = subprocess.Popen(
        [moto_server, "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=2):
                return server, endpoint
        except OSError:
            if time.monotonic() > deadline:
                server.kill()
                raise SystemExit("the moto server did not start") from None
            time.sleep(0.2)


def client(endpoint: str, service: str, region: str) -> Any:
    return boto3.client(
        service,  # type: ignore[call-overload]
        region_name=region,
        endpoint_url=endpoint,
    )


def seed(endpoint: str, scale: float) -> None:
    for region in REGIONS:
        count = {name: max(1, int(n * scale)) for name, n in COUNTS.items()}
        s3 = client(endpoint, "s3", region)
        for number in range(count["buckets"]):
            name = f"bench-{region}-{number:04}"
            location = {"LocationConstraint": region} if region != REGIONS[0] else {}
            s3.create_bucket(
                Bucket=name,
                **({"CreateBucketConfiguration": location} if location else {}),
            )
            if number % 2:
                s3.put_bucket_versioning(
                    Bucket=name, VersioningConfiguration={"Status": "Enabled"}
                )
        ec2 = client(endpoint, "ec2", region)
        for number in range(count["volumes"]):
            ec2.create_volume(
                AvailabilityZone=f"{region}a",
                Size=1,
                VolumeType="gp3" if number % 2 else "gp2",
                Encrypted=bool(number % 3),
            )
        for number in range(count["groups"]):
            group = ec2.create_security_group(
                GroupName=f"bench-{number}", Description="bench"
            )["GroupId"]
            ec2.authorize_security_group_ingress(
                GroupId=group,
                IpPermissions=[
                    {
                        "IpProtocol": "tcp",
                        "FromPort": 22 if number % 5 == 0 else 443,
                        "ToPort": 22 if number % 5 == 0 else 443,
                        "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
                    }
                ],
            )
        logs = client(endpoint, "logs", region)
        for number in range(count["logs"]):
            logs.create_log_group(logGroupName=f"/bench/{number}")
        sqs = client(endpoint, "sqs", region)
        for number in range(count["queues"]):
            sqs.create_queue(QueueName=f"bench-{number}")


def scan(endpoint: str, workers: int) -> dict[str, Any]:
    started = time.perf_counter()
    run = run_scan(
        load_policy_set([POLICIES]),
        Settings(),
        RunOptions(),
        ScanOptions(regions=REGIONS, endpoint_url=endpoint, workers=workers),
    )
    seconds = time.perf_counter() - started
    resources = sum(i.resources for i in run.inputs)
    buckets = sum(1 for f in run.findings if f.policy_id == "TEST-105")
    return {
        "workers": workers,
        "resources": resources,
        "seconds": seconds,
        "per_second": resources / seconds,
        "calls": sum(run.api_calls.values()),
        "s3_per_bucket": (run.api_calls.get("s3", 0) - len(REGIONS)) / max(1, buckets),
        "gaps": len(run.coverage_gaps),
    }


def report(result: dict[str, Any]) -> None:
    print(
        f"{result['workers']:>7}  {result['resources']:>9}  "
        f"{result['seconds']:>7.1f}  {result['per_second']:>11.0f}  "
        f"{result['calls']:>9}  {result['s3_per_bucket']:>15.1f}"
        + (f"  ({result['gaps']} coverage gaps)" if result["gaps"] else "")
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="estate size factor")
    parser.add_argument(
        "--latency-ms", type=float, default=0, help="delay added to every call"
    )
    options = parser.parse_args()
    dummy_credentials()
    server, endpoint = start_server()
    try:
        started = time.perf_counter()
        seed(endpoint, options.scale)
        print(f"seeded in {time.perf_counter() - started:.0f}s at {endpoint}")
        with LatencyProxy(endpoint, options.latency_ms / 1000) as proxy:
            target = proxy.endpoint if options.latency_ms else endpoint
            print(f"added latency per call: {options.latency_ms:.0f} ms")
            print(
                "workers  resources  seconds  resources/s  API calls  S3 calls/bucket"
            )
            for workers in (1, 16):
                report(scan(target, workers))
    finally:
        server.terminate()
        server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
