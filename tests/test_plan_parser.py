"""parse_plan on the bundled sample plan (clean, without marks, OCR-damaged, as .docx paragraphs), on the
seeds, and the export shape. The layouts have their own files: test_plan_parser_{header,items,fielded,
tables,duties}.py."""

from __future__ import annotations

from datetime import date

import docx
import pytest

from knowledge.documents import read_document
from knowledge.plan_parser import parse_plan, plan_to_export
from tests.plan_texts import by_content, ocr_damage, strip_marks


# --- the bundled sample plan (clean Unicode) ------------------------------------------------------------
@pytest.fixture
def sample(sample_plan_path):
    return parse_plan(sample_plan_path.read_text(encoding="utf-8"), source_name="sample_plan.txt")


def test_sample_metadata(sample):
    assert sample.number == "112/KH-UBND"
    assert sample.issuer == "UBND xã An Phú"
    assert sample.issued_on == date(2026, 9, 15)
    assert sample.title.startswith("Triển khai chuyển đổi số")
    assert sample.replaces == ["45/KH-UBND"]
    assert "57-NQ/TW" in sample.implements


def test_sample_tasks_leads_and_deadlines(sample):
    rows = [(t.code, t.lead, t.deadline.kind, t.deadline.due) for t in sample.tasks]
    assert rows == [
        ("1.1", "Phòng Văn hóa – Xã hội", "date", date(2026, 10, 31)),
        ("1.1", "Phòng Văn hóa – Xã hội", "month", date(2026, 12, 31)),
        ("1.1", "Phòng Văn hóa – Xã hội", "recurring", None),
        ("1.2", "Tổ công nghệ số cộng đồng", "recurring", None),
        ("2.1", "Trung tâm Phục vụ hành chính công", "date", date(2026, 11, 30)),
        ("2.1", "Trung tâm Phục vụ hành chính công", "month", date(2027, 3, 31)),
        ("2.2", "Văn phòng HĐND và UBND xã", "month", date(2027, 1, 31)),
        ("2.3", "Phòng Kinh tế", "month", date(2027, 12, 31)),
        ("3.1", "Phòng Kinh tế", "conditional", None),
        ("3.1", "Phòng Kinh tế", "conditional", None),
        ("3.2", "Công an xã", "recurring", None),
        ("3.3", "Trạm Y tế xã", "date", date(2026, 12, 15)),
        ("1", "Phòng Văn hóa – Xã hội", "date", date(2026, 12, 20)),
        ("2", "Phòng Kinh tế", "date", date(2026, 12, 31)),
    ]


def test_sample_support_units_and_sources(sample):
    first = sample.tasks[0]
    assert first.support == ["Văn phòng HĐND và UBND xã"]
    assert first.source == "bullet"
    assert by_content(sample, "OCOP").support == ["Tổ công nghệ số cộng đồng"]
    assert by_content(sample, "bản đồ số").source == "table"
    assert by_content(sample, "bản đồ số").support == ["Tổ công nghệ số cộng đồng"]


def test_sample_purpose_section_is_not_tasks(sample):
    assert not any("5 rõ" in t.content for t in sample.tasks)


def test_sample_targets_and_duties(sample):
    assert [t.values for t in sample.targets][0] == {"2026": "60%", "2027": "80%", "2030": "100%"}
    assert len(sample.targets) == 3
    monthly = [d for d in sample.duties if d.frequency == "monthly"]
    assert monthly and monthly[0].day == 25
    periodic = [d for d in sample.duties if d.frequency == "periodic"]
    assert periodic and periodic[0].periods == ["6 tháng", "1 năm"]
    assert periodic[0].reporter == "Phòng Văn hóa – Xã hội"


def test_sample_without_diacritics_gives_the_same_tasks(sample, sample_plan_path):
    damaged = parse_plan(strip_marks(sample_plan_path.read_text(encoding="utf-8")))
    assert damaged.number == "112/KH-UBND"
    assert damaged.issued_on == sample.issued_on
    assert [(t.code, t.lead, t.deadline.kind, t.deadline.due) for t in damaged.tasks] == [
        (t.code, t.lead, t.deadline.kind, t.deadline.due) for t in sample.tasks
    ]


