"""Stages 3 to 5: reports around a verb of saying without quotation marks.

3. a clause followed by ", CUE SPEAKER": direct speech when the clause is in the
   indicative (SCHEMA.md: news agencies drop the marks), indirect when it has a Konjunktiv
   (Duden. Die Grammatik, on the Konjunktiv of reported speech);
4. "SPEAKER CUE, dass …" / "SPEAKER CUE, CLAUSE" / "SPEAKER CUE: …" (indirect);
5. cues that take their content as an object: "X bezeichnete … als …", "X betonte …".
"""

from __future__ import annotations

from depesche.engine.annotators.speech.attributions import compound_source
from depesche.engine.annotators.speech.cues import (
    is_cue,
    particle_end,
    particle_start,
    perfect,
    perfect_cue,
)
from depesche.engine.annotators.speech.model import (
    OPENERS,
    Quote,
    Reports,
    add,
    body,
    clause_end,
    has_finite,
    has_infinitive,
    inserted_attribution,
    inside_quote,
    inside_speech,
    quote_ends_in,
    subjunctive,
)
from depesche.engine.annotators.speech.speakers import (
    cited,
    cue_speaker,
    noun_phrase,
    phrase_speaker,
    span_of,
)
from depesche.engine.document import Mention

CLAUSE_OPENERS = frozenset({"dass", "daß", "ob", "wie", "warum", "was", "wer", "wo", "wann",
                            "weshalb", "weil"})

# "jemanden im Amt bestätigen" (Duden: to confirm someone in an office) is no report.
OFFICE_NOUNS = frozenset({"Amt", "Ämtern", "Posten", "Funktion"})


def find_postposed(r: Reports) -> None:
    for sentence in r.doc.sentences:
        first, last = body(r, sentence)
        for k in range(first + 2, last):
            # "…, sagte X", and "…, so erklärte X" with "so" before the cue
            comma = k - 2 if r.tokens[k - 1].text.lower() == "so" else k - 1
            if r.tokens[comma].text != ",":
                continue
            # (the cue is the verb after the comma, or the participle that ends a tag in
            # the perfect: "…, hat X gesagt")
            cue = k if is_cue(r, k, finite=True) or tag_idiom(r, k, last) \
                else perfect_cue(r, k, last)
            if cue is None or inside_quote(r, k):
                continue
            speakers, pronoun, end = cue_speaker(r, cue, first, last)
            if not speakers and pronoun is None:
                continue
            speakers, pronoun, end = cited(r, cue, speakers, pronoun, end, last)
            content = (first, comma)
            if not has_finite(r, *content):
                continue
            form = "indirect" if subjunctive(r, *content) else "direct"
            end = particle_end(r, cue, end, last)
            add(r, Quote(form, first, end, (cue, cue + 1), content, speakers,
                           span_of(r, speakers, pronoun), pronoun), cue=cue)


# Verbs that report what was said only as a tag after the words: "Das wird teuer, weiß
# die Architektin" (before a clause, "X weiß, dass …" is knowledge, not speech).
TAG_VERBS = frozenset({"wissen", "präzisieren", "resümieren", "bilanzieren", "konstatieren"})


def tag_idiom(r: Reports, k: int, last: int) -> bool:
    """A tag after the words that no verb of saying makes: "…, weiß X", "…, ist sich X
    sicher" (the phrasal cues, "…, gibt X zu bedenken", are cues everywhere)."""
    token = r.tokens[k]
    if not (token.pos or "").endswith("FIN") or k in r.used or not subject_after(r, k):
        return False
    lemma = token.lemma or ""
    if lemma in TAG_VERBS:
        return True
    rest = []
    for t in r.tokens[k + 1:min(k + 9, last)]:
        if t.text in ",;:":
            break
        rest.append(t.text.lower())
    if lemma == "sein":
        return "sich" in rest and "sicher" in rest
    return False


