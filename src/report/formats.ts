/** The report formats, once: the command line's choices and the renderers' switch derive from this list. */
export const FORMATS = ['text', 'json', 'junit', 'markdown', 'github', 'html', 'nagios'] as const;
export type Format = (typeof FORMATS)[number];

/** The formats that show every line exchanged whatever --transcript says: the rest need a report's transcript only with it. */
export const SHOWS_TRANSCRIPT: Record<Format, boolean> = {
  text: false,
  json: true,
  junit: false,
  markdown: false,
  github: false,
  html: true,
  nagios: false,
};
