"""The policy catalogue, ``docs/policies.md``, generated from the policy files.

Never edit the catalogue by hand: ``make generate`` rewrites it, and a test
fails when it no longer matches the library.
"""

from __future__ import annotations

from collections import Counter

from govern.policy.library import PolicySet, load_policy_set
from govern.policy.models import Policy
from govern.severity import SEVERITY_RANK

_FRAMEWORK_NAMES = {
    "cis_aws": "CIS AWS",
    "nist_800_53": "NIST 800-53",
    "pci_dss": "PCI DSS",
    "soc2": "SOC 2",
}


def render_catalogue(policy_set: PolicySet) -> str:
    counts = Counter(p.pillar for p in policy_set.policies)
    lines = [
        "# Policy catalogue",
        "",
        "Generated from `policies/` by `make generate`; do not edit by hand.",
        "An auto-fix policy's failing live findings are fixed by "
        "`govern remediate --apply` (see the README).",
        "",
        f"{len(policy_set.policies)} policies in {len(policy_set.pillars)} pillars.",
        "",
        "| pillar | owning team | policies | fails pipelines at |",
        "|---|---|---|---|",
    ]
    for pillar in policy_set.pillars.values():
        lines.append(
            f"| [{pillar.name}](#{pillar.id}) | {pillar.team.name} "
            f"({pillar.team.contact}) | {counts[pillar.id]} | {pillar.fail_on}+ |"
        )
    for pillar in policy_set.pillars.values():
        lines += ["", f'<a id="{pillar.id}"></a>', f"## {pillar.name}", ""]
        lines += [pillar.description, ""]
        lines += ["| id | title | severity | resource types | frameworks | auto-fix |"]
        lines += ["|---|---|---|---|---|---|"]
        policies = [p for p in policy_set.policies if p.pillar == pillar.id]
        for policy in sorted(policies, key=_order):
            lines.append(_row(policy))
    return "\n".join(lines) + "\n"


def _order(policy: Policy) -> tuple[int, str]:
    return -SEVERITY_RANK[policy.severity], policy.id


def _row(policy: Policy) -> str:
    types = ", ".join(f"`{t}`" for t in policy.resource_types[:4])
    if len(policy.resource_types) > 4:
        types += f" and {len(policy.resource_types) - 4} more"
    frameworks = "; ".join(
        f"{_FRAMEWORK_NAMES[name]} {', '.join(ids)}"
        for name, ids in policy.frameworks.items()
    )
    title = policy.title.replace("|", "\\|")
    fix = "yes" if policy.auto_remediate else ""
    return (
        f"| {policy.id} | {title} | {policy.severity} | {types} | {frameworks} "
        f"| {fix} |"
    )


if __name__ == "__main__":
    print(render_catalogue(load_policy_set()), end="")
