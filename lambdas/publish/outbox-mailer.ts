import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../shared/atomic-file.ts';
import type { Mailer, OutgoingMessage } from './ports.ts';

/**
 * Makes a string safe as part of a file name: letters, digits, `@ . _ + -`
 * stay, anything else becomes `_`.
 *
 * @example
 * fileNamePart('alice@example.com'); // 'alice@example.com'
 * fileNamePart('../x/y'); // '.._x_y'
 */
export function fileNamePart(text: string): string {
  return text.replace(/[^A-Za-z0-9@._+-]/g, '_');
}

/** The Message-ID header of a raw message, if it has one. */
function messageIdOf(raw: string): string | null {
  const headerBlock = raw.split(/\r?\n\r?\n/, 1)[0] ?? '';
  return /^Message-ID:\s*(<[^>\r\n]+>)/im.exec(headerBlock)?.[1] ?? null;
}

/**
 * Local {@link Mailer}: files each message as
 * `<outboxDir>/<reportId>--<email>.eml` (e.g. `out/outbox/…`), which any mail
 * client opens. Sending the same report to the same address again overwrites.
 */
export class OutboxMailer implements Mailer {
  public readonly outboxDir: string;

  public constructor(outboxDir: string) {
    this.outboxDir = resolve(outboxDir);
  }

  /** Path a message for this report and recipient is filed under. */
  public pathFor(reportId: string, to: string): string {
    return join(this.outboxDir, `${fileNamePart(reportId)}--${fileNamePart(to)}.eml`);
  }

  /** Writes the message; its Message-ID (or the file name) is returned as the id. */
  public async send(message: OutgoingMessage): Promise<{ messageId: string }> {
    const path = this.pathFor(message.reportId, message.to);
    await writeFileAtomic(path, message.raw);
    const raw =
      typeof message.raw === 'string' ? message.raw : Buffer.from(message.raw).toString('latin1');
    return { messageId: messageIdOf(raw) ?? path };
  }
}
