"""Topics people name by other words than the plans: "trường học" for "các trường mầm non, tiểu học,
THCS", "năng lượng" for "công tơ điện", "bán hàng online" for "sàn thương mại điện tử". Written once as
data (folded phrases), one group per topic of the genre's plans; a question asking about any phrase of a
group is about every phrase of it.

Only phrases that say the topic on their own are listed: "điện" alone is in "điện tử", "trường" in "thị
trường" and "môi trường" once folded, so they appear only inside longer phrases.
"""

from __future__ import annotations

TOPIC_GROUPS: tuple[tuple[str, ...], ...] = (
    # schools and pupils
    (
        "truong hoc",
        "hoc sinh",
        "giao vien",
        "mam non",
        "tieu hoc",
        "thcs",
        "thpt",
        "hoc phi",
        "co so giao duc",
        "nha truong",
        "hoc ba",
        "giao duc",
    ),
    # energy and electricity
    (
        "nang luong",
        "dien luc",
        "thuy dien",
        "cong to dien",
        "luoi dien",
        "tiet kiem dien",
        "dien mat troi",
        "tien dien",
        "xang dau",
    ),
    # selling online
    (
        "ban hang online",
        "ban hang truc tuyen",
        "ban hang qua mang",
        "thuong mai dien tu",
        "livestream",
        "san thuong mai",
        "gian hang",
    ),
    # health
    ("y te", "benh vien", "tram y te", "kham chua benh", "kham benh", "benh an dien tu", "ho so suc khoe"),
    # payments without cash
    (
        "thanh toan khong dung tien mat",
        "thanh toan khong tien mat",  # as people say it
        "khong dung tien mat",
        "thanh toan dien tu",
        "thanh toan truc tuyen",
        "vi dien tu",
        "ma qr",
        "chuyen khoan",
    ),
    # public services online
    ("dich vu cong", "thu tuc hanh chinh", "ho so truc tuyen", "mot cua", "hanh chinh cong"),
    # security and order
    ("an ninh trat tu", "an ninh", "camera", "phong chong toi pham", "lua dao"),
    # land
    ("dat dai", "dia chinh", "giay chung nhan quyen su dung dat", "so do", "so muc ke", "su dung dat"),
    # environment and waste
    ("moi truong", "rac thai", "chat thai", "nuoc thai", "quan trac"),
    # agriculture
    ("nong nghiep", "nong san", "trong trot", "chan nuoi", "ocop", "truy xuat nguon goc"),
    # tourism and heritage
    ("du lich", "di tich", "danh lam", "le hoi", "homestay", "di san"),
    # social protection
    ("an sinh xa hoi", "bao tro xa hoi", "ho ngheo", "nguoi co cong", "tro cap"),
    # the elderly (one thing under several names: see SAME_THING)
    ("nguoi cao tuoi", "nguoi gia", "nguoi tren 60 tuoi", "tren 60 tuoi"),
    # sport
    ("the thao", "the duc the thao", "van dong vien", "giai dau"),
    # digital skills
    ("ky nang so", "binh dan hoc vu so", "pho cap ky nang", "tap huan"),
)

_GROUP_OF: dict[str, tuple[str, ...]] = {phrase: group for group in TOPIC_GROUPS for phrase in group}
# Groups whose phrases name one and the same thing, not a wider topic and its parts: a question naming one
# of them wants the tasks naming any, even when some task names it as asked ("người cao tuổi" and "người trên
# 60 tuổi" are the same people; "trường học" and "học phí" are not the same thing).
SAME_THING = frozenset({"nguoi cao tuoi"})


def same_thing(topic: list[str]) -> bool:
    """Whether `topic` (folded words) is a phrase of a group whose phrases all name the same thing."""
    group = _GROUP_OF.get(" ".join(w for w in topic if w))
    return bool(group) and group[0] in SAME_THING


def related_phrases(topic: list[str]) -> list[str]:
    """The other phrases of the group `topic` (folded words) names, [] when it names none: the whole topic
    must be a phrase of a group ("truong hoc"), so a wider one ("truong hoc vung cao") is left as asked."""
    phrase = " ".join(w for w in topic if w)
    group = _GROUP_OF.get(phrase)
    return [p for p in group if p != phrase] if group else []
