// One check of the base URL and one set of defaults: the settings (package.json's schema and
// src/services/settings.ts, which calls parseBaseUrl) accept exactly what the client accepts.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_API_VERSION, DEFAULT_BASE_URL, isLoopback, parseBaseUrl, SUPPORTED_API_VERSIONS } from '../../../src/api/endpoint';
import { ApiError } from '../../../src/api/errors';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../../src/api/callLogQuery';

interface SettingSchema {
  default?: unknown;
  maximum?: number;
  pattern?: string;
  enum?: unknown[];
}

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../../package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, SettingSchema> } };
};
const setting = (name: string): SettingSchema => manifest.contributes.configuration.properties[name];

function accepted(url: string): boolean {
  try {
    parseBaseUrl(url);
    return true;
  } catch (error) {
    assert.ok(error instanceof ApiError && error.kind === 'invalidInput', String(error));
    return false;
  }
}

describe('endpoint: defaults and the base-URL check', () => {
  it('the manifest declares the same defaults and versions as the API layer', () => {
    assert.equal(setting('voiceAi.baseUrl').default, DEFAULT_BASE_URL);
    assert.equal(setting('voiceAi.apiVersion').default, DEFAULT_API_VERSION);
    assert.deepEqual(setting('voiceAi.apiVersion').enum, [...SUPPORTED_API_VERSIONS]);
    assert.equal(setting('voiceAi.pageSize').default, DEFAULT_PAGE_SIZE);
    assert.equal(setting('voiceAi.pageSize').maximum, MAX_PAGE_SIZE);
    assert.equal(setting('voiceAi.callsPerAgent').maximum, MAX_PAGE_SIZE);
  });

  it("the base-URL setting's pattern accepts exactly what the client accepts (one loopback set)", () => {
    const pattern = new RegExp(setting('voiceAi.baseUrl').pattern ?? '');
    const cases: [string, boolean][] = [
      ['https://services.leadconnectorhq.com', true],
      ['https://gateway.example.com:8443/voice', true],
      ['http://localhost:4010', true],
      ['http://127.0.0.1:4010', true],
      ['http://127.0.0.5:1', true],
      ['http://127.200.3.4/base', true],
      ['http://[::1]:4010', true],
      ['http://10.0.0.1:8080', false],
      ['http://services.leadconnectorhq.com', false],
      ['http://localhost.example.com', false],
      ['https://user:pw@example.com', false],
      ['https://example.com/?x=1', false],
      ['https://example.com/#f', false],
      ['ftp://127.0.0.1', false],
    ];
    for (const [url, ok] of cases) {
      assert.equal(accepted(url), ok, `client on ${url}`);
      assert.equal(pattern.test(url), ok, `setting pattern on ${url}`);
    }
  });

  it('loopback is localhost, 127.0.0.0/8 and [::1]', () => {
    for (const host of ['localhost', '127.0.0.1', '127.1.2.3', '[::1]']) assert.equal(isLoopback(host), true, host);
    for (const host of ['10.0.0.1', 'localhost.example.com', '127.0.0.1.example.com', '::1', 'example.com']) assert.equal(isLoopback(host), false, host);
  });
});
