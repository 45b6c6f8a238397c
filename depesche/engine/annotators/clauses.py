"""The ``clauses`` annotator: clauses, their verb complexes, and who fills which role.

German marks its clauses without a parser (the topological field model: Drach 1937,
Höhle 1986; Wöllstein, "Topologisches Satzmodell", 2014), and shallow engines such as
SPPC (Neumann & Piskorski 2002) read them off the tags in this order, as this module does:

1. **Boundaries.** A sentence splits at commas, semicolons, colons, dashes, brackets and
   quotation marks that lie outside a phrase (an apposition's commas do not split, nor do
   the brackets of a short aside without a verb: "die Miliz (PKK)"), and
   at a coordinating conjunction between two finite verbs ("Er kam und gab nach").
2. **Kind.** A clause opened by a subordinator ("dass", "weil", STTS KOUS) is ``sub``, by
   a relative pronoun ``rel``, one with a ``zu``-infinitive and no finite verb ``inf``,
   any other ``main``. A segment without a verb (a subject before an inserted relative
   clause) gives its phrases to the main clause that follows.
3. **Verb complex.** The finite verb is the left bracket of a main clause, the last verb of
   a verb-final one; the head is the lexical verb (a participle or infinitive in the
   right bracket, else the finite full verb, else the finite auxiliary as a copula).
   ``werden`` + participle is passive, ``haben``/``sein`` + participle perfect,
   ``werden`` + infinitive future; mood comes from the finite verb's morphology; "nicht",
   "kein", "nie" negate.
4. **Roles.** The subject is the nominative phrase that agrees in number with the finite
   verb: the Vorfeld phrase of a verb-second clause when it can be nominative, else the
   first such phrase after the finite verb. A verb-first conjunct ("…, lehnte aber … ab")
   and a ``zu``-infinitive inherit the subject of the clause before; a relative clause
   whose pronoun can be nominative has its antecedent as subject. "sich" is ``refl``;
   the other bare phrases are objects (``acc``, ``dat``, or ``obj`` where the case is open), phrases
   under a preposition are roles named by it ("mit", "gegen"), and in a passive the
   "von"/"durch" phrase is the ``agent``. Dates and time adverbials ("Wenige Wochen
   vor …") are no arguments.
"""

from __future__ import annotations

import itertools

from depesche.engine.annotators.phrases import VON_NOUNS, may_act
from depesche.engine.annotators.registry import AnnotationContext, annotator
from depesche.engine.document import Clause, Document, Phrase, Role, Token, VerbComplex

BOUNDARY_WORDS = frozenset({",", ";", ":", "–", "—", "(", ")", "-"})
QUOTE_MARKS = frozenset({'"', "„", "“", "”", "«", "»", "‚", "‘", "’", "‹", "›"})
FINITE = frozenset({"VVFIN", "VAFIN", "VMFIN", "VVIMP", "VAIMP"})
NONFINITE_LEXICAL = frozenset({"VVPP", "VVINF", "VVIZU"})
COORDINATORS = frozenset({"und", "oder", "aber", "sondern", "doch", "sowie"})
SUBORDINATORS = frozenset({"KOUS", "KOUI"})
RELATIVES = frozenset({"PRELS", "PRELAT"})
INTERROGATIVES = frozenset({"PWS", "PWAV", "PWAT"})
# Set phrases under "zu" that are adverbs, no roles ("kritisierte zum Beispiel, dass …",
# "zum Teil", "zum Glück").
SET_ADVERBIALS = frozenset({"Beispiel", "Teil", "Glück", "Schluss", "Abschluss", "Auftakt",
                            "Leidwesen", "Erstaunen", "Entsetzen", "Ärger", "Trotz"})
NEGATORS = frozenset({"nicht", "nie", "niemals", "keinesfalls", "keineswegs", "niemand",
                      "niemanden", "niemandem", "nichts", "weder"})
# Adverbs right after the finite verb of a verb-first conjunct that mark it as continuing
# the clause before ("…, lehnte aber … ab"), so it shares that clause's subject.
CONTINUATION = frozenset({"aber", "jedoch", "allerdings", "zudem", "dann", "außerdem",
                          "ebenfalls", "gleichzeitig", "zugleich", "anschließend", "später",
                          "daraufhin", "danach", "auch", "ferner", "trotzdem", "dennoch"})
