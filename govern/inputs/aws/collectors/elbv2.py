"""Application, network and gateway load balancers, and their listeners.

Attributes (access logs, deletion protection...) and listeners need calls
per load balancer; tags come twenty load balancers per call.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from govern.inputs.aws.collectors.base import frozen, names
from govern.inputs.aws.context import Answer, Context
from govern.inputs.aws.registry import Call, Collector, Detail
from govern.inputs.aws.shape import fill, live, mark_unknown, part, tag_map
from govern.model.resource import Resource

LB = "aws_lb"
LISTENER = "aws_lb_listener"
_TAGS_PER_CALL = 20
ATTRIBUTES = Detail(
    "attributes",
    Call("DescribeLoadBalancerAttributes"),
    {
        LB: names(
            "access_logs",
            "enable_deletion_protection",
            "drop_invalid_header_fields",
            "idle_timeout",
            "enable_http2",
            "desync_mitigation_mode",
        )
    },
)
LISTENERS = Detail(
    "listeners",
    Call("DescribeListeners"),
    {
        LISTENER: names(
            "load_balancer_arn",
            "port",
            "protocol",
            "ssl_policy",
            "certificate_arn",
            "alpn_policy",
            "default_action",
        )
    },
    emits=names(LISTENER),
)
TAGS = Detail("tags", Call("DescribeTags"), {LB: names("tags", "tags_all", "@tags")})


class LoadBalancers(Collector):
    """Load balancers of the region, with attributes and listeners."""

    service = "elbv2"
    types = frozen(
        {
            LB: names(
                "id",
                "arn",
                "name",
                "load_balancer_type",
                "internal",
                "security_groups",
                "subnets",
                "dns_name",
                "ip_address_type",
                "vpc_id",
            ),
            LISTENER: names(),
        }
    )
    listing = (Call("DescribeLoadBalancers"),)
    details = (ATTRIBUTES, LISTENERS, TAGS)

    def discover(self, ctx: Context) -> list[Any]:
        return list(
            ctx.pages("describe_load_balancers", "LoadBalancers", page_size=400)
        )

    def build(self, ctx: Context, items: list[Any]) -> list[Resource]:
        found: list[Resource] = []
        arns = [item["LoadBalancerArn"] for item in items]
        tags = _tags(ctx, arns)
        for item in items:
            found.extend(_load_balancer(ctx, item, tags))
        return found


def _tags(ctx: Context, arns: list[str]) -> dict[str, Answer]:
    by_arn: dict[str, Answer] = {}
    for start in range(0, len(arns), _TAGS_PER_CALL):
        batch = arns[start : start + _TAGS_PER_CALL]
        answer = ctx.fetch(TAGS, "describe_tags", ResourceArns=batch)
        for arn in batch:
            by_arn[arn] = answer
        for entry in answer.data.get("TagDescriptions", []):
            by_arn[entry["ResourceArn"]] = Answer("ok", entry)
    return by_arn


def _load_balancer(
    ctx: Context, item: Mapping[str, Any], tags: Mapping[str, Answer]
) -> list[Resource]:
    arn = item["LoadBalancerArn"]
    values = {
        "id": arn,
        "arn": arn,
        "name": item.get("LoadBalancerName"),
        "load_balancer_type": item.get("Type"),
        "internal": item.get("Scheme") == "internal",
        "security_groups": list(item.get("SecurityGroups", [])),
        "subnets": sorted(
            z["SubnetId"] for z in item.get("AvailabilityZones", []) if "SubnetId" in z
        ),
        "dns_name": item.get("DNSName"),
        "ip_address_type": item.get("IpAddressType"),
        "vpc_id": item.get("VpcId"),
    }
    balancer = live(ctx, LB, arn, str(values["name"]), values)
    answer = tags.get(arn, Answer("skipped"))
    if answer.ok:
        found = tag_map(answer.data.get("Tags"))
        balancer.values["tags"] = balancer.values["tags_all"] = found
        balancer.tags = found
    else:
        mark_unknown(balancer, TAGS.fills[LB])
    attributes = ctx.fetch(
        ATTRIBUTES, "describe_load_balancer_attributes", LoadBalancerArn=arn
    )
    fill(balancer, ATTRIBUTES, attributes, _attributes)
    return [balancer, *_listeners(ctx, balancer)]


def _attributes(data: Mapping[str, Any]) -> dict[str, Any]:
    found = {a["Key"]: a.get("Value") for a in data.get("Attributes", [])}

    def flag(key: str) -> bool:
        return str(found.get(key, "false")).lower() == "true"

    timeout = found.get("idle_timeout.timeout_seconds")
    return {
        "access_logs": [
            {
                "enabled": flag("access_logs.s3.enabled"),
                "bucket": found.get("access_logs.s3.bucket") or "",
                "prefix": found.get("access_logs.s3.prefix") or "",
            }
        ],
        "enable_deletion_protection": flag("deletion_protection.enabled"),
        "drop_invalid_header_fields": flag(
            "routing.http.drop_invalid_header_fields.enabled"
        ),
        "idle_timeout": int(timeout) if timeout else None,
        "enable_http2": flag("routing.http2.enabled"),
        "desync_mitigation_mode": found.get("routing.http.desync_mitigation_mode"),
    }


def _listeners(ctx: Context, balancer: Resource) -> list[Resource]:
    answer = ctx.fetch(
        LISTENERS,
        "describe_listeners",
        LoadBalancerArn=balancer.address,
        PageSize=400,
    )
    if not answer.ok:
        link = {"load_balancer_arn": balancer.address}
        placeholder = part(ctx, balancer, LISTENERS, answer, LISTENER, link, dict)
        return [placeholder] if placeholder else []
    return [_listener(ctx, item) for item in answer.data.get("Listeners", [])]


def _listener(ctx: Context, item: Mapping[str, Any]) -> Resource:
    arn = item["ListenerArn"]
    certificates = item.get("Certificates", [])
    values = {
        "id": arn,
        "arn": arn,
        "load_balancer_arn": item.get("LoadBalancerArn"),
        "port": item.get("Port"),
        "protocol": item.get("Protocol"),
        "ssl_policy": item.get("SslPolicy") or "",
        "certificate_arn": certificates[0].get("CertificateArn")
        if certificates
        else "",
        "alpn_policy": next(iter(item.get("AlpnPolicy", [])), ""),
        "default_action": [_action(a) for a in item.get("DefaultActions", [])],
    }
    return live(ctx, LISTENER, arn, arn.rsplit("/", 1)[-1], values)


def _action(action: Mapping[str, Any]) -> dict[str, Any]:
    redirect = action.get("RedirectConfig")
    fixed = action.get("FixedResponseConfig")
    return {
        "type": action.get("Type"),
        "order": action.get("Order"),
        "target_group_arn": action.get("TargetGroupArn") or "",
        "redirect": (
            [
                {
                    "protocol": redirect.get("Protocol"),
                    "port": redirect.get("Port"),
                    "host": redirect.get("Host"),
                    "path": redirect.get("Path"),
                    "query": redirect.get("Query"),
                    "status_code": redirect.get("StatusCode"),
                }
            ]
            if redirect
            else []
        ),
        "fixed_response": (
            [
                {
                    "content_type": fixed.get("ContentType"),
                    "message_body": fixed.get("MessageBody"),
                    "status_code": fixed.get("StatusCode"),
                }
            ]
            if fixed
            else []
        ),
    }
