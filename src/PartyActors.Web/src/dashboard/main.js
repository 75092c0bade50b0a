// The supervisors' dashboard at /: sign in, the tree from the caller's scope down (a URL per node:
// #/org/<id>), tiles, the children's ranking, the supervision list, trend charts, all live on the
// node's roll-up stream (docs/dashboard.md).
import { LitElement, html, nothing } from 'lit';
import '../shared/style.css';
import { ApiError, ID_PATTERN, claimsOf, devToken, enc, get, isUsable, post, storeToken, storedToken } from '../shared/api.js';
import { currentLang, kindName, onLangChange, switchLang, t } from '../shared/i18n.js';
import { cstMonth, day, number, percent, time } from '../shared/format.js';
import { COLOURED, indicators, lights } from './indicators.js';
import { clearChart, drawChildren, drawTrend } from './charts.js';

/** The children's columns: key in indicators(), label, format, and the traffic light they show. */
const COLUMNS = [
  { key: 'members', label: 'col.members', format: v => number(v) },
  { key: 'reportInRate', label: 'col.reportIn', format: percent, light: 'reportInRate' },
  { key: 'points', label: 'col.points', format: v => number(v) },
  { key: 'volunteerHours', label: 'col.volunteer', format: v => number(v, 1) },
  { key: 'requestsOpen', label: 'col.requestsOpen', format: v => number(v) },
  { key: 'requestsOverdue', label: 'col.requestsOverdue', format: v => number(v), light: 'requestsOverdueRate' },
  { key: 'commitmentsOverdue', label: 'col.commitmentsOverdue', format: v => number(v), light: 'commitmentsOverdueRate' },
  { key: 'satisfaction', label: 'col.satisfaction', format: v => number(v, 2), light: 'satisfaction' },
  { key: 'meetingCompliance', label: 'col.meetings', format: percent, light: 'meetingCompliance' },
  { key: 'errandsOverdue', label: 'col.errandsOverdue', format: v => number(v), light: 'errandsOverdueRate' },
];

const RECONNECT_DELAYS = [500, 1000, 2000, 5000, 10000];
const CHILDREN_REFRESH_MS = 1500;
// The supervision list walks the whole subtree (about two calls per organization): read again only
// when an overdue or open count changed, and not more often than this.
const SUPERVISION_REFRESH_MS = 10000;
/** The most overdue requests the supervision list shows (the ledger's page; its oldest first). */
const SUPERVISION_REQUESTS = 200;

const SUPERVISION_FIGURES = ['commitmentsOverdue', 'commitmentsOpen', 'requestsOverdue', 'requestsOpen'];

class Dashboard extends LitElement {
  static properties = {
    token: { state: true },
    signInError: { state: true },
    settings: { state: true },
    orgId: { state: true },
    org: { state: true },
    nodeError: { state: true },
    crumbs: { state: true },
    rollup: { state: true },
    changed: { state: true },
    children: { state: true },
    sort: { state: true },
    supervision: { state: true },
    trend: { state: true },
    live: { state: true },
    updatedAt: { state: true },
    results: { state: true },
    searchNote: { state: true },
    member: { state: true },
  };

  constructor() {
    super();
    this.token = isUsable(storedToken()) ? storedToken() : null;
    this.sort = { key: null, desc: true };
    this.live = 'connecting';
    this.changed = new Set();
    this.parents = new Map();
    this.stream = null;
    this.reconnects = 0;
  }

  // Light DOM: the page's stylesheet applies, and tests and screen readers see plain elements.
  createRenderRoot() {
    return this;
  }