MOODS = {"Ind": "ind", "Sub1": "sub1", "Sub2": "sub2", "Imp": "imp"}
AGENT_PREPS = frozenset({"von", "durch"})
# Subordinators of a condition: what such a clause says has not happened.
# Verbs whose object, not their subject, is who does what a zu-infinitive after them says
# (object control, Duden Grammatik: "Russland warf der Ukraine vor, ein Dorf beschossen zu
# haben": Ukraine shot; "Er forderte Iran auf, das Programm zu beenden"): the roles of the
# controller, the dative's first.
OBJECT_CONTROL: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("vorwerfen", "verbieten", "untersagen", "erlauben", "raten",
                     "empfehlen", "befehlen", "nahelegen", "vorhalten", "gestatten"),
                    ("dat", "obj")),
    **dict.fromkeys(("beschuldigen", "bezichtigen", "verdächtigen", "anklagen",
                     "auffordern", "aufrufen", "bitten", "drängen", "ermahnen", "zwingen",
                     "warnen", "ermutigen", "überreden", "verpflichten", "anweisen",
                     "ersuchen", "mahnen", "nötigen"),
                    ("acc", "obj")),
    "appellieren": ("an",), "plädieren": ("an",),
}
# Words before "von" that make it a place ("südlich von Hebron"), never a passive's agent.
PLACE_BEFORE_VON = frozenset({"südlich", "nördlich", "östlich", "westlich", "südöstlich",
                              "südwestlich", "nordöstlich", "nordwestlich", "unweit", "nahe",
                              "abseits", "unterhalb", "oberhalb", "außerhalb", "innerhalb"})
CONDITIONALS = frozenset({"wenn", "falls", "sofern", "soweit", "insofern"})


def verb_number(token: Token) -> str | None:
    """Singular or plural of a finite verb by its ending (third person, as news reports)."""
    lower = token.text.lower()
    if lower in ("sind", "seien", "wären"):
        return "pl"
    if lower.endswith(("en", "ern", "eln")) or (lower.endswith("n") and lower[-2:-1] in "aeiouäöü"
                                                  and not lower.endswith("nn")):
        return "pl"
    return "sg"


def _is_boundary(token: Token) -> bool:
    return token.text in BOUNDARY_WORDS or token.text in QUOTE_MARKS


