"""Understand a question about plans and tasks: its intent and its slots (time window, overdue, due soon,
recurring, "mine", lead vs coordinator, plan number, topic words).

Everything works on folded text (no diacritics, đ→d, lowercase), so "quá hạn", "qua han" and "qúa hạn"
read the same; key phrases are also found with a small typo tolerance (rapidfuzz). Unit mentions are
resolved later against the units in the database (knowledge.search), since only the DB knows them.
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import asdict, dataclass, field, fields
from datetime import date

from rapidfuzz import fuzz

from knowledge.fold import fold
from knowledge.orgs import NAME_HEADS
from knowledge.question_scope import (
    IN_TITLED_PLAN,
    KIND_CODES,
    NOT_A_NAME,
    PLAN_FACT,
    PLAN_OF,
    PLAN_REF,
    PLAN_TITLED,
    REF_ISSUER,
    SOFT_KIND_WORDS,
    TITLED_COUNT,
    read_issuer,
)
from knowledge.question_words import (
    LOOKUP_STOPWORDS,
    MINE_WORDS,
    QUESTION_WORDS,
    STATUS_WORDS,
    STOPWORDS,
    STRIP_WORDS,
    STRONG_WHEN_WORDS,
    WHEN_WORDS,
    WHO_WORDS,
)
from knowledge.vocabulary import expand
from knowledge.vocabulary import phrases as spelled_out
from knowledge.windows import Window, parse_window

# A role word that, after an office's head word, is its name ("Phòng Tham mưu chủ trì gì"; "Văn phòng tham mưu gì"
# is still the role).
_NAME_GOES_ON = {"tham muu": r"(?<!(?<!\bvan )\bphong )(?<!\bban )"}

# Intents
HELP = "help"
LIST = "list"  # tasks by unit / window / status, no particular task in mind
SEARCH = "search"  # topic search
WHO = "who"  # who leads one task
WHEN = "when"  # deadline of one task
DETAILS = "details"
PLAN = "plan"
DUTY = "duty"
TARGET = "target"
PROGRESS = "progress"  # counts by status of a scope ("tiến độ chung", "kế hoạch 415 làm đến đâu")
PLANS = "plans"  # the list of plans ("có những kế hoạch nào", "kế hoạch của Đảng ủy")
UNKNOWN = "unknown"

# "Công an xã hoàn thành những việc gì rồi", "việc nào hoàn thành rồi": what is done (not what is due).
_DONE_WHICH = re.compile(
    r"\bhoan thanh (?:duoc )?(?:nhung|cac|bao nhieu|may) (?:viec|nhiem vu|cong viec)\b(?!.*\b(?:khi nao|truoc|han)\b)"
    r"|\b(?:viec|nhiem vu|nv|cong viec) nao (?:da )?hoan thanh\b(?! (?:truoc|trong|han|vao))"
)
# "báo cáo tháng gửi về đâu", "hạn nộp bc quý": a reporting duty, not a task about reports.
_REPORT_KIND = re.compile(
    r"\bbao cao (?:thang|quy|nam|tuan|6 thang|dinh ky|dot xuat|so ket|tong ket)\b(?! \d)"
    r"|\b(?:nop|gui) bao cao\b|\bbao cao (?:\w+ )?(?:gui|nop) (?:ve|cho|len|toi)\b|\bbao cao ve (?:dau|ai)\b"
)
# "chi bộ … bc đảng ủy xã hạn chót": a report to a body above, asked when: a reporting duty
_REPORT_TO_BODY = re.compile(
    r"\bbao cao (?:len |ve |cho )?(?:dang uy|ubnd|uy ban|ban thuong vu|ban chi dao|bcd|cap tren)\b"
    r"(?=.*\b(?:han chot|han|thoi han|truoc ngay)\b)"
)
_NO_DEADLINE = ("chua co han", "chua co thoi han", "khong co han", "khong co thoi han", "chua co deadline")
_PROGRESS = ("tien do", "tinh hinh", "lam den dau", "den dau roi", "toi dau roi")
_COUNT = re.compile(
    # "ngày bao nhiêu", "số bao nhiêu": which day, which number; not how many
    r"(?<!\bngay )(?<!\bso )\bbao nhieu\b|\b(?:co )?may (?:viec|nhiem vu|cong viec|ke hoach|noi dung)\b|\bco may\b|\btong so\b"
)
_OPEN = re.compile(r"\bcon (?:lai |nhung |cac )?(?:viec|nhiem vu|gi|nao|cong viec)\b|\bcon lai\b|\bcon gi\b")
# Documents asked for as a list: plans, and a Party committee's resolutions and other "văn bản" that set tasks
# ("ds văn bản về cđs của tỉnh …", "đảng ủy xã … có nghị quyết nào về cđs"); not the resolution a plan carries
# out ("kh … thực hiện nghị quyết nào").
_PLANS_LIST = re.compile(
    r"\bdanh sach (?:cac )?(?:ke hoach|van ban|nghi quyet)\b|\b(?:tong so|so luong) (?:cac )?(?:ke hoach|van ban)\b|\b(?:nhung|cac|bao nhieu|may) (?:ke hoach|van ban)\b"
    r"|\b(?:ke hoach|van ban|chuong trinh hanh dong|chuong trinh cong tac) (?:nao|hien co|gi)\b"
    r"|(?<!\bhien )(?<!\btheo )(?<!\bkhai )(?<!\bcu )(?<!\bdung )\bnghi quyet (?:nao|gi)\b"
)
# "nhiệm vụ 2.2", "việc số 3.2", "mục 3.3": a task by its numbering in the plan.
_TASK_CODE = re.compile(
    # "định danh mức 2": a level ("mức"), not an item ("mục"), once folded alike
    r"\b(?:nhiem vu|viec|(?<!dinh danh )(?<!dien tu )muc|noi dung|cong viec)\s+(?:so\s+)?"
    r"(\d{1,2}(?:\.\d{1,2}){0,3})\b(?![./]\d)"
)
# "cần đạt kết quả gì", "sản phẩm là gì", "kết quả cần đạt": what a task must produce ("Kết quả cần đạt:",
# "Sản phẩm:" in plans), not a topic ("sản phẩm OCOP lên sàn" is one).
_ASKS_RESULT = re.compile(
    r"\b(?:(?:can|phai) dat )?(?:ket qua|san pham(?: dau ra)?) (?:gi|j|la gi|nao|can dat|phai dat|ra sao)\b"
    r"|\b(?:can|phai) dat (?:gi|j|nhung gi|ket qua)\b"
)


@dataclass
class Question:
    text: str
    folded: str
    intent: str = UNKNOWN
    window: Window | None = None
    overdue: bool = False
    due_soon: bool = False
    recurring: bool = False
    mine: bool = False
    role: str | None = None  # "lead" | "support" | None
    plan_ref: str | None = None  # folded plan number as typed ("47a")
    ref_soft: bool = (
        False  # the number came after "nghị quyết": no plan with it means the resolution carried out
    )
    plan_kind: str | None = None  # the kind typed before the number, as plan numbers code it ("kh", "nq")
    plan_attr: str | None = None  # "issued_on" | "issuer" | "replaces" | "summary"
    plan_also: list[str] = field(default_factory=list)  # more facts of the plan asked in the same question
    target_year: str | None = None
    terms: list[str] = field(default_factory=list)  # topic words, folded
    phrases: list[str] = field(default_factory=list)  # abbreviations spelled out ("an toan thong tin")
    unit_text: str = ""  # words that may name a unit (resolved against the DB later)
    status: str | None = None  # "done" | "in_progress" | "blocked" | "not_started"
    no_deadline: bool = False  # "chưa có hạn"
    open_only: bool = False  # "còn việc gì": done tasks are not listed
    count: bool = False  # "bao nhiêu": the answer leads with the true count
    task_code: str | None = None  # "nhiệm vụ 2.2"
    issuer_text: str | None = None  # folded words of a plan's issuer or place ("xa tan an", "dang uy")
    place_hint: str | None = None  # "ở Đồng Tâm": two words that may name a place (checked against issuers)
    plan_title: str | None = None  # folded words of a plan's subject ("chuyen doi so nganh y te")
    about: list[str] = field(default_factory=list)  # the words after "về" / "liên quan": the topic asked
    # "về sáng chế, sở hữu trí tuệ": topics after "về" set apart by commas, any of which will do
    about_any: list[list[str]] = field(default_factory=list)


def question_to_json(q: Question) -> str:
    """`q` as JSON (dates as ISO), to keep the question behind a paged answer."""
    data = asdict(q)
    if q.window is not None:
        data["window"] = {
            "start": q.window.start.isoformat() if q.window.start else None,
            "end": q.window.end.isoformat() if q.window.end else None,
            "label": q.window.label,
        }
    return json.dumps(data, ensure_ascii=False)


def question_from_json(text: str) -> Question:
    """The Question `question_to_json` wrote. Raises ValueError on anything else."""
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError("not a question")
    window = data.pop("window", None)
    known = {f.name for f in fields(Question)}
    q = Question(**{k: v for k, v in data.items() if k in known})
    if window:
        q.window = Window(
            date.fromisoformat(window["start"]) if window.get("start") else None,
            date.fromisoformat(window["end"]) if window.get("end") else None,
            window.get("label", ""),
        )
    return q


# English users type English: the common phrasings, read as their Vietnamese equivalents.
_ENGLISH = [
    (r"\boverdue\b|\blate\b|\bpast due\b", " qua han "),
    (r"\bdue soon\b|\bupcoming\b", " sap den han "),
    (r"\brecurring\b|\bongoing\b|\bregular\b", " thuong xuyen "),
    (r"\bmy tasks?\b|\bmine\b", " nhiem vu cua toi "),
    (r"\bwho (?:leads|is responsible for|is in charge of|leads the task)\b", " ai chu tri "),
    (r"\bwhat is the deadline (?:of|for)\b|\bdeadline (?:of|for)\b|\bwhen is\b|\bwhen will\b", " han chot "),
    (r"\bthis month\b", " thang nay "),
    (r"\bnext month\b", " thang sau "),
    (r"\bthis week\b", " tuan nay "),
    (r"\bnext (\d+) days\b", r" \1 ngay toi "),
    (r"\bin (?:month )?(\d{1,2})/(\d{4})\b", r" thang \1/\2 "),
    (r"\bcoordinat\w*\b|\bsupports?\b", " phoi hop "),
    (
        r"\bplan (\w+) (?:issued|dated) when\b|\bwhen was plan (\w+) issued\b",
        r" ke hoach \1\2 ban hanh ngay nao ",
    ),
    (r"\b(?:tasks?|jobs?) (?:about|on)\b", " nhiem vu ve "),
    (r"\bwhat can you do\b", " huong dan "),
]


# Search-box operators typed in capitals ("5G OR wifi", NEAR, NOT): syntax, not topic words. Vietnamese has
# no such capitalised words, so only these exact capital forms go.
_OPERATORS = re.compile(r"\b(?:AND|OR|NOT|NEAR)\b")


_POSTS = r"(?:pho |chanh |tong )?(?:chu tich|bi thu|hieu truong|truong|giam doc|chanh van phong|cong chuc|thu truong)\b"


def _joined_initials(m: re.Match) -> str:
    return re.sub(r"[\s&-]+", "", m.group(0)) if "&" in m.group(0) else m.group(0)


def normalize(text: str) -> str:
    """A message folded for reading: no marks, English and phone words in the plans' words."""
    folded = fold(_OPERATORS.sub(" ", text or ""))
    folded = re.sub(r"[–—‐]", "-", folded)
    if re.search(r"\b(?:the|what|who|when|which|tasks?|due|my|overdue|help|plan)\b", folded):
        for pattern, replacement in _ENGLISH:
            folded = re.sub(pattern, replacement, folded)
    folded = re.sub(r"[?!,;:()\"“”]+", " ", folded)
    # "p ktht&đt", "p kt-ht&đt": a unit's initials joined by "&" or "-" are its initials ("kthtdt")
    folded = re.sub(
        r"\b[b-df-hj-np-tv-z]{1,5}(?:\s*[&-]\s*[b-df-hj-np-tv-z]{1,5})+\b", _joined_initials, folded
    )
    # "Đ/c Phó Chủ tịch", "đồng chí Bí thư", "dc phó hiệu trưởng": the honorific before a post is no word asked.
    folded = re.sub(rf"\b(?:d\s*/\s*c|dong chi|dc)\s+(?={_POSTS})", "", folded)
    # "AI" after "về", "liên quan (đến)", "ứng dụng" is the technology, not "who".
    folded = re.sub(
        r"\b(ve|lien quan(?: den| toi)?|ung dung|cong nghe|du lieu) ai\b", r"\1 tri tue nhan tao", folded
    )
    return expand(re.sub(r"\s+", " ", folded).strip())


