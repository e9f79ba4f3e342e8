"""Finding the ``.tf`` line that declares a resource, through local modules."""

from __future__ import annotations

from pathlib import Path

import pytest

from govern.inputs.terraform.sources import SourceIndex, parse_address

ROOT_MAIN = """\
terraform {
  required_version = ">= 1.5"
}

# resource "aws_s3_bucket" "commented" {}
resource "aws_s3_bucket" "logs" {
  bucket = "logs-${var.env}"
  tags = { owner = "platform" }
}

module "network" {
  source   = "./modules/network"
  for_each = toset(["a", "b"])
}

module "registry" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.0.0"
}
"""

ROOT_IAM = """\
data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
  }
}

resource "aws_iam_role" "app" {
  assume_role_policy = <<EOF
resource "aws_s3_bucket" "inside_heredoc" {
}
EOF
  /* a { brace in a comment */
  name = "app"
}
"""

NETWORK_MAIN = """\
resource "aws_vpc" "this" {
  count = 1
}

module "rules" { source = "../rules" }
"""

RULES_MAIN = """\
locals {
  description = "not a { block"
}

resource "aws_security_group" "ssh" {
  name = "ssh"
}
"""


@pytest.fixture
def source_dir(tmp_path: Path) -> Path:
    (tmp_path / "modules" / "network").mkdir(parents=True)
    (tmp_path / "modules" / "rules").mkdir(parents=True)
    (tmp_path / "main.tf").write_text(ROOT_MAIN)
    (tmp_path / "iam.tf").write_text(ROOT_IAM)
    (tmp_path / "modules" / "network" / "main.tf").write_text(NETWORK_MAIN)
    (tmp_path / "modules" / "rules" / "main.tf").write_text(RULES_MAIN)
    return tmp_path


@pytest.mark.parametrize(
    ("case", "address", "file", "line"),
    [
        ("root resource", "aws_s3_bucket.logs", "main.tf", 6),
        ("second file, after a data block", "aws_iam_role.app", "iam.tf", 7),
        ("data source", "data.aws_iam_policy_document.assume", "iam.tf", 1),
        (
            "module instance with for_each key and count index",
            'module.network["a"].aws_vpc.this[0]',
            "modules/network/main.tf",
            1,
        ),
        (
            "nested module through a one-line call and ../",
            'module.network["b"].module.rules.aws_security_group.ssh',
            "modules/rules/main.tf",
            5,
        ),
    ],
)
def test_locates_declarations(
    source_dir: Path, case: str, address: str, file: str, line: int
) -> None:
    found = SourceIndex(source_dir).locate(address)
    assert found is not None, case
    assert found.path == source_dir / file, case
    assert found.line == line, case


@pytest.mark.parametrize(
    ("case", "address"),
    [
        ("commented out", "aws_s3_bucket.commented"),
        ("inside a heredoc", "aws_s3_bucket.inside_heredoc"),
        ("registry module", "module.registry.aws_vpc.this[0]"),
        ("unknown module", "module.nothing.aws_vpc.this"),
        ("not declared", "aws_s3_bucket.missing"),
        ("an ARN", "arn:aws:s3:::logs"),
    ],
)
def test_unlocatable_addresses_give_none(
    source_dir: Path, case: str, address: str
) -> None:
    assert SourceIndex(source_dir).locate(address) is None, case


def test_parse_address_ignores_dots_inside_keys() -> None:
    parsed = parse_address('module.a["x.y"].aws_s3_bucket.b["k.1"]')
    assert parsed == (["a"], ("resource", "aws_s3_bucket", "b"))


def test_missing_directory_locates_nothing(tmp_path: Path) -> None:
    assert SourceIndex(tmp_path / "absent").locate("aws_s3_bucket.b") is None
