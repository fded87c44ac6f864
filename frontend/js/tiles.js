// Raster tiles of the service (/tiles/{style}/{z}/{x}/{y}.png) as Leaflet layers, and their live
// reload after edits (/tiles/events).
//
// Why raster here: Leaflet has no renderer for vector tiles and the plugin that adds one is not
// available as a webjar; PNG tiles painted by the service carry the same data, Chinese labels
// included, at a fixed cost per tile in the browser whatever the number of features.
//
// Both endpoints need the bearer token, which an <img> or an EventSource cannot send: tiles are
// fetched and shown as blob URLs, and the event stream is read from a fetch body. Every tile keeps
// its ETag in data-etag; a reload asks with cache: 'no-cache', so an unchanged tile costs a 304.

import { storedToken } from './api.js';

const TILE_PIXELS = 256;
/** Tiles reach this far beyond their edge (labels and strokes), in tile widths: reload neighbours too. */
const TILE_MARGIN = 0.5;

/**
 * Tiles fetched at once. A browser opens six connections to a server and the event stream holds
 * one: the rest is left to the page's own API calls, which a person waits for (a click's answer,
 * the buildings in view), so that they never queue behind a screenful of tiles.
 */
const MAX_TILE_FETCHES = 3;
let tileFetches = 0;
const waitingTiles = [];

async function inTurn(task) {
  if (tileFetches >= MAX_TILE_FETCHES) {
    await new Promise((resolve) => { waitingTiles.push(resolve); });
  }
  tileFetches += 1;
  try {
    return await task();
  } finally {
    tileFetches -= 1;
    waitingTiles.shift()?.();
  }
}

function fetchTile(url, img) {
  return inTurn(() => loadTile(url, img));
}

async function loadTile(url, img) {
  const response = await fetch(url, { headers: { Authorization: `Bearer ${storedToken()}` }, cache: 'no-cache' });
  if (!response.ok) {
    // 404 outside the district: an empty square, not an error
    img.removeAttribute('src');
    img.dataset.etag = '';
    return;
  }
  const etag = response.headers.get('ETag') || '';
  if (etag && etag === img.dataset.etag) {
    return;
  }
  const previous = img.src;
  img.src = URL.createObjectURL(await response.blob());
  img.dataset.etag = etag;
  if (previous.startsWith('blob:')) {
    URL.revokeObjectURL(previous);
  }
}

/** A grid layer of the PNG tiles of a style or drawn layer, e.g. 'basemap' or 'landuse'. */
export function serviceTiles(style, options = {}) {
  const layer = new (L.GridLayer.extend({
    createTile(coords, done) {
      const img = document.createElement('img');
      img.alt = '';
      img.className = 'service-tile';
      img.dataset.set = `${style}.png`;
      img.dataset.tile = `${coords.z}/${coords.x}/${coords.y}`;
      fetchTile(this.urlOf(coords), img).then(() => done(null, img), (error) => done(error, img));
      return img;
    },
    urlOf(coords) {
      return `/tiles/${style}/${coords.z}/${coords.x}/${coords.y}.png`;
    },
    /** Fetches again the tiles on screen that overlap any box [w, s, e, n] (all of them without boxes). */
    reload(boxes) {
      Object.values(this._tiles).forEach(({ el, coords }) => {
        if (!boxes || boxes.some((box) => touches(coords, box))) {
          fetchTile(this.urlOf(coords), el).catch(() => {});
        }
      });
    },
  }))({ tileSize: TILE_PIXELS, maxZoom: 22, ...options });
  layer.tileSet = `${style}.png`;
  return layer;
}

function lonOf(x, z) {
  return (x / 2 ** z) * 360 - 180;
}

function latOf(y, z) {
  return (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / 2 ** z))) * 180) / Math.PI;
}

function touches({ x, y, z }, [west, south, east, north]) {
  return lonOf(x - TILE_MARGIN, z) <= east && lonOf(x + 1 + TILE_MARGIN, z) >= west
    && latOf(y + 1 + TILE_MARGIN, z) <= north && latOf(y - TILE_MARGIN, z) >= south;
}

/**
 * Follows /tiles/events and reloads the tiles an edit changed in `layers` (made by serviceTiles);
 * `onChange(event)` hears every change too. Reconnects after a lost stream and then reloads all.
 * Answers a function that stops following.
 */
export function followTileChanges(layers, onChange = () => {}) {
  const stop = new AbortController();
  let everReady = false;
  const dispatch = (name, data) => {
    if (name === 'ready') {
      if (everReady) {
        layers.forEach((layer) => layer.reload(null));
      }
      everReady = true;
      document.body.dataset.tileEvents = 'ready';
      return;
    }
    if (name !== 'tiles') {
      return;
    }
    const change = JSON.parse(data);
    layers.filter((layer) => change.sets.includes(layer.tileSet))
      .forEach((layer) => layer.reload(change.everywhere ? null : change.boxes));
    onChange(change);
  };
  const run = async () => {
    while (!stop.signal.aborted) {
      try {
        const response = await fetch('/tiles/events', {
          headers: { Authorization: `Bearer ${storedToken()}`, Accept: 'text/event-stream' },
          signal: stop.signal,
        });
        if (response.status === 401 || response.status === 403) {
          return; // the page's own calls send the user back to the token field
        }
        await readEvents(response.body, dispatch);
      } catch (error) {
        if (stop.signal.aborted) {
          return;
        }
      }
      document.body.dataset.tileEvents = 'reconnecting';
      await new Promise((resolve) => { setTimeout(resolve, 2000); });
    }
  };
  run();
  return () => stop.abort();
}

/** Reads a text/event-stream body, calling dispatch(name, data) per event. */
async function readEvents(body, dispatch) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    buffer += value;
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = 'message';
      const data = [];
      block.split('\n').forEach((line) => {
        if (line.startsWith('event:')) name = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
      });
      if (data.length) {
        dispatch(name, data.join('\n'));
      }
      end = buffer.indexOf('\n\n');
    }
  }
}

/**
 * The ground under a page's own overlays, once logged in: land use, water and roads, reloaded
 * live after edits. Answers the layers.
 */
export function addGroundTiles(map) {
  const layers = ['landuse', 'water', 'roads'].map((name) => serviceTiles(name).addTo(map));
  followTileChanges(layers);
  return layers;
}
