# cython: language_level=3, boundscheck=True, wraparound=False, initializedcheck=False
# cython: infer_types=False, auto_pickle=False
"""The index's work per document, compiled: where the keys are, and which rules to try where.

:mod:`depesche.engine.index` plans every pattern once (its anchor, reach, needs and
trigger, from the AST) and hands the plans to :class:`Tables`, which numbers the keys and
keeps the plans as C arrays. Per document, :meth:`Tables.candidates` looks every token's
word, lemma, part of speech and classes (and the mentions) up once, marks for each key
the sentences that have it, and answers, per sentence, the patterns to run there and the
starts their anchors vouch for: exactly what the index's documentation promises, with
the anchor token's own tests (compiled Python expressions) still called as they were.
"""

from libcpp.algorithm cimport sort, unique
from libcpp.utility cimport pair
from libcpp.vector cimport vector

ctypedef pair[Py_ssize_t, Py_ssize_t] Start   # (sentence, token)

# How the token tests read each single-valued view (``matcher``'s token tests), one column
# of values per document; ``/i`` views are their base view case-folded.
cdef tuple BASE_VIEWS = ("word", "lower", "lemma", "pos", "head")


cdef list _column(str view, list tokens):
    if view == "word":
        return [t.text for t in tokens]
    if view == "lower":
        return [t.text.lower() for t in tokens]
    if view == "lemma":
        return [t.lemma if t.lemma is not None else t.text for t in tokens]
    if view == "pos":
        return [t.pos or "" for t in tokens]
    if view == "head":  # as a test reads attrs["head"]; a value that is no string is no key
        return [head if isinstance(head := t.attrs.get("head"), str) else None
                for t in tokens]
    raise ValueError(f"no such view: {view!r}")


