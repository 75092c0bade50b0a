// The v1 API as the pages call it: JSON in and out, the signed-in caller's bearer token, problems
// (RFC 9457) turned into ApiError with status, code and detail.

const TOKEN_KEY = 'partyactors.token';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.code = problem?.code ?? null;
    this.problem = problem ?? null;
  }
}

export function storedToken() {
  return localStorage.getItem(TOKEN_KEY);
}

export function storeToken(token) {
  if (token) localStorage.setItem(TOKEN_KEY, token);
  else localStorage.removeItem(TOKEN_KEY);
}

/** The claims of a JWT (not checked here: the silo checks every call). */
export function claimsOf(token) {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent(Array.from(atob(payload), c => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join(''));
    const claims = JSON.parse(json);
    const roles = Array.isArray(claims.role) ? claims.role : claims.role ? [claims.role] : [];
    return { sub: claims.sub, roles, org: claims.org ?? null, member: claims.member ?? null, exp: claims.exp ?? null };
  } catch {
    return null;
  }
}

/** Whether a token is there and not yet expired (by its own claim). */
export function isUsable(token) {
  const claims = token && claimsOf(token);
  return !!claims && (!claims.exp || claims.exp * 1000 > Date.now());
}

export async function call(method, path, body, token = storedToken()) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  let json = null;
  if (text) {
    try { json = JSON.parse(text); } catch { json = null; }
  }
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}

export const get = (path, token) => call('GET', path, undefined, token);
export const post = (path, body, token) => call('POST', path, body ?? {}, token);

export const enc = encodeURIComponent;

/** A dev token (only where the silo runs with Auth:DevTokens=true, as the embedded demo does). */
export async function devToken(request) {
  const { token } = await call('POST', '/api/v1/auth/dev-token', request, null);
  return token;
}

/** Ids as api.md fixes them. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
