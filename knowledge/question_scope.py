"""Which plans a question names, read from folded text: a plan by its number and kind ("kh 415", "cv 2204"),
by its subject ("kh chuyển đổi số ngành y tế số mấy"), by its issuer or place ("của Đảng ủy", "ở xã Tân An",
"BCĐ thành phố …"). Split from knowledge.question, which reads the rest of a question."""

from __future__ import annotations

import re

from knowledge.question_words import QUESTION_WORDS, STOPWORDS

# The issuer or place of a plan: "ở xã Tân An", "Đảng ủy xã Tân An", "của Đảng ủy".
# Not "xã hội" (society), "phương tiện", "phương án", "địa phương …".
_PLACE = re.compile(
    r"(?<!\bdia )(?<!\bhop tac )(?<!\bcac )(?<!(?<!dien )\btu )\b((?:dang uy |ubnd |uy ban nhan dan )?(?:xa|phuong|thi tran|huyen))"
    r"\s+(?!(?:hoi|tien|an|thuc|phap|huong|cham|trinh|xa|phuong|dac|thi|va|nao|nay)\b)"
    r"(?!(?:phu trach|chu tri|phoi hop|thuc hien|dam nhiem|tham muu|chuan bi)\b)([a-z]+)(?:\s+([a-z]+))?"
)
# "phường Hương Lâm": a first word the strict pattern leaves out ("phương hướng", "xã hội") names a place
# when a second word of a name follows it.
_PLACE_LOOSE = re.compile(
    r"(?<!\bdia )(?<!\bhop tac )(?<!\bcac )\b((?:dang uy |ubnd |uy ban nhan dan )?(?:xa|phuong|thi tran))"
    r"\s+(huong|an)\s+([a-z]+)"
)


def _named_place(rest: str) -> re.Match | None:
    m = _PLACE_LOOSE.search(rest)
    # "phương án toàn …", "phương hướng nhiệm vụ": no second word of a name follows.
    if m and m.group(3) not in (NOT_A_NAME - {"lam"}) and m.group(3) not in ("toan", "ninh", "dan"):
        return m
    return None


_PARTY = re.compile(
    r"(?:^\s*|\b(?:cua|o|thuoc|hoach|kh|ctr|quyet|nq|trong|\d{4})\s+)(dang uy)\b(?!\s+(?:xa|phuong))(?:\s+([a-z]+)\s+([a-z]+)\b)?"
)
# "kế hoạch của Sở KHCN", "kh do UBND xã … ban hành": the body a plan comes from, up to the question.
# A body that issues plans, named up to where the question goes on ("Sở Giáo dục và Đào tạo", "UBND xã …").
_BODY_HEADS = (
    "so|ubnd|uy ban nhan dan|ban chi dao|bcd|thanh uy|tinh uy|tinh doan|thanh doan|dang uy|dang bo|chi bo|ban|truong"
    "|hoi|doan|bao hiem xa hoi"
)
# Bodies that issue plans only when "kế hoạch của …" says so: "việc của Trung tâm …" asks a unit's own tasks.
_UNIT_FIRST_HEADS = "benh vien|trung tam|bo chi huy"


def _body(heads: str, most_words: int = 7) -> str:
    """A body named by one of `heads`, up to `most_words` words more (as few as reach the question's next part)."""
    return rf"((?:{heads})(?: [a-z0-9]+){{0,{most_words}}}?)"