class ClauseReader:
    """Reads the clauses of one sentence (see the module docstring)."""

    def __init__(self, doc: Document, phrases: list[Phrase], dated: set[int]) -> None:
        self.doc = doc
        self.tokens = doc.tokens
        self.phrases = phrases
        self.dated = dated
        self.skipped = (0, 0)  # tokens of an interrupting clause, while rejoining
        # tokens inside the brackets of a short aside ("(ÖVP)"), by sentence as read: it
        # says more about the phrase before it and fills no role
        self.aside_inner: set[int] = set()
        inside: set[int] = set()
        for phrase in phrases:
            # (a phrase may open with the quotation mark of its words: "von „ethnischer
            # Säuberung“" is one phrase, and the mark splits no clause)
            opens = phrase.start if self.tokens[phrase.start].text in QUOTE_MARKS else \
                phrase.start + 1
            inside.update(range(opens, phrase.end - 1))
        self.inside = inside

    def segments(self, first: int, last: int) -> list[tuple[int, int, Token | None]]:
        """Spans of the sentence between boundaries, each with the boundary before it."""
        tokens = self.tokens
        out: list[tuple[int, int, Token | None]] = []
        start, before = first, None
        pairs = self.asides(first, last)
        aside = {k for pair in pairs for k in pair}
        self.aside_inner = {j for opening, closing in pairs for j in range(opening + 1, closing)}
        for k in range(first, last):
            if _is_boundary(tokens[k]) and k not in self.inside and k not in aside:
                if k > start:
                    out.extend(self.split_coordination(self.past_aside(start, k), k, before))
                start, before = k + 1, tokens[k]
        if last > start:
            out.extend(self.split_coordination(self.past_aside(start, last), last, before))
        return out

    def past_aside(self, start: int, end: int) -> int:
        """Where a clause begins after an aside that opens it without a comma: "Wie
        berichtet hatte das Ministerium …", "Wie erwähnt ist …" (the paper's own earlier
        report, no clause of the sentence)."""
        tokens = self.tokens
        if start + 2 < end and tokens[start].text.lower() == "wie" \
                and tokens[start + 1].pos == "VVPP" and tokens[start + 2].pos in FINITE:
            return start + 2
        return start

    def asides(self, first: int, last: int) -> list[tuple[int, int]]:
        """The brackets (opening, closing) around a short aside with no verb ("Miliz
        (PKK)", "Sobotka (ÖVP)", "(22 Jahre)"): they do not split the clause they stand in."""
        tokens = self.tokens
        found: list[tuple[int, int]] = []
        for k in range(first, last):
            if tokens[k].text != "(":
                continue
            close = next((j for j in range(k + 1, min(k + 6, last)) if tokens[j].text == ")"),
                         None)
            if close is not None and close > k + 1 and not any(
                    (t.pos or "").startswith("V") or _is_boundary(t) or t.text == ","
                    for t in tokens[k + 1:close]):
                found.append((k, close))
        return found

    def split_coordination(self, start: int, end: int, before: Token | None
                           ) -> list[tuple[int, int, Token | None]]:
        tokens = self.tokens
        finite = [k for k in range(start, end) if tokens[k].pos in FINITE]
        for a, b in itertools.pairwise(finite):
            for k in range(b - 1, a, -1):
                if tokens[k].pos == "KON" and tokens[k].text.lower() in COORDINATORS:
                    return [(start, k, before),
                            *self.split_coordination(k + 1, end, tokens[k])]
        # Coordinated participles or infinitives that share one finite verb ("hat Lager
        # zerstört und Kämpfer festgenommen"): each is a clause of its own.
        lexical = [k for k in range(start, end) if tokens[k].pos in NONFINITE_LEXICAL]
        for a, b in itertools.pairwise(lexical):
            for k in range(a + 1, b):
                if tokens[k].pos == "KON" and tokens[k].text.lower() in COORDINATORS \
                        and not any(tokens[j].pos in FINITE for j in range(k, b)):
                    return [(start, k, before),
                            *self.split_coordination(k + 1, end, tokens[k])]
        return [(start, end, before)]

    def kind(self, start: int, end: int, before: Token | None) -> tuple[str, Token | None]:
        tokens = self.tokens
        k = start + 1 if tokens[start].pos in ("APPR", "APPRART") and start + 1 < end else start
        first = tokens[k]
        if first.pos in RELATIVES and before is not None and before.text == ",":
            return "rel", first
        if first.pos in SUBORDINATORS and not self._fronted_als(k, end):
            return "sub", first
        if first.pos in INTERROGATIVES and before is not None and before.text == "," and not (
                k + 1 < end and tokens[k + 1].pos in FINITE):
            return "sub", first
        if first.pos in INTERROGATIVES and end < len(tokens) and tokens[end].text == "," \
                and tokens[end - 1].pos in FINITE and end - 1 > k + 1:
            # "Wie schwierig es ist, weiß …", "Warum er ablehnte, blieb offen": a question
            # word's clause with its finite verb last, before a comma, is subordinate
            return "sub", first
        if not any(t.pos in FINITE for t in tokens[start:end]) and any(
                t.pos == "VVIZU" or t.pos == "PTKZU" for t in tokens[start:end]):
            return "inf", None
        return "main", None

    def _fronted_als(self, k: int, end: int) -> bool:
        """Whether "als" opens a main clause as a fronted predicate ("Als nicht hinnehmbar
        bezeichnete es der Minister, …"): a finite verb right after a few words of no verb,
        with more of the clause after it (a clause of "als" has its finite verb last)."""
        tokens = self.tokens
        if tokens[k].text.lower() != "als":
            return False
        j = k + 1
        while j < end and j <= k + 4 and tokens[j].pos in ("ADV", "ADJD", "PTKNEG"):
            j += 1
        return j > k + 1 and j < end - 1 and tokens[j].pos in FINITE \
            and tokens[j - 1].pos == "ADJD"

    def verb_complex(self, start: int, end: int, kind: str) -> VerbComplex | None:
        tokens = self.tokens
        verbs = [t for t in tokens[start:end] if t.pos and t.pos.startswith("V")]
        if not verbs:
            return None
        finites = [t for t in verbs if t.pos in FINITE]
        finite = (finites[-1] if kind in ("sub", "rel") else finites[0]) if finites else None
        lexical = [t for t in verbs if t.pos in NONFINITE_LEXICAL]
        if finite is not None and finite.pos == "VVFIN" and lexical \
                and all(t.pos == "VVPP" for t in lexical) \
                and not any(t.pos.startswith(("VA", "VM")) for t in verbs):
            # A full verb with a participle as its predicate ("sieht die Fischerei
            # bedroht", "fühlt sich betrogen"): no auxiliary makes the participle the head.
            lexical = []
        head = lexical[0] if lexical else (
            next((t for t in finites if t.pos.startswith("VV")), None) or finite or verbs[0])
        lemmas = {(t.lemma or "").lower() for t in verbs if t.pos.startswith("VA")}
        complex_ = VerbComplex(head.i, finite.i if finite else None,
                               tuple(t.i for t in verbs), (head.lemma or head.text),
                               number=verb_number(finite) if finite is not None else None)
        _voice_and_tense(complex_, head, lemmas, any(t.text == "worden" for t in verbs))
        modal = next((t for t in verbs if t.pos.startswith("VM")), None)
        complex_.modal = (modal.lemma or modal.text).lower() if modal else None
        auxiliary = next((t for t in verbs if t.pos.startswith("VA") and t is not head), None)
        complex_.auxiliary = (auxiliary.lemma or auxiliary.text).lower() if auxiliary else None
        if finite is not None:
            complex_.mood = MOODS.get(finite.morph.get("Mood", ""), "ind")
        words = tokens[start:end]
        for n, t in enumerate(words):
            lower = t.text.lower()
            following = words[n + 1].text.lower() if n + 1 < len(words) else ""
            negator = (lower in NEGATORS or t.pos == "PTKNEG") and following not in (
                "nur", "mehr")  # "nicht nur", "nicht mehr" leave the event standing
            if negator or (t.pos in ("PIAT", "PIS") and lower.startswith("kein")):
                complex_.negated = True
        return complex_

    def arguments(self, start: int, end: int) -> list[Phrase]:
        """The phrases of a clause that may fill roles: no dates, no time adverbials, no
        dateline ("Boston – …" is where the story was written), no bracket's aside (and
        none of a clause that interrupts it, while it is read as one: ``self.skipped``)."""
        tokens = self.tokens
        return [p for p in self.phrases if start <= p.start and p.end <= end
                # (a date in a participle's adjuncts is the phrase's own: "der am
                # Donnerstag festgenommene Mann")
                and not any(k in self.dated and not tokens[k].attrs.get("embedded")
                            for k in range(p.start, p.end))
                and not (p.kind == "time" and p.prep is None)
                and not (self.skipped[0] <= p.start < self.skipped[1])
                and not self.tokens[p.start].attrs.get("dateline")
                and p.start not in self.aside_inner
                and not (p.prep == "zu" and p.end - p.start == 1
                         and tokens[p.head].text in SET_ADVERBIALS)]

    def bare(self, start: int, end: int) -> list[Phrase]:
        return [p for p in self.arguments(start, end)
                if p.prep is None and p.cases != frozenset({"gen"})]

    def sentence(self, first: int, last: int, number: int) -> list[Clause]:
        sentence_start = first
        clauses: list[Clause] = []
        orphans: list[Phrase] = []
        # A headline's participle with no finite verb in the sentence is a passive whose
        # "wurden" is left out: "Drei Journalisten in Ankara festgenommen".
        headline = not any(t.pos in FINITE for t in self.tokens[first:last])
        for start, end, before in self.segments(first, last):
            kind, introducer = self.kind(start, end, before)
            verb = self.verb_complex(start, end, kind)
            if verb is None:
                orphans.extend(p for p in self.arguments(start, end) if p.prep is None)
                continue
            if headline and kind == "main" and self.tokens[verb.head].pos == "VVPP":
                verb.voice = "passive"
            shared = (before is not None and before.pos == "KON" and verb.finite is None
                      and clauses and kind == "main")
            if shared:
                # The second conjunct of a shared verb complex: the finite verb, voice,
                # tense and mood of the first, and its subject.
                earlier = clauses[-1].verb
                verb.finite, verb.mood, verb.modal = earlier.finite, earlier.mood, earlier.modal
                if earlier.voice == "passive" and self.tokens[verb.head].pos == "VVPP":
                    verb.voice = "passive"
                elif earlier.tense == "perfect":
                    verb.tense = "perfect"
                if verb.voice == "passive" and earlier.voice == "active" \
                        and earlier.auxiliary == "sein" \
                        and self.tokens[earlier.head].pos == "VVPP":
                    # "ist festgenommen und verhört worden": the "worden" at the end makes
                    # the first conjunct a passive perfect too, not an active one
                    earlier.voice = "passive"
                kind = clauses[-1].kind
            clause = Clause(number, self.tokens[start].sentence, start, end, kind, verb,
                            introducer=introducer.text.lower() if introducer else None)
            if shared:
                subj = clauses[-1].role("subj")
                clause.roles = (*([Role("subj", subj.phrase, True)] if subj else []),
                                *self.others(self.bare(start, end), self.arguments(start, end),
                                             verb, None))
                agent = clauses[-1].role("agent")
                if agent is not None and verb.voice == "passive" \
                        and clause.role("agent") is None:
                    # "von einem Lastwagen erfasst und getötet": the passive's agent is
                    # both participles'
                    clause.roles = (*clause.roles, Role("agent", agent.phrase, True))
                clauses.append(clause)
                number += 1
                continue
            clause.roles = self.roles(clause, clauses, before, orphans if kind == "main" else [])
            if kind == "main":
                orphans = []
            clauses.append(clause)
            number += 1
        return self.rejoin(clauses, sentence_start)

    def rejoin(self, clauses: list[Clause], first: int) -> list[Clause]:
        """A main clause whose verb bracket a relative or subordinate clause interrupts
        ("Marokko hat Algerien, mit dem es … streitet, am Montag Gespräche angeboten") is
        read as one clause: its finite auxiliary or modal before the interruption, its
        participle or infinitive after it, its roles from both parts."""
        k = 0
        while k < len(clauses):
            head = clauses[k]
            verb = head.verb
            j = k + 1
            while j < len(clauses) and clauses[j].kind in ("rel", "sub") \
                    and clauses[j].start > head.end:
                j += 1
            if head.kind != "main" or verb.finite is None or verb.head != verb.finite \
                    or self.tokens[verb.finite].pos not in ("VAFIN", "VMFIN") \
                    or j == k + 1 or j >= len(clauses):
                k += 1
                continue
            tail = clauses[j]
            if tail.kind != "main" or tail.verb.finite is not None \
                    or self.tokens[tail.verb.head].pos not in NONFINITE_LEXICAL:
                k += 1
                continue
            merged = self.verb_complex_of(verb, tail.verb)
            clause = Clause(head.index, head.sentence, head.start, tail.end, "main", merged,
                            introducer=head.introducer)
            self.skipped = (clauses[k + 1].start, clauses[j - 1].end)
            before = self.tokens[head.start - 1] if head.start > first else None
            clause.roles = self.roles(clause, clauses[:k], before, [])
            self.skipped = (0, 0)
            clauses[k:j + 1] = [clause, *clauses[k + 1:j]]
            k += 1
        for n, clause in enumerate(clauses):
            clause.index = clauses[0].index + n
        return clauses

    def verb_complex_of(self, left: VerbComplex, right: VerbComplex) -> VerbComplex:
        """The verb complex of a bracket split in two: the finite verb of the left part,
        the lexical head of the right."""
        tokens = self.tokens
        head = tokens[right.head]
        lemmas = {(tokens[i].lemma or "").lower() for i in (*left.tokens, *right.tokens)
                  if tokens[i].pos.startswith("VA")}
        verb = VerbComplex(right.head, left.finite, (*left.tokens, *right.tokens),
                           right.lemma, mood=left.mood, modal=left.modal or right.modal,
                           auxiliary=(tokens[left.finite].lemma or "").lower()
                           if tokens[left.finite].pos == "VAFIN" else right.auxiliary,
                           negated=left.negated or right.negated, number=left.number)
        if verb.modal is not None:
            lemmas.discard("werden")  # "soll … angeboten werden" is no future
        _voice_and_tense(verb, head, lemmas,
                         any(tokens[i].text == "worden" for i in right.tokens))
        return verb

    def roles(self, clause: Clause, earlier: list[Clause], before: Token | None,
              orphans: list[Phrase]) -> tuple[Role, ...]:
        tokens = self.tokens
        verb = clause.verb
        args = self.arguments(clause.start, clause.end)
        bare = self.bare(clause.start, clause.end)
        if clause.kind == "rel" and bare and bare[0].start == clause.start and not (
                tokens[clause.start].text.lower() in ("dessen", "deren")
                and bare[0].end - bare[0].start > 1):
            # the relative pronoun itself is no phrase of its own; "dessen Truppen" is one
            bare = bare[1:]
        finite = tokens[verb.finite] if verb.finite is not None else None
        number = verb_number(finite) if finite is not None else None

        def nominative(p: Phrase) -> bool:
            return "nom" in p.cases and (number is None or p.number in (None, number))

        def certain(p: Phrase) -> bool:
            return p.cases == frozenset({"nom"}) or (
                "nom" in p.cases and tokens[p.start].text.lower() in ("der", "ein"))

        subject: Phrase | None = None
        inherited = False
        previous = next((c for c in reversed(earlier) if c.kind != "inf"), None)
        if previous is not None and previous.verb.mood == "sub1" and finite is not None \
                and MOODS.get(finite.morph.get("Mood", ""), "ind") == "ind":
            # "X sagte, die Lage sei ernst, betonte aber …": a clause in the indicative
            # goes on with the speaker's clause, not with the words reported
            previous = next((c for c in reversed(earlier) if c.kind != "inf"
                             and c.verb.mood != "sub1"), previous)
        first_word = tokens[clause.start]
        verb_first = finite is not None and (first_word.i == finite.i or (
            first_word.pos == "KON" and clause.start + 1 == finite.i))
        if clause.kind == "rel":
            subject = next((p for p in bare if certain(p)), None)
            pronoun = tokens[clause.start + (1 if tokens[clause.start].pos.startswith("APPR")
                                             else 0)]
            antecedent = next((p for p in reversed(self.phrases)
                               if p.end == clause.start - 1), None)
            relative = tokens[clause.start].pos in RELATIVES
            if subject is None and relative and antecedent is not None \
                    and pronoun.text.lower() in ("der", "die", "das") \
                    and nominative(antecedent) and not any(
                        nominative(p) and may_act(p) and not may_act(antecedent) for p in bare):
                # "die Milizen, die den Konvoi angriffen": the antecedent is the subject,
                # unless it disagrees with the verb or a phrase in the clause is the actor
                # and the antecedent is none ("die Sanktionen, die Kanada verhängt hat").
                return (Role("subj", antecedent, inherited=True),
                        *self.others(bare, args, verb, None))
            subject = subject or next((p for p in bare if nominative(p)), None)
            if relative and antecedent is not None and subject is not None \
                    and pronoun.text.lower() in ("den", "die", "das"):
                # The pronoun is the object: the antecedent fills it ("die Sanktionen, die
                # Kanada verhängt hat": Kanada imposed the sanctions).
                return (Role("subj", subject), Role("acc", antecedent, inherited=True),
                        *self.others(bare, args, verb, subject))
        elif clause.kind == "inf":
            controller = None
            if previous is not None:
                controller = next(
                    (role for name in OBJECT_CONTROL.get(previous.verb.lemma, ())
                     if (role := previous.role(name)) is not None), previous.role("subj"))
            if controller is not None:
                return (Role("subj", controller.phrase, inherited=True),
                        *self.others(bare, args, verb, None))
        elif clause.kind == "main" and verb_first and finite is not None:
            after = [p for p in bare if p.start > finite.i]
            subject = next((p for p in after if certain(p)), None)
            if subject is not None and after and after[0] is not subject \
                    and tokens[after[0].head].pos == "NE" and nominative(after[0]) \
                    and tokens[subject.start].text.lower() == "der":
                # "…, erklärte Senger der APA": a name right after the verb is its subject,
                # and the "der" after it a dative ("der APA", "der Zeitung").
                subject = after[0]
            if subject is not None and after and after[0] is not subject \
                    and tokens[subject.start].text.lower() == "ein" and not may_act(subject) \
                    and nominative(after[0]) and may_act(after[0]):
                # "…, bombardierten die Kampfjets ein Krankenhaus": "ein" before a neuter
                # noun is accusative too; the actor right after the verb is the subject
                subject = after[0]
            if subject is not None and orphans and tokens[subject.start].text.lower() == "der":
                # "Kammenos, zugleich Chef der Partei, warf der Türkei vor, …": a name set
                # off before the verb is its subject, and "der Türkei" a dative.
                named = next((p for p in orphans if nominative(p) and may_act(p)
                              and tokens[p.head].pos == "NE"), None)
                if named is not None:
                    return (Role("subj", named), *self.others(bare, args, verb, None))
            continues = (before is not None and before.pos == "KON") or first_word.pos == "KON" \
                or (finite.i + 1 < clause.end
                    and tokens[finite.i + 1].text.lower() in CONTINUATION)
            if subject is None and orphans and self._inserted(clause):
                # "Der Plan, schreibt die Zeitung, ist gescheitert": a clause set off
                # between commas before a finite verb is inserted; the phrase before it
                # belongs to the clause after it, its own subject follows its verb
                subject = next((p for p in after if nominative(p)), None)
            if subject is None and orphans:
                subject = next((p for p in orphans if nominative(p)), None)
                actor_after = next((p for p in after if nominative(p) and may_act(p)), None)
                if subject is not None and not certain(subject) and not may_act(subject) \
                        and actor_after is not None:
                    # An object in the Vorfeld, the actor after the verb ("Eine Garantie
                    # darüber, …, lehnt die US-Regierung ab"): agents are subjects.
                    subject = actor_after
                elif subject is not None:  # the clause's own Vorfeld, cut off by an insertion
                    return (Role("subj", subject),
                            *self.others(bare, args, verb, None))
            if subject is None and continues and first_word.pos != "KON" and \
                    (before is None or before.pos != "KON") and after and \
                    after[0].start == finite.i + 2 and nominative(after[0]) and \
                    may_act(after[0]) and tokens[after[0].head].pos == "NE":
                # "…, warnte auch Fabius": a name right after "auch", "zudem" … is the
                # verb's own subject; the subject goes on only without one
                subject = after[0]
            if subject is None and continues and previous is not None \
                    and previous.kind == "main" and previous.role("subj") is not None:
                # (a verb-first clause goes on with a main clause before it, never with a
                # subordinate one: "Wie schwierig es ist, weiß auch die Unternehmerin")
                subj = previous.role("subj")
                assert subj is not None
                return (Role("subj", subj.phrase, inherited=True),
                        *self.others(bare, args, verb, None))
            subject = subject or next((p for p in after if nominative(p)), None)
        elif clause.kind == "main" and finite is not None:
            vorfeld = [p for p in bare if p.end <= finite.i]
            subject = next((p for p in vorfeld if nominative(p)), None)
            following = [p for p in bare if p.start > finite.i and nominative(p)]
            after = next(iter(following), None)
            if after is not None and after.text.lower() == "es" and after.start == finite.i + 1 \
                    and len(following) > 1 and certain(following[1]):
                # "bezeichnete es der Minister als …": "es" is the object, the certain
                # nominative after it the subject
                after = following[1]
            if subject is None or (not certain(subject) and not may_act(subject)
                                   and after is not None and may_act(after)):
                # No nominative Vorfeld, or an object there and the actor after the verb
                # ("Den Vorschlag lehnte die Regierung ab", "Diese Forderung erhob Polen").
                subject = after or subject
        else:
            subject = next((p for p in bare if nominative(p)), None)
        roles = [Role("subj", subject, inherited)] if subject is not None else []
        return (*roles, *self.others(bare, args, verb, subject))

    def _inserted(self, clause: Clause) -> bool:
        """Whether a clause ends in a comma right before a finite verb of its sentence."""
        tokens = self.tokens
        k = clause.end
        if k < len(tokens) and tokens[k].text == ",":
            k += 1
        elif tokens[k - 1].text != ",":
            return False
        return k < len(tokens) and (tokens[k].pos or "").endswith("FIN") and \
            tokens[k].sentence == tokens[clause.start].sentence

    def _place_of_von(self, phrase: Phrase) -> bool:
        """Whether a "von" phrase says where, not by whom: "südlich von Hebron", "unweit
        von Kabul"."""
        k = phrase.start - 2
        return k >= 0 and self.tokens[k].text.lower() in PLACE_BEFORE_VON

    def _takes_von(self, phrase: Phrase) -> bool:
        """Whether a prepositional phrase's noun takes "von" ("nach Angaben von X"), so
        that a "von" phrase right after it is its attribute, not the passive's agent ("in
        den Lagern von der Armee gefoltert")."""
        lemma = (self.tokens[phrase.head].lemma or "").lower()
        return lemma in VON_NOUNS or lemma in ("bericht", "information", "darstellung")

    def others(self, bare: list[Phrase], args: list[Phrase], verb: VerbComplex,
               subject: Phrase | None) -> list[Role]:
        roles: list[Role] = []
        for phrase in bare:
            if phrase is subject:
                continue
            if phrase.kind == "reflexive":
                roles.append(Role("refl", phrase))
                continue
            objective = phrase.cases & {"acc", "dat"}
            if not objective:
                continue
            name = "obj" if len(objective) == 2 else next(iter(objective))
            roles.append(Role(name, phrase))
        for n, phrase in enumerate(args):
            if phrase.prep is None:
                continue
            if phrase.prep == "von" and n > 0 and args[n - 1].prep is not None \
                    and args[n - 1].end == phrase.start - 1 and self._takes_von(args[n - 1]):
                continue  # an attribute of the phrase before it: "nach Angaben von X"
            if verb.voice == "passive" and phrase.prep in AGENT_PREPS \
                    and not self._place_of_von(phrase):
                roles.append(Role("agent", phrase))
            roles.append(Role(phrase.prep, phrase))
        return roles


