"""Findings, and what decides which of them count."""

from govern.findings.finding import STATUSES, Finding, Status, fingerprint

__all__ = ["STATUSES", "Finding", "Status", "fingerprint"]
