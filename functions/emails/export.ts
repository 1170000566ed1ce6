import { counted } from '../commons/counted';
import type { User } from '../domain/model';
import type { OverviewView } from './overview';
import { template } from './overview.generated';
import { appView, renderEmail, type BrandInput, type RenderedEmail } from './shared';

/** The answer to `export`: the files are attached; the body says what each one opens in. */

interface ExportInput extends BrandInput {
  user: User;
  interviews: number;
  contacts: number;
}

type ExportView = OverviewView;

function exportView(input: ExportInput): ExportView {
  const files = [
    {
      label: 'interviews.csv',
      detail: `${counted(input.interviews, 'interview')}, one row each, times in ${input.user.timeZone} — opens in any spreadsheet.`,
    },
    {
      label: 'contacts.csv',
      detail: `${counted(input.contacts, 'person', 'people')}, with who referred them and when to follow up — opens in any spreadsheet.`,
    },
    { label: 'contacts.vcf', detail: 'The same people as vCards — import into your contacts app.' },
    {
      label: 'interviews.ics',
      detail: 'Every interview as a calendar event under its original invitation id — import into your calendar.',
    },
  ];
  return {
    app: appView(input),
    subject: `Your Rapport export — ${counted(input.interviews, 'interview')}, ${counted(input.contacts, 'contact')}`,
    preheader: 'Four files: two spreadsheets, your contacts and your calendar.',
    kicker: 'Export',
    heading: 'Your data',
    intro: 'Everything Rapport keeps about your interviews and contacts, attached as four files.',
    footerNote: 'To erase it all from Rapport, reply “delete my data”.',
    minimalFooter: false,
    groups: [{ title: 'Attached', upper: 'ATTACHED', items: files }],
    empty: '',
    commandsTitle: 'Reply with',
    commands: [{ command: 'list  ·  contacts', meaning: 'A short overview instead of files.' }],
  };
}

export function renderExport(input: ExportInput): RenderedEmail {
  return renderEmail(template, exportView(input));
}