def _voice_and_tense(verb: VerbComplex, head: Token, auxiliaries: set[str],
                     worden: bool) -> None:
    """Voice and tense of a verb complex from its lexical head and auxiliaries: "werden"
    or "worden" with a participle is passive, "haben"/"sein" perfect, "werden" with an
    infinitive future."""
    if head.pos == "VVPP" and ("werden" in auxiliaries or worden):
        verb.voice = "passive"
    elif head.pos == "VVPP" and auxiliaries == {"sein"} and _state_passive(head):
        # "ist der Korruption beschuldigt", "ist besetzt": a "be-" verb takes "haben" in
        # its perfect, so "sein" with its participle is the state it leaves (Duden,
        # Zustandspassiv)
        verb.voice = "passive"
    elif head.pos == "VVPP" and auxiliaries & {"haben", "sein"}:
        verb.tense = "perfect"
    elif head.pos == "VVINF" and "werden" in auxiliaries:
        verb.tense = "future"


def _state_passive(head: Token) -> bool:
    """Whether a participle after "sein" is a state passive: the participle of a verb with
    the prefix "be-", whose perfect takes "haben" ("beschuldigt", "besetzt", "bedroht"),
    but "begegnet" and "bekommen" (which may take "sein")."""
    lemma = (head.lemma or "").lower()
    return lemma.startswith("be") and not lemma.startswith(("bei", "bevor", "bereit")) \
        and lemma not in ("begegnen", "bekommen", "beginnen", "bestehen", "beten", "beben")


