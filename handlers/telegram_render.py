"""How replies look on Telegram: HTML within 4,096 characters, inline buttons under the last part, a
file with its caption when the text fits one (1,024 characters).

The one Telegram renderer: live answers (handlers/telegram.py) and the outbox sender
(handlers/telegram_sender.py) both turn a `Reply` into `TelegramMessage`s here and send them with
`send_message_of`.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from telegram.constants import ParseMode

from bot.chat import Button, FileRef, Reply, split_message

MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024


@dataclass(frozen=True)
class TelegramMessage:
    """One message to send: HTML text with its buttons, or a file with the text as its caption."""

    text: str
    markup: InlineKeyboardMarkup | None = None
    file: FileRef | None = None


def markup_of(buttons: list[list[Button]]) -> InlineKeyboardMarkup | None:
    rows = [[InlineKeyboardButton(b.label, callback_data=b.action) for b in row] for row in buttons if row]
    return InlineKeyboardMarkup(rows) if rows else None


def render_reply(reply: Reply) -> list[TelegramMessage]:
    """The messages that show `reply`. A file kept by another platform's reference (an empty `ref`, see
    bot.delivery.reply_of_payload) cannot be sent here: it is named under the text instead."""
    markup = markup_of(reply.buttons)
    text = reply.text or ""
    document = reply.document
    if document is not None and not document.ref:
        text = f"{text}\n\n📎 {html.escape(document.name or document.kind)}".strip()
        document = None
    if document is not None and len(text) <= CAPTION_LIMIT:
        return [TelegramMessage(text, markup, document)]
    parts = split_message(text, MESSAGE_LIMIT) if text else []
    messages = [
        TelegramMessage(part, markup if index == len(parts) - 1 else None) for index, part in enumerate(parts)
    ]
    if document is not None:  # the text was too long for a caption: the file follows it
        messages.append(TelegramMessage("", None, document))
    return messages


async def send_message_of(bot, chat_id: int | str, message: TelegramMessage) -> None:
    """Send one rendered message with a PTB `Bot`."""
    if message.file is None:
        await bot.send_message(
            chat_id,
            message.text,
            parse_mode=ParseMode.HTML,
            reply_markup=message.markup,
            disable_web_page_preview=True,
        )
        return
    caption = message.text or None
    options = {
        "caption": caption,
        "parse_mode": ParseMode.HTML if caption else None,
        "reply_markup": message.markup,
    }
    file = message.file
    # A file the bot made (a report, a chart) is uploaded from its bytes; others go by their id or URL.
    source = InputFile(file.content, filename=file.name) if file.content is not None else file.ref
    if file.kind == "photo":
        await bot.send_photo(chat_id, photo=source, **options)
    else:
        await bot.send_document(chat_id, document=source, filename=file.name, **options)
