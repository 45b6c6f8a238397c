# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
# cython: cdivision=True, infer_types=False, auto_pickle=False
"""The tokenizer's scan, compiled: one pass over the text that cuts it into tokens.

A hand-written scanner for the token grammar :mod:`depesche.engine.tokenizer` documents,
trying at each position, in this order, the first kind that matches (as an alternation of
regular expressions would, with Python's ``re`` semantics of ``\\w``, ``\\d`` and ``\\s``
for ``str``: ``str.isalnum`` or ``_``, ``str.isdecimal``, ``str.isspace``):

1. ``url``: ``http://``, ``https://`` or ``www.``, then the shortest non-space run that
   leaves only closing punctuation (``.,;:!?)]``) before the next space or the end;
2. ``ordinal``: one to three digits or one to four of ``IVX``, a period and a space, not
   after a word character, a period or a comma;
3. ``number``: digits, then one or more groups of ``.``, ``,`` or ``:`` and digits, word
   characters, hyphenated word parts ("10.000", "3,5", "10:30", "1,5-fach");
4. ``dotted``: two or more letter-period pairs, not after a word character ("z.B.");
5. ``abbr``: a known abbreviation or a capital letter, a period, then a space or one of
   ``,;:)``, not after a word character;
6. ``word``: word characters joined by apostrophes or hyphens, and a hyphen before a space
   or a comma ("Parlaments-");
7. ``ellipsis``: three periods or "…"; 8. ``terminal``: a run of ``!?``, or a period;
9. ``other``: any other character but a space.

The decisions that need the words around a period (whether an ordinal's or an
abbreviation's period ends a sentence) stay with the tokenizer, which passes them in.
"""

from cpython.unicode cimport (
    PyUnicode_READ_CHAR,
    PyUnicode_Substring,
    Py_UNICODE_ISALNUM,
    Py_UNICODE_ISDECIMAL,
    Py_UNICODE_ISSPACE,
)

cdef enum Kind:
    NONE = 0
    URL
    ORDINAL
    NUMBER
    DOTTED
    ABBR
    WORD
    ELLIPSIS
    TERMINAL
    OTHER

# What the ordinal callback answers.
ORDINAL_KEEPS_PERIOD = 0     # "am 10. Januar": one token, no full stop
ORDINAL_SPLIT = 1            # "seit 1990. Die": the number, then "." ending the sentence
ORDINAL_ENDS_SENTENCE = 2    # "Abdullah II. Die": one token ending the sentence


cdef inline bint is_word(Py_UCS4 c) noexcept:
    return Py_UNICODE_ISALNUM(c) or c == u'_'


cdef inline bint is_hyphen(Py_UCS4 c) noexcept:
    return c == u'-' or c == u'\u2010' or c == u'\u2011'


cdef inline bint is_closing(Py_UCS4 c) noexcept:
    return (c == u'.' or c == u',' or c == u';' or c == u':' or c == u'!' or c == u'?'
            or c == u')' or c == u']')


cdef class _Text:
    """The text being scanned, read by code point."""

    cdef str text
    cdef Py_ssize_t n

    def __init__(self, str text) -> None:
        self.text = text
        self.n = len(text)

    cdef inline Py_UCS4 at(self, Py_ssize_t k) noexcept:
        """The code point at ``k``, or 0 outside the text (0 is neither word nor space
        nor any punctuation the scanner looks for)."""
        if k < 0 or k >= self.n:
            return 0
        return PyUnicode_READ_CHAR(self.text, k)

    cdef inline bint space_at(self, Py_ssize_t k) noexcept:
        return 0 <= k < self.n and Py_UNICODE_ISSPACE(PyUnicode_READ_CHAR(self.text, k))

    cdef inline bint word_at(self, Py_ssize_t k) noexcept:
        return 0 <= k < self.n and is_word(PyUnicode_READ_CHAR(self.text, k))

    cdef inline bint decimal_at(self, Py_ssize_t k) noexcept:
        return 0 <= k < self.n and Py_UNICODE_ISDECIMAL(PyUnicode_READ_CHAR(self.text, k))

    cdef inline bint starts(self, Py_ssize_t k, str prefix) noexcept:
        cdef Py_ssize_t m = len(prefix), j
        if k + m > self.n:
            return False
        for j in range(m):
            if PyUnicode_READ_CHAR(self.text, k + j) != PyUnicode_READ_CHAR(prefix, j):
                return False
        return True

    cdef inline Py_ssize_t words_from(self, Py_ssize_t k) noexcept:
        """The end of the run of word characters from ``k``."""
        while self.word_at(k):
            k += 1
        return k


