import { counted } from '../commons/counted';
import type { User } from '../domain/model';
import type { ExportPacking } from '../export/mail-packing';
import type { OverviewView } from './overview';
import { template } from './overview.generated';
import { appView, renderEmail, type BrandInput, type RenderedEmail } from './shared';

/** The answer to `export`: the files are attached; the body says what each one opens in. */

interface ExportInput extends BrandInput {
  user: User;
  interviews: number;
  contacts: number;
  /** How the files travel (as they are when absent): a large export comes as one zip. */
  packing?: ExportPacking;
}

const MB = 1024 * 1024;
const megabytes = (bytes: number): string => `${(bytes / MB).toFixed(1)} MB`;

/** The intro and preheader for how the files travel. */
function packingWords(packing: ExportPacking): { intro: string; preheader: string } {
  switch (packing.kind) {
    case 'files':
      return {
        intro: 'Everything Rapport keeps about your interviews and contacts, attached as four files.',
        preheader: 'Four files: two spreadsheets, your contacts and your calendar.',
      };
    case 'zip':
      return {
        intro: `Everything Rapport keeps about your interviews and contacts: four files, in one zip file (${packing.filename}, ${megabytes(packing.bytes)}) to keep the email small enough to send. Open it to get them.`,
        preheader: `One zip file, ${megabytes(packing.bytes)}: two spreadsheets, your contacts and your calendar.`,
      };
    case 'too-large':
      return {
        intro: `Your export is ${megabytes(packing.bytes)} even zipped, more than an email can carry (40 MB), so nothing is attached. Ask the person who runs Rapport for a copy of these four files.`,
        preheader: 'Too large to attach: nothing is attached.',
      };
  }
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
  const words = packingWords(input.packing ?? { kind: 'files' });
  return {
    app: appView(input),
    subject: `Your Rapport export — ${counted(input.interviews, 'interview')}, ${counted(input.contacts, 'contact')}`,
    preheader: words.preheader,
    kicker: 'Export',
    heading: 'Your data',
    intro: words.intro,
    footerNote: 'To erase it all from Rapport, reply “delete my data”.',
    minimalFooter: false,
    groups: [
      {
        title: input.packing?.kind === 'too-large' ? 'Not attached' : 'Attached',
        upper: input.packing?.kind === 'too-large' ? 'NOT ATTACHED' : 'ATTACHED',
        items: files,
      },
    ],
    empty: '',
    commandsTitle: 'Reply with',
    commands: [{ command: 'list  ·  contacts', meaning: 'A short overview instead of files.' }],
  };
}

export function renderExport(input: ExportInput): RenderedEmail {
  return renderEmail(template, exportView(input));
}
