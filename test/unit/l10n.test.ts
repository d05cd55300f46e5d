// Every string the user can read has a Spanish entry. The code's strings are found the way VS
// Code's own tooling finds them (@vscode/l10n-dev reads every `l10n.t(...)` / `vscode.l10n.t(...)`
// in src/), the manifest's as its %key% references; each failure lists what to add, where.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { getL10nJson, type l10nJsonFormat } from '@vscode/l10n-dev';

const ROOT = path.resolve(__dirname, '../../..');
const ES_BUNDLE = 'l10n/bundle.l10n.es.json';

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as Record<string, unknown>;
}

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(full));
    else if (/\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/** The English text of a bundle entry (a key with a comment is "message/comment"). */
function message(value: l10nJsonFormat[string]): string {
  return typeof value === 'string' ? value : value.message;
}

/** "{0}", "{name}": what a translation must keep. */
function placeholders(text: string): string[] {
  return [...text.matchAll(/\{[^{}\s]+\}/g)].map((m) => m[0]).sort();
}

/** `](command:…)` and `](https:…)` targets of Markdown links: a translation keeps every link working. */
function linkTargets(text: string): string[] {
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).sort();
}

const entry = (key: string, value: string) => `  ${JSON.stringify(key)}: ${JSON.stringify(value)},`;

/** Differences in placeholders and links between English and a translation, as lines for a message. */
function broken(pairs: [key: string, english: string, translated: unknown][]): string[] {
  const out: string[] = [];
  for (const [key, english, translated] of pairs) {
    if (typeof translated !== 'string' || translated.trim() === '') {
      out.push(`${JSON.stringify(key)}: the Spanish is empty or not a string`);
      continue;
    }
    const want = placeholders(english).join(' ');
    const got = placeholders(translated).join(' ');
    if (want !== got) out.push(`${JSON.stringify(key)}: placeholders ${want || '(none)'} in English, ${got || '(none)'} in Spanish`);
    const links = linkTargets(english).join(' ');
    const esLinks = linkTargets(translated).join(' ');
    if (links !== esLinks) out.push(`${JSON.stringify(key)}: links ${links || '(none)'} in English, ${esLinks || '(none)'} in Spanish`);
  }
  return out;
}

