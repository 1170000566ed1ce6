import { renderExport } from '../../../functions/emails/export';
import type { User } from '../../../functions/domain/model';

const user: User = {
  userId: 'u-1',
  email: 'homer@example.com',
  timeZone: 'Europe/London',
  timeZoneSource: 'set',
  digest: { enabled: true, weekday: 1, time: '08:00' },
  createdAt: '2024-11-01T09:00:00Z',
};

function exportEmail(interviews: number, contacts: number) {
  return renderExport({ user, interviews, contacts, domain: 'rapport.example.com' });
}

describe('the export email counts what it attached', () => {
  it('says "1 interview, 1 contact" in the subject and body, not "1 interviews"', () => {
    const email = exportEmail(1, 1);
    expect(email.subject).toBe('Your Rapport export — 1 interview, 1 contact');
    expect(email.text).toContain('1 interview, one row each');
    expect(email.text).toContain('1 person, with who referred them');
    expect(email.text).not.toMatch(/\b1 (interviews|people)\b/);
  });

  it('uses plurals for zero and many', () => {
    expect(exportEmail(0, 0).subject).toBe('Your Rapport export — 0 interviews, 0 contacts');
    const many = exportEmail(6, 9);
    expect(many.subject).toBe('Your Rapport export — 6 interviews, 9 contacts');
    expect(many.text).toContain('9 people, with who referred them');
  });
});
