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
    "ai chuan bi",
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
    # how a question is opened and linked on a phone: "cho em hỏi vụ … thì ai chủ trì, hạn như thế nào"
    "toan bo",  # "toàn bộ các kh": every plan, which no scope means already
    "cho em hoi",
    "cho minh hoi",
    "cho toi hoi",
    "em hoi",
    "nhu the nao",
    "thi ai",
    "thi han",
    "thi khi nao",
    "thi bao gio",
    # "chậm so với hạn": what is late, compared with nothing named
    "so voi han",
    "so voi ke hoach",
    "so voi tien do",
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
    "chuan bi",  # "Ban Xây dựng Đảng chuẩn bị những nội dung nào": a programme's "Cơ quan chuẩn bị", its lead
    "phai trinh",  # "quý 2 có những nội dung gì phải trình": a programme's items, put to the committee
    "nhu the nao",  # "hạn ntn": when, no words of the task
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


# Words that carry no topic in a list question: question words, generic nouns, time and status words.
STOPWORDS = frozenset(
    """
    a ai anh ay bay biet em bi boi cac cai can cho chi chua chu cn co con cua cu da dang day de den deu
    di do duoc gi gio giup han hay het hoi hom hon khi khong kia la lam len liet luc ma minh moi mot
    muon nao nay neu ngay nhe nhieu nhung nhu nua o oi phai qua ra roi sao sap se sach tai the thi thoi
    tim toi tra trach tri truoc tu tuan va vao van ve vi viec voi vu vui xem xin xong yeu nhiem
    thang nam quy hien tren duoi trong ngoai sau ke kh thuc hien hoan thanh dau tien chot dien ra
    hang xuyen thuong phu phoi hop don vi danh sach co quan ban hanh chinh lai tre cham nguoi
    cu the kip gan sap toi xa hoach giao gom theo kem chiu rieng
    dot cuoc
    """.split()  # noqa: SIM905
)
# In a one-task question ("ai chủ trì rà soát hạng mục cần đầu tư") most words name the task: drop only these.
LOOKUP_STOPWORDS = frozenset(
    """
    a ai cac chot chu co cua da dang do duoc gi gio han hay het khi khong la lam luc mot nao nay ke hoach
    nhiem nhung phu tri trach va ve vu viec voi vao xong ngay phai chiu
    """.split()  # noqa: SIM905
)

QUESTION_WORDS_TEXT = (
    # "vui lòng" is stripped as a phrase: "long" alone is a place's word ("phường Long Châu").
    "ai gi nao sao dau khi gio khong chua the nhe a oi hay giup xin vui cho toi biet xem "
    # English question words, for users who write in English
    "which what who whom when where are is was the of for in my do does have has any there show list me "
    "all with by and or about tasks task jobs job please are"
)
# Also the words that end a name for the search layer ("… phối hợp gì").
QUESTION_WORDS = frozenset(QUESTION_WORDS_TEXT.split())
