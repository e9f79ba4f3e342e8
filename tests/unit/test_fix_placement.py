"""Reading .tf files with python-hcl2, finding declarations, placing edits."""

from __future__ import annotations

import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from govern.errors import InputError
from govern.remediate.terraform.declarations import (
    Declaration,
    NotDeclared,
    SourceTree,
)
from govern.remediate.terraform.edits import Edit, apply_edits, unified_diff
from govern.remediate.terraform.fixes import NewResource, Setting
from govern.remediate.terraform.hcl import parse, read_source
from govern.remediate.terraform.placement import (
    Placement,
    place_companion,
    place_settings,
)

MAIN = textwrap.dedent(
    """\
    resource "aws_instance" "web" {
      ami           = "ami-1"
      instance_type = "t3.micro"
      monitoring    = false # basic only

      root_block_device {
        volume_size = 8
      }
    }

    resource "aws_ebs_volume" "data" {
      availability_zone = "eu-west-1a"
      encrypted         = var.encrypted
    }

    resource "aws_instance" "generated" {
      ami = "ami-1"

      dynamic "metadata_options" {
        for_each = var.options
        content {
          http_tokens = "optional"
        }
      }
    }

    resource "aws_instance" "twice" {
      ami = "ami-1"
      metadata_options {
        http_tokens = "optional"
      }
      metadata_options {
        http_tokens = "optional"
      }
    }

    resource "aws_kms_key" "inline" { description = "k" }

    resource "aws_instance" "object" {
      metadata_options = { http_tokens = "optional" }
    }
    """
)
TOKENS = Setting(("metadata_options", "http_tokens"), '"required"')
MONITORING = Setting(("monitoring",), "true")
ENCRYPTED = Setting(("encrypted",), "true")


def placed(
    tmp_path: Path, name: str, *settings: Setting, text: str = MAIN
) -> tuple[Placement, str]:
    path = tmp_path / "main.tf"
    path.write_bytes(text.encode())
    source = read_source(path)
    block = next(b for b in source.blocks if b.labels[1:] == (name,))
    placement = place_settings(source, block, settings)
    after = apply_edits(source.lines, placement.edits, source.newline)
    return placement, "".join(after)


def test_blocks_and_attributes_carry_the_parsers_line_spans() -> None:
    web, data, generated, *_ = parse(MAIN)
    assert (web.type, web.labels, web.start, web.end) == (
        "resource",
        ("aws_instance", "web"),
        1,
        9,
    )
    assert web.attributes["monitoring"].start == 4
    assert web.attributes["monitoring"].literal == "false"
    assert [(b.type, b.start, b.end) for b in web.blocks] == [
        ("root_block_device", 6, 8)
    ]
    assert data.attributes["encrypted"].literal is None
    assert data.attributes["encrypted"].text == "var.encrypted"
    assert generated.dynamic("metadata_options")[0].start == 19


@pytest.mark.parametrize(
    ("expression", "literal"),
    [
        ("true", "true"),
        ("-3", "-3"),
        ("null", "null"),
        ('"required"', '"required"'),
        ('["a", 1]', '["a", 1]'),
        ("var.x", None),
        ('"${var.x}-a"', None),
        ('upper("a")', None),
        ("local.on ? true : false", None),
        ("{ a = 1 }", None),
        ("<<EOT\nhi\nEOT", None),
    ],
)
def test_only_constant_expressions_count_as_literals(
    expression: str, literal: str | None
) -> None:
    (block,) = parse(f'resource "a" "b" {{\n  x = {expression}\n}}\n')
    assert block.attributes["x"].literal == literal, expression


def test_invalid_hcl_is_an_input_error_with_its_position(tmp_path: Path) -> None:
    path = tmp_path / "broken.tf"
    path.write_text('resource "a" "b" {\n  x =\n}\n')
    with pytest.raises(InputError, match=r"broken\.tf:2:\d+: not valid HCL2"):
        read_source(path)


def test_a_missing_attribute_goes_before_the_brace_aligned_with_its_run(
    tmp_path: Path,
) -> None:
    placement, after = placed(tmp_path, "data", MONITORING)
    assert placement.refused == [] and len(placement.edits) == 1
    assert (
        "  encrypted         = var.encrypted\n  monitoring        = true\n}\n" in after
    )


def test_a_constant_is_rewritten_in_place_keeping_its_comment(tmp_path: Path) -> None:
    _, after = placed(tmp_path, "web", MONITORING)
    assert "  monitoring    = true # basic only\n" in after
    assert "false" not in after.split('"data"')[0]


def test_a_missing_nested_block_is_created_after_a_blank_line(tmp_path: Path) -> None:
    _, after = placed(tmp_path, "web", TOKENS)
    expected = (
        "    volume_size = 8\n  }\n\n  metadata_options {\n"
        '    http_tokens = "required"\n  }\n}\n'
    )
    assert expected in after


