"""Words of the trade and of phones, written once as data: abbreviations officials type (CĐS, KHCN, PKT,
TTPVHCC, tthc, csdl), their OCR confusions (CBS/CPS → CĐS) and phone spellings ("j", "ko", "bn", "bao h").

`expand` rewrites folded question text into the words the rest of question understanding reads; matching
uses the same table (knowledge.search looks the expansions up in the index). Pure data and one function.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Folded token (or token pair) → folded words. Applied on word boundaries, longest first.
ABBREVIATIONS: dict[str, str] = {
    # the trade: programmes and fields
    "cds": "chuyen doi so",
    "cbs": "chuyen doi so",  # OCR of CĐS
    "cps": "chuyen doi so",  # OCR of CĐS
    "cdbs": "chuyen doi so",
    "khcn": "khoa hoc cong nghe",
    "dmst": "doi moi sang tao",
    "pmst": "doi moi sang tao",  # OCR of ĐMST
    "bdmst": "doi moi sang tao",
    "cntt": "cong nghe thong tin",
    "csdl": "co so du lieu",
    "tthc": "thu tuc hanh chinh",
    "attt": "an toan thong tin",
    "dvc": "dich vu cong",
    "dvctt": "dich vu cong truc tuyen",
    "tmdt": "thuong mai dien tu",
    "nq": "nghi quyet",
    "xd": "xay dung",
    "dh": "dai hoc",
    "htx": "hop tac xa",
    "cns": "cong nghe so",
    "to cns": "to cong nghe so",
    # "cn" alone is công nghệ, công nhân, chủ nhật or chi nhánh: only where the next word says which
    "cn so": "cong nghe so",
    "cn thong tin": "cong nghe thong tin",
    "cn cao": "cong nghe cao",
    # units
    "pkt": "phong kinh te",
    "p kt": "phong kinh te",
    "phong kt": "phong kinh te",
    "vhxh": "van hoa xa hoi",
    "vh xh": "van hoa xa hoi",
    "pvhxh": "phong van hoa xa hoi",
    "ttpvhcc": "trung tam phuc vu hanh chinh cong",
    "ttpv hcc": "trung tam phuc vu hanh chinh cong",
    "tt pvhcc": "trung tam phuc vu hanh chinh cong",
    "tthcc": "trung tam hanh chinh cong",
    "ca xa": "cong an xa",
    "ubkt": "uy ban kiem tra",
    "bcd": "ban chi dao",
    "btv": "ban thuong vu",
    "hs": "ho so",
    "gv": "giao vien",
    "pm": "phan mem",
    "kcn": "khu cong nghiep",
    "cccd": "can cuoc",  # "căn cước công dân", now "thẻ căn cước": the words both hold
    "online": "truc tuyen",
    "onl": "truc tuyen",
    "bdhv": "binh dan hoc vu",
    "bdhvs": "binh dan hoc vu so",
    "ktra": "kiem tra",
    "mxh": "mang xa hoi",
    "ccn": "cum cong nghiep",
    "ql": "quan ly",
    "so ct": "so cong thuong",
    "sct": "so cong thuong",
    "xttm": "xuc tien thuong mai",
    "hoi phu nu": "hoi lien hiep phu nu",
    "dl": "du lieu",
    "bhxh": "bao hiem xa hoi",
    "bhyt": "bao hiem y te",
    "vdv": "van dong vien",
    "tdtt": "the duc the thao",
    "dk online": "dang ky truc tuyen",
    "dang ky online": "dang ky truc tuyen",
    "nop online": "nop truc tuyen",
    "dk": "dang ky",
    "so vh": "so van hoa",
    "chiu tn": "chiu trach nhiem",
    "cap vt": "cap vien thong",
    "ha tang vt": "ha tang vien thong",
    "dn vt": "doanh nghiep vien thong",
    "dn": "doanh nghiep",
    "nvqs": "nghia vu quan su",
    "may h": "may gio",
    "kho bac nn": "kho bac nha nuoc",
    "ngan hang nn": "ngan hang nha nuoc",
    "so tc": "so tai chinh",
    "clip": "video",
    "dnnn": "doanh nghiep nha nuoc",
    "thu 7": "thu bay",
    "kq": "ket qua",
    "kd": "kinh doanh",
    "hkd": "ho kinh doanh",
    "sd": "su dung",
    "bch": "ban chap hanh",
    "ctr": "chuong trinh",
    "bcđ": "ban chi dao",
    "mttq": "mat tran to quoc",
    "hlhpn": "hoi lien hiep phu nu",
    "lhpn": "lien hiep phu nu",
    "cty cp": "cong ty co phan",
    "cty": "cong ty",
    "bv": "benh vien",
    "bvdk": "benh vien da khoa",
    "bv dk": "benh vien da khoa",
    "ttdt": "thong tin dien tu",  # "trang TTĐT", "cổng TTĐT"
    "chqs": "chi huy quan su",
    "bchqs": "ban chi huy quan su",
    "dqtv": "dan quan tu ve",
    "bql": "ban quan ly",
    "ttyt": "trung tam y te",
    "tyt": "tram y te",
    "yt": "y te",  # "trạm YT", "TTYT" typed apart
    "ldld": "lien doan lao dong",  # "LĐLĐ tỉnh": a province's labour federation
    "hpn": "hoi lien hiep phu nu",
    "hoi pn": "hoi lien hiep phu nu",
    "hccb": "hoi cuu chien binh",
    "ccb": "cuu chien binh",
    "hoi nd": "hoi nong dan",
    "hnd": "hoi nong dan",
    "kt-xh": "kinh te xa hoi",
    "vh-xh": "van hoa xa hoi",
    "dtn": "doan thanh nien",
    "bcvt": "buu chinh vien thong",
    "tttt": "thong tin va truyen thong",
    "tt cds": "trung tam chuyen doi so",
    "ttcds": "trung tam chuyen doi so",
    "gddt": "giao duc va dao tao",
    "gd": "giao duc",
    "tp": "thanh pho",
    "gd dt": "giao duc va dao tao",
    "nnmt": "nong nghiep va moi truong",
    "nn mt": "nong nghiep va moi truong",
    "sp": "san pham",
    "ds": "danh sach",
    "tnmt": "tai nguyen va moi truong",
    "ldtbxh": "lao dong thuong binh va xa hoi",
    "hcc": "hanh chinh cong",
    "ktxh": "kinh te xa hoi",
    "vp du": "van phong dang uy",
    "vp dang uy": "van phong dang uy",
    "vp hdnd ubnd": "van phong hdnd va ubnd",
    "ubnd": "ubnd",
    # documents and work
    "kh": "ke hoach",
    "vb": "van ban",
    "vban": "van ban",
    "nv": "nhiem vu",
    "vc": "viec",
    "bc": "bao cao",
    # phones
    "j": "gi",
    "ji": "gi",
    "ko": "khong",
    "k": "khong",
    "hok": "khong",
    "kg": "khong",
    "khg": "khong",
    "bn": "bao nhieu",
    "bnhieu": "bao nhieu",
    "dc": "duoc",
    "đc": "duoc",
    "bao h": "bao gio",
    "bh": "bao gio",
    "r": "roi",
    "vs": "voi",
    "ntn": "nhu the nao",
    "e": "em",
    # "cho e hỏi …", "em hỏi …": a phone's polite opening, no words of the task
    "cho e hoi": "",
    "cho em hoi": "",
    "cho minh hoi": "",
    "ad": "",
    "admin": "",
    "a": "",
    "ạ": "",
    "vay": "",
    "nhe": "",
    "oi": "",
}

# "p." before a unit's field is "phòng" ("p.kinh tế", "p. vhxh"); before anything else it is "phường".
_P_DOT = re.compile(r"\bp\s*\.\s*|(?<![a-z0-9./-])p\s+(?=[a-z])")  # "p.kt", "p. vhxh", "p ngoc son"
_ROOM_FIELDS = re.compile(
    # a field's first word only with its second ("p vạn lộc", "p tân an" are wards)
    r"(?:kinh te|kt|van hoa|vh|vhxh|noi vu|tai (?:chinh|nguyen)|tu phap|giao (?:duc|thong)|y te|nong nghiep|tn|bcvt"
    r"|buu chinh|ql|quan ly|kh|khtc|tc|cds|cntt)\b"
    r"|[b-df-hj-np-tv-xz]{3,}\b"  # a room's initials, typed together or joined ("p kt ht dt": "kthtdt")
    # "p mình phải chủ trì gì": my room ("phòng mình"), a verb after it; "p Minh Khai" is a ward
    r"|minh\s+(?:phai|co|lam|chu|phu|phoi|dang|da|duoc|can|con|bi|nhan|thi)\b|minh\s*$"
)


def _table_pattern() -> re.Pattern:
    keys = sorted(ABBREVIATIONS, key=lambda k: (-len(k.split()), -len(k)))
    return re.compile(r"(?<![a-z0-9./-])(" + "|".join(re.escape(k) for k in keys) + r")(?![a-z0-9/-])")


_TABLE = _table_pattern()


# Two-letter initials without a vowel ("vh", "tt", "dl", "xh", "kt") right after a body's head word.
# Phone words ("bn" bao nhiêu, "dc" được) are not initials.
_NOT_INITIALS = r"(?!(?:bn|dc|ko|vc|nv|bc)\b)"
_SPLIT_INITIALS = re.compile(
    rf"\b(so|phong|p\.?|ban|chi cuc|trung tam) ((?:{_NOT_INITIALS}[b-df-hj-np-tv-xz]{{2}}\s){{1,3}}"
    rf"{_NOT_INITIALS}[b-df-hj-np-tv-xz]{{2}})\b"
)


def _rule(pattern: str, replacement: str | Callable[[re.Match], str]) -> tuple[re.Pattern, object]:
    return re.compile(pattern), replacement


# Phone spellings and abbreviations read by the words around them, applied in this order to folded question
# text before the table of abbreviations (ABBREVIATIONS), each with why.
_IN_CONTEXT = (
    # "x Phước Lộc", "x. Tân An"
    _rule(r"(?<![a-z0-9.])x\.?\s+(?!quang\b)(?=[a-z]{2,}\s+[a-z]{2,})", "xa "),
    # "kh415"
    _rule(r"\bkh\s*(?=\d)", "kh "),
    # "sổ tay đv": a Party member's handbook ("đảng viên"); "đv" elsewhere may be "đơn vị" or "đoàn viên"
    _rule(r"(?<=\bso tay )dv\b", "dang vien"),
    # "ct 52": a Party committee's programme ("Chương trình 52-CTr/ĐU") by its number
    _rule(r"\bct\s*(?=\d+(?:[^0-9./]|$))", "ctr "),
    # "kh 46 đu lộc xuyên": the committee's code typed after the number, as the number writes it ("46-KH/ĐU")
    _rule(r"\b(ke hoach|kh|ctr|nq) (\d+[a-z]?) du\b", r"\1 \2 dang uy"),
    # "ban hành hôm nào": which day; "hạn bn": the deadline asked, no count
    _rule(r"\bhom nao\b", "ngay nao"),
    _rule(r"\bhan (?:la )?(?:bn|bao nhieu)\b", "han khi nao"),
    # "kh bhxh 1342", "qđ ubnd 412": the issuer's initials typed between a document's kind and its number go
    # after the number, so the number still follows its kind ("kh cđs 2025" is the plan of a year: kept).
    _rule(
        r"\b(ke hoach|kh|qd|quyet dinh|cv|cong van|nq|ctr) (ubnd|hdnd|[b-df-hj-np-tv-xz]{2,5}) (?:so )?((?!(?:19|20)\d\d\b)\d[0-9a-z]*)\b",
        r"\1 \3 \2",
    ),
    # After a number, "KH/BCĐ" is the rest of a plan's number ("09 kh bcd"), not "kế hoạch ban chỉ đạo".
    _rule(r"(?<=\d)(\s*[/-]?\s*)kh\s*[/-]?\s*bcd\b", r"\1kh/bcd"),
    # "tt" before what a centre does is "trung tâm" ("tt chuyển đổi số", "tt y tế", "tt dịch vụ").
    _rule(
        r"\btt (?=(?:chuyen|phuc|dich|y te|van hoa|hoc|giao duc|cong nghe|ky thuat|khuyen|quan|xuc tien|ho tro"
        r"|nghien cuu|boi duong|kiem|the thao|truyen thong|giam sat|dieu hanh|du lich|khai thac|luu tru)\b)",
        "trung tam ",
    ),
    # "sổ tay đảng viên đt", "hóa đơn đt": in this trade "đt" after a thing is "điện tử"; after "giáo
    # dục", "bồi dưỡng" it is "đào tạo", after "kế hoạch", "dự án" "đầu tư" (left as typed).
    _rule(r"(?<!\bgd )(?<!\bduc )(?<!\bduong )(?<!\bkh )(?<!\bhoach )(?<!\ban )(?<!\bso )\bdt\b", "dien tu"),
    # "hd": "hướng dẫn" before whom or how ("hd hộ kd nộp thuế"), "hoạt động" after a licence ("giấy phép
    # hd điện lực"); elsewhere left as typed (plans write HĐ for "hội đồng", "hợp đồng").
    _rule(r"\bhd(?= (?:ho|hoi|nguoi|cach|cac|dang|su|doanh|tieu|giao|hoc|can)\b)", "huong dan"),
    _rule(r"(?<=\bphep )hd\b", "hoat dong"),
    # "tk": "tài khoản" before what an account is for ("tk định danh", "tk ngân hàng"); plans also write TK for
    # "thống kê", "tiết kiệm", so elsewhere it is left as typed.
    _rule(r"\btk(?= (?:dinh danh|ngan hang|vneid|thanh toan|ca nhan|mobile money)\b)", "tai khoan"),
    # Everyday words for what plans name formally: "cây xăng" is a "cửa hàng xăng dầu"; the scales and meters
    # inspected ("kiểm định cân", "cân đo") are "phương tiện đo".
    _rule(r"\bcay xang\b", "cua hang xang dau"),
    _rule(r"\bcan do\b|(?<=\bkiem dinh )can\b", "phuong tien do"),
    # "nộp hồ sơ" is the citizen's side of what plans write as the office's ("tiếp nhận hồ sơ"): the dossier
    # is what names the task
    _rule(r"\bnop (?=ho so\b)", ""),
    # "nn" is "nhà nước" after what the state owns or runs ("ngân sách nn", "ngân hàng nn", "cơ quan nn",
    # "quản lý nn", "doanh nghiệp nn"); elsewhere it may be "nông nghiệp" or "ngoại ngữ" (left as typed).
    _rule(r"\b(ngan sach|ngan hang|co quan|quan ly|doanh nghiep|vien chuc|cong chuc) nn\b", r"\1 nha nuoc"),
    # "những giải pháp nào", "mấy giải pháp": plans list their tasks as "nhiệm vụ, giải pháp"
    _rule(r"\b(nhung|cac|may|bao nhieu) giai phap\b", r"\1 nhiem vu"),
    _rule(r"\bgiai phap (nao|gi)\b", r"nhiem vu \1"),
    # "hđ gì", "hoạt động nào": the work asked for, as "việc gì"
    _rule(r"\b(?:hd|hoat dong) (gi|nao)\b", r"viec \1"),
    # "chị em" is how women's union work speaks of the women ("phụ nữ") its plans name
    _rule(r"\bchi em(?: phu nu)?\b", "phu nu"),
    # "hs" is "hồ sơ" (table), but "học sinh" for whom something is done or beside a school level
    _rule(r"\b(cho|gv|cac) hs\b", r"\1 hoc sinh"),
    _rule(r"\bhs(?= (?:tieu hoc|thcs|thpt|lop|mam non|sinh vien)\b)", "hoc sinh"),
    # "ai ph vụ …", "ph với …": "phối hợp" (plans write "PH:" too, spelled out where they do)
    _rule(r"(?<=\bai )ph\b|\bph(?= (?:voi|vs|nhung|cac|viec|vu)\b)", "phoi hop"),
    # "những nd nào", "mấy nd": "nội dung" ("hội nd" is the farmers' union, read by the table)
    _rule(
        r"\b(nhung|cac|may|bao nhieu) nd\b|\bnd(?= nao\b)",
        lambda m: (m.group(1) + " " if m.group(1) else "") + "noi dung",
    ),
    # "ca xã", "ca các xã, phường", "ca tỉnh": the police ("công an") of that level
    _rule(r"(?<!\btat )(?<!\bhet )\bca(?= (?:xa|phuong|tinh|huyen|cac|thi tran|thanh pho)\b)", "cong an"),
    # "sở nv" is the home-affairs department ("kh sở nv", "sở nv có nv nào"); "số nv" (a number of tasks)
    # folds the same, and is told apart by what follows a count ("số nv là", "số nv của", "tổng số nv").
    _rule(
        r"(?<!\btong )\bso nv\b(?! (?:la|cua|da|dang|con|qua|duoc|bi|hoan|hien|trong|tren)\b)", "so noi vu"
    ),
    # "đ/c Hoa …", "dc Hoa" opening a question: a comrade named ("đồng chí"), not "được"
    _rule(r"^(?:d ?/ ?c|dc|d c)\s+(?!(?:giao|phan cong|cap|thuc hien|duyet)\b)", "dong chi "),
)
# After the table: what only its spelled-out words tell apart.
_AFTER_TABLE = (
    # "ct công tác", "ct hpn tỉnh": a work programme ("chương trình"); "ct ubnd" is its chairman
    _rule(r"\bct(?= (?:cong tac|hoi)\b)", "chuong trinh"),
)


def expand(folded: str) -> str:
    """`folded` (lowercase, no marks) with abbreviations and phone spellings spelled out."""
    # "sở vh tt dl", "p vh xh": a body's initials typed apart are one abbreviation ("vhttdl", "vhxh").
    text = _SPLIT_INITIALS.sub(lambda m: m.group(1) + " " + m.group(2).replace(" ", ""), folded)
    text = _P_DOT.sub(lambda m: "phong " if _ROOM_FIELDS.match(text, m.end()) else "phuong ", text)
    for pattern, replacement in _IN_CONTEXT:
        text = pattern.sub(replacement, text)
    text = _TABLE.sub(lambda m: ABBREVIATIONS[m.group(1)], text)
    for pattern, replacement in _AFTER_TABLE:
        text = pattern.sub(replacement, text)
    return re.sub(r"\s+", " ", text).strip()


def phrases(folded: str) -> list[str]:
    """The spelled-out forms of several words that `folded` abbreviates ("attt" → "an toan thong tin"): a
    task is about such a thing only where the words stand together, not scattered through it."""
    found = [ABBREVIATIONS[m.group(1)] for m in _TABLE.finditer(folded)]
    padded = f" {folded} "
    found += [v for v in _SPELLED if f" {v} " in padded]  # typed in words: "cơ sở dữ liệu"
    return list(dict.fromkeys(p for p in found if len(p.split()) >= 2))


# Abbreviations written inside plans themselves ("xây dựng CSDL đất đai", "giải quyết TTHC"): a task holding
# the abbreviation holds the words it stands for. Short everyday ones ("kh", "bc") are left out.
# Phone shorthands ("dl" dữ liệu, "hs" hồ sơ, "kq" kết quả) are not written in plans: matching tasks by them
# would only cost time (every candidate spelled out).
_IN_TEXT_SKIP = frozenset(
    [
        "kh",
        "nv",
        "vc",
        "bc",
        "nq",
        "xd",
        "dh",
        "gd",
        "tp",
        "hcc",
        "to cns",
        "dl",
        "hs",
        "ql",
        "kq",
        "kd",
        "hkd",
        "sd",
        "dk",
        "sct",
    ]
)
_IN_TEXT = {
    k: v for k, v in ABBREVIATIONS.items() if len(v.split()) >= 2 and " " not in k and k not in _IN_TEXT_SKIP
}
# "AI" in a plan is the technology (a question's "ai" is "who": knowledge.question reads it by context).
_IN_TEXT["ai"] = "tri tue nhan tao"
_SPELLED = sorted(set(_IN_TEXT.values()))
_IN_TEXT_PATTERN = re.compile(
    r"(?<![a-z0-9])(" + "|".join(sorted(_IN_TEXT, key=len, reverse=True)) + r")(?![a-z0-9])"
)


def abbreviations_of(phrase: str) -> list[str]:
    """The abbreviations a plan may write for `phrase` ("co so du lieu" → ["csdl"])."""
    return [k for k, v in _IN_TEXT.items() if v == phrase]


def spell_out(folded_text: str) -> str:
    """`folded_text` with the trade's abbreviations written in words, the abbreviation kept beside them
    ("csdl dat dai" → "csdl co so du lieu dat dai"), for matching a question's words against it."""
    return _IN_TEXT_PATTERN.sub(lambda m: m.group(1) + " " + _IN_TEXT[m.group(1)], folded_text)


def written_short(folded: str) -> list[tuple[str, str]]:
    """`folded` with a phrase plans also write abbreviated put in its short form, one variant per phrase, each
    with that short form ("hoi lien hiep phu nu tinh" → [("hoi lhpn tinh", "lhpn")]): a name typed in full may
    be written short in a header."""
    padded = f" {folded} "
    return [
        (padded.replace(f" {phrase} ", f" {short} ").strip(), short)
        for phrase in _SPELLED
        if f" {phrase} " in padded
        for short in abbreviations_of(phrase)
    ]
