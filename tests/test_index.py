"""The rule index changes where rules are tried, never what they match.

Three tables: what the planner derives from a pattern (start keys and trigger), patterns
whose indexed matches must equal ``find`` at every token (the matcher's own table plus
index-specific shapes), and a pack whose indexed pipeline must give the same kept and
dropped matches and facts as the unindexed one, on the example article and on the dev
articles of ../shared. A last test shows pathological patterns stay linear.
"""

from __future__ import annotations

import pytest
from test_matcher import CASES as MATCHER_CASES
from test_matcher import LEMMAS, MENTIONS, TEXT

from depesche.authoring.explain import format_test
from depesche.engine.document import Document
from depesche.engine.index import PatternIndex, plan_pattern
from depesche.engine.matcher import MatchContext, compile_pattern, mention_index
from depesche.engine.pipeline import Extraction, Extractor
from depesche.engine.reader import read_document
from depesche.grammar import ast, parse_pattern
from depesche.rules.loader import load_ruleset

from conftest import ROOT, make_doc

# ---------------------------------------------------------------- planning

PLANS = [
    # (pattern, anchor keys or None, reach, trigger keys or None)
    ('"droht"', {"word:droht"}, (0, 0), {"word:droht"}),
    ("[lemma={drohen, warnen}]", {"lemma:drohen", "lemma:warnen"}, (0, 0),
     {"lemma:drohen", "lemma:warnen"}),
    ('"USA"i', {"word/i:usa"}, (0, 0), {"word/i:usa"}),
    ("[lower=putin]", {"lower:putin"}, (0, 0), {"lower:putin"}),
    ("@ACTOR [lemma=drohen]", {"mention:ACTOR"}, (0, 0), {"lemma:drohen"}),
    ("(?<who> @ACTOR)? [lemma=drohen]", {"mention:ACTOR", "lemma:drohen"}, (0, 0),
     {"lemma:drohen"}),
    ("[@ACTOR & word=/[A-Z].*/]", {"class:ACTOR"}, (0, 0), {"class:ACTOR"}),
    ("[pos=NE & lemma=Kreml]", {"lemma:Kreml"}, (0, 0), {"lemma:Kreml"}),
    ('[word=Putin | lemma=Nato]', {"word:Putin", "lemma:Nato"}, (0, 0),
     {"word:Putin", "lemma:Nato"}),
    ('(?= "mit") [] "schweren"', {"word:schweren"}, (1, 1), {"word:schweren"}),
    ('^ "Putin"', {"word:Putin"}, (0, 0), {"word:Putin"}),
    ('~{0,3} [lemma=drohen]', {"lemma:drohen"}, (0, 3), {"lemma:drohen"}),
    ("[pos=VVFIN] [lemma=Konsequenz]", {"lemma:Konsequenz"}, (1, 1), {"lemma:Konsequenz"}),
    ("[pos=/VV.*/]", None, (0, 0), None),
    ('[tag="vvfin"i]', {"pos/i:vvfin"}, (0, 0), {"pos/i:vvfin"}),
    ('("droht" | "warnt") [@ACTOR]', {"word:droht", "word:warnt"}, (0, 0),
     {"word:droht", "word:warnt"}),
    ('("droht" | []) "den"', {"word:den"}, (1, 1), {"word:den"}),
    ('(^ | [!pos=APPR]) [pos=ART]? (?<a> @ACTOR) [lemma=drohen]', {"mention:ACTOR"},
     (0, 2), {"lemma:drohen"}),
    ('[]* [lemma=drohen]', None, (0, 0), {"lemma:drohen"}),
    ("@ACTOR [lemma=drohen]+ @ACTOR", {"mention:ACTOR"}, (0, 0), {"lemma:drohen"}),
    ('(@ACTOR [lemma=drohen] | [!word=den] "den" [lemma=warnen])',
     {"mention:ACTOR", "lemma:warnen"}, (0, 2), {"lemma:drohen", "lemma:warnen"}),
    ("[!word=den]", None, (0, 0), None),
    ('"mit"?', None, (0, 0), None),
    # The whole test of the noun is rarer than articles and adjectives: anchored on it.
    ("[pos=ART]? [pos=ADJA]{0,2} [pos=NN & lemma=/.*angriff/]", {"pos:NN"}, (0, 3),
     {"pos:NN"}),
    # A family of nouns by their compound head: anchored on the heads, not on every noun.
    ("[head={Kritik, Vorwurf} & pos=NN]", {"head:Kritik", "head:Vorwurf"}, (0, 0),
     {"head:Kritik", "head:Vorwurf"}),
    ('[pos=ART]? [head="angriff"i]', {"head/i:angriff"}, (0, 1), {"head/i:angriff"}),
]


