// The census map API as the web map uses it: every call carries the bearer token kept in
// sessionStorage, so a token lives as long as the browser tab and is never written to disk
// beyond the session. A 401 answer means the token is unknown, revoked or expired.

const TOKEN_KEY = 'census-map.token';

/** Thrown when the service answers 401: the caller must log in again. */
export class Unauthorized extends Error {
  constructor() {
    super('令牌无效或已过期');
    this.name = 'Unauthorized';
  }
}

export function storedToken() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function storeToken(token) {
  sessionStorage.setItem(TOKEN_KEY, token);
}

export function forgetToken() {
  sessionStorage.removeItem(TOKEN_KEY);
}

/**
 * GET a JSON (or GeoJSON) resource. Rejects with Unauthorized on 401 and with an Error carrying
 * the message of the service's error body otherwise.
 */
export function getJson(path, { token = storedToken(), signal } = {}) {
  return request(path, { token, signal });
}

/** POST a JSON body and read the JSON answer; rejects like getJson. */
export function postJson(path, body, { token = storedToken() } = {}) {
  return request(path, { method: 'POST', body, token });
}

async function request(path, { method = 'GET', body, token, signal }) {
  const headers = { Authorization: `Bearer ${token}`, Accept: 'application/json, application/geo+json' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
  if (response.status === 401) {
    throw new Unauthorized();
  }
  if (!response.ok) {
    let detail = `${response.status} ${response.statusText}`;
    try {
      detail = (await response.json()).message || detail;
    } catch (ignored) {
      // not the service's error body: the status line says enough
    }
    const error = new Error(detail);
    error.status = response.status;
    throw error;
  }
  return response.json();
}

/** The features of a layer in a Leaflet bounds, as a GeoJSON FeatureCollection. */
export function getLayer(layer, bounds, { limit, signal } = {}) {
  // a view zoomed far out reaches beyond the world, which the service rightly refuses
  const bbox = [Math.max(-180, bounds.getWest()), Math.max(-90, bounds.getSouth()),
    Math.min(180, bounds.getEast()), Math.min(90, bounds.getNorth())]
    .map((v) => v.toFixed(7)).join(',');
  const query = new URLSearchParams({ bbox });
  if (limit) {
    query.set('limit', String(limit));
  }
  return getJson(`/api/v1/layers/${layer}?${query}`, { signal });
}

/** Shows the page's login form (#login, #login-error, #token-input) with a reason, if any. */
export function showLogin(message) {
  document.getElementById('login').hidden = false;
  const error = document.getElementById('login-error');
  error.hidden = !message;
  error.textContent = message || '';
  document.getElementById('token-input').focus();
}

/**
 * The person of the tab's token, shown in #current-user of #account; null after showing the
 * login form when there is no token yet or the service refuses it.
 */
export async function signIn() {
  if (!storedToken()) {
    showLogin();
    return null;
  }
  let me;
  try {
    me = await getJson('/api/v1/me');
  } catch (error) {
    forgetToken();
    showLogin(error instanceof Unauthorized ? '令牌无效或已过期，请重新输入。' : `无法连接服务：${error.message}`);
    return null;
  }
  document.getElementById('login').hidden = true;
  document.getElementById('account').hidden = false;
  document.getElementById('current-user').textContent = `${me.displayName}（${me.login}）`;
  return me;
}
