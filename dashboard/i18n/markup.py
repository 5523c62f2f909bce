"""Text that is shown through Markdown: user text must read as itself, never as markup.

Streamlit renders most strings as GitHub-flavoured Markdown with its own extras: `:red[...]` colour
directives, `:material/icon:` and emoji shortcodes, `$...$` maths, images and links. A title such as
`[Sign in](http://evil)` or `![x](http://evil/img.png)` would become a link or load a remote image.
`escape_md` turns any text into Markdown that renders as exactly that text (on one line).
"""

from __future__ import annotations

import re

# Every ASCII character that starts or ends a Markdown construct anywhere in a line. CommonMark
# lets a backslash escape any ASCII punctuation, and the backslash itself is not shown.
_SPECIAL = re.compile(r"([\\`*_\[\]()#<>!|~$:&{}@])")
# Block markers only mean something at the start: lists (`- `, `+ `, `1. `), setext underlines (`=`).
_LEADING = re.compile(r"^([-+=])")
_ORDERED = re.compile(r"^(\d+)([.)])")
# Shortcodes (`:smile:`, `:material_star:`) and bare addresses (`http://…`, `www.…`, `a@b.org`) are
# found in the text after escapes are gone: a zero-width space keeps their parts apart.
_BREAK = re.compile(r"(?i)(:(?=\S)|@|\bwww(?=\.))")
_NEWLINES = re.compile(r"\r\n|\r|\n|\u2028|\u2029")
ZERO_WIDTH_SPACE = "\u200b"


def escape_md(text: object, *, lines: bool = False) -> str:
    """`text` as Markdown that renders literally (links, images, emphasis, colours, icons, maths, lists).

    The result is one line; with `lines`, each line of `text` is escaped on its own and kept as a line.
    """
    if text is None:
        return ""
    if lines:
        return "  \n".join(escape_md(line) for line in _NEWLINES.split(str(text)))
    # One line, no indentation (four leading spaces would make a code block).
    value = _NEWLINES.sub(" ", str(text)).lstrip()
    value = _SPECIAL.sub(r"\\\1", value)
    value = _BREAK.sub(r"\1" + ZERO_WIDTH_SPACE, value)
    value = _LEADING.sub(r"\\\1", value)
    return _ORDERED.sub(r"\1\\\2", value)