_BODY = _body(f"{_BODY_HEADS}|{_UNIT_FIRST_HEADS}")
_BODY_END = (
    r"(?= (?:co|la|ve|ban hanh|bao nhieu|ngay|thi|nao|gi|giao cho|duoc|so may|so bao nhieu|so hieu|so ky hieu|may|ra|con|dang|da(?! khoa)|chua|viec|den|tu|cho|\d+|"
    r"nhiem vu|cac|nhung|trong|lien quan|phai|can|sap|het|qua|thang|quy|nam|tuan|ai|khi|han|don vi nao|co quan nao|thay|ky ngay|ky khi|ky luc|tong cong|tong so)\b|$)"
)
# The words of a document's kind typed before its number ("cv 2204", "thông báo kết luận 53").
SOFT_KIND_WORDS = frozenset("nq nghi quyet qd quyet dinh cv cong van tb thong bao ket luan".split())  # noqa: SIM905
# An issuer named right after a plan's number ("kh 415 ubnd", "kh 1342 bảo hiểm xã hội", "kh 1054 sở khcn"); a
# "sở" only with a department's name ("kh 415 số hóa hộ tịch" asks of a task).
REF_ISSUER = re.compile(
    r" (?:ubnd|uy ban nhan dan|hdnd|dang uy|ban chi dao|bcd|bao hiem xa hoi|tinh doan|thanh doan|benh vien|so (?:khoa hoc|noi vu|cong thuong|"
    r"tai chinh|tu phap|y te|giao duc|van hoa|nong nghiep|xay dung|tai nguyen|lao dong|ngoai vu|giao thong|"
    r"thong tin|du lich|ke hoach))(?: [a-z0-9]+){0,5}?"
    # up to the question, or to what it asks of the plan ("kh 12 đảng ủy Ngọc Sơn bc định kỳ khi nào")
    r"(?= (?:bao cao|dinh ky|chi tieu|muc tieu|chu tri|phu trach|phoi hop|thuc hien|dam nhiem|duoc giao|"
    + _BODY_END[len("(?= (?:") :]
)
# "kế hoạch của Sở KHCN", "kh do UBND xã … ban hành", "kh sở công thương", "Sở … ban hành kh số mấy".
PLAN_OF = re.compile(
    # a Party cell's resolution sets its tasks like a plan: "nghị quyết chi bộ thôn … số mấy"
    r"\b(?:ke hoach|kh|nghi quyet|nq)(?: so)? (?:cua |do |(?=so (?!\d|may\b|bao nhieu\b|hieu\b|ky hieu\b))|(?=(?:bao hiem xa hoi|hoi (?:nong|phu|lien|cuu|nguoi|chu|khuyen|luat|nd|lhpn|ccb)|tinh doan|doan thanh nien|chi bo) ))"
    + _BODY
    + _BODY_END
    + r"|^"
    # "Công an tỉnh … ban hành kh …": the police issue plans too, though "của công an xã" names a unit
    + _body(f"{_BODY_HEADS}|{_UNIT_FIRST_HEADS}|cong an", most_words=6)
    + r" ban hanh (?:ke hoach|kh)\b"
)
# A plan named by its subject, then one of its facts asked: "kh chuyển đổi số ngành y tế số mấy".
PLAN_TITLED = re.compile(
    # a notice, a dispatch or a decision too ("thông báo kết luận cuộc họp giao ban tháng 1 số mấy")
    r"^(?:cai |cho hoi )?(?:ke hoach|kh|thong bao(?: ket luan)?|tb|cong van|cv|quyet dinh|qd)"
    r" (?!cua |do |so \d|nao|gi|co )([a-z0-9 ]{6,60}?) "
    r"(?:la )?(?:so may|so bao nhieu|so hieu|ban hanh ngay nao|ra ngay nao|ky ngay nao|do ai ban hanh|cua ai|"
    r"cua co quan nao|(?:do )?(?:co quan|don vi) nao ban hanh|thay the ke hoach nao|thay the kh nao)\b"
)
# "kh cds sở du lịch tổng cộng mấy nv": the tasks of a plan named by its subject (and issuer) counted.
TITLED_COUNT = re.compile(
    r"^(?:cai )?(?:ke hoach|kh|chuong trinh|ctr) (?!cua |do |so \d|nao|gi|co )([a-z0-9 ]{6,60}?) "
    r"(?:tong cong |co |gom |co tat ca |tat ca )?(?P<count>(?:may|bao nhieu) (?:nhiem vu|viec|cong viec|noi dung))\b"
)
# "… trong kh chuyển đổi số ngành y tế": the question ends with a plan named by its subject.
IN_TITLED_PLAN = re.compile(
    r"\b(?:trong|cua|thuoc|o) (?:ke hoach|kh) (?!\d|so \d|nao|cua|do)([a-z][a-z0-9 ]{5,60})$"
)
# A body's plans named without "kế hoạch": "Phòng Bưu chính … của Sở KHCN có những nv gì".
# "bên BQL KCN": at that body, as "của" does ("của Trung tâm …" is a unit: _UNIT_FIRST_HEADS).
_OF_BODY = re.compile(r"\b(?:cua|ben) " + _body(_BODY_HEADS) + _BODY_END)