describe('localization: Spanish for every string', () => {
  it(`the code: every l10n.t string has an entry in ${ES_BUNDLE}`, async () => {
    const files = sources(path.join(ROOT, 'src'));
    const code = await getL10nJson(files.map((f) => ({ extension: path.extname(f), contents: fs.readFileSync(f, 'utf8') })));
    const es = readJson(ES_BUNDLE);
    const missing = Object.keys(code).filter((k) => !(k in es));
    const stale = Object.keys(es).filter((k) => !(k in code));
    const problems: string[] = [];
    if (missing.length > 0) {
      problems.push(
        `${missing.length} string(s) in src/ have no Spanish. Add to ${ES_BUNDLE} (the key exactly as below, the value in Latin-American Spanish, keeping {0}-style placeholders and product names):`,
        ...missing.map((k) => entry(k, '')),
      );
    }
    if (stale.length > 0) {
      problems.push(`${stale.length} entr(ies) of ${ES_BUNDLE} match no string in src/ any more (changed or removed text): remove or re-key them:`, ...stale.map((k) => `  ${JSON.stringify(k)}`));
    }
    const bad = broken(Object.keys(code).filter((k) => k in es).map((k) => [k, message(code[k]), es[k]]));
    if (bad.length > 0) problems.push(`Fix these entries of ${ES_BUNDLE}:`, ...bad.map((b) => `  ${b}`));
    assert.ok(problems.length === 0, `\n${problems.join('\n')}\n`);
    assert.ok(Object.keys(code).length > 0, 'no l10n.t string found in src/: the extraction is broken');
  });

  it('the manifest: every %key% of package.json is in package.nls.json and package.nls.es.json', () => {
    const manifest = readJson('package.json');
    const en = readJson('package.nls.json');
    const es = readJson('package.nls.es.json');
    const used = new Set<string>();
    const literal: string[] = [];
    // What VS Code shows the user: these must come from the nls files.
    const shown = /^(displayName|description|title|name|contextualTitle|contents|markdownDescription|patternErrorMessage|enumDescriptions|markdownEnumDescriptions|altText|category|label)$/;
    // Read by the language model, not the user (as VS Code's own tools keep them): a tool's name
    // (an identifier) and its input schema stay English, like its modelDescription.
    const forTheModel = /^contributes\.languageModelTools\[\d+\]\.(name|inputSchema)\b/;
    const walk = (value: unknown, at: string, key: string) => {
      if (forTheModel.test(at)) return;
      if (typeof value === 'string') {
        const m = /^%(.+)%$/.exec(value);
        if (m) used.add(m[1]);
        else if (shown.test(key) && at.startsWith('contributes') && /[a-z]{2}/.test(value)) literal.push(`${at}: ${JSON.stringify(value)}`);
        return;
      }
      if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${at}[${i}]`, key));
      else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, at ? `${at}.${k}` : k, k);
    };
    walk(manifest, '', '');
    for (const top of ['displayName', 'description']) if (!/^%.+%$/.test(String(manifest[top]))) literal.push(`${top}: ${JSON.stringify(manifest[top])}`);
    const problems: string[] = [];
    if (literal.length > 0) {
      problems.push('package.json shows text that is not localized: replace each with a "%key%" and add the key to package.nls.json (English) and package.nls.es.json (Spanish):', ...literal.map((l) => `  ${l}`));
    }
    const noEnglish = [...used].filter((k) => !(k in en));
    if (noEnglish.length > 0) problems.push('Add to package.nls.json (English):', ...noEnglish.map((k) => entry(k, '')));
    const noSpanish = [...used].filter((k) => !(k in es));
    if (noSpanish.length > 0) {
      problems.push('Add to package.nls.es.json (Latin-American Spanish; keep placeholders and (command:…) links):', ...noSpanish.map((k) => entry(k, '')));
    }
    const unused = [...new Set([...Object.keys(en), ...Object.keys(es)])].filter((k) => !used.has(k));
    if (unused.length > 0) problems.push('Keys of package.nls.json / package.nls.es.json that package.json no longer uses: remove them:', ...unused.map((k) => `  ${JSON.stringify(k)}`));
    const bad = broken([...used].filter((k) => k in en && k in es).map((k) => [k, String(en[k]), es[k]]));
    if (bad.length > 0) problems.push('Fix these entries of package.nls.es.json:', ...bad.map((b) => `  ${b}`));
    assert.ok(problems.length === 0, `\n${problems.join('\n')}\n`);
  });
});

// ---- The webviews: no English typed into the page ------------------------------------------
// A webview has no vscode.l10n: the call panel's sources use @vscode/l10n's l10n.t (fed the
// bundle by src/panels/webviewL10n.ts, checked above), and the dashboard shows only the words
// its panel sends (DashboardStrings, made with vscode.l10n.t in src/panels/analytics/strings.ts).
// A string literal with words, put straight into the page, bypasses both: found here by reading
// the webview sources with TypeScript and looking at what flows into the page's text.

/** Properties whose value the user reads (or a screen reader says). */
const TEXT_PROPERTIES = new Set(['textContent', 'innerText', 'innerHTML', 'title', 'placeholder', 'alt', 'ariaLabel', 'label']);
/** Attributes whose value the user reads (or a screen reader says). */
const TEXT_ATTRIBUTES = new Set(['aria-label', 'aria-description', 'aria-roledescription', 'aria-valuetext', 'aria-placeholder', 'title', 'placeholder', 'alt']);
/** DOM methods that put their (string) arguments on the page as text. */
const TEXT_METHODS = new Set(['createTextNode', 'append', 'prepend', 'replaceChildren', 'before', 'after', 'replaceWith', 'insertAdjacentText']);
/** Parameters (of the sources' own helpers, e.g. `el(tag, className, text)`) and object properties that end up on the page. */
const TEXT_NAMES = /^(text|title|label|caption|message|heading|hint|tooltip|placeholder|syncLabel)$/;
/** Words: two letters in a row (units such as "s", symbols such as "—" and "Σ" are fine). */
const WORDS = /[A-Za-z]{2,}/;

interface LiteralFinding {
  file: string;
  line: number;
  text: string;
  sink: string;
}

/**
 * String literals (and template text) with words that `node` evaluates to. Not inside a call (its
 * result is its own: l10n.t's is translated, el()'s an element whose text is checked where el is
 * called) nor a function (a callback).
 */
function wordLiterals(ts: typeof import('typescript'), node: import('typescript').Node): string[] {
  const out: string[] = [];
  const visit = (n: import('typescript').Node): void => {
    if (ts.isCallExpression(n) || ts.isNewExpression(n) || ts.isFunctionLike(n)) return;
    // A condition's literals are compared, not shown: only the branches are the value.
    if (ts.isConditionalExpression(n)) {
      visit(n.whenTrue);
      visit(n.whenFalse);
      return;
    }
    if (ts.isBinaryExpression(n) && ![ts.SyntaxKind.PlusToken, ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.AmpersandAmpersandToken].includes(n.operatorToken.kind)) {
      return;
    }
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) {
      if (WORDS.test(n.text)) out.push(n.text);
      return;
    }
    if (ts.isTemplateExpression(n)) {
      for (const part of [n.head, ...n.templateSpans.map((s) => s.literal)]) if (WORDS.test(part.text)) out.push(part.text);
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
  return out;
}

/** Where a webview source puts a literal with words on the page. */
export function englishInWebview(ts: typeof import('typescript'), file: string, contents: string): LiteralFinding[] {
  const source = ts.createSourceFile(file, contents, ts.ScriptTarget.ES2022, true);
  // The file's own helpers: which of their parameters are text (el's `text`, button's `text`, …).
  const helpers = new Map<string, number[]>();
  // A text parameter holds a string (post(message) sends a typed message, not words).
  const textParams = (params: import('typescript').NodeArray<import('typescript').ParameterDeclaration>) =>
    params.flatMap((p, i) => (ts.isIdentifier(p.name) && TEXT_NAMES.test(p.name.text) && /\bstring\b/.test(p.type?.getText() ?? '') ? [i] : []));
  const collect = (n: import('typescript').Node): void => {
    if (ts.isFunctionDeclaration(n) && n.name) helpers.set(n.name.text, textParams(n.parameters));
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer && (ts.isArrowFunction(n.initializer) || ts.isFunctionExpression(n.initializer))) {
      helpers.set(n.name.text, textParams(n.initializer.parameters));
    }
    ts.forEachChild(n, collect);
  };
  collect(source);

  const findings: LiteralFinding[] = [];
  const report = (value: import('typescript').Node, sink: string) => {
    for (const text of wordLiterals(ts, value)) {
      findings.push({ file, line: source.getLineAndCharacterOfPosition(value.getStart()).line + 1, text, sink });
    }
  };
  const visit = (n: import('typescript').Node): void => {
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(n.left) && TEXT_PROPERTIES.has(n.left.name.text)) {
      report(n.right, `.${n.left.name.text} =`);
    } else if (ts.isCallExpression(n)) {
      const callee = n.expression;
      const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
      if (name === 'setAttribute' && n.arguments.length === 2 && ts.isStringLiteral(n.arguments[0]) && TEXT_ATTRIBUTES.has(n.arguments[0].text)) {
        report(n.arguments[1], `setAttribute('${n.arguments[0].text}')`);
      } else if (ts.isPropertyAccessExpression(callee) && TEXT_METHODS.has(name)) {
        for (const a of n.arguments) report(a, `.${name}()`);
      } else if (ts.isIdentifier(callee) && helpers.has(name)) {
        for (const i of helpers.get(name) ?? []) if (n.arguments[i]) report(n.arguments[i], `${name}() argument ${i + 1}`);
      }
    } else if (ts.isPropertyAssignment(n) && (ts.isIdentifier(n.name) || ts.isStringLiteral(n.name)) && TEXT_NAMES.test(n.name.text)) {
      report(n.initializer, `${n.name.text}:`);
    }
    ts.forEachChild(n, visit);
  };
  visit(source);
  // The dashboard's page is given no bundle: an l10n.t there would stay English.
  if (/[\\/]analytics[\\/]/.test(file)) {
    for (const m of contents.matchAll(/\bl10n\.t\(/g)) {
      findings.push({ file, line: contents.slice(0, m.index).split('\n').length, text: 'l10n.t(…)', sink: 'the dashboard has no bundle: add the string to DashboardStrings' });
    }
  }
  return findings;
}

describe('localization: the webviews show only translated words', () => {
  it('no string literal with words goes straight onto a webview page (src/webview/)', async () => {
    const ts = (await import('typescript')).default;
    const findings = sources(path.join(ROOT, 'src', 'webview')).flatMap((f) => englishInWebview(ts, path.relative(ROOT, f), fs.readFileSync(f, 'utf8')));
    assert.deepEqual(
      findings.map((f) => `${f.file}:${f.line} ${JSON.stringify(f.text)} → ${f.sink}`),
      [],
      'Words the user reads must be translated: in the call panel wrap them in l10n.t(...) (and add Spanish to l10n/bundle.l10n.es.json); in the dashboard add a key to DASHBOARD_STRING_KEYS (src/shared/analytics.ts) and its vscode.l10n.t text to src/panels/analytics/strings.ts.',
    );
  });

  it('the check finds English put on the page (a property, an attribute, a helper, an object label), not translated text', async () => {
    const ts = (await import('typescript')).default;
    const sample = [
      "function el(tag: string, className?: string, text?: string) { return document.createElement(tag); }",
      "const b = el('button', 'button secondary', 'Show as table');",
      "b.textContent = `${n} calls`;",
      "b.setAttribute('aria-label', 'Close');",
      "b.setAttribute('data-kind', 'word');",
      "b.append(document.createTextNode('Loading'));",
      "const series = { label: 'Median', color: 'blue' };",
      "b.title = l10n.t('Translated');",
      "b.textContent = `${a} · ${b} %`;",
      "b.className = 'plain words';",
    ].join('\n');
    const found = englishInWebview(ts, 'src/webview/sample.ts', sample).map((f) => `${f.line} ${f.text}`);
    assert.deepEqual(found, ['2 Show as table', '3  calls', '4 Close', '6 Loading', '7 Median']);
    assert.deepEqual(
      englishInWebview(ts, 'src/webview/analytics/sample.ts', "x.title = l10n.t('Hi');").map((f) => f.text),
      ['l10n.t(…)'],
    );
  });
});
