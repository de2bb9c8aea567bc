"""The words that say what a question asks, as officials type them (folded): a status ("đã xong", "vướng
mắc"), who leads, when, the asker's own unit ("phòng mình"), and the words that are no topic once understood.
Data for knowledge.question, kept apart from its rules."""

from __future__ import annotations

# Task statuses as stored (storage.progress.STATUSES), and the words officials use for them.
STATUS_WORDS = {
    "done": (
        "da hoan thanh",
        "da xong",
        "xong roi",
        "hoan thanh roi",
        "da lam xong",
        "xong duoc",
        "xong viec",
        "done",
        "da done",
    ),
    "in_progress": ("dang lam", "dang thuc hien", "dang trien khai", "do dang", "dang tien hanh"),
    "blocked": (
        "vuong mac",
        "bi vuong",
        "kho khan",
        "bi ket",
        "ket lai",
        "dang ket",
        "dang tac",
        "bi tac",
        "vuong",
    ),
    "not_started": ("chua bat dau", "chua lam", "chua trien khai", "chua thuc hien", "chua khoi dong"),
}

WHO_WORDS = (
    "ai chu tri",
    "ai phu trach",
    "ai thuc hien",
    "ai lam",
    "ai dam nhiem",
    "ai chiu trach",
    "ai lo",
    "ai tham muu",
)

WHEN_WORDS = (
    "han chot",
    "han cuoi",
    "thoi han",
    "han hoan thanh",
    "khi nao",
    "bao gio",
    "luc nao",
    "den han",
    "han cua",
    "han la",
    "deadline",
    "han nop",
    "ngay nao",
    "thoi gian hoan thanh",
    "han gi",
    "bao lau mot lan",
    "bao lau 1 lan",
    "may lan",
    "thang may",  # "hạn tháng mấy", "xong tháng mấy"
    "may gio",  # "chung kết mấy giờ", "mấy h": a programme's slot
    "gio nao",
    "han ngay may",
    "quy may",
)

STRONG_WHEN_WORDS = ("han chot", "thoi han", "khi nao", "bao gio")

STRIP_WORDS = (
    "vui long",
    "ai lo",  # "ai lo vụ …": who handles it
    "con han",  # "còn hạn nào": deadlines left, not words of a unit ("Công an")
    "muc nao",  # "có mục nào về chợ": an item of the plan, not a topic
    "duoc giao",
    "giao cho",
    "dam nhan",
    "dam nhiem",
    "cong viec",
    "nhiem vu",
    "qua han",
    "tre han",
    "sap den han",
    "sap het han",
    "thuong xuyen",
    "phoi hop",
    "chu tri",
    "phu trach",
    "dau moi",  # "Phòng CNTT đầu mối những việc nào": the lead, as plans write "Đầu mối: …"
    "tham muu",  # "Văn phòng tham mưu những việc gì": what it prepares for the committee, as its lead
    "thang may",  # "tổ chức tháng mấy": when, no words of the task
    "may gio",
    "quy may",
    "ngay may",
    "cua toi",
    "het han",
    "den han",
    "han chot",
    "khi nao",
    "bao gio",
    "bao lau",
    "don vi nao",
    "co quan nao",
    "han cuoi",
)

# "của tôi", "phòng mình": the asker's own unit.
MINE_WORDS = (
    "cua toi",
    "toi co",
    "cua minh",
    "don vi toi",
    "phong toi",
    "cua em",
    "toi phai",
    "toi phoi hop",
    "toi chu tri",
    "minh phoi hop",
    "minh chu tri",
    "ben toi",
    "ben em",
    "don vi minh",
    "phong minh",
    "ben minh",
)