cdef Py_ssize_t match_url(_Text t, Py_ssize_t p) noexcept:
    cdef Py_ssize_t body, run_end, keep
    if t.starts(p, "https://"):
        body = p + 8
    elif t.starts(p, "http://"):
        body = p + 7
    elif t.starts(p, "www."):
        body = p + 4
    else:
        return -1
    run_end = body
    while run_end < t.n and not t.space_at(run_end):
        run_end += 1
    if run_end == body:
        return -1
    keep = run_end  # closing punctuation before the space stays outside
    while keep > body and is_closing(t.at(keep - 1)):
        keep -= 1
    return keep if keep > body else body + 1


cdef Py_ssize_t match_ordinal(_Text t, Py_ssize_t p) noexcept:
    cdef Py_UCS4 before = t.at(p - 1)
    cdef Py_ssize_t k = p
    cdef Py_UCS4 c
    if p > 0 and (is_word(before) or before == u'.' or before == u','):
        return -1
    while k - p < 3 and t.decimal_at(k):
        k += 1
    if k == p:
        while k - p < 4:
            c = t.at(k)
            if c == u'I' or c == u'V' or c == u'X':
                k += 1
            else:
                break
    if k == p or t.at(k) != u'.' or not t.space_at(k + 1):
        return -1
    return k + 1


cdef Py_ssize_t match_number(_Text t, Py_ssize_t p) noexcept:
    cdef Py_ssize_t k = p, groups = 0, digits
    cdef Py_UCS4 c
    while t.decimal_at(k):
        k += 1
    if k == p:
        return -1
    while True:
        c = t.at(k)
        if not (c == u'.' or c == u',' or c == u':'):
            break
        digits = k + 1
        while t.decimal_at(digits):
            digits += 1
        if digits == k + 1:
            break
        k = digits
        groups += 1
    if groups == 0:
        return -1
    k = t.words_from(k)
    while is_hyphen(t.at(k)) and t.word_at(k + 1):
        k = t.words_from(k + 1)
    return k


cdef inline bint is_letter(Py_UCS4 c) noexcept:
    """``[^\\W\\d_]``: a word character that is no decimal digit and no underscore."""
    return is_word(c) and not Py_UNICODE_ISDECIMAL(c) and c != u'_'


cdef Py_ssize_t match_dotted(_Text t, Py_ssize_t p) noexcept:
    cdef Py_ssize_t k = p, pairs = 0
    if t.word_at(p - 1):
        return -1
    while 0 <= k < t.n and is_letter(t.at(k)) and t.at(k + 1) == u'.':
        k += 2
        pairs += 1
    return k if pairs >= 2 else -1


cdef Py_ssize_t match_abbreviation(_Text t, Py_ssize_t p, dict abbreviations) noexcept:
    cdef Py_UCS4 first = t.at(p)
    cdef Py_ssize_t end
    cdef Py_UCS4 after
    if t.word_at(p - 1) or p >= t.n:
        return -1
    for abbreviation in abbreviations.get(first, ()):
        if t.starts(p, abbreviation):
            end = p + len(<str>abbreviation)
            after = t.at(end + 1)
            if t.at(end) == u'.' and (t.space_at(end + 1) or after == u',' or after == u';'
                                      or after == u':' or after == u')'):
                return end + 1
    if (u'A' <= first <= u'Z' or first == u'Ä' or first == u'Ö' or first == u'Ü'):
        after = t.at(p + 2)
        if t.at(p + 1) == u'.' and (t.space_at(p + 2) or after == u',' or after == u';'
                                    or after == u':' or after == u')'):
            return p + 2
    return -1


