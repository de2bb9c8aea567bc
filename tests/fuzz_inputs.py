"""Hostile inputs for the fuzz tests (tests/test_fuzz.py, with hypothesis) and the long fuzz run
(benchmarks/bench_fuzz.py, with a seeded random.Random): plan documents to mutate, chat events with
forged buttons and random text, a small world of people, and what a refusal looks like."""

from __future__ import annotations

import io
import random
import unicodedata
import zipfile

from bot.chat import FileRef, Incoming
from bot.verbs import Verb
from knowledge.messages import t
from storage import people as people_db
from tests.core_fixtures import TODAY, seed_plan

PLAN_TEXT = (
    "ỦY BAN NHÂN DÂN XÃ AN PHÚ\nSố: 112/KH-UBND\nKẾ HOẠCH\nChuyển đổi số năm 2026\n"
    "III. NHIỆM VỤ VÀ GIẢI PHÁP\n"
    "1. Phòng Văn hóa – Xã hội chủ trì tuyên truyền về chuyển đổi số, hoàn thành trước 31/10/2026.\n"
    "2. Phòng Kinh tế chủ trì rà soát dữ liệu đất đai, thực hiện hằng quý.\n"
    "| STT | Nhiệm vụ | Chủ trì | Thời hạn |\n| 3 | Số hóa hồ sơ | Văn phòng HĐND và UBND | Quý I/2027 |\n"
    "Các phòng, ban báo cáo kết quả vào ngày 18 hằng tháng.\n"
)


def plan_docx(text: str = PLAN_TEXT) -> bytes:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line, style="List Number" if line[:1].isdigit() else None)
    table = document.add_table(rows=2, cols=3)
    for row, values in zip(
        table.rows, (("STT", "Nhiệm vụ", "Thời hạn"), ("4", "Ký số", "2026")), strict=True
    ):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _pdf_string(line: str) -> str:
    """`line` without Vietnamese marks (the standard fonts have none), escaped for a PDF string."""
    plain = unicodedata.normalize("NFKD", line.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in plain if ch.isascii() and not unicodedata.combining(ch))
    return plain.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") or "."


