"""The Markdown report: verdict, table, findings, the size limit, the HTML."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from govern.report import markdown
from tests.unit.reporting import (
    S3_FAILING,
    S3_PLAN,
    SG_FAILING,
    make_finding,
    plan_run,
    sample_run,
    with_findings,
)


def html(text: str) -> str:
    parser = MarkdownIt("commonmark", {"html": True}).enable("table")
    return str(parser.render(text))


def test_headline_says_verdict_and_exit_code() -> None:
    text = markdown.render(sample_run())
    first = text.splitlines()[0]
    assert first.startswith("## ") and "FAILED" in first and "(exit 1)" in first
    assert "**1 failing finding at or above the threshold**" in text


def test_passing_run_has_no_findings_section() -> None:
    run = plan_run(S3_PLAN)
    run = with_findings(run, [f for f in run.findings if f.status == "pass"])
    text = markdown.render(run)
    assert "PASSED (exit 0)" in text.splitlines()[0]
    assert "### Failing findings" not in text and "<details>" not in text


def test_summary_table_counts_failing_by_severity_and_others_by_status() -> None:
    text = markdown.render(sample_run())
    security = next(line for line in text.splitlines() if line.startswith("| Sec"))
    cells = [cell.strip() for cell in security.strip("|").split("|")]
    # pillar, critical, high, medium, low, info, unknown, waived, baselined, pass
    assert cells == ["Security", "0", "1", "1", "0", "0", "1", "1", "1", "4"]


def test_findings_are_grouped_under_pillar_and_team_gate_first() -> None:
    text = markdown.render(sample_run())
    heading = "#### Security · Security Engineering (#gov-security)"
    assert heading in text
    body = text.split(heading, 1)[1]
    assert body.index(code(S3_FAILING)) < body.index(code(SG_FAILING))
    assert "- **FAIL** · **high** · `TEST-001` S3 bucket blocks all public access" in (
        body
    )
    assert "- warn · **medium** · `TEST-002`" in body
    assert "  - fix: Restrict the rule to known networks." in body


def test_origin_is_named_only_when_there_are_several_inputs() -> None:
    run = sample_run()
    several = markdown.render(run)
    single = markdown.render(plan_run(S3_PLAN))
    origin = next(f.origin for f in run.findings if f.address == S3_FAILING)
    assert f"{code(S3_FAILING)} in {code(origin)}" in several
    assert f"  - resource: {code(S3_FAILING)}\n" in single


def test_html_has_the_table_and_a_collapsible_terraform_fix() -> None:
    rendered = html(markdown.render(sample_run()))
    assert "<table>" in rendered and ">critical</th>" in rendered
    assert "<details><summary>Terraform fix</summary>" in rendered
    assert '<code class="language-hcl">resource &quot;aws_s3_bucket_public' in (
        rendered
    )
    # The fix block belongs to its finding's list item.
    assert "</code></pre>\n</details>\n</li>" in rendered


def test_notes_and_coverage_gaps_are_listed() -> None:
    run = sample_run()
    run.coverage_gaps.append({"account": "123456789012", "service": "s3"})
    text = markdown.render(run)
    assert "### Notes\n\n- waiver W-3 expired on 2024-01-31" in text
    assert "### Coverage gaps\n\n- account=123456789012, service=s3" in text


def test_markup_in_messages_is_escaped() -> None:
    finding = make_finding(message="x | y <script>alert(1)</script> **z**")
    run = with_findings(plan_run(S3_PLAN), [finding])
    rendered = html(markdown.render(run))
    assert "<script>" not in rendered and "<strong>z</strong>" not in rendered
    assert "x | y &lt;script&gt;" in rendered


def test_long_reports_stop_before_the_limit_and_say_how_many_are_left() -> None:
    findings = [
        make_finding(f"aws_s3_bucket.bucket_{number:05}") for number in range(3000)
    ]
    run = with_findings(plan_run(S3_PLAN), findings)
    text = markdown.render(run)
    shown = len(re.findall(r"^- \*\*FAIL\*\*", text, flags=re.MULTILINE))
    assert len(text) < markdown.DEFAULT_LIMIT < markdown.GITHUB_COMMENT_LIMIT
    assert 0 < shown < 3000
    assert (
        f"… and {3000 - shown} more failing findings not shown "
        "(full report: the JSON or SARIF artifact)"
    ) in text
    small = markdown.render(run, limit=10_000)
    assert len(small) < 10_000 and "more failing findings not shown" in small


def test_many_notes_are_cut_too() -> None:
    run = sample_run()
    run.notes.extend(f"waiver W-{n} is unused" for n in range(5000))
    text = markdown.render(run, limit=20_000)
    assert len(text) < 20_000
    assert re.search(r"- … and \d+ more notes", text)


def test_code_spans_and_blocks_survive_backticks() -> None:
    assert markdown.code("a`b") == "``a`b``"
    assert markdown.code_block("x = ```", "hcl").startswith("````hcl\n")


def code(text: str) -> str:
    return f"`{text}`"