def _fronted_condition(doc: Document, clause: Clause, first: int) -> bool:
    """"Sollte Serbien Truppen verlegen, …", "Hätte X …, …": a verb-first clause at the
    start of a sentence, set off by a comma, is a condition (Duden Grammatik, uneingeleiteter
    Konditionalsatz); so is one with "sollte(n)" and a subject of its own after a comma
    ("…, drohte er, sollten die Milizen die Stadt einnehmen"; "…, sollte aber bald gehen"
    continues the clause before)."""
    verb = clause.verb
    while first < clause.start and doc.tokens[first].text in QUOTE_MARKS:
        first += 1  # „Sollte X …, …“
    if clause.kind == "main" and clause.start > first and verb.finite == clause.start \
            and doc.tokens[clause.start - 1].text == "," \
            and doc.tokens[clause.start].text.lower() in ("sollte", "sollten") \
            and any(role.name == "subj" and not role.inherited for role in clause.roles):
        return True
    if clause.kind != "main" or clause.start != first or verb.finite != clause.start:
        return False
    finite = doc.tokens[verb.finite]
    follows = doc.tokens[clause.end] if clause.end < len(doc.tokens) else None
    return (follows is not None and follows.text == ","
            and ((finite.lemma or "") == "sollen" or verb.mood == "sub2"))


