"""One module per AWS service; ``COLLECTORS`` lists every collector.

Adding a service means adding a module here and its collectors to the tuple.
"""

from __future__ import annotations

from govern.inputs.aws.collectors.cloudtrail import Trails
from govern.inputs.aws.collectors.dynamodb import Tables
from govern.inputs.aws.collectors.ec2 import (
    EncryptionByDefault,
    Instances,
    Snapshots,
    Volumes,
)
from govern.inputs.aws.collectors.elbv2 import LoadBalancers
from govern.inputs.aws.collectors.iam import PasswordPolicy, Principals
from govern.inputs.aws.collectors.kms import Keys
from govern.inputs.aws.collectors.lambda_ import Functions
from govern.inputs.aws.collectors.logs import LogGroups
from govern.inputs.aws.collectors.rds import DbClusters, DbInstances
from govern.inputs.aws.collectors.s3 import Buckets
from govern.inputs.aws.collectors.sns import Topics
from govern.inputs.aws.collectors.sqs import Queues
from govern.inputs.aws.collectors.vpc import FlowLogs, SecurityGroups, Vpcs
from govern.inputs.aws.registry import Collector

COLLECTORS: tuple[Collector, ...] = (
    Principals(),
    PasswordPolicy(),
    Buckets(),
    Instances(),
    Volumes(),
    Snapshots(),
    EncryptionByDefault(),
    SecurityGroups(),
    Vpcs(),
    FlowLogs(),
    DbInstances(),
    DbClusters(),
    Keys(),
    Trails(),
    Functions(),
    Tables(),
    LoadBalancers(),
    Topics(),
    Queues(),
    LogGroups(),
)

SERVICES: tuple[str, ...] = tuple(sorted({c.service for c in COLLECTORS}))
"""The names ``--services`` accepts."""


_SERVICE_OF_TYPE: dict[str, str] = {
    kind: collector.service for collector in COLLECTORS for kind in collector.types
}


def service_for_type(resource_type: str) -> str | None:
    """The service whose collector produces ``resource_type``, if any."""
    return _SERVICE_OF_TYPE.get(resource_type)
