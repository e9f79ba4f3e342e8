"""RDS: automated backup retention of DB instances and Aurora clusters.

Raising the retention applies immediately. From 0 days (no backups) AWS
takes a first backup at once, which can briefly pause I/O on a Single-AZ
instance.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from govern.remediate.aws.access import Access
from govern.remediate.aws.action import (
    Action,
    ActionSettings,
    Call,
    Gone,
    ManualFix,
    Operation,
    State,
    Target,
)

DESCRIBE_INSTANCES = Operation("rds", "DescribeDBInstances", "rds:DescribeDBInstances")
MODIFY_INSTANCE = Operation("rds", "ModifyDBInstance", "rds:ModifyDBInstance")
DESCRIBE_CLUSTERS = Operation("rds", "DescribeDBClusters", "rds:DescribeDBClusters")
MODIFY_CLUSTER = Operation("rds", "ModifyDBCluster", "rds:ModifyDBCluster")
PARAMETER = "backup_retention_min_days"
MOST_DAYS = 35
"""The longest automated backup retention RDS allows."""


def _minimum(settings: ActionSettings) -> int:
    days = settings.parameters.get(PARAMETER)
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise ManualFix(f"parameter {PARAMETER} must be a whole number of days")
    if days > MOST_DAYS:
        raise ManualFix(f"{PARAMETER} is {days}; RDS keeps backups {MOST_DAYS} days")
    return days


def _short(retention: Any, settings: ActionSettings) -> int | None:
    """The days to set, or ``None`` when ``retention`` is long enough."""
    minimum = _minimum(settings)
    return None if isinstance(retention, int) and retention >= minimum else minimum


class InstanceBackups(Action):
    """Raise a DB instance's backup retention to backup_retention_min_days."""

    name = "rds-instance-backup-retention"
    policies = ("GOV-0250",)
    types = ("aws_db_instance",)
    reads = (DESCRIBE_INSTANCES,)
    writes = (MODIFY_INSTANCE,)
    parameters: ClassVar[Mapping[str, Any]] = {PARAMETER: 7}

    def read(self, target: Target, aws: Access) -> State:
        name = target.resource.removeprefix("db:")
        found = aws.call(DESCRIBE_INSTANCES, DBInstanceIdentifier=name)
        instances = found.get("DBInstances", [])
        if not instances:
            raise Gone(f"DB instance {name} no longer exists")
        instance = instances[0]
        return {
            "DBInstanceIdentifier": name,
            "BackupRetentionPeriod": instance.get("BackupRetentionPeriod"),
            "ReadReplicaSourceDBInstanceIdentifier": instance.get(
                "ReadReplicaSourceDBInstanceIdentifier"
            ),
        }

    def plan(
        self, target: Target, state: State, settings: ActionSettings
    ) -> list[Call]:
        # A read replica's backups are its source's; the policy passes it.
        if state["ReadReplicaSourceDBInstanceIdentifier"]:
            return []
        days = _short(state["BackupRetentionPeriod"], settings)
        if days is None:
            return []
        return [
            MODIFY_INSTANCE.call(
                DBInstanceIdentifier=state["DBInstanceIdentifier"],
                BackupRetentionPeriod=days,
                ApplyImmediately=True,
            )
        ]


class ClusterBackups(Action):
    """Raise an Aurora cluster's backup retention to backup_retention_min_days."""

    name = "rds-cluster-backup-retention"
    policies = ("GOV-0250",)
    types = ("aws_rds_cluster",)
    reads = (DESCRIBE_CLUSTERS,)
    writes = (MODIFY_CLUSTER,)
    parameters: ClassVar[Mapping[str, Any]] = {PARAMETER: 7}

    def read(self, target: Target, aws: Access) -> State:
        name = target.resource.removeprefix("cluster:")
        found = aws.call(DESCRIBE_CLUSTERS, DBClusterIdentifier=name)
        clusters = found.get("DBClusters", [])
        if not clusters:
            raise Gone(f"DB cluster {name} no longer exists")
        return {
            "DBClusterIdentifier": name,
            "BackupRetentionPeriod": clusters[0].get("BackupRetentionPeriod"),
        }

    def plan(
        self, target: Target, state: State, settings: ActionSettings
    ) -> list[Call]:
        days = _short(state["BackupRetentionPeriod"], settings)
        if days is None:
            return []
        return [
            MODIFY_CLUSTER.call(
                DBClusterIdentifier=state["DBClusterIdentifier"],
                BackupRetentionPeriod=days,
                ApplyImmediately=True,
            )
        ]
