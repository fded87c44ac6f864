// The assignment page: the roster of one street office, its census subareas on the map coloured
// by whether an enumerator is assigned, assignment by dragging a person onto a subarea (or by the
// form beside it, for keyboards and screen readers), the automatic proposal previewed before it
// is accepted, and the workload spread.
//
// Every change carries the people the page last saw on the unit; when someone else changed it
// meanwhile the service answers 409, the page says so and reloads the street.

import { Unauthorized, forgetToken, getJson, showLogin, signIn, storeToken, storedToken } from './api.js';

const ROLE_NAMES = { enumerator: '普查员', supervisor: '普查指导员' };
const COLOURS = { assigned: '#2e7d32', unassigned: '#d84315' };

const $ = (id) => document.getElementById(id);
const escapeHtml = (text) => String(text ?? '').replace(/[&<>"']/g,
  (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

const state = {
  me: null,
  map: null,
  subareaLayer: null,
  street: null,
  people: [],
  subareas: new Map(), // code → {code, area, households, enumerators}
  areas: new Map(), // code → {code, name, households, supervisors}
  selected: null,
  proposal: null,
};

// ---------------------------------------------------------------- API

/** A call that changes something: JSON in and out, the service's message on failure. */
async function send(path, { method = 'POST', body } = {}) {
  const headers = { Authorization: `Bearer ${storedToken()}`, Accept: 'application/json' };
  if (body !== undefined) {
    headers['Content-Type'] = typeof body === 'string' ? 'text/csv; charset=utf-8' : 'application/json';
  }
  const response = await fetch(path, {
    method, headers, body: body === undefined || typeof body === 'string' ? body : JSON.stringify(body),
  });
  if (response.status === 401) {
    throw new Unauthorized();
  }
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(answer.message || `${response.status} ${response.statusText}`);
    error.status = response.status;
    error.body = answer;
    throw error;
  }
  return answer;
}

function say(text, kind = '') {
  $('message').textContent = text;
  $('message').className = `message ${kind}`;
}

function fail(error) {
  if (error instanceof Unauthorized) {
    forgetToken();
    showLogin('令牌无效或已过期，请重新输入。');
    return;
  }
  say(error.status === 409 ? `其他人刚刚修改过：${error.message}。已重新载入。` : `操作失败：${error.message}`, 'error');
  if (error.status === 409) {
    loadStreet();
  }
}

// ---------------------------------------------------------------- login

$('login-form').addEventListener('submit', (event) => {
  event.preventDefault();
  storeToken($('token-input').value.trim());
  start();
});

async function start() {
  state.me = await signIn();
  if (!state.me) {
    return;
  }
  if (!state.map) {
    createMap();
  }
  const streets = await getJson('/api/v1/streets');
  const mine = streets.filter((s) => state.me.role === 'admin' || state.me.scopes.some((c) => s.code.startsWith(c)));
  $('street-select').innerHTML = mine.map((s) => `<option value="${s.code}">${escapeHtml(s.name)}（${s.code}）</option>`).join('');
  const requested = new URLSearchParams(location.search).get('street');
  if (requested && mine.some((s) => s.code === requested)) {
    $('street-select').value = requested;
  }
  state.streets = new Map(mine.map((s) => [s.code, s]));
  await loadStreet();
}

$('street-select').addEventListener('change', () => loadStreet());
$('role-filter').addEventListener('change', () => renderPeople());

// ---------------------------------------------------------------- map

function createMap() {
  const map = L.map('map', { minZoom: 8, maxZoom: 19 });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution('区划：本区自然资源交付数据（CGCS2000）');
  L.control.scale({ imperial: false, position: 'bottomleft' }).addTo(map);
  state.subareaLayer = L.featureGroup().addTo(map);
  map.setView([35.42, 116.75], 12);
  state.map = map;
  // the map is the drop target: the subarea under the pointer takes the person
  const container = map.getContainer();
  container.addEventListener('dragover', (event) => {
    if (subareaAt(event)) {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'link';
    }
  });
  container.addEventListener('drop', (event) => {
    const code = subareaAt(event);
    const personId = event.dataTransfer.getData('text/plain');
    if (code && personId) {
      event.preventDefault();
      assign(personId, code);
    }
  });
}

/** The code of the subarea drawn under a drag event's pointer, if any. */
function subareaAt(event) {
  const element = document.elementFromPoint(event.clientX, event.clientY);
  const shape = element && element.closest ? element.closest('[data-code]') : null;
  return shape ? shape.dataset.code : null;
}

function status(text) {
  $('map-status').hidden = !text;
  $('map-status').textContent = text || '';
  $('map-status').dataset.kind = 'hint';
}

// ---------------------------------------------------------------- loading a street

async function loadStreet() {
  state.street = $('street-select').value;
  if (!state.street) {
    say('您没有可分配的街道。', 'error');
    return;
  }
  status('正在载入普查小区与人员…');
  // for tests and assistive tools: the street shown is complete once this turns true
  document.body.dataset.assignmentReady = 'false';
  try {
    const [people, assignments, areas] = await Promise.all([
      getJson(`/api/v1/people?street=${state.street}`),
      getJson(`/api/v1/assignments?scope=${state.street}`),
      getJson(`/api/v1/areas?street=${state.street}`),
    ]);
    state.people = people;
    state.subareas = new Map(assignments.subareas.map((s) => [s.code, s]));
    state.areas = new Map(assignments.areas.map((a) => [a.code, a]));
    const collections = await Promise.all(areas.map((a) => getJson(`/api/v1/subareas?area=${a.code}`)));
    drawSubareas(collections.flatMap((c) => c.features));
    const box = state.streets.get(state.street).bbox;
    if (box) {
      state.map.fitBounds([[box[1], box[0]], [box[3], box[2]]]);
    }
    renderPeople();
    renderForm();
    renderSelected();
    await loadWorkload();
    status(state.subareas.size ? '' : '本街道尚未划分普查小区：请先在“普查小区划分”页面划分并接受。');
    document.body.dataset.assignmentReady = 'true';
  } catch (error) {
    status('');
    fail(error);
  }
}

function drawSubareas(features) {
  state.subareaLayer.clearLayers();
  features.filter((f) => f.geometry).forEach((feature) => {
    const code = feature.properties.code;
    const layer = L.geoJSON(feature, { style: () => subareaStyle(code) });
    layer.eachLayer((shape) => {
      shape.on('add', () => markShape(shape, code));
      shape.on('click', () => select(code));
      shape.bindTooltip(() => tooltip(code), { sticky: true });
    });
    layer.addTo(state.subareaLayer);
  });
}

function isAssigned(code) {
  const subarea = state.subareas.get(code);
  return Boolean(subarea && subarea.enumerators.length);
}

function subareaStyle(code) {
  const colour = isAssigned(code) ? COLOURS.assigned : COLOURS.unassigned;
  return { color: '#37474f', weight: state.selected === code ? 3 : 1, fillColor: colour, fillOpacity: 0.45 };
}

function markShape(shape, code) {
  const element = shape.getElement && shape.getElement();
  if (element) {
    element.dataset.code = code;
    element.classList.add('subarea-shape');
    element.classList.toggle('assigned', isAssigned(code));
    element.classList.toggle('unassigned', !isAssigned(code));
  }
}

function restyle() {
  state.subareaLayer.eachLayer((group) => group.eachLayer((shape) => {
    const code = shape.feature.properties.code;
    shape.setStyle(subareaStyle(code));
    markShape(shape, code);
  }));
}

function tooltip(code) {
  const subarea = state.subareas.get(code);
  const names = subarea && subarea.enumerators.length ? subarea.enumerators.map((p) => p.name).join('、') : '未分配';
  return `${escapeHtml(code)}：${subarea ? subarea.households : 0} 户 · ${escapeHtml(names)}`;
}

// ---------------------------------------------------------------- people

function renderPeople() {
  const role = $('role-filter').value;
  const list = $('people');
  list.innerHTML = '';
  state.people.filter((p) => !role || p.role === role).forEach((person) => {
    const item = document.createElement('li');
    item.className = `person ${person.role}`;
    item.draggable = true;
    item.dataset.personId = person.personId;
    const units = person.role === 'enumerator'
      ? `${person.subareas.length} 个小区 · ${person.households} 户`
      : `${person.areas.length} 个普查区`;
    item.innerHTML = `<span class="person-name">${escapeHtml(person.name)}</span>
      <span class="person-role">${ROLE_NAMES[person.role]}</span>
      <span class="person-id">${escapeHtml(person.personId)}</span>
      <span class="person-load">${units}</span>`;
    item.addEventListener('dragstart', (event) => {
      event.dataTransfer.setData('text/plain', person.personId);
      event.dataTransfer.effectAllowed = 'link';
    });
    list.append(item);
  });
  if (!list.children.length) {
    list.innerHTML = '<li class="placeholder">本街道暂无人员，请先导入名单。</li>';
  }
}

function renderForm() {
  $('assign-person').innerHTML = state.people
    .map((p) => `<option value="${escapeHtml(p.personId)}">${escapeHtml(p.name)}（${ROLE_NAMES[p.role]}，${escapeHtml(p.personId)}）</option>`)
    .join('');
  $('assign-unit').innerHTML = [...state.subareas.values()]
    .map((s) => `<option value="${s.code}">${s.code}（${s.households} 户${s.enumerators.length ? '' : '，未分配'}）</option>`)
    .join('');
}

$('assign-form').addEventListener('submit', (event) => {
  event.preventDefault();
  assign($('assign-person').value, $('assign-unit').value);
});

// ---------------------------------------------------------------- changes by hand

/** Assigns a person to a subarea, or a supervisor to the subarea's census area. */
async function assign(personId, subareaCode) {
  const person = state.people.find((p) => p.personId === personId);
  const subarea = state.subareas.get(subareaCode);
  if (!person || !subarea) {
    return;
  }
  const supervisor = person.role === 'supervisor';
  const unit = supervisor ? state.areas.get(subarea.area) : subarea;
  const seen = (supervisor ? unit.supervisors : unit.enumerators).map((p) => p.personId);
  const path = supervisor
    ? `/api/v1/assignments/areas/${unit.code}/supervisors/${encodeURIComponent(personId)}`
    : `/api/v1/assignments/subareas/${unit.code}/enumerators/${encodeURIComponent(personId)}`;
  try {
    await send(path, { method: 'PUT', body: { seen } });
    say(`已将${ROLE_NAMES[person.role]} ${person.name} 分配到${supervisor ? '普查区' : '普查小区'} ${unit.code}。`, 'ok');
    state.selected = subareaCode;
    await loadStreet();
  } catch (error) {
    fail(error);
  }
}

async function unassign(kind, code, personId) {
  const unit = kind === 'enumerator' ? state.subareas.get(code) : state.areas.get(code);
  const people = kind === 'enumerator' ? unit.enumerators : unit.supervisors;
  const seen = people.map((p) => p.personId).join(',');
  const path = kind === 'enumerator'
    ? `/api/v1/assignments/subareas/${code}/enumerators/${encodeURIComponent(personId)}`
    : `/api/v1/assignments/areas/${code}/supervisors/${encodeURIComponent(personId)}`;
  try {
    await send(`${path}?seen=${encodeURIComponent(seen)}`, { method: 'DELETE' });
    say(`已取消 ${personId} 对 ${code} 的分配（记录保留在历史中）。`, 'ok');
    await loadStreet();
  } catch (error) {
    fail(error);
  }
}

function select(code) {
  state.selected = code;
  renderSelected();
  restyle();
}

function renderSelected() {
  const subarea = state.subareas.get(state.selected);
  $('unit-panel').hidden = !subarea;
  if (!subarea) {
    return;
  }
  const area = state.areas.get(subarea.area);
  const row = (kind, code, p) => `<li>${escapeHtml(p.name)}（${escapeHtml(p.personId)}）
    <button type="button" class="remove" data-kind="${kind}" data-code="${code}" data-person="${escapeHtml(p.personId)}">移除</button></li>`;
  $('unit-detail').innerHTML = `
    <p><strong>普查小区 ${subarea.code}</strong> · ${subarea.households} 户</p>
    <p>普查员：</p><ul class="unit-people">${subarea.enumerators.map((p) => row('enumerator', subarea.code, p)).join('') || '<li>未分配</li>'}</ul>
    <p>普查区 ${escapeHtml(area ? `${area.name}（${area.code}）` : subarea.area)} 的普查指导员：</p>
    <ul class="unit-people">${area ? area.supervisors.map((p) => row('supervisor', area.code, p)).join('') || '<li>未分配</li>' : ''}</ul>`;
  $('unit-detail').querySelectorAll('button.remove').forEach((button) => button.addEventListener('click',
    () => unassign(button.dataset.kind, button.dataset.code, button.dataset.person)));
  $('assign-unit').value = subarea.code;
}

// ---------------------------------------------------------------- proposal and workload

function spreadText(spread) {
  return `${spread.enumerators} 名普查员：最少 ${spread.min} 户，最多 ${spread.max} 户，平均 ${spread.mean} 户，标准差 ${spread.std}`;
}

$('propose-button').addEventListener('click', async () => {
  try {
    state.proposal = await send(`/api/v1/assignments/proposals?scope=${state.street}`);
    renderProposal();
  } catch (error) {
    fail(error);
  }
});

$('accept-proposal').addEventListener('click', async () => {
  try {
    await send(`/api/v1/assignments/proposals/${state.proposal.id}/accept`);
    say(`已接受建议：${state.proposal.changes.length} 项分配。`, 'ok');
    state.proposal = null;
    renderProposal();
    await loadStreet();
  } catch (error) {
    state.proposal = null;
    renderProposal();
    fail(error);
  }
});

$('discard-proposal').addEventListener('click', () => {
  state.proposal = null;
  renderProposal();
});

function renderProposal() {
  const proposal = state.proposal;
  $('accept-proposal').disabled = !proposal || !proposal.changes.length;
  $('discard-proposal').disabled = !proposal;
  if (!proposal) {
    $('proposal').innerHTML = '';
    return;
  }
  const rows = proposal.changes.map((c) => `<tr><td>${ROLE_NAMES[c.kind]}</td><td>${c.code}</td>
    <td>${escapeHtml(c.removeName || '')}</td><td>${escapeHtml(c.addName || '')}</td><td>${c.households}</td></tr>`).join('');
  const missing = proposal.unassigned.map((u) => `<li>${u.code}：${escapeHtml(u.reason)}</li>`).join('');
  $('proposal').innerHTML = `
    <p class="summary">建议 ${proposal.changes.length} 项分配。分配后 ${spreadText(proposal.after)}。</p>
    ${missing ? `<p class="message error">无法分配：</p><ul class="proposal-missing">${missing}</ul>` : ''}
    <div class="proposal-table"><table><thead><tr><th>角色</th><th>单元</th><th>移出</th><th>分配给</th><th>户数</th></tr></thead>
    <tbody>${rows}</tbody></table></div>`;
}

async function loadWorkload() {
  if (!['admin', 'planner'].includes(state.me.role)) {
    return;
  }
  const spread = await getJson(`/api/v1/assignments/workload?scope=${state.street}`);
  const overloaded = spread.overloaded.map((p) => `<li>${escapeHtml(p.name)}（${escapeHtml(p.personId)}）${p.households} 户</li>`).join('');
  $('workload').innerHTML = `<p class="summary" id="workload-summary">${spreadText(spread)}</p>
    ${overloaded ? `<p class="message error">超过 ${spread.overloadLimit} 户：</p><ul>${overloaded}</ul>` : ''}`;
}

// ---------------------------------------------------------------- roster import

$('import-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const file = $('import-file').files[0];
  if (!file) {
    return;
  }
  try {
    const result = await send(`/api/v1/people/import?role=${$('import-role').value}`, { body: await file.text() });
    $('import-result').innerHTML = `<p class="message ok">已导入 ${result.imported} 人。</p>`;
    await loadStreet();
  } catch (error) {
    if ((error.status === 422 || error.status === 403) && error.body.errors) {
      const rows = error.body.errors.map((e) => `<tr><td>${e.line}</td><td>${escapeHtml(e.field)}</td>
        <td>${escapeHtml(e.value)}</td><td>${escapeHtml(e.message)}</td></tr>`).join('');
      $('import-result').innerHTML = `<p class="message error">名单有 ${error.body.errors.length} 处错误，未导入任何人员：</p>
        <div class="proposal-table"><table><thead><tr><th>行</th><th>列</th><th>值</th><th>问题</th></tr></thead><tbody>${rows}</tbody></table></div>`;
    } else {
      fail(error);
    }
  }
});

start();
