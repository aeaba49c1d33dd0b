import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AreaList } from '../src/content/areas.js';
import { ContentError } from '../src/content/load.js';

const SHIPPED = 'knowledge/areas/quang-ninh.yaml';
const dir = mkdtempSync(join(tmpdir(), 'cds-area-list-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the shipped area list (Quảng Ninh since 1/7/2025)', () => {
  const areas = new AreaList(SHIPPED);

  it('has the 54 commune-level units of Resolution 1679/NQ-UBTVQH15, citing it', () => {
    expect(areas.province).toBe('Quảng Ninh');
    expect(areas.all()).toHaveLength(54);
    expect(areas.all().filter((a) => a.name.startsWith('Phường'))).toHaveLength(30);
    expect(areas.all().filter((a) => a.name.startsWith('Xã'))).toHaveLength(22);
    expect(
      areas
        .all()
        .filter((a) => a.name.startsWith('Đặc khu'))
        .map((a) => a.id),
    ).toEqual(['van-don', 'co-to']);
    expect(readFileSync(SHIPPED, 'utf8')).toContain('Nghị quyết 1679/NQ-UBTVQH15 ngày 16/6/2025');
  });

  it('places a citizen who types the new name, or the name of a ward merged into it', () => {
    expect(areas.find('phường Việt Hưng')?.id).toBe('viet-hung');
    expect(areas.find('p. gieng day')?.id).toBe('viet-hung');
    expect(areas.find('Hồng Hải')?.id).toBe('ha-long');
    expect(areas.find('dac khu van don')?.id).toBe('van-don');
    expect(areas.find('móng cái 2')?.id).toBe('mong-cai-2');
    // Hà Khẩu was split between Việt Hưng and Tuần Châu: the bot does not guess.
    expect(areas.find('Hà Khẩu')).toBeUndefined();
  });

  it('offers the province-wide contacts where a commune has no phone number', () => {
    const names = areas.contactsFor('ha-tu').map((c) => c.name);
    expect(names.slice(0, 3)).toEqual([
      'Công an phường Hà Tu',
      'Bộ phận một cửa UBND phường Hà Tu',
      'Tổ công nghệ số cộng đồng phường Hà Tu',
    ]);
    expect(areas.contactsFor('ha-tu')).toContainEqual({
      name: 'Tổng đài VNeID, căn cước, định danh điện tử (Bộ Công an)',
      phone: '19000368',
    });
    expect(areas.contactsFor(undefined)).toEqual([...areas.fallbackContacts]);
  });
});

describe('an area list an admin filled in', () => {
  it('gives a commune with its own number only its own contacts', () => {
    const file = join(dir, 'filled.yaml');
    writeFileSync(
      file,
      readFileSync(SHIPPED, 'utf8').replace(
        '      - name: Công an phường Hà Tu\n',
        '      - name: Công an phường Hà Tu\n        phone: "0912345678"\n',
      ),
    );
    const areas = new AreaList(file);
    expect(areas.contactsFor('ha-tu')).toEqual([
      { name: 'Công an phường Hà Tu', phone: '0912345678' },
      { name: 'Bộ phận một cửa UBND phường Hà Tu' },
      { name: 'Tổ công nghệ số cộng đồng phường Hà Tu' },
    ]);
  });

  it('is refused at start-up with the file and the path of each problem', () => {
    const file = join(dir, 'broken.yaml');
    writeFileSync(
      file,
      readFileSync(SHIPPED, 'utf8').replace(
        '      - name: Công an phường Hà Tu\n',
        '      - name: Công an phường Hà Tu\n        phone: "113 hoặc 0912"\n',
      ),
    );
    expect(() => new AreaList(file)).toThrow(ContentError);
    expect(() => new AreaList(file)).toThrow(
      /broken\.yaml: areas\[\d+\]\.contacts\[0\]\.phone: must be a Vietnamese phone number/,
    );
  });
});