def words_of(folded: str) -> list[str]:
    """The words of folded text."""
    return _words(folded)


def any_phrase(words: list[str], phrases) -> bool:
    """Whether any of `phrases` (folded) occurs in `words`, with a small typo tolerance (has_phrase)."""
    return _any(words, phrases)


def _words(folded: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", folded)


def has_phrase(words: list[str], phrase: str, *, cutoff: float = 80.0) -> bool:
    """`phrase` (folded words) occurs in `words`, exactly or with a small typo in its longer words
    (short words must match exactly, so "phòng nội" never reads as "phòng tôi")."""
    target = phrase.split()
    n = len(target)
    if f" {' '.join(target)} " in f" {' '.join(words)} ":
        return True
    if len(phrase) < 6:
        return False
    # Every word of a window that matches opens with its target word's letter (equal, or a typo past the
    # first letter): only windows whose first letters spell the target's are compared, found by a string
    # search over the words' first letters (most questions hold none; this runs for every phrase list).
    initials = "".join(w[:1] for w in words)
    wanted = "".join(p[:1] for p in target)
    i = initials.find(wanted)
    while i >= 0:
        window = words[i : i + n]
        if all(
            w == p
            or (len(p) >= 4 and fuzz.ratio(w, p) >= cutoff)
            or (len(p) == 3 and sorted(w) == sorted(p))  # swapped letters: "hna"
            for w, p in zip(window, target, strict=True)
        ):
            return True
        i = initials.find(wanted, i + 1)
    return False


def _any(words: list[str], phrases) -> bool:
    return any(has_phrase(words, p) for p in phrases)


_WHO_RE = re.compile(
    r"\b(don vi|co quan|phong|ban|so|bo phan|to) nao (chu tri|phu trach|thuc hien|lam|dam nhiem|tham muu|chuan bi)\b"
)
# "ai phối hợp lắp camera", "đơn vị nào phối hợp số hóa hồ sơ": who coordinates one task.
_WHO_SUPPORT = re.compile(
    r"\b(?:ai|(?:don vi|co quan|phong|ban|so|nhung ai|nhung don vi)(?: nao)?) (?:phoi hop|ho tro|cung tham gia)\b"
    r"|^phoi hop voi (?:ai|don vi nao|nhung ai|nhung don vi nao)\b"
)


def parse_question(text: str, today: date, *, places: bool = True) -> Question:
    """Read a question: intent and slots. Never raises. With `places` False, words such as "xã …" are not
    read as the place of a plan (the caller found no such place: "Hội Nông dân xã tham gia việc gì")."""
    folded = normalize(text)
    found = spelled_out(fold(text or "")) + spelled_out(folded)  # as typed, and as read ("về AI")
    q = Question(text=text or "", folded=folded, phrases=list(dict.fromkeys(found)))
    words = _words(folded)
    if not words:
        q.intent = HELP
        return q
    if words[0] in ("help", "huongdan", "trogiup", "start", "hello", "hi", "chao", "alo") or (
        len(words) <= 5
        and _any(words, ("huong dan", "tro giup", "lam duoc gi", "giup gi", "xin chao", "cam on"))
    ):
        q.intent = HELP
        return q

    rest = folded
    m = PLAN_REF.search(rest)  # "kế hoạch 47a", "KH 5749/KH-SCT"
    if m:
        ref = re.sub(r"\s*([/-])\s*", r"\1", m.group(1).replace("ke hoach", "kh"))
        q.plan_ref = re.sub(r"\s+", " ", ref).strip()
        q.plan_kind = KIND_CODES.get(rest[m.start() : m.start(1)].split()[0])
        # A decision or a dispatch sets tasks too ("qđ 412", "cv 1186"), or is only cited by a task.
        q.ref_soft = rest[m.start() : m.start(1)].startswith(
            ("nq", "nghi", "qd", "quyet", "cv", "cong van", "tb", "thong bao")
        )
        after = rest[m.end() :]
        # "kh 1342 bảo hiểm xã hội thay thế văn bản nào", "cv 2204 sở nnmt ngày nào": the issuer named after the
        # number is the document's own, no topic
        body = REF_ISSUER.match(after)
        if body and re.match(
            r"\s*(?:chu tri|phu trach|phoi hop|thuc hien|dam nhiem|duoc giao)\b", after[body.end() :]
        ):
            body = None  # "kh 1927 sở nội vụ chủ trì mấy việc": a unit of the plan, asked what it leads
        if body:
            after = after[body.end() :]
        if q.ref_soft and _PLANS_LIST.search(rest[: m.start()]):
            # "đảng ủy … có kh nào về nq 57": the plans asked for are those carrying the resolution out
            q.plan_ref, q.ref_soft = None, False
        elif q.ref_soft:  # its words stay: "hạn chót xd kh thực hiện nq 71" asks of the task naming it
            rest = rest[: m.start(1)] + " " + rest[m.start(1) : m.end()] + " " + after
        else:
            rest = rest[: m.start()] + " " + after
    m = _TASK_CODE.search(rest)
    if m:
        q.task_code = m.group(1)
        rest = rest[: m.start()] + " " + rest[m.end() :]
    plan_of = PLAN_OF.search(rest) is not None  # "kế hoạch của Sở KHCN": a plan named by its issuer
    titled = PLAN_TITLED.match(rest) if not q.plan_ref and not plan_of else None
    if titled:  # "kh chuyển đổi số ngành y tế số mấy": a plan named by what it is about
        q.plan_title = titled.group(1)
        plan_of = True
    counted = TITLED_COUNT.match(rest) if not (q.plan_ref or plan_of or titled) else None
    if counted:
        q.plan_title = counted.group(1)
        rest = " " + rest[counted.start("count") :]
    within = IN_TITLED_PLAN.search(rest) if not (q.plan_ref or plan_of or titled or counted) else None
    if within and QUESTION_WORDS & set(within.group(1).split()):
        within = None  # "trong kh đảng ủy Tường Vân có mục nào về chợ không": the question goes on
    if within:  # "nv của tôi trong kh cds ngành y tế": the tasks of the plan named by its subject
        q.plan_title = within.group(1)
        rest = rest[: within.start()]
    if places:
        q.issuer_text, rest = read_issuer(rest)
        if (
            q.issuer_text
        ):  # "nq đảng ủy Hạ Mỹ có mục nào …": the document's kind before its issuer is no topic
            rest = re.sub(r"^\s*(?:nghi quyet|nq)\b", " ", rest)
        if q.issuer_text and not plan_of and PLAN_FACT.search(rest):
            plan_of = True  # "xã Tân Khương ban hành kh số mấy, ngày nào": a fact of the plans of that place
        hint = None if q.issuer_text else re.search(r"\b(?:o|tai) ([a-z]+ [a-z]+)\b", rest)
        q.place_hint = hint.group(1) if hint else None
    rwords = _words(rest)

    replaces = _any(rwords, _REPLACES_WORDS)  # "kế hoạch của Sở … thay thế kế hoạch nào": a fact
    # "tất cả các kh việc nào đang làm dở": tasks of every plan, not the list of plans
    asks_tasks_of_plans = re.search(r"\b(?:viec|nhiem vu|nv|cong viec) (?:nao|gi)\b", rest) is not None
    if not q.plan_ref and not (plan_of and replaces) and not asks_tasks_of_plans and _PLANS_LIST.search(rest):
        q.intent = PLANS
        q.count = _COUNT.search(rest) is not None
        return q

    if _any(rwords, ("chi tieu", "ty le", "ti le", "muc tieu", "phan dau")):
        year = re.search(r"\b(20\d\d)\b", rest)
        q.target_year = year.group(1) if year else None
        words_t = _words(re.sub(r"\b(?:nam )?20\d\d\b", " ", rest))
        q.terms = [w for w in _topic(words_t, lookup=True) if w not in _TARGET_ASKING]
        q.intent = TARGET
        return q

    if (
        _REPORT_KIND.search(rest)
        or _REPORT_TO_BODY.search(rest)
        or has_phrase(rwords, "bao cao")
        and _any(
            rwords,
            (
                "hang thang",
                "hang quy",
                "hang nam",
                "dinh ky",
                "ngay nao",
                "khi nao",
                "bao gio",
                "thoi han",
                "che do",
                "the nao",
                "nhu the nao",
                "ngay may",
                "truoc ngay",
                "gui dau",
                "gui ve dau",
                "nop dau",
                "nop ve dau",
            ),
        )
    ):
        q.intent = DUTY
        q.terms = [w for w in _topic(rwords, lookup=True) if w not in ("bao", "cao")]
        return q

    if q.plan_ref or plan_of:
        if _any(rwords, _REPLACES_WORDS):
            q.plan_attr = "replaces"
        elif (
            q.plan_title
            and _any(rwords, ("ngay nao", "ngay may", "ky ngay"))
            and not _any(rwords, ("so may", "so bao nhieu", "so hieu"))  # "số mấy, ngày nào": both
        ):
            q.plan_attr = "issued_on"
        elif _any(rwords, ("so may", "so bao nhieu", "so hieu", "so ky hieu", "la so")):
            q.plan_attr = "summary"
        elif _any(
            rwords,
            (
                "nghi quyet nao",
                "van ban nao",
                "can cu",
                "chi thi nao",
                "de thuc hien",
                "lam theo ke hoach nao",
            ),
        ):
            q.plan_attr = "implements"
        elif _any(
            rwords,
            (
                "co quan nao",
                "don vi nao",
                "ai ban hanh",
                "noi ban hanh",
                "cap nao",
                "do ai",
                "cua ai",
                "la cua",
                "cua xa nao",
                "cua phuong nao",
                "xa nao",
                "phuong nao",
                "o dau",
            ),
        ):
            q.plan_attr = "issuer"
            if _any(rwords, _ISSUED_WHEN):
                q.plan_attr = "summary"  # "do ai ban hành ngày nào": both, as the summary gives them
        elif _any(rwords, _ISSUED_WHEN):
            q.plan_attr = "issued_on"
        elif _any(rwords, ("bao nhieu", "tom tat", "noi dung", "gioi thieu", "thong tin chung")):
            q.plan_attr = "summary"
        if q.plan_attr in (None, "issued_on") and _any(rwords, ("ve viec gi", "ve viec nao", "trich yeu")):
            q.plan_attr = (
                "summary"  # "cv 2204 ngày nào, về việc gì": its date and subject, as the summary gives
            )
        if q.plan_attr in ("replaces", "implements") and _any(rwords, _ISSUED_WHEN):
            q.plan_also = ["issued_on"]  # "ban hành ngày nào, thay thế kh nào": both facts
    window, rest = parse_window(rest, today)
    q.window = window
    rwords = _words(rest)

    q.overdue = _any(
        rwords,
        ("qua han", "tre han", "da het han", "cham tien do", "tre hen", "no dong", "bi cham", "cham so voi"),
    )
    q.due_soon = _any(
        rwords, ("sap den han", "sap het han", "sap toi han", "gan den han", "sap han", "sap den")
    )
    q.recurring = _any(rwords, ("thuong xuyen", "dinh ky", "lien tuc"))
    q.mine = _any(rwords, MINE_WORDS)
    q.role = "support" if _any(rwords, ("phoi hop", "ho tro", "tham gia")) else None
    q.no_deadline = _any(rwords, _NO_DEADLINE)
    must_finish = re.search(r"\b(?:phai|can|se|de|kip|chua) (?:lam )?(?:xong|hoan thanh)\b", rest) is not None
    for status, phrases in STATUS_WORDS.items():
        if status == "done" and must_finish:
            continue  # "phải xong việc gì": what is due, not what is done
        if any(re.search(r"(^| )" + p + r"( |$)", " ".join(rwords)) for p in phrases):
            q.status = status
            break
    if (
        q.status is None
        and "xong" in rwords
        and not must_finish  # "phải xong": what is due, not what is done
        and not _any(
            rwords, ("khi nao", "bao gio", "luc nao", "truoc ngay", "ngay nao", "ngay may", "thang may")
        )
    ):  # "xong trước ngày nào": when, not what is done
        q.status = "done"
    if q.status is None and not must_finish and _DONE_WHICH.search(folded):  # "… trước 30/9" is a window
        q.status = "done"
    q.count = _COUNT.search(rest) is not None
    # "tháng này có việc nào đến hạn": what is still to do; of a window already past ("quý 3 có nv nào đến
    # hạn" in November) every task that fell due then, done or not
    q.open_only = _OPEN.search(rest) is not None or (
        q.window is not None
        and (_any(rwords, ("sap den han",)) or (_any(rwords, ("den han",)) and q.window.end >= today))
    )
    # "phương tiện đo" (meters and scales) holds "tiến độ" once folded
    progress = _any(rwords, _PROGRESS) and not q.status and "phuong tien do" not in " ".join(rwords)

    who_support = _WHO_SUPPORT.search(rest) is not None
    who = _any(rwords, WHO_WORDS) or _WHO_RE.search(rest) is not None or who_support
    when = _any(rwords, WHEN_WORDS) and not q.no_deadline  # "chưa có thời hạn" is a status, not "when"
    if q.due_soon or q.window is not None:
        # "tháng 11 có việc gì tới hạn": what falls due, not "thời hạn" (one letter apart, so read alike)
        when = _any(_words(re.sub(r"\b(?:toi|den) han\b", " ", " ".join(rwords))), STRONG_WHEN_WORDS)

    asks_result = _ASKS_RESULT.search(rest)
    if asks_result:  # "… cần đạt kết quả gì": the task's expected result, shown with its details
        rest = rest[: asks_result.start()] + " " + rest[asks_result.end() :]
    cleaned = rest
    for phrase in (*_STATUS_STRIP, *STRIP_WORDS, *MINE_WORDS):  # "mấy nhiệm vụ" before "nhiệm vụ"
        cleaned = re.sub(_NAME_GOES_ON.get(phrase, "") + r"\b" + phrase + r"\b", " ", cleaned)
    cwords = _words(cleaned)
    q.unit_text = " ".join(cwords)
    q.terms = _topic(cwords, lookup=True)
    about = _ABOUT.search(rest)
    q.about_any = _alternatives(text)
    # "việc nào về chợ": the word after "về" is the topic even when, typed without marks, it is also a
    # common word ("cho" for "chợ").
    about_word = (
        about.group(1) if about and about.group(1) not in ("gi", "nao", "ai", "dau", "khong") else None
    )
    if about_word and about_word not in q.terms:
        q.terms.append(about_word)
    if about:
        after = rest[about.start(1) :].split()[:6]
        # "về thanh toán không dùng tiền mặt không": "không" goes on the topic unless it ends the question.
        q.about = list(
            itertools.takewhile(
                lambda w: w not in QUESTION_WORDS or w == about_word or w == "khong",
                after,
            )
        )
        while q.about and (q.about[-1] == "khong" or q.about[-1] in QUESTION_WORDS):
            q.about.pop()
        # The topic's own words are searched even when common ("tiền mặt"), "không" but a link in it.
        q.terms = _in_question_order(
            q.terms + [w for w in q.about if w not in ("khong", "hoac") and w not in QUESTION_WORDS], rest
        )

    slots = q.window or q.overdue or q.due_soon or q.recurring or q.status or q.no_deadline or q.task_code
    if slots and places and not (q.issuer_text or q.place_hint or q.plan_ref or q.plan_title):
        # "từ nay đến cuối năm Hạ Mỹ còn hạn nào": two words left beside a time or status may be a place
        # named without "xã"; the search scopes by it only if some plan comes from there.
        named = [w for w in q.unit_text.split() if w not in STOPWORDS and w not in NOT_A_NAME]
        if len(named) == 2 and named[0] not in NAME_HEADS:  # "sở nội vụ": a body, not a place
            q.place_hint = " ".join(named)
    if progress:
        q.intent = PROGRESS
        q.terms = [w for w in _topic(cwords, lookup=False) if w not in _PROGRESS_WORDS]
        return q
    if q.task_code:
        q.intent = WHO if who else WHEN if when else DETAILS
        return q
    # ("về việc gì" asks a document's subject, not its tasks)
    asks_tasks = re.search(
        # "phụ trách những nội dung nào trong ct 52": a programme's items are its "nội dung", its tasks
        r"(?<!\bve )\b(?:viec|nhiem vu|cong viec) (?:gi|nao)\b|\bnhung (?:viec|nhiem vu|noi dung(?! chinh))\b"
        r"|\bnoi dung (?:gi|nao) ve\b",  # "kh 418 có nội dung nào về an toàn thông tin": its tasks on that
        rest,
    )
    # "nghị quyết chi bộ … tháng 12 số mấy": a month naming the document is no window of its tasks
    names_number = _any(rwords, ("so may", "so bao nhieu", "so hieu", "so ky hieu"))
    if q.plan_attr == "summary" and ((slots and not names_number) or q.role or asks_tasks or q.mine):
        q.plan_attr = None  # "kh 92 có bao nhiêu việc đã xong": a count of its tasks, not the plan's summary
    titled_words = set(_words(q.plan_title or "")) | {"so", "may"}
    if q.ref_soft:  # "cv 2204 ngày nào": the words that named the document are no task's words
        titled_words |= set(SOFT_KIND_WORDS) | set(re.split(r"[/\s-]+", q.plan_ref or ""))
    if (
        q.plan_attr == "issued_on"
        and any(t not in titled_words for t in q.terms)
        and not _any(rwords, ("ban hanh", "ky ngay", "ra doi", "ra ngay", "ky ban hanh"))
    ):
        q.plan_attr = None  # "sổ sức khỏe điện tử kh 47a hạn bao giờ": a task of the plan, not its date
    if plan_of and not q.plan_ref and q.plan_attr and not q.count:
        q.intent = PLAN  # a fact of the plan that issuer made ("kh của Sở KHCN là kh số mấy")
        return q
    if q.plan_ref and not q.mine and (q.plan_attr or not (slots or q.terms or q.role or asks_tasks)):
        q.intent = PLAN
        q.plan_attr = q.plan_attr or "summary"
        return q
    if asks_result and not (who or when or slots or q.mine or q.role or q.count):
        q.intent = DETAILS
    elif who:
        q.intent = WHO
        q.role = "support" if who_support else None
    elif when and not (q.overdue or q.due_soon):
        q.intent = WHEN
    elif slots or q.mine or q.role or q.count or q.issuer_text:
        q.intent = LIST
        q.terms = _topic(cwords, lookup=False)
        if about_word and about_word not in q.terms:
            q.terms.append(about_word)
        q.terms = _in_question_order(
            q.terms + [w for w in q.about if w not in ("khong", "hoac") and w not in QUESTION_WORDS], rest
        )
    elif q.terms:
        q.intent = SEARCH  # becomes LIST when the words name a unit (knowledge.search)
    elif _any(rwords, ("nhiem vu", "cong viec", "viec")) or q.plan_ref:
        q.intent = LIST
    else:
        q.intent = UNKNOWN
    if q.intent in (WHO, WHEN) and not q.terms:
        # "việc nào đến hạn?" names no task: a list, nearest deadlines first.
        q.intent = LIST
        q.due_soon = q.due_soon or when
    return q


_STATUS_STRIP = (
    tuple(p for phrases in STATUS_WORDS.values() for p in phrases)
    + _NO_DEADLINE
    + (
        # "có mấy nội dung", "những nội dung nào": a programme's items, as a plan's are its tasks
        "may noi dung",
        "bao nhieu noi dung",
        "nhung noi dung",
        "cac noi dung",
        "noi dung nao",
        "noi dung gi",
        "bao nhieu",
        "tat ca",
        "co may",
        "may viec",
        "may nhiem vu",
        "may cong viec",
        "tham gia",
        "lien quan",
    )
)
_PROGRESS_WORDS = frozenset(["tien", "do", "tinh", "hinh", "dau", "chung", "ra", "sao", "the", "nao"])


_ABOUT = re.compile(r"\b(?:nao|gi|viec|muc|nv|vu) (?:ve|lien quan(?: den| toi)?) (?:cay )?([a-z]+)\b")
# The words that ask for a target rather than name it ("chỉ tiêu … là bao nhiêu %", "phấn đấu đến cuối năm").
_TARGET_ASKING = frozenset("chi tieu muc nam den tu toi bao nhieu phan dau cuoi dat la".split())  # noqa: SIM905
# "ban hành ngày nào / ngày mấy / khi nào": the day a plan was issued.
_ISSUED_WHEN = (
    "ngay nao",
    "ngay may",
    "khi nao",
    "bao gio",
    "ngay ban hanh",
    "luc nao",
    "thoi gian ban hanh",
)
# "thay thế kế hoạch nào", "thay kh nào": what the plan replaces.
_REPLACES_WORDS = ("thay the", "thay cho", "thay ke hoach")


# "về sáng chế, sở hữu trí tuệ", "có việc gì cho trẻ em, học sinh": the topics asked, after what introduces them
_ABOUT_TEXT = re.compile(
    r"(?:\b(?:ve|lien quan(?: den| toi)?|(?<=\bgi )cho|(?<=\bnao )cho)\s+)(?P<topics>[^?]+)$"
)


def _alternatives(text: str) -> list[list[str]]:
    """The topics asked after "về" when commas or "hoặc" set them apart ("về sáng chế, sở hữu trí tuệ
    không"), each as its folded words; [] for one topic."""
    folded = fold(text or "")
    m = _ABOUT_TEXT.search(folded)
    if not m or not re.search(r",|\bhoac\b", m["topics"]):
        return []
    topics = []
    for piece in re.split(r",|\bhoac\b", m["topics"]):
        piece_words = _words(expand(piece))
        words = [
            w
            for i, w in enumerate(piece_words)
            if _in_compound(piece_words, i) or (w not in QUESTION_WORDS and w != "khong")
        ]
        if words:
            topics.append(words)
    return topics if len(topics) >= 2 else []


def _in_question_order(terms: list[str], text: str) -> list[str]:
    """`terms` once each, in the order the question says them (neighbours matter to the coverage judge)."""
    order = {w: i for i, w in reversed(list(enumerate(_words(text))))}
    return sorted(dict.fromkeys(terms), key=lambda w: order.get(w, len(order)))


# Words of the trade one of whose syllables is a small word elsewhere ("đồ", "hoạch", "đô"): kept together.
_COMPOUNDS = frozenset(
    [
        ("muc", "ke"),
        ("theo", "doi"),
        ("sao", "luu"),
        ("ban", "do"),
        ("quy", "hoach"),
        ("do", "thi"),
        ("su", "dung"),
        ("doan", "the"),
        ("hoi", "cho"),
        ("phu", "nu"),
    ]
)


def _in_compound(words: list[str], i: int) -> bool:
    """Whether words[i] is half of one of _COMPOUNDS there."""
    return (i > 0 and (words[i - 1], words[i]) in _COMPOUNDS) or (
        i + 1 < len(words) and (words[i], words[i + 1]) in _COMPOUNDS
    )


def _topic(words: list[str], *, lookup: bool) -> list[str]:
    out = []
    for i, w in enumerate(words):
        if _in_compound(words, i):
            out.append(w)
            continue
        if w in QUESTION_WORDS:
            continue
        if w == "cay" and i + 1 < len(words) and words[i + 1] not in STOPWORDS:
            continue  # "cây chè", "cây xăng": a classifier people say that plans leave out ("hộ trồng chè")
        if w in (LOOKUP_STOPWORDS if lookup else STOPWORDS):
            continue
        if len(w) == 1 and not w.isdigit():
            continue
        out.append(w)
    return out
