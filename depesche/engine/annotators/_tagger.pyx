# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
# cython: cdivision=True, infer_types=False, auto_pickle=False
# distutils: language = c++
"""HanTa's two searches, compiled: the morpheme lattice of a word and the tags of a sentence.

HanTa (Wartena 2019, see :mod:`depesche.engine.annotators.tagger`) analyses a word form as
a path of morphemes through a lattice over its character positions: from each position
``i`` and each state (the last two morpheme tags), every following tag is tried with every
segment ``word[i:j]``, and ``lp_m_t`` scores the segment as a morpheme of that tag.
``analyze_forward`` gives a form's tag probabilities, ``analyze_viterbi`` its best path for
a known tag (which gives lemma and morphemes); ``tag_sent_viterbi`` the best tags of a
sentence over tag trigrams. This module runs the same searches over the tables of a loaded
HanTa model, copied once into C arrays:

- the known morphemes are a trie over code points, so the morphemes that start at ``i``
  are one walk for all tags; a tag with only known morphemes ("closed") is offered those;
- an "open" tag (one HanTa guesses for: nouns, names, adjectives, verbs …) is offered
  every segment, scored as HanTa scores a guess (``Int_t + hapax + length + suffix``, the
  suffix being the longest ending of at most four letters, fewer than the morpheme has,
  that the tag's table knows: a trie over reversed endings), unless the segment is known;
- states are numbered, and each row of the lattice keeps its states in the order HanTa's
  dictionaries would, with a table from state to place.

Everything HanTa's results depend on is kept: floats are added in its order
(``lp + lpt + lp_m_t(…)``; the guess ``Int_t + hapax + length + suffix``, then the
whole-word penalty), compiled without contracting a multiply and an add into one
instruction; states enter each row in its order (the candidates for one row arrive
ordered by start, state and follower tag, as in HanTa's loops; only the order of the
segments of one (start, state, tag) differs, and those go to different rows); ties keep
the first candidate; rows are cut below the fourth (words) or sixth (sentences) best
score less one; the tag probabilities are summed as numpy's ``logaddexp`` sums them
(with the C library's ``exp`` and ``log1p``, which numpy calls) and sorted stably.
The tests compare every result with HanTa's own methods, floats to the last bit.

The cost of a word is quadratic in its length, as HanTa's is; the tagger analyses at most
48 characters of a token.
"""

cimport cython
from cpython.unicode cimport PyUnicode_READ_CHAR
from libc.math cimport INFINITY, exp, log1p
from libc.stdint cimport int32_t, uint64_t
from libcpp.vector cimport vector

# HanTa's reserved tag numbers (HanTa.HanoverTagger: EMPTY, START, END, UNKNOWN, END_UNKNOWN).
EMPTY = 0
START = 1
END = 2
UNKNOWN = 3
END_UNKNOWN = -3
# HanTa drops paths scored at or below this.
cdef double LOWER_BOUND = -1e6
# HanTa's penalty for guessing a whole word as one unknown morpheme.
cdef double WHOLE_WORD_PENALTY = 4.6
# HanTa's length table stops at this many characters.
cdef enum:
    MAX_LENGTH_CLASS = 24
    # HanTa's guesses look at endings of at most this many letters.
    MAX_SUFFIX = 4
    # A row of a word's lattice is expanded down to one below its fourth best score,
    # a row of a sentence's down to one below its sixth.
    WORD_BEAM = 3
    SENTENCE_BEAM = 5
# numpy's NPY_LOGE2, the log of 2 that its logaddexp adds to equal terms.
cdef double LOGE2 = 0.693147180559945309417232121458176568


class NoTagSequence(ValueError):
    """A sentence whose every tag sequence HanTa's search drops (scored below its bound).

    HanTa itself fails with a ``KeyError`` then; it takes a sentence of some hundred
    thousand words.
    """


cdef inline double logaddexp(double x, double y) noexcept nogil:
    """numpy's ``npy_logaddexp`` for doubles, step by step."""
    cdef double tmp
    if x == y:
        return x + LOGE2
    tmp = x - y
    if tmp > 0:
        return x + log1p(exp(-tmp))
    elif tmp <= 0:
        return y + log1p(exp(tmp))
    return tmp


def add_logs(double x, double y) -> float:
    """``numpy.logaddexp(x, y)`` as this module computes it (for the tests)."""
    return logaddexp(x, y)


cdef struct Transition:
    int32_t tag      # index of the following tag
    double lp        # log probability of the transition
    int32_t next     # the state it leads to: (last tag of the state, following tag)


cdef struct Known:
    int32_t tag      # index of the morpheme's tag
    double lp        # log p(morpheme | tag)


cdef struct Cell:
    int32_t state
    double lp
    int32_t back_state   # the state it came from (words), or its place in the row before
    int32_t back_pos     # the row it came from (words)


cdef struct Segment:
    int32_t end      # the row a segment leads to (words), or a tag's rank (sentences)
    double lp


cdef struct Found:
    int32_t tag
    int32_t end
    double lp
    int32_t next     # the next segment of the same tag from the same start, or -1


cdef class _TagNumbers:
    """HanTa's tag numbers (small signed integers) as dense indexes 0…n-1, and back."""

    cdef long low
    cdef vector[int32_t] index_of   # tag - low → index, -1 if none
    cdef vector[long] tag_of

    def __init__(self, tags) -> None:
        cdef list numbers = sorted(set(tags))
        self.low = numbers[0]
        self.index_of.assign(numbers[len(numbers) - 1] - self.low + 1, -1)
        for tag in numbers:
            self.index_of[tag - self.low] = self.tag_of.size()
            self.tag_of.push_back(tag)

    cdef int32_t index(self, object tag) except -2:
        """The index of ``tag`` (any Python int), -1 if the model has no such tag."""
        if not isinstance(tag, int):
            raise TypeError(f"a tag number is an int, not {type(tag).__name__}")
        if tag < self.low or tag - self.low >= <object>self.index_of.size():
            return -1
        return self.index_of[<Py_ssize_t>(tag - self.low)]

    cdef inline Py_ssize_t size(self):
        return self.tag_of.size()