def test_an_existing_nested_block_is_entered(tmp_path: Path) -> None:
    text = 'resource "aws_instance" "web" {\n  metadata_options {\n' + (
        '    http_endpoint = "enabled"\n  }\n}\n'
    )
    placement, after = placed(tmp_path, "web", TOKENS, MONITORING, text=text)
    assert placement.refused == []
    assert after == (
        'resource "aws_instance" "web" {\n  metadata_options {\n'
        '    http_endpoint = "enabled"\n    http_tokens   = "required"\n  }\n'
        "\n  monitoring = true\n}\n"
    )


@pytest.mark.parametrize(
    ("name", "setting", "reason"),
    [
        ("data", ENCRYPTED, "set from an expression (var.encrypted) at"),
        ("generated", TOKENS, "metadata_options is a dynamic block"),
        ("twice", TOKENS, "2 metadata_options blocks"),
        ("inline", Setting(("enable_key_rotation",), "true"), "written on one line"),
        ("object", TOKENS, "metadata_options is set as an attribute"),
    ],
)
def test_what_cannot_be_placed_safely_is_refused_with_a_reason(
    tmp_path: Path, name: str, setting: Setting, reason: str
) -> None:
    placement, after = placed(tmp_path, name, setting)
    assert placement.edits == [] and after == MAIN
    assert [r.setting for r in placement.refused] == [setting]
    assert reason in placement.refused[0].reason


def test_a_setting_the_source_already_has_is_reported_present(tmp_path: Path) -> None:
    text = 'resource "aws_ebs_volume" "data" {\n  encrypted = true\n}\n'
    placement, after = placed(tmp_path, "data", ENCRYPTED, text=text)
    assert placement.present == [ENCRYPTED] and after == text


def test_windows_line_endings_are_kept(tmp_path: Path) -> None:
    text = 'resource "aws_ebs_volume" "data" {\r\n  size_gb = 1\r\n}\r\n'
    _, after = placed(tmp_path, "data", ENCRYPTED, text=text)
    # A name longer than the run above starts an alignment group of its own,
    # so no existing line needs realigning for terraform fmt.
    assert after == (
        'resource "aws_ebs_volume" "data" {\r\n  size_gb = 1\r\n\r\n'
        "  encrypted = true\r\n}\r\n"
    )


def test_a_companion_goes_after_the_block(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(MAIN)
    source = read_source(tmp_path / "main.tf")
    new = NewResource("aws_x", "web", ("a = aws_instance.web.id",))
    edit = place_companion(source.blocks[0], new)
    after = "".join(apply_edits(source.lines, [edit], "\n"))
    assert '  }\n}\n\nresource "aws_x" "web" {\n  a = aws_instance.web.id\n}\n\n' in (
        after
    )


def test_overlapping_edits_are_refused() -> None:
    with pytest.raises(ValueError, match="overlap"):
        apply_edits(["a\n", "b\n"], [Edit(1, 3, ("x",)), Edit(2, 2, ("y",))], "\n")


@pytest.mark.skipif(shutil.which("patch") is None, reason="needs patch(1)")
def test_the_unified_diff_applies_with_patch(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(MAIN)
    source = read_source(tmp_path / "main.tf")
    placement = place_settings(source, source.blocks[0], [MONITORING, TOKENS])
    after = apply_edits(source.lines, placement.edits, "\n")
    patch = unified_diff("main.tf", source.lines, after)
    subprocess.run(
        ["patch", "-p1", "--quiet"], input=patch, text=True, cwd=tmp_path, check=True
    )
    assert (tmp_path / "main.tf").read_text() == "".join(after)


def write_modules(root: Path) -> Path:
    (root / "modules" / "store" / "inner").mkdir(parents=True)
    (root / "main.tf").write_text(
        'module "store" {\n  source = "./modules/store"\n}\n\n'
        'module "vpc" {\n  source  = "terraform-aws-modules/vpc/aws"\n'
        '  version = "5.0.0"\n}\n\nmodule "dynamic" {\n  source = local.path\n}\n'
    )
    (root / "modules" / "store" / "main.tf").write_text(
        'module "inner" {\n  source = "./inner"\n}\n'
    )
    (root / "modules" / "store" / "inner" / "s3.tf").write_text(
        'resource "aws_s3_bucket" "logs" {\n  count = 2\n}\n'
    )
    return root


def test_declarations_follow_local_module_calls(tmp_path: Path) -> None:
    tree = SourceTree(write_modules(tmp_path))
    found = tree.declaration('module.store.module.inner["a"].aws_s3_bucket.logs[1]')
    assert isinstance(found, Declaration)
    assert found.source.path.name == "s3.tf" and found.block.start == 1


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("module.vpc.aws_vpc.this[0]", "registry or remote module"),
        ("module.dynamic.aws_vpc.this", "source is not a constant string"),
        ("module.missing.aws_vpc.this", 'no module "missing" block'),
        ("aws_s3_bucket.other", 'no resource "aws_s3_bucket" "other" block'),
        ("arn:aws:s3:::logs", "not a managed resource address"),
    ],
)
def test_undeclared_resources_say_why(
    tmp_path: Path, address: str, reason: str
) -> None:
    found = SourceTree(write_modules(tmp_path)).declaration(address)
    assert isinstance(found, NotDeclared) and reason in found.reason, address
