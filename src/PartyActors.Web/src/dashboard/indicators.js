// The dashboard's derived indicators from a roll-up's counters, and their red / yellow / green by
// the thresholds the silo serves (GET /api/v1/dashboard/settings; WebUi:Thresholds).

const ratio = (part, whole, scale = 100) => (whole > 0 ? (part / whole) * scale : null);

/** Every figure a tile or a row shows, from a roll-up's metrics. */
export function indicators(metrics) {
  const m = metrics ?? {};
  const n = name => m[name] ?? 0;
  return {
    members: n('members'),
    probationary: n('probationary'),
    orgs: n('orgs'),
    inService: n('inService'),
    reportedIn: n('reportedIn'),
    reportedHere: n('reportedHere'),
    reportInRate: ratio(n('reportedIn'), n('inService')),
    points: n('points'),
    volunteerHours: n('volunteerMinutes') / 60,
    claimsCompleted: n('claimsCompleted'),
    projectsOpen: n('projectsOpen'),
    requestsOpen: n('requestsOpen'),
    requestsOverdue: n('requestsOverdue'),
    requestsClosed: n('requestsClosed'),
    // Nothing open is nothing overdue: 0 %.
    requestsOverdueRate: ratio(n('requestsOverdue'), n('requestsOpen')) ?? 0,
    satisfaction: ratio(n('satisfactionSum'), n('satisfactionCount'), 1),
    satisfactionCount: n('satisfactionCount'),
    commitmentsOpen: n('commitmentsOpen'),
    commitmentsOverdue: n('commitmentsOverdue'),
    commitmentsDone: n('commitmentsDone'),
    commitmentsOverdueRate: ratio(n('commitmentsOverdue'), n('commitmentsOpen')) ?? 0,
    meetingsRequired: n('meetingsRequired'),
    meetingsHeld: n('meetingsHeld'),
    meetingCompliance: ratio(n('meetingsHeld'), n('meetingsRequired')),
    errandsOpen: n('errandsOpen'),
    errandsOverdue: n('errandsOverdue'),
    errandsDone: n('errandsDone'),
    errandsOverdueRate: ratio(n('errandsOverdue'), n('errandsOpen')) ?? 0,
    agreementItemsOpen: n('agreementItemsOpen'),
    agreementItemsOverdue: n('agreementItemsOverdue'),
    agreementItemsDone: n('agreementItemsDone'),
    agreementItemsOverdueRate: ratio(n('agreementItemsOverdue'), n('agreementItemsOpen')) ?? 0,
    redemptions: n('redemptions'),
    pointsRedeemed: n('pointsRedeemed'),
  };
}

/** 'green' | 'yellow' | 'red' | 'grey' (no value: nothing to measure). */
export function light(value, threshold) {
  if (value === null || value === undefined || !threshold) return 'grey';
  if (threshold.better === 'lower') {
    if (value <= threshold.green) return 'green';
    return value <= threshold.yellow ? 'yellow' : 'red';
  }
  if (value >= threshold.green) return 'green';
  return value >= threshold.yellow ? 'yellow' : 'red';
}

/** The coloured indicators, by name, with the threshold each uses. */
export const COLOURED = ['reportInRate', 'satisfaction', 'requestsOverdueRate', 'commitmentsOverdueRate', 'meetingCompliance',
  'errandsOverdueRate', 'agreementItemsOverdueRate'];

export function lights(values, thresholds) {
  return Object.fromEntries(COLOURED.map(name => [name, light(values[name], thresholds?.[name])]));
}
