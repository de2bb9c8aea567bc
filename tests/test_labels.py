"""Short labels for buttons and list lines (knowledge.labels)."""

from __future__ import annotations

from knowledge.labels import LIMIT, leading_clause, short_label, sibling_labels


def test_label_is_the_reference_and_the_leading_clause():
    content = (
        "Xây dựng chuyên mục Chuyển đổi số trên Trang thông tin điện tử của xã; đăng tin hai lần mỗi tháng."
    )
    label = short_label(content, "1.2")
    assert label == "1.2 Xây dựng chuyên mục Chuyển đổi số…"
    assert len(label) <= LIMIT


def test_clause_ends_at_a_boundary_once_long_enough():
    assert (
        leading_clause("Rà soát, thu thập, cập nhật thông tin công dân")
        == "Rà soát, thu thập, cập nhật thông tin công dân"
    )
    assert (
        leading_clause("Lắp đặt điểm truy cập internet miễn phí; phấn đấu 70%")
        == "Lắp đặt điểm truy cập internet miễn phí"
    )
    assert leading_clause("Tổ chức tập huấn kỹ năng số để nâng cao năng lực") == "Tổ chức tập huấn kỹ năng số"


def test_short_text_is_kept_whole_and_bullets_dropped():
    assert short_label("- Số hóa hồ sơ hộ tịch.", "3") == "3 Số hóa hồ sơ hộ tịch."
    assert short_label("a) Kiểm tra an toàn thông tin") == "Kiểm tra an toàn thông tin"


def test_long_words_are_never_cut_inside_and_limit_holds():
    label = short_label("Triển khai " + "chuyển đổi số " * 10, "10.12")
    assert len(label) <= LIMIT and label.endswith("…") and not label.endswith(" …")
    assert label.split()[-1].rstrip("…") in {"chuyển", "đổi", "số"}


def test_siblings_that_start_alike_are_told_apart():
    tasks = [
        ("1", "Tổ chức tập huấn kỹ năng số cho cán bộ, công chức cấp xã trong quý III"),
        ("1", "Tổ chức tập huấn kỹ năng số cho cán bộ, công chức cấp xã trong quý IV"),
        ("2", "Số hóa hồ sơ hộ tịch"),
    ]
    labels = sibling_labels(tasks)
    assert len(set(labels)) == 3
    assert all(len(label) <= LIMIT for label in labels)
    assert labels[2] == "2 Số hóa hồ sơ hộ tịch"