def subject_after(r: Reports, k: int) -> bool:
    """Whether the subject of the verb at ``k`` follows it, as in a tag after the words
    ("…, weiß die Architektin"), not before it ("Leute, die …, wussten, dass …")."""
    clause = r.clause_at.get(k)
    role = clause.role("subj") if clause is not None else None
    return role is not None and not role.inherited and role.phrase.start > k


def find_preposed(r: Reports) -> None:
    for sentence in r.doc.sentences:
        first, body_last = body(r, sentence)
        for k in range(first, body_last):
            if is_cue(r, k) and not inside_speech(r, k) and not reported_further(r, k):
                preposed_at(r, k, first, clause_end(r, k, body_last))


# How far past a cue its comma may stand when only adjuncts come between.
ADJUNCT_REACH = 18


# Bodies whose rooms speak for them: "Im Ministerium wurde betont, …".
SPEAKING_ROOMS = ("ministerium", "regierung", "kreml", "rathaus", "amt", "kommission",
                  "hauptquartier", "parteizentrale", "büro")


def passive_source(r: Reports, k: int) -> list[Mention]:
    """Who speaks in a passive cue: its agent ("vom Ministerium wurde betont"), else a body
    named as the place it was said in ("Im Ministerium wurde betont, …")."""
    clause = r.clause_at.get(k)
    if clause is None or clause.verb.voice != "passive":
        return []
    agent = clause.role("agent")
    if agent is not None:
        return [phrase_speaker(r, agent.phrase)]
    for role in clause.roles:
        if role.name == "in" and not role.inherited and \
                r.tokens[role.phrase.head].text.lower().endswith(SPEAKING_ROOMS):
            return [phrase_speaker(r, role.phrase)]
    return []


