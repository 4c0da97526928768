/** Which webhook URLs would carry a secret into alertmanager.yaml (issue 17, section 2). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { urlSecretProblem } from '../../src/spec/url-secrets.ts';

describe('secrets in URLs', () => {
  it('refuses userinfo and credential-like query parameters, and points to urlFile', () => {
    for (const url of [
      'https://user:pass@hooks.example.com/',
      'https://user@hooks.example.com/',
      'https://hooks.example.com/?token=x',
      'https://hooks.example.com/?api_key=x',
      'https://hooks.example.com/?apiKey=x',
      'https://hooks.example.com/?sig=x&sv=2020',
      'https://bucket.example.com/?X-Amz-Signature=x',
      'https://hooks.example.com/?client_secret=x',
      'https://hooks.example.com/?password=x',
      'https://hooks.example.com/?auth=x',
    ])
      assert.match(urlSecretProblem(url) ?? '', /urlFile/, url);
  });

  it('accepts plain endpoints and harmless parameters', () => {
    for (const url of [
      'https://hooks.example.com/alerts',
      'https://hooks.example.com/alerts?channel=sre&format=json',
      'http://127.0.0.1:9093/hook',
    ])
      assert.equal(urlSecretProblem(url), undefined, url);
  });
});
