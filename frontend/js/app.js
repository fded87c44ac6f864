// The census area map: the district's own layers drawn from the service's GeoJSON API over a
// plain background (the intranet has no internet tiles, and commercial base maps in GCJ-02 would
// be offset anyway), a street list, a layer switcher, and a panel describing what was clicked.
//
// Land use, water and roads, thousands of features nobody clicks, are the service's PNG tiles
// (/tiles/{layer}/{z}/{x}/{y}.png, painted from the same tables in the same colours as the legend),
// reloaded live when an edit changes them. Streets, areas and buildings are GeoJSON drawn as SVG:
// every one is a real element that can be clicked, styled when selected and found by tests.
// Leaflet has no renderer for the vector tiles (/tiles/{layer}/{z}/{x}/{y}.mvt), and the plugin
// that adds one is not a webjar; those stay for GIS clients (QGIS, MapLibre) that read MVT natively.
// Buildings, the only large GeoJSON layer, are fetched by the visible bbox from zoom 15 up.

import { Unauthorized, forgetToken, getJson, getLayer, storeToken, storedToken } from './api.js';
import {
  LANDUSE_CLASSES, areaStyle, buildingStyle, legendHtml, streetColour, streetStyle,
} from './style.js';
import { followTileChanges, serviceTiles } from './tiles.js';

const BUILDING_MIN_ZOOM = 15;
const AREA_LABEL_MIN_ZOOM = 13;
/** Street and area layers are fetched once for the whole district, up to this many features. */
const DISTRICT_LIMIT = 20000;

