"""Repair of OCR-damaged Vietnamese (knowledge.repair): syllables, the gate, the repair itself."""

from __future__ import annotations

import re
import statistics
import unicodedata
from pathlib import Path

import pytest
from rapidfuzz.distance import Levenshtein

from knowledge.plan_parser import parse_plan
from knowledge.repair import Repairer, needs_repair, repair_text
from knowledge.repair.plan import repair_plan
from knowledge.repair.syllables import apply_case, base_letters, old_style, place_tone, shape_ok, strip_tone

DATA = Path(__file__).resolve().parent / "data"
DAMAGED = (
    "Thuc hién Nghi quyét s6 57-NQ/TW ngay 22/12/2024 ctia B6 Chinh tri vé dot pha phat trién khoa hoc, "
    "cong nghé, d6i méi sang tao va chuyén d6i s6 qudc gia trén dia ban x4"
)


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def cer(reference: str, text: str) -> float:
    return Levenshtein.distance(norm(reference), norm(text)) / len(norm(reference))


@pytest.mark.parametrize(
    "written, plans_style",
    [("hoá", "hóa"), ("uỷ", "ủy"), ("thuỷ", "thủy"), ("khoẻ", "khỏe"), ("quý", "quý"), ("hoạch", "hoạch")],
)
def test_tone_goes_where_the_plans_put_it(written, plans_style):
    assert old_style(written) == plans_style


def test_syllable_parts():
    assert base_letters("Trưởng") == "truong"
    assert base_letters("Đổi") == "doi"
    assert strip_tone("người") == ("ngươi", "\u0300")
    assert place_tone("ngươi", "\u0300") == "người"
    assert shape_ok("nghiệp") and shape_ok("gìn") and not shape_ok("ctia") and not shape_ok("stem")


def test_case_follows_the_word_as_read():
    assert apply_case("KE", "kế") == "KẾ"
    assert apply_case("Thuc", "thực") == "Thực"
    assert apply_case("thuc", "thực") == "thực"


def test_damaged_text_is_restored():
    repaired = repair_text(DAMAGED, force=True)
    assert repaired.startswith("Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về")
    assert "chuyển đổi số quốc gia trên địa bàn xã" in repaired


def test_digits_dates_plan_numbers_and_abbreviations_are_never_changed():
    text = "Ké hoach s6 142/KH-UBND ngay 09/6/2025 cua UBND va KHCN; QH15 trong quy 111/2025"
    repaired = repair_text(text, force=True)
    for kept in ("142/KH-UBND", "09/6/2025", "UBND", "KHCN", "QH15", "111/2025"):
        assert kept in repaired
    numbers = re.compile(r"(?<![^\W\d_])\d+(?![^\W\d_])")  # digits standing alone, not inside a word
    assert numbers.findall(repaired) == numbers.findall(text)


def test_known_d_misreads_are_fixed_only_with_their_words_in_context():
    context = "Van phong HPND va UBND xa; chuyén d6i s6 (CPS) va hoi dong nhan dan " * 3
    fixed = Repairer(context, force=True).repair("Van phong HPND va UBND; CPS")
    assert "HĐND" in fixed and "CĐS" in fixed
    unrelated = Repairer("cac phong ban xa tham muu " * 5, force=True).repair("CPS va HPND")
    assert "CPS" in unrelated and "HPND" in unrelated


def test_split_syllables_are_joined():
    assert "triển khai" in repair_text("tr ien khai thuc hién ké hoach", force=True)


def test_headings_in_capitals_are_restored_in_capitals():
    assert repair_text("I. MUC PiCH, YEU CAU", force=True) == "I. MỤC ĐÍCH, YÊU CẦU"


def test_gate_leaves_good_vietnamese_alone():
    clean = "Thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị về đột phá phát triển khoa học, công nghệ."
    assert not needs_repair(clean)
    assert repair_text(clean) == clean
    assert needs_repair(DAMAGED)


@pytest.mark.parametrize("path", sorted((DATA / "plans_heldout").glob("*.txt")), ids=lambda p: p.stem)
def test_clean_plans_come_out_unchanged(path):
    text = path.read_text(encoding="utf-8")
    plan = parse_plan(text, source_name=path.name)
    assert not repair_plan(plan, text)
    assert all(task.original is None for task in plan.tasks)


