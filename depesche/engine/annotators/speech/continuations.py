"""Stage 6: a sentence right after a report that goes on with it, with its speaker and cue:
one in the Konjunktiv (I, or II where I looks like the indicative), one that says it is
hearsay ("soll … gewesen sein"), one that opens with "Demnach" or has it inside, and one
in the first person after words said directly ("Das ist ein Fehler, sagte die
Ministerin. Ich habe davor gewarnt.": the marks the agencies dropped). A
sentence in the Konjunktiv I also goes on after a speech act that reports no words of its
own ("Die Regierung wies die Vorwürfe zurück. Man habe sich an alle Absprachen
gehalten."): its subject speaks; and a sentence in the Konjunktiv I goes on with a report
across one or two sentences in the indicative that report nothing ("Das Amt bestätigte die
Pläne. Die Kontrollen beginnen im Mai. Betroffen seien drei Übergänge.")."""

from __future__ import annotations

from depesche.engine.annotators.phrases import can_act
from depesche.engine.annotators.speech.cues import VIEW_ADJECTIVES
from depesche.engine.annotators.speech.model import FIRST_PERSON, Quote, Reports, body
from depesche.engine.document import Clause, Sentence, Token

# Speech acts whose subject the words in the Konjunktiv I after them are from, though the
# act itself reports none: rejecting, criticising, demanding, warning, praising.
SPEECH_ACTS = frozenset({
    "zurückweisen", "ablehnen", "ausschließen", "kritisieren", "verurteilen", "widersprechen",
    "dementieren", "bestreiten", "fordern", "verlangen", "warnen", "drohen", "begrüßen",
    "loben", "verteidigen", "rechtfertigen", "beklagen", "bemängeln", "vorwerfen",
    "beschuldigen", "appellieren", "reagieren", "protestieren", "einräumen", "zugeben",
    "ankündigen", "versprechen", "zusagen", "anmahnen", "mahnen", "abmahnen", "rügen",
    "verweisen", "hinweisen", "äußern", "klagen",
    "bedauern",
    # views: "Die Ministerin sieht das anders. Die Lage sei stabil."
    "sehen", "glauben", "halten", "hoffen", "befürchten", "fürchten", "erwarten",
    "argumentieren", "bezweifeln", "zweifeln", "rechnen", "ausgehen", "vermuten"})
# Predicates of "sein" or "sich zeigen" that hold a view ("Der Minister ist davon
# überzeugt, dass …. Daher bereite man sich vor."; "zeigte sich unbeeindruckt").
# (the cues' predicates of a view, and the ones that give none of their own words)
VIEW_PREDICATES = VIEW_ADJECTIVES | {"unbeeindruckt", "sicher", "gewiss", "empört",
                                     "verärgert", "unzufrieden"}
# How many sentences in the indicative may stand between a report and a sentence in the
# Konjunktiv I that goes on with it ("Das Amt bestätigte die Pläne. Die Kontrollen
# beginnen im Mai. Betroffen seien drei Übergänge."): the Konjunktiv I marks reported
# speech by itself, and it is the last speaker's until another report begins.
MAX_BRIDGED = 2
# Sentence adverbs that go on with the report before ("Demnach sprachen die beiden …",
# "Die Truppen sollen demnach abziehen").
# ("dementsprechend", "accordingly", is mostly the author's own conclusion)
CONTINUERS = frozenset({"demnach", "demzufolge"})


