// The progress map: the subareas of a scope coloured by the share of their buildings visited
// (已登记, 空户 or 拒访), with the totals of the scope against the census calendar and a table per
// street office, census area or subarea. The token is the one the web map keeps in this tab.

import { Unauthorized, forgetToken, getJson, postJson, showLogin, signIn, storeToken } from './api.js';
import { CLASSES, NO_BUILDINGS, colourOf, percent, escapeHtml, phaseText } from './progress-common.js';

const $ = (id) => document.getElementById(id);
const state = { map: null, layer: null, byCode: new Map(), me: null };

function setStatus(message, kind) {
  $('map-status').hidden = !message;
  $('map-status').textContent = message || '';
  $('map-status').className = `map-status ${kind || ''}`;
}

async function start() {
  state.me = await signIn();
  if (!state.me) {
    return;
  }
  $('scope-options').innerHTML = state.me.scopes.map((c) => `<option value="${escapeHtml(c)}"></option>`).join('');
  const query = new URLSearchParams(location.search);
  $('scope-input').value = query.get('scope') || state.me.scopes[0] || '370871';
  $('date-input').value = query.get('date') || '';
  if (!state.map) {
    createMap();
  }
  await refresh();
}

function createMap() {
  const map = L.map('map', { zoomControl: true, minZoom: 5, maxZoom: 20 });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution('区划：本区普查小区（CGCS2000）');
  L.control.scale({ imperial: false, position: 'bottomleft' }).addTo(map);
  state.layer = L.geoJSON(null, {
    style: (f) => ({ color: '#37474f', weight: 1, fillColor: colourOf(f.properties), fillOpacity: 0.75 }),
    onEachFeature: (f, layer) => {
      const p = f.properties;
      layer.bindTooltip(`普查小区 ${p.code}<br>已访 ${p.visited}/${p.buildings} 栋（${percent(p.completion)}）`
        + `<br>已登记 ${p.householdsRegistered} 户${p.conflicts ? `<br>冲突上报 ${p.conflicts} 条` : ''}`);
      state.byCode.set(p.code, layer);
      layer.on('click', () => showConflicts(p.code));
    },
  }).addTo(map);
  map.setView([35.41, 116.74], 11);
  state.map = map;
  $('legend').innerHTML = '<strong>完成率</strong>' + CLASSES.map((c) =>
    `<span><i style="background:${c.colour}"></i>${c.label}</span>`).join('')
    + `<span><i style="background:${NO_BUILDINGS}"></i>无建筑物</span>`;
}

async function refresh() {
  const scope = $('scope-input').value.trim();
  const date = $('date-input').value;
  const query = new URLSearchParams({ scope });
  if (date) {
    query.set('date', date);
  }
  setStatus('正在统计……');
  try {
    const [progress, map] = await Promise.all([
      getJson(`/api/v1/progress?${query}`),
      getJson(`/api/v1/progress/map?${query}`),
    ]);
    state.byCode.clear();
    state.layer.clearLayers();
    state.layer.addData(map);
    if (map.features.length) {
      state.map.fitBounds(state.layer.getBounds(), { maxZoom: 18 });
    }
    showSummary(progress);
    showUnits(progress);
    const street = progress.scope.length >= 9 ? progress.scope.slice(0, 9) : (progress.streets[0] || {}).code;
    $('bulletin-link').href = `/progress-bulletin.html?${new URLSearchParams({ scope: street || progress.scope, date: progress.date })}`;
    setStatus(map.features.length ? '' : '此范围内还没有划定的普查小区。', map.features.length ? '' : 'error');
  } catch (error) {
    if (error instanceof Unauthorized) {
      forgetToken();
      showLogin('登录已失效，请重新输入令牌。');
      return;
    }
    setStatus(`统计失败：${error.message}`, 'error');
  }
}

function showSummary(p) {
  const t = p.total;
  $('summary').innerHTML = `
    <h2>${escapeHtml(p.name)} <span class="code">${escapeHtml(p.scope)}</span></h2>
    <p class="phase">${escapeHtml(p.date)} · ${escapeHtml(phaseText(p))}</p>
    <div class="bar" title="完成率"><span style="width:${(t.completion * 100).toFixed(1)}%;background:${colourOf(t)}"></span>
      <i class="expected" style="left:${(p.expected * 100).toFixed(1)}%" title="按日程应完成"></i></div>
    <dl class="figures">
      <dt>完成率</dt><dd id="completion">${percent(t.completion)}</dd>
      <dt>按日程应完成</dt><dd>${percent(p.expected)}${t.behind ? ' <b class="behind">落后</b>' : ''}</dd>
      <dt>建筑物</dt><dd>已访 ${t.visited} / ${t.buildings} 栋</dd>
      <dt>已登记 / 空户 / 拒访</dt><dd>${t.registered} / ${t.vacant} / ${t.refused} 栋</dd>
      <dt>登记户数</dt><dd>${t.householdsRegistered} 户（摸底 ${t.households} 户）</dd>
      <dt>摸底标绘建筑物</dt><dd>${t.marked} 栋</dd>
      <dt>冲突上报</dt><dd>${t.conflicts} 条</dd>
    </dl>`;
}

