// depesche play: the page over the JSON API (docs/playground.md). Every answer the page shows
// comes from the server, which runs what the commands run; this script only lays it out.
'use strict';

const $ = (id) => document.getElementById(id);
const LINE = 18;  // px, the editor's line height (play.css --line)
const PAD = 4;    // px, the textarea's padding
const DEBOUNCE = 400;

const state = {
  token: null,
  root: '',
  buffers: {},        // path in the pack -> {text, saved, base}
  current: null,      // the open rule file
  diagnostics: [],
  rules: [],          // the outline: {id, path, line, ...}
  tests: null,        // the last /api/test answer
  extraction: null,   // the last /api/extract answer
  extractedText: null,
  sentence: null,     // the selected sentence number (1-based)
  explained: null,
  chosenRule: null,   // the rule picked in the explanation, if not the one at the cursor
  texts: [],
  packBroken: false,
};

// ------------------------------------------------------------------ small helpers

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key === 'style') Object.assign(node.style, value);  // CSSOM: allowed by the page's CSP
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (value !== null && value !== undefined && value !== false) node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function setStatus(message, failed) {
  const status = $('status');
  status.textContent = message;
  status.classList.toggle('failed', !!failed);
}

async function api(name, body, options) {
  const opts = { method: body === undefined ? 'GET' : 'POST', headers: {} };
  if (body !== undefined) {
    opts.headers['Content-Type'] = 'application/json';
    opts.body = JSON.stringify(body);
  }
  if (options && options.write) opts.headers['X-Depesche-Token'] = state.token || '';
  const response = await fetch('/api/' + name, opts);
  let data;
  try { data = await response.json(); } catch (e) { data = { error: response.statusText }; }
  if (!response.ok) {
    const error = new Error(data.error || response.statusText);
    error.status = response.status;
    error.data = data;
    throw error;
  }
  return data;
}

function relative(path) {
  if (path && state.root && path.startsWith(state.root + '/')) return path.slice(state.root.length + 1);
  return path;
}

function dirtyFiles() {
  const files = {};
  for (const [path, buffer] of Object.entries(state.buffers)) {
    if (buffer.text !== buffer.saved) files[path] = buffer.text;
  }
  return files;
}

function who(actors) {
  if (!actors) return '';
  const list = Array.isArray(actors) ? actors : [actors];
  return list.map((a) => a.code ? `${a.text} (${a.code})` : a.text).join(', ');
}

function show(value, nested) {
  // An annotation or a test value as text, whatever its shape: lists joined, objects as
  // k=v (nested ones in parentheses), empty fields left out; so layers yet to come show too.
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) {
    const items = value.map((v) => show(v, true));
    const plain = value.every((v) => v === null || typeof v !== 'object');
    const joined = items.join(plain ? ', ' : '; ');
    return nested ? `[${joined}]` : joined;
  }
  if (typeof value === 'object') {
    const fields = Object.entries(value)
      .filter(([, v]) => v !== null && v !== '' && !(Array.isArray(v) && !v.length))
      .map(([k, v]) => `${k}=${show(v, true)}`).join(' ');
    return nested ? `(${fields})` : fields;
  }
  return String(value);
}

// ------------------------------------------------------------------ the editor

const source = $('source');
let charWidth = 7.8;

function measureCharWidth() {
  const probe = el('span', { text: 'M'.repeat(100) });
  probe.style.font = getComputedStyle(source).font;
  probe.style.position = 'absolute';
  probe.style.visibility = 'hidden';
  document.body.append(probe);
  charWidth = probe.getBoundingClientRect().width / 100 || charWidth;
  probe.remove();
}

function caretLine() {
  return source.value.slice(0, source.selectionStart).split('\n').length;
}

function fileDiagnostics() {
  return state.diagnostics.filter((d) => relative(d.path) === state.current && d.line);
}

function drawGutter() {
  const lines = source.value.split('\n').length;
  const byLine = {};
  for (const d of fileDiagnostics()) {
    if (!byLine[d.line] || d.severity === 'error') byLine[d.line] = d;
  }
  const gutter = $('gutter');
  gutter.replaceChildren();
  for (let n = 1; n <= lines; n++) {
    const d = byLine[n];
    gutter.append(el('div', d ? { class: d.severity, title: d.message } : {}, n));
  }
  gutter.scrollTop = source.scrollTop;
}