def preposed_at(r: Reports, k: int, first: int, last: int) -> None:
    """X sagte(, …), dass …  /  sagte X, …  /  X hatte mitgeteilt, …"""
    finite = k
    speakers: list[Mention] = []
    if not (r.tokens[k].pos or "").endswith("FIN"):
        # a participle cue: the subject stands around the finite auxiliary before it
        finite = next((j for j in range(k - 1, first - 1, -1)
                       if (r.tokens[j].pos or "").endswith("FIN")), -1)
        if finite < 0 and k + 1 < last and r.tokens[k + 1].lemma == "haben" and \
                r.tokens[k + 1].pos == "VAFIN":
            # verb-final: "Nachdem der Minister erklärt hatte, die Lage sei ernst, …"
            finite = k + 1
        if finite >= 0 and not perfect(r, k, finite):
            in_document(r, k, finite, first, last)
        if finite < 0 or not perfect(r, k, finite):
            # "wurde betont, dass …": a passive names no speaker, but its agent ("vom
            # Ministerium wurde betont") or the body it was said in ("Im Ministerium wurde
            # betont") does
            speakers = passive_source(r, k) if finite >= 0 else []
            if not speakers:
                return
            finite = min(finite, speakers[0].start)
    if speakers:
        pronoun, end = None, k + 1
    else:
        speakers, pronoun, end = cue_speaker(r, k, first, last, before=finite)
    if not speakers and pronoun is None:
        speakers = source_in_front(r, first, finite)
    if not speakers and pronoun is None:
        return
    after = max(k + 1, end)
    comma = next((j for j in range(after, min(after + 7, last))
                  if r.tokens[j].text in ",:"), None)
    if comma is None:
        # further on only past adjuncts ("sagte in seiner Rede beim Forum in Davos am
        # Montag, …"), no object that could hold a clause of its own
        far = next((j for j in range(after, min(after + ADJUNCT_REACH, last))
                    if r.tokens[j].text in ",:"), None)
        if far is not None and adjuncts_only(r, after, far) and (
                r.tokens[far].text == ":" or (far + 1 < last and (
                    r.tokens[far + 1].text.lower() in CLAUSE_OPENERS
                    or subjunctive(r, far + 1, last)))):
            comma = far  # (what follows so far off must be reported: Konj I, "dass", ":")
    if comma is None:
        comma = correlative_comma(r, after, last)
    if comma is None or comma + 1 >= last:
        return
    clause = r.clause_at.get(k)
    opener_tag = r.tokens[clause.start].pos if clause is not None else None
    if r.tokens[comma].text == "," and (r.tokens[comma + 1].pos or "").endswith("FIN") and \
            opener_tag in ("KOUS", "PRELS", "PRELAT", "PWAV", "PWS") and \
            r.tokens[clause.start].text.lower() != "wie":
        # "Warum er den Rückzug ankündigte, blieb offen", "Als X … ausführte, holte er …":
        # a cue in a clause set before the sentence's own finite verb reports none of it
        return
    correlate = CORRELATES.get(r.tokens[k].lemma or "")
    if correlate and not any(t.text.lower() == correlate for t in r.tokens[k + 1:comma]):
        return  # "Der Fall erinnert an Vorgänge, wo …": a likeness, no report
    if r.tokens[comma].text == ":":
        # "Wałęsa teilte mit: Es können …": speech after a colon, marks dropped
        if r.tokens[comma + 1].text in OPENERS:
            return
        start = min(speakers[0].start if speakers else k, finite)
        add(r, Quote("direct", start, last, (k, k + 1), (comma + 1, last), speakers,
                       span_of(r, speakers, pronoun), pronoun), cue=k)
        return
    if inserted_attribution(r, k):
        return
    if r.tokens[comma + 1].pos in ("PRELS", "PRELAT"):
        return  # "erzählt die Geschichte eines Mannes, der …": a relative clause, not speech
    content = (comma + 1, last)
    if finite > k:
        # a verb-final cue ("Nachdem X erklärt hatte, …, tagte der Rat"): its words end
        # where the sentence's own main clause begins after a comma
        back = next((j for j in range(comma + 2, last - 1) if r.tokens[j].text == ","
                     and (r.tokens[j + 1].pos or "").endswith("FIN")), None)
        if back is not None:
            last = back
            content = (comma + 1, last)
    opener = r.tokens[content[0]].text.lower()
    if opener in ("und", "oder", "sowie"):
        return  # "…, habe ihn der Rudi gefragt, und X zögerte nicht": a clause of its own
    # "Russland gibt an, … zu bombardieren": an infinitive right after the cue, or after
    # adjuncts only ("gaben auf ihrer Website an, …"; an object would take the infinitive:
    # "bat den Minister, … zu öffnen")
    right_after = adjuncts_only(r, k + 1, comma)
    if opener not in CLAUSE_OPENERS and not has_finite(r, *content) and \
            not (right_after and has_infinitive(r, *content)):
        return
    start = min(speakers[0].start if speakers else k, finite)
    add(r, Quote("indirect", start, last, (k, k + 1), content, speakers,
                   span_of(r, speakers, pronoun), pronoun), cue=k)


# Nouns of a text that says something ("In dem Bericht wird festgestellt, dass …").
DOCUMENT_NOUNS = frozenset({"Bericht", "Erklärung", "Studie", "Schreiben", "Brief", "Papier",
                            "Mitteilung", "Stellungnahme", "Gutachten", "Urteil", "Entwurf",
                            "Dokument", "Resolution", "Analyse", "Aussendung", "Protokoll",
                            "Begründung", "Antwort", "Anklage", "Anklageschrift", "Beschluss"})


