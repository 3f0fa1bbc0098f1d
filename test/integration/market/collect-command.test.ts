import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectCommand } from '../../../bin/commands/collect-command.ts';

describe('aftershock collect', () => {
  it('says clearly that the venues are unreachable when the network is closed', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'aftershock-collect-'));
    try {
      const config = path.join(dir, 'config.json');
      // Port 9 (discard) on loopback is closed: the same refusal a machine without internet gets.
      await writeFile(
        config,
        JSON.stringify({ venues: [{ id: 'bybit', apiBaseUrl: 'http://127.0.0.1:9' }] }),
      );
      const out: string[] = [];
      const err: string[] = [];
      const code = await collectCommand.run(
        ['--once', '--window-seconds', '1', '--out', dir, '--config', config],
        {
          out: (l) => out.push(l),
          err: (l) => err.push(l),
          env: {},
          cwd: dir,
        },
      );
      expect(code, 'no venue read → failure exit code').toBe(1);
      expect(out.join('\n')).toMatch(/bybit\s+failed.*unreachable/);
      expect(err.join('\n')).toMatch(/No venue could be read/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