function showUnits(p) {
  const level = p.scope.length <= 6 ? p.streets : p.scope.length === 9 ? p.areas : p.subareas;
  $('units').innerHTML = '<tr><th>单位</th><th>已访/建筑物</th><th>完成率</th><th>冲突</th></tr>' + level.map((t) => `
    <tr data-code="${escapeHtml(t.code)}" class="${t.behind ? 'behind-row' : ''}">
      <td>${escapeHtml(t.name || t.code)}<br><span class="code">${escapeHtml(t.code)}</span></td>
      <td>${t.visited}/${t.buildings}</td>
      <td><i class="swatch" style="background:${colourOf(t)}"></i>${percent(t.completion)}</td>
      <td>${t.conflicts || ''}</td>
    </tr>`).join('');
  $('units').querySelectorAll('tr[data-code]').forEach((row) => row.addEventListener('click', () => {
    focus(row.dataset.code);
    if (row.dataset.code.length === 15) {
      showConflicts(row.dataset.code);
    }
  }));
}

/**
 * The conflicts of a subarea waiting for a decision, each beside the building's state: a
 * supervisor applies the report (it becomes the state) or dismisses it, with a reason.
 */
async function showConflicts(code) {
  const panel = $('conflicts');
  panel.hidden = false;
  panel.innerHTML = `<h2>冲突上报 <span class="code">${escapeHtml(code)}</span></h2><p class="placeholder">正在读取……</p>`;
  try {
    const query = (conflictsOnly) => new URLSearchParams(conflictsOnly ? { subarea: code, conflicts: true } : { subarea: code });
    const [conflicts, all] = await Promise.all([
      getJson(`/api/v1/app/reports?${query(true)}`), getJson(`/api/v1/app/reports?${query(false)}`)]);
    const byId = new Map(all.map((r) => [r.report.reportId, r]));
    const waiting = conflicts.filter((c) => !c.report.resolution);
    panel.querySelector('p').remove();
    if (!waiting.length) {
      panel.insertAdjacentHTML('beforeend', '<p class="placeholder">此普查小区没有待处理的冲突上报。</p>');
      return;
    }
    panel.insertAdjacentHTML('beforeend', '<ul class="conflicts">' + waiting.map((c) => {
      const r = c.report;
      const current = byId.get(r.conflictsWith);
      return `<li data-report="${escapeHtml(r.reportId)}">
        <div>建筑物 <b>${escapeHtml(r.bid)}</b></div>
        <div>冲突上报：${escapeHtml(c.label)} ${r.households} 户 · ${escapeHtml(when(r.deviceTime))} · ${escapeHtml(r.reportedBy)}</div>
        <div class="hint">当时的现状：${current ? `${escapeHtml(current.label)} ${current.report.households} 户 · ${escapeHtml(when(current.report.deviceTime))}` : escapeHtml(r.conflictsWith)}</div>
        <input class="reason" maxlength="500" placeholder="处理理由（必填）">
        <button type="button" data-decision="apply">采用此上报</button>
        <button type="button" data-decision="dismiss">驳回</button>
        <p class="conflict-error" role="alert" hidden></p>
      </li>`;
    }).join('') + '</ul>');
    panel.querySelectorAll('li[data-report] button').forEach((button) => button.addEventListener('click', () =>
      decide(code, button.closest('li'), button.dataset.decision)));
  } catch (error) {
    panel.innerHTML = `<h2>冲突上报</h2><p class="conflict-error" role="alert">读取失败：${escapeHtml(error.message)}</p>`;
  }
}

/** A phone's ISO time as the browser's local date and time. */
function when(iso) {
  return new Date(iso).toLocaleString('zh-CN', { hour12: false });
}

async function decide(code, item, decision) {
  const reason = item.querySelector('.reason').value.trim();
  const shown = item.querySelector('.conflict-error');
  if (!reason) {
    shown.hidden = false;
    shown.textContent = '请填写处理理由。';
    return;
  }
  try {
    await postJson(`/api/v1/app/reports/${encodeURIComponent(item.dataset.report)}/resolution`, { decision, reason });
    await refresh();
    await showConflicts(code);
  } catch (error) {
    shown.hidden = false;
    shown.textContent = `处理失败：${error.message}`;
  }
}

/** Fits the map to the subareas under a code. */
function focus(code) {
  const layers = [...state.byCode.entries()].filter(([c]) => c.startsWith(code)).map(([, l]) => l);
  if (layers.length) {
    state.map.fitBounds(L.featureGroup(layers).getBounds(), { maxZoom: 18 });
  }
}

$('login-form').addEventListener('submit', (e) => {
  e.preventDefault();
  storeToken($('token-input').value.trim());
  $('token-input').value = '';
  start();
});
$('scope-form').addEventListener('submit', (e) => {
  e.preventDefault();
  refresh();
});
start();
