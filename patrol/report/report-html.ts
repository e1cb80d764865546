// The patrol report as one self-contained HTML file (styles inline, the map as SVG drawn from the data: opens with
// no network and prints as it shows), in English or Chinese. Times are the site's local time.
import type { PatrolReport, ReportLanguage } from './report-data';
import { esc, reportMapSvg } from './map-svg';
import { fill, REPORT_STRINGS } from './report-strings';

const CSS = `
body{font-family:"Noto Sans","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif;color:#1b2733;margin:24px auto;max-width:820px;font-size:13px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:18px 0 6px;border-bottom:1px solid #cfd8dc;padding-bottom:2px}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:3px 6px;border-bottom:1px solid #e3e8ee;vertical-align:top}
th{color:#5a6b7d;font-weight:600}.facts td:first-child{color:#5a6b7d;width:34%}.num{font-variant-numeric:tabular-nums;white-space:nowrap}
.checked{color:#2e7d32;font-weight:600}.brief{color:#ef6c00;font-weight:600}.missed{color:#c62828;font-weight:600}
.summary{font-size:15px;margin:8px 0}.small{color:#5a6b7d;font-size:11px}svg{max-width:100%;height:auto;border:1px solid #cfd8dc;box-sizing:border-box}
@media print{body{margin:0}h2{break-after:avoid}tr{break-inside:avoid}}
`;

/** Local time of day (and date when asked) at the site's offset from UTC. */
export function localTime(t_us: number, offset_min: number, withDate = false): string {
  const d = new Date(t_us / 1000 + offset_min * 60_000);
  const iso = d.toISOString();
  return withDate ? `${iso.slice(0, 10)} ${iso.slice(11, 19)}` : iso.slice(11, 19);
}

export function offsetText(offset_min: number): string {
  const sign = offset_min < 0 ? '−' : '+';
  const a = Math.abs(offset_min);
  return `${sign}${Math.floor(a / 60)}${a % 60 ? `:${String(a % 60).padStart(2, '0')}` : ''}`;
}

const duration = (s: number): string => `${Math.floor(s / 3600) > 0 ? `${Math.floor(s / 3600)}:` : ''}${String(Math.floor((s % 3600) / 60)).padStart(Math.floor(s / 3600) > 0 ? 2 : 1, '0')}:${String(Math.floor(s % 60)).padStart(2, '0')}`;

