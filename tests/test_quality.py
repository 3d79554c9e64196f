"""The quality report: what an analyst checks first, per file and per build, in the
build summary, build.json and kg stats."""

from __future__ import annotations

import json

from click.testing import CliRunner
from conftest import extract_text

from kg.cli import main
from kg.quality import QualityReport

DOC = """忻州市2026年科技创新重点工作
一、重点任务
1.建设实验室。支持企业建设重点实验室。（市科技局牵头，市财政局配合）
2.培育人才。引进高层次人才。（责任单位：市人才工作局、对于性能先进的模型）
3.推进成果转化。建设中试基地。
4.优化环境。完善服务。（各县（市、区）人民政府负责）
5.壮大主体。到2026年，高新技术企业达到500家，解决堵点难点问题100项。（市科技局负责）
"""


def test_file_quality_counts_what_an_analyst_checks():
    q = extract_text(DOC).quality
    assert q.tasks == 5
    assert q.tasks_without_body == 1  # 3.
    assert q.tasks_collective_only == 1  # 4.
    assert q.agency_mentions == 4
    assert (q.targets, q.targets_without_year, q.targets_without_concept) == (2, 0, 1)
    assert q.unlinked_metrics == ("解决堵点难点问题数量",)
    assert q.by_shape == ("忻州市人才工作局",)
    ((words, reason),) = q.rejected
    assert words == "对于性能先进的模型" and "clause" in reason
    assert q.undated and not q.no_jurisdiction


def test_rejected_words_are_warnings():
    result = extract_text(DOC)
    assert any("对于性能先进的模型" in w for w in result.warnings)


def test_build_summary_build_json_and_stats(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "plan.txt").write_text(DOC, encoding="utf-8")
    out = tmp_path / "out"
    runner = CliRunner()
    result = runner.invoke(main, ["build", str(corpus), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "quality: 1 of 5 tasks without a responsible body, 1 with collective references only" in result.output
    assert "quality: 0 of 2 targets without a year, 1 without a metric concept: 解决堵点难点问题数量" in result.output
    assert "quality: 1 words of responsibility notes name no body: '对于性能先进的模型'" in result.output
    manifest = json.loads((out / "build.json").read_text(encoding="utf-8"))
    assert manifest["quality"]["rejected_names"] == 1
    assert manifest["files"][0]["quality"]["agencies_named_by_shape_only"] == ["忻州市人才工作局"]
    report = QualityReport.from_json(manifest["files"])
    assert report.tasks == 5 and report.tasks_without_body == 1
    assert report.targets == 2 and report.targets_without_concept == 1
    stats = runner.invoke(main, ["stats", "--exports", str(out)])
    assert "quality: 1 agency names the lexicon does not know (read by their shape): 忻州市人才工作局" in stats.output
    data = json.loads(runner.invoke(main, ["stats", "--exports", str(out), "--json"]).output)
    assert data["quality"]["tasks_without_responsible_body"] == 1
    assert data["quality_per_file"]["plan.txt"]["tasks"] == 5
    assert data["quality"]["targets_without_metric_concept"] == 1
