// A file opened by mistake as a site, a patrol or a plan is refused naming the file and the place, without
// quoting what it holds: in browser mode a page can name any file, and errors reach the page.
import { describe, expect, it } from 'vitest';
import { describeKind, describeValue } from '../../patrol/formats/errors';
import { readMissionFile } from '../../patrol/formats/mission-file';
import { readPatrol } from '../../patrol/patrol/read-patrol';
import { readSite } from '../../patrol/site/read-site';

const credentials = JSON.stringify({ type: 'service_account', private_key: '-----BEGIN PRIVATE KEY-----MIIEvQIBADANBgkqhkiG9w0BAQEFAASC', client_email: 'bot@example.iam' });
const passwd = JSON.stringify(['root:x:0:0:root:/root:/bin/bash', 'daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin']);

function refusal(read: () => unknown): string {
  try {
    read();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('not refused');
}

describe('errors never echo a file', () => {
  for (const [name, text] of [['credentials.json', credentials], ['passwd.json', passwd]] as const) {
    it(`${name} as a site, a patrol and a plan`, () => {
      for (const message of [refusal(() => readSite(text, name)), refusal(() => readPatrol(text, name)), refusal(() => readMissionFile(text, name.replace('.json', '.plan')))]) {
        expect(message.startsWith(name.replace('.json', ''))).toBe(true);
        expect(message).not.toMatch(/PRIVATE KEY|MIIEvQ|root:x|daemon|bot@example/);
      }
    });
  }

  it('describeValue quotes only short values; describeKind never quotes', () => {
    expect(describeValue(-5)).toBe('-5');
    expect(describeValue('buidling')).toBe('"buidling"');
    expect(describeValue([1, 1.5])).toBe('[1,1.5]');
    expect(describeValue('x'.repeat(41))).toBe('a string of 41 characters');
    expect(describeValue({ relay: 0, note: 'y'.repeat(40) })).toBe('an object with 2 members');
    expect(describeKind(['a'])).toBe('a list of 1 item');
    expect(describeKind('short')).toBe('a string of 5 characters');
  });
});