def keys(clause: frozenset[tuple[str, str]] | None) -> set[str] | None:
    return None if clause is None else {f"{view}:{value}" for view, value in clause}


@pytest.mark.parametrize(("pattern", "anchor", "reach", "trigger"), PLANS,
                         ids=[p[0] for p in PLANS])
def test_plan(pattern: str, anchor: set[str] | None, reach: tuple[int, int],
              trigger: set[str] | None) -> None:
    plan = plan_pattern(parse_pattern(pattern))
    assert keys(plan.anchor) == anchor
    assert plan.reach == reach
    assert keys(plan.trigger) == trigger


ANCHOR_TESTS = [
    # (pattern, the anchor token's tests as written, or None)
    ('"droht"', ["word=droht"]),
    ("[lemma=drohen & word=/d.*/]", ["lemma=drohen & word=/d.*/"]),
    ('("droht" | [lemma=warnen]) [@ACTOR]', ["word=droht", "lemma=warnen"]),
    # A mention's key is exact: tests are for the tokens of the other keys.
    ('(@ACTOR [lemma=drohen] | [!word=den] "den" [lemma=warnen])', ["lemma=warnen"]),
    ("@ACTOR [lemma=drohen]", []),
    ("[pos=ART]? @ACTOR", ["pos=ART"]),
    ("[pos=ART]? [pos=NN]", ["pos=ART", "pos=NN"]),
    ("(?<who> [pos=NE])+ [lemma=drohen]", ["pos=NE"]),
    ('(?= "mit") [] "schweren"', ["word=schweren"]),
    ('"mit" (?= "schweren")', ["word=mit"]),
    ("[pos=/VV.*/]", None),
    ("~{0,2} [lemma=drohen]", ["lemma=drohen"]),
]


@pytest.mark.parametrize(("pattern", "tests"), ANCHOR_TESTS, ids=[a[0] for a in ANCHOR_TESTS])
def test_anchor_tests(pattern: str, tests: list[str] | None) -> None:
    # What the anchor token must pass beyond its keys: the index tries no start whose
    # anchor token fails it.
    plan = plan_pattern(parse_pattern(pattern))
    written = None if plan.anchor_tests is None else [format_test(t) for t in plan.anchor_tests]
    assert written == tests


def test_extension_tests_are_left_to_the_matcher() -> None:
    extension = ast.ExtensionTest("count", "count")
    for test in (extension, ast.AndTest((extension, ast.ClassTest("ACTOR")))):
        assert plan_pattern(ast.Token(test)).anchor_tests is None


def test_anchor_tests_leave_only_the_starts_that_pass_them() -> None:
    doc = make_doc(LONG_TEXT, MENTIONS, LONG_LEMMAS)
    compiled = [compile_pattern(parse_pattern("[] [lower={den, die, nato} & word=/[A-Z].*/]"))]
    found = PatternIndex(compiled).candidates(doc, mention_index(doc))
    # Of the tokens with the keys ("den", "die", "Nato", "Die", "Nato", "die"), only the
    # capitalised ones pass; "Die" opens its sentence, where nothing can precede it.
    nato = [t.i for t in doc.tokens if t.text == "Nato"]
    assert {s: [c.starts for c in cs] for s, cs in found.items()} == {
        0: [(nato[0] - 1,)], 1: [(nato[1] - 1,)]}


# ---------------------------------------------------------------- patterns

# Three sentences, so that clauses and starts must pick the right sentence.
LONG_TEXT = (TEXT + " Die Nato warnt Putin nicht . Mit schweren Konsequenzen droht niemand ."
             " Putin droht , und die USA drohen mit Konsequenzen .")
LONG_LEMMAS = {**LEMMAS, "drohen": "drohen", "Mit": "mit"}

