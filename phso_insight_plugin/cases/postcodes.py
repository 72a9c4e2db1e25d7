"""UK postcode clean-up and join keys (pure pandas/numpy; no QGIS imports).

Rules applied by :func:`normalise_postcodes`, in order:

1. Missing values (``None``/``NaN``/``<NA>``) and text that is empty after
   trimming (spaces, tabs, non-breaking spaces…) are ``"blank"``.
2. Unicode NFKC normalisation (full-width ``ＳＷ１Ａ`` → ``SW1A``), upper case,
   then every character that is not a letter or digit is removed (spaces
   anywhere, ``-``, ``.``, non-breaking spaces…): ``" sw1a-1aa "`` → ``SW1A1AA``.
   Non-text values are converted with ``str`` first.
3. Typo fixes, only where the postcode format leaves no doubt
   (letter ``O`` ↔ digit ``0``, letter ``I`` ↔ digit ``1``):

   * the first character of the outward code must be a letter (``0``→``O``,
     ``1``→``I``);
   * the first character of the inward code (the third character from the
     end) must be a digit (``O``→``0``, ``I``→``1``): ``SW1A OAA`` → ``SW1A 0AA``;
   * a two-character outward code is ``A9``, so its second character must be
     a digit; a four-character outward code is ``AA99`` or ``AA9A``, so its
     second character must be a letter and its third a digit
     (``SWIA 1AA`` → ``SW1A 1AA``).

   The last two inward characters must be letters, but ``O`` and ``I`` are
   never used there, so no fix could make them valid and none is tried; other
   positions may legitimately hold a letter or a digit and are left alone. A
   fix never changes a postcode that is already valid.
4. Validation of the *format* (whether a postcode exists is the lookup's
   business): outward ``A9``, ``A99``, ``AA9``, ``AA99``, ``A9A`` or ``AA9A``;
   inward ``9AA`` whose letters exclude ``C I K M O V``; plus the special
   ``GIR 0AA``. Anything else — including postcodes containing non-ASCII
   letters such as ``SW1A 1ÅA`` — is ``"malformed"``.

Implementation: the text is viewed as a fixed-width numpy character matrix
(one row per value, ``uint32`` code points) and steps 2–4 are array
operations; only values that are non-ASCII or longer than 16 characters go
through pandas string methods (NFKC) first. A million postcodes take well
under a second on one core.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

#: Outward code formats A9, A99, AA9, AA99, A9A, AA9A.
OUTWARD_PATTERN = r"[A-Z](?:[0-9]{1,2}|[A-Z][0-9]{1,2}|[0-9][A-Z]|[A-Z][0-9][A-Z])"
#: Inward code 9AA; the letters C I K M O V are never used.
INWARD_PATTERN = r"[0-9][ABD-HJLNP-UW-Z]{2}"
#: A whole postcode, upper case, no spaces (documentation and tests; the
#: vectorised validation in this module implements the same rule).
POSTCODE_RE = re.compile(rf"^(?:GIR0AA|{OUTWARD_PATTERN}{INWARD_PATTERN})$")

#: Values of the ``status`` column (categorical, in this order).
STATUSES = ("ok", "blank", "malformed")
#: Status codes returned by :func:`case_postcode_keys` (positions in :data:`STATUSES`).
STATUS_OK, STATUS_BLANK, STATUS_MALFORMED = 0, 1, 2

#: Values longer than this (before clean-up) take the slower pandas path.
_WIDTH = 16

_SPACE = ord(" ")
_INWARD_LETTERS = np.zeros(128, dtype=bool)
_INWARD_LETTERS[[ord(c) for c in "ABDEFGHJLNPQRSTUWXYZ"]] = True
# Python's str.strip() removes these ASCII characters (and NUL is padding).
_ASCII_WHITESPACE = np.zeros(128, dtype=bool)
_ASCII_WHITESPACE[[0, 9, 10, 11, 12, 13, 28, 29, 30, 31, 32]] = True
_GIR = np.array([ord(c) for c in "GIR0AA"] + [0], dtype=np.uint8)
_UPPER = np.arange(128, dtype=np.uint8)
_UPPER[97:123] -= 32
_ALNUM = np.zeros(128, dtype=bool)
_ALNUM[48:58] = True
_ALNUM[65:91] = True


def _object_text(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(object array of values with missing replaced by "", missing mask)."""
    obj = values.to_numpy(dtype=object, copy=True)
    missing = np.asarray(pd.isna(obj), dtype=bool)
    obj[missing] = ""
    return obj, missing


