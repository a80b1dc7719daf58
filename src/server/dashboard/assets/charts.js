// Chart.js helpers for the pipeline review. Every series gets a colour from the Okabe–Ito
// palette (safe for colour-blind readers) AND its own texture, and every bar carries its value
// as text, so a chart reads the same in greyscale, on a projector, or printed.
/* global Chart */

const PALETTE = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#F0E442',
  '#000000',
];
const TEXTURES = [
  'solid',
  'diagonal',
  'dots',
  'cross',
  'horizontal',
  'vertical',
  'back-diagonal',
  'grid',
];

/** A fill for series `index`: its colour with its texture drawn over it in white. */
export function seriesFill(index) {
  const color = PALETTE[index % PALETTE.length];
  const texture = TEXTURES[index % TEXTURES.length];
  if (texture === 'solid') return color;
  const size = 10;
  const tile = document.createElement('canvas');
  tile.width = size;
  tile.height = size;
  const ctx = tile.getContext('2d');
  ctx.fillStyle = color;
  ctx.fillRect(0, 0, size, size);
  ctx.strokeStyle = 'rgba(255,255,255,0.85)';
  ctx.fillStyle = 'rgba(255,255,255,0.85)';
  ctx.lineWidth = 2;
  const line = (x1, y1, x2, y2) => {
    ctx.beginPath();
    ctx.moveTo(x1, y1);
    ctx.lineTo(x2, y2);
    ctx.stroke();
  };
  if (texture === 'diagonal' || texture === 'cross') {
    line(0, size, size, 0);
    line(-size / 2, size / 2, size / 2, -size / 2);
    line(size / 2, size * 1.5, size * 1.5, size / 2);
  }
  if (texture === 'back-diagonal' || texture === 'cross') {
    line(0, 0, size, size);
    line(-size / 2, size / 2, size / 2, size * 1.5);
    line(size / 2, -size / 2, size * 1.5, size / 2);
  }
  if (texture === 'horizontal' || texture === 'grid') line(0, size / 2, size, size / 2);
  if (texture === 'vertical' || texture === 'grid') line(size / 2, 0, size / 2, size);
  if (texture === 'dots') {
    ctx.beginPath();
    ctx.arc(size / 2, size / 2, 2, 0, Math.PI * 2);
    ctx.fill();
  }
  return ctx.createPattern(tile, 'repeat');
}

/** Writes each bar's value (formatted by its dataset's `format`) at the bar's end. */
const valueLabels = {
  id: 'leadloopValueLabels',
  afterDatasetsDraw(chart) {
    const { ctx } = chart;
    const horizontal = chart.options.indexAxis === 'y';
    const stacked = Boolean(chart.options.scales?.x?.stacked);
    ctx.save();
    ctx.font = '600 11px system-ui, sans-serif';
    ctx.fillStyle = '#1b1f24';
    chart.data.datasets.forEach((dataset, i) => {
      const meta = chart.getDatasetMeta(i);
      if (meta.hidden) return;
      meta.data.forEach((bar, j) => {
        const value = dataset.data[j];
        if (value === null || value === undefined || (stacked && value === 0)) return;
        const text = (dataset.format ?? String)(value);
        if (stacked) {
          ctx.textAlign = 'center';
          ctx.textBaseline = 'middle';
          const x = horizontal ? (bar.x + bar.base) / 2 : bar.x;
          const y = horizontal ? bar.y : (bar.y + bar.base) / 2;
          ctx.fillStyle = '#ffffff';
          ctx.fillRect(
            x - ctx.measureText(text).width / 2 - 3,
            y - 8,
            ctx.measureText(text).width + 6,
            16,
          );
          ctx.fillStyle = '#1b1f24';
          ctx.fillText(text, x, y);
        } else if (horizontal) {
          ctx.textAlign = 'left';
          ctx.textBaseline = 'middle';
          ctx.fillText(text, bar.x + 4, bar.y);
        } else {
          ctx.textAlign = 'center';
          ctx.textBaseline = 'bottom';
          ctx.fillText(text, bar.x, bar.y - 3);
        }
      });
    });
    ctx.restore();
  },
};

/**
 * A bar chart on `canvas`, replacing the one drawn there before. `series` is
 * `[{label, data, format?}]`; no animation, so the chart is complete when this returns.
 */
export function barChart(
  canvas,
  { labels, series, horizontal = false, stacked = false, valueTitle },
) {
  Chart.getChart(canvas)?.destroy();
  const valueAxis = {
    beginAtZero: true,
    stacked,
    grace: '12%',
    title: { display: Boolean(valueTitle), text: valueTitle ?? '' },
  };
  const categoryAxis = { stacked, grid: { display: false } };
  return new Chart(canvas, {
    type: 'bar',
    data: {
      labels,
      datasets: series.map((s, i) => ({
        label: s.label,
        data: s.data,
        format: s.format,
        backgroundColor: seriesFill(i),
        borderColor: '#1b1f24',
        borderWidth: 1,
      })),
    },
    options: {
      indexAxis: horizontal ? 'y' : 'x',
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      layout: { padding: { right: horizontal ? 48 : 8 } },
      plugins: { legend: { position: 'bottom', labels: { boxWidth: 28, boxHeight: 14 } } },
      scales: horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
    },
    plugins: [valueLabels],
  });
}