INDEX_CASES = [
    '"Putin" ~{0,6} [lemma=drohen]',
    "[lemma=drohen] ~{0,8} [lemma=Konsequenz]",
    '(?<who> @ACTOR)? [lemma=drohen]',
    '@ACTOR [lemma={drohen, warnen}] @ACTOR?',
    '"mit"i "schweren"',
    '[lower=mit] ~{0,2} [lemma=Konsequenz]',
    '[@ACTOR & !word=Putin] [lemma=warnen]?',
    '(?= [@ACTOR]) [] [lemma=drohen]',
    '(?! "Putin") [@ACTOR] [lemma=drohen]',
    '[pos=NE]? "droht"',
    '([lemma=drohen] | [lemma=warnen]) ~{0,3} [@ACTOR]',
    '[word="," | word=und] [@ACTOR]+',
    '^ "Mit"',
    '[lemma=drohen] $',
    '"droht" []* "."',
    '(^ | [!word=Putin]) [word=die]? [@ACTOR] [lemma={drohen, warnen}]',
    '[] [] [lemma=drohen]',
    '~{1,3} @ACTOR',
    '[]? (?= [@ACTOR]) [word=/[A-Z].*/]{1,2} [lemma=drohen]?',
    '([lemma=drohen] [] @ACTOR | [!word=Putin] [@ACTOR] | ^ "Mit") []?',
    '[lemma=drohen]{2}',
    '"Putin" | "Nato" | [lemma=Konsequenz]',
    "[] [lower={den, die, nato} & word=/[A-Z].*/]",
    '([lemma=drohen] [] [word=/[A-Z].*/] | "und" [lower=die & word=/d.*/]) []{0,2} [@ACTOR]',
]


def find_everywhere(doc: Document, patterns: list) -> list[tuple[int, int, object]]:
    """The reference: every pattern's ``find`` in every sentence, without the index."""
    mentions = mention_index(doc)
    found = []
    for sentence in doc.sentences:
        ctx = MatchContext(doc, sentence, mentions)
        for number, pattern in enumerate(patterns):
            found.extend((sentence.index, number, m) for m in pattern.find(ctx))
    return found


ALL_PATTERNS = [c[1] for c in MATCHER_CASES] + INDEX_CASES


@pytest.mark.parametrize("pattern", ALL_PATTERNS)
def test_indexed_matches_equal_find(pattern: str) -> None:
    doc = make_doc(LONG_TEXT, MENTIONS, LONG_LEMMAS)
    compiled = [compile_pattern(parse_pattern(pattern))]
    index = PatternIndex(compiled)
    assert list(index.find(doc, mention_index(doc))) == find_everywhere(doc, compiled)


def test_one_index_of_all_patterns_equals_find() -> None:
    doc = make_doc(LONG_TEXT, MENTIONS, LONG_LEMMAS)
    compiled = [compile_pattern(parse_pattern(p)) for p in ALL_PATTERNS]
    found = list(PatternIndex(compiled).find(doc, mention_index(doc)))
    assert found == find_everywhere(doc, compiled)
    assert len(found) > 50


HEAD_CASES = [
    "[head={Konsequenz, Drohung} & pos=NN]",
    '[head="konsequenz"i]',
    '"mit" [pos=ADJA]? [head=Konsequenz]',
    "[head=Konsequenz | lemma=drohen] []?",
    "[!head=Konsequenz] [head={Konsequenz, 3}]",
]
# Heads as the compounds annotator writes them (a string on nouns, none elsewhere), and
# values a test reads but that are no keys as they stand: a number, a tuple, a string
# subclass, a head that folds to another's.
HEADS = {"Konsequenzen": "Konsequenz", "USA": "USA", "Nato": "KONSEQUENZ", "Putin": 3,
         "droht": ("Konsequenz",), "warnt": type("Head", (str,), {})("Konsequenz")}


@pytest.mark.parametrize("pattern", HEAD_CASES)
def test_indexed_matches_on_heads_equal_find(pattern: str) -> None:
    doc = make_doc(LONG_TEXT, MENTIONS, LONG_LEMMAS)
    for token in doc.tokens:
        if token.text in HEADS:
            token.attrs["head"] = HEADS[token.text]
        token.pos = "NN" if token.text[:1].isupper() else "ADJA"
    compiled = [compile_pattern(parse_pattern(pattern))]
    found = list(PatternIndex(compiled).find(doc, mention_index(doc)))
    assert found == find_everywhere(doc, compiled)
    assert found


def test_index_skips_rules_whose_trigger_is_absent() -> None:
    doc = make_doc(LONG_TEXT, MENTIONS, LONG_LEMMAS)
    compiled = [compile_pattern(parse_pattern(p)) for p in
                ('"Biden" [lemma=drohen]', '[lemma=drohen] ~{0,3} "Sanktionen"', '"nie"')]
    assert PatternIndex(compiled).candidates(doc, mention_index(doc)) == {}


# ---------------------------------------------------------------- pipeline

