import type { PersonDraft } from '../domain/follow-up-drafts';
import type { BaseView, Command, ShownDraft } from './shared';

/**
 * What the keep-in-touch suggestion and the referral introduction share: a short draft to one
 * person, with its mailto, a hint for the part to fill in, and the commands to answer with. The
 * two fill one template (templates/person-draft.*); each module writes its own words.
 */
export interface PersonDraftView extends BaseView {
  draft: ShownDraft<PersonDraft>;
  draftHint: string;
  commandsTitle: string;
  commands: readonly Command[];
}