function drawMarks() {
  const marks = $('marks');
  marks.replaceChildren();
  const top = (line) => PAD + (line - 1) * LINE - source.scrollTop;
  for (const d of fileDiagnostics()) {
    marks.append(el('div', { class: 'band ' + d.severity, style: { top: top(d.line) + 'px' } }));
    const left = PAD + (d.column - 1) * charWidth - source.scrollLeft;
    marks.append(el('div', {
      class: 'at ' + d.severity, style: { top: top(d.line) + 'px', left: left + 'px' },
      'data-line': d.line, 'data-column': d.column,
    }));
  }
  const rule = currentRule();
  if (rule) {
    const next = fileRules().find((r) => r.line > rule.line);
    const end = next ? next.line : source.value.split('\n').length + 1;
    marks.append(el('div', {
      class: 'rule', style: { top: top(rule.line) + 'px', height: (end - rule.line) * LINE + 'px' },
    }));
  }
}

function redrawEditor() {
  drawGutter();
  drawMarks();
}

function goTo(line, column) {
  const lines = source.value.split('\n');
  let offset = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i].length + 1;
  offset += Math.max(0, (column || 1) - 1);
  source.focus();
  source.setSelectionRange(offset, offset);
  source.scrollTop = Math.max(0, (line - 6) * LINE);
  onCaret();
}

async function openFile(path, line, column) {
  if (!state.buffers[path]) {
    try {
      const file = await api('file?path=' + encodeURIComponent(path));
      state.buffers[path] = { text: file.text, saved: file.text, base: file.sha256 };
    } catch (error) {
      setStatus(error.message, true);
      return;
    }
  }
  state.current = path;
  $('file-select').value = path;
  source.value = state.buffers[path].text;
  updateSaveButton();
  redrawEditor();
  showCurrentRule();
  if (line) goTo(line, column);
}

function updateSaveButton() {
  const buffer = state.buffers[state.current];
  const dirty = !!buffer && buffer.text !== buffer.saved;
  $('save').disabled = !dirty || !state.token;
  $('save').textContent = dirty ? 'Save*' : 'Save';
}

// ------------------------------------------------------------------ rules and diagnostics

function fileRules() {
  return state.rules.filter((r) => relative(r.path) === state.current)
    .sort((a, b) => a.line - b.line);
}

function currentRule() {
  const line = caretLine();
  let found = null;
  for (const rule of fileRules()) if (rule.line <= line) found = rule;
  return found;
}

function onCaret() {
  drawMarks();
  showCurrentRule();
}

function showCurrentRule() {
  const rule = currentRule();
  $('current-rule').textContent = rule
    ? `rule ${rule.id} (${rule.type || '@' + rule.tag}), line ${rule.line}`
    : 'no rule at the cursor';
  showTests();
  updateAddButtons();
  if (state.explained) showExplanation();
}

function showDiagnostics(check) {
  state.diagnostics = check.diagnostics;
  const summary = $('check-summary');
  summary.textContent = `${check.errors} error(s), ${check.warnings} warning(s)`;
  summary.className = 'summary ' + (check.errors ? 'errors' : 'clean');
  const list = $('diagnostics');
  list.replaceChildren();
  for (const d of check.diagnostics) {
    const where = d.path ? `${relative(d.path)}:${d.line}:${d.column}` : '';
    const item = el('li', { class: 'diagnostic ' + d.severity },
      el('span', { class: 'where', text: where }), where ? ': ' : '',
      `${d.severity}: ${d.message}`, d.rule ? ` (rule ${d.rule})` : '', d.hint ? ` — ${d.hint}` : '');
    item.addEventListener('click', () => {
      const path = relative(d.path);
      if (path && !path.startsWith('/')) openFile(path, d.line, d.column);
    });
    list.append(item);
  }
  redrawEditor();
}

// ------------------------------------------------------------------ tests

function showTests() {
  const box = $('tests');
  box.replaceChildren();
  const tests = state.tests;
  if (!tests) return;
  $('test-summary').textContent = `${tests.passed} passed, ${tests.failed} failed in the pack`;
  const rule = currentRule();
  const mine = rule ? tests.results.filter((r) => r.rule === rule.id) : [];
  if (rule) box.append(el('div', { class: 'muted' }, `rule ${rule.id}: ${mine.length} test(s)`));
  for (const result of mine) box.append(testLine(result));
  const elsewhere = tests.results.filter((r) => !r.passed && (!rule || r.rule !== rule.id));
  if (elsewhere.length) {
    box.append(el('div', { class: 'muted' }, 'failing in other rules:'));
    for (const result of elsewhere) box.append(testLine(result));
  }
}