LEXICON_STATES = """\
lexicon: states
label: STATE
entries:
  - {id: RUS, name: Russland, kind: state, code: RUS, sector: GOV, forms: [Russland, Moskau]}
  - {id: USA, name: USA, kind: state, code: USA, sector: GOV, forms: [USA, Washington]}
  - {id: UKR, name: Ukraine, kind: state, code: UKR, sector: GOV, forms: [Ukraine, Kiew]}
  - {id: SYR, name: Syrien, kind: state, code: SYR, sector: GOV, forms: [Syrien, Damaskus]}
  - {id: DEU, name: Deutschland, kind: state, code: DEU, sector: GOV, forms: [Deutschland, Berlin]}
  - {id: TUR, name: Türkei, kind: state, code: TUR, sector: GOV, forms: [Türkei, Ankara]}
  - {id: IRN, name: Iran, kind: state, code: IRN, sector: GOV, forms: [Iran, Teheran]}
  - {id: CHN, name: China, kind: state, code: CHN, sector: GOV, forms: [China, Peking]}
"""
LEXICON_THREATS = """\
lexicon: threat_nouns
label: THREAT_NOUN
match_on: lemma
entries: [Konsequenz, Sanktion, Kosten, Gewalt, Krieg]
"""
# Rules of every shape the planner distinguishes: mention, lemma, set, case-folded, class
# and wildcard starts; lookaheads; tags used by a later stage; rules that can only scan.
PACK = """\
lexicons: [states.yaml, threats.yaml]
macros:
  who: (?<who> @ACTOR)
rules:
  - id: threaten
    type: THREATEN
    pattern: $who [lemma=drohen] (?<whom> @ACTOR)? ~{0,4} [@THREAT_NOUN]?
    fact: {actor: who, recipient: whom}
  - id: say
    type: STATEMENT
    pattern: $who ~{0,3} [lemma={sagen, erklären, betonen, fordern}]
    fact: {speaker: who}
  - id: meet
    type: CONSULT
    pattern: "[lemma=treffen] ~{0,5} (?<whom> @ACTOR)"
    fact: {recipient: whom}
  - id: talks
    type: CONSULT
    pattern: '"gespräche"i ~{0,3} [lower=mit] (?<whom> @ACTOR)'
    fact: {recipient: whom}
  - id: office
    tag: OFFICE
    stage: 1
    pattern: "[lemma=/.*[Mm]inister(in)?/] [pos=NE]+"
  - id: office-says
    type: STATEMENT
    stage: 2
    pattern: (?<who> @OFFICE) ~{0,4} [lemma={sagen, erklären}]
    fact: {speaker: who}
  - id: demand
    type: REQUEST
    pattern: (?= [@ACTOR]) [] ~{0,6} [lemma=fordern]
  - id: war
    type: ASSAULT
    group: violence
    pattern: ([lemma=Krieg] | [lemma=Konflikt] | [@THREAT_NOUN]) ~{0,2} [word=in] (?<where> @ACTOR)
    fact: {location: where}
  - id: any-verb
    type: SUPPORT
    priority: -1
    pattern: "[pos=VVFIN] [pos=ART]? [@ACTOR]"
  - id: opening
    type: STATEMENT
    pattern: ^ [@ACTOR]
  - id: actor-acts
    type: STATEMENT
    priority: -2
    pattern: "[@ACTOR] ~{0,5} [pos=VVFIN]"
  - id: date-meeting
    type: CONSULT
    pattern: (?<when> @DATE) ~{0,8} [lemma={treffen, beraten}]
    fact: {date: when}
"""


