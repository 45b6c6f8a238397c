# cython: language_level=3, boundscheck=True, wraparound=False, initializedcheck=False
# cython: infer_types=False, auto_pickle=False
"""The matcher's machine, compiled: a lowered pattern run over the starts of one sentence.

:mod:`depesche.engine.matcher` compiles a pattern to a program and lowers it to
``(opcode, a, b, memo)`` instructions (see ``matcher.lower``); :class:`Machine` holds them
as C arrays, and :func:`search` is the backtracking loop over them in the manner of RE2's
"BitState" engine, with the loop over the candidate starts of a sentence around it. The
loop, its stack, its visited sets and its lookahead memos are C; the token tests,
mentions, clause frames and extension elements it consults are the Python objects the
compiler made, called as they were (a clause frame only at a clause's head verb, the one
place it can bind).

Visited states are bits over (join point, position in the sentence): whether a state
leads to a match depends only on the instruction and the position, so a state that
failed from one start fails from every later one, and the bits are kept over the starts
of a sentence until a match (whose path did not fail). Positions outside the sentence
(an extension element may end anywhere) and machines too large for a bit table of the
sentence go to a hash set instead, so no input makes the tables grow past
``MAX_TABLE_BITS``.
"""

from cpython.exc cimport PyErr_CheckSignals
from libc.stdint cimport int64_t, uint64_t
from libcpp.unordered_set cimport unordered_set
from libcpp.utility cimport pair
from libcpp.vector cimport vector

# The program's opcodes (``matcher``'s) and the machine's own (see ``matcher._groups``).
cdef enum:
    TOKEN = 0
    MENTION = 1
    SPLIT = 2
    JUMP = 3
    SAVE = 4
    START = 5
    END = 6
    LOOK = 7
    EXTERN = 8
    MATCH = 9
    CLAUSE = 10
    TOKENS = 11
    SPLIT_TOKEN = 12
    SPLIT_START = 13
    SPLIT_LOOK = 14
    SPLIT_MENTION = 15
    LAZY_TOKEN = 16

cdef enum:
    # The largest bit table of visited states per machine and sentence (2 MiB); beyond, a
    # hash set.
    MAX_TABLE_BITS = 1 << 24
    # Steps between checks for signals (Ctrl-C, the document time budget's alarm).
    SIGNAL_STEPS = 1 << 16

ctypedef pair[Py_ssize_t, Py_ssize_t] State


cdef class Machine:
    """A program lowered for running, once per pattern.

    ``code`` holds ``(opcode, a, b, memo)`` instructions (``matcher.lower`` documents them);
    ``slots`` is the number of capture slots; ``first`` the test of a leading token that
    is no join point (a start whose token fails it cannot match), or None; ``entry`` the
    instruction the machine begins at (after that token).
    """

    cdef readonly tuple code
    cdef readonly Py_ssize_t slots
    cdef readonly object first
    cdef readonly Py_ssize_t entry
    cdef vector[int] ops
    cdef vector[Py_ssize_t] ints       # ``a`` where it is a number, else 0
    cdef vector[Py_ssize_t] targets    # ``b`` where it is a number, else -1
    cdef vector[Py_ssize_t] memos      # the join point's number, or -1
    cdef list objects                  # ``a`` as it is (a test, a label, a lookahead …)
    cdef Py_ssize_t joins              # how many join points
    cdef Py_ssize_t looks              # one more than the largest lookahead key inside

    def __init__(self, tuple code, Py_ssize_t slots, object first, Py_ssize_t entry):
        cdef Py_ssize_t n = len(code)
        if not 0 <= entry < n:
            raise ValueError(f"entry {entry} outside a program of {n} instructions")
        if slots < 0 or slots % 2:
            raise ValueError(f"capture slots must be an even count, not {slots}")
        self.code, self.slots, self.first, self.entry = code, slots, first, entry
        self.objects = []
        self.joins = 0
        self.looks = 0
        cdef Py_ssize_t pc
        cdef int op
        for pc in range(n):
            op, a, b, memo = code[pc]
            if not TOKEN <= op <= LAZY_TOKEN:
                raise ValueError(f"unknown opcode {op} at {pc}")
            self.ops.push_back(op)
            self.objects.append(a)
            self.ints.push_back(a if op in (SPLIT, JUMP, SAVE) else 0)
            self.targets.push_back(b if op in (TOKENS, SPLIT, SPLIT_TOKEN, SPLIT_START,
                                               SPLIT_LOOK, SPLIT_MENTION, LAZY_TOKEN) else -1)
            if memo:
                self.memos.push_back(self.joins)
                self.joins += 1
            else:
                self.memos.push_back(-1)
            if op in (SPLIT, JUMP) and not 0 <= a < n:
                raise ValueError(f"jump to {a} outside the program at {pc}")
            if op in (SPLIT, SPLIT_TOKEN, SPLIT_START, SPLIT_LOOK, SPLIT_MENTION,
                      LAZY_TOKEN) and not 0 <= b < n:
                raise ValueError(f"jump to {b} outside the program at {pc}")
            if op == SAVE and not 0 <= a < slots:
                raise ValueError(f"capture slot {a} outside {slots} at {pc}")
            if op == TOKENS and (not isinstance(a, tuple) or len(a) != b):
                raise ValueError(f"a run of tests at {pc} must hold its {b} tests")
            if op in (LOOK, SPLIT_LOOK):
                if not isinstance(a, Look):
                    raise ValueError(f"lookahead at {pc} is no Look")
                self.looks = max(self.looks, (<Look>a).key + 1, (<Look>a).machine.looks)
            if op not in (MATCH, JUMP, SPLIT) and pc + 1 >= n:
                raise ValueError(f"the program runs past its end at {pc}")

    def __reduce__(self):
        return Machine, (self.code, self.slots, self.first, self.entry)

    def __repr__(self) -> str:
        return f"Machine({len(self.code)} instructions, {self.slots} slots)"


