// Cartography of the census map: colours and line styles per layer, and the legend built from
// them, so that map and legend can never disagree.

/** Street offices get distinct colours in code order; more than eight streets reuse them. */
const STREET_COLOURS = ['#1f5fa8', '#c0561f', '#2e8540', '#7a3fa0', '#b0306a', '#1d7f86', '#8a6d1f', '#4a5a6a'];

export function streetColour(index) {
  return STREET_COLOURS[index % STREET_COLOURS.length];
}

export function streetStyle(colour, selected = false) {
  return {
    className: 'street',
    color: colour,
    weight: selected ? 5 : 2.5,
    opacity: 0.95,
    fillColor: colour,
    // a faint fill makes the inside clickable and tints each street in its colour
    fillOpacity: selected ? 0.16 : 0.06,
  };
}

export function areaStyle(selected = false) {
  return {
    className: 'area',
    color: selected ? '#102a43' : '#52606d',
    weight: selected ? 3 : 1.2,
    opacity: 0.9,
    dashArray: selected ? null : '5 4',
    fill: false,
    // clicks pass through to the street below; the area is found from the click position
    interactive: false,
  };
}

/** Road classes of the delivery schema, drawn from the most to the least important. */
export const ROAD_CLASSES = {
  主干路: { color: '#d97b29', weight: 4.5 },
  次干路: { color: '#e9a94b', weight: 3.2 },
  支路: { color: '#8d99a6', weight: 1.6 },
  乡村道路: { color: '#a68b5b', weight: 1.4, dashArray: '4 3' },
  铁路: { color: '#3e4750', weight: 2.2, dashArray: '8 5' },
};

export const WATER_STYLE = { color: '#5b9bd5', weight: 0.8, fillColor: '#a9cdeb', fillOpacity: 0.9, interactive: false };

/**
 * Land use by the first-level class of the third national land survey (三调), i.e. the first two
 * digits of dlbm; the colours follow the survey's own map conventions in muted tones, so that the
 * census boundaries drawn on top stay the strongest lines.
 */
export const LANDUSE_CLASSES = {
  '00': { name: '湿地', color: '#cde8e2' },
  '01': { name: '耕地', color: '#f4efc8' },
  '02': { name: '园地', color: '#e6efc4' },
  '03': { name: '林地', color: '#cfe5c3' },
  '04': { name: '草地', color: '#e0efcf' },
  '05': { name: '商业服务业用地', color: '#f5d5d0' },
  '06': { name: '工矿用地', color: '#e4d8ea' },
  '07': { name: '住宅用地', color: '#f6e2c9' },
  '08': { name: '公共管理与公共服务用地', color: '#f3dbe4' },
  '09': { name: '特殊用地', color: '#e4ded2' },
  10: { name: '交通运输用地', color: '#e3e3e3' },
  11: { name: '水域及水利设施用地', color: '#d3e6f5' },
  12: { name: '其他土地', color: '#ecebe6' },
};

/** Building uses of the delivery schema. */
export const BUILDING_USES = {
  住宅: '#e3b27f',
  商业: '#e58c8a',
  工业: '#a99cc9',
  公共: '#86b8dc',
  其他: '#c4c4c4',
};

export function buildingStyle(feature, selected = false) {
  return {
    className: 'building',
    color: selected ? '#102a43' : '#6b4f35',
    weight: selected ? 2.5 : 0.7,
    fillColor: BUILDING_USES[feature.properties.use] || BUILDING_USES['其他'],
    fillOpacity: 0.95,
  };
}

/**
 * The legend's HTML, land-use classes limited to the given codes. The raster tiles
 * (render/DrawnLayer.java) paint with these same colours.
 */
export function legendHtml(landuseCodes) {
  const swatch = (fill, stroke = 'none', width = 1) =>
    `<svg width="22" height="12" aria-hidden="true"><rect x="1" y="1" width="20" height="10" fill="${fill}" stroke="${stroke}" stroke-width="${width}"/></svg>`;
  const line = ({ color, weight, dashArray }) =>
    `<svg width="22" height="12" aria-hidden="true"><line x1="1" y1="6" x2="21" y2="6" stroke="${color}" stroke-width="${weight}" ${dashArray ? `stroke-dasharray="${dashArray}"` : ''}/></svg>`;
  const row = (symbol, label) => `<li>${symbol}<span>${label}</span></li>`;
  const group = (title, rows, className = '') => `<h4>${title}</h4><ul class="${className}">${rows.join('')}</ul>`;
  const landuse = [...new Set(landuseCodes.map((c) => String(c).slice(0, 2)))].sort()
    .map((c) => LANDUSE_CLASSES[c]).filter(Boolean)
    .map((c) => row(swatch(c.color), c.name));
  return [
    group('区划', [row(swatch('rgba(31,95,168,0.08)', '#1f5fa8', 2.5), '街道界'),
      row(line({ color: '#52606d', weight: 1.2, dashArray: '5 4' }), '普查区界')]),
    group('道路', Object.entries(ROAD_CLASSES).map(([name, s]) => row(line(s), name))),
    group('水系与建筑物', [row(swatch(WATER_STYLE.fillColor, WATER_STYLE.color), '水系')]
      .concat(Object.entries(BUILDING_USES).map(([use, c]) => row(swatch(c, '#6b4f35', 0.7), `${use}建筑`)))),
    landuse.length ? group('土地利用', landuse, 'two-columns') : '',
  ].join('');
}
