/** The report formats, once: the command line's choices and the renderers' switch derive from this list. */
export const FORMATS = ['text', 'json', 'junit', 'markdown', 'github', 'html', 'nagios'] as const;
export type Format = (typeof FORMATS)[number];