cdef class _States:
    """Pairs of tag indexes (the last two tags of a path), numbered as they are met."""

    cdef Py_ssize_t ntags
    cdef vector[int32_t] number     # first * ntags + second → state, -1 if none
    cdef vector[int32_t] first
    cdef vector[int32_t] second

    def __init__(self, Py_ssize_t ntags) -> None:
        self.ntags = ntags
        self.number.assign(ntags * ntags, -1)

    cdef int32_t add(self, int32_t a, int32_t b):
        cdef Py_ssize_t key = a * self.ntags + b
        if self.number[key] < 0:
            self.number[key] = self.first.size()
            self.first.push_back(a)
            self.second.push_back(b)
        return self.number[key]

    cdef inline Py_ssize_t size(self):
        return self.first.size()


cdef class _Transitions:
    """Per state, its transitions in the order of the model's table (a range of one array)."""

    cdef vector[Transition] all
    cdef vector[int32_t] start      # per state, and one past the last

    cdef void read(self, _TagNumbers tags, _States states, dict table) except *:
        """The transitions of every numbered state (a state not in ``table`` has none),
        each with the state it leads to (numbered by :func:`_number_states`)."""
        cdef Py_ssize_t state
        cdef Transition transition
        self.start.clear()
        for state in range(states.size()):
            self.start.push_back(self.all.size())
            pair = (tags.tag_of[states.first[state]], tags.tag_of[states.second[state]])
            following = table.get(pair, ())
            items = following.items() if isinstance(following, dict) else following
            for tag, lp in items:
                transition.tag = _known(tags, tag)
                transition.lp = lp
                transition.next = states.number[states.second[state] * states.ntags
                                                + transition.tag]
                self.all.push_back(transition)
        self.start.push_back(self.all.size())


cdef void _number_states(_TagNumbers tags, _States states, dict table) except *:
    """Number the states of ``table`` (a transition table) and those its transitions lead to."""
    for pair, following in table.items():
        a, b = _known(tags, pair[0]), _known(tags, pair[1])
        states.add(a, b)
        for tag in (following if isinstance(following, dict) else [t for t, _ in following]):
            states.add(b, _known(tags, tag))


cdef int32_t _known(_TagNumbers tags, object tag) except -1:
    """The index of a tag that a model's table uses (all are numbered)."""
    cdef int32_t found = tags.index(tag)
    if found < 0:
        raise ValueError(f"HanTa model: tag {tag!r} has no number")
    return found


cdef inline uint64_t _edge(int32_t node, Py_UCS4 char) noexcept nogil:
    return (<uint64_t>node << 21) | <uint64_t>char


cdef struct _Slot:
    uint64_t key      # an edge (its node and code point), or NO_EDGE
    int32_t node      # the node it leads to, -1 in an empty slot


# No edge has this key: a node number has at most 31 bits, a code point 21.
cdef uint64_t NO_EDGE = 0xFFFFFFFFFFFFFFFFULL
# Fibonacci hashing (Knuth, TAOCP 3, 6.4): the key times 2^64 / φ, its top bits the slot.
cdef uint64_t GOLDEN = 0x9E3779B97F4A7C15ULL


cdef class _Trie:
    """A trie over code points: each node is a string, numbered from 0 (the empty one).

    Its edges are one hash table of (node, code point) → node with open addressing: a
    power-of-two number of slots, at most half of them used, probed one after the other
    from the slot Fibonacci hashing gives. A lookup is a multiplication and mostly one
    memory access, where the C++ library's map took a division and two; the words'
    lattices look their morphemes and endings up letter by letter.
    """

    cdef vector[_Slot] slots
    cdef int shift          # 64 - log2(len(slots))
    cdef size_t edges
    cdef int32_t nodes

    def __init__(self) -> None:
        self.nodes = 1
        self.edges = 0
        self._resize(16)

    cdef void _resize(self, size_t capacity) noexcept:
        """Make the table ``capacity`` slots (a power of two), each edge in its place."""
        cdef vector[_Slot] old
        cdef _Slot empty
        cdef size_t k
        empty.key, empty.node = NO_EDGE, -1
        old.swap(self.slots)
        self.slots.assign(capacity, empty)
        self.shift = 64
        while capacity > 1:
            capacity >>= 1
            self.shift -= 1
        for k in range(old.size()):
            if old[k].key != NO_EDGE:
                self.slots[self._find(old[k].key)] = old[k]

    cdef inline size_t _find(self, uint64_t key) noexcept nogil:
        """The slot of the edge ``key``, or the empty slot where it would go."""
        cdef size_t mask = self.slots.size() - 1
        cdef size_t at = <size_t>((key * GOLDEN) >> self.shift)
        while self.slots[at].key != key and self.slots[at].key != NO_EDGE:
            at = (at + 1) & mask
        return at

    cdef void reserve(self, size_t edges):
        """Make room for ``edges`` edges at once (no growing table meanwhile)."""
        cdef size_t capacity = self.slots.size()
        while capacity < 2 * edges:
            capacity *= 2
        if capacity > self.slots.size():
            self._resize(capacity)

    cdef int32_t insert(self, str text, bint backwards) except -1:
        """The node of ``text`` (read from its end if ``backwards``), made if new."""
        cdef int32_t node = 0
        cdef Py_ssize_t k, n = len(text)
        cdef Py_UCS4 char
        cdef uint64_t key
        cdef size_t at
        for k in range(n):
            char = PyUnicode_READ_CHAR(text, n - 1 - k if backwards else k)
            key = _edge(node, char)
            at = self._find(key)
            if self.slots[at].key == key:
                node = self.slots[at].node
                continue
            if 2 * (self.edges + 1) > self.slots.size():
                self._resize(2 * self.slots.size())
                at = self._find(key)
            self.slots[at].key, self.slots[at].node = key, self.nodes
            node = self.nodes
            self.nodes += 1
            self.edges += 1
        return node

    cdef inline int32_t child(self, int32_t node, Py_UCS4 char) noexcept nogil:
        """The node one code point below ``node``, or -1."""
        return self.slots[self._find(_edge(node, char))].node