cdef class Look:
    """A lookahead as the machine runs it: its own machine, a number for memos, the sign."""

    cdef readonly Machine machine
    cdef readonly Py_ssize_t key
    cdef readonly bint negative

    def __init__(self, Machine machine, Py_ssize_t key, bint negative):
        if key < 0:
            raise ValueError(f"lookahead key {key} is negative")
        self.machine, self.key, self.negative = machine, key, negative

    def __reduce__(self):
        return Look, (self.machine, self.key, self.negative)


cdef class _States:
    """A set of (join point, position) states: bits for the sentence, a hash set beyond."""

    cdef vector[uint64_t] bits
    cdef unordered_set[int64_t] rest
    cdef Py_ssize_t first, width, joins
    cdef bint table

    def __cinit__(self, Py_ssize_t joins, Py_ssize_t first, Py_ssize_t last):
        self.first = first
        self.width = last - first + 1 if last >= first else 1
        self.joins = joins
        self.table = joins * self.width <= MAX_TABLE_BITS
        if self.table:
            self.bits.resize((joins * self.width + 63) // 64, 0)

    cdef inline bint add(self, Py_ssize_t join, Py_ssize_t pos) noexcept:
        """Add the state; whether it was new."""
        cdef Py_ssize_t offset = pos - self.first
        cdef Py_ssize_t bit
        cdef uint64_t mask
        if self.table and 0 <= offset < self.width:
            bit = join * self.width + offset
            mask = (<uint64_t>1) << (bit & 63)
            if self.bits[bit >> 6] & mask:
                return False
            self.bits[bit >> 6] |= mask
            return True
        return self.rest.insert(<int64_t>pos * (self.joins + 1) + join).second

    cdef inline bint has(self, Py_ssize_t join, Py_ssize_t pos) noexcept:
        """Whether the state is in the set."""
        cdef Py_ssize_t offset = pos - self.first
        cdef Py_ssize_t bit
        if self.table and 0 <= offset < self.width:
            bit = join * self.width + offset
            return (self.bits[bit >> 6] >> (bit & 63)) & 1
        return self.rest.count(<int64_t>pos * (self.joins + 1) + join) > 0

    cdef void clear(self) noexcept:
        cdef Py_ssize_t i
        if self.table:
            for i in range(<Py_ssize_t>self.bits.size()):
                self.bits[i] = 0
        self.rest.clear()


cdef class _Sentence:
    """What the runs of one pattern in one sentence share: the context, the visited states
    of each machine (the pattern's and its lookaheads'), and what lookaheads answered."""

    cdef object ctx
    cdef list tokens
    cdef dict mentions
    cdef dict heads        # the document's clauses by the token of their head verb
    cdef Py_ssize_t first, last
    cdef list failed       # per lookahead key: its machine's failed states, or None
    cdef _States known     # (lookahead key, position) asked
    cdef _States holds     # (lookahead key, position) that matched
    cdef Py_ssize_t steps

    def __cinit__(self, object ctx, Py_ssize_t looks):
        self.ctx = ctx
        self.tokens = ctx.tokens
        self.mentions = ctx.by_label
        self.heads = ctx.doc.clause_of_head
        self.first = ctx.first
        self.last = ctx.last
        if not 0 <= self.first <= self.last <= len(self.tokens):
            raise ValueError(f"sentence [{self.first}, {self.last}) outside a document "
                             f"of {len(self.tokens)} tokens")
        self.failed = [None] * looks
        self.known = _States(looks, self.first, self.last)
        self.holds = _States(looks, self.first, self.last)
        self.steps = 0


cdef inline object _mentions_at(_Sentence s, object label, Py_ssize_t pos):
    """The mentions with ``label`` starting at ``pos`` (longest first), or None.

    A mention must start inside the sentence, as a token must: at the sentence's end it
    would be the next sentence's.
    """
    if pos < s.first or pos >= s.last:
        return None
    by_start = s.mentions.get(label)
    if by_start is None:
        return None
    return by_start.get(pos)


cdef inline bint _passes(object test, _Sentence s, Py_ssize_t pos) except -1:
    """Whether the token at ``pos`` is in the sentence and passes ``test``."""
    if pos < s.first or pos >= s.last:
        return False
    return bool(test(s.tokens[pos]))


cdef bint _holds(Look look, _Sentence s, Py_ssize_t pos) except -1:
    """Whether ``look``'s machine matches at ``pos``, remembered for the sentence."""
    cdef Py_ssize_t key = look.key
    cdef _States failed
    cdef bint ok
    cdef Py_ssize_t end = 0
    cdef vector[Py_ssize_t] slots
    if not s.known.add(key, pos):
        return s.holds.has(key, pos)
    failed = s.failed[key]
    if failed is None:
        failed = s.failed[key] = _States(look.machine.joins, s.first, s.last)
    ok = _run(look.machine, s, pos, failed, slots, &end)
    if ok:
        # The states of the matching path did not fail: start afresh (as the search does).
        failed.clear()
        s.holds.add(key, pos)
    return ok


cdef bint _run(Machine m, _Sentence s, Py_ssize_t start, _States visited,
               vector[Py_ssize_t]& slots, Py_ssize_t* found_end) except -1:
    """Match ``m`` at ``start``: whether it matches, the end of the best match in
    ``found_end`` and its capture slots in ``slots``.

    ``visited`` holds the states of earlier attempts in the sentence that found no match.
    """
    cdef Py_ssize_t pc, pos, op, slot, k, n, begin, end
    cdef object a, found, bound, ends
    cdef vector[State] stack
    cdef State top
    cdef list objects = m.objects
    cdef Py_ssize_t last = s.last
    slots.assign(m.slots, -1)
    if m.first is not None and not _passes(m.first, s, start):
        return False
    # Entries: (pc, pos) to try, or (-1 - slot, old value) to restore a capture slot.
    stack.push_back(State(m.entry, start + m.entry))
    while not stack.empty():
        top = stack.back()
        stack.pop_back()
        pc, pos = top.first, top.second
        if pc < 0:
            slots[-1 - pc] = pos
            continue
        while True:
            s.steps += 1
            if (s.steps & (SIGNAL_STEPS - 1)) == 0:
                PyErr_CheckSignals()
            if m.memos[pc] >= 0 and not visited.add(m.memos[pc], pos):
                break
            op = m.ops[pc]
            # Most frequent first.
            if op == SPLIT_TOKEN:
                if _passes(objects[pc], s, pos):
                    stack.push_back(State(m.targets[pc], pos))
                    pc, pos = pc + 1, pos + 1
                else:
                    pc = m.targets[pc]
                continue
            if op == LAZY_TOKEN:
                if _passes(objects[pc], s, pos):
                    stack.push_back(State(pc + 1, pos + 1))
                pc = m.targets[pc]
                continue
            if op == TOKEN:
                if _passes(objects[pc], s, pos):
                    pc, pos = pc + 1, pos + 1
                    continue
                break
            if op == SPLIT:
                stack.push_back(State(m.targets[pc], pos))
                pc = m.ints[pc]
                continue
            if op == SPLIT_START:
                if pos == s.first:
                    stack.push_back(State(m.targets[pc], pos))
                    pc += 1
                else:
                    pc = m.targets[pc]
                continue
            if op == SPLIT_LOOK:
                a = objects[pc]
                if _holds(<Look>a, s, pos) != (<Look>a).negative:
                    stack.push_back(State(m.targets[pc], pos))
                    pc += 1
                else:
                    pc = m.targets[pc]
                continue
            if op == SAVE:
                slot = m.ints[pc]
                stack.push_back(State(-1 - slot, slots[slot]))
                slots[slot] = pos
                pc += 1
                continue
            if op == SPLIT_MENTION:
                found = _mentions_at(s, objects[pc], pos)
                if not found:
                    pc = m.targets[pc]
                    continue
                stack.push_back(State(m.targets[pc], pos))
                for k in range(len(found) - 1, 0, -1):
                    stack.push_back(State(pc + 1, found[k].end))
                pc, pos = pc + 1, found[0].end
                continue
            if op == JUMP:
                pc = m.ints[pc]
                continue
            if op == MENTION:
                found = _mentions_at(s, objects[pc], pos)
                if not found:
                    break
                for k in range(len(found) - 1, 0, -1):
                    stack.push_back(State(pc + 1, found[k].end))
                pc, pos = pc + 1, found[0].end
                continue
            if op == TOKENS:
                a = objects[pc]
                n = m.targets[pc]
                if pos < s.first or pos + n > last:
                    break
                for k in range(n):
                    if not (<tuple>a)[k](s.tokens[pos]):
                        break
                    pos += 1
                else:
                    pc += 1
                    continue
                break
            if op == MATCH:
                found_end[0] = pos
                return True
            if op == LOOK:
                a = objects[pc]
                if _holds(<Look>a, s, pos) != (<Look>a).negative:
                    pc += 1
                    continue
                break
            if op == START:
                if pos == s.first:
                    pc += 1
                    continue
                break
            if op == END:
                if pos >= last:
                    pc += 1
                    continue
                break
            if op == CLAUSE:
                # A clause frame binds at the head verb of a clause only (``FrameTest``):
                # it is asked there alone, not at every token a pattern tries.
                if not s.first <= pos < last or pos not in s.heads:
                    break
                bound = objects[pc](s.ctx, pos)
                if bound is None:
                    break
                for item in bound:
                    slot, begin, end = item
                    if not 0 <= slot < m.slots - 1:
                        raise ValueError(f"a clause frame set capture slot {slot}")
                    stack.push_back(State(-1 - slot, slots[slot]))
                    stack.push_back(State(-2 - slot, slots[slot + 1]))
                    slots[slot], slots[slot + 1] = begin, end
                pc, pos = pc + 1, pos + 1
                continue
            if op == EXTERN:
                ends = list(objects[pc](s.ctx, pos))
                if not ends:
                    break
                for k in range(len(ends) - 1, 0, -1):
                    stack.push_back(State(pc + 1, ends[k]))
                pc, pos = pc + 1, ends[0]
                continue
            raise AssertionError(op)
    return False


cdef list _slots(vector[Py_ssize_t]& slots):
    cdef list found = []
    cdef Py_ssize_t i
    for i in range(<Py_ssize_t>slots.size()):
        found.append(slots[i])
    return found


def search(Machine machine, object ctx, object starts=None, tuple first_tokens=None):
    """Non-overlapping matches of ``machine`` in ``ctx``'s sentence, left to right.

    Tried at every position of the sentence (``starts`` None), skipping those whose
    token passes none of ``first_tokens`` (when given), or only at ``starts``
    (ascending) that an index vouches for. Returns ``(start, end, slots)`` per match:
    the capture slots as ``[start, end)`` pairs, -1 where unset.
    """
    cdef _Sentence s = _Sentence(ctx, machine.looks)
    cdef _States failed = _States(machine.joins, s.first, s.last)
    cdef vector[Py_ssize_t] slots
    cdef list matches = []
    cdef Py_ssize_t pos, end = 0, resume = s.first
    cdef object token, test
    cdef bint passes
    if starts is None:
        pos = s.first
        while pos <= s.last:
            if first_tokens is not None:
                if pos >= s.last:
                    break
                token = s.tokens[pos]
                passes = False
                for test in first_tokens:
                    if test(token):
                        passes = True
                        break
                if not passes:
                    pos += 1
                    continue
            if not _run(machine, s, pos, failed, slots, &end):
                pos += 1
                continue
            matches.append((pos, end, _slots(slots)))
            failed.clear()
            pos = end if end > pos else pos + 1
        return matches
    for start in starts:
        pos = start
        if pos < resume:
            continue
        if pos > s.last:
            break
        if not _run(machine, s, pos, failed, slots, &end):
            continue
        matches.append((pos, end, _slots(slots)))
        failed.clear()
        resume = end if end > pos else pos + 1
    return matches


def match_at(Machine machine, object ctx, Py_ssize_t start):
    """The best match of ``machine`` at ``start`` alone: ``(end, slots)``, or None
    (also for a start outside the sentence)."""
    cdef _Sentence s = _Sentence(ctx, machine.looks)
    cdef vector[Py_ssize_t] slots
    if not s.first <= start <= s.last:
        return None
    cdef Py_ssize_t end = 0
    if not _run(machine, s, start, _States(machine.joins, s.first, s.last), slots, &end):
        return None
    return end, _slots(slots)


# The opcodes by name, for the compiler in ``matcher`` (which numbers them the same way).
OPCODES = {"TOKEN": TOKEN, "MENTION": MENTION, "SPLIT": SPLIT, "JUMP": JUMP, "SAVE": SAVE,
           "START": START, "END": END, "LOOK": LOOK, "EXTERN": EXTERN, "MATCH": MATCH,
           "CLAUSE": CLAUSE, "TOKENS": TOKENS, "SPLIT_TOKEN": SPLIT_TOKEN,
           "SPLIT_START": SPLIT_START, "SPLIT_LOOK": SPLIT_LOOK,
           "SPLIT_MENTION": SPLIT_MENTION, "LAZY_TOKEN": LAZY_TOKEN}