function testLine(result) {
  const line = el('div', { class: 'test' + (result.passed ? ' passed' : ' failed'),
    title: `${relative(result.path)}:${result.line}` },
    result.passed ? '✓ ' : '✗ ', el('b', { text: result.name }), ' ', result.text);
  if (!result.passed) {
    line.append(el('div', { class: 'problems' },
      `expected: ${result.expected.length ? result.expected.map((v) => show(v)).join('; ') : 'nothing'}\n` +
      `got: ${result.got.length ? result.got.map((v) => show(v)).join('; ') : 'nothing'}\n` +
      result.problems.concat(result.notes).join('\n')));
  }
  line.addEventListener('click', () => openFile(relative(result.path), result.line, result.column));
  return line;
}

function updateAddButtons() {
  const enabled = !!(state.sentence && currentRule() && state.extraction);
  $('add-positive').disabled = !enabled;
  $('add-negative').disabled = !enabled;
}

function sentenceText(number) {
  const span = state.extraction.sentences[number - 1];
  return state.extractedText.slice(span[0], span[1]).replace(/\s+/g, ' ').trim();
}

async function addTest(positive) {
  const rule = currentRule();
  if (!rule || !state.sentence) return;
  // The article's date goes with the sentence, so that its relative dates resolve alike.
  const date = $('date').value.trim() || state.extraction.date || null;
  try {
    const answer = await api('add-test', {
      files: dirtyFiles(), path: state.current, rule: rule.id,
      text: sentenceText(state.sentence), positive, date,
    });
    state.buffers[state.current].text = answer.text;
    const caret = source.selectionStart;
    source.value = answer.text;
    source.setSelectionRange(caret, caret);
    setStatus(`added a ${positive ? 'positive' : 'negative'} test to ${rule.id} (not saved yet)`);
    updateSaveButton();
    redrawEditor();
    schedule(0);
  } catch (error) {
    setStatus(error.message, true);
  }
}

// ------------------------------------------------------------------ the article

function colour(type) {
  return (state.extraction && state.extraction.colours[type]) || '#eee';
}

function showArticle() {
  const extraction = state.extraction;
  const article = $('article');
  article.replaceChildren();
  if (!extraction) return;
  const text = state.extractedText;
  const facts = extraction.facts;
  let group = null;
  let groupNumber = undefined;
  for (const piece of extraction.segments) {
    const [start, end] = piece.span;
    if (piece.sentence !== groupNumber) {
      groupNumber = piece.sentence;
      if (piece.sentence === null) {
        group = article;
      } else {
        group = el('span', { class: 'sentence', 'data-sentence': piece.sentence,
          title: `sentence ${piece.sentence}: click to explain` });
        if (piece.sentence === state.sentence) group.classList.add('selected');
        const number = piece.sentence;
        group.addEventListener('click', () => selectSentence(number));
        article.append(group);
      }
    }
    const piecetext = text.slice(start, end);
    if (!piece.facts.length) { group.append(piecetext); continue; }
    const first = facts[piece.facts[0]];
    const mark = el('mark', {
      class: 'fact' + (piece.facts.length > 1 ? ' many' : ''), 'data-facts': piece.facts.join(' '),
      style: { background: colour(first.type) },
      title: piece.facts.map((i) => `${facts[i].type} [${facts[i].rule}] ${who(facts[i].actor)}` +
        (facts[i].recipient ? ' → ' + who(facts[i].recipient) : '')).join('\n'),
    }, piecetext);
    group.append(mark);
  }
  const legend = $('legend');
  legend.replaceChildren();
  const counts = {};
  for (const fact of facts) counts[fact.type] = (counts[fact.type] || 0) + 1;
  for (const [type, count] of Object.entries(counts)) {
    legend.append(el('span', { style: { background: colour(type) } }, `${type} ${count}`));
  }
  $('fact-count').textContent = `${facts.length}`;
  const body = $('facts').querySelector('tbody');
  body.replaceChildren();
  for (const fact of facts) {
    body.append(el('tr', {},
      el('td', { class: 'type' }, el('span', { style: { background: colour(fact.type) } }, fact.type)),
      el('td', { text: who(fact.actor) }), el('td', { text: who(fact.recipient) }),
      el('td', { text: fact.date ? fact.date.value : '' }), el('td', { text: fact.rule }),
      el('td', { text: fact.evidence })));
  }
}

