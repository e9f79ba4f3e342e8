"""The store's schema, as numbered migrations applied in order on connect.

Each step runs once per database: ``schema_migrations`` remembers which steps
a database has had. All pending steps run in one transaction under a lock, so
two govern processes connecting to a new store at once cannot both migrate it,
and a failed step leaves the schema as it was. Steps are never edited once
released; a change to the schema is a new step.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from govern.errors import HistoryError
from govern.history.backend import Backend


@dataclass(frozen=True, slots=True)
class Migration:
    """One schema step: its number, what it does, and its statements."""

    version: int
    name: str
    statements: tuple[str, ...]


_STATUS_CHECK = "('fail', 'pass', 'unknown', 'waived', 'baselined')"

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "runs with their scope, gaps, findings and waivers; remediation events",
        (
            """CREATE TABLE runs (
                id {id},
                kind TEXT NOT NULL CHECK (kind IN ('plan', 'scan')),
                command TEXT NOT NULL,
                started_at {timestamp} NOT NULL,
                finished_at {timestamp} NOT NULL,
                exit_code INTEGER NOT NULL,
                partial INTEGER NOT NULL DEFAULT 0,
                inputs {json} NOT NULL,
                policies {json} NOT NULL,
                pillars {json} NOT NULL,
                govern_version TEXT NOT NULL
            )""",
            """CREATE TABLE run_scope (
                run_id {ref} NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
                origin TEXT,
                account TEXT,
                region TEXT,
                service TEXT
            )""",
            """CREATE TABLE coverage_gaps (
                run_id {ref} NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
                account TEXT,
                region TEXT,
                service TEXT,
                error TEXT NOT NULL,
                message TEXT NOT NULL
            )""",
            f"""CREATE TABLE findings (
                run_id {{ref}} NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
                fingerprint TEXT NOT NULL,
                policy_id TEXT NOT NULL,
                pillar TEXT NOT NULL,
                team TEXT NOT NULL,
                severity TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN {_STATUS_CHECK}),
                address TEXT NOT NULL,
                type TEXT NOT NULL,
                origin TEXT NOT NULL,
                account TEXT,
                region TEXT,
                service TEXT,
                owner TEXT,
                waiver_id TEXT,
                message TEXT NOT NULL,
                PRIMARY KEY (run_id, fingerprint)
            )""",
            """CREATE TABLE run_waivers (
                run_id {ref} NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
                waiver_id TEXT NOT NULL,
                owner TEXT NOT NULL,
                approved_by TEXT NOT NULL,
                reason TEXT NOT NULL,
                created {date},
                expires {date} NOT NULL,
                policies {json} NOT NULL,
                PRIMARY KEY (run_id, waiver_id)
            )""",
            """CREATE TABLE remediations (
                id {id},
                at {timestamp} NOT NULL,
                fingerprint TEXT NOT NULL,
                policy_id TEXT NOT NULL,
                address TEXT NOT NULL,
                account TEXT,
                region TEXT,
                action TEXT NOT NULL,
                result TEXT NOT NULL
                    CHECK (result IN ('succeeded', 'failed', 'skipped'))
            )""",
        ),
    ),
    Migration(
        2,
        "indexes for reading runs by time and findings by fingerprint",
        (
            "CREATE INDEX runs_started ON runs (started_at, id)",
            "CREATE INDEX findings_fingerprint ON findings (fingerprint)",
            "CREATE INDEX remediations_fingerprint ON remediations (fingerprint)",
        ),
    ),
)

LATEST = MIGRATIONS[-1].version

_TRACKING = """CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at {timestamp} NOT NULL
)"""


def applied_versions(backend: Backend) -> set[int]:
    """The migration steps this database has had."""
    if not backend.has_table("schema_migrations"):
        return set()
    return {
        int(row[0]) for row in backend.query("SELECT version FROM schema_migrations")
    }


def migrate(backend: Backend, migrations: tuple[Migration, ...] = MIGRATIONS) -> int:
    """Apply every pending step; return how many were applied.

    Raises ``HistoryError`` when the database was migrated by a newer govern.
    """
    if _up_to_date(applied_versions(backend), migrations):
        return 0
    with backend.transaction():
        backend.lock_schema()
        backend.execute(_TRACKING.format(**backend.types))
        done = applied_versions(backend)
        pending = [m for m in migrations if m.version not in done]
        for migration in pending:
            for statement in migration.statements:
                backend.execute(statement.format(**backend.types))
            backend.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) "
                "VALUES (?, ?, ?)",
                (
                    migration.version,
                    migration.name,
                    backend.encode_time(datetime.now(UTC)),
                ),
            )
    return len(pending)


def _up_to_date(done: set[int], migrations: tuple[Migration, ...]) -> bool:
    known = {m.version for m in migrations}
    newer = sorted(done - known)
    if newer:
        raise HistoryError(
            f"the history store has schema version {newer[-1]}, newer than this "
            f"govern knows ({max(known)}): upgrade govern"
        )
    return known <= done