def find_continuations(r: Reports) -> None:
    """A sentence whose first finite verb is in the Konjunktiv I, or says hearsay, or
    that holds "demnach", right after a report in the same paragraph and with no report
    of its own, goes on with that report (Duden. Die Grammatik, on indirect speech: the
    Konjunktiv alone marks its continuation over several sentences; the Konjunktiv II
    stands in for a Konjunktiv I that looks like the indicative, "sie hätten", "würden",
    and so continues only reported speech, not a direct quote)."""
    ending: dict[int, Quote] = {}
    for quote in r.quotes:
        ending[r.tokens[quote.end - 1].sentence] = quote
    started = {r.tokens[quote.start].sentence for quote in r.quotes}
    acts = speech_acts(r)
    for sentence in r.doc.sentences:
        previous = ending.get(sentence.index - 1)
        if sentence.index in started:
            continue
        if previous is None:
            previous = acts.get(sentence.index - 1)
            if previous is None and in_konjunktiv_i(r, sentence):
                previous = bridged(r, sentence, ending, started, acts)
            if previous is None or not (in_konjunktiv_i(r, sentence)
                                        or in_first_person(r, sentence)):
                pointing_back(r, sentence)
                continue
        first, last = body(r, sentence)
        if first >= last or "\n\n" in r.doc.text[r.tokens[first - 1].end:
                                                     r.tokens[first].start]:
            continue
        finite = main_finite(r, first, last)
        # After a speech act's own words ("…, kritisierte X"), which are that act and no
        # statement, the words that go on in the Konjunktiv I are X's statement.
        said = previous.statement or (
            (r.tokens[previous.cue[0]].lemma or "") in SPEECH_ACTS
            and bool(previous.speakers or previous.pronoun))
        # (the first person goes on with a statement, or right after a speech act)
        spoken = previous.statement or previous is acts.get(sentence.index - 1)
        how = goes_on(r, previous, spoken, finite, first, last)
        if how is None:
            continue
        quote = Quote("direct" if how == SPOKEN else "indirect", first, last, previous.cue,
                      (first, last), previous.speakers, previous.speaker_span,
                      previous.pronoun, continued=True,
                      statement=said and how in (STATED, SPOKEN))
        r.quotes.append(quote)
        ending[sentence.index] = quote


# Nouns whose content a clause after them gives ("gegen den Vorwurf, er fördere …"): the
# clause is the noun's, not the words of whoever acts.
CONTENT_NOUNS = frozenset({"Vorwurf", "Vorwürfe", "Behauptung", "Behauptungen", "Kritik",
                           "Forderung", "Forderungen", "Warnung", "Angst", "Sorge",
                           "Befürchtung", "Eindruck", "Meinung", "Ansicht", "Hinweis",
                           "Gerücht", "Gerüchte", "Verdacht", "Annahme", "Argument",
                           "Vermutung", "Berichte", "Bericht", "Spekulationen"})


# Conjunctions that give a reason or a contrast in the act's own voice ("…, denn er habe
# …"); "und", "oder" join a clause of its own.
REASONS = frozenset({"denn", "doch", "aber"})


def find_words_after_acts(r: Reports) -> None:
    """A main clause in the Konjunktiv I after a comma that ends a speech act of the same
    sentence ("Die Regierung wies die Vorwürfe zurück, man habe sich an alles gehalten",
    "Der Minister kritisierte den Plan, er sei ein Fehler"): the words of the act's
    subject, which the act itself does not give."""
    acts: dict[int, Clause] = {}
    for clause in r.doc.clauses:
        if clause.kind == "main" and not clause.verb.negated and clause.verb.mood != "sub1" \
                and speech_act(r, clause) and clause.verb.lemma not in r.report_cues:
            acts.setdefault(clause.sentence, clause)
    r.catch_up()
    for clause in r.doc.clauses:
        act = acts.get(clause.sentence)
        before = clause.start - 1
        if before > 0 and r.tokens[before].text.lower() in REASONS:
            before -= 1  # "…, denn er habe …" (the conjunction outside the clause)
        if act is None or clause.start <= act.end or clause.kind != "main" or \
                clause.verb.mood != "sub1" or r.tokens[before].text != "," or \
                (r.tokens[clause.start].pos == "KON"
                 and r.tokens[clause.start].text.lower() not in REASONS) or \
                r.tokens[clause.start - 2].text in CONTENT_NOUNS or \
                any(q.start <= clause.start < q.end
                    for q in r.quoted.get(clause.sentence, ())) or \
                any(c.start > act.end and c.end <= clause.start
                    for c in r.clauses_over.get(clause.sentence, ())):
            continue
        quote = act_report(r, act, clause.end, (clause.start, clause.end))
        if quote is not None:
            r.quotes.append(quote)


