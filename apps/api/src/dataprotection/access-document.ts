/** The printable document of an access request: the same content as the JSON export, as plain HTML. */
const escape = (v: string | number | boolean | null | undefined): string =>
  String(v ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function table(rows: Record<string, unknown>[]): string {
  if (!rows.length) return '<p>—</p>';
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: unknown) =>
    escape(typeof v === 'object' && v !== null ? JSON.stringify(v) : (v as string | number | boolean | undefined));
  return `<table><thead><tr>${keys.map((k) => `<th>${escape(k)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${keys.map((k) => `<td>${cell(r[k])}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

export function accessDocument(data: Record<string, unknown>): string {
  const sections = Object.entries(data).map(([name, value]) => {
    const rows = Array.isArray(value) ? (value as Record<string, unknown>[]) : [value as Record<string, unknown>];
    return `<section><h2>${escape(name)}</h2>${table(rows)}</section>`;
  });
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Personal data held</title><style>body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #999;padding:2px 6px;text-align:start;vertical-align:top}</style></head><body><h1>Personal data held by the organisation</h1>${sections.join('')}</body></html>`;
}
