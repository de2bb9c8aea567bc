"""Crafted .docx/.pdf files finish reading fast, with their content or a clear DocumentError."""

from __future__ import annotations

import threading

import pytest

from knowledge.documents import DocumentError, read_document
from tests import hostile_documents as hostile

LIMIT_SECONDS = 10  # each reads in well under 0.5 s; a hang or a blow-up never ends


def read_in_time(path):
    """read_document(path) in a daemon thread: its text or the DocumentError, failing after the limit."""
    outcome: dict = {}

    def run():
        try:
            outcome["text"] = read_document(path)
        except DocumentError as exc:
            outcome["error"] = exc
        except BaseException as exc:  # any other kind is a failure of the reader
            outcome["crash"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(LIMIT_SECONDS)
    assert outcome, f"{path.name}: still reading after {LIMIT_SECONDS} s"
    assert "crash" not in outcome, f"{path.name}: {outcome.get('crash')!r}"
    return outcome.get("text"), outcome.get("error")


@pytest.mark.parametrize(
    "build", [hostile.style_based_on_itself, hostile.styles_based_on_each_other], ids=["self", "pair"]
)
def test_style_inheritance_cycles_end(tmp_path, build):
    path = tmp_path / "plan.docx"
    build(path)
    text, _ = read_in_time(path)
    assert hostile.TASK in text


def test_numbering_from_a_huge_start_is_clamped_and_written_in_digits(tmp_path):
    path = tmp_path / "plan.docx"
    hostile.roman_numbering_from_999999999999(path)
    text, _ = read_in_time(path)
    lines = [line for line in text.splitlines() if line]
    assert [line.split()[0] for line in lines] == ["32767.", "32768.", "32769."]  # Word's maximum start


def test_list_level_that_is_no_number_is_read_as_the_first(tmp_path):
    path = tmp_path / "plan.docx"
    hostile.list_level_x(path)
    text, _ = read_in_time(path)
    assert "1. " + hostile.TASK[3:] in text


def test_cell_spanning_a_billion_columns_is_read_once(tmp_path):
    path = tmp_path / "plan.docx"
    hostile.cell_spanning_a_billion_columns(path)
    text, _ = read_in_time(path)
    assert text.count(hostile.TASK) == 1


def test_merge_continued_in_the_first_row_keeps_its_text(tmp_path):
    path = tmp_path / "plan.docx"
    hostile.merge_continued_from_nowhere(path)
    text, _ = read_in_time(path)
    assert hostile.TASK in text


@pytest.mark.parametrize(
    ("build", "key"),
    [(hostile.deeply_nested_tables, "unreadable_docx"), (hostile.zip_of_many_parts, "suspicious_zip")],
    ids=["nested", "many-parts"],
)
def test_blowups_are_refused_with_a_catalog_message(tmp_path, build, key):
    path = tmp_path / "plan.docx"
    build(path)
    _, error = read_in_time(path)
    assert error is not None and error.key == key
    assert error.message("vi") != f"doc.{key}"  # the catalog has the line


def test_pdf_page_tree_cycle_is_refused(tmp_path):
    path = tmp_path / "plan.pdf"
    hostile.pdf_with_a_page_tree_cycle(path)
    text, error = read_in_time(path)
    assert error is not None or not text.strip()
