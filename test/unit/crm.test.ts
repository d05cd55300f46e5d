// The contact page's address in the CRM web app (HighLevel's pattern, any white-label domain).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_APP_URL, contactUrl } from '../../src/services/crm';

describe('contactUrl', () => {
  it("builds HighLevel's contact page address", () => {
    assert.equal(contactUrl(DEFAULT_APP_URL, 've9EPM428h8vShlRW1KT', 'abc123'), 'https://app.gohighlevel.com/v2/location/ve9EPM428h8vShlRW1KT/contacts/detail/abc123');
  });

  it('keeps a white-label domain and drops its trailing slashes', () => {
    assert.equal(contactUrl('https://app.leadway.example//', 'loc', 'c1'), 'https://app.leadway.example/v2/location/loc/contacts/detail/c1');
  });

  it('encodes the ids as path segments', () => {
    assert.equal(contactUrl('https://crm.example', 'a/b', 'c?d'), 'https://crm.example/v2/location/a%2Fb/contacts/detail/c%3Fd');
  });
});
