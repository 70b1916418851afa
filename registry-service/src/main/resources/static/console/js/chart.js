// Horizontal bar charts as inline SVG: no library. Positions are percentages of the chart's width and text is in
// pixels, so labels stay readable from a phone to a laptop. Described for screen readers.
const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    element.setAttribute(name, String(value));
  }
  for (const child of children) {
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

const PALETTE = ['#1f6f4a', '#2f5fa8', '#b86e00', '#7a3e9d', '#b3261e', '#3c7f8c', '#5f6b2d', '#8a5a44'];
const LABEL_LINE = 20;
const BAR = 16;
const GAP = 12;

/**
 * A figure with one bar per entry: the label and value on a line, the bar under it. `entries` is
 * [[label, value], ...]; `unit` names the values (e.g. "t"). The text alternative lists every value.
 */
export function barChart(title, entries, { unit = '', id } = {}) {
  const rows = Math.max(entries.length, 1);
  const height = rows * (LABEL_LINE + BAR + GAP);
  const max = Math.max(1, ...entries.map(([, value]) => Number(value)));
  const format = (value) => `${Number(value).toLocaleString('en-US')}${unit ? ` ${unit}` : ''}`;
  const description = entries.length ? entries.map(([label, value]) => `${label}: ${format(value)}`).join('; ') : 'nothing';
  const titleId = `${id || 'chart'}-title`;
  const chart = svg('svg', { width: '100%', height, role: 'img', 'aria-labelledby': titleId },
    svg('title', { id: titleId }, `${title}: ${description}`));
  if (!entries.length) {
    chart.append(svg('text', { x: 0, y: 16, fill: '#52615a', 'font-size': 15 }, 'Nothing retired'));
  }
  entries.forEach(([label, value], index) => {
    const top = index * (LABEL_LINE + BAR + GAP);
    const share = (Number(value) / max) * 100;
    chart.append(
      svg('text', { x: 0, y: top + 15, 'font-size': 15, fill: '#1d2b24' },
        svg('tspan', { 'font-weight': 600 }, String(label)), ` ${format(value)}`),
      svg('rect', { x: 0, y: top + LABEL_LINE, width: '100%', height: BAR, rx: 3, fill: '#e4ebe7' }),
      svg('rect', {
        x: 0, y: top + LABEL_LINE, width: `${Number(value) > 0 ? Math.max(share, 0.5).toFixed(2) : 0}%`, height: BAR, rx: 3,
        fill: PALETTE[index % PALETTE.length], 'data-label': String(label), 'data-value': value,
      }, svg('title', {}, `${label}: ${format(value)}`)),
    );
  });
  const figure = document.createElement('figure');
  figure.className = 'chart';
  if (id) {
    figure.id = id;
  }
  const caption = document.createElement('figcaption');
  caption.textContent = title;
  figure.append(caption, chart);
  return figure;
}