cdef class Tables:
    """The plans of an index's patterns, with every key numbered.

    ``plans`` are ``(anchor, needs, trigger, reach, check)`` per pattern, in run order:
    keys as ``(view, value)`` pairs (views ``word``, ``lower``, ``lemma``, ``pos``, each
    also with ``/i``, ``class`` and ``mention``), ``anchor`` and ``trigger`` a set of keys
    or None, ``needs`` a sequence of sets of keys, ``check`` the anchor token's predicate
    or None. ``candidate`` makes the index's ``Candidate(pattern, starts)``.
    """

    cdef object candidate
    cdef list plans
    cdef Py_ssize_t plans_count
    cdef dict keys                 # (view, value) -> key number
    cdef dict views                # view -> {value: key number}
    cdef vector[char] mention_key  # per key: whether it is a mention's
    cdef list key_views            # per key: its view, for mentions its label
    cdef vector[vector[Py_ssize_t]] triggered   # per key: the patterns it wakes
    cdef vector[Py_ssize_t] always              # patterns without a trigger
    cdef vector[vector[Py_ssize_t]] clauses     # per clause: its keys
    cdef vector[vector[Py_ssize_t]] needs       # per pattern: its clauses
    cdef vector[vector[Py_ssize_t]] anchors     # per pattern: its anchor's keys
    cdef vector[char] anchored                  # per pattern: whether it has an anchor
    cdef vector[Py_ssize_t] low, high           # per pattern: its reach
    cdef list checks                            # per pattern: the anchor's predicate

    def __init__(self, list plans, object candidate):
        self.candidate = candidate
        self.plans = plans
        self.plans_count = len(plans)
        self.keys = {}
        self.views = {}
        self.key_views = []
        self.checks = []
        cdef dict clause_numbers = {}
        cdef vector[Py_ssize_t] numbers
        cdef Py_ssize_t pattern, key
        for pattern, (anchor, needs, trigger, reach, check) in enumerate(plans):
            numbers.clear()
            for clause in needs:
                number = clause_numbers.get(clause)
                if number is None:
                    number = clause_numbers[clause] = len(clause_numbers)
                    self.clauses.push_back(self._key_numbers(clause))
                numbers.push_back(number)
            self.needs.push_back(numbers)
            self.anchored.push_back(anchor is not None)
            self.anchors.push_back(self._key_numbers(anchor or ()))
            self.low.push_back(reach[0])
            self.high.push_back(reach[1])
            if reach[0] < 0 or reach[1] < reach[0]:
                raise ValueError(f"pattern {pattern} has the reach {reach}")
            self.checks.append(check)
            if trigger is None:
                self.always.push_back(pattern)
            else:
                for key in self._key_numbers(trigger):
                    self.triggered[key].push_back(pattern)

    def __reduce__(self):
        return Tables, (self.plans, self.candidate)

    cdef vector[Py_ssize_t] _key_numbers(self, object clause) except *:
        cdef vector[Py_ssize_t] found
        for key in sorted(clause):
            number = self.keys.get(key)
            if number is None:
                view, value = key
                base = view.partition("/")[0]
                if base not in BASE_VIEWS and view not in ("class", "mention"):
                    raise ValueError(f"no such view: {view!r}")
                number = self.keys[key] = len(self.keys)
                self.views.setdefault(view, {})[value] = number
                self.mention_key.push_back(view == "mention")
                self.key_views.append(view)
                self.triggered.push_back(vector[Py_ssize_t]())
            found.push_back(number)
        return found

    def positions(self, object doc, dict mentions):
        """Where each key occurs in ``doc``: ``{(view, value): token indices, ascending}``."""
        cdef vector[vector[Py_ssize_t]] at
        cdef Py_ssize_t number, i
        self._positions(doc, mentions, at)
        found = {}
        for key, value in self.keys.items():
            number = value
            if not at[number].empty():
                found[key] = positions = []
                for i in range(<Py_ssize_t>at[number].size()):
                    positions.append(at[number][i])
        return found

    cdef int _positions(self, object doc, dict mentions, vector[vector[Py_ssize_t]]& at
                        ) except -1:
        cdef list tokens = doc.tokens
        cdef Py_ssize_t i, start, n = len(tokens)
        cdef dict columns = {}
        cdef list column
        cdef dict wanted
        at.assign(len(self.keys), vector[Py_ssize_t]())
        for view, wanted in self.views.items():
            if view == "mention":
                for label, number in wanted.items():
                    starts = mentions.get(label)
                    if starts:
                        for item in sorted(starts):
                            start = item
                            if not 0 <= start < n:
                                raise ValueError(f"a mention {label} starts at token {start}, "
                                                 f"outside the document's {n} tokens")
                            at[<Py_ssize_t>number].push_back(start)
            elif view == "class":
                for i in range(n):
                    classes = tokens[i].classes
                    if classes:
                        for label in classes:
                            number = wanted.get(label)
                            if number is not None:
                                at[<Py_ssize_t>number].push_back(i)
            else:
                base, folded, _ = view.partition("/")
                column = columns.get(view)
                if column is None:
                    column = columns.get(base)
                    if column is None:
                        column = columns[base] = _column(base, tokens)
                    if folded:
                        column = columns[view] = [value.casefold() if value is not None
                                                  else None for value in column]
                for i in range(n):
                    number = wanted.get(column[i])
                    if number is not None:
                        at[<Py_ssize_t>number].push_back(i)
        return 0

    def candidates(self, object doc, dict mentions):
        """The patterns to run in each sentence of ``doc``, in pattern order:
        ``{sentence: [Candidate]}``, sentences ascending."""
        cdef list tokens = doc.tokens
        cdef list sentences = doc.sentences
        cdef Py_ssize_t sentence_count = len(sentences)
        cdef Py_ssize_t i, k, s, pattern, number, clause, start, stop, count
        cdef vector[vector[Py_ssize_t]] at
        cdef vector[Py_ssize_t] sentence_of, sentence_first
        cdef vector[char] woken, allowed, within
        cdef vector[vector[char]] clause_sentences
        cdef vector[char] clause_known
        cdef vector[Start] starts
        cdef list by_sentence = [None] * sentence_count
        cdef object check, token_test
        cdef Py_ssize_t low, high
        self._positions(doc, mentions, at)
        for token in tokens:
            sentence_of.push_back(token.sentence)
        for sentence in sentences:
            sentence_first.push_back(sentence.first)
        for s in range(<Py_ssize_t>sentence_of.size()):
            if not 0 <= sentence_of[s] < sentence_count:
                raise ValueError(f"token {s} is in sentence {sentence_of[s]}, "
                                 f"of {sentence_count}")
        # The patterns woken by a key present, and those always awake.
        woken.assign(self.plans_count, 0)
        for pattern in self.always:
            woken[pattern] = 1
        for number in range(<Py_ssize_t>at.size()):
            if not at[number].empty():
                for pattern in self.triggered[number]:
                    woken[pattern] = 1
        clause_sentences.resize(self.clauses.size())
        clause_known.assign(self.clauses.size(), 0)
        for pattern in range(self.plans_count):
            if not woken[pattern]:
                continue
            # The sentences that hold one key of each clause the pattern needs.
            allowed.assign(sentence_count, 1)
            count = sentence_count
            for clause in self.needs[pattern]:
                if not clause_known[clause]:
                    within.assign(sentence_count, 0)
                    for number in self.clauses[clause]:
                        for i in at[number]:
                            within[sentence_of[i]] = 1
                    clause_sentences[clause] = within
                    clause_known[clause] = 1
                count = 0
                for s in range(sentence_count):
                    # (no conditional expression: Cython types it as a reference here)
                    if not clause_sentences[clause][s]:
                        allowed[s] = 0
                    elif allowed[s]:
                        count += 1
                if count == 0:
                    break
            if count == 0:
                continue
            if not self.anchored[pattern]:
                for s in range(sentence_count):
                    if allowed[s]:
                        self._add(by_sentence, s, pattern, None)
                continue
            # The starts the anchor vouches for, in the allowed sentences.
            starts.clear()
            low, high = self.low[pattern], self.high[pattern]
            check = self.checks[pattern]
            for number in self.anchors[pattern]:
                # A mention's key is exact: the anchor's tests are for its tokens.
                token_test = None if self.mention_key[number] else check
                for i in at[number]:
                    s = sentence_of[i]
                    if not allowed[s]:
                        continue
                    if token_test is not None and not token_test(tokens[i]):
                        continue
                    start = i - high
                    if start < sentence_first[s]:
                        start = sentence_first[s]
                    stop = i - low + 1
                    for k in range(start, stop):
                        starts.push_back(Start(s, k))
            if starts.empty():
                continue
            sort(starts.begin(), starts.end())
            starts.erase(unique(starts.begin(), starts.end()), starts.end())
            k = 0
            while k < <Py_ssize_t>starts.size():
                s = starts[k].first
                at_sentence = []
                while k < <Py_ssize_t>starts.size() and starts[k].first == s:
                    at_sentence.append(starts[k].second)
                    k += 1
                self._add(by_sentence, s, pattern, tuple(at_sentence))
        return {s: by_sentence[s] for s in range(sentence_count) if by_sentence[s] is not None}

    cdef int _add(self, list by_sentence, Py_ssize_t sentence, Py_ssize_t pattern,
                  object starts) except -1:
        found = by_sentence[sentence]
        if found is None:
            found = by_sentence[sentence] = []
        found.append(self.candidate(pattern, starts))
        return 0