def _char_matrix(obj: np.ndarray, width: int) -> tuple[np.ndarray, np.ndarray]:
    """(``uint32`` code points, shape (n, width); rows longer than ``width``)."""
    wide = np.asarray(obj, dtype=f"U{width + 1}").view(np.uint32).reshape(len(obj), width + 1)
    return wide[:, :width], wide[:, width] != 0


def _is_letter(c: np.ndarray) -> np.ndarray:
    return (c >= 65) & (c <= 90)


def _is_digit(c: np.ndarray) -> np.ndarray:
    return (c >= 48) & (c <= 57)


def _to_letter(c: np.ndarray) -> np.ndarray:
    """0→O, 1→I, other characters unchanged."""
    return np.where(c == ord("0"), ord("O"), np.where(c == ord("1"), ord("I"), c)).astype(c.dtype)


def _to_digit(c: np.ndarray) -> np.ndarray:
    """O→0, I→1, other characters unchanged."""
    return np.where(c == ord("O"), ord("0"), np.where(c == ord("I"), ord("1"), c)).astype(c.dtype)


def _slow_clean(obj: np.ndarray) -> np.ndarray:
    """NFKC, upper case, letters and digits only — pandas string methods."""
    text = pd.Series(obj, dtype=object).astype(str).str.normalize("NFKC").str.upper()
    # [\W_] = not a (Unicode) letter or digit. Non-ASCII letters survive and
    # make the value fail validation.
    return text.str.replace(r"[\W_]+", "", regex=True).to_numpy(dtype=object)


class _Parsed:
    """Result of :func:`_parse`: per input row a status, the cleaned postcode
    as 7 code points (left-aligned, zero padded) and the outward-code length."""

    __slots__ = ("status", "chars", "outward_len")

    def __init__(self, status: np.ndarray, chars: np.ndarray, outward_len: np.ndarray) -> None:
        self.status = status
        self.chars = chars
        self.outward_len = outward_len


def _parse(values: pd.Series) -> _Parsed:
    """Steps 1–4 of the module docstring for every value."""
    obj, missing = _object_text(values)
    n = len(obj)
    status = np.full(n, STATUS_MALFORMED, dtype=np.int8)
    status[missing] = STATUS_BLANK
    if n == 0:
        return _Parsed(status, np.zeros((0, 7), np.uint8), np.zeros(0, np.int8))
    chars, blank = _ascii_rows(obj)
    status[blank] = STATUS_BLANK
    upper = _UPPER[chars]
    keep = _ALNUM[upper]
    kept = keep.sum(axis=1)
    candidates = np.flatnonzero((kept >= 5) & (kept <= 7) & ~blank & ~missing)
    packed = _left_packed(upper[candidates], keep[candidates])
    outward_len = kept[candidates] - 3
    _fix_typos(packed, outward_len)
    ok = _valid_format(packed, outward_len)
    good = candidates[ok]
    status[good] = STATUS_OK
    out_chars = np.zeros((n, 7), dtype=np.uint8)
    out_chars[good] = packed[ok]
    out_outward_len = np.zeros(n, dtype=np.int8)
    out_outward_len[good] = outward_len[ok]
    return _Parsed(status, out_chars, out_outward_len)


