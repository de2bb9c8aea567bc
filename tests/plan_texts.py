"""Plans written for the parser tests, and the damage OCR does to them (shared by tests/test_plan_parser*.py)."""

from __future__ import annotations

import unicodedata

from knowledge.plan_parser import parse_plan


def strip_marks(text: str) -> str:
    """What OCR without Vietnamese support returns: no diacritics, đ→d, case kept."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


# Substitutions OCR makes on Vietnamese print (seen in the genre): marks lost, vowels read as digits or
# other letters, Đ read as P.
_OCR = {
    "ổ": "6",
    "ộ": "d",
    "ư": "w",
    "ế": "é",
    "Đ": "P",
    "đ": "d",
    "ă": "i",
    "ủ": "ii",
    "ố": "6",
    "ớ": "é",
    "ợ": "g",
    "ự": "y",
    "ờ": "o",
    "ấ": "a",
    "ọ": "9",
    "ệ": "¢",
}


def ocr_damage(text: str, every: int) -> str:
    out, n = [], 0
    for ch in text:
        if ch in _OCR:
            n += 1
            if n % every == 0:
                out.append(_OCR[ch])
                continue
        out.append(ch)
    return strip_marks("".join(out))


def by_content(plan, words: str):
    found = [t for t in plan.tasks if words in t.content]
    assert found, f"no task with {words!r}"
    return found[0]


# --- clean plans written for these tests ----------------------------------------------------------------
PARTY_PLAN = """ĐẢNG BỘ XÃ HÒA BÌNH                      ĐẢNG CỘNG SẢN VIỆT NAM
BAN CHỈ ĐẠO
*
Số 03-KH/BCĐ                              Hòa Bình, ngày 02 tháng 3 năm 2026

KẾ HOẠCH
Thực hiện chuyển đổi số năm 2026

I. MỤC TIÊU
1. Mục tiêu chung
- Hoàn thành 100% nhiệm vụ trong năm 2026.

II. NHIỆM VỤ TRỌNG TÂM
1. Công tác chỉ đạo
1.1. Giao Văn phòng Đảng ủy chủ trì, phối hợp với Văn phòng HĐND và UBND xã theo dõi việc thực hiện
Kế hoạch; hoàn thành trước ngày 31/3/2026.
1.2. Đoàn Thanh niên xã tổ chức ra quân hướng dẫn người dân cài đặt VNeID, thực hiện hằng tháng.
2. Phát triển dữ liệu
2.1. Số hóa sổ hộ tịch còn lại của xã, hoàn thành trong Quý II/2026.
2.2. Công an xã làm sạch dữ liệu dân cư, hoàn thành trước 31/2/2026.
a) Rà soát dữ liệu công dân chưa có tài khoản định danh.
b) Hướng dẫn công dân kích hoạt tài khoản định danh mức 2.

III. TỔ CHỨC THỰC HIỆN
1. Các chi bộ báo cáo kết quả về Ban Chỉ đạo trước ngày 20 hằng tháng.
2. Văn phòng Đảng ủy tổng hợp, báo cáo Ban Thường vụ Đảng ủy hằng quý.
"""
LABELLED_PLAN = """KẾ HOẠCH
Ứng dụng công nghệ số năm 2027

II. NHIỆM VỤ VÀ GIẢI PHÁP
1. Dữ liệu và dịch vụ công
- Số hóa hồ sơ đất đai còn tồn đọng (cơ quan chủ trì: Phòng Kinh tế; đơn vị phối hợp: Công an xã;
thời gian: Quý II/2027).
- Rà soát thủ tục hành chính trực tuyến. Đơn vị thực hiện: Trung tâm Phục vụ hành chính công.
Thời gian hoàn thành: tháng 9/2027.
- Lắp đặt điểm phát wifi miễn phí tại nhà văn hóa thôn (đơn vị chủ trì: Hợp tác xã Nông nghiệp Tân Lập).
"""


def tasks_of(body: str):
    return parse_plan("Số: 9/KH-UBND\n\nKẾ HOẠCH\nChuyển đổi số năm 2026\n\nII. NHIỆM VỤ\n" + body).tasks


FIELDED_PLAN = """Số: 318/KH-UBND

KẾ HOẠCH
Nhiệm vụ chuyển đổi số quý IV năm 2026

II. NHIỆM VỤ CỤ THỂ
1. Số hóa sổ hộ tịch giai đoạn 2016 - 2020
- Đơn vị chủ trì: Phòng Văn hóa - Xã hội
- Đơn vị phối hợp: Công an phường, Tổ công nghệ số cộng đồng
- Thời gian hoàn thành: 30/11/2026
- Sản phẩm: Dữ liệu hộ tịch được cập nhật lên hệ thống
2. Triển khai thanh toán không dùng tiền mặt tại chợ
- Đơn vị chủ trì: Phòng Kinh tế, Hạ tầng và Đô thị
- Đơn vị phối hợp: Ban quản lý chợ
- Thời gian hoàn thành: Tháng 12/2026
3. Tuyên truyền sử dụng VNeID mức 2
- Cơ quan thực hiện: Công an phường
- Thời gian: Thường xuyên
4. Xây dựng kho dữ liệu dùng chung
- Chủ trì: Văn phòng HĐND và UBND phường
- Thời gian: Sau khi UBND thành phố ban hành hướng dẫn
"""
