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