async function selectSentence(number) {
  state.sentence = number;
  for (const node of document.querySelectorAll('.sentence')) {
    node.classList.toggle('selected', Number(node.dataset.sentence) === number);
  }
  updateAddButtons();
  await explainSentence();
}

async function explainSentence() {
  if (!state.sentence || !state.extraction) return;
  const text = state.extractedText;
  const date = $('date').value.trim() || null;
  $('sentence-title').textContent = `${state.sentence} of ${state.extraction.sentences.length}`;
  try {
    const files = dirtyFiles();
    const [explained, annotated] = await Promise.all([
      api('explain', { files, text, date, sentence: state.sentence }),
      api('annotate', { files, text, date }),
    ]);
    state.explained = explained;
    state.annotated = annotated;
    showExplanation();
    showAnnotations();
  } catch (error) {
    $('explain').replaceChildren(el('div', { class: 'failure' }, error.message));
  }
}

function showExplanation() {
  const box = $('explain');
  const explained = state.explained;
  box.replaceChildren();
  if (!explained) return;
  box.append(el('div', { class: 'muted' }, explained.sentence.text.replace(/\s+/g, ' ')));
  const hits = explained.rules.filter((r) => r.status !== 'no match');
  box.append(el('div', { class: 'why' }, hits.length ? `${hits.length} rule(s) matched:` : 'no rule matched'));
  for (const report of hits) box.append(ruleLine(report));
  // Why not, for one rule: the one chosen here, else the one at the editor's cursor.
  const picker = el('select', { id: 'explain-rule', 'aria-label': 'rule to explain' },
    el('option', { value: '' }, '(the rule at the cursor)'),
    ...explained.rules.map((r) => el('option', { value: r.rule }, r.rule)));
  picker.value = state.chosenRule || '';
  picker.addEventListener('change', () => { state.chosenRule = picker.value || null; showExplanation(); });
  box.append(el('div', { class: 'why' }, el('label', {}, 'why not: ', picker)));
  const cursor = currentRule();
  const id = state.chosenRule || (cursor && cursor.id);
  const chosen = id && explained.rules.find((r) => r.rule === id);
  if (chosen && chosen.status === 'no match') {
    box.append(el('div', { class: 'why' }, el('b', { text: `why ${chosen.rule} does not match:` })));
    box.append(traceView(chosen, explained));
  } else if (chosen) {
    box.append(el('div', { class: 'muted' }, `${chosen.rule} matches this sentence`));
  } else {
    box.append(el('div', { class: 'muted' }, 'put the cursor in a rule, or choose one, to see why it does not match'));
  }
}

function ruleLine(report) {
  const line = el('div', { class: 'rule-line ' + (report.status === 'match' ? 'match' : 'dropped') },
    el('b', { text: report.rule }), ' ');
  for (const match of report.matches) {
    const fact = match.fact;
    line.append(`“${match.text}”`, fact ? ` → ${fact.type} ${who(fact.actor)}` +
      (fact.recipient ? ' → ' + who(fact.recipient) : '') : match.tag ? ` → @${match.tag}` : '');
  }
  for (const drop of report.dropped) {
    line.append(`“${drop.text}” lost to ${drop.lost_to} (${drop.why})`);
  }
  return line;
}

function traceView(report, explained) {
  const trace = report.trace;
  const box = el('div', { class: 'rule-line nomatch trace' });
  if (!trace) return box;
  if (trace.matched_after_run) {
    box.append(el('div', {}, `“${trace.matched_text}” matches only after the run (a tag of a later stage?)`));
    return box;
  }
  box.append(el('div', {}, trace.furthest > trace.start
    ? `got from token ${trace.start} to ${trace.furthest}: “${trace.matched_text}” matched`
    : `no start: the pattern fails on its first element everywhere; at token ${trace.start}:`));
  const failing = new Set(trace.failures.map((f) => f.token));
  const strip = el('div', { class: 'tokens' });
  for (const token of explained.tokens) {
    const consumed = token.i >= trace.start && token.i < trace.furthest;
    strip.append(el('span', { class: consumed ? 'consumed' : failing.has(token.i) ? 'failed' : '',
      title: `${token.i} ${token.lemma || ''} ${token.pos || ''}` }, token.text));
  }
  box.append(strip);
  for (const failure of trace.failures) {
    const where = failure.token_text === null ? 'the sentence end' : `token ${failure.token} “${failure.token_text}”`;
    box.append(el('div', { class: 'failure' }, el('code', { text: failure.element }),
      ` fails at ${where}: ${failure.reason}`));
  }
  return box;
}