def in_document(r: Reports, k: int, finite: int, first: int, last: int) -> None:
    """ "In dem Bericht wird bemängelt, dass …", "Im Urteil wird festgestellt, …", "Aus
    dem Ministerium wurde bestätigt, dass …": a passive cue whose words stand in a text,
    or come from a source, named before the verb; the text speaks for whoever wrote it (an
    actor named in it, "in der Erklärung des Kremls"), and says what follows, whatever
    the cue."""
    opener = r.tokens[first].text.lower()
    if r.tokens[finite].lemma != "werden" or k in r.used or not (
            (opener in ("in", "im") and
             any(t.text in DOCUMENT_NOUNS for t in r.tokens[first:finite]))
            or source_in_front(r, first, finite)):
        return
    comma = next((j for j in range(k + 1, min(k + 4, last)) if r.tokens[j].text in ",:"), None)
    if comma is None or comma + 1 >= last or not has_finite(r, comma + 1, last):
        return
    speakers = [m for j in range(first, finite) if (m := r.actor_at.get(j)) is not None
                and m.end <= finite][:1] or source_in_front(r, first, finite)
    r.used.add(k)
    r.quotes.append(Quote("indirect", first, last, (k, k + 1), (comma + 1, last), speakers,
                          span_of(r, speakers, None)))


# Cues that report words before them only with their correlate ("erinnerte daran, dass …").
CORRELATES = {"erinnern": "daran"}


def source_in_front(r: Reports, first: int, finite: int) -> list[Mention]:
    """ "Aus Regierungskreisen verlautete, …", "Aus dem Ministerium hieß es": where the words
    came from, in front of a cue with no subject."""
    if r.tokens[first].text.lower() != "aus" or first + 1 >= finite:
        return []
    source = r.actor_at.get(first + 1) or compound_source(r, first + 1) or \
        noun_phrase(r, first + 1, finite)
    return [source] if source is not None and source.end <= finite else []


def adjuncts_only(r: Reports, start: int, end: int) -> bool:
    """Whether the words between a cue and its comma are a verb particle, adverbs, dates
    and prepositional phrases only: no object that an infinitive after them could belong to."""
    j = start
    while j < end:
        token = r.tokens[j]
        pos = token.pos or ""
        if pos in ("PTKVZ", "ADV", "ADJD", "PROAV") or "DATE" in token.classes:
            j += 1
        elif pos in ("APPR", "APPRART"):
            j += 1
            while j < end and (r.tokens[j].pos or "") in ("ART", "PPOSAT", "ADJA", "CARD",
                                                          "NN", "NE", "PDAT", "PIAT"):
                j += 1
        elif j in r.actor_at and r.actor_at[j].end <= end and j == start:
            j = r.actor_at[j].end  # the inverted subject: "erklärte die Regierung, …"
        else:
            return False
    return True


def correlative_comma(r: Reports, after: int, last: int) -> int | None:
    """The comma of "X erklärte Y damit, dass …" further on: a pronominal adverb before
    it announces the clause after it (Duden. Die Grammatik, on correlates)."""
    comma = next((j for j in range(after, last) if r.tokens[j].text in ",:"), None)
    if comma is None or comma + 1 >= last or r.tokens[comma - 1].pos != "PROAV" or \
            r.tokens[comma + 1].text.lower() not in CLAUSE_OPENERS:
        return None
    return comma


def find_object_cues(r: Reports) -> None:
    for sentence in r.doc.sentences:
        first, last = body(r, sentence)
        finite = next((j for j in range(first, last)
                       if (r.tokens[j].pos or "").endswith("FIN")), None)
        if finite is None:
            continue
        for k in range(finite, last):
            token = r.tokens[k]
            if (token.lemma or "") not in r.object_cues or not is_cue(r, k):
                continue
            # a finite cue heads its own clause ("…, am Dienstag bestätigte die
            # Landesregierung den Beschluss"); a participle or infinitive hangs on the
            # sentence's first finite verb
            verb = k if (token.pos or "").endswith("FIN") else finite
            if k > verb and (r.tokens[verb].lemma == "werden" or
                             (token.pos == "VVPP" and not perfect(r, k, verb))):
                continue  # a passive, or a participle out of the perfect: a state
            if passive_in_clause(r, k) or reported_further(r, k):
                continue
            if not inserted_attribution(r, k):
                object_cue_at(r, k, verb, first, last)