const $ = (id) => document.getElementById(id);
const number = (n) => Number(n).toLocaleString('zh-CN');
const escapeHtml = (text) => String(text ?? '').replace(/[&<>"']/g,
  (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

const state = {
  map: null,
  layers: null,
  streetIndex: new Map(), // code → { summary, colour, layer }
  areaLayers: new Map(), // code → Leaflet layer
  areaSummaries: new Map(), // street code → Promise of the street's area summaries
  selection: [], // functions restoring the styles of what is highlighted now
  buildingRequest: null,
  buildingBounds: null,
  legend: null,
  opened: false,
};

// ---------------------------------------------------------------- login

function showLogin(message) {
  $('login').hidden = false;
  $('account').hidden = true;
  const error = $('login-error');
  error.hidden = !message;
  error.textContent = message || '';
  $('token-input').value = '';
  $('token-input').focus();
}

async function logIn(token) {
  try {
    const me = await getJson('/api/v1/me', { token });
    storeToken(token);
    $('current-user').textContent = `${me.displayName}（${me.login}）`;
    $('account').hidden = false;
    $('login').hidden = true;
    await openMap();
  } catch (error) {
    if (error instanceof Unauthorized) {
      forgetToken();
      showLogin('令牌无效或已过期，请重新输入。');
    } else {
      showLogin(`无法连接服务：${error.message}`);
    }
  }
}

/** Every API failure ends here: a 401 sends the user back to the token field. */
function failed(error) {
  if (error.name === 'AbortError') {
    return;
  }
  if (error instanceof Unauthorized) {
    forgetToken();
    showLogin('登录已失效，请重新输入令牌。');
    return;
  }
  setStatus(`加载失败：${error.message}`, 'error');
}

// ---------------------------------------------------------------- map

function createMap() {
  // half zoom steps let the district fill the view; the zoom buttons still step whole levels
  const map = L.map('map', { zoomControl: false, minZoom: 5, maxZoom: 19, zoomSnap: 0.5 });
  L.control.zoom({ position: 'topleft', zoomInTitle: '放大', zoomOutTitle: '缩小' }).addTo(map);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution('区划与底图：本区自然资源交付数据（CGCS2000）');
  L.control.scale({ imperial: false, maxWidth: 160, position: 'bottomleft' }).addTo(map);
  addCoordinateReadout(map);

  // Panes keep the drawing order whatever order the data arrives in: land cover at the bottom,
  // census boundaries above it, buildings on top, names above everything.
  [['landuse', 210], ['water', 220], ['road', 230], ['streets', 400], ['areas', 410], ['buildings', 420],
    ['labels', 450]].forEach(([name, z]) => { map.createPane(name).style.zIndex = z; });
  map.getPane('labels').style.pointerEvents = 'none';

  const layers = {
    landuse: serviceTiles('landuse', { pane: 'landuse' }),
    water: serviceTiles('water', { pane: 'water' }),
    road: serviceTiles('roads', { pane: 'road' }),
    street: L.layerGroup(),
    area: L.layerGroup(),
    building: L.geoJSON(null, {
      pane: 'buildings',
      style: (f) => buildingStyle(f),
      onEachFeature: (feature, layer) => {
        layer.on('add', () => { layer.getElement().dataset.bid = feature.properties.bid; });
        layer.on('click', (e) => select(e.latlng, { building: { feature, layer } }));
      },
    }),
  };
  // the tile layers join once the district's outlines are in: a browser opens six connections to
  // a server, and some sixty tiles queued first would hold back the outlines a person needs first
  [layers.street, layers.area, layers.building].forEach((layer) => layer.addTo(map));
  L.control.layers(null, {
    街道: layers.street,
    普查区: layers.area,
    道路: layers.road,
    水系: layers.water,
    土地利用: layers.landuse,
    建筑物: layers.building,
  }, { collapsed: false, position: 'topright' }).addTo(map);

  map.on('moveend', refreshBuildings);
  map.on('overlayadd', (e) => { if (e.layer === layers.building) refreshBuildings(); });
  map.on('zoomend', () => {
    map.getContainer().classList.toggle('hide-area-labels', map.getZoom() < AREA_LABEL_MIN_ZOOM);
    declutterLabels();
  });
  map.on('overlayadd overlayremove', declutterLabels);
  state.map = map;
  state.layers = layers;
}

function addCoordinateReadout(map) {
  const readout = L.control({ position: 'bottomleft' });
  readout.onAdd = () => {
    const div = L.DomUtil.create('div', 'coordinate-readout');
    div.textContent = '经度 —  纬度 —';
    map.on('mousemove', (e) => {
      div.textContent = `经度 ${e.latlng.lng.toFixed(5)}°  纬度 ${e.latlng.lat.toFixed(5)}°`;
    });
    return div;
  };
  readout.addTo(map);
}

function boundsOf(bbox) {
  return L.latLngBounds([bbox[1], bbox[0]], [bbox[3], bbox[2]]);
}

function labelMarker(feature, className, html) {
  const [lon, lat] = feature.properties.label_point;
  return L.marker([lat, lon], {
    pane: 'labels',
    interactive: false,
    keyboard: false,
    icon: L.divIcon({ className, html, iconSize: null }),
  });
}

async function openMap() {
  if (state.opened) {
    return;
  }
  if (!state.map) {
    createMap();
  }
  setStatus('正在加载区划数据…');
  $('district-meta').textContent = '正在加载…';
  let district;
  try {
    district = await getJson('/api/v1/district');
  } catch (error) {
    if (error.status === 404) {
      $('district-name').textContent = '尚未导入区划数据';
      $('district-meta').textContent = '请先导入自然资源部门交付的区划数据（GeoPackage）。';
      state.map.setView([35.4, 116.6], 6);
      setStatus('');
      state.opened = true;
      return;
    }
    failed(error);
    return;
  }
  try {
    const streetSummaries = await getJson('/api/v1/streets');
    showDistrict(district, streetSummaries);
    // keep the district clear of the legend in the lower right corner
    state.map.fitBounds(boundsOf(district.bbox), { paddingTopLeft: [24, 24], paddingBottomRight: [270, 24] });
    // everything listed is drawn: the box holds every loaded street, not only the district's
    const whole = streetSummaries.reduce((box, street) => box.extend(boundsOf(street.bbox)),
      boundsOf(district.bbox)).pad(0.05);
    const [streets, areas] = await Promise.all(
      ['street', 'area'].map((l) => getLayer(l, whole, { limit: DISTRICT_LIMIT })));
    drawStreets(streets);
    drawAreas(areas);
    addLegend(Object.keys(LANDUSE_CLASSES));
    [state.layers.landuse, state.layers.water, state.layers.road].forEach((layer) => layer.addTo(state.map));
    followTileChanges([state.layers.landuse, state.layers.water, state.layers.road], (change) => {
      if (change.everywhere || change.sets.includes('buildings.mvt')) {
        state.buildingBounds = null; // the buildings in view are fetched again
        refreshBuildings();
      }
    });
    const truncated = [['街道', streets], ['普查区', areas]]
      .filter(([, fc]) => fc.truncated).map(([name]) => name);
    setStatus(truncated.length ? `${truncated.join('、')}要素超过 ${number(DISTRICT_LIMIT)} 个，仅显示一部分` : '');
    state.map.getContainer().classList.toggle('hide-area-labels', state.map.getZoom() < AREA_LABEL_MIN_ZOOM);
    declutterLabels();
    state.opened = true;
    refreshBuildings();
    document.body.dataset.mapReady = 'true';
  } catch (error) {
    failed(error);
  }
}

function showDistrict(district, streets) {
  const own = streets.filter((s) => s.code.startsWith(district.code));
  const buildings = own.reduce((sum, s) => sum + s.buildingCount, 0);
  const households = own.reduce((sum, s) => sum + s.households, 0);
  $('district-name').textContent = district.name;
  $('district-meta').innerHTML = `
    <span class="code">${escapeHtml(district.code)}</span>
    <span class="stats">${number(district.streets)} 个街道 · ${number(district.areas)} 个普查区 ·
      ${number(buildings)} 栋建筑物 · ${number(households)} 户</span>`;
  const list = $('street-list');
  list.replaceChildren();
  streets.forEach((street, i) => {
    const colour = streetColour(i);
    state.streetIndex.set(street.code, { summary: street, colour, layer: null });
    const item = document.createElement('li');
    item.className = 'street-item';
    item.dataset.code = street.code;
    item.tabIndex = 0;
    item.innerHTML = `
      <span class="swatch" style="background:${colour}"></span>
      <span class="street-name">${escapeHtml(street.name)}</span>
      <span class="street-code">${escapeHtml(street.code)}</span>
      <span class="street-stats">${number(street.areaCount)} 个普查区 · ${number(street.buildingCount)} 栋 ·
        ${number(street.households)} 户</span>`;
    const go = () => {
      state.map.fitBounds(boundsOf(street.bbox), { padding: [30, 30] });
      select(null, { streetCode: street.code });
    };
    item.addEventListener('click', go);
    item.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); go(); } });
    list.append(item);
  });
}

