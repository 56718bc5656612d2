import { describe, expect, it } from 'vitest';
import { parentDeathPrefix, underPrefix } from './parent-death.js';

describe('parent-death prefix', () => {
  it('runs ffmpeg under setpriv --pdeathsig TERM where it exists, else as is', async () => {
    expect(await parentDeathPrefix()).toEqual(['setpriv', '--pdeathsig', 'TERM', '--']);
    expect(await parentDeathPrefix('/nonexistent/setpriv')).toEqual([]);
    expect(underPrefix(['setpriv', '--pdeathsig', 'TERM', '--'], 'ffmpeg', ['-i', 'x'])).toEqual({ file: 'setpriv', args: ['--pdeathsig', 'TERM', '--', 'ffmpeg', '-i', 'x'] });
    expect(underPrefix([], 'ffmpeg', ['-i', 'x'])).toEqual({ file: 'ffmpeg', args: ['-i', 'x'] });
  });
});