def test_unseen_damaged_plans_read_within_three_percent():
    """Plans the model never saw, read by Tesseract's English model: task texts back to <= 3% errors."""
    before, after = [], []
    for clean_path in sorted((DATA / "plans_heldout").glob("*.txt")):
        damaged = (DATA / "plans_heldout_ocr" / f"{clean_path.stem}.eng.txt").read_text(encoding="utf-8")
        clean = parse_plan(clean_path.read_text(encoding="utf-8"), source_name=clean_path.name)
        read = parse_plan(damaged, source_name=clean_path.name)
        assert repair_plan(read, damaged)
        by_code = {task.code: task for task in clean.tasks}
        for task in read.tasks:
            if task.code in by_code:
                before.append(cer(by_code[task.code].content, task.original or task.content))
                after.append(cer(by_code[task.code].content, task.content))
    assert len(after) >= 10
    assert statistics.median(before) > 0.1  # the material really is damaged
    assert statistics.median(after) <= 0.03


def test_repaired_plan_keeps_the_text_as_read():
    text = (DATA / "plans_heldout_ocr" / "h1_xa_hoa_binh.eng.txt").read_text(encoding="utf-8")
    plan = parse_plan(text, source_name="h1.txt")
    repair_plan(plan, text)
    changed = [task for task in plan.tasks if task.original]
    assert changed and all(task.original in text.replace("\n", " ") or task.original for task in changed)
    assert all(task.original != task.content for task in changed)


def test_short_windows_decide_a_long_run_as_one_viterbi_pass_over_it_would():
    """The repair decides runs a few words at a time (memoised); on damaged plan text that must give what a
    pass over the whole run gives, else the memo would cost readability."""
    from knowledge.repair import repair as repair_module
    from knowledge.repair.model import load_model

    model = load_model()
    text = (DATA / "plans_heldout_ocr" / "h1_xa_hoa_binh.eng.txt").read_text(encoding="utf-8")
    words = tuple(w.lower() for w in re.findall(r"[^\W\d_]+", text))[:120]
    assert len(words) > 10 * repair_module.WINDOW
    repair_module._window_memo.clear()
    assert repair_module._decide(words, model) == list(repair_module._best_path(words, model))


def _mixed_texts(count: int) -> list[str]:
    """Damaged plan lines cut and spliced with what the repair treats apart: punctuation, spacing other
    than one space, digits, codes, misread abbreviations, a day glued to its month word, split syllables,
    braces (the fast path formats a template)."""
    import random

    text = (DATA / "plans_heldout_ocr" / "h1_xa_hoa_binh.eng.txt").read_text(encoding="utf-8")
    words = text.split()
    extra = [
        "11thang",
        "HPND",
        "CPS",
        "III",
        "Il",
        "QH15",
        "UBND",
        "tr ien",
        "Tr ien",
        "{x}",
        "}",
        "ky¥",
        "a_b",
    ]
    gaps = [" ", " ", " ", " ", "  ", ", ", ". ", "\n", "\t", "\xa0", " - ", "_", "; ", " (", ") "]
    rng = random.Random(57)
    texts = []
    for _ in range(count):
        pieces = [rng.choice(gaps) if rng.random() < 0.2 else ""]
        for _ in range(rng.randint(0, 16)):
            pieces.append(rng.choice(extra) if rng.random() < 0.2 else rng.choice(words))
            pieces.append(rng.choice(gaps))
        texts.append("".join(pieces))
    return texts + text.splitlines() + [text]


def test_runs_decided_at_once_read_as_word_by_word():
    """`_repair` (runs found in a shape string) must give exactly what the word-by-word repair gives."""
    from knowledge.repair import repair as repair_module
    from knowledge.repair.model import load_model

    model = load_model()
    context = "hoi dong nhan dan va chuyén d6i s6 " * 3
    texts = _mixed_texts(3000)
    fast = [repair_module._repair(t, model, Repairer(context, force=True)) for t in texts]
    slow = [repair_module._repair_word_by_word(t, model, Repairer(context, force=True)) for t in texts]
    assert fast == slow
    assert (
        any("HĐND" in t for t in fast) and any("triển" in t for t in fast) and any("11 " in t for t in fast)
    )


def test_text_without_split_syllables_is_not_repaired_word_by_word(monkeypatch):
    from knowledge.repair import repair as repair_module

    def refuse(*args):
        raise AssertionError("word by word")

    monkeypatch.setattr(repair_module, "_repair_word_by_word", refuse)
    repaired = repair_text(DAMAGED + "; 11thang HPND {ABC}", force=True)
    assert repaired.startswith("Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về")
    assert repaired.endswith("; 11 tháng HPND {ABC}")