function drawStreets(collection) {
  const group = state.layers.street;
  group.clearLayers();
  collection.features.forEach((feature) => {
    const code = feature.properties.code;
    const entry = state.streetIndex.get(code) || { colour: streetColour(state.streetIndex.size), summary: null };
    const layer = L.geoJSON(feature, { pane: 'streets', style: () => streetStyle(entry.colour) }).getLayers()[0];
    layer.feature = feature;
    layer.on('add', () => { layer.getElement().dataset.code = code; });
    layer.on('click', (e) => select(e.latlng, { streetCode: code }));
    entry.layer = layer;
    state.streetIndex.set(code, entry);
    group.addLayer(layer);
    group.addLayer(labelMarker(feature, 'street-label',
      `<span style="color:${entry.colour}">${escapeHtml(feature.properties.name)}</span>`));
  });
}

function drawAreas(collection) {
  const group = state.layers.area;
  group.clearLayers();
  state.areaLayers.clear();
  collection.features.forEach((feature) => {
    const code = feature.properties.code;
    const layer = L.geoJSON(feature, { pane: 'areas', style: () => areaStyle() }).getLayers()[0];
    layer.feature = feature;
    layer.on('add', () => { layer.getElement().dataset.code = code; });
    state.areaLayers.set(code, layer);
    group.addLayer(layer);
    group.addLayer(labelMarker(feature, 'area-label', `<span>${escapeHtml(feature.properties.name)}</span>`));
  });
}

/**
 * Hides names that would overlap a name already placed: street names first, then area names in
 * code order. Only zooming changes how far apart the names are, so this runs after each zoom.
 */