def act_report(r: Reports, act: Clause, end: int, content: tuple[int, int]) -> Quote | None:
    """A speech act as the report of words it does not give itself: its subject, an actor
    (the first in the phrase) or "er"/"sie", speaks; None if the subject is neither."""
    subject = act.role("subj")
    if subject is None:
        return None
    phrase = subject.phrase
    speakers = r.actors_in(phrase.start, phrase.end)[:1]
    pronoun = r.tokens[phrase.start] if not speakers and phrase.kind == "pronoun" \
        and phrase.text.lower() in ("er", "sie") else None
    if not speakers and pronoun is None:
        return None
    head = act.verb.head
    return Quote("indirect", act.start, end, (head, head + 1), content, speakers,
                 (speakers[0].start, speakers[0].end) if speakers else None, pronoun)


def find_lead_ins(r: Reports) -> None:
    """A sentence in the first person right before words said directly with a tag after
    them ("Wir haben alles versucht. Es hat nicht gereicht, sagte der Trainer."): the
    same speaker's words, their marks dropped, whose tag comes at the end."""
    started = {r.tokens[quote.start].sentence for quote in r.quotes}
    ended = {r.tokens[quote.end - 1].sentence for quote in r.quotes}
    for quote in list(r.quotes):
        if quote.form != "direct" or not quote.statement or quote.continued or \
                quote.content[0] != quote.start or r.tokens[quote.cue[0]].i <= quote.start:
            continue
        index = r.tokens[quote.start].sentence
        if index == 0 or index - 1 in started or index - 1 in ended:
            continue
        before = r.doc.sentences[index - 1]
        first, last = body(r, before)
        if first >= last or r.tokens[before.last - 1].text == "?" or \
                "\n\n" in r.doc.text[r.tokens[last - 1].end:r.tokens[quote.start].start] or \
                not any(t.text.lower() in FIRST_PERSON for t in r.tokens[first:last]) or \
                not any((t.pos or "").endswith("FIN") for t in r.tokens[first:last]):
            continue
        r.quotes.append(Quote("direct", first, last, quote.cue, (first, last), quote.speakers,
                              quote.speaker_span, quote.pronoun, continued=True))


def bridged(r: Reports, sentence: Sentence, ending: dict[int, Quote], started: set[int],
            acts: dict[int, Quote]) -> Quote | None:
    """The report a sentence in the Konjunktiv I goes on with across up to MAX_BRIDGED
    sentences of the same paragraph that report nothing themselves and are no questions."""
    if any(c.sentence == sentence.index and c.kind == "main" and c.verb.mood == "ind"
           and (subject := c.role("subj")) is not None and not subject.inherited
           and can_act(subject.phrase) for c in r.clauses_over.get(sentence.index, ())):
        # "Nach Vorwürfen, X sei …, leitete die Türkei … ein": an actor acts in the
        # author's own words
        return None
    for back in range(2, MAX_BRIDGED + 2):
        index = sentence.index - back
        if index < 0:
            return None
        between = r.doc.sentences[index + 1]
        first, last = body(r, between)
        if between.index in started or first >= last or \
                r.tokens[between.last - 1].text == "?" or \
                "\n\n" in r.doc.text[r.tokens[between.first].start:
                                     r.tokens[sentence.first].start]:
            return None
        found = ending.get(index) or acts.get(index)
        if found is not None:
            return found if found.statement or found.speakers or found.pronoun else None
    return None


