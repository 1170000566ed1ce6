/**
 * Unicode's explicit bidirectional controls (embeddings, overrides, isolates, marks; UAX #9):
 * invisible, yet they reorder what follows, so a name or subject from an invitation could show
 * `Jane ‮exe.pdf` as `Jane fdp.exe`, or make a link read as another. Nothing Rapport shows needs
 * them (right-to-left text still displays right to left without them), so they are removed from
 * every email it composes (mime/compose-mime.ts).
 */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

export function withoutBidiControls(value: string): string {
  return value.replace(BIDI_CONTROLS, '');
}