cdef Py_ssize_t match_word(_Text t, Py_ssize_t p) noexcept:
    cdef Py_ssize_t k = t.words_from(p)
    cdef Py_UCS4 c
    if k == p:
        return -1
    while True:
        c = t.at(k)
        if (c == u"'" or c == u'\u2019' or is_hyphen(c)) and t.word_at(k + 1):
            k = t.words_from(k + 1)
        else:
            break
    if is_hyphen(t.at(k)) and (t.space_at(k + 1) or t.at(k + 1) == u','):
        k += 1
    return k


cdef Kind next_token(_Text t, Py_ssize_t p, dict abbreviations, Py_ssize_t* end) noexcept:
    """The kind of the token at ``p`` and its end, or NONE at a space."""
    cdef Py_UCS4 c = t.at(p)
    cdef Py_ssize_t k
    if Py_UNICODE_ISSPACE(c):
        return NONE
    if c == u'h' or c == u'w':
        end[0] = match_url(t, p)
        if end[0] > 0:
            return URL
    end[0] = match_ordinal(t, p)
    if end[0] > 0:
        return ORDINAL
    if Py_UNICODE_ISDECIMAL(c):
        end[0] = match_number(t, p)
        if end[0] > 0:
            return NUMBER
    if is_word(c):
        end[0] = match_dotted(t, p)
        if end[0] > 0:
            return DOTTED
        end[0] = match_abbreviation(t, p, abbreviations)
        if end[0] > 0:
            return ABBR
        end[0] = match_word(t, p)
        return WORD
    if c == u'.' and t.at(p + 1) == u'.' and t.at(p + 2) == u'.':
        end[0] = p + 3
        return ELLIPSIS
    if c == u'…':
        end[0] = p + 1
        return ELLIPSIS
    if c == u'!' or c == u'?':
        k = p + 1
        while t.at(k) == u'!' or t.at(k) == u'?':
            k += 1
        end[0] = k
        return TERMINAL
    end[0] = p + 1
    return TERMINAL if c == u'.' else OTHER


def scan_tokens(str text not None, Py_ssize_t start, dict abbreviations not None,
                ordinal_period, abbreviation_period, make_token) -> tuple:
    """The tokens of ``text`` from ``start`` and the indices of the full stops among them.

    ``abbreviations`` maps a first letter to the known abbreviations that start with it,
    longest first. ``ordinal_period(text, word, end, previous)`` says what an ordinal's
    period is (``ORDINAL_KEEPS_PERIOD``, ``ORDINAL_SPLIT``, ``ORDINAL_ENDS_SENTENCE``);
    ``abbreviation_period(text, word, end, dotted)`` whether an abbreviation's ends a
    sentence; ``make_token(text, start, end, index)`` makes a token.
    """
    cdef _Text t = _Text(text)
    cdef list tokens = []
    cdef set stops = set()
    cdef str previous = ""
    cdef str word
    cdef Py_ssize_t p = max(start, 0), end = 0, n
    cdef Kind kind
    while p < t.n:
        kind = next_token(t, p, abbreviations, &end)
        if kind == NONE:
            p += 1
            continue
        word = PyUnicode_Substring(text, p, end)
        n = len(tokens)
        if kind == ORDINAL:
            period = ordinal_period(text, word, end, previous)
            if period == ORDINAL_SPLIT:
                tokens.append(make_token(word[:len(word) - 1], p, end - 1, n))
                stops.add(n + 1)
                tokens.append(make_token(".", end - 1, end, n + 1))
                previous = "."
                p = end
                continue
            if period == ORDINAL_ENDS_SENTENCE:
                stops.add(n)
        elif kind == ABBR or kind == DOTTED:
            if abbreviation_period(text, word, end, kind == DOTTED):
                stops.add(n)
        elif kind == TERMINAL or kind == ELLIPSIS:
            stops.add(n)
        previous = word
        tokens.append(make_token(word, p, end, n))
        p = end
    return tokens, stops
