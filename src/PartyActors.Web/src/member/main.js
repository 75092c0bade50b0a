// The member page at /m/ (a phone, 375 px and up): my points and rank, report in to my grid, open
// projects near me and claiming one, my commitments and their progress (docs/dashboard.md).
import { LitElement, html, nothing } from 'lit';
import '../shared/style.css';
import { ApiError, claimsOf, devToken, enc, get, isUsable, post, storeToken, storedToken } from '../shared/api.js';
import { onLangChange, switchLang, t } from '../shared/i18n.js';
import { day, number } from '../shared/format.js';

class MemberPage extends LitElement {
  static properties = {
    token: { state: true },
    error: { state: true },
    me: { state: true },
    rank: { state: true },
    projects: { state: true },
    commitments: { state: true },
    busy: { state: true },
    notice: { state: true },
  };

  constructor() {
    super();
    const token = storedToken();
    this.token = isUsable(token) && claimsOf(token)?.member ? token : null;
  }

  createRenderRoot() {
    return this;
  }

  connectedCallback() {
    super.connectedCallback();
    this.offLang = onLangChange(() => this.requestUpdate());
    if (this.token) this.load();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.offLang?.();
  }

  get memberId() {
    return this.token ? claimsOf(this.token)?.member : null;
  }

  async demoSignIn(event) {
    event.preventDefault();
    const member = new FormData(event.target).get('member')?.toString().trim();
    try {
      this.signIn(await devToken({ sub: member, roles: ['member'], member }));
    } catch (e) {
      this.error = e instanceof ApiError && e.status === 404 ? t('signin.devOff') : e.message;
    }
  }

  tokenSignIn(event) {
    event.preventDefault();
    this.signIn(new FormData(event.target).get('token')?.toString().trim());
  }

  signIn(token) {
    if (!isUsable(token) || !claimsOf(token)?.member) {
      this.error = t('signin.bad');
      return;
    }
    storeToken(token);
    this.token = token;
    this.error = null;
    this.load();
  }

  signOut() {
    storeToken(null);
    this.token = null;
    this.me = null;
  }

  async load() {
    const id = this.memberId;
    try {
      this.me = await get(`/api/v1/members/${enc(id)}`);
    } catch (e) {
      if (e.status === 401) this.signOut();
      this.error = e.message;
      return;
    }
    this.error = null;
    await Promise.all([this.loadRank(), this.loadProjects(), this.loadCommitments()]);
  }

  async loadRank() {
    try {
      this.rank = await get(`/api/v1/members/${enc(this.memberId)}/rank`);
    } catch {
      this.rank = null;
    }
  }

  /**
   * Near me: the projects of the community I am reported in to (with its grids), else of my
   * residence grid, and of my own organization: GET /orgs/{id}/projects lists an organization's and
   * its children's.
   */
  async loadProjects() {
    const places = [this.me.reportedIn?.communityId ?? this.me.residenceGridId, this.me.orgId].filter(Boolean);
    const lists = await Promise.all([...new Set(places)].map(org => get(`/api/v1/orgs/${enc(org)}/projects?status=open`).catch(() => ({ items: [] }))));
    const seen = new Set();
    this.projects = lists.flatMap(l => l.items).filter(p => !seen.has(p.id) && seen.add(p.id));
  }

  async loadCommitments() {
    try {
      this.commitments = (await get(`/api/v1/members/${enc(this.memberId)}/commitments`)).items;
    } catch {
      this.commitments = [];
    }
  }

  async reportIn(event) {
    event.preventDefault();
    const gridId = new FormData(event.target).get('grid')?.toString().trim();
    await this.act(async () => {
      await post(`/api/v1/members/${enc(this.memberId)}/report-in`, { gridId });
      this.me = await get(`/api/v1/members/${enc(this.memberId)}`);
      await this.loadProjects();
    });
  }

  async claim(project) {
    // Whether it took or not (quota full, claimed elsewhere), the list then shows where things stand.
    await this.act(() => post(`/api/v1/projects/${enc(project.id)}/claims`, { memberId: this.memberId }));
    await this.loadProjects();
  }

  async act(work) {
    this.busy = true;
    this.notice = null;
    try {
      await work();
    } catch (e) {
      this.notice = e.message;
    } finally {
      this.busy = false;
    }
  }

  render() {
    return html`
      <header class="bar">
        <h1 data-testid="title">${t('app.member')}</h1>
        <button data-testid="lang" @click=${() => switchLang()}>${t('lang.switch')}</button>
        ${this.token ? html`<button data-testid="sign-out" @click=${() => this.signOut()}>${t('signout')}</button>` : nothing}
      </header>
      <main>
        ${this.token ? this.renderMe() : this.renderSignIn()}
        ${this.error ? html`<p class="error" data-testid="error">${this.error}</p>` : nothing}
      </main>`;
  }

