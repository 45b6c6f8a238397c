"""``depesche init``: a new rule pack with one example rule, a lexicon and passing tests.

The pack stands on its own (it does not include the shipped pack), so ``depesche test
DIR`` passes at once and the author can grow it rule by rule.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from depesche.errors import InputError, SourceLocation

RULES = """\
# yaml-language-server: $schema=rules.schema.json
# An example rule pack made by `depesche init`. Run its tests with `depesche test {name}`,
# see why a sentence (does not) match with `depesche explain "…" --rules {name}`.
description: Threats between states (an example to start from).
lexicons: [lexicons/states.yaml]

macros:
  # An actor and the name the fact template uses for it.
  who: (?<who> @ACTOR)

rules:
  - id: threaten.drohen
    type: THREATEN
    description: A state threatens another ("Russland droht der Ukraine").
    pattern: $who [lemma=drohen] (?<whom> @ACTOR)?
    fact:
      actor: who
      recipient: whom
    tests:
      - text: Russland droht der Ukraine mit Konsequenzen.
        expect:
          - {{type: THREATEN, actor: [RUS], recipient: [UKR], text: Russland droht der Ukraine}}
      - text: Die USA drohen mit Sanktionen.
        expect:
          - {{type: THREATEN, actor: [USA]}}
      # A near miss: the verb is there, but no actor stands before it.
      - text: Es droht ein langer Winter.
        expect: []
"""

LEXICON = """\
# yaml-language-server: $schema=../rules.schema.json
# States and their capitals. Entries with a `kind` feed the actors annotator, which builds
# the @ACTOR mentions patterns use ("die Ukraine", "Moskau"); `code` is what the actor
# acts for (ISO 3166 alpha-3), `sector` its part of the state.
lexicon: states
label: STATE
entries:
  - {id: RUS, name: Russland, kind: state, code: RUS, sector: GOV, forms: [Russland, Russlands]}
  - {id: RUS-Moskau, name: Moskau, kind: capital, code: RUS, sector: GOV, forms: [Moskau]}
  - {id: UKR, name: Ukraine, kind: state, code: UKR, sector: GOV, forms: [Ukraine]}
  - {id: UKR-Kiew, name: Kiew, kind: capital, code: UKR, sector: GOV, forms: [Kiew]}
  - {id: USA, name: USA, kind: state, code: USA, sector: GOV,
     forms: [USA, Vereinigte Staaten, Vereinigten Staaten]}
  - {id: USA-Washington, name: Washington, kind: capital, code: USA, sector: GOV,
     forms: [Washington]}
"""


def rules_schema() -> str:
    """The JSON Schema of rule and lexicon files, as shipped in the package."""
    return resources.files("depesche").joinpath("schema/rules.schema.json").read_text("utf-8")


def create_pack(folder: Path) -> list[Path]:
    """Write the example pack into ``folder`` (new or empty); return the files written."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InputError("exists and is not an empty folder", SourceLocation(str(folder)))
    files = {
        folder / "rules.yaml": RULES.format(name=folder),
        folder / "lexicons" / "states.yaml": LEXICON,
        folder / "rules.schema.json": rules_schema(),
    }
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise InputError(f"cannot write: {error.strerror or error}",
                         SourceLocation(str(folder))) from None
    return list(files)
