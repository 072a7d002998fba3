// Calls of the modeler pages to the server: same-origin, session cookie plus the CSRF token from the page's meta tags.

const csrfHeader = document.querySelector('meta[name="_csrf_header"]')?.content;
const csrfToken = document.querySelector('meta[name="_csrf"]')?.content;

/** A refused request, carrying the RFC 9457 problem body the server sent. */
export class Problem extends Error {
  constructor(status, body) {
    super(body?.detail || body?.title || `HTTP ${status}`);
    this.status = status;
    this.body = body || {};
  }
}

export async function call(method, url, { xml, json } = {}) {
  const headers = { Accept: 'application/json' };
  let body;
  if (xml !== undefined) {
    headers['Content-Type'] = 'application/xml';
    body = xml;
  } else if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(json);
  }
  if (method !== 'GET' && csrfHeader && csrfToken) {
    headers[csrfHeader] = csrfToken;
  }
  const response = await fetch(url, { method, headers, body, credentials: 'same-origin' });
  const text = await response.text();
  let parsed = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = { detail: text.slice(0, 300) };
    }
  }
  if (!response.ok) {
    throw new Problem(response.status, parsed);
  }
  return parsed;
}
