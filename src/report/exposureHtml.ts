/**
 * `sf sharing exposure` as one self-contained HTML page: the graph (profiles → sharing sets → objects) drawn here as
 * inline SVG, and sortable tables. No file, font, script or style is fetched: the page opens without network access.
 * A hand-drawn SVG of three columns weighs a few kilobytes, where a graph library would add hundreds (and a licence
 * and an update chore) for a layout this simple.
 *
 * Every org value is written as HTML text with `& < > " '` escaped, after src/report/sanitize.ts has made control
 * and bidi characters visible. A Content-Security-Policy allows only this page's own inline script (by its hash) and
 * styles, so even a value that slipped through could not run script or load anything.
 */
import { createHash } from 'node:crypto';
import { mappingCells, EXPOSURE_SIGNATURES, exposureGraph, type ExposureView, type Words } from './exposure.js';
import { safeValue } from './sanitize.js';

/** Text safe inside an HTML element or a quoted attribute. */
export function htmlText(value: string): string {
  return safeValue(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const NODE = { width: 260, height: 30, gap: 14 };
const COLUMN_X = { profile: 20, set: 340, object: 900 };
const WIDTH = 1180;
const LABEL_CHARS = 34;
const LABEL_LINE = 13;

const shorten = (label: string): string => (label.length > LABEL_CHARS ? `${label.slice(0, LABEL_CHARS - 1)}…` : label);

/**
 * The SVG drawing of the graph: three columns, each node as tall as the edge labels it starts (labels sit beside their
 * set, one line each, so they never overlap), edges as curves, Edit ones thick and red.
 */
export function exposureSvg(view: ExposureView, words: Words): string {
  const graph = exposureGraph(view, words, false);
  const labelled = new Map<string, number>();
  for (const edge of graph.edges) if (edge.label) labelled.set(edge.from, (labelled.get(edge.from) ?? 0) + 1);
  const place = new Map<string, { x: number; y: number }>();
  const next = { profile: 20, set: 20, object: 20 };
  for (const node of graph.nodes.values()) {
    place.set(node.id, { x: COLUMN_X[node.shape], y: next[node.shape] });
    const labels = labelled.get(node.id) ?? 0;
    next[node.shape] += Math.max(NODE.height, labels * LABEL_LINE + 4) + NODE.gap;
  }
  const height = 20 + Math.max(...Object.values(next));
  const parts: string[] = [];
  const written = new Map<string, number>();
  for (const edge of graph.edges) {
    const from = place.get(edge.from);
    const to = place.get(edge.to);
    if (!from || !to) continue;
    const x1 = from.x + NODE.width;
    const y1 = from.y + NODE.height / 2;
    const x2 = to.x;
    const y2 = to.y + NODE.height / 2;
    const mid = (x1 + x2) / 2;
    parts.push(
      `<path class="edge${edge.edit ? ' edit' : ''}" d="M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}"/>`
    );
    if (edge.label) {
      const line = written.get(edge.from) ?? 0;
      written.set(edge.from, line + 1);
      parts.push(
        `<text class="edge-label${edge.edit ? ' edit' : ''}" x="${x1 + 8}" y="${
          from.y + 11 + line * LABEL_LINE
        }">${htmlText(edge.label)}</text>`
      );
    }
  }
  for (const node of graph.nodes.values()) {
    const { x, y } = place.get(node.id) ?? { x: 0, y: 0 };
    parts.push(
      `<g class="node ${node.shape}" data-kind="${node.shape}"><title>${htmlText(node.label)}</title>` +
        `<rect x="${x}" y="${y}" width="${NODE.width}" height="${NODE.height}" rx="${
          node.shape === 'set' ? 4 : 14
        }"/>` +
        `<text x="${x + 10}" y="${y + 19}">${htmlText(shorten(node.label))}</text></g>`
    );
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" id="graph" role="img" aria-label="${htmlText(words('report.graph'))}" ` +
    `viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}">${parts.join('')}</svg>`
  );
}

/** Sorts a table by the clicked column (numbers as numbers), then marks the page as ready; the page's only script. */
const SORT_SCRIPT =
  "document.querySelectorAll('table.sortable th').forEach(function(th,i){th.addEventListener('click',function(){" +
  "var body=th.closest('table').tBodies[0];var rows=Array.prototype.slice.call(body.rows);" +
  "var down=th.getAttribute('aria-sort')!=='descending';th.closest('tr').querySelectorAll('th').forEach(function(h){h.removeAttribute('aria-sort')});" +
  "th.setAttribute('aria-sort',down?'descending':'ascending');rows.sort(function(a,b){var x=a.cells[i].textContent,y=b.cells[i].textContent;" +
  'var m=parseFloat(x),n=parseFloat(y);var c=isNaN(m)||isNaN(n)?x.localeCompare(y):m-n;return down?-c:c});' +
  "rows.forEach(function(r){body.appendChild(r)})})});document.body.setAttribute('data-tables','sortable');";

const STYLE =
  'body{font:14px system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse;margin:12px 0 24px}' +
  'th,td{border:1px solid #ccc;padding:4px 8px;text-align:left}th{background:#f3f3f3;cursor:pointer}' +
  '.num{text-align:right}.edit td.access{color:#c0392b;font-weight:bold}' +
  '#graph .node rect{fill:#eef4fb;stroke:#4a78a8}#graph .node.set rect{fill:#fdf6e3;stroke:#b58900}' +
  '#graph .node.object rect{fill:#eef8ee;stroke:#3c8d3c}#graph text{font-size:12px;fill:#222}' +
  '#graph .edge{fill:none;stroke:#8a8a8a;stroke-width:1.5}#graph .edge.edit{stroke:#c0392b;stroke-width:3}' +
  '#graph .edge-label{font-size:11px;paint-order:stroke;stroke:#fff;stroke-width:3px}' +
  '#graph .edge-label.edit{fill:#c0392b}';

function table(
  caption: string,
  columns: string[],
  rows: Array<{ cells: Array<string | number>; edit?: boolean }>
): string {
  const head = columns.map((c) => `<th scope="col">${htmlText(c)}</th>`).join('');
  const body = rows
    .map(
      (r) =>
        `<tr${r.edit ? ' class="edit"' : ''}>${r.cells
          .map((cell, i) =>
            typeof cell === 'number'
              ? `<td class="num">${cell}</td>`
              : `<td${i === 2 ? ' class="access"' : ''}>${htmlText(cell)}</td>`
          )
          .join('')}</tr>`
    )
    .join('');
  return `<table class="sortable"><caption>${htmlText(
    caption
  )}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** The whole page. */
export function renderExposureHtml(view: ExposureView, words: Words): string {
  const hash = createHash('sha256').update(SORT_SCRIPT).digest('base64');
  const { org } = view.totals;
  const csp = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${hash}'`;
  const mappings = table(
    words('report.mappings'),
    words('report.mappingColumns').split('|'),
    view.mappings.map((m) => ({
      edit: m.accessLevel === 'Edit',
      cells: mappingCells(m),
    }))
  );
  const totals = table(words('report.totals'), words('report.totalColumns').split('|'), [
    ...view.totals.bySet.map((t) => ({
      cells: [words('report.set'), t.sharingSet, t.mappings, t.users, t.records, t.grants, t.editGrants],
    })),
    ...view.totals.byObject.map((t) => ({
      cells: [words('report.object'), t.object, t.mappings, t.users, t.records, t.grants, t.editGrants],
    })),
  ]);
  const profiles = table(
    words('report.profiles'),
    words('report.profileColumns').split('|'),
    view.totals.byProfile.map((p) => ({
      cells: [p.name, p.status, p.activeUsers, p.sharingSets.join(', '), p.objects.join(', ')],
    }))
  );
  return [
    EXPOSURE_SIGNATURES.html,
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    `<title>${htmlText(words('report.title', [view.org]))}</title>`,
    `<style>${STYLE}</style></head><body>`,
    `<h1>${htmlText(words('report.title', [view.org]))}</h1>`,
    `<p id="summary">${htmlText(
      words('report.summary', [view.org, org.mappings, org.users, org.records, org.grants, org.editGrants])
    )}</p>`,
    exposureSvg(view, words),
    mappings,
    totals,
    profiles,
    `<script>${SORT_SCRIPT}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}
