"""The one escaper for document text that lands in generated source (docstrings, comments)."""

from __future__ import annotations

import re

# Bidi controls (Trojan Source), line/paragraph separators, and C0 controls other than \n and \t.
_UNSAFE = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\x00-\x08\x0b-\x1f\x7f]")


def clean(text: str) -> str:
    """Text with line ends normalised and invisible or line-breaking controls removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _UNSAFE.sub(" ", text)


def docstring(text: str) -> str:
    """Body of a triple-quoted docstring that cannot end the string early or escape anything."""
    text = clean(text).strip()
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    if text.endswith('"'):
        text += " "
    return text or "(no description)"


def comment(text: str) -> str:
    """One comment line: no line breaks can sneak code onto the next line."""
    return " ".join(clean(text).split())