  connectedCallback() {
    super.connectedCallback();
    this.onHash = () => this.route();
    window.addEventListener('hashchange', this.onHash);
    this.offLang = onLangChange(() => {
      this.requestUpdate();
      this.updateComplete.then(() => this.drawCharts());
    });
    if (this.token) this.start();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.onHash);
    this.offLang?.();
    this.closeStream();
  }

  get claims() {
    return this.token ? claimsOf(this.token) : null;
  }

  // ---- sign-in ------------------------------------------------------------------------------

  async signInWithToken(event) {
    event.preventDefault();
    const token = new FormData(event.target).get('token')?.toString().trim();
    await this.signIn(token);
  }

  async demoSignIn(event) {
    event.preventDefault();
    const org = new FormData(event.target).get('org')?.toString().trim();
    try {
      const token = await devToken({ sub: `demo-supervisor-${org}`, roles: ['supervisor'], org });
      await this.signIn(token);
    } catch (e) {
      this.signInError = e instanceof ApiError && e.status === 404 ? t('signin.devOff') : e.message;
    }
  }

  async signIn(token) {
    if (!isUsable(token)) {
      this.signInError = t('signin.bad');
      return;
    }
    try {
      await get('/api/v1/dashboard/settings', token);
    } catch {
      this.signInError = t('signin.bad');
      return;
    }
    storeToken(token);
    this.token = token;
    this.signInError = null;
    if (!location.hash && this.claims.org) location.hash = `#/org/${enc(this.claims.org)}`;
    this.start();
  }

  signOut() {
    this.closeStream();
    storeToken(null);
    this.token = null;
    this.org = null;
    this.orgId = null;
  }

  async start() {
    try {
      this.settings = await get('/api/v1/dashboard/settings');
    } catch (e) {
      if (e.status === 401) {
        this.signOut();
        return;
      }
    }
    if (!location.hash && this.claims?.org) {
      location.hash = `#/org/${enc(this.claims.org)}`;
    } else {
      this.route();
    }
  }

  // ---- the node -----------------------------------------------------------------------------

  route() {
    const match = /^#\/org\/([^/?]+)/.exec(location.hash);
    const id = match ? decodeURIComponent(match[1]) : null;
    if (id && id !== this.orgId) this.open(id);
  }

  async open(id) {
    this.closeStream();
    this.orgId = id;
    this.org = null;
    this.nodeError = null;
    this.rollup = null;
    this.children = null;
    this.supervision = null;
    this.trend = null;
    this.member = null;
    this.results = null;
    try {
      const org = await get(`/api/v1/orgs/${enc(id)}`);
      if (this.orgId !== id) return;
      this.org = org;
      this.parents.set(org.id, { parentId: org.parentId, name: org.name });
      this.applyRollup(org.rollup, false);
      this.connectStream(id);
      this.loadChildren();
      this.loadSupervision();
      this.loadTrend();
      this.loadCrumbs(org);
    } catch (e) {
      this.nodeError = this.describe(e);
    }
  }

  describe(e) {
    if (e.status === 401) {
      this.signOut();
      return t('signin.bad');
    }
    if (e.status === 403) return t('error.forbidden');
    if (e.status === 404) return t('error.notFound');
    return `${t('error.generic')}: ${e.message}`;
  }

  /** Up from the node to the caller's scope root (or the tree's root for an admin). */
  async loadCrumbs(org) {
    const root = this.claims?.org;
    const chain = [{ id: org.id, name: org.name }];
    let parentId = org.id === root ? null : org.parentId;
    while (parentId && chain.length < 32) {
      let parent = this.parents.get(parentId);
      if (!parent) {
        try {
          const details = await get(`/api/v1/orgs/${enc(parentId)}`);
          parent = { parentId: details.parentId, name: details.name };
          this.parents.set(parentId, parent);
        } catch {
          break;
        }
      }
      chain.unshift({ id: parentId, name: parent.name });
      parentId = parentId === root ? null : parent.parentId;
    }
    if (this.orgId === org.id) this.crumbs = chain;
  }

  async loadChildren() {
    const id = this.orgId;
    try {
      const answer = await get(`/api/v1/orgs/${enc(id)}/children`);
      if (this.orgId !== id) return;
      this.children = answer.items.map(c => ({ id: c.id, name: c.name, kind: c.kind, values: indicators(c.rollup?.metrics) }));
      for (const c of answer.items) this.parents.set(c.id, { parentId: id, name: c.name });
      await this.updateComplete;
      this.drawCharts();
    } catch (e) {
      if (this.orgId === id) this.children = [];
    }
  }

  /** Refreshes the children at most every CHILDREN_REFRESH_MS while the node's figures change. */
  scheduleChildren() {
    if (this.childrenTimer) return;
    this.childrenTimer = setTimeout(() => {
      this.childrenTimer = null;
      this.loadChildren();
    }, CHILDREN_REFRESH_MS);
  }

  scheduleSupervision() {
    if (this.supervisionTimer) return;
    const wait = Math.max(0, (this.supervisionReadAt ?? 0) + SUPERVISION_REFRESH_MS - Date.now());
    this.supervisionTimer = setTimeout(() => {
      this.supervisionTimer = null;
      this.loadSupervision();
    }, wait);
  }

  async loadSupervision() {
    const id = this.orgId;
    this.supervisionReadAt = Date.now();
    const items = [];
    try {
      const board = await get(`/api/v1/orgs/${enc(id)}/supervision`);
      for (const item of board.items) items.push({ kind: 'commitment', id: item.id, title: item.title, orgId: item.ownerOrgId, due: item.dueOn });
    } catch {
      // Shown as empty; the node's own error says more.
    }
    try {
      // The ledger of the subtree's overdue residents' requests (docs/requests.md): items of
      // { id, orgId, title, category, status, overdue, filedAt, dueAt, escalatedTo }, oldest first.
      const requests = await get(`/api/v1/orgs/${enc(id)}/requests?status=overdue&limit=${SUPERVISION_REQUESTS}`);
      for (const r of requests.items) items.push({ kind: 'request', id: r.id, title: r.title, orgId: r.orgId, due: r.dueAt });
    } catch {
      // Shown without them; the node's own error says more.
    }
    if (this.orgId !== id) return;
    items.sort((a, b) => String(a.due).localeCompare(String(b.due)));
    this.supervision = items;
  }

  async loadTrend() {
    const id = this.orgId;
    const from = cstMonth(new Date(), -12);
    const to = cstMonth(new Date(), -1);
    try {
      const [members, reportedIn, inService] = await Promise.all(['members', 'reportedIn', 'inService']
        .map(metric => get(`/api/v1/orgs/${enc(id)}/trend?metric=${metric}&from=${from}&to=${to}`)));
      if (this.orgId !== id) return;
      const periods = members.points.map(p => p.period);
      const rate = reportedIn.points.map((p, i) => (p.value === null || !inService.points[i].value ? null : (100 * p.value) / inService.points[i].value));
      this.trend = {
        periods,
        members: members.points.map(p => p.value),
        reportInRate: rate.map(v => (v === null ? null : Math.round(v * 10) / 10)),
        any: members.points.some(p => p.value !== null),
      };
    } catch {
      if (this.orgId === id) this.trend = { periods: [], members: [], reportInRate: [], any: false };
    }
    await this.updateComplete;
    this.drawCharts();
  }

  drawCharts() {
    const trendEl = this.querySelector('#trend-chart');
    if (trendEl && this.trend?.any) {
      drawTrend(trendEl, { ...this.trend, labels: { members: t('chart.members'), reportIn: t('chart.reportIn') } });
    } else if (trendEl) {
      clearChart(trendEl);
    }
    const childrenEl = this.querySelector('#children-chart');
    if (childrenEl && this.children?.length) {
      const rows = [...this.children].sort((a, b) => (a.values.reportInRate ?? -1) - (b.values.reportInRate ?? -1)).slice(0, 40).reverse();
      drawChildren(childrenEl, {
        names: rows.map(r => r.name),
        values: rows.map(r => (r.values.reportInRate === null ? null : Math.round(r.values.reportInRate * 10) / 10)),
        lights: rows.map(r => lights(r.values, this.settings?.thresholds).reportInRate),
        label: '%',
      });
    }
  }

  // ---- live ---------------------------------------------------------------------------------

  applyRollup(rollup, fromStream) {
    if (!rollup) return;
    if (this.rollup && rollup.version <= this.rollup.version && rollup.orgId === this.rollup.orgId) return;
    const before = this.rollup?.orgId === rollup.orgId ? indicators(this.rollup.metrics) : null;
    const after = indicators(rollup.metrics);
    if (before) {
      const changed = new Set(Object.keys(after).filter(k => before[k] !== after[k]));
      if (fromStream && SUPERVISION_FIGURES.some(k => changed.has(k))) this.scheduleSupervision();
      if (changed.size) {
        this.changed = changed;
        clearTimeout(this.changedTimer);
        this.changedTimer = setTimeout(() => { this.changed = new Set(); }, 1500);
      }
    }
    this.rollup = rollup;
    this.updatedAt = new Date();
    if (fromStream && before) this.scheduleChildren();
  }

  async connectStream(id) {
    this.closeStream();
    this.live = this.reconnects ? 'reconnecting' : 'connecting';
    let ticket;
    try {
      ({ ticket } = await post('/api/v1/streams/tickets'));
    } catch (e) {
      if (e.status === 401) {
        this.signOut();
        return;
      }
      this.retryStream(id);
      return;
    }
    if (this.orgId !== id) return;
    const source = new EventSource(`/api/v1/orgs/${enc(id)}/rollup/stream?ticket=${enc(ticket)}`);
    this.stream = source;
    source.addEventListener('open', () => {
      this.live = 'live';
      this.reconnects = 0;
    });
    source.addEventListener('rollup', event => {
      this.live = 'live';
      this.applyRollup(JSON.parse(event.data), true);
    });
    source.addEventListener('error', () => {
      // The browser would retry with the same URL, whose ticket expires: start over with a new one.
      if (this.stream !== source) return;
      this.live = 'reconnecting';
      source.close();
      this.stream = null;
      this.retryStream(id);
    });
  }

  retryStream(id) {
    const delay = RECONNECT_DELAYS[Math.min(this.reconnects, RECONNECT_DELAYS.length - 1)];
    this.reconnects += 1;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      if (this.orgId === id && this.token) this.connectStream(id);
    }, delay);
  }

  closeStream() {
    clearTimeout(this.retryTimer);
    clearTimeout(this.childrenTimer);
    clearTimeout(this.supervisionTimer);
    this.childrenTimer = null;
    this.supervisionTimer = null;
    this.stream?.close();
    this.stream = null;
  }

  // ---- search -------------------------------------------------------------------------------

  async search(event) {
    event.preventDefault();
    const q = new FormData(event.target).get('q')?.toString().trim();
    if (!q) return;
    const found = [];
    const seen = new Set();
    const add = item => {
      const key = `${item.type}:${item.id}`;
      if (!seen.has(key)) {
        seen.add(key);
        found.push(item);
      }
    };
    // Search by name (GET /orgs?q=, /members?q=) when the silo has it; an exact id always.
    let byName = true;
    const scope = this.claims?.org ? `&orgId=${enc(this.claims.org)}` : '';
    await Promise.all([
      get(`/api/v1/orgs?q=${enc(q)}&limit=10`).then(a => a.items.forEach(o => add({ type: 'org', id: o.id, name: o.name, detail: kindName(o.kind) })))
        .catch(() => { byName = false; }),
      get(`/api/v1/members?q=${enc(q)}&limit=10${scope}`).then(a => a.items.forEach(m => add({ type: 'member', id: m.id, name: m.name, detail: m.orgId, member: m })))
        .catch(() => { byName = false; }),
    ]);
    if (ID_PATTERN.test(q)) {
      await Promise.all([
        get(`/api/v1/orgs/${enc(q)}`).then(o => add({ type: 'org', id: o.id, name: o.name, detail: kindName(o.kind) })).catch(() => {}),
        get(`/api/v1/members/${enc(q)}`).then(m => add({ type: 'member', id: m.id, name: m.name, detail: m.orgId, member: m })).catch(() => {}),
      ]);
    }
    this.searchNote = byName ? null : t('search.exactOnly');
    this.results = found;
  }

  choose(item) {
    this.results = null;
    if (item.type === 'org') {
      location.hash = `#/org/${enc(item.id)}`;
    } else {
      this.member = item.member;
    }
  }

  // ---- rendering ----------------------------------------------------------------------------

  render() {
    const claims = this.claims;
    return html`
      <header class="bar">
        <h1 data-testid="title">${t('app.title')}</h1>
        ${claims ? html`<span class="who" data-testid="who">${claims.sub} · ${claims.roles.join(', ')}${claims.org ? ` · ${claims.org}` : ''}</span>` : nothing}
        <button data-testid="lang" @click=${() => switchLang()}>${t('lang.switch')}</button>
        ${claims ? html`<button data-testid="sign-out" @click=${() => this.signOut()}>${t('signout')}</button>` : nothing}
      </header>
      <main>${this.token ? this.renderBoard() : this.renderSignIn()}</main>`;
  }

  renderSignIn() {
    return html`
      <div class="signin">
        <form class="card" @submit=${this.demoSignIn}>
          <h3>${t('signin.demo')}</h3>
          <div class="row">
            <label for="demo-org">${t('signin.demoOrg')}</label>
            <input id="demo-org" name="org" data-testid="demo-org" required value="410103">
            <button class="primary" type="submit" data-testid="demo-sign-in">${t('signin.demo')}</button>
          </div>
          <p class="muted">${t('signin.demoHint')}</p>
        </form>
        <form class="card" @submit=${this.signInWithToken}>
          <h3>${t('signin.title')}</h3>
          <label for="token">${t('signin.token')}</label>
          <textarea id="token" name="token" required autocomplete="off" spellcheck="false"></textarea>
          <p><button type="submit" data-testid="token-sign-in">${t('signin.submit')}</button></p>
        </form>
        ${this.signInError ? html`<p class="error" data-testid="sign-in-error">${this.signInError}</p>` : nothing}
      </div>`;
  }

  renderBoard() {
    return html`
      <div class="toolbar">
        <nav class="crumbs" data-testid="crumbs">
          ${(this.crumbs ?? []).map((c, i, all) => html`
            ${i > 0 ? html`<span class="sep">›</span>` : nothing}
            ${i === all.length - 1 ? html`<strong>${c.name}</strong>` : html`<a href="#/org/${enc(c.id)}">${c.name}</a>`}`)}
        </nav>
        <form class="search" @submit=${this.search}>
          <input name="q" data-testid="search" placeholder=${t('search.placeholder')} autocomplete="off">
          <button type="submit">${t('search.submit')}</button>
          ${this.results ? this.renderResults() : nothing}
        </form>
      </div>
      ${this.member ? this.renderMember() : nothing}
      ${this.orgId ? this.renderNode() : this.renderStart()}`;
  }

  renderStart() {
    return html`<div class="card"><p>${t('node.startPrompt')}</p></div>`;
  }

  renderResults() {
    return html`
      <div class="results" data-testid="results">
        ${this.searchNote ? html`<p class="muted">${this.searchNote}</p>` : nothing}
        ${this.results.length === 0 ? html`<p class="muted">${t('search.none')}</p>` : nothing}
        ${this.results.map(r => html`
          <button type="button" data-testid="result" @click=${() => this.choose(r)}>
            <span class="badge">${t(r.type === 'org' ? 'search.org' : 'search.member')}</span>
            <strong>${r.name}</strong> <span class="muted">${r.id} · ${r.detail}</span>
          </button>`)}
      </div>`;
  }

  renderMember() {
    const m = this.member;
    return html`
      <div class="card" data-testid="member-card" style="margin-bottom:1rem">
        <h3>${m.name} <span class="muted">${m.id}</span></h3>
        <p>${t('search.org')}: <a href="#/org/${enc(m.orgId)}">${m.orgId}</a> · ${m.status} · ${m.category}
          ${m.points ? html` · ${t('tile.points')} ${number(m.points.total)}` : nothing}
          ${m.reportedIn ? html` · ${t('tile.reportedIn')} ${m.reportedIn.gridId}` : nothing}</p>
        <button @click=${() => { this.member = null; }}>×</button>
      </div>`;
  }

  renderNode() {
    if (this.nodeError) return html`<div class="card error" data-testid="node-error">${this.orgId}: ${this.nodeError}</div>`;
    if (!this.org) return html`<div class="card muted">…</div>`;
    const v = indicators(this.rollup?.metrics);
    const l = lights(v, this.settings?.thresholds);
    return html`
      <div class="node-head">
        <h2 data-testid="node-name">${this.org.name}</h2>
        <span class="badge">${kindName(this.org.kind)}</span>
        <span class="muted">${this.org.id}</span>
        <span class="live" data-testid="live">
          <span class="dot ${this.live === 'live' ? 'on' : this.live === 'reconnecting' ? 'off' : ''}"></span>
          ${t(`live.${this.live}`)}
          ${this.updatedAt ? html` · ${t('live.updated')} <span data-testid="updated-at">${time(this.updatedAt)}</span>` : nothing}
        </span>
      </div>
      <section class="tiles">
        ${this.tile('members', null, t('tile.members'), number(v.members), `${t('tile.probationary')} ${number(v.probationary)} · ${t('tile.orgs')} ${number(v.orgs)}`)}
        ${this.tile('reportIn', l.reportInRate, t('tile.reportIn'), percent(v.reportInRate), `${t('tile.reportedIn')} ${number(v.reportedIn)} / ${t('tile.inService')} ${number(v.inService)}`, ['reportInRate', 'reportedIn', 'inService'])}
        ${this.tile('points', null, t('tile.points'), number(v.points), `${t('tile.reportedHere')} ${number(v.reportedHere)} · ${t('tile.redemptions')} ${number(v.redemptions)}`, ['points', 'reportedHere', 'redemptions'])}
        ${this.tile('volunteer', null, t('tile.volunteer'), number(v.volunteerHours, 1), `${t('tile.claims')} ${number(v.claimsCompleted)} · ${t('tile.projectsOpen')} ${number(v.projectsOpen)}`, ['volunteerHours', 'claimsCompleted', 'projectsOpen'])}
        ${this.tile('requests', l.requestsOverdueRate, t('tile.requests'), number(v.requestsOpen), `${t('tile.requestsOverdue')} ${number(v.requestsOverdue)} · ${t('tile.requestsClosed')} ${number(v.requestsClosed)}`, ['requestsOpen', 'requestsOverdue', 'requestsClosed'])}
        ${this.tile('satisfaction', l.satisfaction, t('tile.satisfaction'), number(v.satisfaction, 2), `${t('tile.ratings')} ${number(v.satisfactionCount)}`)}
        ${this.tile('commitments', l.commitmentsOverdueRate, t('tile.commitments'), number(v.commitmentsOpen), `${t('tile.commitmentsOverdue')} ${number(v.commitmentsOverdue)} · ${t('tile.commitmentsDone')} ${number(v.commitmentsDone)}`, ['commitmentsOpen', 'commitmentsOverdue', 'commitmentsDone'])}
        ${this.meetingsTile(v, l)}
        ${this.tile('errands', l.errandsOverdueRate, t('tile.errands'), number(v.errandsOpen), `${t('tile.errandsOverdue')} ${number(v.errandsOverdue)} · ${t('tile.errandsDone')} ${number(v.errandsDone)}`, ['errandsOpen', 'errandsOverdue', 'errandsDone'])}
        ${this.tile('agreements', l.agreementItemsOverdueRate, t('tile.agreements'), number(v.agreementItemsOpen), `${t('tile.agreementItemsOverdue')} ${number(v.agreementItemsOverdue)} · ${t('tile.agreementItemsDone')} ${number(v.agreementItemsDone)}`, ['agreementItemsOpen', 'agreementItemsOverdue', 'agreementItemsDone'])}
      </section>
      <div class="grid2">
        <section class="card">
          <h3>${t('children.title')}</h3>
          ${this.renderChildren()}
        </section>
        <section class="card">
          <h3>${t('chart.children')}</h3>
          ${this.children?.length ? html`<div id="children-chart" class="chart" data-testid="children-chart" style="height:${Math.max(220, Math.min(40, this.children.length) * 26 + 40)}px"></div>` : html`<p class="empty">${t('children.none')}</p>`}
        </section>
      </div>
      <div class="grid2">
        <section class="card">
          <h3>${t('chart.trend')}</h3>
          ${this.trend && !this.trend.any ? html`<p class="empty">${t('chart.noReports')}</p>` : nothing}
          <div id="trend-chart" class="chart" data-testid="trend-chart" style=${this.trend?.any ? '' : 'height:0'}></div>
        </section>
        <section class="card">
          <h3>${t('supervision.title')}</h3>
          ${this.renderSupervision()}
        </section>
      </div>`;
  }

  /** Held / required, and the compliance rate; nothing required is no requirement (grey), not a failure. */
  meetingsTile(v, l) {
    const keys = ['meetingCompliance', 'meetingsHeld', 'meetingsRequired'];
    return v.meetingsRequired > 0
      ? this.tile('meetings', l.meetingCompliance, t('tile.meetings'), `${number(v.meetingsHeld)} / ${number(v.meetingsRequired)}`,
        `${t('tile.meetingCompliance')} ${percent(v.meetingCompliance)} · ${t('tile.meetingsHeld')} / ${t('tile.meetingsRequired')}`, keys)
      : this.tile('meetings', 'grey', t('tile.meetings'), t('tile.noRequirement'), `${t('tile.meetingsHeld')} ${number(v.meetingsHeld)}`, keys);
  }

  tile(name, colour, label, value, sub, keys = [name]) {
    const changed = keys.some(k => this.changed.has(k)) || this.changed.has(name);
    return html`
      <div class="tile ${colour ?? 'plain'} ${changed ? 'changed' : ''}" data-testid="tile-${name}" data-light=${colour ?? 'none'}>
        <div class="label">${label}</div>
        <div class="value" data-testid="tile-${name}-value">${value}</div>
        <div class="sub">${sub}</div>
      </div>`;
  }

  sortBy(key) {
    this.sort = { key, desc: this.sort.key === key ? !this.sort.desc : true };
  }

  renderChildren() {
    if (!this.children) return html`<p class="empty">…</p>`;
    if (!this.children.length) return html`<p class="empty">${t('children.none')}</p>`;
    const { key, desc } = this.sort;
    const rows = key === null ? this.children : [...this.children].sort((a, b) => {
      const x = key === 'name' ? a.name : a.values[key];
      const y = key === 'name' ? b.name : b.values[key];
      const order = x === null || x === undefined ? -1 : y === null || y === undefined ? 1
        : typeof x === 'string' ? x.localeCompare(y, currentLang()) : x - y;
      return (desc ? -order : order) || a.id.localeCompare(b.id);
    });
    const arrow = k => (key === k ? (desc ? ' ▼' : ' ▲') : '');
    return html`
      <table data-testid="children">
        <thead><tr>
          <th class=${key === 'name' ? 'sorted' : ''} data-testid="sort-name" @click=${() => this.sortBy('name')}>${t('col.name')}${arrow('name')}</th>
          ${COLUMNS.map(c => html`<th class=${key === c.key ? 'sorted' : ''} data-testid="sort-${c.key}" @click=${() => this.sortBy(c.key)}>${t(c.label)}${arrow(c.key)}</th>`)}
        </tr></thead>
        <tbody>
          ${rows.map(row => {
            const l = lights(row.values, this.settings?.thresholds);
            const worst = ['red', 'yellow', 'green'].find(colour => COLOURED.some(name => l[name] === colour)) ?? 'grey';
            return html`
              <tr data-testid="child-row" data-id=${row.id} data-light=${worst} @click=${() => { location.hash = `#/org/${enc(row.id)}`; }}>
                <td><span class="flag ${worst}"></span><a href="#/org/${enc(row.id)}" data-testid="child-link">${row.name}</a> <span class="muted">${kindName(row.kind)}</span></td>
                ${COLUMNS.map(c => html`<td data-col=${c.key}>${c.light ? html`<span class="flag ${l[c.light]}"></span>` : nothing}${c.format(row.values[c.key])}</td>`)}
              </tr>`;
          })}
        </tbody>
      </table>`;
  }

  renderSupervision() {
    const items = this.supervision;
    return html`
      ${!items ? html`<p class="empty">…</p>` : items.length === 0 ? html`<p class="empty">${t('supervision.none')}</p>` : html`
        <ul class="list" data-testid="supervision">
          ${items.map(item => html`
            <li>
              <span class="badge red">${t(`supervision.${item.kind}`)}</span>
              <strong>${item.title}</strong>
              <span class="muted">${item.orgId} · ${t('supervision.due')} ${day(item.due)}</span>
            </li>`)}
        </ul>`}
`;
  }
}

customElements.define('pa-dashboard', Dashboard);