function showAnnotations() {
  // Generic: every key `depesche annotate --format jsonl` gives, so new layers appear as they come.
  const box = $('annotations');
  box.replaceChildren();
  const record = state.annotated && state.annotated.sentences[state.sentence - 1];
  if (!record) return;
  const columns = [];
  for (const token of record.tokens) {
    for (const key of Object.keys(token)) if (key !== 'span' && !columns.includes(key)) columns.push(key);
  }
  const table = el('table', { id: 'token-table' },
    el('thead', {}, el('tr', {}, ...columns.map((c) => el('th', { text: c })))),
    el('tbody', {}, ...record.tokens.map((token) =>
      el('tr', {}, ...columns.map((c) => el('td', { text: show(token[c]) }))))));
  box.append(table);
  for (const [key, value] of Object.entries(record)) {
    if (['text', 'span', 'tokens'].includes(key) || value === null) continue;
    const items = Array.isArray(value) ? value : [value];
    if (!items.length) continue;
    const layer = el('div', { class: 'layer', 'data-layer': key }, el('b', { text: key }));
    for (const item of items) layer.append(el('div', {}, show(item)));
    box.append(layer);
  }
}

// ------------------------------------------------------------------ the refresh loop

let timer = null;
let running = false;
let again = false;

function schedule(delay) {
  clearTimeout(timer);
  timer = setTimeout(refresh, delay === undefined ? DEBOUNCE : delay);
}

async function refresh() {
  if (running) { again = true; return; }
  running = true;
  try {
    do { again = false; await refreshOnce(); } while (again);
  } catch (error) {
    setStatus(error.message, true);
  } finally {
    running = false;
  }
}

async function refreshOnce() {
  const files = dirtyFiles();
  const text = $('text').value;
  const date = $('date').value.trim() || null;
  const check = await api('check', { files });
  showDiagnostics(check);
  state.rules = (await api('rules', { files })).rules;
  showCurrentRule();
  const broken = check.errors > 0;
  for (const id of ['article', 'tests', 'facts']) $(id).classList.toggle('stale', broken);
  if (broken) {
    setStatus('the pack has errors: the article and tests show the last run that worked');
    return;
  }
  state.tests = await api('test', { files });
  showTests();
  if (text.trim()) {
    try {
      state.extraction = await api('extract', { files, text, date });
      if (state.extractedText !== text) { state.sentence = null; state.explained = null; }
      state.extractedText = text;
      if (state.sentence && state.sentence > state.extraction.sentences.length) state.sentence = null;
      showArticle();
      $('date').placeholder = state.extraction.date ? `${state.extraction.date} (from the text)` : 'YYYY-MM-DD';
      if (state.sentence) await explainSentence();
      setStatus('');
    } catch (error) {
      setStatus(error.message, true);
    }
  } else {
    state.extraction = null;
    showArticle();
  }
  updateAddButtons();
}

// ------------------------------------------------------------------ saving

async function save(confirmSyntaxError) {
  const path = state.current;
  const buffer = state.buffers[path];
  if (!buffer || !state.token) return;
  const text = buffer.text;
  try {
    const answer = await api('save', {
      path, text, base: buffer.base, confirm_syntax_error: !!confirmSyntaxError,
    }, { write: true });
    buffer.saved = text;
    buffer.base = answer.sha256;
    setStatus(`saved ${path} (${answer.bytes} bytes)`);
    updateSaveButton();
    schedule(0);
  } catch (error) {
    const data = error.data || {};
    if (error.status === 409 && data.reason === 'syntax') {
      if (window.confirm(`${path} has a YAML syntax error at line ${data.line}, column ${data.column}:\n` +
                         `${data.message}\n\nSave it anyway?`)) return save(true);
      setStatus('not saved: YAML syntax error', true);
    } else if (error.status === 409 && data.reason === 'changed') {
      if (window.confirm(`${path} changed on disk since it was opened. Overwrite it?`)) {
        buffer.base = data.sha256;
        return save(confirmSyntaxError);
      }
      setStatus('not saved: the file changed on disk', true);
    } else {
      setStatus(`not saved: ${error.message}`, true);
    }
  }
}