cdef double _nth_best(vector[Cell]& row, Py_ssize_t n, vector[double]& best) noexcept:
    """The ``n``-th best score of a row (0 the best), ties counted: HanTa's
    ``sorted(row.values(), reverse=True)[n]``. The row has more than ``n`` cells."""
    cdef Py_ssize_t k, m
    cdef double value
    best.clear()  # the n+1 best so far, best first
    for k in range(<Py_ssize_t>row.size()):
        value = row[k].lp
        if <Py_ssize_t>best.size() <= n:
            best.push_back(value)
        elif value > best[n]:
            best[n] = value
        else:
            continue
        m = best.size() - 1
        while m > 0 and best[m - 1] < best[m]:
            best[m - 1], best[m] = best[m], best[m - 1]
            m -= 1
    return best[n]


cdef vector[Py_UCS4] _code_points(str word):
    cdef vector[Py_UCS4] chars
    cdef Py_ssize_t k, n = len(word)
    chars.reserve(n)
    for k in range(n):
        chars.push_back(PyUnicode_READ_CHAR(word, k))
    return chars


cdef class MorphemeLattice:
    """HanTa's ``analyze_forward`` and ``analyze_viterbi`` over a loaded model's tables."""

    cdef readonly bint strict
    cdef _TagNumbers numbering
    cdef _States states
    cdef int32_t start_state
    cdef _Transitions followers     # HanTa's LP_trans_nonfinal
    cdef _Transitions finals        # HanTa's LP_trans_final
    # the known morphemes: per node of their trie, a range of (tag, lp)
    cdef _Trie morphemes
    cdef vector[Known] known
    cdef vector[int32_t] known_start
    # per tag index: its number among the open tags (those HanTa guesses for), or -1
    cdef vector[int32_t] open_number
    cdef vector[int32_t] open_tag
    cdef Py_ssize_t nopen
    # per open tag and length 0…MAX_LENGTH_CLASS: Int_t + hapax + length, in HanTa's order
    cdef vector[double] guess_base
    # per node of the trie of (reversed) endings and open tag: the score of its longest
    # ending that the tag's table knows
    cdef _Trie endings
    cdef vector[double] ending_scores
    cdef dict reachability
    cdef dict towards               # target tag number → bytes, per tag index: reachable
    # the word being searched: its code points and lattice
    cdef vector[Py_UCS4] chars
    cdef vector[vector[Cell]] rows
    cdef vector[int32_t] place      # row * states + state → its cell in the row, or -1
    cdef vector[double] beam

    def __init__(self, model) -> None:
        """Copy the tables of ``model`` (a loaded ``HanoverTagger``) into C arrays."""
        self.strict = model.strict
        numbers = set(model.int2tag) | {EMPTY, START, END, UNKNOWN, END_UNKNOWN}
        numbers |= set(model.LP_m_t)
        for table in (model.LP_trans_nonfinal, model.LP_trans_final):
            for pair, following in table.items():
                numbers |= set(pair) | {tag for tag, _ in following}
        self.numbering = _TagNumbers(numbers)
        self.states = _States(self.numbering.size())
        self.start_state = self.states.add(_known(self.numbering, EMPTY), _known(self.numbering, START))
        _number_states(self.numbering, self.states, model.LP_trans_nonfinal)
        _number_states(self.numbering, self.states, model.LP_trans_final)
        self.followers = _Transitions()
        self.followers.read(self.numbering, self.states, model.LP_trans_nonfinal)
        self.finals = _Transitions()
        self.finals.read(self.numbering, self.states, model.LP_trans_final)
        self._read_morphemes(model)
        self._read_guesses(model)
        self.reachability = model.reachability
        self.towards = {}

    cdef void _read_morphemes(self, model) except *:
        cdef dict by_morpheme = {}
        cdef Known entry
        for tag, table in model.LP_m_t.items():
            for morpheme, lp in table.items():
                by_morpheme.setdefault(morpheme, []).append((tag, lp))
        self.morphemes = _Trie()
        self.morphemes.reserve(sum([len(m) for m in by_morpheme]))
        nodes = [(self.morphemes.insert(m, False), entries) for m, entries in by_morpheme.items()]
        cdef vector[vector[Known]] at_node
        at_node.resize(self.morphemes.nodes)
        for node, entries in nodes:
            for tag, lp in entries:
                entry.tag = _known(self.numbering, tag)
                entry.lp = lp
                at_node[node].push_back(entry)
        cdef Py_ssize_t n
        for n in range(self.morphemes.nodes):
            self.known_start.push_back(self.known.size())
            for entry in at_node[n]:
                self.known.push_back(entry)
        self.known_start.push_back(self.known.size())

    cdef void _read_guesses(self, model) except *:
        cdef Py_ssize_t length, number
        opened = [t for t in model.LP_m_t if t in model.LP_hapax_t and t in model.LP_s_t]
        self.nopen = len(opened)
        self.open_number.assign(self.numbering.size(), -1)
        for number, tag in enumerate(opened):
            self.open_number[_known(self.numbering, tag)] = number
            self.open_tag.push_back(_known(self.numbering, tag))
            lengths = model.LP_len_t[tag]
            for length in range(MAX_LENGTH_CLASS + 1):
                self.guess_base.push_back(model.Int_t + model.LP_hapax_t[tag] + lengths[length])
        # Every ending of every key is a node; shorter endings are scored first, so that
        # an ending a table does not know takes the score of its one letter shorter one.
        tables = [model.LP_s_t[tag] for tag in opened]
        endings = sorted({key[k:] for table in tables for key in table
                          for k in range(len(key) + 1)}, key=len)
        self.endings = _Trie()
        node_of = {ending: self.endings.insert(ending, True) for ending in endings}
        self.ending_scores.assign(self.endings.nodes * self.nopen, 0.0)
        for ending in endings:
            for number in range(self.nopen):
                if ending in tables[number]:
                    score = tables[number][ending]
                elif ending == "":
                    raise ValueError("HanTa model: a suffix table has no score for ''")
                else:
                    score = self.ending_scores[node_of[ending[1:]] * self.nopen + number]
                self.ending_scores[node_of[ending] * self.nopen + number] = score

    cdef bytes _towards(self, object targetpos):
        """Per tag index, whether ``targetpos`` can be reached from it (HanTa's
        reachability; a path through any other tag cannot end in ``targetpos``)."""
        found = self.towards.get(targetpos)
        if found is None:
            flags = bytearray(self.numbering.size())
            for tag in self.reachability.get(targetpos, ()):
                index = self.numbering.index(tag)
                if index >= 0:
                    flags[index] = 1
            found = bytes(flags)
            if len(self.towards) < 1000:  # a target that is no tag is not remembered
                self.towards[targetpos] = found
        return found

    def forward(self, str word not None) -> list:
        """HanTa's ``analyze_forward(word)``: (tag, log probability) best first."""
        cdef Py_ssize_t wlen = len(word)
        cdef Py_ssize_t k, f, m
        cdef double lp
        cdef Cell cell
        self._fill(word, None, self.strict)
        for k in range(<Py_ssize_t>self.rows[wlen].size()):
            cell = self.rows[wlen][k]
            for f in range(self.finals.start[cell.state], self.finals.start[cell.state + 1]):
                lp = cell.lp + self.finals.all[f].lp
                if lp > LOWER_BOUND:
                    self._offer(wlen + 1, self.finals.all[f].next, lp, cell.state, wlen)
        # per tag, the sum of its final states' probabilities, in the order they came
        cdef vector[int32_t] tags
        cdef vector[double] lps
        for k in range(<Py_ssize_t>self.rows[wlen + 1].size()):
            cell = self.rows[wlen + 1][k]
            if cell.lp == -INFINITY:
                continue
            for m in range(<Py_ssize_t>tags.size()):
                if tags[m] == self.states.second[cell.state]:
                    lps[m] = logaddexp(lps[m], cell.lp)
                    break
            else:
                tags.push_back(self.states.second[cell.state])
                lps.push_back(cell.lp)
        results = [(-self.numbering.tag_of[tags[m]], lps[m]) for m in range(<Py_ssize_t>tags.size())]
        results.sort(key=_score, reverse=True)  # stable, as HanTa's
        return results or [(UNKNOWN, 0)]

    def viterbi(self, str word not None, object targetpos) -> list:
        """HanTa's ``analyze_viterbi(word, targetpos)``: the best path's (tag, end) pairs.

        As HanTa does, the search first uses known morphemes only and guesses unknown
        ones only if that finds no path.
        """
        cdef Py_ssize_t wlen = len(word)
        cdef int32_t target = self.numbering.index(targetpos)
        cdef bytes towards = self._towards(targetpos)
        cdef Py_ssize_t k, f
        cdef double lp
        cdef Cell cell
        cdef int attempt
        for attempt in range(2):
            self._fill(word, towards, attempt == 0)
            for k in range(<Py_ssize_t>self.rows[wlen].size()):
                cell = self.rows[wlen][k]
                for f in range(self.finals.start[cell.state], self.finals.start[cell.state + 1]):
                    if self.finals.all[f].tag == target:
                        lp = cell.lp + self.finals.all[f].lp
                        if lp > LOWER_BOUND:
                            self._offer(wlen + 1, self.finals.all[f].next, lp, cell.state, wlen)
                        break
            if not self.rows[wlen + 1].empty():
                break
        return self._best_path(wlen)

    cdef list _best_path(self, Py_ssize_t wlen):
        """HanTa's read-out of the Viterbi table: the first best final state, traced back."""
        cdef double best = -INFINITY
        cdef Py_ssize_t k, place = -1, row = wlen + 1
        cdef Cell cell
        for k in range(<Py_ssize_t>self.rows[row].size()):
            if self.rows[row][k].lp > best:
                best = self.rows[row][k].lp
                place = k
        if place < 0:
            return [(UNKNOWN, wlen), (END_UNKNOWN, wlen + 1)]
        path = []
        while row > 0:
            cell = self.rows[row][place]
            path.append((self.numbering.tag_of[self.states.second[cell.state]], row))
            row = cell.back_pos
            place = self.place[row * self.states.size() + cell.back_state]
        path.reverse()
        return path

    cdef inline void _offer(self, Py_ssize_t row, int32_t state, double lp, int32_t back_state,
                            int32_t back_pos) noexcept:
        """HanTa's ``if newstate not in table[j] or lp1 > table[j][newstate]``: keep it."""
        cdef int32_t* where = &self.place[row * self.states.size() + state]
        cdef Cell* cell
        cdef Cell new
        if where[0] < 0:
            where[0] = self.rows[row].size()
            new.state, new.lp, new.back_state, new.back_pos = state, lp, back_state, back_pos
            self.rows[row].push_back(new)
        elif lp > self.rows[row][where[0]].lp:
            cell = &self.rows[row][where[0]]
            cell.lp, cell.back_state, cell.back_pos = lp, back_state, back_pos

    cdef int _fill(self, str word, bytes towards, bint strict) except -1:
        """HanTa's lattice up to the last character: best score and back pointer per state.

        ``towards`` (per tag index) keeps only the followers from which the target tag
        can be reached; None keeps all. A row's states are expanded only down to one
        below its fourth best, as HanTa does. The final row is left to the caller.
        """
        cdef Py_ssize_t wlen = len(word)
        cdef Py_ssize_t i, j, k, f, s, e, noptions
        cdef int32_t tag, node, number
        cdef double base, lp, rowbound
        cdef Cell cell
        cdef const unsigned char* reachable = NULL
        cdef vector[Found] found            # the known morphemes word[i:j], linked by tag
        cdef vector[int32_t] first_found    # per tag index: its last in ``found``, or -1
        cdef vector[int32_t] touched
        cdef vector[Segment] guessed        # per open tag: every segment from i
        cdef vector[int32_t] guessed_start
        cdef vector[double] guess_at
        cdef vector[int32_t] ending_node
        cdef vector[Segment] known_segments
        cdef Segment segment
        cdef Segment* options
        cdef Found entry
        if towards is not None:
            reachable = towards
        self.chars = _code_points(word)
        if <Py_ssize_t>self.rows.size() < wlen + 2:
            self.rows.resize(wlen + 2)
        for k in range(wlen + 2):
            self.rows[k].clear()
        self.place.assign((wlen + 2) * self.states.size(), -1)
        cell.state, cell.lp, cell.back_state, cell.back_pos = self.start_state, 0.0, -1, -1
        self.rows[0].push_back(cell)
        self.place[self.start_state] = 0
        first_found.assign(self.numbering.size(), -1)
        if not strict:
            self._ending_nodes(ending_node)
        for i in range(wlen):
            if self.rows[i].empty():
                continue
            if <Py_ssize_t>self.rows[i].size() > WORD_BEAM:
                rowbound = _nth_best(self.rows[i], WORD_BEAM, self.beam) - 1
            else:
                rowbound = LOWER_BOUND
            # the known morphemes from i: one walk down their trie
            for k in range(<Py_ssize_t>touched.size()):
                first_found[touched[k]] = -1
            touched.clear()
            found.clear()
            node = 0
            for j in range(i + 1, wlen + 1):
                node = self.morphemes.child(node, self.chars[j - 1])
                if node < 0:
                    break
                for k in range(self.known_start[node], self.known_start[node + 1]):
                    entry.tag, entry.end, entry.lp = self.known[k].tag, j, self.known[k].lp
                    entry.next = first_found[entry.tag]
                    if entry.next < 0:
                        touched.push_back(entry.tag)
                    first_found[entry.tag] = found.size()
                    found.push_back(entry)
            if not strict:
                self._guess_from(i, ending_node, found, first_found, guessed, guessed_start,
                                 guess_at)
            for k in range(<Py_ssize_t>self.rows[i].size()):
                cell = self.rows[i][k]
                if cell.lp < rowbound:
                    continue
                for f in range(self.followers.start[cell.state],
                               self.followers.start[cell.state + 1]):
                    tag = self.followers.all[f].tag
                    if reachable != NULL and not reachable[tag]:
                        continue
                    number = self.open_number[tag]
                    if not strict and number >= 0:
                        options = guessed.data() + guessed_start[number]
                        noptions = guessed_start[number + 1] - guessed_start[number]
                    elif first_found[tag] >= 0:
                        known_segments.clear()
                        e = first_found[tag]
                        while e >= 0:
                            segment.end, segment.lp = found[e].end, found[e].lp
                            known_segments.push_back(segment)
                            e = found[e].next
                        options = known_segments.data()
                        noptions = known_segments.size()
                    else:
                        continue
                    base = cell.lp + self.followers.all[f].lp
                    for s in range(noptions):
                        lp = base + options[s].lp
                        if lp > LOWER_BOUND:
                            self._offer(options[s].end, self.followers.all[f].next, lp,
                                        cell.state, i)
        return 0

    cdef void _ending_nodes(self, vector[int32_t]& ending_node) noexcept:
        """Per end ``j`` and length ``L`` (0…4): the endings' trie node of the last ``L``
        letters before ``j``, or of the longest of them the trie has (no table knows a
        longer one then)."""
        cdef Py_ssize_t wlen = self.chars.size()
        cdef Py_ssize_t j, length
        cdef int32_t node, deeper
        cdef bint stopped
        ending_node.assign((wlen + 1) * (MAX_SUFFIX + 1), 0)
        for j in range(1, wlen + 1):
            node = 0
            stopped = False
            for length in range(1, MAX_SUFFIX + 1):
                if not stopped and length <= j:
                    deeper = self.endings.child(node, self.chars[j - length])
                    if deeper >= 0:
                        node = deeper
                    else:
                        stopped = True
                ending_node[j * (MAX_SUFFIX + 1) + length] = node

    cdef void _guess_from(self, Py_ssize_t i, vector[int32_t]& ending_node,
                          vector[Found]& found, vector[int32_t]& first_found,
                          vector[Segment]& guessed, vector[int32_t]& guessed_start,
                          vector[double]& guess_at) noexcept:
        """Per open tag, every segment from ``i``: known ones as known, others as HanTa's
        ``lp_m_t`` guesses them (no unknown morpheme of one or two letters in a word of
        four or more; the whole word as one morpheme penalised)."""
        cdef Py_ssize_t wlen = self.chars.size()
        cdef Py_ssize_t j, mlen, length, first_end, number
        cdef int32_t e
        cdef double lp
        cdef Segment segment
        guessed.clear()
        guessed_start.assign(self.nopen + 1, 0)
        first_end = i + 1 if wlen < 4 else i + 3
        for number in range(self.nopen):
            guessed_start[number] = guessed.size()
            guess_at.assign(wlen + 1, -INFINITY)
            for j in range(first_end, wlen + 1):
                mlen = j - i
                length = mlen - 1 if mlen - 1 < MAX_SUFFIX else MAX_SUFFIX
                lp = (self.guess_base[number * (MAX_LENGTH_CLASS + 1)
                                      + (mlen if mlen < MAX_LENGTH_CLASS else MAX_LENGTH_CLASS)]
                      + self.ending_scores[ending_node[j * (MAX_SUFFIX + 1) + length]
                                           * self.nopen + number])
                if mlen == wlen:
                    lp = lp - WHOLE_WORD_PENALTY
                guess_at[j] = lp
            e = first_found[self.open_tag[number]]
            while e >= 0:
                guess_at[found[e].end] = found[e].lp
                e = found[e].next
            # a segment scored minus infinity extends no path: HanTa adds it and drops it
            for j in range(i + 1, wlen + 1):
                if guess_at[j] > -INFINITY:
                    segment.end, segment.lp = j, guess_at[j]
                    guessed.push_back(segment)
        guessed_start[self.nopen] = guessed.size()