def object_cue_at(r: Reports, k: int, finite: int, first: int, last: int) -> None:
    """X bezeichnete … als …  /  X hat … bestätigt: the content is the cue's object."""
    speakers, pronoun, _ = cue_speaker(r, k, first, last, before=finite)
    if not speakers and pronoun is None:
        return
    # after the finite verb, and after an inverted subject ("sagte Erdogan")
    content_start = finite + 1
    if speakers and speakers[-1].start > finite:
        content_start = speakers[-1].end
    elif pronoun is not None:
        content_start = pronoun.i + 1
    content = (content_start, k) if k > finite else (content_start, last)
    content = (content[0], particle_start(r, content))
    if content[1] <= content[0] or in_office(r, *content) or \
            not any(t.text[:1].isalnum() for t in r.tokens[content[0]:content[1]]):
        return  # "(Wikinews berichtete)": the paper's pointer to its own report says nothing
    start = min(speakers[0].start if speakers else k, finite)
    add(r, Quote("indirect", start, last, (k, k + 1), content, speakers,
                   span_of(r, speakers, pronoun), pronoun), cue=k)


def reported_further(r: Reports, k: int) -> bool:
    """Whether a cue in the Konjunktiv I follows a report of the sentence before: "…,
    teilte der Palast mit. Zugleich habe der König unterstrichen, …" is still the
    palace's report (of what the king said), which the continuation stage takes up."""
    clause = r.clause_at.get(k)
    if clause is None or clause.verb.mood != "sub1":
        return False
    return quote_ends_in(r, r.tokens[k].sentence - 1)


def passive_in_clause(r: Reports, k: int) -> bool:
    """Whether a cue tagged finite follows a finite "werden" of its own clause: a
    participle the tagger took for a finite verb ("wurde … eher auf Schwaben betont")."""
    clause = r.clause_at.get(k)
    return clause is not None and any(
        t.lemma == "werden" and (t.pos or "").endswith("FIN")
        for t in r.tokens[clause.start:k])


def in_office(r: Reports, start: int, end: int) -> bool:
    """Whether an object cue's content puts someone into an office ("den Präsidenten in
    seinem Amt bestätigt"): then the cue appoints, it does not report."""
    return any(t.text in OFFICE_NOUNS and j > start and
               r.tokens[j - 1].text.lower() in ("im", "seinem", "ihrem")
               for j, t in enumerate(r.tokens[start:end], start))


# Demonstratives that point back to the sentence before as what was said.
POINTERS = frozenset({"das", "dies", "dieses"})


def find_pointed_back(r: Reports) -> None:
    """ "Das teilte die Polizei mit.", "Dies gab der Konzern bekannt.": a demonstrative
    before a finite cue points back to the sentence before as the words reported (Duden.
    Die Grammatik, on the demonstrative "das" taking up a whole clause)."""
    for sentence in r.doc.sentences[1:]:
        first, last = body(r, sentence)
        before = r.doc.sentences[sentence.index - 1]
        if last - first < 3 or r.tokens[first].text.lower() not in POINTERS or \
                r.tokens[first].pos not in ("PDS", "ART") or \
                not is_cue(r, first + 1, finite=True) or inside_quote(r, first + 1):
            continue
        prev_first, prev_last = body(r, before)
        if prev_last <= prev_first or quote_ends_in(r, before.index) or \
                "\n\n" in r.doc.text[r.tokens[first - 1].end:r.tokens[first].start]:
            continue
        k = first + 1
        speakers, pronoun, end = cue_speaker(r, k, first, last, before=k)
        if not speakers and pronoun is None:
            continue
        end = particle_end(r, k, max(end, k + 1), last)
        add(r, Quote("indirect" if subjunctive(r, prev_first, prev_last) else "direct",
                     prev_first, end, (k, k + 1), (prev_first, prev_last), speakers,
                     span_of(r, speakers, pronoun), pronoun), cue=k)
