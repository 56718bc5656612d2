import { configTableMarkdown } from '../config.js';
import { eventKindsMarkdown } from '../events/event-kinds.js';

/**
 * The tables in the docs that are generated from code: the configuration spec's (README.md) and the
 * event-kind registry's (docs/api.md). `npm run docs:tables` writes them between their markers
 * (`<!-- name:start -->` … `<!-- name:end -->`); test/docs.test.ts fails when one has drifted.
 */
export interface GeneratedTable {
  /** Path from the repository's root. */
  readonly file: string;
  readonly marker: string;
  render(): string;
}

export const GENERATED_TABLES: readonly GeneratedTable[] = [
  { file: 'README.md', marker: 'config-table', render: configTableMarkdown },
  { file: 'docs/api.md', marker: 'event-kinds', render: eventKindsMarkdown },
];

/** `text` with the part between the table's markers replaced by `content`; throws when a marker is missing. */
export function withTable(text: string, marker: string, content: string): string {
  const start = `<!-- ${marker}:start -->`;
  const end = `<!-- ${marker}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`no ${start} … ${end} markers`);
  return `${text.slice(0, from + start.length)}\n${content}\n${text.slice(to)}`;
}
