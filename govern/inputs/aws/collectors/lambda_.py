"""Lambda functions and their function URLs.

Environment variables are read because policies look for secrets in them;
they are marked sensitive, so reports never print their values.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from govern.inputs.aws.collectors.base import Listed, frozen, names
from govern.inputs.aws.context import Context
from govern.inputs.aws.registry import Call, Detail
from govern.inputs.aws.shape import fill_tags, live, part
from govern.model.resource import Resource

FUNCTION = "aws_lambda_function"
URL = "aws_lambda_function_url"
URLS = Detail(
    "url",
    Call("GetFunctionUrlConfig"),
    {
        URL: names(
            "function_name",
            "authorization_type",
            "function_url",
            "cors",
            "invoke_mode",
        )
    },
    emits=names(URL),
)
TAGS = Detail("tags", Call("ListTags"), {FUNCTION: names("tags", "tags_all", "@tags")})


class Functions(Listed):
    """Functions of the region."""

    service = "lambda"
    types = frozen(
        {
            FUNCTION: names(
                "id",
                "function_name",
                "arn",
                "runtime",
                "handler",
                "role",
                "memory_size",
                "timeout",
                "package_type",
                "architectures",
                "kms_key_arn",
                "environment",
                "tracing_config",
                "vpc_config",
                "dead_letter_config",
                "layers",
                "ephemeral_storage",
            ),
            URL: names(),
        }
    )
    listing = (Call("ListFunctions"),)
    details = (URLS, TAGS)
    method = "list_functions"
    key = "Functions"
    page_size = 50
    chunk = 10

    def resources(self, ctx: Context, item: Any) -> list[Resource]:
        name = item["FunctionName"]
        function = live(ctx, FUNCTION, item["FunctionArn"], name, _values(item))
        if function.values["environment"]:
            function.sensitive = {"environment": [{"variables": True}]}
        tags = ctx.fetch(TAGS, "list_tags", Resource=item["FunctionArn"])
        fill_tags(function, TAGS, tags, lambda d: d.get("Tags") or {})
        url = ctx.fetch(URLS, "get_function_url_config", FunctionName=name)
        link = {"function_name": name}
        found = part(ctx, function, URLS, url, URL, link, _url)
        return [function] if found is None else [function, found]


def _values(item: Mapping[str, Any]) -> dict[str, Any]:
    variables = item.get("Environment", {}).get("Variables")
    vpc = item.get("VpcConfig") or {}
    dead_letter = item.get("DeadLetterConfig") or {}
    return {
        "id": item["FunctionName"],
        "function_name": item["FunctionName"],
        "arn": item["FunctionArn"],
        "runtime": item.get("Runtime") or "",
        "handler": item.get("Handler") or "",
        "role": item.get("Role"),
        "memory_size": item.get("MemorySize"),
        "timeout": item.get("Timeout"),
        "package_type": item.get("PackageType", "Zip"),
        "architectures": list(item.get("Architectures", ["x86_64"])),
        "kms_key_arn": item.get("KMSKeyArn") or "",
        "environment": [{"variables": dict(variables)}] if variables else [],
        "tracing_config": [
            {"mode": item.get("TracingConfig", {}).get("Mode", "PassThrough")}
        ],
        "vpc_config": (
            [
                {
                    "subnet_ids": list(vpc.get("SubnetIds", [])),
                    "security_group_ids": list(vpc.get("SecurityGroupIds", [])),
                    "vpc_id": vpc.get("VpcId"),
                }
            ]
            if vpc.get("SubnetIds")
            else []
        ),
        "dead_letter_config": (
            [{"target_arn": dead_letter["TargetArn"]}]
            if dead_letter.get("TargetArn")
            else []
        ),
        "layers": [layer["Arn"] for layer in item.get("Layers", [])],
        "ephemeral_storage": [
            {"size": item.get("EphemeralStorage", {}).get("Size", 512)}
        ],
    }


def _url(data: Mapping[str, Any]) -> dict[str, Any]:
    cors = data.get("Cors")
    return {
        "authorization_type": data.get("AuthType"),
        "function_url": data.get("FunctionUrl"),
        "invoke_mode": data.get("InvokeMode", "BUFFERED"),
        "cors": (
            [
                {
                    "allow_origins": list(cors.get("AllowOrigins", [])),
                    "allow_methods": list(cors.get("AllowMethods", [])),
                    "allow_headers": list(cors.get("AllowHeaders", [])),
                    "allow_credentials": bool(cors.get("AllowCredentials")),
                }
            ]
            if cors
            else []
        ),
    }
