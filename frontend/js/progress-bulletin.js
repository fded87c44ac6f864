// The daily bulletin (每日进度通报) of a street office for the leading group: the street's
// progress against the census calendar, a row per census area, and the subareas behind schedule
// or holding conflicting reports. Printed on A4 from the browser.

import { getJson } from './api.js';
import { colourOf, percent, escapeHtml, phaseText } from './progress-common.js';

const $ = (id) => document.getElementById(id);

async function render() {
  const query = new URLSearchParams(location.search);
  const scope = query.get('scope');
  const params = new URLSearchParams({ scope: scope || '' });
  if (query.get('date')) {
    params.set('date', query.get('date'));
  }
  try {
    const p = await getJson(`/api/v1/progress?${params}`);
    const t = p.total;
    const lagging = p.subareas.filter((s) => s.behind || s.conflicts);
    $('bulletin').innerHTML = `
      <header>
        <p class="issuer">济宁高新区第七次全国人口普查领导小组办公室</p>
        <h1>${escapeHtml(p.name)}普查登记进度日报</h1>
        <p class="meta">统计日期 ${escapeHtml(p.date)} · 当前阶段：${escapeHtml(phaseText(p))} · 代码 ${escapeHtml(p.scope)}</p>
      </header>
      <section>
        <h2>一、总体进度</h2>
        <p>全${p.scope.length === 9 ? '街道' : '范围'}共 ${t.subareas} 个普查小区、${t.buildings} 栋建筑物，已入户 ${t.visited} 栋，
          完成率 <b>${percent(t.completion)}</b>，按日程应完成 ${percent(p.expected)}${t.behind ? '，<b class="behind">进度落后</b>' : '，进度正常'}。
          已登记 ${t.householdsRegistered} 户（摸底 ${t.households} 户），空户 ${t.vacant} 栋，拒访 ${t.refused} 栋，待核冲突上报 ${t.conflicts} 条。</p>
      </section>
      <section>
        <h2>二、各普查区进度</h2>
        <table class="bulletin-table">
          <thead><tr><th>普查区</th><th>代码</th><th>小区</th><th>建筑物</th><th>已访</th><th>完成率</th><th>登记户数</th><th>空户</th><th>拒访</th><th>冲突</th></tr></thead>
          <tbody>${p.areas.map((a) => `
            <tr class="${a.behind ? 'behind-row' : ''}"><td>${escapeHtml(a.name)}</td><td>${escapeHtml(a.code)}</td><td>${a.subareas}</td>
              <td>${a.buildings}</td><td>${a.visited}</td><td><i class="swatch" style="background:${colourOf(a)}"></i>${percent(a.completion)}</td>
              <td>${a.householdsRegistered}</td><td>${a.vacant}</td><td>${a.refused}</td><td>${a.conflicts}</td></tr>`).join('')}
          </tbody>
        </table>
      </section>
      <section>
        <h2>三、需督促的普查小区</h2>
        ${lagging.length ? `<ul class="lagging">${lagging.map((s) => `<li>${escapeHtml(s.code)}：完成率 ${percent(s.completion)}`
          + `${s.behind ? '，落后于日程' : ''}${s.conflicts ? `，冲突上报 ${s.conflicts} 条待核` : ''}</li>`).join('')}</ul>`
          : '<p>无。</p>'}
      </section>
      <section class="calendar">
        <h2>四、普查日程</h2>
        <p>${p.calendar.map((c) => `${escapeHtml(c.label)} ${escapeHtml(c.from)} 至 ${escapeHtml(c.to)}`).join('；')}。</p>
      </section>`;
    $('bulletin-status').textContent = '';
    $('back-link').href = `/progress.html?${new URLSearchParams({ scope: p.scope, date: p.date })}`;
  } catch (error) {
    $('bulletin').innerHTML = '';
    $('bulletin-status').textContent = `无法生成通报：${error.message}（请先在进度地图登录）`;
  }
}

$('print-button').addEventListener('click', () => window.print());
render();