@pytest.mark.parametrize("every", [1, 2, 3])
def test_sample_with_ocr_damage_gives_the_same_tasks(sample, sample_plan_path, every):
    damaged = parse_plan(ocr_damage(sample_plan_path.read_text(encoding="utf-8"), every))
    assert (damaged.number, damaged.issued_on) == (sample.number, sample.issued_on)
    assert [(t.code, t.lead, t.deadline.kind, t.deadline.due) for t in damaged.tasks] == [
        (t.code, t.lead, t.deadline.kind, t.deadline.due) for t in sample.tasks
    ]


def test_sample_as_docx_paragraphs_gives_the_same_plan(sample, sample_plan_path, tmp_path):
    d = docx.Document()
    for line in sample_plan_path.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) >= 3:
            table = d.add_table(rows=1, cols=len(cells))
            for c, value in enumerate(cells):
                table.rows[0].cells[c].text = value
        elif line.strip():
            d.add_paragraph(line.strip())
    path = tmp_path / "sample.docx"
    d.save(path)
    plan = parse_plan(read_document(path))
    assert (plan.number, plan.issuer, plan.issued_on, plan.title) == (
        sample.number,
        sample.issuer,
        sample.issued_on,
        sample.title,
    )
    assert [(t.code, t.lead, t.deadline.kind, t.deadline.due) for t in plan.tasks] == [
        (t.code, t.lead, t.deadline.kind, t.deadline.due) for t in sample.tasks
    ]


def test_export_shape(sample):
    exported = plan_to_export(sample)
    assert set(exported) >= {
        "number",
        "issuer",
        "issued_on",
        "title",
        "replaces",
        "tasks",
        "duties",
        "targets",
    }
    task = exported["tasks"][0]
    assert set(task) >= {"code", "content", "lead", "support", "deadline"}
    assert task["deadline"]["due"] == "2026-10-31"


def test_roman_prefixed_codes_and_unstructured_text():
    text = "KẾ HOẠCH\nThử nghiệm\n\nIII. NHIỆM VỤ\nIII.2.3. Phòng Kinh tế chủ trì rà soát hạ tầng, hoàn thành trong tháng 5/2027.\n"
    plan = parse_plan(text)
    assert [(t.code, t.lead) for t in plan.tasks] == [("III.2.3", "Phòng Kinh tế")]
    assert parse_plan("").tasks == []
    assert parse_plan("chỉ là một dòng chữ bất kỳ").number is None


# --- the seeds (OCR-damaged) ----------------------------------------------------------------------------
@pytest.fixture
def seeds(seeds_dir):
    return {f.name[:3]: parse_plan(f.read_text(encoding="utf-8")) for f in sorted(seeds_dir.glob("*.txt"))}


def test_seed_numbers_and_dates(seeds):
    assert {k: (p.number, p.issued_on.isoformat()) for k, p in seeds.items()} == {
        "000": ("20/KH-UBND", "2025-08-11"),
        "001": ("47a/KH-UBND", "2025-07-11"),
        "002": ("17-KH/ĐU", "2025-12-13"),
        "003": ("01-KH/BCĐ", "2025-10-18"),
        "004": ("5749/KH-SCT", "2025-09-15"),
    }


def test_seed_ocr_codes_are_repaired(seeds):
    assert "3.4" in [t.code for t in seeds["000"].tasks]  # printed "34."
    assert "7.2" in [t.code for t in seeds["004"].tasks]  # printed "?.2."
    assert [t.code for t in seeds["000"].tasks].count("7.2") == 2  # a duplicate number stays two tasks


def test_seed_plan_without_leads_still_has_tasks(seeds):
    tasks = seeds["000"].tasks
    assert len(tasks) >= 30
    assert all(t.lead is None for t in tasks)


def test_seed_replaces_and_duties(seeds):
    assert seeds["004"].replaces == ["3845/KH-SCT"]
    assert [(d.frequency, d.day) for d in seeds["001"].duties] == [("monthly", 18), ("monthly", 20)]
    assert ("yearly", 5, 12) in [(d.frequency, d.day, d.month) for d in seeds["004"].duties]
    assert any(d.periods == ["3 thang", "6 thang", "1 ndm"] for d in seeds["002"].duties)


def test_seed_targets_table(seeds):
    targets = seeds["002"].targets
    assert len(targets) >= 10
    assert any("5G" in t.indicator for t in targets)


def test_seed_appendix_table_rows(seeds):
    table = [t for t in seeds["003"].tasks if t.source == "table"]
    assert len(table) == 10
    assert all(t.deadline.kind != "none" for t in table)
    assert table[-1].lead == "Sở Tài chính"
