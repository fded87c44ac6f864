// The supervisor's coverage page: check a scope (district, street office or census area), see every
// issue on the map and in a list grouped by street and area, go through the open ones one by one,
// apply a fix or accept an exception with a reason, and print the state of coverage per street.
//
// The token is the one the web map shell keeps in sessionStorage under the same key, so a person
// logged in on the map is logged in here too. The district's boundaries come from the service's
// layer API when it offers one; the issues come from /api/v1/coverage, which checks afresh on
// every call.

import { addGroundTiles } from './tiles.js';

const TOKEN_KEY = 'census-map.token';
const SEVERITY = {
  error: { label: '错误', colour: '#c62828' },
  warning: { label: '警告', colour: '#ef6c00' },
  info: { label: '提示', colour: '#1565c0' },
};
const ACCEPTED_COLOUR = '#6b7b8c';
/** Zoom for an issue with no extent (an unmatched vertex), and the most a fit may zoom in: a gap of a few centimetres must still show. */
const ISSUE_ZOOM = 20;

const $ = (id) => document.getElementById(id);
const escapeHtml = (text) => String(text ?? '').replace(/[&<>"']/g,
  (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
const squareMetres = (a) => (a >= 100 ? a.toFixed(0) : a >= 1 ? a.toFixed(2) : a.toFixed(4));

const state = {
  map: null,
  issueLayer: null,
  baseLayer: null,
  layersById: new Map(),
  view: null, // the last CoverageView
  selectedId: null,
  names: new Map(), // code → name, when the service tells
  me: null,
};

// ---------------------------------------------------------------- API

class Unauthorized extends Error {}

async function api(path, { method = 'GET', body } = {}) {
  const headers = { Authorization: `Bearer ${sessionStorage.getItem(TOKEN_KEY)}`, Accept: 'application/json' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.status === 401) {
    throw new Unauthorized('令牌无效或已过期');
  }
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    try {
      message = (await response.json()).message || message;
    } catch (ignored) {
      // not the service's error body: the status line says enough
    }
    const error = new Error(message);
    error.status = response.status;
    throw error;
  }
  return response.json();
}

// ---------------------------------------------------------------- login

function showLogin(message) {
  $('login').hidden = false;
  $('login-error').hidden = !message;
  $('login-error').textContent = message || '';
  $('token-input').focus();
}

async function start() {
  if (!sessionStorage.getItem(TOKEN_KEY)) {
    showLogin();
    return;
  }
  try {
    state.me = await api('/api/v1/me');
  } catch (error) {
    sessionStorage.removeItem(TOKEN_KEY);
    showLogin(error instanceof Unauthorized ? '令牌无效或已过期，请重新输入。' : `无法连接服务：${error.message}`);
    return;
  }
  $('login').hidden = true;
  $('account').hidden = false;
  $('current-user').textContent = `${state.me.displayName}（${state.me.login}）`;
  const options = $('scope-options');
  options.innerHTML = '';
  (state.me.scopes.length ? state.me.scopes : ['370871']).forEach((code) => {
    const option = document.createElement('option');
    option.value = code;
    options.append(option);
  });
  const requested = new URLSearchParams(location.search).get('scope');
  $('scope-input').value = requested || state.me.scopes[0] || '370871';
  if (!state.map) {
    createMap();
  }
  loadNames();
  await check();
}

// ---------------------------------------------------------------- map

function createMap() {
  const map = L.map('map', { zoomControl: true, minZoom: 5, maxZoom: 20 });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution('区划：本区自然资源交付数据（CGCS2000）');
  L.control.scale({ imperial: false, position: 'bottomleft' }).addTo(map);
  map.createPane('base').style.zIndex = 300;
  map.createPane('issues').style.zIndex = 450;
  state.baseLayer = L.geoJSON(null, {
    pane: 'base',
    style: (f) => ({
      color: f.properties.layer === 'street' ? '#37474f' : '#78909c',
      weight: f.properties.layer === 'street' ? 2.5 : 1,
      fill: false,
    }),
    interactive: false,
  }).addTo(map);
  state.issueLayer = L.featureGroup().addTo(map);
  addGroundTiles(map);
  map.setView([35.41, 116.74], 11);
  state.map = map;
  map.on('zoomend', exposeZoom);
  exposeZoom();
}

/** The district's street and area boundaries as a backdrop, if the service offers its layer API. */
async function loadBase(bounds) {
  const bbox = [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()].map((v) => v.toFixed(6)).join(',');
  for (const layer of ['street', 'area']) {
    try {
      const collection = await api(`/api/v1/layers/${layer}?bbox=${bbox}&limit=5000`);
      collection.features.forEach((f) => {
        f.properties = { ...f.properties, layer };
        if (f.properties.code && f.properties.name) {
          state.names.set(f.properties.code, f.properties.name);
        }
      });
      state.baseLayer.addData(collection);
    } catch (error) {
      if (error instanceof Unauthorized) {
        throw error;
      }
      return; // no layer API in this build: the issues alone are drawn
    }
  }
}

/** Street names for the list and the report, where the service offers them. */
async function loadNames() {
  try {
    const streets = await api('/api/v1/streets');
    streets.forEach((s) => state.names.set(s.code, s.name));
    showNames();
  } catch (ignored) {
    // names are a courtesy: codes identify every unit
  }
}

/** Redraws summary and list once names arrive, keeping the selection. */
function showNames() {
  if (!state.view) {
    return;
  }
  renderSummary(state.view);
  renderList(state.view.issues);
  const item = state.selectedId && document.querySelector(`.issue-item[data-issue-id="${state.selectedId}"]`);
  if (item) {
    item.classList.add('selected');
  }
}

function styleFor(issue, selected) {
  const colour = issue.status === 'accepted' ? ACCEPTED_COLOUR : SEVERITY[issue.severity].colour;
  return { color: colour, fillColor: colour, weight: selected ? 5 : 3, opacity: 0.95, fillOpacity: selected ? 0.55 : 0.35 };
}

function drawIssues(issues) {
  state.issueLayer.clearLayers();
  state.layersById.clear();
  // largest first, so that a small issue is drawn over a large one and stays clickable
  [...issues].sort((a, b) => b.areaM2 - a.areaM2).forEach((issue) => {
    if (!issue.geometry) {
      return;
    }
    const layer = L.geoJSON({ type: 'Feature', geometry: issue.geometry, properties: {} }, {
      pane: 'issues',
      style: () => styleFor(issue, false),
      pointToLayer: (feature, latlng) => L.circleMarker(latlng, { radius: 7, pane: 'issues' }),
      onEachFeature: (feature, sub) => {
        sub.on('add', () => {
          const element = sub.getElement ? sub.getElement() : null;
          if (element) {
            element.classList.add('issue-shape', `issue-${issue.kind}`);
            element.dataset.issueId = issue.id;
          }
        });
        sub.on('click', () => select(issue.id));
        sub.bindTooltip(`${escapeHtml(issue.label)}：${escapeHtml(issue.codes.join('、'))}`, { sticky: true });
      },
    });
    layer.setStyle(styleFor(issue, false));
    layer.addTo(state.issueLayer);
    state.layersById.set(issue.id, layer);
  });
}

// ---------------------------------------------------------------- check and list

async function check() {
  const scope = $('scope-input').value.trim();
  setStatus(`正在检查 ${scope} …`);
  try {
    render(await api(`/api/v1/coverage?scope=${encodeURIComponent(scope)}`));
    history.replaceState(null, '', `?scope=${scope}`);
    setStatus('');
  } catch (error) {
    failed(error);
  }
}

function render(view) {
  const firstView = !state.view || state.view.scope !== view.scope;
  state.view = view;
  renderSummary(view);
  renderList(view.issues);
  drawIssues(view.issues);
  $('next-button').disabled = !view.issues.some((i) => i.status === 'open');
  $('print-button').disabled = false;
  if (state.selectedId && !view.issues.some((i) => i.id === state.selectedId)) {
    state.selectedId = null;
    $('detail').hidden = true;
  } else if (state.selectedId) {
    select(state.selectedId, { zoom: false });
  }
  if (firstView && state.issueLayer.getLayers().length) {
    const bounds = state.issueLayer.getBounds().pad(0.2);
    state.map.fitBounds(bounds, { maxZoom: 15 });
    loadBase(bounds).then(showNames).catch(failed);
  }
  document.body.dataset.coverageReady = 'true';
}

function renderSummary(view) {
  const s = view.summary;
  const byKind = Object.entries(s.byKind)
    .map(([kind, n]) => `${escapeHtml(labelOf(kind))} ${n}`).join('，');
  $('summary').innerHTML = `
    <h2>${escapeHtml(nameOf(view.scope))} 检查结果</h2>
    ${s.issues === 0 ? '<p class="clean">未发现问题：不重不漏。</p>' : ''}
    <div class="counts">
      <div class="count"><b id="count-issues">${s.issues}</b><span>问题</span></div>
      <div class="count"><b id="count-open">${s.open}</b><span>未处理</span></div>
      <div class="count"><b id="count-accepted">${s.accepted}</b><span>已接受例外</span></div>
      <div class="count"><b id="count-fixable">${s.fixable}</b><span>可自动修复</span></div>
    </div>
    <p class="meta">${byKind || '—'}</p>
    <p class="meta">检查 ${s.units} 个单元、${s.buildings} 栋建筑物，用时 ${s.checkMillis} ms（读取 ${s.loadMillis} ms）</p>`;
}

function labelOf(kind) {
  const issue = state.view && state.view.issues.find((i) => i.kind === kind);
  return issue ? issue.label : kind;
}

function nameOf(code) {
  if (!code) {
    return '全区';
  }
  const name = state.names.get(code);
  return name ? `${name}（${code}）` : code;
}

/** Issues grouped by street, then area (street-level issues first), keeping the service's order. */
function grouped(issues) {
  const streets = new Map();
  issues.forEach((issue) => {
    const street = issue.street || '';
    if (!streets.has(street)) {
      streets.set(street, new Map());
    }
    const areas = streets.get(street);
    const area = issue.area || '';
    if (!areas.has(area)) {
      areas.set(area, []);
    }
    areas.get(area).push(issue);
  });
  return streets;
}

function renderList(issues) {
  const list = $('issue-list');
  list.innerHTML = '';
  if (!issues.length) {
    list.innerHTML = '<p class="placeholder">没有问题。</p>';
    return;
  }
  grouped(issues).forEach((areas, street) => {
    const streetGroup = document.createElement('section');
    streetGroup.className = 'group-street';
    streetGroup.dataset.street = street;
    const streetCount = [...areas.values()].reduce((n, a) => n + a.length, 0);
    streetGroup.innerHTML = `<h3><span>${escapeHtml(street ? nameOf(street) : '全区')}</span>
      <span class="group-count">${streetCount} 个问题</span></h3>`;
    areas.forEach((areaIssues, area) => {
      const areaGroup = document.createElement('div');
      areaGroup.className = 'group-area';
      areaGroup.dataset.area = area;
      areaGroup.innerHTML = `<h4><span>${escapeHtml(area ? `普查区 ${nameOf(area)}` : '街道级')}</span>
        <span class="group-count">${areaIssues.length}</span></h4>`;
      const ol = document.createElement('ol');
      areaIssues.forEach((issue) => ol.append(listItem(issue)));
      areaGroup.append(ol);
      streetGroup.append(areaGroup);
    });
    list.append(streetGroup);
  });
}

function listItem(issue) {
  const li = document.createElement('li');
  li.className = `issue-item severity-${issue.severity} status-${issue.status}`;
  li.dataset.issueId = issue.id;
  li.tabIndex = 0;
  li.innerHTML = `<span class="kind">${escapeHtml(issue.label)}</span>
    <span class="badge ${issue.status === 'accepted' ? 'accepted' : issue.severity}">
      ${issue.status === 'accepted' ? '已接受' : SEVERITY[issue.severity].label}</span>
    ${issue.areaM2 > 0 ? `<span class="area-m2">${squareMetres(issue.areaM2)} m²</span>` : ''}
    <span class="message">${escapeHtml(issue.message)}</span>`;
  li.addEventListener('click', () => select(issue.id));
  li.addEventListener('keydown', (e) => { if (e.key === 'Enter') select(issue.id); });
  return li;
}

// ---------------------------------------------------------------- selection

function select(id, { zoom = true } = {}) {
  const issue = state.view.issues.find((i) => i.id === id);
  if (!issue) {
    return;
  }
  const previous = state.selectedId && state.view.issues.find((i) => i.id === state.selectedId);
  if (previous && state.layersById.has(previous.id)) {
    state.layersById.get(previous.id).setStyle(styleFor(previous, false));
  }
  state.selectedId = id;
  document.querySelectorAll('.issue-item.selected').forEach((el) => el.classList.remove('selected'));
  const item = document.querySelector(`.issue-item[data-issue-id="${id}"]`);
  if (item) {
    item.classList.add('selected');
    item.scrollIntoView({ block: 'nearest' });
  }
  const layer = state.layersById.get(id);
  if (layer) {
    layer.setStyle(styleFor(issue, true));
    layer.bringToFront();
    if (zoom) {
      zoomTo(layer);
    }
  }
  renderDetail(issue);
}

function zoomTo(layer) {
  const bounds = layer.getBounds();
  const small = bounds.getNorthEast().distanceTo(bounds.getSouthWest()) < 5;
  // registered first: a jump of more than four zoom levels is not animated and ends at once
  state.map.once('moveend', () => {
    document.body.dataset.zoomedTo = state.selectedId;
  });
  if (small) {
    state.map.setView(bounds.getCenter(), ISSUE_ZOOM);
  } else {
    state.map.fitBounds(bounds.pad(0.5), { maxZoom: ISSUE_ZOOM });
  }
}

/** The current zoom on the body, for whoever watches the page (the browser test does). */
function exposeZoom() {
  document.body.dataset.zoom = String(state.map.getZoom());
}

function nextOpen() {
  const issues = state.view.issues;
  const start = issues.findIndex((i) => i.id === state.selectedId);
  for (let k = 1; k <= issues.length; k++) {
    const candidate = issues[(start + k) % issues.length];
    if (candidate.status === 'open') {
      select(candidate.id);
      return;
    }
  }
}

function mayAccept() {
  return state.me && (state.me.role === 'admin' || state.me.role === 'supervisor');
}

function mayFix() {
  return state.me && state.me.role !== 'enumerator';
}

function renderDetail(issue) {
  const detail = $('detail');
  detail.hidden = false;
  const fix = issue.fix;
  detail.innerHTML = `
    <h3>${escapeHtml(issue.label)} <span class="badge ${issue.severity}">${SEVERITY[issue.severity].label}</span></h3>
    <p>${escapeHtml(issue.message)}</p>
    <p>涉及：${escapeHtml(issue.codes.join('、'))}${issue.areaM2 > 0 ? `；面积 ${squareMetres(issue.areaM2)} m²` : ''}</p>
    ${fix ? `<p>修复方案：${escapeHtml(fix.description)}</p>` : '<p>无自动修复方案，须人工处理。</p>'}
    ${issue.exception ? `<p>已接受为例外：${escapeHtml(issue.exception.reason)}（${escapeHtml(issue.exception.acceptedBy)}，
      ${new Date(issue.exception.acceptedAt).toLocaleString('zh-CN')}）</p>` : ''}
    <div class="buttons">
      ${fix && mayFix() && issue.status === 'open' ? '<button type="button" class="primary" id="fix-button">应用修复</button>' : ''}
    </div>
    ${mayAccept() && issue.status === 'open' ? `
      <label for="reason-input">例外理由</label>
      <textarea id="reason-input" placeholder="例如：河道管理线，经区普查办确认"></textarea>
      <div class="buttons"><button type="button" id="accept-button">接受为例外</button></div>` : ''}`;
  const fixButton = $('fix-button');
  if (fixButton) {
    fixButton.addEventListener('click', () => applyFix(issue));
  }
  const acceptButton = $('accept-button');
  if (acceptButton) {
    acceptButton.addEventListener('click', () => acceptException(issue, $('reason-input').value));
  }
}

async function applyFix(issue) {
  if (!window.confirm(`确认应用修复？\n${issue.fix.description}`)) {
    return;
  }
  setStatus('正在应用修复 …');
  try {
    const result = await api(`/api/v1/coverage/issues/${issue.id}/fix?scope=${encodeURIComponent(state.view.scope)}`,
      { method: 'POST' });
    render(result.coverage);
    setStatus(`已修复，修改了 ${result.changed.join('、')}`);
  } catch (error) {
    failed(error);
  }
}

async function acceptException(issue, reason) {
  if (!reason.trim()) {
    setStatus('请填写接受例外的理由。', 'error');
    return;
  }
  try {
    await api(`/api/v1/coverage/issues/${issue.id}/exception`, { method: 'POST', body: { reason: reason.trim() } });
    await check();
    setStatus('已接受为例外。');
  } catch (error) {
    failed(error);
  }
}

// ---------------------------------------------------------------- printed report

/** One page per street: counts by kind and every issue with its status, for signing. */
function printReport() {
  const view = state.view;
  const when = new Date().toLocaleString('zh-CN');
  const sections = [];
  grouped(view.issues).forEach((areas, street) => {
    const issues = [...areas.values()].flat();
    const byKind = new Map();
    issues.forEach((i) => byKind.set(i.label, (byKind.get(i.label) || 0) + 1));
    const rows = issues.map((i, k) => `<tr>
        <td>${k + 1}</td><td>${escapeHtml(i.label)}</td><td>${SEVERITY[i.severity].label}</td>
        <td>${i.status === 'accepted' ? '已接受例外' : '未处理'}</td><td>${escapeHtml(i.codes.join('、'))}</td>
        <td>${i.areaM2 > 0 ? squareMetres(i.areaM2) : ''}</td>
        <td>${escapeHtml(i.message)}${i.exception ? `<br>例外理由：${escapeHtml(i.exception.reason)}` : ''}</td></tr>`).join('');
    sections.push(`<section data-street="${escapeHtml(street)}">
      <h1>${escapeHtml(street ? nameOf(street) : '全区')} 普查区划覆盖检查报告</h1>
      <p class="report-meta">检查范围 ${escapeHtml(nameOf(view.scope))} · 打印时间 ${when} · 打印人 ${escapeHtml(state.me.displayName)}</p>
      <table><thead><tr><th>问题类型</th><th>数量</th></tr></thead><tbody>
        ${[...byKind].map(([label, n]) => `<tr><td>${escapeHtml(label)}</td><td>${n}</td></tr>`).join('')}
        <tr class="totals"><td>合计</td><td>${issues.length}</td></tr></tbody></table>
      <h2>问题明细</h2>
      <table><thead><tr><th>序号</th><th>类型</th><th>级别</th><th>状态</th><th>涉及代码</th><th>面积(m²)</th><th>说明</th></tr></thead>
        <tbody>${rows}</tbody></table>
      <div class="signature"><span>普查指导员（签字）：</span><span>审核人（签字）：</span><span>日期：</span></div>
    </section>`);
  });
  if (!sections.length) {
    sections.push(`<section><h1>${escapeHtml(nameOf(view.scope))} 普查区划覆盖检查报告</h1>
      <p class="report-meta">打印时间 ${when}</p><p>未发现问题：不重不漏。</p></section>`);
  }
  $('report').innerHTML = sections.join('');
  window.print();
}

// ---------------------------------------------------------------- status

function setStatus(message, kind) {
  const status = $('map-status');
  status.hidden = !message;
  status.textContent = message;
  status.className = `map-status ${kind || ''}`;
}

function failed(error) {
  if (error instanceof Unauthorized) {
    sessionStorage.removeItem(TOKEN_KEY);
    showLogin('登录已失效，请重新输入令牌。');
    return;
  }
  setStatus(`操作失败：${error.message}`, 'error');
}

// ---------------------------------------------------------------- wiring

$('login-form').addEventListener('submit', (e) => {
  e.preventDefault();
  sessionStorage.setItem(TOKEN_KEY, $('token-input').value.trim());
  $('token-input').value = '';
  start();
});
$('scope-form').addEventListener('submit', (e) => {
  e.preventDefault();
  state.selectedId = null;
  $('detail').hidden = true;
  check();
});
$('next-button').addEventListener('click', nextOpen);
$('print-button').addEventListener('click', printReport);
start();
