// A file opened as a site that is not JSON (or not XML, for KML) — in browser mode any file a page points at — is
// refused with the file and the place (line, column), and never with its contents: V8's own JSON.parse message
// quotes the start of the text ("root:x:0:0"... is not valid JSON).
import { describe, expect, it } from 'vitest';
import { readSiteFile } from '../../patrol/site/read-site-file';
import { SiteFileError } from '../../patrol/site/site-errors';

const PASSWD = 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n';

function refusal(text: string, file: string): SiteFileError {
  try {
    readSiteFile(text, file);
  } catch (err) {
    expect(err).toBeInstanceOf(SiteFileError);
    return err as SiteFileError;
  }
  throw new Error(`${file} was read as a site`);
}

describe('site files that are not JSON: the file and the place, never the text', () => {
  it('/etc/passwd opened as a site: line 1, column 1, no "root:x"', () => {
    const err = refusal(PASSWD, '/etc/passwd');
    expect(err.message).toBe('/etc/passwd: line 1, column 1: not valid JSON: expected a JSON value ({, [, a string in double quotes, a number, true, false or null), got a letter');
    expect([err.line, err.column]).toEqual([1, 1]);
    expect(err.message).not.toContain('root');
  });

  it('an error further in is placed by line and column (CRLF lines, a byte order mark), its text not quoted', () => {
    const text = '\ufeff{\r\n  "type": "FeatureCollection",\r\n  "features": [ secret-token-123 ]\r\n}\r\n';
    const err = refusal(text, 'export.geojson');
    expect(err.message).toMatch(/^export\.geojson: line 3, column 17: not valid JSON: expected .+, got a letter$/);
    expect(err.message).not.toMatch(/secret|token|123/);
    const cut = refusal('{"type": "FeatureCollection", "features": [', 'cut.geojson');
    expect(cut.message).toMatch(/^cut\.geojson: line 1, column 44: not valid JSON: expected .+, got the end of the file$/);
    expect(refusal('', 'empty.geojson').message).toMatch(/^empty\.geojson: line 1, column 1: not valid JSON: .*got an empty file$/);
  });

  it('KML: the line and column of malformed XML, without its tag names or characters', () => {
    const kml = refusal('<kml><Document><secret-tag>x</other-secret></Document></kml>', 'site.kml');
    expect(kml.message).toBe('site.kml: line 1: expected well-formed KML (XML), got a tag that is not closed, or closes another tag at column 29');
    expect(kml.message).not.toContain('secret');
    expect(refusal(PASSWD, 'passwd.kml').message).toBe('passwd.kml: line 1: expected well-formed KML (XML), got a character that cannot stand there at column 1');
  });
});