  renderSignIn() {
    return html`
      <div class="m-stack">
        <form class="card" @submit=${this.demoSignIn}>
          <h3>${t('signin.demo')}</h3>
          <label for="demo-member">${t('signin.demoMember')}</label>
          <div class="signin row" style="margin:0;display:flex;gap:.5rem">
            <input id="demo-member" name="member" data-testid="demo-member" required style="flex:1">
            <button class="primary" type="submit" data-testid="demo-sign-in">${t('signin.demo')}</button>
          </div>
          <p class="muted">${t('signin.demoHint')}</p>
        </form>
        <form class="card" @submit=${this.tokenSignIn}>
          <h3>${t('signin.title')}</h3>
          <textarea name="token" required style="width:100%;height:5rem" aria-label=${t('signin.token')}></textarea>
          <p><button type="submit">${t('signin.submit')}</button></p>
        </form>
      </div>`;
  }

  renderMe() {
    const me = this.me;
    if (!me) return html`<p class="muted">…</p>`;
    return html`
      <div class="m-stack">
        <section class="card">
          <h3 data-testid="member-name">${me.name} <span class="muted">${me.id}</span></h3>
          <div class="m-points">
            <div><div class="muted">${t('member.points')}</div><div class="big" data-testid="points-total">${number(me.points.total)}</div></div>
            <div><div class="muted">${t('member.rank')}</div>
              <div class="big" data-testid="rank">${this.rank?.rank ?? '—'}</div>
              <div class="muted">${this.rank ? t('member.of', { n: this.rank.of }) : ''}</div></div>
            <div class="muted">${t('member.thisMonth')} ${number(me.points.thisMonth)}</div>
            <div class="muted">${t('member.thisYear')} ${number(me.points.thisYear)}</div>
          </div>
        </section>
        <section class="card">
          <h3>${t('member.reportIn')}</h3>
          <p data-testid="report-in-status">${me.reportedIn
            ? html`<span class="badge green">${t('member.reportedAt')}</span> ${me.reportedIn.gridId} · ${day(me.reportedIn.at)}`
            : html`<span class="badge">${t('member.notReported')}</span>`}</p>
          <form @submit=${this.reportIn} style="display:flex;gap:.5rem;flex-wrap:wrap">
            <input name="grid" data-testid="grid" required value=${me.reportedIn?.gridId ?? me.residenceGridId ?? ''} aria-label=${t('member.gridId')} style="flex:1;min-width:8rem">
            <button class="primary" type="submit" data-testid="report-in" ?disabled=${this.busy}>${t('member.reportInButton')}</button>
          </form>
        </section>
        <section class="card">
          <h3>${t('member.projects')}</h3>
          ${this.notice ? html`<p class="error" data-testid="notice">${this.notice}</p>` : nothing}
          ${!this.projects ? html`<p class="muted">…</p>` : this.projects.length === 0 ? html`<p class="empty">${t('member.noProjects')}</p>` : this.projects.map(p => this.renderProject(p))}
        </section>
        <section class="card">
          <h3>${t('member.commitments')}</h3>
          ${!this.commitments ? html`<p class="muted">…</p>` : this.commitments.length === 0 ? html`<p class="empty">${t('member.noCommitments')}</p>` : this.commitments.map(c => this.renderCommitment(c))}
        </section>
      </div>`;
  }

  renderProject(p) {
    const held = p.claims;
    const mine = p.claims.some(c => c.memberId === this.memberId);
    const full = held.length >= p.quota;
    return html`
      <div class="project" data-testid="project" data-id=${p.id}>
        <div class="top">
          <strong>${p.title}</strong>
          ${mine
            ? html`<span class="badge green" data-testid="claimed">${t('member.claimed')}</span>`
            : html`<button class="primary" data-testid="claim" ?disabled=${this.busy || full} @click=${() => this.claim(p)}>${full ? t('member.full') : t('member.claim')}</button>`}
        </div>
        <div class="muted">
          <span class="badge">${t(`kind.${p.kind}`)}</span>
          ${t('member.places', { used: held.length, quota: p.quota })}
          ${p.pointsPerHour ? html` · ${t('member.perHour', { n: p.pointsPerHour })}` : nothing}
          ${p.closesAt ? html` · ${day(p.closesAt)}` : nothing}
        </div>
      </div>`;
  }

  renderCommitment(c) {
    const share = c.target > 0 ? Math.min(100, (100 * c.progress) / c.target) : 0;
    const colour = c.status === 'overdue' ? 'red' : c.status === 'done' ? 'green' : '';
    return html`
      <div class="project" data-testid="commitment">
        <div class="top"><strong>${c.title}</strong><span class="badge ${colour}">${t(`status.${c.status}`)}</span></div>
        <div class="progress"><span style="width:${share}%"></span></div>
        <div class="muted">${number(c.progress, 0)} / ${number(c.target, 0)} ${c.unit} · ${t('supervision.due')} ${day(c.dueOn)}</div>
      </div>`;
  }
}

customElements.define('pa-member', MemberPage);