def _score(pair):
    return pair[1]


cdef class WordOptions:
    """A word's tags for the sentence search and their scores, per group of states in the
    order a state of the group tries them (see :class:`SentenceLattice`)."""

    cdef vector[Segment] options    # (rank of the tag in the group's order, score)
    cdef vector[int32_t] start      # per group, and one past the last


cdef class SentenceLattice:
    """HanTa's ``tag_sent_viterbi``: the best tag sequence of a sentence over tag trigrams.

    HanTa tries every tag the model knows after each state and keeps those the word has
    a score for (a handful of some fifty). Here each word's scored tags are put once in
    the order the transition table lists them (states that list them in the same order
    form a group; the shipped model has one), so a state tries only those, in the order
    HanTa tries them: the states enter each row in HanTa's order and ties go the same way.
    """

    cdef _TagNumbers numbering
    cdef _States states
    cdef int32_t start_state
    cdef int32_t end_tag
    cdef _Transitions transitions
    cdef vector[double] end_lp      # per state: its transition to the end, or -inf
    cdef vector[int32_t] group      # per state
    cdef vector[int32_t] rank       # per group and tag index: its place in the order, or -1
    cdef Py_ssize_t ngroups
    cdef vector[vector[Cell]] rows
    cdef vector[int32_t] place      # per state: its cell in the row being filled …
    cdef vector[long long] place_stamp  # … if stamped with that row's number
    cdef long long stamp            # rows filled so far, this one included
    cdef vector[double] beam

    def __init__(self, model) -> None:
        """Index the transition table (``model`` is a loaded ``HanoverTagger``)."""
        cdef dict table = model.LP_trans_word
        numbers = set(model.int2tag) | {EMPTY, START, END, UNKNOWN}
        for pair, following in table.items():
            numbers |= set(pair) | set(following)
        self.numbering = _TagNumbers(numbers)
        self.states = _States(self.numbering.size())
        self.start_state = self.states.add(_known(self.numbering, EMPTY), _known(self.numbering, START))
        self.end_tag = _known(self.numbering, END)
        _number_states(self.numbering, self.states, table)
        self.transitions = _Transitions()
        self.transitions.read(self.numbering, self.states, table)
        cdef Py_ssize_t state, f, number
        orders = {}
        for state in range(self.states.size()):
            order = []
            for f in range(self.transitions.start[state], self.transitions.start[state + 1]):
                order.append(self.transitions.all[f].tag)
            order = tuple(order)
            self.group.push_back(orders.setdefault(order, len(orders)))
            self.end_lp.push_back(-INFINITY)
            for f in range(self.transitions.start[state], self.transitions.start[state + 1]):
                if self.transitions.all[f].tag == self.end_tag:
                    self.end_lp[state] = self.transitions.all[f].lp
        self.ngroups = len(orders)
        self.rank.assign(self.ngroups * self.numbering.size(), -1)
        for order, number in orders.items():
            for f, tag in enumerate(order):
                if self.rank[number * self.numbering.size() + tag] < 0:
                    self.rank[number * self.numbering.size() + tag] = f
        self.place.assign(self.states.size(), -1)
        self.place_stamp.assign(self.states.size(), -1)
        self.stamp = 0

    def options(self, scored) -> WordOptions | None:
        """A word's options from HanTa's ``_tag_word(word, cutoff=5, conditional=True)``
        (its (tag number, score) pairs).

        A word without scores, or only scored as unknown, takes any tag at no cost: None.
        """
        cdef dict scores = dict(scored)
        if not scores or scores.keys() == {UNKNOWN}:
            return None
        cdef WordOptions word = WordOptions()
        cdef Segment option
        cdef Py_ssize_t group, index, rank
        cdef list ranked
        for group in range(self.ngroups):
            word.start.push_back(word.options.size())
            ranked = []
            for tag, lp in scores.items():
                index = self.numbering.index(tag)
                if index < 0 or index == self.end_tag:
                    continue
                rank = self.rank[group * self.numbering.size() + index]
                if rank >= 0:
                    ranked.append((rank, float(lp)))
            ranked.sort()
            for rank, lp in ranked:
                option.end, option.lp = rank, lp
                word.options.push_back(option)
        word.start.push_back(word.options.size())
        return word

    def tags(self, list words not None) -> list:
        """The best tag of each word (HanTa's tag numbers), from :meth:`options` of each.

        Raises :class:`NoTagSequence` where HanTa's search finds none.
        """
        cdef Py_ssize_t n = len(words)
        cdef Py_ssize_t w, k, f, first, s, group
        cdef double lp, rowbound, best
        cdef Cell cell, new
        cdef WordOptions word
        if n == 0:
            return []
        if <Py_ssize_t>self.rows.size() < n + 1:
            self.rows.resize(n + 1)
        self.rows[0].clear()
        new.state, new.lp, new.back_state, new.back_pos = self.start_state, 0.0, -1, -1
        self.rows[0].push_back(new)
        for w in range(n):
            item = words[w]
            word = None if item is None else <WordOptions?>item
            self.rows[w + 1].clear()
            self.stamp += 1
            if <Py_ssize_t>self.rows[w].size() > SENTENCE_BEAM:
                rowbound = _nth_best(self.rows[w], SENTENCE_BEAM, self.beam) - 1
            else:
                rowbound = LOWER_BOUND
            for k in range(<Py_ssize_t>self.rows[w].size()):
                cell = self.rows[w][k]
                if cell.lp < rowbound:
                    continue
                first = self.transitions.start[cell.state]
                if word is None:
                    for f in range(first, self.transitions.start[cell.state + 1]):
                        if self.transitions.all[f].tag != self.end_tag:
                            lp = cell.lp + self.transitions.all[f].lp + 0.0
                            self._offer(w + 1, self.transitions.all[f].next, lp, k)
                else:
                    group = self.group[cell.state]
                    for s in range(word.start[group], word.start[group + 1]):
                        f = first + word.options[s].end
                        lp = cell.lp + self.transitions.all[f].lp + word.options[s].lp
                        self._offer(w + 1, self.transitions.all[f].next, lp, k)
            if self.rows[w + 1].empty():
                raise NoTagSequence(f"no tag sequence reaches word {w + 1} of {n}")
        best = -INFINITY
        k = -1
        for s in range(<Py_ssize_t>self.rows[n].size()):
            lp = self.rows[n][s].lp + self.end_lp[self.rows[n][s].state]
            if lp > best:
                best, k = lp, s
        if k < 0:
            raise NoTagSequence(f"no tag sequence of {n} words reaches the end")
        tags = [None] * n
        for w in range(n, 0, -1):
            cell = self.rows[w][k]
            tags[w - 1] = self.numbering.tag_of[self.states.second[cell.state]]
            k = cell.back_state
        return tags

    cdef inline void _offer(self, Py_ssize_t row, int32_t state, double lp,
                            Py_ssize_t back) noexcept:
        """HanTa's ``if newstate not in row or lp > row[newstate]``: keep it."""
        cdef Cell new
        cdef Cell* cell
        if lp <= LOWER_BOUND:
            return
        if self.place_stamp[state] != self.stamp:
            self.place_stamp[state] = self.stamp
            self.place[state] = self.rows[row].size()
            new.state, new.lp, new.back_state, new.back_pos = state, lp, back, -1
            self.rows[row].push_back(new)
        elif lp > self.rows[row][self.place[state]].lp:
            cell = &self.rows[row][self.place[state]]
            cell.lp, cell.back_state = lp, back