def speech_acts(r: Reports) -> dict[int, Quote]:
    """By sentence: a speech act of a main clause (``SPEECH_ACTS``, active, not negated)
    whose subject is an actor, as the report that Konjunktiv I sentences after it go on
    with ("X wurde verurteilt": the subject of a passive is whom the act is about)."""
    found: dict[int, Quote] = {}
    for clause in r.doc.clauses:
        if clause.kind != "main" or clause.verb.negated or clause.sentence in found \
                or (passive(clause) and not view(r, clause)) or not speech_act(r, clause):
            continue
        head = clause.verb.head
        quote = act_report(r, clause, clause.end, (head, head + 1))
        if quote is not None:
            found[clause.sentence] = quote
    return found


def passive(clause: Clause) -> bool:
    """Whether a clause is a passive: its verb complex says so and it has no accusative
    object (a participle that lost its auxiliary, "X das Abkommen begrüßt", is active)."""
    return clause.verb.voice == "passive" and not any(
        role.name == "acc" for role in clause.roles)


def view(r: Reports, clause: Clause) -> bool:
    """Whether a clause holds a view by its predicate: "ist davon überzeugt" (a state of
    "überzeugen"), "zeigte sich zuversichtlich"."""
    if r.tokens[clause.verb.head].text.lower() in VIEW_PREDICATES \
            and clause.verb.auxiliary == "sein":
        return True  # (not "Die Wähler wurden überzeugt", "Das Gerät überzeugt")
    return clause.verb.lemma in ("sein", "zeigen") and any(
        t.text.lower() in VIEW_PREDICATES and t.pos in ("ADJD", "VVPP", "ADV")
        for t in r.tokens[clause.start:clause.end])


def speech_act(r: Reports, clause: Clause) -> bool:
    """Whether a clause's verb is a speech act (SPEECH_ACTS); "halten" only as a view,
    with "für" ("hält den Plan für falsch"), not "sich an etwas halten"; and a view said
    by a predicate ("ist davon überzeugt", "zeigte sich zuversichtlich")."""
    lemma = clause.verb.lemma
    if view(r, clause):
        return True
    return lemma in SPEECH_ACTS and (lemma != "halten" or any(
        t.text == "für" for t in r.tokens[clause.start:clause.end]))


def in_first_person(r: Reports, sentence: Sentence) -> bool:
    """Whether a sentence speaks in the first person: "ich" or "wir" is the subject of a
    main clause ("Wir wissen, dass …"; not a possessive, "die Hälfte unserer
    Freundschaften", nor the generic "die wir als Freunde bezeichnen")."""
    return any(clause.kind == "main" and (subject := clause.role("subj")) is not None
               and subject.phrase.text.lower() in ("ich", "wir")
               for clause in r.clauses_over.get(sentence.index, ()))


def in_konjunktiv_i(r: Reports, sentence: Sentence) -> bool:
    """Whether a sentence's main finite verb is in the Konjunktiv I."""
    first, last = body(r, sentence)
    finite = main_finite(r, first, last)
    return finite is not None and finite.morph.get("Mood") == "Sub1"


# Conjunctions that open a clause before the main clause ("Wenn es mehr wird, werde er
# …"): the mood of reported speech is the main clause's.
CLAUSE_OPENERS = frozenset({"wenn", "falls", "sobald", "sofern", "solange", "obwohl", "weil",
                            "da", "nachdem", "bevor", "als", "ehe", "bis", "damit", "während"})


def main_finite(r: Reports, first: int, last: int) -> Token | None:
    """The finite verb whose mood says whether a sentence goes on with reported speech:
    the first one, or, where a condition or another subordinate clause opens the sentence
    and its verb is no Konjunktiv I ("Sollte es teurer werden, werde er …", "Wenn es
    teurer wird, werde er …"), the first one after its comma."""
    tokens = r.tokens
    found = next((t for t in tokens[first:last] if (t.pos or "").endswith("FIN")), None)
    if found is None or found.morph.get("Mood") == "Sub1":
        return found
    start = first
    opener = tokens[first]
    if opener.text.lower() in CLAUSE_OPENERS or (
            (opener.pos or "").endswith("FIN") and opener.text[:1].isupper()
            and first + 1 < last and tokens[first + 1].pos in ("PPER", "PIS", "ART", "NE")):
        comma = next((k for k in range(first + 1, last) if tokens[k].text == ","), None)
        if comma is not None and comma + 1 < last \
                and (tokens[comma + 1].pos or "").endswith("FIN"):
            start = comma + 1  # the main clause's verb comes first after the condition
    return next((t for t in tokens[start:last] if (t.pos or "").endswith("FIN")), None)


