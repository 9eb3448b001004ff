/**
 * The one sanitizer for text that came from a server, a client or a file: every
 * control character but tab is shown escaped (`\x1b`), so that nothing received
 * can move a terminal's cursor, set its title, colour it, or forge a line of the
 * report. JSON keeps exact strings; every other format shows text through this.
 */
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function printable(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