// ------------------------------------------------------------------ texts

async function chooseSource() {
  const value = $('source-select').value;
  const corpus = /\.(csv|jsonl|ndjson)$/i.test(value);
  $('row-label').hidden = !corpus;
  $('delimiter-label').hidden = !/\.csv$/i.test(value);
  try {
    if (value.startsWith('text:')) {
      const text = state.texts[Number(value.slice(5))];
      setText(text.text, text.date);
    } else if (value.startsWith('doc:')) {
      let query = 'document?path=' + encodeURIComponent(value.slice(4));
      if (corpus) {
        query += '&row=' + encodeURIComponent($('row').value || '0');
        query += '&delimiter=' + encodeURIComponent($('delimiter').value || ',');
      }
      const doc = await api(query);
      setText(doc.text, doc.date);
    }
  } catch (error) {
    setStatus(error.message, true);
  }
}

function setText(text, date) {
  $('text').value = text;
  $('date').value = date || '';
  state.sentence = null;
  state.explained = null;
  schedule(0);
}

// ------------------------------------------------------------------ start

async function start() {
  const params = new URLSearchParams(location.search);
  if (params.get('token')) {
    sessionStorage.setItem('depesche-token', params.get('token'));
    history.replaceState(null, '', location.pathname);  // keep the token out of screenshots
  }
  state.token = sessionStorage.getItem('depesche-token');
  $('readonly').hidden = !!state.token;
  measureCharWidth();

  const session = await api('session');
  state.root = session.root;
  state.texts = session.texts;
  $('pack').textContent = session.root.split('/').slice(-2).join('/');
  $('pack').title = session.root;
  const files = $('file-select');
  for (const path of session.rule_files) files.append(el('option', { value: path }, path));
  const sources = $('source-select');
  sources.append(el('option', { value: 'paste' }, '(pasted)'));
  session.texts.forEach((t, i) => sources.append(el('option', { value: 'text:' + i }, t.name)));
  for (const path of session.documents) sources.append(el('option', { value: 'doc:' + path }, path));

  files.addEventListener('change', () => openFile(files.value));
  sources.addEventListener('change', chooseSource);
  $('row').addEventListener('change', chooseSource);
  $('delimiter').addEventListener('change', chooseSource);
  $('text').addEventListener('input', () => { $('source-select').value = 'paste'; schedule(); });
  $('date').addEventListener('input', () => schedule());
  source.addEventListener('input', () => {
    state.buffers[state.current].text = source.value;
    updateSaveButton();
    drawGutter();
    drawMarks();
    schedule();
  });
  source.addEventListener('scroll', () => { $('gutter').scrollTop = source.scrollTop; drawMarks(); });
  for (const kind of ['click', 'keyup']) source.addEventListener(kind, onCaret);
  source.addEventListener('keydown', (event) => {
    if (event.key === 'Tab') {  // two spaces, as YAML wants, instead of leaving the editor
      event.preventDefault();
      source.setRangeText('  ', source.selectionStart, source.selectionEnd, 'end');
      source.dispatchEvent(new Event('input'));
    }
  });
  document.addEventListener('keydown', (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === 's') { event.preventDefault(); save(false); }
  });
  $('save').addEventListener('click', () => save(false));
  $('add-positive').addEventListener('click', () => addTest(true));
  $('add-negative').addEventListener('click', () => addTest(false));
  window.addEventListener('beforeunload', (event) => {
    if (Object.keys(dirtyFiles()).length) event.preventDefault();
  });

  if (session.rule_files.length) await openFile(session.rule_files[0]);
  if (session.texts.length) {
    sources.value = 'text:0';
    $('text').value = session.texts[0].text;
    $('date').value = session.texts[0].date || '';
  }
  await refresh();
  document.body.dataset.ready = 'true';
}

start().catch((error) => setStatus(error.message, true));