STATED = "stated"  # a Konjunktiv I or "demnach": the report goes on, and so its statement
RENDERED = "rendered"  # a Konjunktiv II or hearsay: reported, but no statement of its own
SPOKEN = "spoken"  # the first person after words said directly: the speaker goes on
# Words that open a subordinate clause: a Konjunktiv II there is the clause's own mood
# ("Was damit gemeint wäre, wurde nicht erläutert"), not that of reported speech.
SUBORDINATE_TAGS = frozenset({"KOUS", "PWS", "PWAV", "PWAT", "PRELS", "PRELAT"})


def goes_on(r: Reports, previous: Quote, spoken: bool, finite: Token | None, first: int,
            last: int) -> str | None:
    """How a sentence continues the report before it: STATED, RENDERED, or None when it
    does not. A plural Konjunktiv II that stands in for a Konjunktiv I ("sie hätten",
    "würden … gemacht") states; a singular one ("gäbe", "wäre") or a hearsay "soll …
    haben" goes on with reported speech too, but also stands for the author's own
    conjecture and hearsay, which SCHEMA.md does not count as anyone's statement."""
    if any(t.text.lower() in CONTINUERS for t in r.tokens[first:last]):
        return STATED
    if finite is None:
        return None
    mood = finite.morph.get("Mood")
    if mood == "Sub1":
        return STATED
    if finite.morph.get("Evidential") == "Hearsay":
        return RENDERED
    if mood == "Sub2" and r.tokens[first].pos not in SUBORDINATE_TAGS:
        # a plural Konjunktiv II stands in for a Konjunktiv I that looks like the
        # indicative ("sie hätten", "sie würden … zahlen", "sie könnten"; Duden. Die
        # Grammatik, on the substitute forms of indirect speech), also after words said
        # directly ("„…“, sagte X. Die Gespräche würden bald beginnen."); "wären" has
        # "seien"
        if previous.form == "direct" and ((finite.pos or "").startswith("VM")
                                          or finite.i == first):
            # after words said directly only the plain stand-ins ("würden", "hätten"):
            # a modal ("könnten") or a sentence opened by the verb (a condition) is the
            # author's own
            return None
        if finite.lemma != "sein" and finite.text.lower().endswith("en"):
            return STATED
        if previous.form != "direct":
            return RENDERED
    if previous.form in ("direct", "indirect") and spoken and mood != "Sub2" \
            and r.tokens[first].pos not in SUBORDINATE_TAGS and any(
                t.text.lower() in FIRST_PERSON for t in r.tokens[first:last]):
        # the first person after someone's words, direct or reported, or after a speech
        # act: the speaker goes on in their own words, the marks dropped ("…, sagte der
        # Minister. Wir müssen …", "Der Minister verwies auf das Gesetz. Wir wissen …")
        return SPOKEN
    return None


def pointing_back(r: Reports, sentence: Sentence) -> None:
    """A sentence with "demnach" after no report found: it reports what the sentence
    before it told of (a report that names no one, so no statement)."""
    first, last = body(r, sentence)
    cue = next((j for j in range(first, last) if r.tokens[j].text.lower() in CONTINUERS),
               None)
    if cue is None:
        return
    content = (cue + 1, last) if cue == first else (first, last)
    r.quotes.append(Quote("according_to", first, last, (cue, cue + 1), content,
                          statement=False))