export function reportHtml(r: PatrolReport, lang: ReportLanguage): string {
  const s = REPORT_STRINGS[lang];
  const t = (us: number | null, withDate = false) => (us === null ? s.unknown : localTime(us, r.utc_offset_min, withDate));
  const count = (st: string) => r.posts.filter((p) => p.status === st).length;
  const fly_s = r.takeoff_t_us !== null && r.landing_t_us !== null ? (r.landing_t_us - r.takeoff_t_us) / 1e6 : (r.end_t_us - r.start_t_us) / 1e6;
  const used = r.battery.start_pct !== null && r.battery.end_pct !== null ? `${r.battery.start_pct - r.battery.end_pct} % (${r.battery.start_pct} → ${r.battery.end_pct} %)` : r.battery.start_v !== null && r.battery.end_v !== null ? `${r.battery.start_v.toFixed(1)} → ${r.battery.end_v.toFixed(1)} V` : s.unknown;
  const facts: Array<[string, string]> = [
    [s.site, r.site ? `${r.site.name}${r.site_file ? ` (${r.site_file})` : ''}` : s.noSite],
    [s.date, t(r.takeoff_t_us ?? r.start_t_us, true).slice(0, 10)],
    [s.vehicle, r.vehicle ? `${r.vehicle.sysid} · ${r.vehicle.type} · ${r.vehicle.autopilot}` : s.unknown],
    [s.takeoff, t(r.takeoff_t_us)],
    [s.landing, t(r.landing_t_us)],
    [s.duration, duration(fly_s)],
    [s.distance, `${(r.distance_m / 1000).toFixed(2)} km`],
    [s.maxAlt, r.max_alt_rel_m === null ? s.unknown : `${r.max_alt_rel_m.toFixed(0)} m`],
    [s.battery, used],
  ];
  const rows = r.posts.map((p) => `<tr data-post="${esc(p.id)}" data-status="${p.status}"><td><b>${esc(p.id)}</b> ${esc(p.name)}</td><td class="${p.status}">${s.status[p.status]}</td>`
    + `<td class="num">${p.first_check_t_us === null ? '—' : t(p.first_check_t_us)}</td><td class="num">${p.longest_dwell_s.toFixed(0)} / ${p.dwell_s} s</td>`
    + `<td class="num">${p.closest_m === null ? '—' : `${p.closest_m.toFixed(1)} m`}</td><td class="num">${p.photos}</td>`
    + `<td>${p.finding ? s.kinds[p.finding] : '—'}${p.findings_count > 1 ? ` (${p.findings_count})` : ''}</td><td>${p.note ? esc(p.note) : ''}</td></tr>`).join('\n');
  const legs = r.items_reached.length === 0 ? `<p>${s.noLegs}</p>`
    : `<table><tr><th>${s.time}</th><th>${s.what}</th></tr>${r.items_reached.map((i) => `<tr><td class="num">${t(i.t_us)}</td><td>${fill(s.item, { seq: i.seq })}</td></tr>`).join('')}</table>`;
  const events = r.events.length === 0 ? `<p>${s.noEvents}</p>`
    : `<table><tr><th>${s.time}</th><th></th><th>${s.what}</th></tr>${r.events.map((e) => `<tr data-kind="${e.kind}"><td class="num">${t(e.t_us)}</td><td>${s.eventKinds[e.kind]}</td><td>${esc(e.text)}</td></tr>`).join('')}</table>`;
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(`${s.title} — ${r.site?.name ?? r.flight}`)}</title><style>${CSS}</style></head>
<body>
<h1>${s.title}${r.site ? ` — ${esc(r.site.name)}` : ''}</h1>
<div class="small">${s.flight}: ${esc(r.flight)} · ${fill(s.times, { offset: offsetText(r.utc_offset_min) })}</div>
<p class="summary" data-testid="report-summary">${fill(s.summary, { checked: count('checked'), total: r.posts.length, brief: count('brief'), missed: count('missed') })}</p>
<table class="facts">${facts.map(([k, v]) => `<tr><td>${k}</td><td>${esc(v)}</td></tr>`).join('')}</table>
<h2>${s.map}</h2>
${reportMapSvg(r, s.map)}
<div class="small">${s.legend}</div>
<h2>${s.posts}</h2>
<table class="posts"><tr><th>${s.post}</th><th>${s.result}</th><th>${s.firstCheck}</th><th>${s.dwell}</th><th>${s.closest}</th><th>${s.photos}</th><th>${s.finding}</th><th>${s.note}</th></tr>
${rows}
</table>
<h2>${s.legs}</h2>
${legs}
<h2>${s.events}</h2>
${events}
${r.problems.length > 0 ? `<h2>${s.problems}</h2><ul>${r.problems.map((p) => `<li>${esc(p)}</li>`).join('')}</ul>` : ''}
<p class="small">${fill(s.generated, { flight: esc(r.flight) })}</p>
</body></html>
`;
}

/** The checks as CSV: one row per post (times ISO 8601 UTC, so a spreadsheet can convert them). */
export function reportCsv(r: PatrolReport): string {
  const field = (v: string): string => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const iso = (us: number | null) => (us === null ? '' : new Date(us / 1000).toISOString());
  const head = 'post_id,name,status,first_visit_utc,first_check_utc,longest_dwell_s,dwell_required_s,closest_m,photos,finding,note';
  const lines = r.posts.map((p) => [field(p.id), field(p.name), p.status, iso(p.first_visit_t_us), iso(p.first_check_t_us), p.longest_dwell_s.toFixed(1), p.dwell_s, p.closest_m === null ? '' : p.closest_m.toFixed(1), p.photos, p.finding ?? '', field(p.note ?? '')].join(','));
  return `${[head, ...lines].join('\n')}\n`;
}