def _ascii_rows(obj: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(ASCII code points as ``uint8``, shape (n, _WIDTH); blank rows).

    Values that are non-ASCII or longer than ``_WIDTH`` are cleaned with pandas first (step 2's
    NFKC); those still non-ASCII or long become all-zero rows (malformed, or blank when nothing
    was left after ``str.strip()``).
    """
    chars, too_long = _char_matrix(obj, _WIDTH)
    slow = np.flatnonzero(too_long | (chars > 127).any(axis=1))
    blank_rows = np.zeros(0, dtype=np.int64)
    if len(slow):
        # Blank = nothing left after str.strip() (covers NBSP and other Unicode spaces).
        slow_blank = (pd.Series(obj[slow], dtype=object).astype(str).str.strip() == "").to_numpy(dtype=bool)
        slow_chars, slow_long = _char_matrix(_slow_clean(obj[slow]), _WIDTH)
        # Still non-ASCII (e.g. "Å") or still long after clean-up: malformed;
        # blank ones are marked below.
        bad = slow_long | (slow_chars > 127).any(axis=1)
        chars = chars.copy()
        chars[slow] = np.where(bad[:, None], 0, slow_chars)
        blank_rows = slow[slow_blank]
    ascii_chars = chars.astype(np.uint8)
    blank = _ASCII_WHITESPACE[ascii_chars].all(axis=1)
    blank[slow] = False
    blank[blank_rows] = True
    return ascii_chars, blank


def _left_packed(upper: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """Step 2: the kept characters of each row, left-aligned in 7 places (zero padded)."""
    rows, cols = np.nonzero(keep)
    position = (np.cumsum(keep, axis=1, dtype=np.int8) - 1)[rows, cols]
    packed = np.zeros((len(upper), 7), dtype=np.uint8)
    packed[rows, position] = upper[rows, cols]
    return packed


def _fix_typos(packed: np.ndarray, outward_len: np.ndarray) -> None:
    """Step 3, in place: unambiguous O/0 and I/1 fixes."""
    rows = np.arange(len(packed))
    two, four = outward_len == 2, outward_len == 4
    packed[:, 0] = _to_letter(packed[:, 0])
    packed[two, 1] = _to_digit(packed[two, 1])
    packed[four, 1] = _to_letter(packed[four, 1])
    packed[four, 2] = _to_digit(packed[four, 2])
    packed[rows, outward_len] = _to_digit(packed[rows, outward_len])


def _valid_format(packed: np.ndarray, outward_len: np.ndarray) -> np.ndarray:
    """Step 4: whether each packed postcode has a valid outward and inward code (or is GIR 0AA)."""
    rows = np.arange(len(packed))
    c0, c1, c2, c3 = packed[:, 0], packed[:, 1], packed[:, 2], packed[:, 3]
    letter1, digit1, letter2, digit2 = _is_letter(c1), _is_digit(c1), _is_letter(c2), _is_digit(c2)
    outward_ok = _is_letter(c0) & (
        ((outward_len == 2) & digit1)
        | ((outward_len == 3) & ((digit1 & digit2) | (letter1 & digit2) | (digit1 & letter2)))
        | ((outward_len == 4) & letter1 & digit2 & (_is_letter(c3) | _is_digit(c3)))
    )
    i0, i1, i2 = packed[rows, outward_len], packed[rows, outward_len + 1], packed[rows, outward_len + 2]
    inward_ok = _is_digit(i0) & _INWARD_LETTERS[i1] & _INWARD_LETTERS[i2]
    return (outward_ok & inward_ok) | (packed == _GIR).all(axis=1)


def _format(parsed: _Parsed, spaced: bool) -> np.ndarray:
    """Object array of ``pcds`` (``spaced``) or ``pcd7`` strings; None where not ok."""
    n = len(parsed.status)
    width = 8 if spaced else 7
    grid = np.zeros((n, width), dtype=np.uint32)
    for k in (2, 3, 4):  # one pass per outward-code length, not per postcode
        sel = parsed.outward_len == k
        if not sel.any():
            continue
        src = parsed.chars[sel]
        block = np.zeros((len(src), width), dtype=np.uint32)
        block[:, :k] = src[:, :k]
        if spaced:
            block[:, k] = _SPACE
            block[:, k + 1 : k + 4] = src[:, k : k + 3]
        else:
            block[:, k:4] = _SPACE
            block[:, 4:7] = src[:, k : k + 3]
        grid[sel] = block
    text = grid.view(f"U{width}").reshape(n).astype(object)
    text[parsed.status != STATUS_OK] = None
    return text


# Base-37 digit of each ASCII character for the integer join key: NUL and
# whitespace 0 (skipped), digits 1–10, letters (either case) 11–36, anything
# else 37 (the key cannot belong to a valid postcode).
_KEY_DIGIT = np.full(128, 37, dtype=np.int8)
_KEY_DIGIT[[0, 9, 10, 11, 12, 13, 28, 29, 30, 31, 32]] = 0
_KEY_DIGIT[48:58] = np.arange(1, 11)
_KEY_DIGIT[65:91] = np.arange(11, 37)
_KEY_DIGIT[97:123] = np.arange(11, 37)
_POW37 = 37 ** np.arange(7, dtype=np.int64)


def _integer_keys(chars: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(keys, number of letters/digits per row) for rows of ASCII code points.

    Keys are a bijective int64 encoding of :func:`postcode_key`.

    Whitespace and NUL padding are skipped, letters are case-folded; the
    remaining characters, left-aligned in 7 base-37 places (0 = padding,
    digits 1–10, letters 11–36), form the key. Rows with another character,
    more than 7 letters/digits or none at all give -1.
    """
    n, width = chars.shape
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    digit = _KEY_DIGIT[np.minimum(chars, 127).astype(np.uint8)]
    digit[chars > 127] = 37
    keep = digit > 0
    kept = keep.sum(axis=1)
    bad = (digit == 37).any(axis=1) | (kept > 7) | (kept == 0)
    # Horner's rule over the character positions (one pass per position, not
    # per row); skipped characters leave the key unchanged.
    key = np.zeros(n, dtype=np.int64)
    for j in range(width):
        step = key * 37 + digit[:, j]
        np.copyto(key, step, where=keep[:, j])
    key *= _POW37[np.clip(7 - kept, 0, 6)]  # left-align: pad to 7 places
    key[bad] = -1
    return key, kept


def case_postcode_keys(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Parse case postcodes as :func:`normalise_postcodes` does; return their join keys.

    Returns
    -------
    status : int8 array
        :data:`STATUS_OK`, :data:`STATUS_BLANK` or :data:`STATUS_MALFORMED` per value.
    keys : int64 array
        Bijective integer encoding of :func:`postcode_key` of the cleaned postcode; -1 unless ok.
    """
    parsed = _parse(values)
    keys, _ = _integer_keys(parsed.chars)
    keys[parsed.status != STATUS_OK] = -1
    return parsed.status, keys


def lookup_postcode_keys(values: pd.Series) -> np.ndarray:
    """int64 encoding of :func:`postcode_key` for a lookup column (comparable with
    :func:`case_postcode_keys`).

    -1 for missing or empty values; -2 for keys longer than 7 characters or
    containing anything but ASCII letters and digits (such a key cannot equal
    the key of a valid postcode, so it never matches).
    """
    obj, missing = _object_text(values)
    n = len(obj)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    chars, too_long = _char_matrix(obj, 10)
    unusual = np.flatnonzero(too_long | (chars > 127).any(axis=1))
    if len(unusual):
        # Unicode whitespace, or long values that may shrink once spaces go.
        key_text = postcode_key(pd.Series(obj[unusual], dtype=object)).fillna("")
        fixed, long2 = _char_matrix(key_text.to_numpy(dtype=object), 10)
        fixed = np.where(long2[:, None], ord("-"), fixed)
        chars = chars.copy()
        chars[unusual] = fixed
    keys, kept = _integer_keys(chars)
    keys[keys < 0] = -2
    keys[missing | (kept == 0)] = -1
    return keys


def _frame(parsed: _Parsed, index: pd.Index) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "pcds": pd.array(_format(parsed, spaced=True), dtype="string"),
            "pcd7": pd.array(_format(parsed, spaced=False), dtype="string"),
            "status": pd.Categorical.from_codes(parsed.status, categories=list(STATUSES)),
        },
        index=index,
    )


def normalise_postcodes(values: pd.Series) -> pd.DataFrame:
    """Clean and validate UK postcodes.

    Parameters
    ----------
    values:
        Postcodes as typed by people (any dtype; non-text values are
        converted with ``str``).

    Returns
    -------
    pandas.DataFrame
        Same index as ``values``, columns

        * ``pcds`` – canonical display form ``"SW1A 1AA"`` (outward code, one
          space, inward code); ``<NA>`` when blank or malformed;
        * ``pcd7`` – ONS 7-character form: outward code left-justified in 4
          characters, then the inward code (``"SW1A1AA"``, ``"N1  9GU"``,
          ``"SE1 7PB"``); ``<NA>`` likewise;
        * ``status`` – ``"ok"``, ``"blank"`` or ``"malformed"`` (categorical).

    See the module docstring for the exact rules (clean-up, O/0 and I/1 typo
    fixes, format validation).
    """
    if not isinstance(values, pd.Series):
        values = pd.Series(values)
    return _frame(_parse(values), values.index)


def postcode_key(pcds_or_pcd7: pd.Series) -> pd.Series:
    """Join key for postcodes: upper case with all whitespace removed.

    ONS lookups publish postcodes as ``pcd``/``pcd7`` (``"N1  9GU"``),
    ``pcd8`` (``"N1   9GU"``) or ``pcds`` (``"N1 9GU"``); all give the key
    ``"N19GU"``, as do the ``pcds``/``pcd7`` columns of
    :func:`normalise_postcodes`. Only whitespace (including non-breaking and
    other Unicode spaces) is removed: the lookup is authoritative and is
    otherwise used as published. Missing or empty values give ``<NA>``.
    Same index as the input; pandas ``string`` dtype.

    :func:`~phso_insight_plugin.cases.assign.assign_by_postcode` joins on a
    bijective integer encoding of this key (same matches, faster): see
    :func:`case_postcode_keys` and :func:`lookup_postcode_keys`.
    """
    key = pcds_or_pcd7.astype("string").str.upper().str.replace(r"\s+", "", regex=True)
    return key.mask(key == "")
