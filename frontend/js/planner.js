// The planner page: pick a street and a census area, run the automatic delineation and preview
// it coloured by households, accept it, then split, merge, move and redraw subareas with the mouse,
// renumber, undo, name versions and read who changed what. Every edit goes to the service, which
// checks it before it commits and answers the area's new state; the page only draws that state.

import { Unauthorized, getJson, storeToken, storedToken } from './api.js';
import { addGroundTiles } from './tiles.js';

const $ = (id) => document.getElementById(id);
const escapeHtml = (text) => String(text ?? '').replace(/[&<>"']/g,
  (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

const TOOL_HINTS = {
  split: '先在列表或地图上选中小区，再在地图上逐点画线（从边界外到边界外），点“完成绘制”',
  merge: '先选中保留的小区，再点击要并入的相邻小区',
  move: '先选中小区，点击其中要移出的街区，再点击接收的相邻小区',
  redraw: '先选中小区，在地图上逐点画出新的范围，点“完成绘制”',
};

const state = {
  map: null,
  areaCode: null,
  areaVersion: null,
  subareas: new Map(), // code → { feature, layer }
  layer: null,
  outline: null,
  selected: null,
  preview: false,
  tool: null,
  sketch: [], // lon/lat points being drawn
  sketchLayer: null,
  movePoint: null,
};

// ---------------------------------------------------------------- service

async function send(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: { Authorization: `Bearer ${storedToken()}`, 'Content-Type': 'application/json', Accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401) {
    throw new Unauthorized();
  }
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(answer.message || `${response.status} ${response.statusText}`);
    error.status = response.status;
    throw error;
  }
  return answer;
}

function say(text, kind = '') {
  const message = $('edit-message');
  message.textContent = text;
  message.className = `message ${kind}`;
}

function fail(error) {
  if (error instanceof Unauthorized) {
    showLogin(error.message);
    return;
  }
  const prefix = error.status === 409 ? '已被他人修改，请刷新后重试：' : error.status === 422 ? '不符合规则：' : '';
  say(prefix + error.message, 'error');
}

// ---------------------------------------------------------------- login

function showLogin(message) {
  $('login').hidden = false;
  const error = $('login-error');
  error.hidden = !message;
  error.textContent = message || '';
}

async function logIn(token) {
  const me = await getJson('/api/v1/me', { token });
  storeToken(token);
  $('current-user').textContent = `${me.displayName}（${me.login}）`;
  $('account').hidden = false;
  $('login').hidden = true;
  state.ground = state.ground || addGroundTiles(state.map);
  await loadStreets();
}

// ---------------------------------------------------------------- choosing an area

async function loadStreets() {
  const streets = await getJson('/api/v1/streets');
  const select = $('street-select');
  select.innerHTML = '<option value="">— 选择街道 —</option>'
    + streets.map((s) => `<option value="${s.code}">${escapeHtml(s.name)}（${s.code}）</option>`).join('');
}

async function loadAreas(street) {
  const select = $('area-select');
  select.innerHTML = '';
  if (!street) {
    return;
  }
  const areas = await getJson(`/api/v1/areas?street=${street}`);
  state.areas = new Map(areas.map((a) => [a.code, a]));
  select.innerHTML = '<option value="">— 选择普查区 —</option>'
    + areas.map((a) => `<option value="${a.code}">${escapeHtml(a.name)}（${a.code}）</option>`).join('');
}

async function openArea(code) {
  state.areaCode = code || null;
  state.selected = null;
  $('accept-button').disabled = true;
  if (!code) {
    return;
  }
  // bbox as the service writes it: [west, south, east, north] in degrees
  const [west, south, east, north] = state.areas.get(code).bbox;
  state.map.fitBounds([[south, west], [north, east]], { padding: [20, 20] });
  await drawOutline(code, [west, south, east, north]);
  await reload();
}

async function drawOutline(code, box) {
  if (state.outline) {
    state.outline.remove();
  }
  const bbox = box.map((v) => v.toFixed(7)).join(',');
  const areas = await getJson(`/api/v1/layers/area?bbox=${bbox}`);
  const own = areas.features.filter((f) => f.properties.code === code);
  state.outline = L.geoJSON(own, { interactive: false, style: { color: '#b8282e', weight: 3, fill: false, dashArray: '6 4' } })
    .addTo(state.map);
}

async function reload() {
  const fc = await getJson(`/api/v1/subareas?area=${state.areaCode}`);
  state.areaVersion = fc.area_version ?? null;
  state.preview = false;
  draw(fc);
  await Promise.all([loadVersions(), loadHistory()]);
}

// ---------------------------------------------------------------- drawing subareas

function colour(p) {
  if (p.vertical_of) {
    return 'transparent';
  }
  if (p.households < 80) {
    return '#6baed6';
  }
  return p.households > 100 ? '#fd8d3c' : '#74c476';
}

function draw(fc) {
  if (state.layer) {
    state.layer.remove();
  }
  state.subareas.clear();
  state.layer = L.geoJSON(fc.features.filter((f) => f.geometry), {
    style: (f) => ({
      color: f.properties.vertical_of ? '#555' : '#1f2933',
      weight: f.properties.vertical_of ? 1 : 1.5,
      dashArray: state.preview || f.properties.vertical_of ? '4 3' : null,
      fillColor: colour(f.properties),
      fillOpacity: f.properties.vertical_of ? 0 : 0.55,
    }),
    onEachFeature: (f, layer) => {
      state.subareas.set(f.properties.code, { feature: f, layer });
      if (!f.properties.vertical_of) {
        layer.bindTooltip(`${f.properties.code.slice(12)}<br>${f.properties.households}户`,
          { permanent: true, direction: 'center', className: 'subarea-label' });
      }
      layer.on('click', (e) => onSubareaClick(f.properties.code, e));
      if (layer.getElement) {
        layer.once('add', () => layer.getElement()?.setAttribute('data-code', f.properties.code));
      }
    },
  }).addTo(state.map);
  for (const [code, { layer }] of state.subareas) {
    layer.getElement()?.setAttribute('data-code', code);
  }
  // virtual subareas have no map: they are listed only
  fc.features.filter((f) => !f.geometry).forEach((f) => state.subareas.set(f.properties.code, { feature: f, layer: null }));
  list(fc.features);
  // the selected subarea may have changed or gone with an edit
  if (state.selected && state.subareas.has(state.selected)) {
    select(state.selected);
  } else {
    state.selected = null;
    $('subarea-info').innerHTML = '<p class="placeholder">点击地图上的普查小区查看户数、来源和四至。</p>';
  }
}

function list(features) {
  const numbered = features.filter((f) => !f.properties.virtual);
  const inside = numbered.filter((f) => f.properties.households >= 80 && f.properties.households <= 100).length;
  const households = features.reduce((sum, f) => sum + f.properties.households, 0);
  $('area-summary').textContent = features.length === 0 ? '尚未划分普查小区。'
    : `${state.preview ? '预览：' : ''}${numbered.length} 个普查小区（${inside} 个在 80–100 户之间），共 ${households} 户`;
  $('subarea-list').innerHTML = features.map((f) => {
    const p = f.properties;
    const outside = !p.virtual && (p.households < 80 || p.households > 100);
    const kind = p.virtual ? '虚拟' : p.vertical_of ? '竖向' : '';
    return `<li data-code="${p.code}" class="${outside ? 'outside' : ''} ${p.code === state.selected ? 'selected' : ''}">`
      + `${p.code.slice(12)} ${kind} ${p.households}户${p.exception ? ' ⚠' : ''}</li>`;
  }).join('');
}

async function select(code) {
  state.selected = code;
  for (const [c, { layer }] of state.subareas) {
    if (layer && !state.subareas.get(c).feature.properties.vertical_of) {
      layer.setStyle({ weight: c === code ? 4 : 1.5, color: c === code ? '#163a63' : '#1f2933' });
    }
  }
  document.querySelectorAll('#subarea-list li').forEach((li) => li.classList.toggle('selected', li.dataset.code === code));
  const p = state.subareas.get(code).feature.properties;
  const sources = Object.entries(p.sources || {}).map(([s, n]) => `${s === 'estimate' ? '估算' : escapeHtml(s)} ${n}户`).join('，');
  $('subarea-info').innerHTML = `
    <h3 id="selected-code">${p.code}</h3>
    <p>户数：<b id="selected-households">${p.households}</b>${sources ? `（${sources}）` : ''}</p>
    ${p.vertical_of ? `<p>竖向划分，所属：${p.vertical_of}</p>` : ''}
    ${p.virtual ? '<p>虚拟普查小区（拆迁区），无地图</p>' : ''}
    <p>四至：${escapeHtml(p.sizhi || '—')}</p>
    ${p.exception ? `<p class="message error">说明：${escapeHtml(p.exception)}</p>` : ''}
    <p class="hint">版本 ${p.version}</p>`;
}

// ---------------------------------------------------------------- automatic delineation

async function delineate(accept) {
  say(accept ? '正在保存……' : '正在自动划分……');
  try {
    const answer = await send('POST', '/api/v1/delineations',
      { scope: state.areaCode, accept, replace: $('replace-check').checked });
    const area = answer.areas[0];
    state.preview = !accept;
    draw(area.features);
    if (accept) {
      await reload();
    }
    $('accept-button').disabled = accept;
    say(`${area.message}：${area.subareas} 个小区，${area.inBand} 个在户数范围内，用时 ${answer.seconds} 秒`, 'ok');
  } catch (error) {
    fail(error);
  }
}

// ---------------------------------------------------------------- edits

function setTool(tool) {
  state.tool = state.tool === tool ? null : tool;
  state.sketch = [];
  state.movePoint = null;
  if (state.sketchLayer) {
    state.sketchLayer.remove();
    state.sketchLayer = null;
  }
  document.querySelectorAll('.tools [data-tool]').forEach((b) => b.classList.toggle('active', b.dataset.tool === state.tool));
  $('tool-hint').textContent = state.tool ? TOOL_HINTS[state.tool] : '选择工具后在地图上操作';
  $('finish-button').hidden = !(state.tool === 'split' || state.tool === 'redraw');
  state.map.getContainer().classList.toggle('drawing', Boolean(state.tool));
}

function versions(...codes) {
  const v = {};
  codes.forEach((c) => { v[c] = state.subareas.get(c).feature.properties.version; });
  return v;
}

async function edit(path, body) {
  try {
    const answer = await send('POST', path, { ...body, reason: $('reason-input').value || null });
    state.preview = false;
    state.areaVersion = answer.version;
    draw(answer.features);
    const warnings = answer.warnings?.length ? `；提醒：${answer.warnings.join('；')}` : '';
    say(`已保存${warnings}`, 'ok');
    await loadHistory();
  } catch (error) {
    fail(error);
  }
  setTool(null);
}

function onSubareaClick(code, event) {
  L.DomEvent.stopPropagation(event);
  const latlng = event.latlng;
  if (state.tool === 'split' || state.tool === 'redraw') {
    addSketchPoint(latlng);
  } else if (state.tool === 'merge' && state.selected && code !== state.selected) {
    edit(`/api/v1/subareas/${state.selected}/merge`, { with: code, versions: versions(state.selected, code) });
  } else if (state.tool === 'move' && state.selected) {
    if (!state.movePoint && code === state.selected) {
      state.movePoint = [latlng.lng, latlng.lat];
      say('已选街区，请点击接收的相邻小区');
    } else if (state.movePoint && code !== state.selected) {
      edit(`/api/v1/subareas/${state.selected}/move`, { to: code, point: state.movePoint, versions: versions(state.selected, code) });
    }
  } else {
    select(code);
  }
}

function addSketchPoint(latlng) {
  state.sketch.push([latlng.lng, latlng.lat]);
  if (state.sketchLayer) {
    state.sketchLayer.remove();
  }
  const points = state.sketch.map(([lng, lat]) => [lat, lng]);
  state.sketchLayer = (state.tool === 'redraw' ? L.polygon(points) : L.polyline(points))
    .setStyle({ color: '#b8282e', weight: 2, dashArray: '5 4' }).addTo(state.map);
}

function finishSketch() {
  if (!state.selected) {
    say('请先选中一个普查小区', 'error');
    return;
  }
  if (state.tool === 'split' && state.sketch.length >= 2) {
    edit(`/api/v1/subareas/${state.selected}/split`,
      { line: { type: 'LineString', coordinates: state.sketch }, versions: versions(state.selected) });
  } else if (state.tool === 'redraw' && state.sketch.length >= 3) {
    const ring = [...state.sketch, state.sketch[0]];
    edit(`/api/v1/subareas/${state.selected}/redraw`,
      { geometry: { type: 'Polygon', coordinates: [ring] }, versions: versions(state.selected) });
  } else {
    say('点数不够：分割线至少 2 点，范围至少 3 点', 'error');
  }
}

// ---------------------------------------------------------------- versions and history

async function loadVersions() {
  if (!state.areaCode) {
    return;
  }
  const saved = await getJson(`/api/v1/areas/${state.areaCode}/versions`);
  $('version-list').innerHTML = saved.map((v) => `<li data-version="${v.id}">${escapeHtml(v.name)} · ${v.subareas} 个小区 · `
    + `${escapeHtml(v.createdBy)} <button type="button" data-diff="${v.id}">与当前比较</button>`
    + ` <button type="button" data-restore="${v.id}">恢复</button></li>`).join('');
}

async function loadHistory() {
  if (!state.areaCode) {
    return;
  }
  const rows = await getJson(`/api/v1/areas/${state.areaCode}/edits?limit=20`);
  const names = { delineate: '自动划分', split: '分割', merge: '合并', 'move-block': '移动街区', 'move-building': '移动楼栋',
    redraw: '重画', renumber: '重新编号', undo: '撤销', 'restore-version': '恢复版本', 'name-version': '保存版本' };
  $('history-list').innerHTML = rows.map((r) => `<li>${r.at.slice(5, 16).replace('T', ' ')} ${escapeHtml(r.actor)} `
    + `${names[r.action] || escapeHtml(r.action)}${r.reason ? `：${escapeHtml(r.reason)}` : ''}</li>`).join('');
}

// ---------------------------------------------------------------- start

function start() {
  state.map = L.map('map', { zoomControl: true, preferCanvas: false, doubleClickZoom: false }).setView([35.42, 116.72], 13);
  // for the browser test and the console: where a lon/lat lies on screen
  window.plannerMap = state.map;
  state.map.on('click', (e) => {
    if (state.tool === 'split' || state.tool === 'redraw') {
      addSketchPoint(e.latlng);
    }
  });
  const finish = document.createElement('button');
  finish.type = 'button';
  finish.id = 'finish-button';
  finish.textContent = '完成绘制';
  finish.hidden = true;
  document.querySelector('.tools').append(finish);
  finish.addEventListener('click', finishSketch);

  $('login-form').addEventListener('submit', (e) => {
    e.preventDefault();
    logIn($('token-input').value.trim()).catch((error) => showLogin(error.message));
  });
  $('street-select').addEventListener('change', (e) => loadAreas(e.target.value).catch(fail));
  $('area-select').addEventListener('change', (e) => openArea(e.target.value).catch(fail));
  $('propose-button').addEventListener('click', () => delineate(false));
  $('accept-button').addEventListener('click', () => delineate(true));
  document.querySelectorAll('.tools [data-tool]').forEach((b) => b.addEventListener('click', () => setTool(b.dataset.tool)));
  $('renumber-button').addEventListener('click', () => edit(`/api/v1/areas/${state.areaCode}/renumber`, { version: state.areaVersion }));
  $('undo-button').addEventListener('click', () => edit(`/api/v1/areas/${state.areaCode}/undo`, {}));
  $('subarea-list').addEventListener('click', (e) => {
    const code = e.target.closest('li')?.dataset.code;
    if (code) {
      select(code);
    }
  });
  $('version-button').addEventListener('click', async () => {
    try {
      await send('POST', `/api/v1/areas/${state.areaCode}/versions`, { name: $('version-name').value });
      say('版本已保存', 'ok');
      await loadVersions();
    } catch (error) {
      fail(error);
    }
  });
  $('version-list').addEventListener('click', async (e) => {
    const restore = e.target.dataset.restore;
    const diff = e.target.dataset.diff;
    try {
      if (restore) {
        await send('POST', `/api/v1/areas/${state.areaCode}/versions/${restore}/restore`, { reason: $('reason-input').value || null });
        await reload();
        say('已恢复该版本（可撤销）', 'ok');
      } else if (diff) {
        const d = await getJson(`/api/v1/areas/${state.areaCode}/versions/diff?from=${diff}`);
        say(`与当前相比：${d.subareas.length} 个小区有变化，${d.buildings.length} 栋建筑（${d.householdsMoved} 户）换了小区`, 'ok');
      }
    } catch (error) {
      fail(error);
    }
  });

  const token = storedToken();
  if (token) {
    logIn(token).catch(() => showLogin());
  } else {
    showLogin();
  }
}

start();