PLAN_REF = re.compile(
    # "Chương trình hành động 24", "ctr 24": a Party committee's programme is named like a plan.
    # "nq 08", "nghị quyết 08 của Đảng ủy": a Party committee's resolution that sets tasks, when one has that
    # number (else the resolution the plans carry out: Question.ref_soft).
    r"\b(?:ke hoach|kh|ctr|chuong trinh(?: hanh dong)?|nghi quyet|nq|quyet dinh|qd|cong van|cv"
    r"|thong bao(?: ket luan)?|tb)\s*(?:so\s*)?"
    r"([0-9][0-9a-z]*(?:\s*[/-]\s*[a-z0-9]+){0,3}"
    # "25 kh đu", "25 khđu"; not "57 không", "57 khác" ("kh" then letters that make a word of their own)
    r"(?:\s+(?!(?:khong|khac|khi|khu|khoa|kho|khoi|khach)\b)(?:ke hoach|kh)\s*[/-]?\s*(?!nao\b|gi\b|co\b)[a-z]{2,5}\b)?)"
)
# The kind typed before a number, as plan numbers write it ("kh 12" → "12-KH/ĐU", not "12-NQ/CB"); a
# dispatch's number has no code of its kind ("1186/UBND-VP").
KIND_CODES = {
    "ke": "kh",
    "kh": "kh",
    "ctr": "ctr",
    "chuong": "ctr",
    "nghi": "nq",
    "nq": "nq",
    "quyet": "qd",
    "qd": "qd",
    "thong": "tb",
    "tb": "tb",
}

# Words that end a place's name ("xã Tân An có …"); other words, even "phú" or "hòa", may be part of it.
NOT_A_NAME = (QUESTION_WORDS - {"my"}) | frozenset(  # "my" is "Mỹ" in a place ("xã Hạ Mỹ")
    """co la thi da dang con phai can sap trong ve cua duoc nhung cac viec nhiem nv ke kh bao tu den toi het
    qua han lam xong chu tri phoi hop thang quy nam tuan ngay hien nay""".split()  # noqa: SIM905
)
# The province's or city's People's Committee ("UBND tỉnh Phù Vân có việc nào …"): the issuer of its plans,
# not every plan of the province.
_PROVINCE_BODY = re.compile(r"\b(?:ubnd|uy ban nhan dan) (?:tinh|thanh pho) [a-z]+(?: [a-z]+)?")
# A province or city after "ở", "của", "toàn" ("ở tỉnh Thanh Nguyên"); alone, "tỉnh", "tình", "tính" are too
# many other words ("tình hình").
# "của tỉnh đoàn", "của tỉnh ủy": the province's Youth Union or Party committee, no province's name.
_PROVINCE = re.compile(
    r"\b(?:o|cua|tai|thuoc|toan|tren dia ban) ((?:tinh|thanh pho) (?!doan\b|uy\b)[a-z]+(?: [a-z]+)?)\b"
)
_AFTER_LAM = frozenset("gi j nhung viec nv nhiem cong cac duoc xong chua nao bao may het the sao".split())  # noqa: SIM905
PLAN_FACT = re.compile(
    r"\b(?:ke hoach|chuong trinh)\b.*\b(?:so may|so bao nhieu|so hieu|ngay nao|ky ngay|thay the|thay ke hoach)\b"
    r"|\b(?:so may|so hieu|ngay nao|ky ngay)\b.*\b(?:ke hoach|chuong trinh)\b"
)
_PLACE_INTRO = frozenset(["o", "cua", "tai", "thuoc", "cho", "ve", "voi", "tren", "hoach", "kh"])
# A steering committee named by its kind and place ("BCĐ thành phố Bảo Giang", "ban chỉ đạo xã …").
_COMMITTEE = re.compile(
    r"\b(ban chi dao|bcd)\b(?:\s+((?:thanh pho|tinh|huyen|xa|phuong)\s+[a-z]+(?:\s+[a-z]+)?))?"
)


# A hospital or a military command named with its level ("bv đa khoa tỉnh", "bộ chqs tỉnh"): a body that issues
# its own plans, named as its header does, the place after the level left to the header's words.
_BODY_WITH_LEVEL = re.compile(
    r"(?<!\bvoi )(?<!\bcho )\b((?:benh vien|bo chi huy)(?: [a-z]+){0,3}? (?:tinh|thanh pho|huyen|thi xa))\b"
)