function declutterLabels() {
  const pane = state.map.getPane('labels');
  const spans = [...pane.querySelectorAll('.street-label span'), ...pane.querySelectorAll('.area-label span')];
  spans.forEach((span) => span.classList.remove('label-hidden'));
  const boxes = spans.map((span) => span.getBoundingClientRect());
  const placed = [];
  spans.forEach((span, i) => {
    const box = boxes[i];
    if (box.width === 0) {
      return; // not displayed at this zoom
    }
    const overlaps = placed.some((p) => box.left < p.right + 4 && box.right + 4 > p.left
      && box.top < p.bottom + 2 && box.bottom + 2 > p.top);
    if (overlaps) {
      span.classList.add('label-hidden');
    } else {
      placed.push(box);
    }
  });
}

function addLegend(landuseCodes) {
  state.legend?.remove();
  const legend = L.control({ position: 'bottomright' });
  legend.onAdd = () => {
    const div = L.DomUtil.create('div', 'legend');
    div.innerHTML = `<button type="button" class="legend-toggle" aria-expanded="true">图例</button>
      <div class="legend-body">${legendHtml(landuseCodes)}</div>`;
    const toggle = div.querySelector('.legend-toggle');
    toggle.addEventListener('click', () => {
      const open = div.classList.toggle('collapsed') === false;
      toggle.setAttribute('aria-expanded', String(open));
    });
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    return div;
  };
  legend.addTo(state.map);
  state.legend = legend;
}

async function refreshBuildings() {
  const { map, layers } = state;
  if (!state.opened || !map.hasLayer(layers.building)) {
    return;
  }
  if (map.getZoom() < BUILDING_MIN_ZOOM) {
    state.buildingRequest?.abort();
    layers.building.clearLayers();
    state.buildingBounds = null;
    setStatus(`放大到 ${BUILDING_MIN_ZOOM} 级及以上显示建筑物`, 'hint');
    return;
  }
  const view = map.getBounds();
  if (state.buildingBounds && state.buildingBounds.contains(view)) {
    return;
  }
  state.buildingRequest?.abort();
  const request = new AbortController();
  state.buildingRequest = request;
  const wanted = view.pad(0.25);
  try {
    setStatus('正在加载建筑物…');
    const buildings = await getLayer('building', wanted, { signal: request.signal });
    layers.building.clearLayers();
    layers.building.addData(buildings);
    // a truncated answer covers only part of the box: ask again after the next move
    state.buildingBounds = buildings.truncated ? null : wanted;
    setStatus(buildings.truncated
      ? `本视野建筑物超过 ${number(buildings.numberReturned)} 栋，仅显示一部分，请继续放大` : '');
  } catch (error) {
    failed(error);
  }
}

function setStatus(message, kind = 'info') {
  const status = $('map-status');
  status.hidden = !message;
  status.textContent = message;
  status.dataset.kind = kind;
}

// ---------------------------------------------------------------- selection

/** Ray casting in lon/lat: true when the point lies inside a GeoJSON (Multi)Polygon. */
function contains(geometry, lon, lat) {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polygons.some((rings) => rings.reduce((inside, ring, i) => {
    let crossings = false;
    for (let a = 0, b = ring.length - 1; a < ring.length; b = a++) {
      const [xa, ya] = ring[a];
      const [xb, yb] = ring[b];
      if ((ya > lat) !== (yb > lat) && lon < ((xb - xa) * (lat - ya)) / (yb - ya) + xa) {
        crossings = !crossings;
      }
    }
    // the outer ring must contain the point and no hole may
    return i === 0 ? crossings : inside && !crossings;
  }, false));
}

function areaAt(latlng) {
  for (const [code, layer] of state.areaLayers) {
    if (contains(layer.feature.geometry, latlng.lng, latlng.lat)) {
      return code;
    }
  }
  return null;
}

function streetAt(latlng) {
  for (const [code, entry] of state.streetIndex) {
    if (entry.layer && contains(entry.layer.feature.geometry, latlng.lng, latlng.lat)) {
      return code;
    }
  }
  return null;
}

function areasOf(streetCode) {
  if (!state.areaSummaries.has(streetCode)) {
    state.areaSummaries.set(streetCode, getJson(`/api/v1/areas?street=${encodeURIComponent(streetCode)}`)
      .catch((error) => { state.areaSummaries.delete(streetCode); throw error; }));
  }
  return state.areaSummaries.get(streetCode);
}

