"""The ``quotes`` annotator: who is reported as saying what, as ``QUOTE`` mentions.

Each mention spans the whole attributed unit (content, cue and speaker) and carries
``form`` (``direct``, ``indirect``, ``according_to``), the ``cue`` word and its
``cue_span``, the ``content_span``, the ``speaker`` (an actor as in SCHEMA.md, or None),
its ``speaker_span``, and ``speakers`` (all coordinated speakers: "Sowohl Biden wie auch
Putin bestätigten"). Spans are character offsets into the document text.

The work is done in stages, one module each under ``speech/``, run in the order of
``STAGES``; each stage skips the cue tokens an earlier one used:

1. ``marks``: quotation marks with the cue after or before them;
2. ``attributions``: "laut X", "X zufolge", "nach Angaben von X", "so X", "wie X sagte";
3. to 6. ``verbs``: ", CUE SPEAKER" after a clause, "Das teilte X mit." after the words
   it points back to, "SPEAKER CUE, dass …", and cues that take their content as object
   ("bezeichnete … als …");
7. ``labels``: words under a speaker's label, "Maas: …", and the turns of an interview;
8. ``continuations``: a clause in the Konjunktiv I after a speech act of its sentence
   ("wies die Vorwürfe zurück, man habe …"), a sentence in the first person before words
   said directly with their tag at the end (its lead-in), reported speech that goes on
   in the Konjunktiv
   (across a sentence or two in the indicative too), and "demnach";

then ``emit`` writes the mentions. ``cues`` (which words report speech) and ``speakers``
(who a cue reports) serve every stage; ``model`` holds the state they share.
"""

from __future__ import annotations

from collections.abc import Callable

from depesche.engine.annotators.actors import build_index
from depesche.engine.annotators.registry import AnnotationContext, annotator
from depesche.engine.annotators.speech.attributions import find_attributions
from depesche.engine.annotators.speech.continuations import (
    find_continuations,
    find_lead_ins,
    find_words_after_acts,
)
from depesche.engine.annotators.speech.cues import (
    FALLBACK_CUES,
    OBJECT_CUES,
    REPORT_CUES,
    cue_lemmas,
)
from depesche.engine.annotators.speech.emit import emit
from depesche.engine.annotators.speech.labels import find_colon_speech, find_labelled
from depesche.engine.annotators.speech.marks import find_marked
from depesche.engine.annotators.speech.model import Reports
from depesche.engine.annotators.speech.verbs import (
    find_object_cues,
    find_pointed_back,
    find_postposed,
    find_preposed,
)
from depesche.engine.document import Document

__all__ = ["FALLBACK_CUES", "STAGES", "annotate_quotes", "cue_lemmas"]

STAGES: tuple[Callable[[Reports], None], ...] = (
    find_marked, find_attributions, find_postposed, find_pointed_back, find_preposed,
    find_object_cues, find_labelled, find_colon_speech, find_words_after_acts, find_lead_ins,
    find_continuations, emit)


@annotator("quotes", provides={"QUOTE", "REPORT"},
           requires={"ACTOR", "lemma", "morph", "clauses"})
def annotate_quotes(doc: Document, context: AnnotationContext) -> None:
    """Add REPORT mentions for speech, writing and thought rendered in the text, and QUOTE
    mentions for those that are statements (direct quotes, indirect speech and
    attributions of saying or writing)."""
    reports = Reports(doc, cue_lemmas(context), OBJECT_CUES, build_index(context), REPORT_CUES)
    for stage in STAGES:
        stage(reports)
