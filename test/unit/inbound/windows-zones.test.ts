import { readFile } from 'node:fs/promises';
import { generateWindowsZones, WINDOWS_ZONES_FILE } from '../../../scripts/build-windows-zones';
import { WINDOWS_ZONES } from '../../../functions/inbound/windows-zones.generated';

describe('the Windows zone table', () => {
  it('is up to date with the windows-iana package (run `npm run build:zones` if this fails)', async () => {
    expect(await readFile(WINDOWS_ZONES_FILE, 'utf8')).toBe(generateWindowsZones());
  });

  it('maps the names Outlook writes to IANA zones', () => {
    expect(WINDOWS_ZONES.get('fle standard time')).toMatch(/^Europe\/(Kiev|Kyiv|Helsinki)$/);
    expect(WINDOWS_ZONES.get('w. europe standard time')).toBe('Europe/Berlin');
    expect(WINDOWS_ZONES.get('pacific standard time')).toBe('America/Los_Angeles');
  });
});