@pytest.fixture(scope="module")
def pack_ruleset(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("pack")
    (folder / "states.yaml").write_text(LEXICON_STATES, encoding="utf-8")
    (folder / "threats.yaml").write_text(LEXICON_THREATS, encoding="utf-8")
    (folder / "rules.yaml").write_text(PACK, encoding="utf-8")
    return load_ruleset([str(folder / "rules.yaml")])


def summary(result: Extraction) -> tuple[list, list, list]:
    def item(m):
        return (m.rule.id, m.sentence, m.match)

    return ([item(k) for k in result.kept],
            [(item(loser), item(winner)) for loser, winner in result.dropped],
            result.facts)


def assert_same_extraction(ruleset, doc_id: str, text: str) -> int:
    indexed = Extractor(ruleset).run(read_document(doc_id, text))
    scanned = Extractor(ruleset, indexed=False).run(read_document(doc_id, text))
    assert summary(indexed) == summary(scanned)
    return len(indexed.kept)


def test_pack_on_the_example_article(pack_ruleset) -> None:
    text = (ROOT / "examples" / "biden-putin-2021-12.txt").read_text(encoding="utf-8")
    assert assert_same_extraction(pack_ruleset, "example", text) > 0


def test_pack_on_dev_articles(pack_ruleset) -> None:
    kept = 0
    for path in sorted((ROOT / "eval" / "dev").glob("*.txt")):
        kept += assert_same_extraction(pack_ruleset, path.stem, path.read_text(encoding="utf-8"))
    assert kept > 0


def test_shipped_pack_on_dev_articles() -> None:
    ruleset = load_ruleset([])
    if not ruleset.rules:
        pytest.skip("the shipped pack has no rules yet")
    for path in sorted((ROOT / "eval" / "dev").glob("*.txt")):
        assert_same_extraction(ruleset, path.stem, path.read_text(encoding="utf-8"))


# ---------------------------------------------------------------- blow-ups


@pytest.mark.parametrize("shape", ["(x | x)* b", "(x+)+ b", "((x | x)* (x | x)*)* b"])
def test_pathological_patterns_test_each_token_a_bounded_number_of_times(shape: str) -> None:
    # A naive backtracker tries 2^n ways to split n tokens among the repeats; the visited
    # set over (instruction, position) bounds the work to program size × sentence length
    # per start. Counting token tests shows it without timing anything.
    calls = 0

    def is_a(token) -> bool:
        nonlocal calls
        calls += 1
        return token.text == "a"

    # Build the AST with an extension token test "x" whose predicate counts its calls.
    pattern = parse_pattern(shape.replace("x", "[a]").replace("b", '"b"'))
    pattern = _replace_a(pattern)
    compiled = compile_pattern(pattern, test_compilers={"count": lambda test: is_a})
    length = 200
    doc = make_doc(" ".join(["a"] * length) + " .")
    assert list(compiled.find(MatchContext(doc, doc.sentences[0]))) == []
    size = len(compiled.program.code)
    assert 0 < calls <= size * (length + 2) * (length + 2)
    # Per start position, not more than the visited-set bound.
    calls = 0
    assert compiled.match_at(MatchContext(doc, doc.sentences[0]), 0) is None
    assert calls <= size * (length + 2)


def test_lookaheads_asked_at_every_start_stay_linear() -> None:
    # The lookahead is asked after every token; from each position it reads to the
    # sentence's end. Its answers and the states of its machine that failed are kept for
    # the later starts, so the search tests each token a bounded number of times, not
    # once per earlier start.
    calls = 0

    def is_a(token) -> bool:
        nonlocal calls
        calls += 1
        return token.text == "a"

    pattern = _replace_a(parse_pattern('[] (?= [a]* "b")'))
    compiled = compile_pattern(pattern, test_compilers={"count": lambda test: is_a})
    length = 200
    doc = make_doc(" ".join(["a"] * length) + " .")
    assert list(compiled.find(MatchContext(doc, doc.sentences[0]))) == []
    assert 0 < calls <= len(compiled.program.code) * (length + 2)


def _replace_a(node: ast.Element) -> ast.Element:
    """Swap every ``[a]`` token test for the counting extension test."""
    from dataclasses import replace

    match node:
        case ast.Token(test=ast.AttrTest(value=ast.Literal(text="a"))):
            return ast.Token(ast.ExtensionTest("count", "count"))
        case ast.Sequence(items=items):
            return replace(node, items=tuple(_replace_a(i) for i in items))
        case ast.Alternation(options=options):
            return replace(node, options=tuple(_replace_a(o) for o in options))
        case ast.Repeat(item=item) | ast.Capture(item=item) | ast.Lookahead(item=item):
            return replace(node, item=_replace_a(item))
    return node


def test_mention_opening_the_next_sentence_is_not_matched_at_the_sentence_end() -> None:
    # The scan tried the position just past a sentence's last token, where a mention that
    # starts the next sentence used to match: the same span was found in both sentences.
    doc = make_doc("Er kam . Putin droht .", {"ACTOR": ["Putin"]})
    compiled = [compile_pattern(parse_pattern("@ACTOR"))]
    found = find_everywhere(doc, compiled)
    assert [(sentence, m.start, m.end) for sentence, _, m in found] == [(1, 3, 4)]
    assert list(PatternIndex(compiled).find(doc, mention_index(doc))) == found