def plan_pdf(text: str = PLAN_TEXT) -> bytes:
    """A one-page PDF with a text layer (ASCII: the folded plan text, one line per task)."""
    lines = [_pdf_string(line) for line in text.splitlines()]
    stream = "BT /F1 10 Tf 40 800 Td 12 TL " + " ".join(f"({line}) '" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        " /Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


# Pieces that readers treat specially: XML that nests, references, numbers at the edges, encodings.
XML_PIECES = (
    '<w:numPr><w:ilvl w:val="x"/><w:numId w:val="99999999999"/></w:numPr>',
    '<w:tc><w:tcPr><w:gridSpan w:val="2147483648"/><w:vMerge/></w:tcPr></w:tc>',
    "<w:tbl><w:tr><w:tc><w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl>",
    '<w:pStyle w:val="Heading1"/>',
    "<!DOCTYPE x [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;'>]>",
    "&#0;&#xD800;",
    "</w:body>",
    '<w:t xml:space="preserve">1.1. Phòng Kinh tế chủ trì, trước 31/2/2026</w:t>',
)
BYTE_PIECES = (
    b"\x00",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"PK\x03\x04",
    b"%PDF-",
    b"\r\n",
    b"\xe1\xba",
    b"9" * 40,
)


def mutate_bytes(data: bytes, rng: random.Random, rounds: int = 3) -> bytes:
    """Flip, cut, repeat or insert a few pieces of `data`."""
    out = bytearray(data)
    for _ in range(rounds):
        if not out:
            out += rng.choice(BYTE_PIECES)
            continue
        at = rng.randrange(len(out))
        kind = rng.randrange(5)
        if kind == 0:
            out[at] = rng.randrange(256)
        elif kind == 1:
            del out[at:]
        elif kind == 2:
            out[at:at] = rng.choice(BYTE_PIECES)
        elif kind == 3:
            end = min(len(out), at + rng.randrange(1, 64))
            out[at:at] = out[at:end] * rng.randrange(1, 8)
        else:
            end = min(len(out), at + rng.randrange(1, 256))
            del out[at:end]
    return bytes(out)


def mutate_docx_xml(data: bytes, rng: random.Random) -> bytes:
    """A well-formed zip whose document.xml (or styles/numbering) was edited: the XML reader gets it."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    target = rng.choice(("word/document.xml", "word/styles.xml", "word/numbering.xml"))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == target:
                text = content.decode("utf-8", "replace")
                for _ in range(rng.randrange(1, 4)):
                    at = rng.randrange(len(text) + 1)
                    text = text[:at] + rng.choice(XML_PIECES) + text[at:]
                content = text.encode("utf-8")
            archive.writestr(info, content)
    return out.getvalue()


def hostile_document(rng: random.Random, bases: dict[str, bytes]) -> tuple[str, bytes]:
    """(suffix, content) of one hostile document: random bytes, a mutated plan, an edited .docx."""
    suffix = rng.choice((".txt", ".docx", ".pdf"))
    kind = rng.randrange(4)
    if kind == 0:
        return suffix, rng.randbytes(rng.randrange(0, 4096))
    if kind == 1 and suffix == ".docx":
        return suffix, mutate_docx_xml(bases[".docx"], rng)
    if kind == 2 and suffix == ".txt":
        text = PLAN_TEXT
        for encoding in ("utf-16", "cp1258", "latin-1"):
            if rng.random() < 0.3:
                return suffix, mutate_bytes(text.encode(encoding, "replace"), rng, rounds=rng.randrange(0, 3))
    return suffix, mutate_bytes(bases[suffix], rng, rounds=rng.randrange(1, 6))


def document_bases() -> dict[str, bytes]:
    return {".txt": PLAN_TEXT.encode(), ".docx": plan_docx(), ".pdf": plan_pdf()}


# --- chat events ------------------------------------------------------------------------------------

ADMIN, LEADER, MEMBER, INACTIVE, STRANGER = "1", "2", "3", "4", "999"
SENDERS = (ADMIN, LEADER, MEMBER, INACTIVE, STRANGER)
VERBS = tuple(str(v) for v in Verb) + ("zz", "", "td ", "TD")
COMMANDS = (
    "start",
    "help",
    "huy",
    "nhiemvu",
    "saphethan",
    "quahan",
    "capnhat",
    "tiendo",
    "tatnhac",
    "batnhac",
    "nhacviec",
    "giaoviec",
    "thongbao",
    "thongbao_trangthai",
    "moi",
    "lienket",
    "nguoidung",
    "khong_co",
)
ARG_PIECES = (
    "0",
    "1",
    "2",
    "3",
    "-1",
    "9223372036854775808",
    "99999999999999999999999",
    "1e9",
    "٣",  # an Arabic-Indic digit: isdigit() but not ASCII
    "0x10",
    "a",
    "ok",
    "no",
    "x",
    "u",
    "r",
    "p",
    "all",
    "admin",
    "",
    " ",
    "ff",
    "ffffffffffffffffffff",
    "💥",
)
TEXT_PIECES = (
    "nhiệm vụ của tôi",
    "quá hạn",
    "chuyển đổi số",
    "<b>",
    "&amp;",
    "</i>",
    "\x00",
    "\u202e",
    "%s%n",
    "'; DROP TABLE tasks; --",
    "1",
    "99",
    "hủy",
    "ok",
)


def forged_action(rng: random.Random) -> str:
    parts = [rng.choice(VERBS)] + [rng.choice(ARG_PIECES) for _ in range(rng.randrange(0, 4))]
    return ":".join(parts)


def random_text(rng: random.Random) -> str:
    kind = rng.randrange(4)
    if kind == 0:
        return (
            "/"
            + rng.choice(COMMANDS)
            + " "
            + " ".join(rng.choice(ARG_PIECES) for _ in range(rng.randrange(3)))
        )
    if kind == 1:
        return " ".join(rng.choice(TEXT_PIECES) for _ in range(rng.randrange(1, 6)))
    if kind == 2:
        return "".join(chr(rng.randrange(0x20, 0x2FFF)) for _ in range(rng.randrange(0, 60)))
    return "x" * rng.choice((0, 1, 1999, 2001, 4097))


def chat_event(
    rng: random.Random,
    *,
    sender: str,
    action: str | None = None,
    text: str | None = None,
    group: bool = False,
) -> Incoming:
    file = None
    if action is None and text is None and rng.random() < 0.1:
        file = FileRef("photo", "ref" + str(rng.randrange(10)), None, size=rng.randrange(10**9))
    return Incoming(
        channel=rng.choice(("telegram", "telegram", "zalo", "console")) if sender == ADMIN else "telegram",
        chat_id=("-100" if group else "") + sender,
        sender_id=sender,
        sender_name="Người thử",
        text=text,
        action=action,
        file=file,
        is_group=group,
        mentioned=group and rng.random() < 0.5,
        language=rng.choice(("vi", "en-US", None)),
        today=TODAY,
    )


def random_event(rng: random.Random) -> Incoming:
    sender = rng.choice(SENDERS)
    group = rng.random() < 0.15
    if rng.random() < 0.6:
        return chat_event(rng, sender=sender, action=forged_action(rng), group=group)
    return chat_event(rng, sender=sender, text=random_text(rng), group=group)


def people_world(db) -> dict:
    """The core fixtures' plan, and an admin, a leader, a member and an inactive member."""
    ids = seed_plan(db)
    unit = ids["Phòng Kinh tế"]
    for external, role, unit_id in (
        (ADMIN, "admin", None),
        (LEADER, "leader", unit),
        (MEMBER, "member", unit),
    ):
        person = people_db.add_user(
            db, channel="telegram", external_id=external, name=f"P{external}", role=role, unit_id=unit_id
        )
        for channel in ("zalo", "console"):
            people_db.link_identity(db, person, channel, external)
    inactive = people_db.add_user(
        db, channel="telegram", external_id=INACTIVE, name="Nghỉ", role="member", unit_id=unit
    )
    db.execute("UPDATE people SET active = 0 WHERE id = ?", [inactive])
    return ids


REFUSAL_KEYS = ("core.stale_button", "core.forbidden", "core.private_only", "core.inactive", "core.too_long")


def refusal_prefixes() -> tuple[str, ...]:
    """The start of every refusal the core gives (before its first placeholder), in both languages."""
    prefixes = []
    for lang in ("vi", "en"):
        for key in REFUSAL_KEYS:
            template = t(lang, key, limit="{limit}")
            prefix = template.split("{", 1)[0]
            if prefix:
                prefixes.append(prefix)
    return tuple(prefixes)


def is_refusal(replies, prefixes: tuple[str, ...]) -> bool:
    return bool(replies) and all(reply.text.startswith(prefixes) for reply in replies)
