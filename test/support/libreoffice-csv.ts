// Opens a workbook with LibreOffice headless and reads every sheet back as UTF-8 CSV
// (docs/stack.md §6): what an agent's spreadsheet shows, not what exceljs thinks it wrote.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

// 44 = comma, 34 = double quote, 76 = UTF-8, token 9 "true" = as shown, -1 = every sheet.
const FILTRE = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,true,false,false,-1';

/** Sheet name -> rows of cells as LibreOffice displays them. */
export async function feuillesEnCsv(xlsx: string): Promise<Map<string, string[][]>> {
  const dir = await mkdtemp(join(tmpdir(), 'lo-'));
  try {
    await run(
      'soffice',
      [
        '--headless',
        '--norestore',
        '--nolockcheck',
        `-env:UserInstallation=file://${join(dir, 'profile')}`,
        '--convert-to',
        FILTRE,
        '--outdir',
        join(dir, 'out'),
        xlsx,
      ],
      { timeout: 120_000 },
    );
    const stem = basename(xlsx, '.xlsx');
    const sheets = new Map<string, string[][]>();
    for (const file of await readdir(join(dir, 'out'))) {
      const name = file.slice(stem.length + 1, -'.csv'.length);
      sheets.set(name, parseCsv(await readFile(join(dir, 'out', file), 'utf8')));
    }
    return sheets;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n') {
      row.push(cell.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}
