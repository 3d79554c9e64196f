"""Chinese numerals → numbers (一 → 1, 二十一 → 21, 两千 → 2000, 1.5万 → 15000)."""

from __future__ import annotations

_DIGIT = {
    "零": 0, "〇": 0, "○": 0, "Ｏ": 0,  # (○ and Ｏ stand for 〇 in typed dates: 二○二二年)
    "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
_SMALL_UNIT = {"十": 10, "百": 100, "千": 1000}
_BIG_UNIT = {"万": 10_000, "亿": 100_000_000}


def cn_to_int(text: str) -> int | None:
    """Parse a Chinese or Arabic integer; None when `text` is not one."""
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return int(text)
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _DIGIT:
            if digit is not None and digit != 0:
                # Digit-by-digit form (二〇二一): shift.
                digit = digit * 10 + _DIGIT[ch]
            else:
                digit = _DIGIT[ch]
        elif ch in _SMALL_UNIT:
            section += (1 if digit is None else digit) * _SMALL_UNIT[ch]
            digit = None
        elif ch in _BIG_UNIT:
            section += digit or 0
            total += (section or 1) * _BIG_UNIT[ch]
            section, digit = 0, None
        else:
            return None
    return total + section + (digit or 0)


def int_to_cn(n: int) -> str:
    """1 → 一, 10 → 十, 21 → 二十一 (for n < 100: numbering labels)."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n - 10] if n > 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    return str(n)
