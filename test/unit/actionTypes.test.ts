// The action-type registry: every type the schemas know has its display entry, a type the API
// adds later is shown generically, and the webview bundle gets the registry without zod.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { ACTION_PARAMETER_SCHEMAS, ACTION_TYPES, CallActionSchema, CallLogSchema, isKnownActionType, type ActionType } from '../../src/api/schemas';
import { ACTION_TYPE_DISPLAY, actionParamRows, actionTypeDisplay, actionTypeLabel, actionWord } from '../../src/shared/actionTypes';
import { buildActionViews, buildCallViewModel } from '../../src/panels/callViewModel';

const ROOT = path.resolve(__dirname, '../../..');

// Compile-time check: a registry without an entry for every action type does not build.
// @ts-expect-error Property 'DATA_EXTRACTION' (and the others) is missing.
const oneEntryOnly: typeof ACTION_TYPE_DISPLAY = { CALL_TRANSFER: ACTION_TYPE_DISPLAY.CALL_TRANSFER };
void oneEntryOnly;

describe('action-type registry', () => {
  it('has exactly one display entry per action type of the schemas, each complete', () => {
    assert.deepEqual(Object.keys(ACTION_TYPE_DISPLAY).sort(), [...ACTION_TYPES].sort());
    assert.deepEqual([...ACTION_TYPES], Object.keys(ACTION_PARAMETER_SCHEMAS));
    assert.equal(ACTION_TYPES.length, 8);
    for (const type of ACTION_TYPES) {
      const d = ACTION_TYPE_DISPLAY[type];
      for (const text of [d.label, d.word, d.plural, d.icon]) assert.ok(text.trim() !== '', `${type}: empty text`);
      assert.ok(d.glyph.length > 0, `${type}: no glyph`);
      assert.ok(isKnownActionType(type) && actionTypeDisplay(type) === d);
    }
    // The icon names are class names in the panel: one per type, and none is the unknown one.
    const icons = ACTION_TYPES.map((t) => ACTION_TYPE_DISPLAY[t].icon);
    assert.equal(new Set(icons).size, icons.length);
    assert.ok(!icons.includes('unknown'));
  });

  it('words come from the registry: singular for a call, plural for a filter', () => {
    assert.equal(actionWord('CALL_TRANSFER'), 'transfer');
    assert.equal(actionWord('CALL_TRANSFER', true), 'transfers');
    assert.equal(actionTypeLabel('IN_CALL_DATA_EXTRACTION'), 'In-call data extraction');
  });

  it('every type renders its parameters as parsed from empty ones (spec-required parameters missing)', () => {
    for (const type of ACTION_TYPES) {
      const action = CallActionSchema.parse({ actionType: type, actionParameters: {} });
      const [view] = buildActionViews([action], undefined, 'UTC');
      assert.equal(view.known, true, type);
      assert.equal(view.icon, ACTION_TYPE_DISPLAY[type].icon);
      assert.equal(view.typeLabel, ACTION_TYPE_DISPLAY[type].label);
      assert.deepEqual(view.params, [], type);
    }
  });

  it('an unknown type, even one named like an Object property, renders generically', () => {
    for (const type of ['VOICEMAIL_DROP', 'constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      assert.equal(actionTypeDisplay(type), undefined, type);
      assert.equal(isKnownActionType(type), false, type);
      const [view] = buildActionViews([CallActionSchema.parse({ actionType: type, actionParameters: { detail: 'x' } })], undefined, 'UTC');
      assert.equal(view.known, false, type);
      assert.equal(view.icon, 'unknown', type);
      assert.deepEqual(view.params.map((r) => [r.label, r.value]), [['Detail', 'x']], type);
      assert.equal(typeof actionWord(type, true), 'string');
    }
    assert.equal(actionTypeLabel('VOICEMAIL_DROP'), 'Voicemail drop');
    assert.equal(actionWord('VOICEMAIL_DROP', true), 'voicemail drop');
    assert.equal(actionWord('toString'), 'tostring');
  });

  it('a custom action written as in the spec example shows its response paths once', () => {
    // The schema copies responsePathsToExtract into selectedPaths; both keys are kept.
    const action = CallActionSchema.parse({ actionType: 'CUSTOM_ACTION', actionParameters: { responsePathsToExtract: ['data.id', 'status'] } });
    const rows = actionParamRows(action);
    assert.deepEqual(rows, [{ label: 'Response paths', value: 'data.id, status', list: ['data.id', 'status'] }]);
    // Two different lists from the API are both shown.
    const both = actionParamRows(CallActionSchema.parse({ actionType: 'CUSTOM_ACTION', actionParameters: { selectedPaths: ['a'], responsePathsToExtract: ['b'] } }));
    assert.deepEqual(both.map((r) => r.value), ['a', 'b']);
  });

  it('the view model hands the webview the glyph and colour of each known type in the call', () => {
    const executedCallActions = [...ACTION_TYPES, 'VOICEMAIL_DROP'].map((actionType) => ({ actionType }));
    const call = CallLogSchema.parse({ id: 'c', agentId: 'a', createdAt: '2024-01-15T16:30:00.000Z', duration: 60, executedCallActions });
    const m = buildCallViewModel(call, { timeZone: 'UTC' });
    assert.deepEqual(Object.keys(m.glyphs).sort(), ACTION_TYPES.map((t) => ACTION_TYPE_DISPLAY[t].icon).sort());
    for (const t of ACTION_TYPES) assert.equal(m.glyphs[ACTION_TYPE_DISPLAY[t].icon], ACTION_TYPE_DISPLAY[t].glyph);
    for (const a of m.actions) assert.equal(a.color, a.known ? ACTION_TYPE_DISPLAY[a.type as ActionType].color : undefined, a.type);
  });

  it('the webview bundle carries neither the registry nor zod nor any code of src/api', async () => {
    const result = await esbuild.build({
      absWorkingDir: ROOT,
      entryPoints: ['src/webview/main.ts'],
      bundle: true,
      platform: 'browser',
      format: 'iife',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    assert.ok(inputs.includes('src/shared/protocol.ts'), inputs.join(', '));
    // The glyphs come with the view model; parameter rows and masking stay in the extension.
    assert.deepEqual(inputs.filter((i) => /node_modules\/(zod|undici)\/|^src\/(api|services|panels|views|commands)\/|^src\/shared\/(actionTypes|paramRows)\.ts$/.test(i)), []);
  });
});