function highlight(layer, selectedStyle, normalStyle) {
  if (!layer) {
    return;
  }
  layer.setStyle(selectedStyle);
  if (layer.bringToFront && state.map.hasLayer(layer)) {
    layer.bringToFront();
  }
  state.selection.push(() => layer.setStyle(normalStyle));
}

/**
 * Describes what lies at a point, from the building up to the street: a click on a building
 * also names its area and street, a click inside a street names the area there too.
 */
async function select(latlng, { streetCode, building }) {
  state.selection.splice(0).forEach((undo) => undo());
  const buildingProps = building?.feature.properties;
  const areaCode = buildingProps?.area_code || (latlng ? areaAt(latlng) : null);
  const street = streetCode || buildingProps?.street_code || (areaCode ? areaCode.slice(0, 9) : streetAt(latlng));
  const entry = state.streetIndex.get(street);

  if (entry?.layer) {
    highlight(entry.layer, streetStyle(entry.colour, true), streetStyle(entry.colour));
    document.querySelectorAll('.street-item').forEach((li) => {
      li.classList.toggle('selected', li.dataset.code === street);
    });
  }
  if (areaCode) {
    highlight(state.areaLayers.get(areaCode), areaStyle(true), areaStyle());
  }
  if (building) {
    highlight(building.layer, buildingStyle(building.feature, true), buildingStyle(building.feature));
  }

  const sections = [];
  if (buildingProps) {
    sections.push(section('建筑物', 'building', buildingProps.bid, [
      ['编号', buildingProps.bid],
      ['用途', buildingProps.use],
      ['层数', buildingProps.floors == null ? '—' : `${buildingProps.floors} 层`],
      ['户数', `${number(buildingProps.households)} 户`],
      ['地址', buildingProps.address || '—'],
    ]));
  }
  const areaSlot = areaCode ? `<div class="info-section pending" data-kind="area" data-code="${escapeHtml(areaCode)}">
      <h3>普查区</h3><p class="placeholder">正在查询 ${escapeHtml(areaCode)}…</p></div>` : '';
  sections.push(areaSlot);
  if (entry?.summary) {
    const s = entry.summary;
    sections.push(section('街道', 'street', s.code, [
      ['名称', s.name],
      ['代码', s.code],
      ['普查区', `${number(s.areaCount)} 个`],
      ['建筑物', `${number(s.buildingCount)} 栋`],
      ['户数', `${number(s.households)} 户`],
    ], entry.colour));
  }
  const info = $('feature-info');
  info.innerHTML = sections.join('') || '<p class="placeholder">此处没有普查区划要素。</p>';

  if (areaCode && street) {
    try {
      const area = (await areasOf(street)).find((a) => a.code === areaCode);
      const slot = info.querySelector(`.info-section[data-kind="area"][data-code="${areaCode}"]`);
      if (slot && area) {
        slot.outerHTML = section('普查区', 'area', area.code, [
          ['名称', area.name],
          ['代码', area.code],
          ['类型', area.kind === '村' ? '村（村民委员会）' : '社区（居民委员会）'],
          ['建筑物', `${number(area.buildingCount)} 栋`],
          ['户数', `${number(area.households)} 户`],
        ]);
      }
    } catch (error) {
      failed(error);
    }
  }
}

function section(title, kind, code, rows, colour) {
  const marker = colour ? `<span class="swatch" style="background:${colour}"></span>` : '';
  return `<div class="info-section" data-kind="${kind}" data-code="${escapeHtml(code)}">
      <h3>${marker}${title}</h3>
      <dl>${rows.map(([k, v]) => `<dt>${k}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>
    </div>`;
}

// ---------------------------------------------------------------- start

$('login-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const token = $('token-input').value.trim();
  if (token) {
    logIn(token);
  }
});
// Logging out starts the page afresh, so that nothing of the district stays on screen.
$('logout-button').addEventListener('click', () => {
  forgetToken();
  window.location.reload();
});

const token = storedToken();
if (token) {
  logIn(token);
} else {
  showLogin();
}
