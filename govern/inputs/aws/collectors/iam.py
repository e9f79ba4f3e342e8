"""IAM users, roles, customer managed policies and what hangs off them.

One paginated ``GetAccountAuthorizationDetails`` call returns users, roles
and customer managed policies with their inline and attached policies and
default policy versions, which saves several calls per user. Access keys,
their last use, MFA devices and console passwords need calls per user, made
only when a policy reads them. Documents are JSON strings, as in Terraform.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from botocore.exceptions import ClientError

from govern.inputs.aws.collectors.base import frozen, names
from govern.inputs.aws.context import Answer, Context
from govern.inputs.aws.errors import error_code
from govern.inputs.aws.registry import Call, Collector, Detail
from govern.inputs.aws.shape import (
    document,
    fill,
    fill_tags,
    iso,
    live,
    part,
    tag_map,
)
from govern.model.resource import Resource

USER = "aws_iam_user"
ROLE = "aws_iam_role"
POLICY = "aws_iam_policy"
KEY = "aws_iam_access_key"
_DETAILS = Call("GetAccountAuthorizationDetails")

USERS = Detail(
    "users",
    _DETAILS,
    {
        USER: names("id", "name", "arn", "path", "unique_id", "tags", "@tags"),
        "aws_iam_user_policy_attachment": names("user", "policy_arn"),
        "aws_iam_user_policy": names("user", "name", "policy"),
    },
    emits=names(USER, "aws_iam_user_policy_attachment", "aws_iam_user_policy"),
)
ROLES = Detail(
    "roles",
    _DETAILS,
    {
        ROLE: names(
            "id",
            "name",
            "arn",
            "path",
            "assume_role_policy",
            "inline_policy",
            "managed_policy_arns",
            "@tags",
        ),
        "aws_iam_role_policy_attachment": names("role", "policy_arn"),
        "aws_iam_role_policy": names("role", "name", "policy"),
    },
    emits=names(ROLE, "aws_iam_role_policy_attachment", "aws_iam_role_policy"),
)
ROLE_SETTINGS = Detail(
    "role_settings",
    Call("GetRole"),
    {ROLE: names("description", "max_session_duration")},
)
POLICIES = Detail(
    "policies",
    _DETAILS,
    {POLICY: names("id", "arn", "name", "path", "policy", "attachment_count")},
    emits=names(POLICY),
)
POLICY_TAGS = Detail(
    "policy_tags",
    Call("ListPolicyTags"),
    {POLICY: names("tags", "tags_all", "@tags")},
)
ACCESS_KEYS = Detail(
    "access_keys",
    Call("ListAccessKeys"),
    {KEY: names("id", "user", "status", "create_date", "age_days")},
    emits=names(KEY),
)
KEY_USE = Detail(
    "key_use",
    Call("GetAccessKeyLastUsed"),
    {KEY: names("last_used_date", "last_used_days", "last_used_service")},
)
MFA = Detail(
    "mfa",
    Call("ListMFADevices"),
    {"aws_iam_virtual_mfa_device": names("user_name", "arn", "enable_date")},
    emits=names("aws_iam_virtual_mfa_device"),
)
LOGIN = Detail(
    "login_profile",
    Call("GetLoginProfile"),
    {"aws_iam_user_login_profile": names("user", "password_reset_required")},
    emits=names("aws_iam_user_login_profile"),
)
_FILTERS = {"users": "User", "roles": "Role", "policies": "LocalManagedPolicy"}


class Principals(Collector):
    """Users, roles and customer managed policies of the account."""

    service = "iam"
    scope = "global"
    types = frozen(
        {
            USER: names(),
            "aws_iam_user_policy_attachment": names(),
            "aws_iam_user_policy": names(),
            ROLE: names(),
            "aws_iam_role_policy_attachment": names(),
            "aws_iam_role_policy": names(),
            POLICY: names(),
            KEY: names(),
            "aws_iam_virtual_mfa_device": names(),
            "aws_iam_user_login_profile": names(),
        }
    )
    listing = ()
    details = (
        USERS,
        ROLES,
        ROLE_SETTINGS,
        POLICIES,
        POLICY_TAGS,
        ACCESS_KEYS,
        KEY_USE,
        MFA,
        LOGIN,
    )
    chunk = 5

    def discover(self, ctx: Context) -> list[Any]:
        # Access keys, MFA devices and passwords belong to users.
        wanted = set(ctx.wanted)
        if wanted & {"access_keys", "key_use", "mfa", "login_profile"}:
            wanted.add("users")
        if "policy_tags" in wanted:
            wanted.add("policies")
        if "role_settings" in wanted:
            wanted.add("roles")
        filters = [f for key, f in _FILTERS.items() if key in wanted]
        if not filters:
            return []
        found: list[Any] = []
        paginator = ctx.client.get_paginator("get_account_authorization_details")
        pages = paginator.paginate(Filter=filters, PaginationConfig={"PageSize": 1000})
        for page in pages:
            found.extend(("user", u) for u in page.get("UserDetailList", []))
            found.extend(("role", r) for r in page.get("RoleDetailList", []))
            found.extend(("policy", p) for p in page.get("Policies", []))
        return found

    def build(self, ctx: Context, items: list[Any]) -> list[Resource]:
        found: list[Resource] = []
        for kind, item in items:
            if kind == "user":
                found.extend(_user(ctx, item))
            elif kind == "role":
                found.extend(_role(ctx, item))
            else:
                found.append(_policy(ctx, item))
        return found


def _user(ctx: Context, item: Mapping[str, Any]) -> list[Resource]:
    name = item["UserName"]
    values = {
        "id": name,
        "name": name,
        "arn": item["Arn"],
        "path": item.get("Path", "/"),
        "unique_id": item.get("UserId"),
        "permissions_boundary": _boundary(item),
    }
    user = live(ctx, USER, item["Arn"], name, values, tag_map(item.get("Tags")))
    found = [user]
    for attached in item.get("AttachedManagedPolicies", []):
        found.append(
            _attachment(ctx, user, "aws_iam_user_policy_attachment", "user", attached)
        )
    for inline in item.get("UserPolicyList", []):
        found.append(_inline(ctx, user, "aws_iam_user_policy", "user", inline))
    found.extend(_access_keys(ctx, user))
    found.extend(_mfa_devices(ctx, user))
    login = ctx.fetch(LOGIN, "get_login_profile", UserName=name)
    profile = part(
        ctx,
        user,
        LOGIN,
        login,
        "aws_iam_user_login_profile",
        {"user": name, "id": name},
        lambda d: {
            "password_reset_required": bool(
                d.get("LoginProfile", {}).get("PasswordResetRequired")
            )
        },
    )
    return found if profile is None else [*found, profile]


def _role(ctx: Context, item: Mapping[str, Any]) -> list[Resource]:
    name = item["RoleName"]
    inline = item.get("RolePolicyList", [])
    attached = item.get("AttachedManagedPolicies", [])
    values = {
        "id": name,
        "name": name,
        "arn": item["Arn"],
        "path": item.get("Path", "/"),
        "unique_id": item.get("RoleId"),
        "assume_role_policy": document(item.get("AssumeRolePolicyDocument")),
        "permissions_boundary": _boundary(item),
        # Terraform reads both back on every role, whichever resource made them.
        "inline_policy": [
            {"name": p["PolicyName"], "policy": document(p.get("PolicyDocument"))}
            for p in inline
        ],
        "managed_policy_arns": sorted(p["PolicyArn"] for p in attached),
    }
    role = live(ctx, ROLE, item["Arn"], name, values, tag_map(item.get("Tags")))
    # The account's details leave out a role's description and session length.
    settings = ctx.fetch(ROLE_SETTINGS, "get_role", RoleName=name)
    fill(role, ROLE_SETTINGS, settings, _role_settings)
    found = [role]
    for policy in attached:
        found.append(
            _attachment(ctx, role, "aws_iam_role_policy_attachment", "role", policy)
        )
    for policy in inline:
        found.append(_inline(ctx, role, "aws_iam_role_policy", "role", policy))
    return found


def _role_settings(data: Mapping[str, Any]) -> dict[str, Any]:
    role = data.get("Role", {})
    return {
        "description": role.get("Description") or "",
        "max_session_duration": role.get("MaxSessionDuration", 3600),
    }


def _policy(ctx: Context, item: Mapping[str, Any]) -> Resource:
    versions: list[dict[str, Any]] = item.get("PolicyVersionList", [])
    default = next((v for v in versions if v.get("IsDefaultVersion")), {})
    values = {
        "id": item["Arn"],
        "arn": item["Arn"],
        "name": item.get("PolicyName") or item["Arn"].rsplit("/", 1)[-1],
        "path": item.get("Path", "/"),
        "description": item.get("Description") or "",
        "policy_id": item.get("PolicyId"),
        "attachment_count": item.get("AttachmentCount", 0),
        "policy": document(default.get("Document")),
    }
    resource = live(ctx, POLICY, item["Arn"], values["name"], values)
    tags = ctx.fetch(POLICY_TAGS, "list_policy_tags", PolicyArn=item["Arn"])
    fill_tags(resource, POLICY_TAGS, tags, lambda d: tag_map(d.get("Tags")))
    return resource


def _attachment(
    ctx: Context, owner: Resource, kind: str, link: str, attached: Mapping[str, Any]
) -> Resource:
    arn = attached["PolicyArn"]
    values = {"id": f"{owner.name}/{arn}", link: owner.name, "policy_arn": arn}
    return live(ctx, kind, f"{owner.address}#{kind}/{arn}", owner.name, values)


def _inline(
    ctx: Context, owner: Resource, kind: str, link: str, inline: Mapping[str, Any]
) -> Resource:
    name = inline["PolicyName"]
    values = {
        "id": f"{owner.name}:{name}",
        link: owner.name,
        "name": name,
        "policy": document(inline.get("PolicyDocument")),
    }
    return live(ctx, kind, f"{owner.address}#{kind}/{name}", name, values)


def _boundary(item: Mapping[str, Any]) -> str:
    return str(item.get("PermissionsBoundary", {}).get("PermissionsBoundaryArn", ""))


def _access_keys(ctx: Context, user: Resource) -> list[Resource]:
    listed = ctx.fetch(ACCESS_KEYS, "list_access_keys", UserName=user.name)
    if not listed.ok:
        placeholder = part(
            ctx, user, ACCESS_KEYS, listed, KEY, {"user": user.name}, _none
        )
        return [placeholder] if placeholder else []
    return [_access_key(ctx, user, key) for key in listed.data["AccessKeyMetadata"]]


def _access_key(ctx: Context, user: Resource, key: Mapping[str, Any]) -> Resource:
    ident = key["AccessKeyId"]
    created = key.get("CreateDate")
    values = {
        "id": ident,
        "user": user.name,
        "status": key.get("Status"),
        "create_date": iso(created),
        "age_days": _days_since(ctx.now, created),
    }
    resource = live(ctx, KEY, f"{user.address}#{KEY}/{ident}", ident, values)
    use = ctx.fetch(KEY_USE, "get_access_key_last_used", AccessKeyId=ident)
    fill(resource, KEY_USE, use, lambda d: _last_use(ctx.now, d))
    return resource


def _last_use(now: datetime, data: Mapping[str, Any]) -> dict[str, Any]:
    used = data.get("AccessKeyLastUsed", {})
    moment = used.get("LastUsedDate")
    service = used.get("ServiceName")
    return {
        "last_used_date": iso(moment),
        "last_used_days": _days_since(now, moment),
        "last_used_service": None if service in (None, "N/A") else service,
    }


def _none(_: Mapping[str, Any]) -> dict[str, Any]:
    return {}


def _days_since(now: datetime, moment: Any) -> int | None:
    if not isinstance(moment, datetime):
        return None
    return max(0, (now - moment).days)


def _mfa_devices(ctx: Context, user: Resource) -> list[Resource]:
    listed = ctx.fetch(MFA, "list_mfa_devices", UserName=user.name)
    kind = "aws_iam_virtual_mfa_device"
    if not listed.ok:
        placeholder = part(
            ctx, user, MFA, listed, kind, {"user_name": user.name}, _none
        )
        return [placeholder] if placeholder else []
    devices = []
    for device in listed.data.get("MFADevices", []):
        serial = device["SerialNumber"]
        values = {
            "id": serial,
            "arn": serial,
            "serial_number": serial,
            "user_name": user.name,
            "enable_date": iso(device.get("EnableDate")),
        }
        devices.append(
            live(ctx, kind, f"{user.address}#{kind}/{serial}", serial, values)
        )
    return devices


_NO_PASSWORD_POLICY = {
    # What IAM enforces when an account sets no password policy.
    "minimum_password_length": 8,
    "require_lowercase_characters": False,
    "require_uppercase_characters": False,
    "require_numbers": False,
    "require_symbols": False,
    "allow_users_to_change_password": False,
    "max_password_age": 0,
    "password_reuse_prevention": 0,
    "hard_expiry": False,
    "expire_passwords": False,
}


class PasswordPolicy(Collector):
    """The account password policy; IAM's defaults when none is set."""

    service = "iam"
    scope = "global"
    types = frozen(
        {"aws_iam_account_password_policy": names("id", *_NO_PASSWORD_POLICY)}
    )
    listing = (Call("GetAccountPasswordPolicy"),)

    def discover(self, ctx: Context) -> list[Any]:
        try:
            answer = ctx.call("get_account_password_policy")
        except ClientError as error:
            if error_code(error)[0] != "NoSuchEntity":
                raise
            return [Answer("absent")]
        return [Answer("ok", answer.get("PasswordPolicy", {}))]

    def build(self, ctx: Context, items: list[Any]) -> list[Resource]:
        return [_password_policy(ctx, answer) for answer in items]


def _password_policy(ctx: Context, answer: Answer) -> Resource:
    values: dict[str, Any] = {"id": "iam-account-password-policy"}
    values.update(_NO_PASSWORD_POLICY)
    found = answer.data
    if answer.ok:
        values.update(
            {
                "minimum_password_length": found.get("MinimumPasswordLength", 8),
                "require_lowercase_characters": found.get("RequireLowercaseCharacters"),
                "require_uppercase_characters": found.get("RequireUppercaseCharacters"),
                "require_numbers": found.get("RequireNumbers"),
                "require_symbols": found.get("RequireSymbols"),
                "allow_users_to_change_password": found.get(
                    "AllowUsersToChangePassword"
                ),
                "max_password_age": found.get("MaxPasswordAge", 0),
                "password_reuse_prevention": found.get("PasswordReusePrevention", 0),
                "hard_expiry": bool(found.get("HardExpiry")),
                "expire_passwords": bool(found.get("ExpirePasswords")),
            }
        )
    address = f"arn:{ctx.partition}:iam::{ctx.account}:account-password-policy"
    return live(ctx, "aws_iam_account_password_policy", address, ctx.account, values)