cdef class WordAnalysis:
    """HanTa's per-form Python compiled: ``_tag_word``, ``_analyze`` and ``makelemma``, and
    each form's options for the sentence search, remembered.

    The searches are the model's own (``analyze_forward``, ``analyze_viterbi``: the
    compiled lattices behind the tagger's memos); this class does what HanTa's Python does
    around them, in its order, over the model's tables (read once): the scores of a form's
    tags with case and conditional probability, the best path's morphemes, the lemma with
    its stem and ending tables. The tests compare each method with HanTa's own.
    Its methods check bounds and read negative indexes as Python does (the module's
    default is off): an empty form fails here with HanTa's ``IndexError``, not a crash.
    """

    cdef object model
    cdef SentenceLattice sentences
    cdef dict cache                 # HanTa's scores of the forms seen in training
    cdef dict case_lp               # tag → {is upper case: log probability}
    cdef dict tag_lp                # tag → log probability of the tag
    cdef dict int2tag
    cdef dict tag2int
    cdef dict stemdict
    cdef dict nonstem               # main part of speech → tags of morphemes not in a lemma
    cdef dict suffixes              # main part of speech → {ending: what the lemma gets}
    cdef dict longest_suffix        # main part of speech → its longest ending
    cdef frozenset atomic
    cdef object capitalized
    cdef object qmark
    cdef Py_ssize_t limit
    cdef dict options_cased         # form → options, the case of the text read …
    cdef dict options_folded        # … and not read

    def __init__(self, model, SentenceLattice sentences not None, Py_ssize_t limit) -> None:
        """Read the tables of ``model`` (a loaded ``HanoverTagger``); remember the options
        of at most ``limit`` forms per memo (a full memo starts again)."""
        self.model = model
        self.sentences = sentences
        self.cache = model.cache
        self.case_lp = model.LP_case_t
        self.tag_lp = model.LP_wtag
        self.int2tag = model.int2tag
        self.tag2int = model.tag2int
        self.stemdict = model.stemdict
        self.nonstem = {pos: frozenset(tags) for pos, tags in model.nonstemtags.items()}
        self.suffixes = model.lemmasuffixtable
        self.longest_suffix = {pos: max([len(e) for e in table])
                               for pos, table in self.suffixes.items() if len(table) > 0}
        self.atomic = model.atomic_class
        self.capitalized = model.capitalizedlemmata
        self.qmark = model.re_qmark
        self.limit = limit
        self.options_cased = {}
        self.options_folded = {}

    @cython.boundscheck(True)
    @cython.wraparound(True)
    cdef str _normalize(self, str word):
        if len(word) <= 2 and self.qmark.match(word):
            return '"'
        return word.lower()

    @cython.boundscheck(True)
    @cython.wraparound(True)
    def tag_word(self, str word not None, cutoff=5, bint casesensitive=True,
                 bint conditional=False) -> list:
        """HanTa's ``_tag_word``: the form's (tag, log probability) pairs, best first;
        a form not seen in training keeps those within ``cutoff`` of the best."""
        cdef bint upcase = casesensitive and word[0].isupper()
        cdef bint cached
        cdef double p
        cdef list scored = []
        word = self._normalize(word)
        p_tags = self.cache.get(word)
        cached = p_tags is not None
        if not cached:
            p_tags = self.model.analyze_forward(word)
        for tag, lp in p_tags:
            if tag != UNKNOWN:
                p = lp
                if casesensitive:
                    p += <double>self.case_lp[tag][upcase]
                if conditional:
                    p -= <double>self.tag_lp[tag]
                scored.append((tag, p))
            else:
                scored.append((tag, lp))
        scored.sort(key=_score, reverse=True)  # stable, as HanTa's
        if not cached and len(scored) > 0:
            if cutoff == 0:
                scored = [scored[0]]
            else:
                bound = scored[0][1] - cutoff
                scored = [pair for pair in scored if pair[1] >= bound]
        return scored

    @cython.boundscheck(True)
    @cython.wraparound(True)
    cdef object _options(self, str word, bint casesensitive):
        cdef dict memo = self.options_cased if casesensitive else self.options_folded
        found = memo.get(word, memo)
        if found is memo:
            if len(memo) >= self.limit:
                memo.clear()
            found = memo[word] = self.sentences.options(
                self.tag_word(word, 5, casesensitive, True))
        return found

    @cython.boundscheck(True)
    @cython.wraparound(True)
    def options(self, list words not None, bint casesensitive=True) -> list:
        """The options of a sentence's forms for :meth:`SentenceLattice.tags`, as HanTa's
        ``tag_sent_viterbi`` scores them (``_tag_word(w, cutoff=5, conditional=True)``,
        the first form read without its case); remembered per form."""
        cdef Py_ssize_t k, n = len(words)
        cdef list found = [None] * n
        for k in range(n):
            found[k] = self._options(<str?>words[k], casesensitive and k > 0)
        return found

    @cython.boundscheck(True)
    @cython.wraparound(True)
    def analyze(self, str word not None, object pos, int taglevel=1):
        """HanTa's ``_analyze(word, pos, taglevel)`` for a tag number ``pos``."""
        cdef Py_ssize_t start, end
        word = word.lower()
        postag = -pos
        if postag in self.atomic:
            morphemes = [(pos, len(word)), (postag, len(word) + 1)]
        else:
            morphemes = self.model.analyze_viterbi(word, postag)
        postag = -morphemes[-1][0]
        cdef str str_postag = self.int2tag[postag]
        if taglevel == 0:
            return str_postag
        cdef list morphlist = []
        start = 0
        for tag, end in morphemes:
            if tag > 0:
                morphlist.append((word[start:end], tag))
            start = end
        if taglevel == 2:
            roots = []
            for m, t in morphlist:
                if t in self.stemdict:
                    m = self.stemdict[t].get(m, m)
                roots.append(m)
            return "+".join(roots), str_postag
        nonstem = self.nonstem.get(str_postag.split("(")[0], ())
        cdef list components = [pair for pair in morphlist if pair[1] not in nonstem]
        if len(components) == 0:
            components = morphlist  # HanTa's "should never occur"
        lastmorpheme, lasttag = components[-1]
        cdef str str_tag = self.int2tag[lasttag]
        if lasttag in self.stemdict and (str_tag[:2] == str_postag[:2]
                                         or str_tag.startswith("SUF")):
            lastmorpheme = self.stemdict[lasttag].get(lastmorpheme, lastmorpheme)
        cdef list stem = [m for m, _ in components[:-1]]
        stem.append(lastmorpheme)
        if taglevel == 1:
            return self.makelemma(stem, str_postag), str_postag
        return "".join(stem), [(m, self.int2tag[t]) for m, t in morphlist], str_postag

    @cython.boundscheck(True)
    @cython.wraparound(True)
    def makelemma(self, list stem_morphemes not None, str pos not None) -> str:
        """HanTa's ``makelemma``: the stem, its first letter capitalised for the tags
        that want it, and the ending its table gives (the longest that fits)."""
        cdef str mainpostag = pos.split("(")[0]
        cdef str lemma = "".join(stem_morphemes)
        cdef str suffix = ""
        cdef Py_ssize_t longest, i
        cdef dict table = self.suffixes.get(mainpostag)
        if table is not None and len(table) > 0:
            longest = self.longest_suffix[mainpostag]
            if len(lemma) + 1 < longest:
                longest = len(lemma)
            marked = "#" + lemma
            for i in range(longest + 1, 0, -1):
                ending = marked[-i:]
                if ending in table:
                    suffix = table[ending]
                    break
        if self.tag2int.get(pos, 0) in self.capitalized:
            lemma = lemma[0].upper() + lemma[1:]
        return lemma + suffix