def read_issuer(rest: str) -> tuple[str | None, str]:
    """The issuer or place a question scopes plans by, and the text without it."""
    m = _BODY_WITH_LEVEL.search(rest)
    if m and not NOT_A_NAME.intersection(m.group(1).split()[2:]) - {"da"}:  # "đa khoa", not "đã"
        return m.group(1), (rest[: m.start()] + " " + rest[m.end() :]).strip()
    m = PLAN_OF.search(rest)
    if m:
        group = 1 if m.group(1) else 2  # "kế hoạch của Sở …" or "Sở … ban hành kế hoạch …"
        return m.group(group), (rest[: m.start()] + " " + rest[m.end(group) :]).strip()
    m = _OF_BODY.search(rest)
    if m:
        return m.group(1), (rest[: m.start()] + " " + rest[m.end(1) :]).strip()
    m = _COMMITTEE.search(rest)
    if m:
        place = m.group(2) or ""
        if place.split()[-1:] and place.split()[-1] in (STOPWORDS | QUESTION_WORDS):
            place = " ".join(place.split()[:-1])  # "xã … có": the name stops before the question
        if len(place.split()) < 2:
            place = ""  # "ban chỉ đạo xã": no place named
        end = m.start(2) + len(place) if place else m.end(1)
        return ("ban chi dao " + place).strip(), (rest[: m.start(1)] + " " + rest[end:]).strip()
    m = _PROVINCE_BODY.search(rest)
    if m:
        words = m.group(0).split()
        while words[-1] in NOT_A_NAME:
            words.pop()  # "ubnd tỉnh Phù Vân có": the name stops before the question
        if len(words) >= 4:
            name = " ".join(words)
            return name, (rest[: m.start()] + " " + rest[m.start() + len(name) :]).strip()
    m = _PLACE.search(rest) or _named_place(rest)
    if m:
        after = rest[m.end() :].split()[:1]
        # "xã Cẩm Lâm ban hành …": "lâm" is a name unless what follows makes it "làm" ("xã Tân An làm gì").
        verb = m.group(3) == "lam" and bool(after) and after[0] in _AFTER_LAM
        name = [
            w
            for w in (m.group(2), m.group(3))
            if w and (w not in NOT_A_NAME or (w == "lam" and w == m.group(3) and not verb))
        ]
        if name and name[0] == m.group(2):
            if len(name) == 1 or m.group(3) is None or name[1] != m.group(3):
                end = m.start(3) if m.group(3) else m.end()
                name = name[:1]
            else:
                end = m.end()
            text = m.group(1) + " " + " ".join(name)
            # After a body's name the level word stays: "Công an xã Phước Lộc" still names "Công an xã"
            # (of that commune); after "ở", "của" or at the start it was only the place.
            before = rest[: m.start()].split()
            # "Văn phòng Đảng ủy xã Vĩnh Hưng": the body's own words stay too ("văn phòng đảng ủy xã"); after
            # "ở", "của", a number or a question word they were only the place ("năm 2026 đảng ủy p. …").
            prev = before[-1] if before else ""
            named = prev.isalpha() and prev not in (STOPWORDS | QUESTION_WORDS | _PLACE_INTRO)
            joined = prev == "va" and m.group(1) != m.group(1).split()[-1]  # "hđnd và ubnd xã …"
            level = m.group(1) if named or joined else ""
            return text, (rest[: m.start()] + " " + level + " " + rest[end:]).strip()
    m = _PROVINCE.search(rest)
    if m:
        words = m.group(1).split()
        if words[-1] in NOT_A_NAME:
            words = words[:-1]
        name = " ".join(words)
        return name, (rest[: m.start(1)] + " " + rest[m.start(1) + len(name) :]).strip()
    m = _PARTY.search(rest)
    if m:
        # "Đảng ủy Vĩnh Hưng": the two words after it name the place when they are not question words.
        place = [w for w in (m.group(2), m.group(3)) if w]
        # The second word may be a common word too ("Tường Vân"), not a question's ("có", "đã").
        if len(place) == 2 and place[0] not in (STOPWORDS | QUESTION_WORDS) and place[1] not in NOT_A_NAME:
            return f"dang uy {' '.join(place)}", (rest[: m.start(1)] + " " + rest[m.end(3) :]).strip()
        return m.group(1), (rest[: m.start(1)] + " " + rest[m.end(1) :]).strip()
    return None, rest