@annotator("clauses", provides={"clauses"}, requires={"phrases", "ACTOR", "DATE", "morph"})
def annotate_clauses(doc: Document, context: AnnotationContext) -> None:
    """Read the clauses of every sentence, with their verbs and roles."""
    dated = {i for m in doc.mentions.get("DATE", ()) for i in range(m.start, m.end)}
    by_sentence: dict[int, list[Phrase]] = {}
    for phrase in doc.phrases:
        by_sentence.setdefault(phrase.sentence, []).append(phrase)
    number = 0
    for sentence in doc.sentences:
        reader = ClauseReader(doc, by_sentence.get(sentence.index, []), dated)
        found = reader.sentence(sentence.first, sentence.last, number)
        asks = sentence.last > sentence.first and doc.tokens[sentence.last - 1].text == "?"
        for clause in found:
            clause.question = (asks and clause.kind == "main") or clause.introducer in (
                "ob", "inwiefern", "inwieweit")
            clause.conditional = clause.introducer in CONDITIONALS or _fronted_condition(
                doc, clause, sentence.first)
        number += len(found)
        doc.clauses.extend(found)
    doc.clause_of_head = {clause.verb.head: clause for clause in doc.clauses}
    mark_governors(doc)


# Articles of an indefinite phrase, whose event an "ob" question leaves open.
INDEFINITE = frozenset({"ein", "eine", "einen", "einem", "einer", "eines", "kein", "keine"})


def mark_governors(doc: Document) -> None:
    """Give every token of a role's phrase the lemma of its clause's verb and the role's
    name (and ``attrs["negated"] = "yes"`` where the clause is negated), every token of
    a condition ``attrs["conditional"] = "yes"``, and of a yes/no question of what can or
    should be ``attrs["question"] = "yes"``:
    ``attrs["governor"]``, ``attrs["role"]`` ("einem Angriff" in "warnte vor einem
    Angriff" has governor ``warnen`` and role ``vor``), so that a pattern can tell an event
    that happened from one warned of, feared or prevented. An inherited subject belongs
    to the clause that names it."""
    tokens = doc.tokens
    for clause in doc.clauses:
        if clause.conditional:
            # "wenn ein Anschlag passiert ist", "Sollte es zu Kämpfen kommen, …": every word
            # of a condition says so (token attribute ``conditional``)
            for k in range(clause.start, clause.end):
                tokens[k].attrs["conditional"] = "yes"
        if clause.question and (clause.introducer == "ob" or (
                clause.verb.finite is not None and clause.verb.finite == clause.start)) \
                and (clause.verb.modal is not None
                     or tokens[clause.start].lemma == "lassen"):
            # a yes/no question of what can or should be asks whether it would happen
            # ("Kann die Miliz durch Luftangriffe gestoppt werden?", "Lässt sich …
            # aufhalten?"): token attribute ``question``; others presuppose their events
            # ("Gibt es neben Schäden durch Kämpfe auch …?", "Warum wurde … bombardiert?")
            for k in range(clause.start, clause.end):
                tokens[k].attrs["question"] = "yes"
        elif clause.introducer == "ob":
            # "ob es ein Unfall oder ein Anschlag war", "ob X deutsche Hilfe braucht": an
            # indefinite or bare event asked about is open; a definite one is presupposed
            # ("ob es einen Bezug zu dem Anschlag gibt")
            for role in clause.roles:
                opener = tokens[role.phrase.start]
                if not role.inherited and (opener.text.lower() in INDEFINITE
                                           or opener.pos in ("ADJA", "NN")):
                    for k in range(role.phrase.start, role.phrase.end):
                        tokens[k].attrs["question"] = "yes"
        lemma = clause.verb.lemma
        for role in clause.roles:
            if role.inherited:
                continue
            for k in range(role.phrase.start, role.phrase.end):
                attrs = tokens[k].attrs
                if "governor" not in attrs:
                    attrs["governor"] = lemma
                    attrs["role"] = role.name
                    if clause.verb.negated:
                        # "Es gebe keine Hinweise auf einen Anschlag": the role's words
                        # stand in a negated clause (token attribute ``negated``)
                        attrs["negated"] = "yes"
